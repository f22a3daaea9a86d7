import { load, machine, startServer } from './harness.js';

/**
 * `npm run bench -- api [seconds]`: GET /api/tickets (a 25-ticket page, sorted by deadline, with
 * assignee, journalist and outlet) and GET /api/health, from 10 keep-alive connections, against
 * the built server on embedded PostgreSQL holding 1,000 tickets.
 */
export async function api(args: string[]) {
  const seconds = Number(args[0] ?? 10);
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
    const list = await load(`${server.baseUrl}/api/tickets?limit=25`, auth, 10, seconds);
    const health = await load(`${server.baseUrl}/api/health`, {}, 10, seconds);
    const row = (name: string, r: typeof list) =>
      `| ${name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.errors} |`;
    process.stdout.write(
      [
        `### api (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `Built server + embedded PostgreSQL, 1,000 tickets, 10 keep-alive connections, ${seconds} s each, client in a second process.`,
        '',
        '| request | req/s | p50 ms | p99 ms | errors |',
        '| --- | ---: | ---: | ---: | ---: |',
        row('GET /api/tickets?limit=25 (bearer token)', list),
        row('GET /api/health (SELECT 1)', health),
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
  }
}
