import type { Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import { createHmac } from 'node:crypto';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { IntakeService } from '../src/intake/intake.service.js';
import { connectDatabase } from './database.js';
import { DnsTable } from './dns-table.js';
import { createUser, signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose, INTAKE, startMailDoors, waitFor } from './mail.js';
import { SigningDomain } from './signed-mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const WEBHOOK_SECRET = 'webhook-secret-for-tests';

describe('intake doors and threading', () => {
  const dns = new DnsTable();
  const staffDomain = new SigningDomain('newsdesk-staff.example', dns);
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ INTAKE_WEBHOOK_SECRET: WEBHOOK_SECRET, INTAKE_MAX_MESSAGE_BYTES: String(1024 * 1024), WEB_FORM_MAX_TOTAL_BYTES: '1024', WEB_FORM_MAX_ATTACHMENT_BYTES: '1024', ACK_RATE_LIMIT_PER_HOUR: '2' }, dns);
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  const rawFor = (messageId: string) =>
    waitFor(async () => {
      const { rows } = await db.query(
        `SELECT r.outcome, r.ticket_id, r.reason, r.error, t.reference FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id
          WHERE r.message_id = $1 AND r.outcome <> 'pending' ORDER BY r.received_at DESC LIMIT 1`,
        [messageId],
      );
      return rows[0] as { outcome: string; ticket_id: string | null; reason: string; error: string | null; reference: string | null } | undefined;
    }, `intake of ${messageId}`);

  const ticket = async (id: string) => (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
  const ackFor = async (ticketId: string) =>
    (await db.query(`SELECT * FROM outbound_messages WHERE ticket_id = $1 AND kind = 'acknowledgement'`, [ticketId])).rows;

  it('turns a mail sent to news@ over SMTP into a ticket with an acknowledgement queued', async () => {
    const info = await smtp.sendMail({
      from: '"Jo Reporter" <jo@daily.example>',
      to: INTAKE,
      subject: 'Question about the harbour budget',
      text: 'Could you comment on the harbour budget? My deadline is 5pm today.',
      messageId: '<first.question@daily.example>',
    });
    expect(info.response).toMatch(/^250 2\.0\.0 Accepted as [0-9a-f-]{36}/);
    const raw = await rawFor('first.question@daily.example');
    expect(raw.outcome).toBe('created');
    const created = await ticket(raw.ticket_id!);
    expect(created).toMatchObject({ channel: 'email', status: 'new', subject: 'Question about the harbour budget', journalist: { email: 'jo@daily.example', name: 'Jo Reporter' } });
    expect(created.messages[0]).toMatchObject({ kind: 'inbound', from: { address: 'jo@daily.example' } });
    expect(created.messages[0].text).toContain('harbour budget');

    const [ack] = await ackFor(created.id);
    expect(ack).toMatchObject({ status: 'queued', subject: `Re: Question about the harbour budget [${created.reference}]` });
    expect(ack.to_addresses).toEqual([{ name: 'Jo Reporter', address: 'jo@daily.example' }]);
    expect(ack.headers).toMatchObject({ 'Auto-Submitted': 'auto-replied', 'In-Reply-To': '<first.question@daily.example>' });
    expect(ack.rfc_message_id).toMatch(/@newsdesk\.test$/);
  });

  it('refuses other recipients with 550 and oversized mail with 552, storing nothing', async () => {
    const before = (await db.query('SELECT count(*)::int AS n FROM raw_messages')).rows[0].n;
    await expect(smtp.sendMail({ from: 'jo@daily.example', to: 'someone-else@newsdesk.test', subject: 'x', text: 'x' })).rejects.toMatchObject({
      responseCode: 550,
    });
    await expect(
      smtp.sendMail({ from: 'jo@daily.example', to: INTAKE, subject: 'big', text: 'x'.repeat(1200 * 1024) }),
    ).rejects.toMatchObject({ responseCode: 552, response: expect.stringContaining('Message too big') });
    expect((await db.query('SELECT count(*)::int AS n FROM raw_messages')).rows[0].n).toBe(before);
  });

  describe('threading', () => {
    let original: { ticketId: string; reference: string; ackId: string };

    beforeAll(async () => {
      await smtp.sendMail({
        from: 'Kim Writer <kim@herald.example>',
        to: INTAKE,
        cc: 'Lee Editor <lee@herald.example>',
        subject: 'Hospital waiting times',
        text: 'What are the current waiting times?',
        messageId: '<waiting.times@herald.example>',
      });
      const raw = await rawFor('waiting.times@herald.example');
      const [ack] = await ackFor(raw.ticket_id!);
      original = { ticketId: raw.ticket_id!, reference: raw.reference!, ackId: ack.rfc_message_id };
    });

    const reply = async (id: string, headers: Record<string, string>, from = 'kim@herald.example', subject = 'Re: Hospital waiting times') => {
      await smtp.sendMail({ from, to: INTAKE, subject, text: `Follow-up ${id}`, messageId: `<${id}@herald.example>`, headers });
      return rawFor(`${id}@herald.example`);
    };

    it('threads a reply that only carries References', async () => {
      const raw = await reply('refs-only', { References: `<${original.ackId}>` }, 'kim@herald.example', 'A different subject entirely');
      expect(raw).toMatchObject({ outcome: 'appended', ticket_id: original.ticketId });
      expect(raw.reason).toContain('signed_reference');
    });

    it('threads a reply that only carries In-Reply-To', async () => {
      const raw = await reply('irt-only', { 'In-Reply-To': `<${original.ackId}>` }, 'kim@herald.example', 'No reference here');
      expect(raw).toMatchObject({ outcome: 'appended', ticket_id: original.ticketId });
    });

    it('threads by the subject reference when the sender took part in the ticket', async () => {
      const raw = await reply('subject-ref', {}, 'kim@herald.example', `Re: something [${original.reference}]`);
      expect(raw).toMatchObject({ outcome: 'appended', ticket_id: original.ticketId });
      expect(raw.reason).toContain('subject_reference');
    });

    it('gives a stranger quoting the reference or a forged Message-ID a new ticket', async () => {
      const quoting = await reply('stranger', {}, 'mallory@evil.example', `Re: [${original.reference}] give me the thread`);
      expect(quoting.outcome).toBe('created');
      expect(quoting.ticket_id).not.toBe(original.ticketId);
      const forged = original.ackId.replace(/^(.)/, (c) => (c === 'a' ? 'b' : 'a'));
      const forging = await reply('forger', { References: `<${forged}>`, 'In-Reply-To': '<waiting.times@herald.example>' }, 'mallory@evil.example', 'Re: Hospital waiting times');
      expect(forging.outcome).toBe('created');
      expect(forging.ticket_id).not.toBe(original.ticketId);
    });

    it("keeps a CC'd colleague's reply on the thread", async () => {
      const raw = await reply('colleague', { 'In-Reply-To': '<waiting.times@herald.example>' }, 'lee@herald.example', 'Re: Hospital waiting times');
      expect(raw).toMatchObject({ outcome: 'appended', ticket_id: original.ticketId });
      const thread = await ticket(original.ticketId);
      expect(thread.messages.map((message) => message.from?.address)).toContain('lee@herald.example');
    });

    it('reopens a resolved ticket when the journalist writes again', async () => {
      await agent.patch(`/api/tickets/${original.ticketId}`, { status: 'resolved' });
      const raw = await reply('after-resolve', { References: `<${original.ackId}>` });
      expect(raw.outcome).toBe('appended');
      const reopened = await ticket(original.ticketId);
      expect(reopened.status).toBe('open');
      expect(reopened.events.at(-1)).toMatchObject({ type: 'message.received', before: { status: 'resolved' }, after: { status: 'open' } });
    });

    it('attaches a bounce quoting our acknowledgement to its ticket as a delivery failure, without acknowledging it', async () => {
      const dsn = [
        'From: Mail Delivery System <MAILER-DAEMON@mx.herald.example>',
        `To: ${INTAKE}`,
        'Subject: Undelivered Mail Returned to Sender',
        'Message-ID: <bounce.1@mx.herald.example>',
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'This is the mail system. Your message could not be delivered: mailbox full.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.herald.example',
        '',
        'Final-Recipient: rfc822; kim@herald.example',
        'Action: failed',
        'Status: 5.2.2',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `From: ${INTAKE}`,
        'To: kim@herald.example',
        `Message-ID: <${original.ackId}>`,
        'Subject: Re: Hospital waiting times',
        '--b1--',
        '',
      ].join('\r\n');
      await smtp.sendMail({ envelope: { from: '', to: INTAKE }, raw: dsn });
      const raw = await rawFor('bounce.1@mx.herald.example');
      expect(raw).toMatchObject({ outcome: 'bounce', ticket_id: original.ticketId });
      const thread = await ticket(original.ticketId);
      const failure = thread.messages.find((message) => message.messageId === 'bounce.1@mx.herald.example');
      expect(failure).toBeDefined();
      const { rows } = await db.query(`SELECT flags FROM messages WHERE message_id = 'bounce.1@mx.herald.example'`);
      expect(rows[0].flags).toContain('delivery_failure');
      expect((await db.query(`SELECT status FROM outbound_messages WHERE rfc_message_id = $1`, [original.ackId])).rows[0].status).toBe('failed');
      expect(await ackFor(original.ticketId)).toHaveLength(1);
    });
  });

  it('never acknowledges an auto-reply, and creates no inquiry for one', async () => {
    await smtp.sendMail({
      from: 'away@tribune.example',
      to: INTAKE,
      subject: 'Out of office: back Monday',
      text: 'I am away until Monday.',
      messageId: '<ooo.1@tribune.example>',
      headers: { 'Auto-Submitted': 'auto-replied' },
    });
    const raw = await rawFor('ooo.1@tribune.example');
    expect(raw).toMatchObject({ outcome: 'auto_reply', ticket_id: null });
    expect((await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE to_addresses->0->>'address' = 'away@tribune.example'`)).rows[0].n).toBe(0);
  });

  it('rate-limits acknowledgements per sender', async () => {
    for (let i = 0; i < 3; i++) {
      await smtp.sendMail({ from: 'busy@wire.example', to: INTAKE, subject: `Story ${i}`, text: 'Question', messageId: `<busy.${i}@wire.example>` });
      await rawFor(`busy.${i}@wire.example`);
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE kind = 'acknowledgement' AND to_addresses->0->>'address' = 'busy@wire.example'`);
    expect(rows[0].n).toBe(2);
    expect((await db.query(`SELECT count(*)::int AS n FROM tickets t JOIN journalists j ON j.id = t.journalist_id WHERE j.email = 'busy@wire.example'`)).rows[0].n).toBe(3);
  });

  it('counts the hourly limit over the last hour only, whatever case the address is written in, and sweeps old counters', async () => {
    // ACK_RATE_LIMIT_PER_HOUR=2: two acknowledgements 61 minutes ago no longer count, two 59 minutes ago still do.
    await db.query(
      `INSERT INTO acknowledgement_quotas (scope, key, window_start, count)
       VALUES ('recipient', 'old.news@wire.example', date_trunc('minute', now() - interval '61 minutes'), 2),
              ('recipient', 'recent.news@wire.example', date_trunc('minute', now() - interval '59 minutes') + interval '1 minute', 2),
              ('recipient', 'long.gone@wire.example', now() - interval '3 days', 5),
              ('web-recipient', 'some-keyed-hash', now() - interval '3 days', 1)`,
    );
    const tickets: Record<string, string> = {};
    for (const sender of ['Old.News@wire.example', 'RECENT.news@wire.example']) {
      await smtp.sendMail({ from: sender, to: INTAKE, subject: `Hour window ${sender}`, text: 'Question', messageId: `<window.${sender.toLowerCase()}>` });
      tickets[sender] = (await rawFor(`window.${sender.toLowerCase()}`)).ticket_id!;
    }
    expect((await ackFor(tickets['Old.News@wire.example'])).length).toBe(1);
    expect((await ackFor(tickets['RECENT.news@wire.example'])).length).toBe(0);
    const counts = await db.query(
      `SELECT key, sum(count)::int AS n FROM acknowledgement_quotas WHERE scope = 'recipient' AND key LIKE '%news@wire.example' AND window_start > now() - interval '1 hour' GROUP BY key ORDER BY key`,
    );
    expect(counts.rows).toEqual([
      { key: 'old.news@wire.example', n: 1 },
      { key: 'recent.news@wire.example', n: 2 },
    ]);
    // Counters past every window (two days) are swept as acknowledgements are counted.
    expect((await db.query(`SELECT count(*)::int AS n FROM acknowledgement_quotas WHERE window_start < now() - interval '2 days'`)).rows[0].n).toBe(0);
  });

  it('keeps the original sender as the journalist when staff forward a mail in (signed by their domain)', async () => {
    const staff = await createUser(testApp, 'agent', { email: 'officer@newsdesk-staff.example' });
    const bytes = await compose({
      from: staff.email,
      subject: 'Fwd: Interview request',
      text: ['FYI, came to my own address.', '', '---------- Forwarded message ---------', 'From: Pat Presenter <pat@radio.example>', 'Date: Mon, 1 Jun 2026', 'Subject: Interview request', '', 'Can your CEO join us tomorrow at 8?'].join('\n'),
      messageId: '<forward.1@newsdesk-staff.example>',
    });
    // A staff address counts as staff only when the mail verifies (DKIM aligned; no DMARC record here).
    await smtp.sendMail({ envelope: { from: staff.email, to: INTAKE }, raw: await staffDomain.sign(bytes) });
    const raw = await rawFor('forward.1@newsdesk-staff.example');
    expect(raw.outcome).toBe('created');
    const forwarded = await ticket(raw.ticket_id!);
    expect(forwarded).toMatchObject({ subject: 'Interview request', journalist: { email: 'pat@radio.example', name: 'Pat Presenter' } });
    expect(await ackFor(forwarded.id)).toHaveLength(0);
  });

  it('stores one message however many doors the same mail arrives through', async () => {
    const bytes = await compose({ from: 'sam@gazette.example', subject: 'Three doors', text: 'Same mail, three doors.', messageId: '<three.doors@gazette.example>' });
    await smtp.sendMail({ envelope: { from: 'sam@gazette.example', to: INTAKE }, raw: bytes });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.`).update(bytes).digest('hex')}`;
    const webhook = await fetch(`${testApp.baseUrl}/api/intake/raw`, {
      method: 'POST',
      headers: { 'content-type': 'message/rfc822', 'x-newsdesk-timestamp': timestamp, 'x-newsdesk-signature': signature },
      body: bytes,
    });
    expect(webhook.status).toBe(202);
    const imported = await testApp.app.get(IntakeService).receive({ bytes, door: 'import', source: 'three.eml' });
    await waitFor(async () => {
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM raw_messages WHERE message_id = 'three.doors@gazette.example' AND outcome <> 'pending'`);
      return rows[0].n === 3;
    }, 'all three doors processed');
    const { rows } = await db.query(`SELECT door, outcome, ticket_id FROM raw_messages WHERE message_id = 'three.doors@gazette.example' ORDER BY received_at`);
    expect(rows.map((row) => row.outcome).sort()).toEqual(['created', 'duplicate', 'duplicate']);
    expect(new Set(rows.map((row) => row.ticket_id)).size).toBe(1);
    expect(imported.ticketId).toBe(rows[0].ticket_id);
    expect((await db.query(`SELECT count(*)::int AS n FROM messages WHERE message_id = 'three.doors@gazette.example'`)).rows[0].n).toBe(1);
  });

  it('refuses a webhook call without a valid signature and stores nothing', async () => {
    const bytes = await compose({ from: 'x@y.example', subject: 'unsigned', text: 'x', messageId: '<unsigned@y.example>' });
    const before = (await db.query('SELECT count(*)::int AS n FROM raw_messages')).rows[0].n;
    for (const signature of [undefined, 'sha256=deadbeef', `sha256=${createHmac('sha256', 'wrong secret').update(bytes).digest('hex')}`]) {
      const response = await fetch(`${testApp.baseUrl}/api/intake/raw`, {
        method: 'POST',
        headers: { 'content-type': 'message/rfc822', ...(signature ? { 'x-newsdesk-signature': signature } : {}) },
        body: bytes,
      });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toContain('x-newsdesk-signature');
    }
    expect((await db.query('SELECT count(*)::int AS n FROM raw_messages')).rows[0].n).toBe(before);
  });

  it('lists the intake log for managers, filtered by outcome, and refuses agents', async () => {
    expect((await agent.get('/api/intake/messages')).status).toBe(403);
    const { client: manager } = await signedInClient(testApp, 'manager');
    const log = await manager.get<Page<{ outcome: string; door: string; ticket: { reference: string } | null }>>('/api/intake/messages?outcome=duplicate');
    expect(log.status).toBe(200);
    expect(log.body.items.length).toBeGreaterThanOrEqual(2);
    expect(log.body.items.every((item) => item.outcome === 'duplicate')).toBe(true);
    const health = await manager.get('/api/intake/health');
    expect(health.body).toMatchObject({ pending: 0, lastReceivedAt: { smtp: expect.any(String), webhook: expect.any(String), import: expect.any(String) } });
  });

  it('lists tickets created from mail in the queue', async () => {
    const page = await agent.get<Page<TicketQueueItemDto>>('/api/tickets?channel=email&q=harbour');
    expect(page.body.items.map((item) => item.subject)).toContain('Question about the harbour budget');
  });
});

describe('SMTP door while the database is unreachable', () => {
  it('answers 451 so the sender retries, and takes the message once the database is back', async () => {
    const testApp = await createTestApp();
    const { transport } = await startMailDoors(testApp);
    const databaseName = new URL(testApp.databaseUrl).pathname.slice(1);
    const admin = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await admin.connect();
    let db: pg.Client | undefined;
    try {
      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS false`);
      await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1', [databaseName]);
      const mail = { from: 'retry@daily.example', to: INTAKE, subject: 'Retry me', text: 'Please retry', messageId: '<retry.me@daily.example>' };
      await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 451 });

      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`);
      // The sending server retries later.
      const info = (await waitFor(() => transport.sendMail(mail).catch(() => null), 'the retry to be accepted')) as { response: string };
      expect(info.response).toMatch(/^250 /);
      const client = (db = await connectDatabase(testApp));
      const row = await waitFor(async () => {
        const { rows } = await client.query(`SELECT outcome FROM raw_messages WHERE message_id = 'retry.me@daily.example' AND outcome <> 'pending'`);
        return rows[0];
      }, 'the retried message to be processed');
      expect(row.outcome).toBe('created');
      expect((await client.query(`SELECT count(*)::int AS n FROM raw_messages`)).rows[0].n).toBe(1);
    } finally {
      await db?.end();
      await admin.query(`ALTER DATABASE ${databaseName} ALLOW_CONNECTIONS true`).catch(() => undefined);
      await admin.end();
      transport.close();
      await testApp.close();
    }
  });
});

describe('SMTP door behind a relay with AUTH', () => {
  it('requires AUTH when credentials are configured and accepts mail once authenticated', async () => {
    const testApp = await createTestApp({ SMTP_AUTH_USERNAME: 'relay', SMTP_AUTH_PASSWORD: 'a-long-relay-password' });
    const { port, transport } = await startMailDoors(testApp);
    const { default: nodemailer } = await import('nodemailer');
    const authenticated = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: 'relay', pass: 'a-long-relay-password' } });
    const wrong = nodemailer.createTransport({ host: '127.0.0.1', port, secure: false, ignoreTLS: true, auth: { user: 'relay', pass: 'wrong-password-here' } });
    try {
      const mail = { from: 'jo@daily.example', to: INTAKE, subject: 'Via relay', text: 'Hello' };
      await expect(transport.sendMail(mail)).rejects.toMatchObject({ responseCode: 530 });
      await expect(wrong.sendMail(mail)).rejects.toMatchObject({ responseCode: 535 });
      const info = await authenticated.sendMail(mail);
      expect(info.response).toMatch(/^250 /);
    } finally {
      transport.close();
      authenticated.close();
      wrong.close();
      await testApp.close();
    }
  });
});
