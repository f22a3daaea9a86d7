import type { TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import type { Transporter } from 'nodemailer';
import { AppSecrets } from '../src/config/app-secrets.js';
import { webFormThrottleKey } from '../src/public-inquiries/web-form-throttle.service.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { PrivacyService } from '../src/privacy/privacy.service.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const EMAIL = 'jo.secret@daily.example';
const NAME = 'Jo Secretname';

describe("a journalist's personal data: export, erasure, retention", () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let admin: HttpClient;
  let agent: HttpClient;
  let ticket: TicketDetailDto;

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url });
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    await smtp.sendMail({
      from: `"${NAME}" <${EMAIL}>`,
      to: INTAKE,
      cc: 'desk@daily.example',
      subject: 'Question about the museum',
      text: `Hello, this is ${NAME}, call me on +44 20 7946 0999.`,
      messageId: '<museum@daily.example>',
      attachments: [{ filename: 'my-notes.txt', content: `Notes by ${NAME} <${EMAIL}>` }],
    });
    const raw = await waitFor(async () => {
      const { rows } = await db.query(`SELECT ticket_id FROM raw_messages WHERE message_id = 'museum@daily.example' AND outcome = 'created'`);
      return rows[0] as { ticket_id: string } | undefined;
    }, 'the inquiry');
    await agent.post(`/api/tickets/${raw.ticket_id}/notes`, { text: 'Spoke to Jo on the phone.' });
    await agent.post(`/api/tickets/${raw.ticket_id}/replies`, { body: `Dear ${NAME}, the museum reopens in May.`, status: 'resolved' });
    await waitFor(async () => capture.received.length >= 2, 'acknowledgement and reply sent');
    ticket = (await agent.get<TicketDetailDto>(`/api/tickets/${raw.ticket_id}`)).body;
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('exports everything held about the journalist, for admins only', async () => {
    expect((await agent.get(`/api/journalists/${ticket.journalist!.id}/export`)).status).toBe(403);
    const response = await admin.get(`/api/journalists/${ticket.journalist!.id}/export`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-disposition')).toMatch(/^attachment; filename="journalist-.+\.json"$/);
    expect(response.body.journalist).toMatchObject({ email: EMAIL, name: NAME });
    expect(response.body.tickets.map((row: { reference: string }) => row.reference)).toEqual([ticket.reference]);
    const kinds = response.body.messages.map((message: { kind: string }) => message.kind);
    expect(kinds).toEqual(['inbound', 'outbound']);
    expect(response.body.messages[0].attachments).toEqual([expect.objectContaining({ filename: 'my-notes.txt' })]);
  });

  it('erases the personal data everywhere it was stored, while the ticket keeps its metrics', async () => {
    const before = (await db.query('SELECT first_response_at, resolved_at, created_at, status FROM tickets WHERE id = $1', [ticket.id])).rows[0];
    expect((await admin.patch(`/api/journalists/${ticket.journalist!.id}`, { aliases: ['jo.alt@daily.example'], preferredContact: 'phone' })).status).toBe(200);
    const eventsBefore = (await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n;
    const unconfirmed = await admin.post(`/api/journalists/${ticket.journalist!.id}/erase`, {});
    expect(unconfirmed.status).toBe(400);
    expect(unconfirmed.body.message).toContain('repeat');

    // The web form counted them (keyed hashes of the addresses, kept for a day for its rate limit).
    const throttleKeys = [EMAIL, 'jo.alt@daily.example'].map((address) => webFormThrottleKey(testApp.app.get(AppSecrets).webFormKey, 'email', address));
    await db.query(`INSERT INTO web_form_submissions (ip_key, email_key) SELECT 'some-network', unnest($1::text[])`, [throttleKeys]);
    await db.query(`INSERT INTO web_form_submissions (ip_key, email_key) VALUES ('some-network', 'someone-else')`);
    await db.query(`INSERT INTO acknowledgement_quotas (scope, key, window_start, count) SELECT 'web-recipient', unnest($1::text[]), now(), 1`, [throttleKeys]);
    // The hourly acknowledgement counts of their addresses (lower-case, in the clear for an hour).
    await db.query(
      `INSERT INTO acknowledgement_quotas (scope, key, window_start, count) SELECT 'recipient', unnest($1::text[]), date_trunc('minute', now()), 1 ON CONFLICT DO NOTHING`,
      [[EMAIL.toLowerCase(), 'jo.alt@daily.example']],
    );
    const erased = await admin.post(`/api/journalists/${ticket.journalist!.id}/erase`, { confirm: EMAIL.toUpperCase() });
    expect(erased.status).toBe(200);
    expect(erased.body).toMatchObject({ tickets: 1, messages: 1, attachments: 1 });

    const tables = (await db.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'migrations'`)).rows.map((row) => row.tablename as string);
    for (const table of tables) {
      for (const needle of [EMAIL, 'jo.secret', 'jo.alt', NAME, 'Secretname', '7946 0999']) {
        const { rows } = await db.query(`SELECT count(*)::int AS n FROM "${table}" x WHERE x::text ILIKE $1`, [`%${needle}%`]);
        expect({ table, needle, found: rows[0].n }).toEqual({ table, needle, found: 0 });
      }
    }
    const throttle = await db.query(`SELECT email_key FROM web_form_submissions WHERE ip_key = 'some-network'`);
    expect(throttle.rows.map((row) => row.email_key)).toEqual(['someone-else']);
    expect((await db.query(`SELECT count(*)::int AS n FROM acknowledgement_quotas WHERE key = ANY($1::text[])`, [throttleKeys])).rows[0].n).toBe(0);
    const bytes = await db.query(
      `SELECT (SELECT count(*)::int FROM raw_messages WHERE position(convert_to('jo.secret', 'UTF8') IN bytes) > 0) AS raw,
              (SELECT count(*)::int FROM attachment_blobs WHERE position(convert_to('Secretname', 'UTF8') IN data) > 0) AS blobs`,
    );
    expect(bytes.rows[0]).toEqual({ raw: 0, blobs: 0 });

    const after = (await db.query('SELECT first_response_at, resolved_at, created_at, status FROM tickets WHERE id = $1', [ticket.id])).rows[0];
    expect(after).toEqual(before);
    expect((await db.query('SELECT count(*)::int AS n FROM events')).rows[0].n).toBe(eventsBefore + 1);
    const view = (await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body;
    expect(view.journalist).toMatchObject({ name: null, email: null });
    expect(view.messages.find((message) => message.kind === 'note')?.text).toBe('Spoke to Jo on the phone.');
    expect(view.events.at(-1)).toBeDefined();
  });

  it('keeps the event log append-only outside an erasure', async () => {
    await expect(db.query(`UPDATE events SET type = 'tampered' WHERE id = (SELECT min(id) FROM events)`)).rejects.toThrow(/append-only/);
    await expect(db.query(`DELETE FROM events`)).rejects.toThrow(/append-only/);
  });

  it('anonymises journalists whose last inquiry is older than the retention period, and only them', async () => {
    const { body: old } = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Old story', text: 'x', journalist: { name: 'Old Timer', email: 'old.timer@gazette.example' } });
    const { body: recent } = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'New story', text: 'y', journalist: { name: 'New Comer', email: 'new.comer@gazette.example' } });
    await db.query(`UPDATE tickets SET created_at = now() - interval '3 years' WHERE id = $1`, [old.id]);
    await db.query(`UPDATE journalists SET created_at = now() - interval '3 years' WHERE id = $1`, [old.journalist!.id]);
    expect(await testApp.app.get(PrivacyService).applyRetention(24)).toBe(1);
    const { rows } = await db.query(`SELECT email, anonymised_at IS NOT NULL AS anonymised FROM journalists WHERE id = ANY($1::uuid[]) ORDER BY anonymised`, [[old.journalist!.id, recent.journalist!.id]]);
    expect(rows).toEqual([
      { email: 'new.comer@gazette.example', anonymised: false },
      { email: null, anonymised: true },
    ]);
  });
});
