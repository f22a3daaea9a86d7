import type { TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { IntakeService, type IntakeResult } from '../src/intake/intake.service.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose, INTAKE } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Hand-written MIME, CRLF line endings. */
const mime = (...lines: string[]) => Buffer.from(lines.join('\r\n'), 'latin1');

describe('intake pipeline: what a mail becomes', () => {
  let testApp: TestApp;
  let intake: IntakeService;
  let db: pg.Client;
  let agent: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ INTAKE_MAX_PARTS: '200', INTAKE_MAX_NESTING: '10', INTAKE_PARSE_TIMEOUT_MS: '10000', OFFICE_TIMEZONE: 'Europe/London' });
    intake = testApp.app.get(IntakeService);
    db = await connectDatabase(testApp);
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const receive = (bytes: Buffer): Promise<IntakeResult> => intake.receive({ bytes, door: 'import', source: 'test' });
  const ticket = async (id: string) => (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;

  it('renders hostile HTML inert and keeps the plain text', async () => {
    const html = [
      '<p>Hello <b>press office</b></p>',
      '<script>alert(1)</script>',
      '<img src="x" onerror="alert(2)">',
      '<a href="jav&#x09;ascript:alert(3)">click</a>',
      '<svg><script>alert(4)</script></svg>',
      '<div style="background:url(https://tracker.example/p.gif)">styled</div>',
      '<base href="https://evil.example/">',
      '<meta http-equiv="refresh" content="0;url=https://evil.example">',
      '<form action="https://evil.example"><input name="password"></form>',
      '<iframe src="https://evil.example"></iframe>',
      '<img src="https://tracker.example/pixel.gif" alt="pixel">',
    ].join('\n');
    const result = await receive(await compose({ from: 'html@daily.example', subject: 'Hostile', text: 'Plain version', html, messageId: '<hostile@daily.example>' }));
    expect(result.outcome).toBe('created');
    const [message] = (await ticket(result.ticketId!)).messages;
    expect(message.text).toBe('Plain version');
    const stored = message.html!;
    expect(stored).toContain('<b>press office</b>');
    for (const forbidden of ['<script', 'onerror', 'javascript', 'alert(', '<svg', 'url(', '<base', '<meta', '<form', '<input', '<iframe']) {
      expect(stored.toLowerCase()).not.toContain(forbidden);
    }
    expect(stored).not.toMatch(/\ssrc="https:\/\/tracker/);
    expect(stored).toContain('data-remote-src="https://tracker.example/pixel.gif"');
    const { rows } = await db.query('SELECT remote_images FROM messages WHERE message_id = $1', ['hostile@daily.example']);
    expect(rows[0].remote_images).toBe(1);
  });

  it('neutralises path-traversal and RTL-override filenames and rewrites inline cid: images', async () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    const result = await receive(
      await compose({
        from: 'files@daily.example',
        subject: 'Files',
        html: '<p>Chart: <img src="cid:chart@daily"></p>',
        messageId: '<files@daily.example>',
        attachments: [
          { filename: '../../etc/passwd', content: 'root:x:0:0' },
          { filename: 'invoice\u202Efdp.exe', content: 'MZ' },
          { filename: 'chart.png', content: png, cid: 'chart@daily' },
        ],
      }),
    );
    const [message] = (await ticket(result.ticketId!)).messages;
    const names = message.attachments.map((attachment) => attachment.filename);
    expect(names).toHaveLength(3);
    for (const name of names) {
      expect(name).not.toMatch(/[/\\]|\.\.|\u202E/);
    }
    expect(names).toContain('passwd');
    const chart = message.attachments.find((attachment) => attachment.filename === 'chart.png')!;
    expect(chart.inline).toBe(true);
    expect(message.html).toContain(`src="/api/attachments/${chart.id}"`);
    const download = await agent.get(`/api/attachments/${chart.id}`);
    expect(download.status).toBe(200);
  });

  it('decodes ISO-2022-JP and GB18030, survives an unknown charset, and drops NUL bytes', async () => {
    const jp = await receive(
      mime(
        'From: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?= <tanaka@nikkei.example>',
        `To: ${INTAKE}`,
        'Subject: =?ISO-2022-JP?B?GyRCJDMkcyRLJEEkTxsoQg==?=',
        'Message-ID: <jp@nikkei.example>',
        'MIME-Version: 1.0',
        'Content-Type: text/plain; charset=ISO-2022-JP',
        'Content-Transfer-Encoding: 7bit',
        '',
        '\x1b$B$3$s$K$A$O\x1b(B',
        '',
      ),
    );
    expect(jp.outcome).toBe('created');
    const jpTicket = await ticket(jp.ticketId!);
    expect(jpTicket.subject).toBe('こんにちは');
    expect(jpTicket.journalist?.name).toBe('こんにちは');
    expect(jpTicket.messages[0].text).toBe('こんにちは');

    const gbBody = Buffer.from([0xc4, 0xe3, 0xba, 0xc3]); // 你好 in GB18030
    const gb = await receive(
      Buffer.concat([
        mime('From: li@xinhua.example', `To: ${INTAKE}`, 'Subject: =?GB18030?B?xOO6ww==?=', 'Message-ID: <gb@xinhua.example>', 'Content-Type: text/plain; charset=GB18030', '', ''),
        gbBody,
        Buffer.from('\r\n'),
      ]),
    );
    const gbTicket = await ticket(gb.ticketId!);
    expect(gbTicket.subject).toBe('你好');
    expect(gbTicket.messages[0].text).toBe('你好');

    const unknown = await receive(
      mime('From: odd@charset.example', `To: ${INTAKE}`, 'Subject: Odd charset', 'Message-ID: <odd@charset.example>', 'Content-Type: text/plain; charset=x-no-such-charset', '', 'Plain ASCII survives', ''),
    );
    expect(unknown.outcome).toBe('created');
    expect((await ticket(unknown.ticketId!)).messages[0].text).toContain('Plain ASCII survives');

    const nul = await receive(mime('From: nul@bytes.example', `To: ${INTAKE}`, 'Subject: Nul\x00 subject', 'Message-ID: <nul@bytes.example>', '', 'before\x00after', ''));
    expect(nul.outcome).toBe('created');
    const nulTicket = await ticket(nul.ticketId!);
    expect(nulTicket.messages[0].text).toBe('beforeafter');
  });

  it('quarantines a MIME bomb (thousands of parts, deep nesting) with a reason, and keeps the raw bytes', async () => {
    const parts = Array.from({ length: 3000 }, (_, i) => `--b\r\nContent-Type: text/plain\r\n\r\npart ${i}`).join('\r\n');
    const wide = await receive(mime('From: bomb@evil.example', `To: ${INTAKE}`, 'Subject: wide', 'Message-ID: <wide@evil.example>', 'Content-Type: multipart/mixed; boundary="b"', '', parts, '--b--', ''));
    expect(wide.outcome).toBe('quarantined');
    expect(wide.error).toMatch(/more than 200 MIME parts/);

    let nested = 'innermost';
    for (let depth = 30; depth > 0; depth--) {
      nested = `Content-Type: multipart/mixed; boundary="d${depth}"\r\n\r\n--d${depth}\r\n${nested}\r\n--d${depth}--`;
    }
    const deep = await receive(Buffer.from(`From: bomb@evil.example\r\nTo: ${INTAKE}\r\nSubject: deep\r\nMessage-ID: <deep@evil.example>\r\n${nested}\r\n`));
    expect(deep.outcome).toBe('quarantined');
    expect(deep.error).toMatch(/nested multipart/);
    const { rows } = await db.query(`SELECT size, octet_length(bytes) AS stored FROM raw_messages WHERE id = $1`, [deep.rawId]);
    expect(rows[0].stored).toBe(rows[0].size);
  });

  it('lets an admin reprocess a quarantined message, and refuses agents', async () => {
    const bytes = await compose({ from: 'later@daily.example', subject: 'Reprocess me', text: 'Hello', messageId: '<reprocess@daily.example>' });
    const { rows } = await db.query(
      `INSERT INTO raw_messages (door, bytes, sha256, size, outcome, error) VALUES ('smtp', $1, 'x', $2, 'quarantined', 'database was down') RETURNING id`,
      [bytes, bytes.length],
    );
    const id = rows[0].id as string;
    expect((await agent.post(`/api/intake/messages/${id}/reprocess`)).status).toBe(403);
    const quarantined = await admin.get(`/api/intake/messages?outcome=quarantined`);
    expect(quarantined.body.items.map((item: { id: string }) => item.id)).toContain(id);
    const response = await admin.post(`/api/intake/messages/${id}/reprocess`);
    expect(response.status).toBe(200);
    expect(response.body).toMatchObject({ outcome: 'created', error: null, reference: expect.stringMatching(/^ND-/) });
    const again = await admin.post(`/api/intake/messages/${id}/reprocess`);
    expect(again.status).toBe(409);
    expect(again.body.message).toContain('Only quarantined messages can be reprocessed');
    expect((await admin.get(`/api/intake/messages/${id}/raw`)).body).toBe(bytes.toString('latin1'));
  });

  it('keeps and flags a reused Message-ID with a different body, and ignores a true duplicate', async () => {
    const first = await receive(await compose({ from: 'reuse@daily.example', subject: 'Reuse', text: 'First body', messageId: '<reuse@daily.example>' }));
    const same = await receive(await compose({ from: 'reuse@daily.example', subject: 'Reuse', text: 'First body', messageId: '<reuse@daily.example>' }));
    const different = await receive(await compose({ from: 'reuse@daily.example', subject: 'Reuse', text: 'A different body', messageId: '<reuse@daily.example>' }));
    expect(first.outcome).toBe('created');
    expect(same).toMatchObject({ outcome: 'duplicate', ticketId: first.ticketId });
    expect(different).toMatchObject({ outcome: 'appended', ticketId: first.ticketId });
    const { rows } = await db.query(`SELECT text, flags FROM messages WHERE message_id = 'reuse@daily.example' ORDER BY created_at`);
    expect(rows.map((row) => row.text)).toEqual(['First body', 'A different body']);
    expect(rows[1].flags).toContain('message_id_conflict');
  });

  it('gives a mail without Message-ID a stable hash-derived id, so a second copy is a duplicate', async () => {
    const bytes = mime('From: noid@daily.example', `To: ${INTAKE}`, 'Subject: No id', '', 'Body without id', '');
    const first = await receive(bytes);
    const second = await receive(bytes);
    expect(first.outcome).toBe('created');
    expect(first.messageId).toMatch(/@hash\.invalid$/);
    expect(second).toMatchObject({ outcome: 'duplicate', messageId: first.messageId, ticketId: first.ticketId });
  });

  it('suggests the deadline a journalist states, keeping the trimmed new text apart from the quoted history', async () => {
    const result = await receive(
      await compose({
        from: 'deadline@daily.example',
        subject: 'Comment needed',
        date: new Date('2026-06-10T09:00:00Z'),
        text: 'Could you comment on the closure? My deadline is 5pm today.\n\nOn Tue, 9 Jun 2026, Press Office wrote:\n> Earlier statement about something else by Friday noon',
        messageId: '<deadline@daily.example>',
      }),
    );
    const created = await ticket(result.ticketId!);
    expect(created.suggestedDeadlineAt).toBe('2026-06-10T16:00:00.000Z');
    expect(created.deadlineAt).toBeNull();
    const { rows } = await db.query(`SELECT new_text, text FROM messages WHERE message_id = 'deadline@daily.example'`);
    expect(rows[0].new_text).toBe('Could you comment on the closure? My deadline is 5pm today.');
    expect(rows[0].text).toContain('Earlier statement');
  });

  it('quarantines a message larger than the limit instead of half-processing it', async () => {
    const small = await createTestApp({ INTAKE_MAX_MESSAGE_BYTES: String(1024 * 1024), WEB_FORM_MAX_TOTAL_BYTES: '1024', WEB_FORM_MAX_ATTACHMENT_BYTES: '1024' });
    try {
      const result = await small.app.get(IntakeService).receive({ bytes: await compose({ from: 'big@daily.example', subject: 'big', text: 'x'.repeat(1200 * 1024) }), door: 'import' });
      expect(result.outcome).toBe('quarantined');
      expect(result.error).toMatch(/the limit is 1048576/);
    } finally {
      await small.close();
    }
  });
});
