import { Resolver } from 'node:dns/promises';

/** mailauth's resolver shape: `dns.promises.resolve(name, rrtype)`; errors carry ENOTFOUND/ENODATA for "no record". */
export type DnsResolver = (name: string, rrtype: string) => Promise<unknown>;

/** Injection token: tests hand in a fixed in-process DNS table instead. */
export const DNS_RESOLVER = 'newsdesk:dns-resolver';

/** How long an answer (or a definite "no such record") is reused: shorter than almost any record's TTL. */
const CACHE_MS = 60_000;
const CACHE_ENTRIES = 10_000;
/** Answers that are final for the name; a timeout or a server failure is asked again. */
const DEFINITE_ERRORS = new Set(['ENOTFOUND', 'ENODATA']);

/** The system's resolver with bounded waits (one slow name server cannot hold a message for minutes), cached. */
export function systemDnsResolver(): DnsResolver {
  const resolver = new Resolver({ timeout: 3000, tries: 2 });
  return cachedDnsResolver((name, rrtype) => resolver.resolve(name, rrtype));
}

/**
 * Node asks the name server every time: mail from one outlet would repeat the same SPF and DMARC
 * questions, each a round trip that can take a second. Concurrent identical questions share one
 * query, and answers are reused for CACHE_MS (the oldest entries go first past CACHE_ENTRIES).
 */
export function cachedDnsResolver(resolve: DnsResolver, now: () => number = Date.now, options = { ttlMs: CACHE_MS, maxEntries: CACHE_ENTRIES }): DnsResolver {
  const cache = new Map<string, { until: number; answer: Promise<unknown> }>();
  return (name, rrtype) => {
    const key = `${rrtype} ${name.toLowerCase()}`;
    const hit = cache.get(key);
    // Each caller gets its own copy: a caller sorting an MX list does not reorder another's.
    if (hit && hit.until > now()) return hit.answer.then(structuredClone);
    cache.delete(key);
    const answer = resolve(name, rrtype);
    // Until it settles the entry is only shared by questions asked meanwhile.
    const entry = { until: Number.POSITIVE_INFINITY, answer };
    cache.set(key, entry);
    for (const oldest of cache.keys()) {
      if (cache.size <= options.maxEntries) break;
      cache.delete(oldest);
    }
    answer.then(
      () => (entry.until = now() + options.ttlMs),
      (error: Error & { code?: string }) => {
        if (DEFINITE_ERRORS.has(error.code ?? '')) entry.until = now() + options.ttlMs;
        else if (cache.get(key) === entry) cache.delete(key);
      },
    );
    return answer.then(structuredClone);
  };
}
