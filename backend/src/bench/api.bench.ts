import { load, machine, startServer, type LoadResult } from './harness.js';

/**
 * `npm run bench -- api [seconds] [rounds]`: GET /api/tickets (a 25-ticket page, sorted by deadline, with
 * assignee, journalist and outlet) and GET /api/health, from 10 keep-alive connections, against
 * the built server on embedded PostgreSQL holding 1,000 tickets. The two alternate `rounds` times
 * (default 3), so each ratio compares neighbours on a machine whose load moves.
 */
export async function api(args: string[]) {
  const seconds = Number(args[0] ?? 10);
  const rounds = Math.max(1, Number(args[1] ?? 3));
  const server = await startServer();
  try {
    const headers = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
    for (let i = 0; i < 1000; i++) {
      const response = await fetch(`${server.baseUrl}/api/tickets`, {
        method: 'POST',
        headers,
        body: JSON.stringify({
          subject: `Inquiry ${i} about the harbour project`,
          text: `Journalist ${i} asks about costs, timing and the environmental review. `.repeat(5),
          journalist: { name: `Reporter ${i % 200}`, email: `reporter${i % 200}@outlet${i % 20}.example` },
          deadlineAt: new Date(Date.now() + (i % 72) * 3600_000).toISOString(),
          tags: [`topic-${i % 7}`],
        }),
      });
      if (response.status !== 201) throw new Error(`seeding failed: ${response.status} ${await response.text()}`);
    }
    const auth = { authorization: headers.authorization };
    await load(`${server.baseUrl}/api/tickets?limit=25`, auth, 10, 2);
    const results: { list: LoadResult; health: LoadResult }[] = [];
    for (let round = 0; round < rounds; round++) {
      const list = await load(`${server.baseUrl}/api/tickets?limit=25`, auth, 10, seconds);
      const health = await load(`${server.baseUrl}/api/health`, {}, 10, seconds);
      results.push({ list, health });
    }
    const ratio = (r: (typeof results)[number]) => r.list.perSecond / r.health.perSecond;
    const percent = (value: number) => `${(100 * value).toFixed(1)}%`;
    const row = (name: string, r: LoadResult, share = '') =>
      `| ${name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} | ${share} |`;
    const ratios = results.map(ratio).sort((a, b) => a - b);
    process.stdout.write(
      [
        `### api (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `Built server + embedded PostgreSQL, 1,000 tickets, 10 keep-alive connections, ${seconds} s each, ${rounds} alternating rounds, client in a second process.`,
        '',
        '| round: request | req/s | p50 ms | p99 ms | errors | queue page / health |',
        '| --- | ---: | ---: | ---: | ---: | ---: |',
        ...results.flatMap((r, index) => [
          row(`${index + 1}: GET /api/tickets?limit=25 (bearer token)`, r.list, percent(ratio(r))),
          row(`${index + 1}: GET /api/health (SELECT 1)`, r.health),
        ]),
        '',
        `Queue page / health, same run: median ${percent(ratios[Math.floor(ratios.length / 2)])}, min ${percent(ratios[0])}, max ${percent(ratios.at(-1) ?? 0)} over ${rounds} rounds.`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}
