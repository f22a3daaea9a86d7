import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { machine, startServer } from './harness.js';

/** A local SMTP sink that accepts everything and counts. */
async function sink() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received++;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return {
    port: (server.server.address() as { port: number }).port,
    count: () => received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until(predicate: () => boolean | Promise<boolean>) {
  while (!(await predicate())) await new Promise((resolve) => setTimeout(resolve, 10));
}

/**
 * `npm run bench -- outbound [count]`: replies per second from commit to accepted by a local
 * SMTP sink (pooled, 5 connections): (a) through the API (POST /api/tickets/:id/replies, 5 clients),
 * (b) the outbox alone draining rows committed in one transaction.
 */
export async function outbound(args: string[]) {
  const count = Number(args[0] ?? 1000);
  // `outbound replies` once waited forever for NaN mails: the argument is a count.
  if (!Number.isInteger(count) || count < 1) throw new Error(`usage: npm run bench -- outbound [count of replies, default 1000]; got "${args[0]}"`);
  const smtp = await sink();
  const server = await startServer({ SMTP_URL: `smtp://127.0.0.1:${smtp.port}`, ACK_RATE_LIMIT_PER_HOUR: '0' });
  const auth = { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' };
  try {
    // Replies spread over 100 tickets, as in an office: a thread of a few messages each.
    const tickets: string[] = [];
    for (let i = 0; i < 100; i++) {
      const created = (await (
        await fetch(`${server.baseUrl}/api/tickets`, {
          method: 'POST',
          headers: auth,
          body: JSON.stringify({ subject: `Bench inquiry ${i}`, text: 'Question', journalist: { name: `Reporter ${i}`, email: `bench${i}@outlet.example` } }),
        })
      ).json()) as { id: string };
      tickets.push(created.id);
    }
    const ticket = { id: tickets[0] };

    const started = performance.now();
    let next = 0;
    let committedAt = 0;
    await Promise.all(
      Array.from({ length: 5 }, async () => {
        while (next < count) {
          next++;
          const response = await fetch(`${server.baseUrl}/api/tickets/${tickets[next % tickets.length]}/replies`, {
            method: 'POST',
            headers: auth,
            body: JSON.stringify({ body: `Reply ${next}: the **answer** to your question, with a few lines of text.` }),
          });
          if (response.status !== 201) throw new Error(`reply failed: ${response.status} ${await response.text()}`);
        }
      }),
    );
    committedAt = performance.now();
    await until(() => smtp.count() >= count);
    const apiDone = performance.now();

    const db = new pg.Client({ connectionString: server.databaseUrl });
    await db.connect();
    const before = smtp.count();
    await db.query(
      `INSERT INTO outbound_messages (kind, ticket_id, from_address, to_addresses, subject, text, rfc_message_id)
       SELECT 'reply', $1, 'news@newsdesk.localhost', '[{"name":null,"address":"bench@outlet.example"}]', 'Re: Bench [ND-1001]',
              'Direct outbox row ' || g, 'bench.' || g || '@newsdesk.localhost'
         FROM generate_series(1, $2) g`,
      [ticket.id, count],
    );
    const drainStart = performance.now();
    await until(() => smtp.count() >= before + count);
    const drainDone = performance.now();
    await db.end();

    const rate = (n: number, ms: number) => (n / (ms / 1000)).toFixed(0);
    process.stdout.write(
      [
        `### outbound (${new Date().toISOString().slice(0, 10)}; ${machine()})`,
        '',
        `Built server + embedded PostgreSQL, SMTP sink on loopback, outbox pool of 5 SMTP connections, ${count} replies spread over 100 tickets (each reply answers with the updated ticket).`,
        '',
        '| measure | replies/s |',
        '| --- | ---: |',
        `| API commits (POST /api/tickets/:id/replies, 5 clients) | ${rate(count, committedAt - started)} |`,
        `| end to end: first commit → last accepted by the sink | ${rate(count, apiDone - started)} |`,
        `| outbox alone: ${count} rows committed at once → all accepted | ${rate(count, drainDone - drainStart)} |`,
        '',
      ].join('\n'),
    );
  } finally {
    await server.stop();
    await smtp.close();
  }
}
