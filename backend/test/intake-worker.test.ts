import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { SlowDomainDns } from './dns-table.js';
import { compose, INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('intake worker', () => {
  const dns = new SlowDomainDns('slow.example');
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;

  beforeAll(async () => {
    testApp = await createTestApp({ INTAKE_CONCURRENCY: '2' }, dns);
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
  });
  afterAll(async () => {
    dns.release();
    smtp.close();
    await db.end();
    await testApp.close();
  });

  const send = async (from: string, subject: string) =>
    smtp.sendMail({ envelope: { from, to: INTAKE }, raw: await compose({ from, subject, text: `${subject}: when does the harbour open?` }) });
  const outcomes = async (subjects: string[]) =>
    (await db.query<{ subject: string; outcome: string }>(`SELECT subject, outcome FROM raw_messages WHERE subject = ANY($1)`, [subjects])).rows;

  it('keeps processing other mail while one message waits for a slow DNS answer, and finishes that one when the answer comes', async () => {
    await send('reporter@slow.example', 'Slow sender');
    await waitFor(async () => dns.asked, 'the slow domain to be asked');

    const fast = Array.from({ length: 6 }, (_, index) => `Fast sender ${index}`);
    for (const [index, subject] of fast.entries()) await send(`reporter${index}@fast.example`, subject);

    // Six messages are tickets while the first still waits: one lane of two is free, not held back with the batch.
    const done = await waitFor(async () => {
      const rows = await outcomes(fast);
      return rows.length === fast.length && rows.every((row) => row.outcome === 'created') && rows;
    }, 'the other messages to become tickets', 20_000);
    expect(done).toHaveLength(6);
    const [slow] = (await db.query<{ outcome: string }>(`SELECT outcome FROM raw_messages WHERE envelope_from = 'reporter@slow.example'`)).rows;
    expect(slow.outcome).toBe('pending');

    dns.release();
    const finished = await waitFor(async () => (await outcomes(['Slow sender'])).find((row) => row.outcome !== 'pending'), 'the slow message to be processed');
    expect(finished.outcome).toBe('created');
  }, 60_000);
});
