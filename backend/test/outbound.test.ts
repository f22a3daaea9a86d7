import type { TicketDetailDto } from '@newsdesk/shared';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { splitMbox } from '../src/intake/import-files.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('replies out through a real SMTP server', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let agentUser: TestUser;
  let ticket: TicketDetailDto;

  const rawOutcome = (messageId: string) =>
    waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [messageId]);
      return rows[0] as { outcome: string; ticket_id: string } | undefined;
    }, `intake of ${messageId}`);
  const captured = (predicate: (subject: string) => boolean, count = 1) =>
    waitFor(async () => {
      const found = capture.received.filter((mail) => predicate(mail.parsed.subject ?? ''));
      return found.length >= count ? found : null;
    }, 'a captured mail');
  const reload = async () => (ticket = (await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body);

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office' });
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    await agent.patch('/api/users/me', { signature: 'Alex Officer\nCity Press Office' });

    await smtp.sendMail({
      from: '"Jo Reporter" <jo@daily.example>',
      to: INTAKE,
      subject: 'Bridge closure',
      text: 'When does the bridge reopen?',
      messageId: '<bridge.question@daily.example>',
    });
    const raw = await rawOutcome('bridge.question@daily.example');
    ticket = (await agent.get<TicketDetailDto>(`/api/tickets/${raw.ticket_id}`)).body;
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('sends the acknowledgement marked Auto-Submitted, threaded to the inquiry', async () => {
    const [ack] = await captured((subject) => subject === `Re: Bridge closure [${ticket.reference}]`);
    expect(ack.parsed.headers.get('auto-submitted')).toBe('auto-replied');
    expect(ack.parsed.inReplyTo).toBe('<bridge.question@daily.example>');
    expect(ack.envelopeTo).toEqual(['jo@daily.example']);
    expect(ack.parsed.from?.value[0]).toEqual({ name: 'City Press Office', address: INTAKE });
  });

  it('sends a reply with both parts, an attachment, threading headers and the signature, and records first response', async () => {
    const upload = await agent.post('/api/uploads', Buffer.from('%PDF-1.4 fact sheet'), {
      'content-type': 'application/octet-stream',
      'x-filename': encodeURIComponent('Fact sheet é.pdf'),
      'x-content-type': 'application/pdf',
    });
    expect(upload.status).toBe(201);
    const file = upload.body as { id: string; filename: string };
    expect(file.filename).toBe('Fact sheet é.pdf');

    const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, {
      body: 'The bridge reopens **on Monday**.\n\nSee the attached fact sheet.',
      cc: ['desk@daily.example'],
      uploadIds: [file.id],
      status: 'pending',
    });
    expect(response.status).toBe(201);
    expect(response.body.status).toBe('pending');
    expect(response.body.firstResponseAt).not.toBeNull();
    const outbound = response.body.messages.at(-1)!;
    expect(outbound).toMatchObject({ kind: 'outbound', author: { id: agentUser.id }, delivery: { status: expect.stringMatching(/queued|sending|sent/) } });

    const [mail] = await waitFor(async () => {
      const found = capture.received.filter((m) => m.parsed.text?.includes('The bridge reopens'));
      return found.length ? found : null;
    }, 'the reply at the capture server');
    const { parsed } = mail;
    expect(parsed.messageId).toBe(`<${outbound.messageId}>`);
    expect(parsed.messageId).toMatch(/@newsdesk\.test>$/);
    expect(parsed.inReplyTo).toBe('<bridge.question@daily.example>');
    expect([parsed.references].flat()).toContain('<bridge.question@daily.example>');
    expect(parsed.headers.get('auto-submitted')).toBeUndefined();
    expect(parsed.headers.get('thread-index')).toEqual(expect.any(String));
    expect(parsed.text).toContain('The bridge reopens on Monday.');
    expect(parsed.text).toContain('-- \nAlex Officer');
    expect(parsed.html).toContain('<strong>on Monday</strong>');
    expect(parsed.attachments.map((attachment) => [attachment.filename, attachment.content.toString()])).toEqual([['Fact sheet é.pdf', '%PDF-1.4 fact sheet']]);
    expect(mail.envelopeTo.sort()).toEqual(['desk@daily.example', 'jo@daily.example']);

    await waitFor(async () => (await reload()).messages.at(-1)?.delivery?.status === 'sent', 'the reply marked sent');
    expect(ticket.messages.at(-1)?.delivery?.response).toContain('Message accepted by the capture server');
  });

  it("threads the journalist's answer to our reply back onto the ticket", async () => {
    const ours = capture.received.find((mail) => mail.parsed.text?.includes('reopens'))!;
    const answer = await new MailComposer({
      from: 'Jo Reporter <jo@daily.example>',
      to: INTAKE,
      subject: `Re: ${ours.parsed.subject}`.replace(/\[ND-\d+\]/, ''),
      text: 'Thanks! One more question: what about cyclists?',
      inReplyTo: ours.parsed.messageId,
      references: [ours.parsed.messageId!],
      messageId: '<answer.1@daily.example>',
    })
      .compile()
      .build();
    await smtp.sendMail({ envelope: { from: 'jo@daily.example', to: INTAKE }, raw: answer });
    const raw = await rawOutcome('answer.1@daily.example');
    expect(raw).toMatchObject({ outcome: 'appended', ticket_id: ticket.id });
    expect((await reload()).status).toBe('open');
  });

  it('retries temporary failures and sends exactly once (451, 451, then 250)', async () => {
    capture.answerNext('Retry test reply', 451, 451);
    const before = capture.received.length;
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Retry test reply' });
    await waitFor(async () => (await reload()).messages.at(-1)?.delivery?.status === 'sent', 'the retried reply to be sent');
    expect(ticket.messages.at(-1)?.delivery?.attempts).toBe(3);
    // Marked sent only after the server's 250: a sent row is never tried again, so the count is final.
    expect(capture.received.slice(before).filter((mail) => mail.parsed.text?.includes('Retry test reply'))).toHaveLength(1);
  });

  it('marks a reply failed on a permanent 550 and shows the reason on the ticket', async () => {
    capture.answerNext('This one bounces', 550);
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'This one bounces' });
    // The detail reads messages, deliveries and events in separate statements: wait until it shows both.
    await waitFor(
      async () => (await reload()).messages.at(-1)?.delivery?.status === 'failed' && ticket.events.some((event) => event.type === 'delivery.failed'),
      'the reply marked failed',
    );
    const delivery = ticket.messages.at(-1)!.delivery!;
    expect(delivery.attempts).toBe(1);
    expect(delivery.error).toContain('user unknown');
    expect(ticket.events.map((event) => event.type)).toContain('delivery.failed');
  });

  it('sends a burst of more mails than a batch each exactly once, recording a 550 and a 451 among them as the single sends do', async () => {
    const count = 120;
    const marker = (n: number) => `Burst mail ${String(n).padStart(3, '0')}.`;
    capture.answerNext(marker(7), 550);
    capture.answerNext(marker(42), 451);
    const before = capture.received.length;
    // Committed at once, as a burst of acknowledgements arrives: the worker claims them in batches.
    const { rows: queued } = await db.query<{ id: string; text: string }>(
      `INSERT INTO outbound_messages (kind, from_address, to_addresses, subject, text, rfc_message_id)
       SELECT 'notification', 'news@newsdesk.localhost', '[{"name":null,"address":"burst@outlet.example"}]', 'Burst', 'Burst mail ' || lpad(g::text, 3, '0') || '.', 'burst.' || g || '@newsdesk.localhost'
         FROM generate_series(1, $1::int) g RETURNING id, text`,
      [count],
    );
    testApp.app.get(OutboxWorker).kick();
    const settled = await waitFor(async () => {
      const { rows } = await db.query<{ text: string; status: string; attempts: number; last_error: string | null; sha256: string | null }>(
        `SELECT o.text, o.status, o.attempts, o.last_error, m.sha256 FROM outbound_messages o LEFT JOIN outbound_sent_mime m ON m.outbound_message_id = o.id
          WHERE o.id = ANY($1::uuid[]) AND o.status IN ('sent', 'failed')`,
        [queued.map((row) => row.id)],
      );
      return rows.length === count ? rows : null;
    }, 'the burst sent or failed', 60_000);
    const byText = new Map(settled.map((row) => [row.text, row]));
    expect(byText.get(marker(7))).toMatchObject({ status: 'failed', attempts: 1, sha256: null });
    expect(byText.get(marker(7))!.last_error).toContain('user unknown');
    expect(byText.get(marker(42))).toMatchObject({ status: 'sent', attempts: 2, last_error: null });
    expect(settled.filter((row) => row.status === 'sent')).toHaveLength(count - 1);
    // What the outbox keeps as sent is each mail's bytes as the server got them, and each went out once.
    const burst = capture.received.slice(before).filter((mail) => mail.parsed.subject === 'Burst');
    expect(burst).toHaveLength(count - 1);
    expect(new Set(burst.map((mail) => mail.parsed.text?.trim())).size).toBe(count - 1);
    for (const mail of burst) {
      expect(byText.get(mail.parsed.text!.trim())?.sha256).toBe(createHash('sha256').update(mail.raw).digest('hex'));
    }
    const { rows: events } = await db.query(`SELECT entity_id FROM events WHERE type = 'delivery.failed' AND entity_id = ANY($1::uuid[])`, [
      queued.map((row) => row.id),
    ]);
    expect(events).toEqual([{ entity_id: queued.find((row) => row.text === marker(7))!.id }]);
  }, 90_000);

  it('refuses header injection and crafted addresses with a 400 that says why', async () => {
    const cases: [string, string][] = [
      ['jo@daily.example\r\nBcc: spy@evil.example', 'control characters'],
      ['"a@daily.example x"@internal.example', 'quotes'],
      ['jo@daily.example(comment)', 'comment'],
      ['jo@dаily.example', 'non-ASCII'],
      ['<jo@daily.example>', 'angle brackets'],
      ['jo@daily.example, spy@evil.example', 'more than one address'],
      ['jo@daily', 'domain'],
      ['jo..x@daily.example', 'local part'],
    ];
    for (const [address, reason] of cases) {
      const response = await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'x', to: [address] });
      expect(response.status).toBe(400);
      expect(response.body.message).toContain('to[0]');
      expect(response.body.message).toContain(reason);
    }
    await agent.patch(`/api/tickets/${ticket.id}`, { subject: 'Bridge\r\nBcc: spy@evil.example' });
    const before = capture.received.length;
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Subject safety' });
    const [mail] = await waitFor(async () => {
      const found = capture.received.slice(before).filter((m) => m.parsed.text?.includes('Subject safety'));
      return found.length ? found : null;
    }, 'the subject-safety reply');
    expect(mail.parsed.headers.get('bcc')).toBeUndefined();
    expect(mail.envelopeTo).toEqual(['jo@daily.example']);
    expect(mail.parsed.subject).toBe(`Re: Bridge Bcc: spy@evil.example [${ticket.reference}]`);
  });

  it('renders reply templates safely and lets only managers and admins manage them', async () => {
    const denied = await agent.post('/api/templates', { kind: 'reply', name: 'Holding line', body: 'x' });
    expect(denied.status).toBe(403);
    const { client: manager } = await signedInClient(testApp, 'manager');
    const unknown = await manager.post('/api/templates', { kind: 'reply', name: 'Broken', body: 'Hi {{journalist.email}}' });
    expect(unknown.status).toBe(400);
    expect(unknown.body.message).toContain('unknown {{variable}}');
    const created = await manager.post('/api/templates', {
      kind: 'reply',
      name: 'Holding line',
      body: 'Dear {{journalist.name}}, about {{ticket.reference}}: we will come back to you. {{officer.name}}',
    });
    expect(created.status).toBe(201);
    // A taken name answers 409 with the stable code the dashboard switches on, on create and on rename.
    const again = await manager.post('/api/templates', { kind: 'reply', name: 'Holding line', body: 'Other words.' });
    expect(expectErrorBody(again, 409, /reply template named "Holding line" already exists/).code).toBe('duplicate');
    const other = await manager.post<{ id: string }>('/api/templates', { kind: 'reply', name: 'Second line', body: 'More words.' });
    expect(other.status).toBe(201);
    const renamed = await manager.patch(`/api/templates/${other.body.id}`, { name: 'Holding line' });
    expect(expectErrorBody(renamed, 409, /already exists/).code).toBe('duplicate');
    await db.query(`UPDATE journalists SET name = $1 WHERE email = 'jo@daily.example'`, ['<script>x</script> [click](https://evil.example)\r\nBcc: a@b.c']);
    const before = capture.received.length;
    const reply = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { templateId: created.body.id });
    expect(reply.status).toBe(201);
    const [mail] = await waitFor(async () => {
      const found = capture.received.slice(before).filter((m) => m.parsed.text?.includes('we will come back'));
      return found.length ? found : null;
    }, 'the template reply');
    expect(mail.parsed.html).not.toContain('<script');
    expect(mail.parsed.html).not.toContain('href="https://evil.example"');
    expect(mail.parsed.html).toContain(ticket.reference);
    expect(mail.parsed.headers.get('bcc')).toBeUndefined();
  });

  it('mails officers when a ticket is assigned to them, unless they switched it off', async () => {
    const colleague = await createUser(testApp, 'agent', { name: 'Sam Colleague', email: 'sam@pressoffice.example' });
    await agent.patch(`/api/tickets/${ticket.id}`, { assigneeId: colleague.id });
    const [note] = await captured((subject) => subject.startsWith(`${ticket.reference} assigned to you`));
    expect(note.envelopeTo).toEqual(['sam@pressoffice.example']);
    expect(note.parsed.text).toContain(`/tickets/${ticket.reference}`);

    const sam = new HttpClient(testApp.baseUrl);
    await sam.login(colleague.email, colleague.password);
    expect((await sam.patch('/api/users/me', { notifyAssigned: false })).body).toMatchObject({ notifyAssigned: false, notifyReplied: true });
    await agent.patch(`/api/tickets/${ticket.id}`, { assigneeId: null });
    await agent.patch(`/api/tickets/${ticket.id}`, { assigneeId: colleague.id });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE kind = 'notification' AND to_addresses->0->>'address' = 'sam@pressoffice.example'`);
    expect(rows[0].n).toBe(1);
  });
});

describe('outbox without SMTP, and a worker that was down at commit', () => {
  it("keeps unsent replies queued until a worker runs, sends each once, and appends them to the day's mbox", async () => {
    const testApp = await createTestApp();
    let db: pg.Client | undefined;
    try {
      const { client: agent } = await signedInClient(testApp, 'manager');
      const { body: ticket } = await agent.post<TicketDetailDto>('/api/tickets', {
        subject: 'Phone inquiry',
        text: 'Called about parking',
        journalist: { name: 'Kim Caller', email: 'kim@radio.example' },
      });
      await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Parking rules change in May.' });
      await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Second reply, claimed by a worker that died.' });
      db = await connectDatabase(testApp);
      // A worker claimed the second mail and died before sending: its lease has run out.
      await db.query(`UPDATE outbound_messages SET status = 'sending', attempts = 1, next_attempt_at = now() - interval '1 second' WHERE text LIKE 'Second reply%'`);
      expect((await db.query(`SELECT status FROM outbound_messages ORDER BY created_at`)).rows.map((row) => row.status)).toEqual(['queued', 'sending']);

      await testApp.app.get(OutboxWorker).start();
      const folder = join(testApp.config.DATA_DIR, 'outbox');
      const inFolder = () => (existsSync(folder) ? readdirSync(folder).flatMap((name) => splitMbox(readFileSync(join(folder, name)))) : []);
      const mails = await waitFor(async () => (inFolder().length === 2 ? inFolder() : null), 'two mails in the outbox folder');
      const contents = mails.map(String).join('\n');
      expect(contents).toContain(`Subject: Re: Phone inquiry [${ticket.reference}]`);
      expect(contents).toContain('Parking rules change in May.');
      expect(contents).toContain('To: Kim Caller <kim@radio.example>');

      // The file is written before the row is marked sent: wait for both rows.
      const outbox = await waitFor(async () => {
        const response = await agent.get('/api/outbox?kind=reply');
        return response.body.items.every((item: { status: string }) => item.status === 'sent') ? response : null;
      }, 'both replies marked sent');
      expect(outbox.body.mode).toBe('outbox');
      expect(outbox.body.items.map((item: { status: string }) => item.status)).toEqual(['sent', 'sent']);
      expect(outbox.body.items[0].response).toMatch(/^written to outbox\/\d{4}-\d{2}-\d{2}\.mbox$/);
      const eml = await agent.get(`/api/outbox/${outbox.body.items[0].id}/eml`);
      expect(eml.headers.get('content-type')).toBe('message/rfc822');
      expect(eml.body).toContain('Subject: Re: Phone inquiry');
      // Each mail is appended before its row is marked sent, and both rows are sent: the folder is complete, each mail once.
      expect(inFolder()).toHaveLength(2);
    } finally {
      await db?.end();
      await testApp.close();
    }
  });

  it('finds due mail from an index, however many sent rows the outbox holds', async () => {
    const testApp = await createTestApp();
    const db = await connectDatabase(testApp);
    try {
      // The worker's claim and its wake-up query, as it issues them (outbox.worker.ts).
      const plan = async (sql: string) => {
        await db.query('BEGIN');
        try {
          await db.query('SET LOCAL enable_seqscan = off');
          return (await db.query(`EXPLAIN ${sql}`)).rows.map((row: Record<string, string>) => row['QUERY PLAN']).join('\n');
        } finally {
          await db.query('ROLLBACK');
        }
      };
      const claim = await plan(
        `SELECT id FROM outbound_messages WHERE status IN ('queued', 'sending') AND next_attempt_at <= now() ORDER BY next_attempt_at LIMIT 1 FOR UPDATE SKIP LOCKED`,
      );
      const wake = await plan(`SELECT min(next_attempt_at) FROM outbound_messages WHERE status IN ('queued', 'sending')`);
      // Without a matching index, even enable_seqscan = off leaves a sequential scan over every sent row.
      expect(claim).toContain('outbound_messages_pending_idx');
      expect(wake).toContain('outbound_messages_pending_idx');
      expect(`${claim}\n${wake}`).not.toMatch(/Seq Scan on outbound_messages/);
    } finally {
      await db.end();
      await testApp.close();
    }
  });
});
