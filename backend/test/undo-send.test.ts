import type { TicketDetailDto } from '@newsdesk/shared';
import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type { Transporter } from 'nodemailer';
import pg from 'pg';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { INTAKE, startMailDoors, waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';
import { Clock } from '../src/common/clock.js';

const UNDO_SECONDS = 10;

describe('undo send, scheduled send and new outbound mail, through a real SMTP server', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let smtp: Transporter;
  let agent: HttpClient;
  let agentUser: TestUser;
  let otherAgent: HttpClient;
  let admin: HttpClient;
  let staff: { client: HttpClient; user: TestUser }[];
  // The app's clock runs with real time plus an offset the tests move forward.
  let offset = 0;
  const clock = { now: () => Date.now() + offset, advance: (ms: number) => (offset += ms) };
  let worker: OutboxWorker;
  let markers = 0;

  const capturedText = (text: string) => capture.received.filter((mail) => mail.parsed.text?.includes(text));
  const arrived = (text: string) => waitFor(async () => (capturedText(text).length ? capturedText(text) : null), `"${text}" at the capture server`);
  const detail = async (id: string) => (await agent.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
  /** Proves a whole outbox pass ran on the current clock: a mail due now is queued behind whatever waits, and we wait for it to arrive. */
  const outboxPass = async () => {
    markers += 1;
    const response = await admin.post('/api/outbox/test', { to: `marker-${markers}@checks.example` });
    expect(response.status).toBe(201);
    worker.kick();
    await waitFor(async () => capture.received.find((mail) => mail.envelopeTo.includes(`marker-${markers}@checks.example`)), `outbox pass ${markers}`);
  };
  const newInquiry = async (subject: string): Promise<TicketDetailDto> => {
    const messageId = `${subject.replace(/\W+/g, '.')}.${Date.now()}@daily.example`;
    await smtp.sendMail({ from: '"Jo Reporter" <jo@daily.example>', to: INTAKE, subject, text: `Question about ${subject}`, messageId: `<${messageId}>` });
    const row = await waitFor(async () => {
      const { rows } = await db.query(`SELECT ticket_id FROM raw_messages WHERE message_id = $1 AND outcome <> 'pending'`, [messageId]);
      return rows[0] as { ticket_id: string } | undefined;
    }, `intake of ${subject}`);
    return detail(row.ticket_id);
  };

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50', REPLY_UNDO_SECONDS: String(UNDO_SECONDS), WORKER_POLL_MS: '3600000' });
    testApp.app.get(Clock).now = () => new Date(clock.now());
    db = await connectDatabase(testApp);
    ({ transport: smtp } = await startMailDoors(testApp));
    worker = testApp.app.get(OutboxWorker);
    await worker.start();
    staff = [await signedInClient(testApp, 'agent'), await signedInClient(testApp, 'agent'), await signedInClient(testApp, 'admin')];
    [agent, otherAgent, admin] = staff.map(({ client }) => client);
    agentUser = staff[0].user;
  });
  /** Moves the injected clock by days; sessions follow that clock (they idle out after 30 minutes), so everyone signs in again then. */
  const advanceDays = async (ms: number) => {
    clock.advance(ms);
    for (const { client, user } of staff) expect((await client.login(user.email, user.password)).status).toBe(200);
  };
  afterAll(async () => {
    smtp.close();
    await db.end();
    await testApp.close();
    await capture.stop();
  });

  it('holds a reply for the undo window, then sends it once the window has passed', async () => {
    const ticket = await newInquiry('Tram timetable');
    const before = clock.now();
    const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'The new timetable starts in May.' });
    const after = clock.now();
    expect(response.status).toBe(201);
    const reply = response.body.messages.at(-1)!;
    expect(reply.delivery).toMatchObject({ status: 'queued', attempts: 0, scheduledFor: null });
    const due = Date.parse(reply.delivery!.dueAt!);
    expect(due).toBeGreaterThanOrEqual(before + UNDO_SECONDS * 1000);
    expect(due).toBeLessThanOrEqual(after + UNDO_SECONDS * 1000);

    await outboxPass();
    expect(capturedText('The new timetable starts in May.')).toHaveLength(0);

    clock.advance((UNDO_SECONDS + 1) * 1000);
    worker.kick();
    const [mail] = await arrived('The new timetable starts in May.');
    expect(mail.parsed.messageId).toBe(`<${reply.messageId}>`);
    await waitFor(async () => (await detail(ticket.id)).messages.at(-1)?.delivery?.status === 'sent', 'the reply marked sent');
  });

  it('undo: a cancelled reply is never sent, keeps its text on the thread and is no first response', async () => {
    const ticket = await newInquiry('Harbour dredging');
    const sent = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Oops, wrong ticket: dredging text.' });
    expect(sent.body.firstResponseAt).not.toBeNull();
    const reply = sent.body.messages.at(-1)!;

    const cancelled = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies/${reply.id}/cancellation`, {});
    expect(cancelled.status).toBe(201);
    const kept = cancelled.body.messages.find((message) => message.id === reply.id)!;
    expect(kept.delivery?.status).toBe('cancelled');
    expect(kept.delivery?.dueAt).toBeNull();
    expect(kept.flags).toContain('cancelled');
    expect(kept.newText).toBe('Oops, wrong ticket: dredging text.');
    expect(cancelled.body.firstResponseAt).toBeNull();
    expect(cancelled.body.events.find((event) => event.type === 'reply.cancelled')).toMatchObject({ actor: { id: agentUser.id } });

    clock.advance((UNDO_SECONDS + 1) * 1000);
    await outboxPass();
    expect(capturedText('dredging text')).toHaveLength(0);
    const { rows } = await db.query(`SELECT status, attempts, cancelled_by_id FROM outbound_messages WHERE message_id = $1`, [reply.id]);
    expect(rows).toEqual([{ status: 'cancelled', attempts: 0, cancelled_by_id: agentUser.id }]);

    // The next reply does not point at the mail that never left.
    const next = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Dredging starts in June.' });
    clock.advance((UNDO_SECONDS + 1) * 1000);
    worker.kick();
    const [mail] = await arrived('Dredging starts in June.');
    expect([mail.parsed.references].flat().join(' ')).not.toContain(reply.messageId!);
    expect(next.body.messages.at(-1)?.messageId).toBeTruthy();
  });

  it('refuses to cancel a reply that has already been sent (409), and the sent record stays', async () => {
    const ticket = await newInquiry('Library hours');
    const reply = (await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Libraries open at nine.' })).body.messages.at(-1)!;
    clock.advance((UNDO_SECONDS + 1) * 1000);
    worker.kick();
    await arrived('Libraries open at nine.');
    await waitFor(async () => (await detail(ticket.id)).messages.at(-1)?.delivery?.status === 'sent', 'the reply marked sent');

    const late = await agent.post(`/api/tickets/${ticket.id}/replies/${reply.id}/cancellation`, {});
    expect(late.status).toBe(409);
    expect(late.body.message).toContain('Too late to cancel: the reply is sent');
    const after = await detail(ticket.id);
    expect(after.messages.at(-1)?.delivery?.status).toBe('sent');
    expect(after.messages.at(-1)?.flags).not.toContain('cancelled');
    expect(after.firstResponseAt).not.toBeNull();
  });

  it('refuses to cancel a reply a worker has already claimed (sending): 409, and the claim is untouched', async () => {
    const ticket = await newInquiry('Pool reopening');
    const reply = (await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'The pool reopens in March.' })).body.messages.at(-1)!;
    // The state a worker leaves mid-conversation with the mail server: claimed, leased, attempt counted.
    await db.query(`UPDATE outbound_messages SET status = 'sending', attempts = 1, next_attempt_at = now() + interval '5 minutes' WHERE message_id = $1`, [reply.id]);
    const late = await agent.post(`/api/tickets/${ticket.id}/replies/${reply.id}/cancellation`, {});
    expect(late.status).toBe(409);
    expect(late.body.message).toBe('Too late to cancel: the reply is sending');
    const { rows } = await db.query(`SELECT status, cancelled_at FROM outbound_messages WHERE message_id = $1`, [reply.id]);
    expect(rows).toEqual([{ status: 'sending', cancelled_at: null }]);
    expect((await detail(ticket.id)).messages.at(-1)?.flags).not.toContain('cancelled');
  });

  it("refuses another agent's cancellation (403) and a reply id from another ticket (404); the reply still goes out", async () => {
    const ticket = await newInquiry('School meals');
    const elsewhere = await newInquiry('Park benches');
    const reply = (await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Meals are free from September.' })).body.messages.at(-1)!;

    const foreign = await otherAgent.post(`/api/tickets/${ticket.id}/replies/${reply.id}/cancellation`, {});
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toContain('Only the author');
    const crossTicket = await agent.post(`/api/tickets/${elsewhere.id}/replies/${reply.id}/cancellation`, {});
    expect(crossTicket.status).toBe(404);
    expect((await agent.post(`/api/tickets/${ticket.id}/replies/not-an-id/cancellation`, {})).status).toBe(404);

    clock.advance((UNDO_SECONDS + 1) * 1000);
    worker.kick();
    await arrived('Meals are free from September.');
    expect((await detail(ticket.id)).events.some((event) => event.type === 'reply.cancelled')).toBe(false);
  });

  it('scheduled send: shows the chosen time, waits for it, and can be cancelled until then', async () => {
    const ticket = await newInquiry('Budget embargo');
    const sendAt = new Date(clock.now() + 2 * 24 * 3_600_000).toISOString();
    const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Embargoed budget figures attached.', sendAt });
    expect(response.status).toBe(201);
    expect(response.body.messages.at(-1)?.delivery).toMatchObject({ status: 'queued', scheduledFor: sendAt, dueAt: sendAt });
    const called = (await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'A scheduled line we call off.', sendAt })).body.messages.at(-1)!;

    await advanceDays(24 * 3_600_000);
    await outboxPass();
    expect(capturedText('Embargoed budget figures')).toHaveLength(0);
    const cancelled = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies/${called.id}/cancellation`, {});
    expect(cancelled.status).toBe(201);
    expect(cancelled.body.events.find((event) => event.type === 'reply.cancelled')?.after).toMatchObject({ scheduledFor: sendAt });

    await advanceDays(24 * 3_600_000 + 1000);
    worker.kick();
    await arrived('Embargoed budget figures attached.');
    await outboxPass();
    expect(capturedText('A scheduled line we call off.')).toHaveLength(0);
  });

  it('refuses a sendAt in the past, beyond a year or not a date, with a 400 and nothing stored', async () => {
    const ticket = await newInquiry('Bus lanes');
    const before = (await detail(ticket.id)).messages.length;
    const past = await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'x', sendAt: new Date(clock.now() - 60_000).toISOString() });
    expect(past.status).toBe(400);
    expect(past.body.message).toContain('sendAt must be in the future');
    const far = await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'x', sendAt: new Date(clock.now() + 400 * 24 * 3_600_000).toISOString() });
    expect(far.status).toBe(400);
    expect(far.body.message).toContain('within a year');
    const garbage = await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'x', sendAt: 'tomorrow at nine' });
    expect(garbage.status).toBe(400);
    expect(JSON.stringify(garbage.body)).toContain('sendAt must be an ISO 8601 date-time');
    expect((await detail(ticket.id)).messages).toHaveLength(before);
  });

  it("a new outbound mail opens a ticket, leaves with our signed Message-ID, and the journalist's answer threads onto it", async () => {
    const response = await agent.post<TicketDetailDto>('/api/tickets/outbound', {
      to: ['kim@weekly.example'],
      journalistName: 'Kim Writer',
      subject: 'Our new harbour plan',
      body: 'Dear Kim, we publish the **harbour plan** on Friday; happy to arrange an interview.',
      requestType: 'interview',
    });
    expect(response.status).toBe(201);
    const ticket = response.body;
    expect(ticket).toMatchObject({ channel: 'email', subject: 'Our new harbour plan', requestType: 'interview', assignee: { id: agentUser.id }, journalist: { name: 'Kim Writer', email: 'kim@weekly.example' } });
    expect(ticket.messages).toHaveLength(1);
    const first = ticket.messages[0];
    expect(first).toMatchObject({ kind: 'outbound', subject: `Our new harbour plan [${ticket.reference}]`, inReplyTo: null, delivery: { status: 'queued' } });
    expect(ticket.events.find((event) => event.type === 'ticket.created')?.after).toMatchObject({ channel: 'email', direction: 'outbound' });

    clock.advance((UNDO_SECONDS + 1) * 1000);
    worker.kick();
    const [mail] = await arrived('harbour plan');
    expect(mail.parsed.subject).toBe(`Our new harbour plan [${ticket.reference}]`);
    expect(mail.parsed.messageId).toBe(`<${first.messageId}>`);
    expect(mail.parsed.inReplyTo).toBeUndefined();
    expect(mail.envelopeTo).toEqual(['kim@weekly.example']);

    const answer = await new MailComposer({
      from: 'Kim Writer <kim@weekly.example>',
      to: INTAKE,
      subject: 'Re: Our new harbour plan',
      text: 'Yes please, Thursday at 10?',
      inReplyTo: mail.parsed.messageId,
      references: [mail.parsed.messageId!],
      messageId: '<kim.answer.1@weekly.example>',
    })
      .compile()
      .build();
    await smtp.sendMail({ envelope: { from: 'kim@weekly.example', to: INTAKE }, raw: answer });
    const raw = await waitFor(async () => {
      const { rows } = await db.query(`SELECT outcome, ticket_id FROM raw_messages WHERE message_id = 'kim.answer.1@weekly.example' AND outcome <> 'pending'`);
      return rows[0] as { outcome: string; ticket_id: string } | undefined;
    }, 'the answer through the SMTP door');
    expect(raw).toEqual({ outcome: 'appended', ticket_id: ticket.id });
    const threaded = await detail(ticket.id);
    expect(threaded.messages.map((message) => message.kind)).toEqual(['outbound', 'inbound']);
    expect(threaded.messages[1].newText).toContain('Thursday at 10');
  });

  it('a new outbound mail to a known journalist follows the approval rules: held, nothing queued', async () => {
    const { rows: [journalist] } = await db.query(`INSERT INTO journalists (name, email) VALUES ('Lee Known', 'lee@paper.example') RETURNING id`);
    expect((await admin.post('/api/approval-rules', { kind: 'all_statements' })).status).toBe(201);
    const response = await agent.post<TicketDetailDto>('/api/tickets/outbound', {
      journalistId: journalist.id,
      subject: 'Statement on the merger',
      body: 'The council welcomes the merger.',
      statement: true,
    });
    expect(response.status).toBe(201);
    const message = response.body.messages[0];
    expect(message.flags).toContain('awaiting_approval');
    expect(message.approval).toMatchObject({ status: 'pending' });
    expect(message.to).toEqual([{ name: 'Lee Known', address: 'lee@paper.example' }]);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE message_id = $1`, [message.id]);
    expect(rows[0].n).toBe(0);
  });

  it('a scheduled reply held for approval keeps its time: approved early, it waits until then', async () => {
    const ticket = await newInquiry('Merger statement');
    const sendAt = new Date(clock.now() + 3 * 24 * 3_600_000).toISOString();
    const held = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Scheduled statement on the merger.', submitForApproval: true, sendAt });
    const message = held.body.messages.at(-1)!;
    expect(message.approval).toMatchObject({ status: 'pending' });

    expect((await admin.post(`/api/approvals/${message.approval!.id}/approve`, {})).status).toBe(200);
    const approved = (await detail(ticket.id)).messages.find((candidate) => candidate.id === message.id)!;
    expect(approved.delivery).toMatchObject({ status: 'queued', scheduledFor: sendAt, dueAt: sendAt });
    await outboxPass();
    expect(capturedText('Scheduled statement on the merger.')).toHaveLength(0);

    await advanceDays(3 * 24 * 3_600_000 + 1000);
    worker.kick();
    await arrived('Scheduled statement on the merger.');
  });

  it('refuses a new outbound mail with a crafted address or no subject (400) and opens no ticket', async () => {
    const count = async () => (await db.query(`SELECT count(*)::int AS n FROM tickets`)).rows[0].n as number;
    const before = await count();
    const injected = await agent.post('/api/tickets/outbound', { to: ['kim@weekly.example\r\nBcc: spy@evil.example'], subject: 'Hi', body: 'x' });
    expect(injected.status).toBe(400);
    expect(injected.body.message).toContain('to[0]');
    const noSubject = await agent.post('/api/tickets/outbound', { to: ['kim@weekly.example'], subject: '  ', body: 'x' });
    expect(noSubject.status).toBe(400);
    expect(JSON.stringify(noSubject.body)).toContain('subject must not be empty');
    const noBody = await agent.post('/api/tickets/outbound', { to: ['kim@weekly.example'], subject: 'Hi', body: ' ' });
    expect(noBody.status).toBe(400);
    const noRecipient = await agent.post('/api/tickets/outbound', { subject: 'Hi', body: 'x' });
    expect(noRecipient.status).toBe(400);
    expect(noRecipient.body.message).toContain('to must name at least one address');
    const smuggled = await agent.post('/api/tickets/outbound', { to: ['kim@weekly.example'], subject: 'Hi', body: 'x', channel: 'web' });
    expect(smuggled.status).toBe(400);
    expect(await count()).toBe(before);
  });

  it('refuses a cancellation without a session (401); the reply stays queued', async () => {
    const anonymous = new HttpClient(testApp.baseUrl);
    const ticket = await newInquiry('Anonymous cancel');
    const reply = (await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Anonymous cannot stop this.' })).body.messages.at(-1)!;
    expect((await anonymous.post(`/api/tickets/${ticket.id}/replies/${reply.id}/cancellation`, {})).status).toBe(401);
    const { rows } = await db.query(`SELECT status FROM outbound_messages WHERE message_id = $1`, [reply.id]);
    expect(rows[0].status).toBe('queued');
  });
});
