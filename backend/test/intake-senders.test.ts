import type { TicketDetailDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Senders as real mail writes them, sent as raw bytes through the SMTP door with an explicit envelope. */
describe('intake: who sent the mail', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    ({ client: agent } = await signedInClient(testApp, 'agent'));
  });
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
  });

  /** Sends `headers` (without Message-ID) over SMTP with the given MAIL FROM and returns the ticket it became. */
  const deliver = async (id: string, headers: string, envelopeFrom = 'bounces@relay.example'): Promise<TicketDetailDto> => {
    const raw = `${headers}\r\nTo: ${INTAKE}\r\nSubject: Sender case ${id}\r\nMessage-ID: <${id}@senders.example>\r\nDate: Mon, 3 Jun 2024 10:02:00 +0000\r\n\r\nA question about the budget.\r\n`;
    const info = await smtp.sendMail({ envelope: { from: envelopeFrom, to: [INTAKE] }, raw });
    expect(info.response).toMatch(/^250 /);
    const row = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [`${id}@senders.example`]);
      return rows[0] as { outcome: string; ticket_id: string | null } | undefined;
    }, `intake of ${id}`);
    expect(row.outcome).toBe('created');
    return (await agent.get<TicketDetailDto>(`/api/tickets/${row.ticket_id}`)).body;
  };

  it('takes the From: that parses as a mailbox and records the other one', async () => {
    const ticket = await deliver('two-from', 'From: The Daily newsroom\r\nFrom: Jane Roe <jane@daily.example>');
    expect(ticket.journalist).toMatchObject({ email: 'jane@daily.example', name: 'Jane Roe' });
    expect(ticket.messages[0]).toMatchObject({ from: { name: 'Jane Roe', address: 'jane@daily.example' }, senderSource: 'from', otherFrom: ['The Daily newsroom'] });
  });

  it('falls back to Reply-To: when From: is unusable, and says so', async () => {
    const ticket = await deliver('reply-to', 'From: undisclosed\r\nReply-To: Desk <desk@weekly.example>\r\nSender: relay@weekly.example');
    expect(ticket.messages[0]).toMatchObject({ from: { name: 'Desk', address: 'desk@weekly.example' }, senderSource: 'reply-to', otherFrom: [] });
  });

  it('falls back to Sender: when neither From: nor Reply-To: is usable', async () => {
    const ticket = await deliver('sender', 'Reply-To: <>\r\nSender: Assistant <assistant@weekly.example>');
    expect(ticket.messages[0]).toMatchObject({ from: { address: 'assistant@weekly.example' }, senderSource: 'sender' });
  });

  it('falls back to the envelope sender last', async () => {
    const ticket = await deliver('envelope', 'From: nobody', 'reporter@monthly.example');
    expect(ticket.journalist).toMatchObject({ email: 'reporter@monthly.example' });
    expect(ticket.messages[0]).toMatchObject({ from: { address: 'reporter@monthly.example' }, senderSource: 'envelope' });
  });

  it('decodes a display name with an encoded comma once and exactly', async () => {
    const ticket = await deliver('encoded-comma', 'From: =?utf-8?q?Dupont=2C_Jean?= <jean@quotidien.example>');
    expect(ticket.journalist).toMatchObject({ email: 'jean@quotidien.example', name: 'Dupont, Jean' });
    expect(ticket.messages[0].from).toEqual({ name: 'Dupont, Jean', address: 'jean@quotidien.example' });
  });

  it('keeps quotes and commas of a quoted display name', async () => {
    const ticket = await deliver('quoted-name', 'From: "Smith, John \\"JJ\\"" <john@herald.example>');
    expect(ticket.messages[0].from).toEqual({ name: 'Smith, John "JJ"', address: 'john@herald.example' });
  });

  it('normalises an address written with spaces to that address, never to another', async () => {
    const ticket = await deliver('spaced', 'From: john . doe @ herald.example');
    expect(ticket.messages[0].from?.address).toBe('john.doe@herald.example');
    expect(ticket.journalist).toMatchObject({ email: 'john.doe@herald.example' });
  });

  it('drops comments around and inside an address', async () => {
    const before = await deliver('comment-before', 'From: (press desk) desk@herald.example');
    expect(before.messages[0].from?.address).toBe('desk@herald.example');
    const inside = await deliver('comment-inside', 'From: Pete <pete(his account)@herald.example(his host)>');
    expect(inside.messages[0].from).toEqual({ name: 'Pete', address: 'pete@herald.example' });
  });
});
