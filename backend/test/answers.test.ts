import type { OutboxItemDto, Page, StatementDetailDto, StatementSendResultDto, StoryDetailDto, TicketDetailDto } from '@newsdesk/shared';
import { simpleParser } from 'mailparser';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { splitMbox } from '../src/intake/import-files.js';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp, type CapturedMail } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Issue 14: answers read as if a person wrote them, checked on the mail a journalist's server receives. */
describe('answers as a journalist receives them (real SMTP both ways)', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let manager: HttpClient;

  /** An inquiry through the SMTP door; returns its ticket id and reference once intake created it. */
  const inquire = async (from: string, subject: string, text: string) => {
    const messageId = `${Math.random().toString(36).slice(2)}@press.example`;
    await smtp.sendMail({ from, to: INTAKE, subject, text, messageId: `<${messageId}>` });
    return waitFor(async () => {
      const { rows } = await db.query(
        `SELECT t.id, t.reference FROM raw_messages r JOIN tickets t ON t.id = r.ticket_id WHERE r.message_id = $1 AND r.outcome = 'created'`,
        [messageId],
      );
      return rows[0] as { id: string; reference: string } | undefined;
    }, `intake of ${subject}`);
  };
  const mailTo = (address: string, predicate: (mail: CapturedMail) => boolean) =>
    waitFor(async () => capture.received.find((mail) => mail.envelopeTo.includes(address) && predicate(mail)), `a mail to ${address}`);
  const ackTo = (address: string) => mailTo(address, (mail) => mail.parsed.headers.get('auto-submitted') === 'auto-replied');
  const referenceInSubject = (subject: string, reference: string) => (subject.includes(`[${reference}]`) ? `[${reference}]` : reference);

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office' });
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    expect((await agent.patch('/api/users/me', { name: 'Maria Lopez', signature: 'Maria Lopez\nCity Press Office' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('acknowledges an English inquiry in English, by first name, asking for a deadline when none was given', async () => {
    const { reference } = await inquire('"Élodie Martin" <elodie@daily.example>', 'Bridge closure', 'Hello, can you tell me when the bridge will reopen? Thanks.');
    const ack = await ackTo('elodie@daily.example');
    const text = ack.parsed.text ?? '';
    expect(ack.parsed.from?.value[0]).toEqual({ name: 'City Press Office', address: INTAKE });
    expect(text).toMatch(/^Dear Élodie,/);
    expect(text).toContain('if you have a deadline, reply to this message and tell us');
    expect(text).toContain(`reference ${referenceInSubject(ack.parsed.subject ?? '', reference)}.`);
    expect(ack.parsed.subject).toContain(`[${reference}]`);
    expect(text).not.toMatch(/[*\\_#]/);
  });

  it('acknowledges a French inquiry in French, and does not ask for the deadline the journalist already gave', async () => {
    const { id, reference } = await inquire(
      '"Élodie Dubois" <elodie.dubois@quotidien.example>',
      'Fermeture du pont',
      'Bonjour, pourriez-vous me dire quand le pont sera rouvert ? J’ai besoin de votre réponse avant 16h demain. Merci, cordialement.',
    );
    const { rows } = await db.query(`SELECT suggested_deadline_at FROM tickets WHERE id = $1`, [id]);
    expect(rows[0].suggested_deadline_at).not.toBeNull();
    const ack = await ackTo('elodie.dubois@quotidien.example');
    const text = ack.parsed.text ?? '';
    expect(text).toMatch(/^Bonjour Élodie,/);
    expect(text).toContain(`sous la référence ${referenceInSubject(ack.parsed.subject ?? '', reference)}.`);
    expect(text).toContain('Nous avons noté votre échéance');
    expect(text).not.toMatch(/si vous avez une échéance|deadline/i);
    expect(ack.parsed.html).toContain('<p>Bonjour Élodie,</p>');
    expect(text).not.toMatch(/[*\\_#]/);
  });

  it('does not ask an English journalist for a deadline given in the mail', async () => {
    await inquire('"Sam Reed" <sam@wire.example>', 'Budget figures', 'Could you send me the budget figures? I need them by 4pm tomorrow.');
    const text = (await ackTo('sam@wire.example')).parsed.text ?? '';
    expect(text).toMatch(/^Dear Sam,/);
    expect(text).toContain('We have noted your deadline');
    expect(text).not.toContain('if you have a deadline');
  });

  it("sends a reply as the officer with the office's address, and a plain-text part without Markdown source", async () => {
    const { id, reference } = await inquire('"Jo Reporter" <jo@daily.example>', 'Harbour works', 'When do the harbour works end?');
    const body = `Your inquiry **${reference}** is answered: the works end on _Friday_.\n\n## Details\n\nSee [the notice](https://city.example/harbour) and quote ND\\-style references as they are.`;
    const response = await agent.post<TicketDetailDto>(`/api/tickets/${id}/replies`, { body });
    expect(response.status).toBe(201);
    const reply = await mailTo('jo@daily.example', (mail) => !mail.parsed.headers.get('auto-submitted'));
    expect(reply.parsed.from?.value[0]).toEqual({ name: 'Maria Lopez, City Press Office', address: INTAKE });
    expect(reply.parsed.replyTo?.value).toEqual([{ name: '', address: INTAKE }]);
    const text = reply.parsed.text ?? '';
    const subjectReference = referenceInSubject(reply.parsed.subject ?? '', reference);
    expect(reply.parsed.subject).toContain(`[${reference}]`);
    // The reference as the body wrote it, with no Markdown escape or emphasis around it.
    expect(text).toContain(`Your inquiry ${reference} is answered: the works end on Friday.`);
    expect(subjectReference).toContain(reference);
    expect(text).toContain('Details');
    expect(text).not.toContain('DETAILS');
    expect(text).toContain('the notice <https://city.example/harbour>');
    expect(text).not.toMatch(/\*\*|\\-|##|\]\(/);
    expect(text).toContain('-- \nMaria Lopez\nCity Press Office');
    // No hard wrap: the long sentence stays on one line.
    expect(text.split('\n').some((line) => line.length > 78)).toBe(true);

    const ticket = (
      await waitFor(async () => {
        const current = (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
        return current.messages.at(-1)?.delivery?.status === 'sent' ? current : null;
      }, 'the reply marked sent')
    );
    expect(ticket.messages.at(-1)?.delivery?.via).toBe('smtp');
  });

  it('refuses to let an officer name smuggle headers into the From line (attack: CRLF in the display name)', async () => {
    const { client: mallory } = await signedInClient(testApp, 'agent');
    expect((await mallory.patch('/api/users/me', { name: 'Mallory\r\nBcc: leak@evil.example' })).status).toBe(200);
    const { id } = await inquire('"Kim Lee" <kim@radio.example>', 'Ferry timetable', 'Is the ferry timetable changing?');
    expect((await mallory.post(`/api/tickets/${id}/replies`, { body: 'No changes planned.' })).status).toBe(201);
    const reply = await mailTo('kim@radio.example', (mail) => (mail.parsed.text ?? '').includes('No changes planned.'));
    expect(reply.envelopeTo).toEqual(['kim@radio.example']);
    expect(reply.parsed.headers.get('bcc')).toBeUndefined();
    expect(reply.parsed.from?.value).toHaveLength(1);
    expect(reply.parsed.from?.value[0]).toEqual({ name: 'Mallory Bcc: leak@evil.example, City Press Office', address: INTAKE });
    expect(capture.received.some((mail) => mail.envelopeTo.includes('leak@evil.example'))).toBe(false);
  });

  it('opens each reply of a story statement with a greeting to its journalist, in the language of the inquiry', async () => {
    const english = await inquire('"Élodie Grant" <egrant@wire.example>', 'Plant fire', 'Can you comment on the fire at the plant? Thanks.');
    const french = await inquire('"Élodie Bernard" <ebernard@quotidien.example>', 'Incendie', 'Bonjour, pouvez-vous commenter l’incendie de l’usine ? Merci.');
    const story = (await agent.post<StoryDetailDto>('/api/stories', { title: 'Plant fire', ticketIds: [english.id, french.id] })).body;
    const statement = (await agent.post<StatementDetailDto>('/api/statements', { title: 'Plant fire', body: 'The fire is **out**; nobody was hurt.', topic: 'fire' })).body;
    expect((await manager.post(`/api/statements/${statement.id}/versions/${statement.versions[0].id}/approve`)).status).toBe(200);
    const sent = await agent.post<StatementSendResultDto>(`/api/stories/${story.id}/statement`, { statementId: statement.id });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ queued: 2, awaitingApproval: 0 });

    const toEnglish = await mailTo('egrant@wire.example', (mail) => (mail.parsed.text ?? '').includes('The fire is out'));
    const toFrench = await mailTo('ebernard@quotidien.example', (mail) => (mail.parsed.text ?? '').includes('The fire is out'));
    expect(toEnglish.parsed.text).toMatch(/^Dear Élodie,\n\nThe fire is out; nobody was hurt\./);
    expect(toFrench.parsed.text).toMatch(/^Bonjour Élodie,\n\nThe fire is out; nobody was hurt\./);
    expect(toEnglish.envelopeTo).toEqual(['egrant@wire.example']);
  });

  it('previews a template as rendered text with sample values, for template editors only', async () => {
    const preview = await manager.post<{ html: string }>('/api/templates/preview', { body: 'Dear {{journalist.name}}, **{{ticket.reference}}** <script>alert(1)</script>' });
    expect(preview.status).toBe(200);
    expect(preview.body.html).toContain('Dear Élodie Martin, <strong>ND-1001</strong>');
    expect(preview.body.html).not.toMatch(/<script|\*\*|\{\{/);
    const unknown = await manager.post<{ message: string }>('/api/templates/preview', { body: 'Hi {{journalist.email}}' });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body)).toContain('unknown {{variable}}');
    expect((await agent.post('/api/templates/preview', { body: 'Hi' })).status).toBe(403);
  });

  it('erases the first name from greetings when the journalist is erased', async () => {
    const { id } = await inquire('"Élodie Perrin" <eperrin@quotidien.example>', 'Marché de Noël', 'Bonjour, quand ouvre le marché de Noël ? Merci beaucoup.');
    await ackTo('eperrin@quotidien.example');
    const story = (await agent.post<StoryDetailDto>('/api/stories', { title: 'Marché', ticketIds: [id] })).body;
    const sent = await agent.post<StatementSendResultDto>(`/api/stories/${story.id}/statement`, { body: 'Le marché ouvre le 1er décembre.' });
    expect(sent.status).toBe(201);
    const withName = async () =>
      (
        await db.query(
          `SELECT text FROM outbound_messages WHERE ticket_id = $1 AND (text LIKE '%Élodie%' OR html LIKE '%Élodie%')
           UNION ALL SELECT text FROM messages WHERE ticket_id = $1 AND kind <> 'inbound' AND (text LIKE '%Élodie%' OR html LIKE '%Élodie%' OR new_text LIKE '%Élodie%')`,
          [id],
        )
      ).rows;
    expect((await withName()).length).toBeGreaterThanOrEqual(1);

    const { client: admin } = await signedInClient(testApp, 'admin');
    const ticket = (await admin.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
    expect((await admin.post(`/api/journalists/${ticket.journalist!.id}/erase`, { confirm: 'eperrin@quotidien.example' })).status).toBe(200);
    expect(await withName()).toEqual([]);
    const { rows } = await db.query(`SELECT text FROM outbound_messages WHERE ticket_id = $1 AND kind = 'acknowledgement'`, [id]);
    expect(rows[0].text).toMatch(/^Bonjour,\n\nMerci pour votre demande/);
  });

  it("sends the office's own acknowledgement for the inquiry's language, and the built-in text for other languages", async () => {
    const refused = await manager.post('/api/templates', { kind: 'acknowledgement', name: 'Deutsch', body: 'Danke.', language: 'de' });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toContain('language must be one of: en, fr');
    const created = await manager.post('/api/templates', {
      kind: 'acknowledgement',
      name: 'Accusé de réception',
      body: 'Bonjour,\n\nNous avons bien reçu votre demande **{{ticket.reference}}**. Le service de presse',
      language: 'fr',
    });
    expect(created.status).toBe(201);

    const french = await inquire('"Luc Moreau" <luc@quotidien.example>', 'Travaux', 'Bonjour, quand les travaux de la gare seront-ils terminés ? Merci.');
    const frenchText = (await ackTo('luc@quotidien.example')).parsed.text ?? '';
    expect(frenchText).toContain(`Nous avons bien reçu votre demande ${french.reference}.`);
    expect(frenchText).not.toMatch(/\*|\\/);

    await inquire('"Ann Lee" <ann@wire.example>', 'Station works', 'Hello, when will the station works be finished? Thanks.');
    expect((await ackTo('ann@wire.example')).parsed.text).toMatch(/^Dear Ann,\n\nThank you for your inquiry/);
  });
});

describe('with no mail server configured, and replies signed by the office', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ MAIL_FROM_NAME: 'City Press Office', MAIL_FROM_STYLE: 'office' });
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    expect((await agent.patch('/api/users/me', { name: 'Maria Lopez' })).status).toBe(200);
  }, 60_000);
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  it("writes the reply to the local outbox as the office, and says it waits there instead of 'sent'", async () => {
    await smtp.sendMail({ from: '"Jo Reporter" <jo@daily.example>', to: INTAKE, subject: 'Tram lines', text: 'Which tram lines close?', messageId: '<tram@daily.example>' });
    const { ticket_id: id } = await waitFor(async () => {
      const { rows } = await db.query(`SELECT ticket_id FROM raw_messages WHERE message_id = 'tram@daily.example' AND outcome = 'created'`);
      return rows[0] as { ticket_id: string } | undefined;
    }, 'the inquiry');
    expect((await agent.post(`/api/tickets/${id}/replies`, { body: 'Lines **3** and 4.' })).status).toBe(201);
    const ticket = await waitFor(async () => {
      const current = (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
      return current.messages.at(-1)?.delivery?.status === 'sent' ? current : null;
    }, 'the reply written to the outbox');
    expect(ticket.messages.at(-1)?.delivery?.via).toBe('outbox');

    const outbox = (await admin.get<Page<OutboxItemDto>>('/api/outbox?kind=reply')).body.items;
    expect(outbox[0]).toMatchObject({ via: 'outbox', fromName: 'City Press Office', text: 'Lines 3 and 4.' });
    // Staff notices (sign-in changes, later reset links) stay out of the managers' outbox list.
    await admin.post('/api/outbox/test', { to: 'ops@press.example' });
    const notices = (await admin.get<Page<OutboxItemDto>>('/api/outbox?kind=test')).body.items;
    expect(notices[0]).toMatchObject({ kind: 'test', text: null });
    const folder = join(testApp.config.DATA_DIR, 'outbox');
    const inFolder = await Promise.all(readdirSync(folder).flatMap((name) => splitMbox(readFileSync(join(folder, name)))).map((mail) => simpleParser(mail)));
    const parsed = inFolder.find((mail) => mail.text?.trim() === 'Lines 3 and 4.')!;
    expect(parsed.from?.value[0]).toEqual({ name: 'City Press Office', address: INTAKE });
    expect(parsed.text?.trim()).toBe('Lines 3 and 4.');
  });
});
