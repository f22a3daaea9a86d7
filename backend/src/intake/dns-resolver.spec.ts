import { cachedDnsResolver, type DnsResolver } from './dns-resolver.js';

const notFound = () => Object.assign(new Error('queryTxt ENOTFOUND'), { code: 'ENOTFOUND' });
const timedOut = () => Object.assign(new Error('queryTxt ETIMEOUT'), { code: 'ETIMEOUT' });

/** A name server that answers from a table and counts the questions it was asked. */
function nameServer(table: Record<string, unknown | Error>) {
  const asked: string[] = [];
  const resolve: DnsResolver = (name, rrtype) => {
    asked.push(`${rrtype} ${name}`);
    const answer = table[`${rrtype} ${name}`];
    return answer instanceof Error ? Promise.reject(answer) : answer === undefined ? Promise.reject(notFound()) : Promise.resolve(answer);
  };
  return { asked, resolve };
}

describe('cachedDnsResolver', () => {
  it('asks the name server once for a name asked again within a minute, and again after', async () => {
    let now = 0;
    const server = nameServer({ 'TXT outlet.example': [['v=spf1 -all']] });
    const resolve = cachedDnsResolver(server.resolve, () => now);
    expect(await resolve('outlet.example', 'TXT')).toEqual([['v=spf1 -all']]);
    now = 59_000;
    expect(await resolve('OUTLET.example', 'TXT')).toEqual([['v=spf1 -all']]);
    expect(server.asked).toEqual(['TXT outlet.example']);
    now = 61_000;
    await resolve('outlet.example', 'TXT');
    expect(server.asked).toHaveLength(2);
  });

  it('shares one query between questions asked while it is under way', async () => {
    const server = nameServer({ 'MX outlet.example': [{ exchange: 'mx.outlet.example', priority: 10 }] });
    const resolve = cachedDnsResolver(server.resolve, () => 0);
    const answers = await Promise.all([resolve('outlet.example', 'MX'), resolve('outlet.example', 'MX'), resolve('outlet.example', 'TXT').catch(() => null)]);
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).not.toBe(answers[1]);
    expect(server.asked).toEqual(['MX outlet.example', 'TXT outlet.example']);
  });

  it('keeps a definite "no such name" but asks again after a timeout', async () => {
    const server = nameServer({ 'TXT slow.example': timedOut() });
    const resolve = cachedDnsResolver(server.resolve, () => 0);
    await expect(resolve('_dmarc.missing.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('_dmarc.missing.example', 'TXT')).rejects.toMatchObject({ code: 'ENOTFOUND' });
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    await expect(resolve('slow.example', 'TXT')).rejects.toMatchObject({ code: 'ETIMEOUT' });
    expect(server.asked).toEqual(['TXT _dmarc.missing.example', 'TXT slow.example', 'TXT slow.example']);
  });

  it('forgets the oldest answers past its size', async () => {
    const server = nameServer({});
    const resolve = cachedDnsResolver(server.resolve, () => 0, { ttlMs: 60_000, maxEntries: 2 });
    for (const name of ['a.example', 'b.example', 'c.example', 'a.example']) await resolve(name, 'TXT').catch(() => null);
    expect(server.asked).toEqual(['TXT a.example', 'TXT b.example', 'TXT c.example', 'TXT a.example']);
  });
});
