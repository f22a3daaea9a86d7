import nodemailer, { type Transporter } from 'nodemailer';
import pg from 'pg';
import { SmtpDoor } from '../src/intake/doors/smtp-door.js';
import { IntakeWorker } from '../src/intake/intake.worker.js';
import { connectDatabase } from './database.js';
import { SlowDomainDns } from './dns-table.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { compose, INTAKE, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

interface RawRow {
  subject: string;
  outcome: string;
  ticket_id: string | null;
  error: string | null;
  processed_at: Date;
}

/**
 * Mail that arrives together is processed as one batch: the SMTP door commits it while the worker
 * is stopped, then one worker lane (INTAKE_CONCURRENCY=1) takes all of it in one transaction
 * (the same processed_at on every row proves it).
 */
describe('intake in batches', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let admin: HttpClient;
  const dns = new SlowDomainDns('slow-dns.example');

  beforeAll(async () => {
    testApp = await createTestApp({ INTAKE_CONCURRENCY: '1', ACK_RATE_LIMIT_PER_HOUR: '2', INTAKE_MAX_PARTS: '8' }, dns);
    db = await connectDatabase(testApp);
    const port = await testApp.app.get(SmtpDoor).listen(0, '127.0.0.1');
    smtp = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, pool: false });
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  }, 60_000);
  afterAll(async () => {
    dns.release();
    smtp.close();
    await db.end();
    await testApp.close();
  });

  const send = async (from: string, options: { subject: string; text?: string; messageId?: string; inReplyTo?: string; attachments?: number }) =>
    smtp.sendMail({
      envelope: { from, to: INTAKE },
      raw: await compose({
        from,
        subject: options.subject,
        text: options.text ?? `${options.subject}: when does the harbour open?`,
        messageId: options.messageId,
        inReplyTo: options.inReplyTo,
        references: options.inReplyTo,
        attachments: Array.from({ length: options.attachments ?? 0 }, (_, index) => ({ filename: `part-${index}.txt`, content: `part ${index}` })),
      }),
    });
  /** Rows by envelope sender: a message the parser refused has no subject on its row. */
  const rows = async (senders: string[]) =>
    (await db.query<RawRow>(`SELECT subject, outcome, ticket_id, error, processed_at FROM raw_messages WHERE envelope_from = ANY($1) ORDER BY received_at`, [senders])).rows;
  /** Starts the worker on what the door committed, waits until none of the senders' mail is pending, and stops it again. */
  const processTogether = async (senders: string[], count = senders.length) => {
    const worker = testApp.app.get(IntakeWorker);
    await worker.start();
    try {
      return await waitFor(async () => {
        const found = await rows(senders);
        return found.length === count && found.every((row) => row.outcome !== 'pending') && found;
      }, `mail from ${senders.join(', ')} processed`);
    } finally {
      await worker.onModuleDestroy();
    }
  };
  const sameTransaction = (found: RawRow[]) => new Set(found.map((row) => row.processed_at.toISOString())).size === 1;

  it('threads a follow-up onto its first message when both arrive in the same batch', async () => {
    await send('anna@harbour-times.example', { subject: 'Harbour opening date', messageId: '<first.harbour@harbour-times.example>' });
    await send('anna@harbour-times.example', { subject: 'Re: Harbour opening date', text: 'And the ferry?', inReplyTo: '<first.harbour@harbour-times.example>' });

    const [first, followUp] = await processTogether(['anna@harbour-times.example'], 2);
    expect(sameTransaction([first, followUp])).toBe(true);
    expect(first.outcome).toBe('created');
    expect(followUp.outcome).toBe('appended');
    expect(followUp.ticket_id).toBe(first.ticket_id);
    const messages = await db.query(`SELECT subject FROM messages WHERE ticket_id = $1 ORDER BY created_at, subject`, [first.ticket_id]);
    expect(messages.rows.map((row) => row.subject).sort()).toEqual(['Harbour opening date', 'Re: Harbour opening date']);
  });

  it('opens every good ticket of a batch the database refuses one message of, quarantines that one alone, and loses nothing', async () => {
    // The database refuses one message (a real constraint violation inside the batch's transaction).
    await db.query(`ALTER TABLE messages ADD CONSTRAINT test_refuses_poison CHECK (subject IS DISTINCT FROM 'Poison inquiry')`);
    const subjects = ['Bridge costs', 'Poison inquiry', 'Tunnel timetable', 'Ferry prices'];
    try {
      for (const [index, subject] of subjects.entries()) await send(`reporter${index}@tides.example`, { subject });
      const found = await processTogether(subjects.map((_, index) => `reporter${index}@tides.example`));
      const [poisonRow] = (await db.query<RawRow>(`SELECT subject, outcome, ticket_id, error, processed_at FROM raw_messages WHERE envelope_from = 'reporter1@tides.example'`)).rows;
      expect(poisonRow.subject).toBe('Poison inquiry');
      const bySubject = new Map(found.map((row) => [row.subject, row]));
      expect(bySubject.get('Poison inquiry')).toMatchObject({ outcome: 'quarantined', ticket_id: null });
      expect(bySubject.get('Poison inquiry')!.error).toContain('test_refuses_poison');
      for (const subject of ['Bridge costs', 'Tunnel timetable', 'Ferry prices']) {
        expect(bySubject.get(subject)).toMatchObject({ outcome: 'created', error: null });
        const messages = await db.query(`SELECT count(*)::int AS count FROM messages WHERE ticket_id = $1 AND subject = $2`, [bySubject.get(subject)!.ticket_id, subject]);
        expect(messages.rows[0].count).toBe(1);
      }
      const tickets = await db.query(`SELECT subject FROM tickets WHERE subject = ANY($1) ORDER BY subject`, [subjects]);
      expect(tickets.rows.map((row) => row.subject)).toEqual(['Bridge costs', 'Ferry prices', 'Tunnel timetable']);
    } finally {
      await db.query(`ALTER TABLE messages DROP CONSTRAINT test_refuses_poison`);
    }
    // Nothing lost: the quarantined message is kept and becomes a ticket once the cause is gone.
    const [poison] = (await db.query<{ id: string }>(`SELECT id FROM raw_messages WHERE subject = 'Poison inquiry'`)).rows;
    const reprocessed = await admin.post<{ outcome: string }>(`/api/intake/messages/${poison.id}/reprocess`);
    expect(reprocessed.status).toBe(200);
    expect(reprocessed.body.outcome).toBe('created');
  });

  it('quarantines a message past the parser bounds inside the batch while the others of the batch become tickets', async () => {
    await send('jo@quay-post.example', { subject: 'Quay lights' });
    await send('max@quay-post.example', { subject: 'Too many parts', attachments: 12 });
    await send('lu@quay-post.example', { subject: 'Lock gates' });

    const found = await processTogether(['jo@quay-post.example', 'max@quay-post.example', 'lu@quay-post.example']);
    expect(sameTransaction(found)).toBe(true);
    expect(found.map((row) => row.outcome)).toEqual(['created', 'quarantined', 'created']);
    expect([found[0].subject, found[2].subject]).toEqual(['Quay lights', 'Lock gates']);
    expect(found[1].error).toMatch(/parts/);
  });

  it('counts acknowledgements to one address across a batch against the hourly limit, with one journalist for that address', async () => {
    for (const subject of ['Dredging one', 'Dredging two', 'Dredging three']) await send('busy@dredge-daily.example', { subject });

    const found = await processTogether(['busy@dredge-daily.example'], 3);
    expect(sameTransaction(found)).toBe(true);
    expect(found.every((row) => row.outcome === 'created')).toBe(true);
    const acknowledgements = await db.query(
      `SELECT count(*)::int AS count FROM outbound_messages WHERE kind = 'acknowledgement' AND to_addresses->0->>'address' = 'busy@dredge-daily.example'`,
    );
    // ACK_RATE_LIMIT_PER_HOUR=2: the third inquiry of the same batch is not acknowledged.
    expect(acknowledgements.rows[0].count).toBe(2);
    const journalists = await db.query(`SELECT count(*)::int AS count FROM journalists WHERE email = 'busy@dredge-daily.example'`);
    expect(journalists.rows[0].count).toBe(1);
    const tickets = await db.query(`SELECT count(DISTINCT journalist_id)::int AS count FROM tickets WHERE id = ANY($1::uuid[])`, [found.map((row) => row.ticket_id)]);
    expect(tickets.rows[0].count).toBe(1);
  });

  it('takes a repeated delivery of the same mail in one batch as a duplicate of the first', async () => {
    const bytes = await compose({ from: 'twice@echo.example', subject: 'Sent twice', text: 'Same bytes twice.', messageId: '<twice@echo.example>' });
    await smtp.sendMail({ envelope: { from: 'twice@echo.example', to: INTAKE }, raw: bytes });
    await smtp.sendMail({ envelope: { from: 'twice@echo.example', to: INTAKE }, raw: bytes });
    const worker = testApp.app.get(IntakeWorker);
    await worker.start();
    try {
      const found = await waitFor(async () => {
        const all = await rows(['twice@echo.example']);
        return all.length === 2 && all.every((row) => row.outcome !== 'pending') && all;
      }, 'both copies processed');
      expect(found.map((row) => row.outcome)).toEqual(['created', 'duplicate']);
      expect(found[1].ticket_id).toBe(found[0].ticket_id);
    } finally {
      await worker.onModuleDestroy();
    }
  });

  it('leaves a message whose sender check waits on DNS for a later batch, so the rest of its batch becomes tickets meanwhile', async () => {
    await send('reporter@slow-dns.example', { subject: 'Slow DNS inquiry' });
    for (const index of [1, 2, 3]) await send(`reporter${index}@fast-dns.example`, { subject: `Fast DNS inquiry ${index}` });
    const fast = ['reporter1@fast-dns.example', 'reporter2@fast-dns.example', 'reporter3@fast-dns.example'];
    const worker = testApp.app.get(IntakeWorker);
    await worker.start();
    try {
      // One lane takes all four at once; the three whose checks are done do not wait for the fourth.
      const done = await waitFor(async () => {
        const found = await rows(fast);
        return found.length === 3 && found.every((row) => row.outcome === 'created') && found;
      }, 'the fast mail to become tickets');
      expect(sameTransaction(done)).toBe(true);
      expect(dns.asked).toBe(true);
      expect((await rows(['reporter@slow-dns.example'])).map((row) => row.outcome)).toEqual(['pending']);

      dns.release();
      const [slow] = await waitFor(async () => {
        const found = await rows(['reporter@slow-dns.example']);
        return found[0]?.outcome !== 'pending' && found;
      }, 'the slow mail to be processed');
      expect(slow.outcome).toBe('created');
    } finally {
      await worker.onModuleDestroy();
    }
  });
});
