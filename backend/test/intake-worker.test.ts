import type { Transporter } from 'nodemailer';
import pg from 'pg';
import type { DnsResolver } from '../src/intake/dns-resolver.js';
import { connectDatabase } from './database.js';
import { DnsTable } from './dns-table.js';
import { compose, INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** A DNS whose answers for one domain wait until the test lets them through: a name server that is slow for that domain. */
class SlowDomainDns extends DnsTable {
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
