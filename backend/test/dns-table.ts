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

/** A DNS whose answers for one domain wait until the test lets them through: a name server that is slow for that domain. */
export class SlowDomainDns extends DnsTable {
  asked = false;
  private let!: () => void;
  private readonly released = new Promise<void>((resolve) => (this.let = resolve));
  private readonly table = new DnsTable();

  constructor(private readonly slowDomain: string) {
    super();
  }

  override readonly resolver: DnsResolver = async (name, rrtype) => {
    if (name.toLowerCase().endsWith(this.slowDomain)) {
      this.asked = true;
      await this.released;
    }
    return this.table.resolver(name, rrtype);
  };

  release() {
    this.let();
  }
}
