import type { Page, StatementDeliveryDto, StatementDetailDto, StatementSendResultDto, StoryDetailDto, TicketDetailDto } from '@newsdesk/shared';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const JOURNALISTS = 30;
const LINE = 'The fire at the Riverside plant is under control. Residents may open their windows again.';

describe('one approved statement to a story of 30 journalists', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let manager: HttpClient;
  /** Ticket id → the journalist's address and the Message-ID of their inquiry. */
  const inquiries = new Map<string, { address: string; messageId: string; outletId: string | null; journalistId: string | null }>();
  let phoneTicket: TicketDetailDto;
  let story: StoryDetailDto;
  let statement: StatementDetailDto;
  let sent: StatementSendResultDto;

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', MAIL_FROM_NAME: 'City Press Office' });
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    await testApp.app.get(OutboxWorker).start();
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    for (const [name, domain] of [['Daily Example', 'daily.example'], ['Radio Example', 'radio.example'], ['Wire Example', 'wire.example']]) {
      expect((await manager.post('/api/outlets', { name, domains: [domain] })).status).toBe(201);
    }

    const domains = ['daily.example', 'radio.example', 'wire.example'];
    for (let index = 0; index < JOURNALISTS; index += 1) {
      const address = `reporter${index}@${domains[index % 3]}`;
      const messageId = `fire-${index}@${domains[index % 3]}`;
      await smtp.sendMail({
        from: `"Reporter ${index}" <${address}>`,
        to: INTAKE,
        subject: index % 2 ? 'Riverside chemical plant fire' : `Fire at Riverside plant: comment? (${index})`,
        text: `Can you comment on the fire at the Riverside chemical plant? Deadline in ${index + 1} hours.`,
        messageId: `<${messageId}>`,
      });
    }
    const rows = await waitFor(async () => {
      const { rows } = await db.query(
        `SELECT r.ticket_id, r.message_id, r.from_address, t.journalist_id, t.outlet_id
           FROM raw_messages r JOIN tickets t ON t.id = r.ticket_id WHERE r.outcome = 'created'`,
      );
      return rows.length === JOURNALISTS ? rows : null;
    }, 'thirty inquiries through intake');
    for (const row of rows) {
      inquiries.set(row.ticket_id, { address: row.from_address, messageId: row.message_id, outletId: row.outlet_id, journalistId: row.journalist_id });
    }
    // A phone inquiry without an address: the one that cannot be answered by mail.
    phoneTicket = (await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Riverside fire (phone)', text: 'Caller asked about the fire.' })).body;

    const created = await agent.post<StoryDetailDto>('/api/stories', { title: 'Riverside chemical plant fire', ticketIds: [...inquiries.keys(), phoneTicket.reference] });
    expect(created.status).toBe(201);
    story = created.body;
    statement = (await agent.post<StatementDetailDto>('/api/statements', { title: 'Riverside fire: all clear', body: LINE, topic: 'riverside fire' })).body;
    const approved = await manager.post<StatementDetailDto>(`/api/statements/${statement.id}/versions/${statement.versions[0].id}/approve`);
    expect(approved.status).toBe(200);

    const response = await agent.post<StatementSendResultDto>(`/api/stories/${story.id}/statement`, { statementId: statement.id, status: 'pending' });
    expect(response.status).toBe(201);
    sent = response.body;
  }, 120_000);
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('queues 30 replies and reports the ticket without an address as failed, without stopping the others', () => {
    expect(story.ticketCount).toBe(JOURNALISTS + 1);
    expect(sent).toMatchObject({ statementId: statement.id, statementVersionId: statement.versions[0].id, version: 1, queued: JOURNALISTS, failed: 1, skipped: 0 });
    expect(sent.results).toHaveLength(JOURNALISTS + 1);
    expect(sent.results.filter((result) => result.result === 'failed')).toEqual([
      { ticketId: phoneTicket.id, reference: phoneTicket.reference, result: 'failed', reason: `${phoneTicket.reference} has no journalist address to send to`, messageId: null, deliveryId: null },
    ]);
    // Sent in deadline order: the story's own order.
    expect(sent.results.map((result) => result.ticketId)).toEqual(story.tickets.map((ticket) => ticket.id));
  });

  it('puts 30 individually threaded replies in the outbox: one ticket, one journalist, one Message-ID each, nobody else', async () => {
    const { rows } = await db.query(
      `SELECT ticket_id, message_id, to_addresses, cc_addresses, headers, rfc_message_id, subject, text
         FROM outbound_messages WHERE kind = 'reply'`,
    );
    expect(rows).toHaveLength(JOURNALISTS);
    expect(new Set(rows.map((row) => row.ticket_id))).toEqual(new Set(inquiries.keys()));
    expect(new Set(rows.map((row) => row.rfc_message_id)).size).toBe(JOURNALISTS);
    for (const row of rows) {
      const inquiry = inquiries.get(row.ticket_id)!;
      const reference = story.tickets.find((ticket) => ticket.id === row.ticket_id)!.reference;
      expect(row.to_addresses.map((address: { address: string }) => address.address)).toEqual([inquiry.address]);
      expect(row.cc_addresses).toEqual([]);
      expect(Object.keys(row.headers).map((name) => name.toLowerCase())).not.toContain('bcc');
      expect(row.headers['In-Reply-To']).toBe(`<${inquiry.messageId}>`);
      expect(row.headers.References).toContain(`<${inquiry.messageId}>`);
      expect(row.subject).toMatch(new RegExp(`^Re: .*\\[${reference}\\]$`));
      expect(row.text).toContain(LINE);
    }
  });

  it('delivers each as its own mail to its own journalist, threaded to their inquiry', async () => {
    const replies = await waitFor(async () => {
      const found = capture.received.filter((mail) => mail.parsed.text?.includes(LINE));
      return found.length >= JOURNALISTS ? found : null;
    }, 'thirty replies at the capture server', 30_000);
    expect(replies).toHaveLength(JOURNALISTS);
    const byAddress = new Map([...inquiries.values()].map((inquiry) => [inquiry.address, inquiry]));
    for (const mail of replies) {
      expect(mail.envelopeTo).toHaveLength(1);
      const inquiry = byAddress.get(mail.envelopeTo[0])!;
      expect(inquiry).toBeDefined();
      expect(mail.parsed.to).toMatchObject({ value: [{ address: inquiry.address }] });
      expect(mail.parsed.cc).toBeUndefined();
      expect(mail.parsed.bcc).toBeUndefined();
      expect(mail.parsed.inReplyTo).toBe(`<${inquiry.messageId}>`);
    }
    expect(new Set(replies.map((mail) => mail.envelopeTo[0])).size).toBe(JOURNALISTS);
    expect(new Set(replies.map((mail) => mail.parsed.messageId)).size).toBe(JOURNALISTS);
  });

  it('records which version went to which journalist and outlet, when, for every reply', async () => {
    const { rows } = await db.query(
      `SELECT d.ticket_id, d.journalist_id, d.outlet_id, d.story_id, d.statement_version_id, d.message_id, d.rfc_message_id, o.message_id AS outbox_message_id, o.rfc_message_id AS outbox_rfc
         FROM statement_deliveries d LEFT JOIN outbound_messages o ON o.message_id = d.message_id AND o.kind = 'reply'
        WHERE d.statement_id = $1`,
      [statement.id],
    );
    expect(rows).toHaveLength(JOURNALISTS);
    for (const row of rows) {
      const inquiry = inquiries.get(row.ticket_id)!;
      expect(row).toMatchObject({
        journalist_id: inquiry.journalistId,
        outlet_id: inquiry.outletId,
        story_id: story.id,
        statement_version_id: statement.versions[0].id,
        outbox_message_id: row.message_id,
        outbox_rfc: row.rfc_message_id,
      });
      expect(inquiry.outletId).not.toBeNull();
    }

    const deliveries = await agent.get<Page<StatementDeliveryDto>>(`/api/statements/${statement.id}/deliveries?limit=20`);
    expect(deliveries.body.items).toHaveLength(20);
    expect(deliveries.body.items[0]).toMatchObject({ version: 1, story: { id: story.id }, journalist: { email: expect.any(String) }, outlet: { name: expect.any(String) } });
    const rest = await agent.get<Page<StatementDeliveryDto>>(`/api/statements/${statement.id}/deliveries?limit=20&cursor=${deliveries.body.nextCursor}`);
    expect(rest.body.items).toHaveLength(JOURNALISTS - 20);
    expect(rest.body.nextCursor).toBeNull();
    expect(new Set([...deliveries.body.items, ...rest.body.items].map((item) => item.ticket?.id)).size).toBe(JOURNALISTS);
  });

  it('keeps each ticket its own status, first response and history, and shows the statement on the story page', async () => {
    const { body } = await agent.get<StoryDetailDto>(`/api/stories/${story.id}`);
    for (const ticket of body.tickets) {
      if (ticket.id === phoneTicket.id) {
        expect(ticket).toMatchObject({ status: 'new', firstResponseAt: null, lastStatement: null });
        continue;
      }
      expect(ticket).toMatchObject({ status: 'pending', firstResponseAt: expect.any(String), lastStatement: { statementId: statement.id, version: 1 } });
    }
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM events WHERE type = 'statement.delivered' AND entity_id = $1`, [statement.id]);
    expect(rows[0].n).toBe(JOURNALISTS);
  });

  it('does not send the same version twice when the story is sent again', async () => {
    const again = await agent.post<StatementSendResultDto>(`/api/stories/${story.id}/statement`, { statementId: statement.id });
    expect(again.body).toMatchObject({ queued: 0, skipped: JOURNALISTS, failed: 1 });
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE kind = 'reply'`);
    expect(rows[0].n).toBe(JOURNALISTS);
  });
});
