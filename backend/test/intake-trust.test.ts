import type { Page, TicketDetailDto } from '@newsdesk/shared';
import { createHmac } from 'node:crypto';
import nodemailer, { type Transporter } from 'nodemailer';
import type pg from 'pg';
import { Clock } from '../src/common/clock.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import { issueFormToken } from '../src/public-inquiries/form-token.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient, type HttpResponse } from './http-client.js';
import { compose, INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const WEBHOOK_SECRET = 'webhook-secret-for-trust-tests';

/** Issue 12: the web form, bounces, the acknowledgement limit, MIME bounds and the webhook, attacked through their real doors. */
describe('intake trust', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let smtpPort: number;
  let agent: HttpClient;
  let manager: HttpClient;
  let sequence = 0;

  beforeAll(async () => {
    testApp = await createTestApp({
      TRUST_PROXY: 'true',
      INTAKE_WEBHOOK_SECRET: WEBHOOK_SECRET,
      INTAKE_WEBHOOK_MAX_AGE_SECONDS: '300',
      INTAKE_MAX_NESTING: '5',
      INTAKE_CONCURRENCY: '8',
      ACK_RATE_LIMIT_PER_HOUR: '3',
      WEB_FORM_MIN_FILL_SECONDS: '0',
      WEB_FORM_MAX_PER_IP_PER_HOUR: '1000',
      WEB_FORM_MAX_PER_EMAIL_PER_HOUR: '1000',
      WEB_FORM_ACK_MAX_PER_RECIPIENT_PER_DAY: '2',
      WEB_FORM_ACK_MAX_PER_IP_PER_DAY: '3',
    });
    db = await connectDatabase(testApp);
    ({ transport: smtp, port: smtpPort } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
  });
  afterAll(async () => {
    smtp?.close();
    await db?.end();
    await testApp?.close();
  });

  const rawFor = (messageId: string) =>
    waitFor(async () => {
      const { rows } = await db.query(
        `SELECT r.id, r.outcome, r.ticket_id, r.reason, r.error, r.size, octet_length(r.bytes) AS stored, t.reference
           FROM raw_messages r LEFT JOIN tickets t ON t.id = r.ticket_id
          WHERE r.message_id = $1 AND r.outcome <> 'pending' ORDER BY r.received_at DESC LIMIT 1`,
        [messageId],
      );
      return rows[0] as { id: string; outcome: string; ticket_id: string | null; reason: string; error: string | null; size: number; stored: number; reference: string | null } | undefined;
    }, `intake of ${messageId}`);

  const ticket = async (id: string) => (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
  const ticketIdOf = async (reference: string) => ((await db.query(`SELECT id FROM tickets WHERE reference = $1`, [reference])).rows[0] as { id: string } | undefined)?.id;
  const acknowledgementsTo = async (address: string) =>
    (await db.query(`SELECT * FROM outbound_messages WHERE kind = 'acknowledgement' AND to_addresses->0->>'address' = $1`, [address])).rows as {
      id: string;
      subject: string;
      text: string;
      html: string | null;
      status: string;
      to_addresses: { name: string | null; address: string }[];
      rfc_message_id: string;
    }[];

  /** A mail from `from` over SMTP that becomes a ticket; returns its id, reference and the acknowledgement's Message-ID. */
  async function inquiryByMail(from: string, subject: string) {
    sequence += 1;
    const messageId = `mail.${sequence}@${from.split('@')[1]}`;
    await smtp.sendMail({ from, to: INTAKE, subject, text: 'A question for the press office.', messageId: `<${messageId}>` });
    const raw = await rawFor(messageId);
    expect(raw.outcome).toBe('created');
    return { ticketId: raw.ticket_id!, reference: raw.reference!, messageId };
  }

  function formFields(overrides: Record<string, string> = {}): Record<string, string> {
    sequence += 1;
    return {
      name: 'Ada Reporter',
      email: `reporter${sequence}@paper.example`,
      outlet: 'The Daily Example',
      requestType: 'interview',
      subject: `Question ${sequence}`,
      message: 'Could your director speak to us?',
      token: issueFormToken(new AppSecrets(testApp.config.APP_SECRET!).webFormKey, new Date(Date.now() - 30_000)),
      ...overrides,
    };
  }

  function postForm(fields: Record<string, string>, ip = `198.51.100.${(sequence % 250) + 1}`): Promise<HttpResponse> {
    return new HttpClient(testApp.baseUrl).post('/api/public/inquiries', fields, { 'x-forwarded-for': ip });
  }

  describe('the web form never threads by reference', () => {
    it('gives a form naming the sender’s own ticket a new ticket, marked "possibly the same as" that ticket', async () => {
      const original = await inquiryByMail('kim@herald.example', 'Hospital waiting times');
      const before = (await ticket(original.ticketId)).messages.length;

      const response = await postForm(
        formFields({ email: 'kim@herald.example', subject: `Re: [${original.reference}] waiting times`, message: `Following up on ${original.reference}: any news?` }),
      );

      expect(response.status).toBe(201);
      expect(response.body.reference).toMatch(/^ND-\d+$/);
      expect(response.body.reference).not.toBe(original.reference);
      expect((await ticket(original.ticketId)).messages).toHaveLength(before);
      const created = await ticket((await ticketIdOf(response.body.reference))!);
      expect(created).toMatchObject({ channel: 'web', journalist: { email: 'kim@herald.example' } });
      expect(created.possiblySameAs).toEqual({ ticketId: original.ticketId, reference: original.reference, subject: 'Hospital waiting times' });
      // The hint sits on the new ticket only.
      expect((await ticket(original.ticketId)).possiblySameAs).toBeNull();
    });

    it('answers a form naming an existing reference exactly like one naming a reference that does not exist', async () => {
      // The attacker types the journalist's address and guesses references: the answer must not tell which exist.
      const existing = await inquiryByMail('lee@tribune.example', 'Bridge closure');
      const naming = (reference: string) => postForm(formFields({ email: 'lee@tribune.example', subject: `About [${reference}]`, message: `See ${reference}.` }));

      const real = await naming(existing.reference);
      const unknown = await naming('ND-999999');

      expect(real.status).toBe(201);
      expect(unknown.status).toBe(real.status);
      expect(Object.keys(unknown.body).sort()).toEqual(Object.keys(real.body).sort());
      expect(unknown.body.message.replace(unknown.body.reference, 'REF')).toBe(real.body.message.replace(real.body.reference, 'REF'));
      expect(real.body.reference).not.toBe(existing.reference);
      expect((await ticket(existing.ticketId)).messages).toHaveLength(1);
    });
  });

  describe('web form abuse', () => {
    it('acknowledges a form with our reference and fixed text only, echoing none of what was typed', async () => {
      const fields = formFields({
        name: 'Claim your prize at http://spam.example',
        subject: 'URGENT: your account is locked, visit http://spam.example',
        outlet: 'Prize Desk http://spam.example',
        message: 'Go to http://spam.example and enter your password.',
      });
      const response = await postForm(fields);

      expect(response.status).toBe(201);
      const [ack] = await acknowledgementsTo(fields.email);
      expect(ack.to_addresses).toEqual([{ name: null, address: fields.email }]);
      expect(ack.subject).toBe(`Your inquiry to the press office [${response.body.reference}]`);
      expect(ack.text).toContain(response.body.reference);
      for (const stored of [ack.subject, ack.text, ack.html ?? '', JSON.stringify(ack.to_addresses)]) {
        expect(stored).not.toMatch(/spam\.example|prize|password|locked/i);
      }
    });

    it('limits acknowledgements the form sends to one address per day, keeping every inquiry', async () => {
      const victim = 'victim@inbox.example';
      const references: string[] = [];
      for (const ip of ['192.0.2.1', '192.0.2.2', '192.0.2.3']) {
        const response = await postForm(formFields({ email: victim }), ip);
        expect(response.status).toBe(201);
        references.push(response.body.reference);
      }
      expect(await acknowledgementsTo(victim)).toHaveLength(2);
      expect(new Set(references).size).toBe(3);
      const { rows } = await db.query(`SELECT count(*)::int AS n FROM tickets WHERE reference = ANY($1::text[])`, [references]);
      expect(rows[0].n).toBe(3);
    });

    it('limits acknowledgements the form sends from one network per day, keeping every inquiry', async () => {
      const addresses = [1, 2, 3, 4].map((n) => `target${n}@elsewhere.example`);
      for (const email of addresses) expect((await postForm(formFields({ email }), '203.0.113.77')).status).toBe(201);
      const sent: number[] = [];
      for (const address of addresses) sent.push((await acknowledgementsTo(address)).length);
      expect(sent.reduce((sum, n) => sum + n, 0)).toBe(3);
      expect(sent.at(-1)).toBe(0);
    });

    it('answers a filled honeypot exactly like a success (status, shape, a plausible reference) and stores and mails nothing', async () => {
      const human = await postForm(formFields());
      const fields = formFields({ website: 'https://cheap-pills.example' });
      const bot = await postForm(fields);

      expect(bot.status).toBe(human.status);
      expect(Object.keys(bot.body).sort()).toEqual(Object.keys(human.body).sort());
      expect(bot.body.reference).toMatch(/^ND-\d+$/);
      expect(bot.body.message).toBe(human.body.message.replace(human.body.reference, bot.body.reference).replace(/reporter\d+@/, fields.email.split('@')[0] + '@'));
      expect(await ticketIdOf(bot.body.reference)).toBeUndefined();
      const stored = await db.query(`SELECT 1 FROM raw_messages WHERE from_address = $1 OR position(convert_to($1, 'UTF8') IN bytes) > 0`, [fields.email]);
      expect(stored.rowCount).toBe(0);
      expect(await acknowledgementsTo(fields.email)).toHaveLength(0);
    });
  });

  describe('bounces', () => {
    const dsn = (id: string, finalRecipient: string, quotedId: string) =>
      [
        'From: Mail Delivery System <MAILER-DAEMON@mx.example>',
        `To: ${INTAKE}`,
        'Subject: Undelivered Mail Returned to Sender',
        `Message-ID: <${id}>`,
        'MIME-Version: 1.0',
        'Content-Type: multipart/report; report-type=delivery-status; boundary="b1"',
        '',
        '--b1',
        'Content-Type: text/plain',
        '',
        'Your message could not be delivered.',
        '--b1',
        'Content-Type: message/delivery-status',
        '',
        'Reporting-MTA: dns; mx.example',
        '',
        `Final-Recipient: rfc822; ${finalRecipient}`,
        'Action: failed',
        'Status: 5.1.1',
        '--b1',
        'Content-Type: text/rfc822-headers',
        '',
        `From: ${INTAKE}`,
        `Message-ID: <${quotedId}>`,
        'Subject: Re: something',
        '--b1--',
        '',
      ].join('\r\n');

    it('keeps a forged DSN naming another address as an unmatched bounce and leaves the reply as it was', async () => {
      const original = await inquiryByMail('pat@gazette.example', 'Council budget');
      const [ack] = await acknowledgementsTo('pat@gazette.example');

      await smtp.sendMail({ envelope: { from: '', to: INTAKE }, raw: dsn('forged.dsn@mx.example', 'mallory@evil.example', ack.rfc_message_id) });
      const raw = await rawFor('forged.dsn@mx.example');

      expect(raw).toMatchObject({ outcome: 'bounce', ticket_id: null });
      expect(raw.reason).toMatch(/unmatched bounce: it names mallory@evil\.example/);
      const after = (await db.query(`SELECT status, last_error FROM outbound_messages WHERE id = $1`, [ack.id])).rows[0];
      expect(after.status).not.toBe('failed');
      expect(after.last_error ?? '').not.toMatch(/bounced/);
      expect((await ticket(original.ticketId)).messages.map((message) => message.messageId)).not.toContain('forged.dsn@mx.example');
      const log = await manager.get<Page<{ id: string; outcome: string; reason: string }>>('/api/intake/messages?outcome=bounce');
      expect(log.body.items.find((item) => item.id === raw.id)?.reason).toMatch(/unmatched bounce/);

      // The real report, naming the address the acknowledgement went to, still marks it failed.
      await smtp.sendMail({ envelope: { from: '', to: INTAKE }, raw: dsn('real.dsn@mx.example', 'pat@gazette.example', ack.rfc_message_id) });
      expect(await rawFor('real.dsn@mx.example')).toMatchObject({ outcome: 'bounce', ticket_id: original.ticketId });
      expect((await db.query(`SELECT status FROM outbound_messages WHERE id = $1`, [ack.id])).rows[0].status).toBe('failed');
    });
  });

  it('sends exactly ACK_RATE_LIMIT_PER_HOUR acknowledgements to a sender delivering many mails in parallel, keeping every inquiry', async () => {
    const sender = 'burst@wire.example';
    const transports = Array.from({ length: 10 }, () => nodemailer.createTransport({ host: '127.0.0.1', port: smtpPort, secure: false, ignoreTLS: true, pool: false }));
    try {
      await Promise.all(
        transports.map((transport, i) => transport.sendMail({ from: sender, to: INTAKE, subject: `Burst ${i}`, text: 'Question', messageId: `<burst.${i}@wire.example>` })),
      );
    } finally {
      for (const transport of transports) transport.close();
    }
    for (let i = 0; i < 10; i++) expect((await rawFor(`burst.${i}@wire.example`)).outcome).toBe('created');
    expect(await acknowledgementsTo(sender)).toHaveLength(3);
  });

  it('quarantines a deeply nested message whose Content-Type headers are folded, keeping the raw bytes', async () => {
    let nested = 'innermost';
    for (let depth = 12; depth > 0; depth--) {
      nested = `Content-Type:\r\n multipart/mixed;\r\n\tboundary="f${depth}"\r\n\r\n--f${depth}\r\n${nested}\r\n--f${depth}--`;
    }
    const bytes = Buffer.from(`From: folder@evil.example\r\nTo: ${INTAKE}\r\nSubject: folded\r\nMessage-ID: <folded@evil.example>\r\nMIME-Version: 1.0\r\n${nested}\r\n`);
    await smtp.sendMail({ envelope: { from: 'folder@evil.example', to: INTAKE }, raw: bytes });

    // A quarantined message has no Message-ID recorded: find it by its exact bytes.
    const raw = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id, error, octet_length(bytes) AS stored FROM raw_messages WHERE bytes = $1 AND outcome <> 'pending'`, [bytes]);
      return rows[0] as { outcome: string; ticket_id: string | null; error: string | null; stored: number } | undefined;
    }, 'the folded bomb processed');
    expect(raw).toMatchObject({ outcome: 'quarantined', ticket_id: null });
    expect(raw.error).toMatch(/more than 5 nested multipart containers/);
    expect(raw.stored).toBe(bytes.length);
    expect((await db.query(`SELECT count(*)::int AS n FROM journalists WHERE email = 'folder@evil.example'`)).rows[0].n).toBe(0);
  });

  describe('webhook replay', () => {
    const clockNow = { at: new Date('2026-12-06T12:00:00Z') };
    beforeAll(() => {
      testApp.app.get(Clock).now = () => new Date(clockNow.at);
    });

    const post = (bytes: Buffer, headers: Record<string, string>) =>
      fetch(`${testApp.baseUrl}/api/intake/raw`, { method: 'POST', headers: { 'content-type': 'message/rfc822', ...headers }, body: bytes });
    const signed = (bytes: Buffer, timestamp: number) => ({
      'x-newsdesk-timestamp': String(timestamp),
      'x-newsdesk-signature': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(`${timestamp}.`).update(bytes).digest('hex')}`,
    });
    const storedCount = async (messageId: string) =>
      (await db.query(`SELECT count(*)::int AS n FROM raw_messages WHERE position(convert_to($1, 'UTF8') IN bytes) > 0`, [messageId])).rows[0].n as number;

    it('refuses the same signed request replayed within the window with 409, storing the message once', async () => {
      const bytes = await compose({ from: 'hook@relay.example', subject: 'Via webhook', text: 'Hello', messageId: '<replayed@relay.example>' });
      const headers = signed(bytes, Math.floor(clockNow.at.getTime() / 1000) - 10);

      const first = await post(bytes, headers);
      expect(first.status).toBe(202);
      clockNow.at = new Date(clockNow.at.getTime() + 60_000);
      const replay = await post(bytes, headers);

      expect(replay.status).toBe(409);
      expect(((await replay.json()) as { message: string }).message).toMatch(/already received: a replay is refused/);
      expect(await storedCount('replayed@relay.example')).toBe(1);
      expect((await rawFor('replayed@relay.example')).outcome).toBe('created');
    });

    it('refuses a signed request whose timestamp is outside the window, storing nothing', async () => {
      const bytes = await compose({ from: 'hook@relay.example', subject: 'Old', text: 'Hello', messageId: '<stale@relay.example>' });
      const response = await post(bytes, signed(bytes, Math.floor(clockNow.at.getTime() / 1000) - 301));

      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(/x-newsdesk-timestamp is 301 seconds away from this server's time; at most 300/);
      expect(await storedCount('stale@relay.example')).toBe(0);
    });

    it('tells a sender on the old body-only signature what changed, storing nothing', async () => {
      const bytes = await compose({ from: 'hook@relay.example', subject: 'Old scheme', text: 'Hello', messageId: '<old.scheme@relay.example>' });
      const response = await post(bytes, { 'x-newsdesk-signature': `sha256=${createHmac('sha256', WEBHOOK_SECRET).update(bytes).digest('hex')}` });

      expect(response.status).toBe(401);
      expect(((await response.json()) as { message: string }).message).toMatch(/Missing x-newsdesk-timestamp: a signature over the body alone is no longer accepted/);
      expect(await storedCount('old.scheme@relay.example')).toBe(0);
    });
  });
});
