import { Resolver } from 'node:dns/promises';

/** mailauth's resolver shape: `dns.promises.resolve(name, rrtype)`; errors carry ENOTFOUND/ENODATA for "no record". */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** Injection token: tests hand in a fixed in-process DNS table instead. */
export const DNS_RESOLVER = 'newsdesk:dns-resolver';

/** The system's resolver with bounded waits: one slow name server cannot hold a message for minutes. */
export function systemDnsResolver(): DnsResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  return (name, rrtype) => resolver.resolve(name, rrtype);
}
