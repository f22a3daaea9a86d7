import type { DnsResolver } from '../src/intake/dns-resolver.js';

/**
 * A fixed in-process DNS: tests publish SPF, DKIM and DMARC records here and the app's sender
 * authentication resolves against it (never the network). Unknown names answer ENOTFOUND.
 */
export class DnsTable {
  private readonly records = new Map<string, unknown[]>();

  /** TXT values are stored as one chunk each, as `dns.resolveTxt` returns them. */
  txt(name: string, value: string): this {
    return this.set('TXT', name, [[value]]);
  }

  set(rrtype: string, name: string, values: unknown[]): this {
    this.records.set(`${rrtype.toUpperCase()} ${name.toLowerCase().replace(/\.$/, '')}`, values);
    return this;
  }

  readonly resolver: DnsResolver = async (name, rrtype) => {
    const values = this.records.get(`${rrtype.toUpperCase()} ${name.toLowerCase().replace(/\.$/, '')}`);
    if (values) return values;
    throw Object.assign(new Error(`queryTxt ENOTFOUND ${name}`), { code: 'ENOTFOUND', hostname: name });
  };
}
