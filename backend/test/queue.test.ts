import type { Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import type Mail from 'nodemailer/lib/mailer/index.js';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { TicketMessageTimes1766790000000 } from '../src/database/migrations/1766790000000-ticket-message-times.js';
import { IntakeService } from '../src/intake/intake.service.js';
import { EFFECTIVE_DEADLINE } from '../src/tickets/tickets.service.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { compose } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

const TRUSTED_MX = 'mx.newsdesk.test';

describe('the queue: detected deadlines, ordering and read state', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let colleague: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp({ OFFICE_TIMEZONE: 'Europe/London', INTAKE_TRUSTED_AUTHSERV_IDS: TRUSTED_MX });
    db = await connectDatabase(testApp);
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: colleague } = await signedInClient(testApp, 'agent'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  /** A journalist's mail through the real pipeline, vouched for by the trusted MX so it threads. */
  const mail = async (options: Mail.Options & { from: string; messageId: string }) => {
    const domain = options.from.split('@')[1].replace(/>$/, '');
    const bytes = Buffer.concat([
      Buffer.from(`Authentication-Results: ${TRUSTED_MX}; dkim=pass header.d=${domain}; dmarc=pass (p=none) header.from=${domain}\r\n`),
      await compose(options),
    ]);
    return testApp.app.get(IntakeService).receive({ bytes, door: 'import', source: `${options.messageId}.eml` });
  };
  const ticket = async (id: string, client = agent) => (await client.get<TicketDetailDto>(`/api/tickets/${id}`)).body;
  const queue = async (query: string, client = agent) => {
    const response = await client.get<Page<TicketQueueItemDto>>(`/api/tickets?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };
  /** Every page of a sort, following nextCursor, limited to the tickets a test made. */
  const walk = async (query: string, ids: string[]) => {
    const seen: TicketQueueItemDto[] = [];
    let cursor: string | null = null;
    for (let pages = 0; pages < 500; pages++) {
      const page = await queue(`${query}&limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items);
      cursor = page.nextCursor;
      if (!cursor) break;
    }
    return seen.filter((item) => ids.includes(item.id));
  };

  it('shows a deadline detected in the mail at once, marked detected, and orders the queue by it', async () => {
    const sent = new Date('2027-03-01T09:00:00Z');
    const detected = await mail({ from: 'ana@tribune.example', subject: 'Bridge closure', date: sent, text: 'Could you comment on the closure? I need it by 3pm today.', messageId: '<detected.1@tribune.example>' });
    const none = await mail({ from: 'ben@tribune.example', subject: 'General question', date: sent, text: 'Who runs the press office?', messageId: '<none.1@tribune.example>' });
    const later = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Phoned in',
      text: 'Caller wants figures.',
      deadlineAt: '2027-03-01T17:00:00Z',
      journalist: { name: 'Cai', email: 'cai@tribune.example' },
    });
    const sooner = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Phoned in early',
      text: 'Caller wants a line.',
      deadlineAt: '2027-03-01T12:00:00Z',
      journalist: { name: 'Dee', email: 'dee@tribune.example' },
    });
    const ids = [detected.ticketId!, none.ticketId!, later.body.id, sooner.body.id];

    const first = await ticket(detected.ticketId!);
    expect(first).toMatchObject({ deadlineAt: null, suggestedDeadlineAt: '2027-03-01T15:00:00.000Z', effectiveDeadlineAt: '2027-03-01T15:00:00.000Z', deadlineSource: 'detected' });

    const ordered = await walk('sort=deadline', ids);
    expect(ordered.map((item) => item.id)).toEqual([sooner.body.id, detected.ticketId, later.body.id, none.ticketId]);
    expect(ordered.map((item) => item.deadlineSource)).toEqual(['confirmed', 'detected', 'confirmed', null]);
    expect(ordered[1].effectiveDeadlineAt).toBe('2027-03-01T15:00:00.000Z');

    // The deadline filter works by the same effective deadline.
    const before = await queue(`deadlineBefore=${encodeURIComponent('2027-03-01T16:00:00Z')}&limit=100`);
    expect(before.items.map((item) => item.id)).toEqual(expect.arrayContaining([sooner.body.id, detected.ticketId]));
    expect(before.items.map((item) => item.id)).not.toContain(later.body.id);
  });

  it('lets a follow-up move a detected deadline, records it, and ignores what the follow-up only quotes', async () => {
    const sent = new Date('2027-03-02T09:00:00Z');
    const created = await mail({ from: 'eve@courier.example', subject: 'Budget', date: sent, text: 'A comment please, by 5pm today.', messageId: '<budget.1@courier.example>' });
    expect((await ticket(created.ticketId!)).suggestedDeadlineAt).toBe('2027-03-02T17:00:00.000Z');

    const followUp = await mail({
      from: 'eve@courier.example',
      subject: 'Re: Budget',
      date: new Date('2027-03-02T10:00:00Z'),
      inReplyTo: '<budget.1@courier.example>',
      references: ['<budget.1@courier.example>'],
      text: 'Sorry, can you get back to me by 4pm instead?\n\nOn Tue, Eve wrote:\n> A comment please, by 5pm today.',
      messageId: '<budget.2@courier.example>',
    });
    expect(followUp).toMatchObject({ outcome: 'appended', ticketId: created.ticketId });
    const moved = await ticket(created.ticketId!);
    expect(moved).toMatchObject({ deadlineAt: null, suggestedDeadlineAt: '2027-03-02T16:00:00.000Z', effectiveDeadlineAt: '2027-03-02T16:00:00.000Z', deadlineSource: 'detected' });
    const event = moved.events.find((entry) => entry.type === 'deadline.detected');
    expect(event).toMatchObject({ before: { suggestedDeadlineAt: '2027-03-02T17:00:00.000Z' }, after: { suggestedDeadlineAt: '2027-03-02T16:00:00.000Z' } });

    // A follow-up without a deadline leaves the detected one alone.
    await mail({ from: 'eve@courier.example', subject: 'Re: Budget', date: new Date('2027-03-02T11:00:00Z'), inReplyTo: '<budget.2@courier.example>', text: 'Thanks, talk soon.', messageId: '<budget.3@courier.example>' });
    expect((await ticket(created.ticketId!)).suggestedDeadlineAt).toBe('2027-03-02T16:00:00.000Z');
  });

  it('never lets a follow-up replace a confirmed deadline, but offers the newer one for confirmation', async () => {
    const created = await mail({ from: 'fay@herald.example', subject: 'Hospital', date: new Date('2027-03-03T09:00:00Z'), text: 'Deadline is 5pm today.', messageId: '<hospital.1@herald.example>' });
    const confirm = await agent.patch<TicketDetailDto>(`/api/tickets/${created.ticketId}`, { deadlineAt: '2027-03-03T17:00:00.000Z' });
    expect(confirm.body).toMatchObject({ deadlineAt: '2027-03-03T17:00:00.000Z', suggestedDeadlineAt: null, deadlineSource: 'confirmed' });

    await mail({
      from: 'fay@herald.example',
      subject: 'Re: Hospital',
      date: new Date('2027-03-03T10:00:00Z'),
      inReplyTo: '<hospital.1@herald.example>',
      text: 'Could you get back to me by 2pm instead?',
      messageId: '<hospital.2@herald.example>',
    });
    const offered = await ticket(created.ticketId!);
    expect(offered).toMatchObject({
      deadlineAt: '2027-03-03T17:00:00.000Z',
      suggestedDeadlineAt: '2027-03-03T14:00:00.000Z',
      effectiveDeadlineAt: '2027-03-03T17:00:00.000Z',
      deadlineSource: 'confirmed',
    });
    const [row] = (await queue('sort=deadline&limit=100')).items.filter((item) => item.id === created.ticketId);
    expect(row.effectiveDeadlineAt).toBe('2027-03-03T17:00:00.000Z');

    // Taking the offer confirms it and settles the suggestion.
    const taken = await agent.patch<TicketDetailDto>(`/api/tickets/${created.ticketId}`, { deadlineAt: offered.suggestedDeadlineAt });
    expect(taken.body).toMatchObject({ deadlineAt: '2027-03-03T14:00:00.000Z', suggestedDeadlineAt: null, effectiveDeadlineAt: '2027-03-03T14:00:00.000Z' });
  });

  it('pages by the effective deadline without skipping or repeating tickets, within one status too', async () => {
    const ids: string[] = [];
    for (let n = 0; n < 7; n++) {
      // Alternate detected, confirmed and no deadline, several on the same instant to test the id tie-break.
      const hour = 10 + (n % 3);
      if (n % 3 === 2) {
        ids.push((await agent.post<TicketDetailDto>('/api/tickets', { subject: `Page ${n}`, text: 'x', journalist: { email: `page${n}@wire.example` } })).body.id);
      } else if (n % 2 === 0) {
        const result = await mail({ from: `page${n}@wire.example`, subject: `Page ${n}`, date: new Date('2027-04-01T08:00:00Z'), text: `Need a line by ${hour}am today.`, messageId: `<page.${n}@wire.example>` });
        ids.push(result.ticketId!);
      } else {
        ids.push((await agent.post<TicketDetailDto>('/api/tickets', { subject: `Page ${n}`, text: 'x', deadlineAt: `2027-04-01T${hour}:00:00.000Z`, journalist: { email: `page${n}@wire.example` } })).body.id);
      }
    }
    for (const query of ['sort=deadline', 'sort=deadline&status=new']) {
      const walked = await walk(query, ids);
      expect(walked).toHaveLength(ids.length);
      expect(new Set(walked.map((item) => item.id)).size).toBe(ids.length);
      const keys = walked.map((item) => [item.effectiveDeadlineAt ? Date.parse(item.effectiveDeadlineAt) : Infinity, item.id] as const);
      const sorted = [...keys].sort((a, b) => a[0] - b[0] || (a[1] < b[1] ? -1 : 1));
      expect(keys).toEqual(sorted);
    }
  });

  it('reads the deadline-sorted queue from an index on the effective deadline, not a sort', async () => {
    const plan = async (where: string) => {
      await db.query('BEGIN');
      try {
        // A tiny table would be scanned whole; forbidding that shows whether an index can give the order.
        await db.query('SET LOCAL enable_seqscan = off');
        await db.query('SET LOCAL enable_sort = off');
        const { rows } = await db.query(`EXPLAIN (FORMAT JSON) SELECT t.id FROM tickets t ${where} ORDER BY ${EFFECTIVE_DEADLINE} ASC, t.id ASC LIMIT 26`);
        return JSON.stringify(rows[0]['QUERY PLAN']);
      } finally {
        await db.query('ROLLBACK');
      }
    };
    const everything = await plan('');
    expect(everything).toContain('tickets_effective_deadline_idx');
    expect(everything).not.toContain('"Node Type":"Sort"');
    const open = await plan(`WHERE t.status = 'new'`);
    expect(open).toContain('tickets_status_effective_deadline_idx');
    expect(open).not.toContain('"Node Type":"Sort"');
    const mine = await plan(`WHERE t.assignee_id = '00000000-0000-4000-8000-000000000000' AND t.status = 'open'`);
    expect(mine).toContain('tickets_assignee_status_effective_deadline_idx');
    expect(mine).not.toContain('"Node Type":"Sort"');
  });

  it('marks a ticket unread per officer until they open it, and flags a journalist reply after our answer', async () => {
    const created = await mail({ from: 'gil@gazette.example', subject: 'Schools', date: new Date(), text: 'Any comment on the schools report?', messageId: '<schools.1@gazette.example>' });
    const row = async (client: HttpClient) => (await queue('sort=created&limit=100', client)).items.find((item) => item.id === created.ticketId)!;
    expect(await row(agent)).toMatchObject({ unread: true, repliedSinceAnswer: false });
    expect(await row(colleague)).toMatchObject({ unread: true });

    const opened = await ticket(created.ticketId!);
    expect((await agent.put(`/api/tickets/${created.ticketId}/read`, { upToMessageId: opened.messages.at(-1)!.id })).status).toBe(204);
    expect(await row(agent)).toMatchObject({ unread: false, repliedSinceAnswer: false });
    expect(await row(colleague)).toMatchObject({ unread: true });

    const reply = await agent.post<TicketDetailDto>(`/api/tickets/${created.ticketId}/replies`, { body: 'We will send a statement.' });
    expect(reply.status).toBe(201);
    expect(await row(agent)).toMatchObject({ unread: false, repliedSinceAnswer: false });

    await mail({ from: 'gil@gazette.example', subject: 'Re: Schools', date: new Date(), inReplyTo: '<schools.1@gazette.example>', text: 'Thanks, and one more question.', messageId: '<schools.2@gazette.example>' });
    expect(await row(agent)).toMatchObject({ unread: true, repliedSinceAnswer: true });

    // Marking read up to an older message keeps the newer mail unread; the read state never moves back.
    const first = (await ticket(created.ticketId!)).messages[0];
    await agent.put(`/api/tickets/${created.ticketId}/read`, { upToMessageId: first.id });
    expect(await row(agent)).toMatchObject({ unread: true });
    const latest = (await ticket(created.ticketId!)).messages.at(-1)!;
    await agent.put(`/api/tickets/${created.ticketId}/read`, { upToMessageId: latest.id });
    await agent.put(`/api/tickets/${created.ticketId}/read`, { upToMessageId: first.id });
    expect(await row(agent)).toMatchObject({ unread: false, repliedSinceAnswer: true });
  });

  it('compares the unread and replied markers to the millisecond the dashboard sees, on the queue and the ticket', async () => {
    const created = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Same millisecond', text: 'Timing', journalist: { email: 'ms@times.example' } });
    const id = created.body.id;
    const agentId = (await agent.get<{ user: { id: string } }>('/api/auth/session')).body.user.id;
    const kept = (await db.query(`SELECT last_inbound_at::text, last_outbound_at::text FROM tickets WHERE id = $1`, [id])).rows[0];
    const markers = async () => {
      const item = (await queue('sort=created&limit=200')).items.find((row) => row.id === id)!;
      const detail = await ticket(id);
      return { queue: { unread: item.unread, replied: item.repliedSinceAnswer }, ticket: { unread: detail.unread, replied: detail.repliedSinceAnswer } };
    };
    const times = async (inbound: string, read: string, outbound: string) => {
      await db.query(`UPDATE tickets SET last_inbound_at = $2, last_outbound_at = $3 WHERE id = $1`, [id, inbound, outbound]);
      await db.query(
        `INSERT INTO ticket_reads (user_id, ticket_id, last_read_at) VALUES ($1, $2, $3)
         ON CONFLICT (user_id, ticket_id) DO UPDATE SET last_read_at = EXCLUDED.last_read_at`,
        [agentId, id, read],
      );
    };
    // Later within the same millisecond: neither unread nor replied (the times written out are equal).
    await times('2030-01-01 10:00:00.123900+00', '2030-01-01 10:00:00.123100+00', '2030-01-01 10:00:00.123000+00');
    const same = { unread: false, replied: false };
    expect(await markers()).toEqual({ queue: same, ticket: same });
    // One millisecond later is newer.
    await times('2030-01-01 10:00:00.124000+00', '2030-01-01 10:00:00.123999+00', '2030-01-01 10:00:00.123999+00');
    const newer = { unread: true, replied: true };
    expect(await markers()).toEqual({ queue: newer, ticket: newer });
    // The kept times back as the messages have them (a later test checks they agree).
    await db.query(`UPDATE tickets SET last_inbound_at = $2, last_outbound_at = $3 WHERE id = $1`, [id, kept.last_inbound_at, kept.last_outbound_at]);
  });

  it("refuses to mark read with another ticket's message or a malformed id", async () => {
    const one = await mail({ from: 'hal@gazette.example', subject: 'One', date: new Date(), text: 'First.', messageId: '<one.1@gazette.example>' });
    const two = await mail({ from: 'ivy@gazette.example', subject: 'Two', date: new Date(), text: 'Second.', messageId: '<two.1@gazette.example>' });
    const otherMessage = (await ticket(two.ticketId!)).messages[0].id;

    const crossed = await agent.put(`/api/tickets/${one.ticketId}/read`, { upToMessageId: otherMessage });
    expect(crossed.status).toBe(400);
    expect(crossed.body.message).toBe('upToMessageId must be a message of this ticket');
    const malformed = await agent.put(`/api/tickets/${one.ticketId}/read`, { upToMessageId: "x' OR 1=1 --" });
    expect(malformed.status).toBe(400);
    const { rows } = await db.query('SELECT count(*)::int AS n FROM ticket_reads WHERE ticket_id = ANY($1::uuid[])', [[one.ticketId, two.ticketId]]);
    expect(rows[0].n).toBe(0);
    expect((await new HttpClient(testApp.baseUrl).put(`/api/tickets/${one.ticketId}/read`, { upToMessageId: otherMessage })).status).toBe(401);
  });

  it("refuses to mark a ticket read for someone else: the reader is the session's user, never the body's", async () => {
    const mailed = await mail({ from: 'jon@gazette.example', subject: 'Parking', date: new Date(), text: 'Any comment on parking fees?', messageId: '<parking.1@gazette.example>' });
    const messageId = (await ticket(mailed.ticketId!)).messages[0].id;
    const colleagueId = (await colleague.get<{ user: { id: string } }>('/api/auth/session')).body.user.id;

    const forged = await agent.put(`/api/tickets/${mailed.ticketId}/read`, { upToMessageId: messageId, userId: colleagueId });
    expect(forged.status).toBe(400);
    expect(JSON.stringify(forged.body)).toContain('userId');
    const { rows } = await db.query('SELECT user_id FROM ticket_reads WHERE ticket_id = $1', [mailed.ticketId]);
    expect(rows).toEqual([]);
    const row = (await queue('sort=created&limit=100', colleague)).items.find((item) => item.id === mailed.ticketId)!;
    expect(row.unread).toBe(true);
  });

  it("writes a queue row's timestamps exactly as pg's Date of each column writes them", async () => {
    const created = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Awkward microseconds', text: 'Timing question', journalist: { email: 'micro@times.example' } });
    expect(created.status).toBe(201);
    // Fractions whose float arithmetic truncates oddly (…029 → 28.999…), a full microsecond count, none at all.
    await db.query(
      `UPDATE tickets SET deadline_at = '2031-01-02 03:04:05.029+00', suggested_deadline_at = '2031-01-02 03:04:05.999999+00',
              first_response_at = '2030-06-01 00:00:00+00', last_activity_at = '2030-05-31 23:59:59.0295+00'
        WHERE id = $1`,
      [created.body.id],
    );
    const read = async () =>
      (
        await db.query<Record<string, Date | null>>(
          `SELECT deadline_at, suggested_deadline_at, first_response_at, last_activity_at FROM tickets WHERE id = $1`,
          [created.body.id],
        )
      ).rows[0];
    const rowInQueue = async () => (await queue('sort=created&limit=200')).items.find((row) => row.id === created.body.id);
    const confirmed = await read();
    expect(await rowInQueue()).toMatchObject({
      deadlineAt: confirmed.deadline_at?.toISOString(),
      effectiveDeadlineAt: confirmed.deadline_at?.toISOString(),
      deadlineSource: 'confirmed',
      firstResponseAt: confirmed.first_response_at?.toISOString(),
      lastActivityAt: confirmed.last_activity_at?.toISOString(),
    });
    expect((await rowInQueue())?.deadlineAt).toBe('2031-01-02T03:04:05.029Z');
    // Without a confirmed one, the detected deadline (six fraction digits) is the row's.
    await db.query(`UPDATE tickets SET deadline_at = NULL WHERE id = $1`, [created.body.id]);
    const detected = await read();
    expect(await rowInQueue()).toMatchObject({ deadlineAt: null, effectiveDeadlineAt: detected.suggested_deadline_at?.toISOString(), deadlineSource: 'detected' });
    expect((await rowInQueue())?.effectiveDeadlineAt).toBe('2031-01-02T03:04:05.999Z');
  });

  it('carries the Story and Approval pending badges on queue rows', async () => {
    expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'embargo' })).status).toBe(201);
    const held = await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Embargoed report', text: 'x', tags: ['embargo'], priority: 'urgent', journalist: { email: 'jay@daily.example' } });
    await agent.post(`/api/tickets/${held.body.id}/replies`, { body: 'Draft answer.' });
    const story = await agent.post<{ id: string }>('/api/stories', { title: 'Floods in the north', ticketIds: [held.body.id] });
    expect(story.status).toBe(201);

    const [row] = (await queue('sort=created&limit=100')).items.filter((item) => item.id === held.body.id);
    expect(row).toMatchObject({ priority: 'urgent', approvalPending: true, story: { id: story.body.id, title: 'Floods in the north' } });
  });

  /** Tickets whose kept newest inbound/outbound times differ from their messages' (the source of truth). */
  const driftedMessageTimes = async () =>
    (
      await db.query(
        `SELECT t.id, t.last_inbound_at::text, t.last_outbound_at::text, (SELECT string_agg(m.kind || ' ' || m.created_at::text, ', ') FROM messages m WHERE m.ticket_id = t.id) AS messages FROM tickets t
          WHERE t.last_inbound_at IS DISTINCT FROM (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'inbound')
             OR t.last_outbound_at IS DISTINCT FROM (SELECT max(m.created_at) FROM messages m WHERE m.ticket_id = t.id AND m.kind = 'outbound')`,
      )
    ).rows;

  it("keeps each ticket's newest inbound and outbound message times equal to its messages', and the migration fills them for existing rows", async () => {
    const counts = await db.query<{ inbound: number; outbound: number }>(
      `SELECT count(last_inbound_at)::int AS inbound, count(last_outbound_at)::int AS outbound FROM tickets`,
    );
    // The tests above made tickets by mail, by hand, with replies and follow-ups: both columns were written.
    expect(counts.rows[0].inbound).toBeGreaterThan(0);
    expect(counts.rows[0].outbound).toBeGreaterThan(0);
    expect(await driftedMessageTimes()).toEqual([]);

    const runner = testApp.app.get(DataSource).createQueryRunner();
    try {
      const migration = new TicketMessageTimes1766790000000();
      await migration.down(runner);
      await migration.up(runner);
    } finally {
      await runner.release();
    }
    expect(await driftedMessageTimes()).toEqual([]);
    const after = await db.query(`SELECT count(last_inbound_at)::int AS inbound, count(last_outbound_at)::int AS outbound FROM tickets`);
    expect(after.rows[0]).toEqual(counts.rows[0]);
  });
});

describe('the office settings every screen needs', () => {
  it('tells a signed-in officer the office time zone, and nobody else', async () => {
    const testApp = await createTestApp({ OFFICE_TIMEZONE: 'Europe/Paris' });
    try {
      const { client } = await signedInClient(testApp, 'agent');
      expect((await client.get('/api/office')).body).toEqual({ timeZone: 'Europe/Paris' });
      expect((await new HttpClient(testApp.baseUrl).get('/api/office')).status).toBe(401);
    } finally {
      await testApp.close();
    }
  });
});
