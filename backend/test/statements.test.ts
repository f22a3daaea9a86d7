import type { Page, StatementDeliveryDto, StatementDetailDto, StatementSendResultDto, StatementSummaryDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { signedInClient, type TestUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

const LINE = 'The plant operator has contained the fire. **Residents within 1 km** should keep windows closed.';

/** `YYYY-MM-DD`, `days` from today (UTC, as the test database runs). */
const day = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe('statement library', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let agentUser: TestUser;
  let manager: HttpClient;
  let managerUser: TestUser;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    ({ client: manager, user: managerUser } = await signedInClient(testApp, 'manager'));
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const draft = async (body: Record<string, unknown> = {}) => {
    const response = await agent.post<StatementDetailDto>('/api/statements', { title: 'Riverside fire: holding line', body: LINE, topic: ' Safety ', ...body });
    expect(response.status).toBe(201);
    return response.body;
  };
  const approve = (client: HttpClient, statement: StatementDetailDto, versionId = statement.versions[0].id) =>
    client.post<StatementDetailDto>(`/api/statements/${statement.id}/versions/${versionId}/approve`);
  const phoneTicket = async (email: string | null = 'jo@daily.example') =>
    (await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Fire question', text: 'Is it safe?', ...(email ? { journalist: { name: 'Jo', email } } : {}) })).body;

  it('drafts a statement as version 1, owned by its author, waiting for approval', async () => {
    const statement = await draft({ reviewBy: day(30) });
    expect(statement).toMatchObject({
      title: 'Riverside fire: holding line',
      topic: 'safety',
      status: 'draft',
      owner: { id: agentUser.id },
      reviewBy: day(30),
      stale: false,
      currentVersion: null,
      pendingVersion: { version: 1, body: LINE, createdBy: { id: agentUser.id }, approvedBy: null, approvedAt: null },
    });
    expect(statement.versions.map((version) => version.version)).toEqual([1]);
  });

  it('lets only managers and admins approve: an agent gets 403', async () => {
    const statement = await draft();
    expectErrorBody(await approve(agent, statement), 403, /manager or admin role/);
    const approved = await approve(manager, statement);
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({
      status: 'approved',
      currentVersion: { version: 1, body: LINE, approvedBy: { id: managerUser.id }, approvedAt: expect.any(String) },
      pendingVersion: null,
    });
    expect(expectErrorBody(await approve(manager, statement), 409, /already approved/).code).toBe('invalid_state');
  });

  it('turns an edit of approved text into a new version needing approval, leaving the approved text as it was', async () => {
    const statement = await draft();
    const { body: approved } = await approve(manager, statement);
    const v1 = approved.currentVersion!;

    const edited = await agent.post<StatementDetailDto>(`/api/statements/${statement.id}/versions`, { body: `${LINE} Updates at 6pm.` });
    expect(edited.status).toBe(201);
    expect(edited.body).toMatchObject({ status: 'approved', currentVersion: v1, pendingVersion: { version: 2, body: `${LINE} Updates at 6pm.`, approvedAt: null } });
    expect(edited.body.versions.map((version) => [version.version, version.body, !!version.approvedAt])).toEqual([
      [2, `${LINE} Updates at 6pm.`, false],
      [1, LINE, true],
    ]);
    expectErrorBody(await agent.post(`/api/statements/${statement.id}/versions`, { body: `${LINE} Updates at 6pm.` }), 400, /same as version 2/);

    // A third wording replaces the second, which can then no longer be approved.
    const third = await agent.post<StatementDetailDto>(`/api/statements/${statement.id}/versions`, { body: `${LINE} Next update at 8pm.` });
    const v2 = third.body.versions.find((version) => version.version === 2)!;
    expectErrorBody(await approve(manager, statement, v2.id), 409, /replaced by version 3/);
    const v3 = third.body.versions.find((version) => version.version === 3)!;
    const { body: after } = await approve(manager, statement, v3.id);
    expect(after.currentVersion).toMatchObject({ version: 3, body: `${LINE} Next update at 8pm.` });
    expect(after.versions.find((version) => version.version === 1)).toEqual(v1);

    // The database refuses to rewrite a version, approved or not.
    await expect(db.query(`UPDATE statement_versions SET body = 'changed' WHERE id = $1`, [v1.id])).rejects.toThrow(/locked/);
    await expect(db.query(`UPDATE statement_versions SET approved_at = now() WHERE id = $1`, [v1.id])).rejects.toThrow(/stays as it was approved/);
    await expect(db.query(`DELETE FROM statement_versions WHERE id = $1`, [v2.id])).rejects.toThrow(/DELETE is not allowed/);

    const { rows } = await db.query(`SELECT type FROM events WHERE entity_type = 'statement' AND entity_id = $1 ORDER BY id`, [statement.id]);
    expect(rows.map((row) => row.type)).toEqual(['statement.created', 'statement.approved', 'statement.version_created', 'statement.version_created', 'statement.approved']);
  });

  it('refuses to send a draft or unapproved statement with a readable 400', async () => {
    const statement = await draft({ title: 'Unsigned line' });
    const ticket = await phoneTicket();
    expectErrorBody(
      await agent.post(`/api/tickets/${ticket.id}/statement`, { statementId: statement.id }),
      400,
      '"Unsigned line" is a draft: a manager or admin must approve it before it can be sent',
    );
    const { body: story } = await agent.post('/api/stories', { title: 'Fire', ticketIds: [ticket.id] });
    expectErrorBody(await agent.post(`/api/stories/${story.id}/statement`, { statementId: statement.id }), 400, /is a draft/);
    expectErrorBody(await agent.post(`/api/tickets/${ticket.id}/statement`, { statementId: '6f1c2d3e-0000-4000-8000-000000000000' }), 400, /not a statement in the library/);
    const { rows } = await db.query(`SELECT count(*)::int AS n FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [ticket.id]);
    expect(rows[0].n).toBe(0);
  });

  it('sends the approved version to one ticket, records the delivery, and does not send it twice', async () => {
    const statement = await draft({ title: 'Single send' });
    await approve(manager, statement);
    await agent.post(`/api/statements/${statement.id}/versions`, { body: 'A newer wording, not approved yet.' });
    const ticket = await phoneTicket('kim@radio.example');

    const sent = await agent.post<StatementSendResultDto>(`/api/tickets/${ticket.reference}/statement`, { statementId: statement.id, status: 'resolved' });
    expect(sent.status).toBe(201);
    expect(sent.body).toMatchObject({ statementId: statement.id, statementVersionId: statement.versions[0].id, version: 1, queued: 1, failed: 0 });
    const [result] = sent.body.results;
    expect(result).toMatchObject({ ticketId: ticket.id, reference: ticket.reference, result: 'queued', messageId: expect.any(String), deliveryId: expect.any(String) });

    const { rows: outbox } = await db.query(`SELECT to_addresses, text, rfc_message_id FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [ticket.id]);
    expect(outbox).toHaveLength(1);
    expect(outbox[0].to_addresses.map((address: { address: string }) => address.address)).toEqual(['kim@radio.example']);
    expect(outbox[0].text).toContain(LINE.replaceAll('**', ''));
    expect(outbox[0].text).not.toContain('newer wording');
    expect(outbox[0].rfc_message_id).toBe(result.messageId);

    const { body: detail } = await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`);
    expect(detail).toMatchObject({ status: 'resolved', outcome: 'statement_given', firstResponseAt: expect.any(String) });
    expect(detail.events.map((event) => event.type)).toEqual(expect.arrayContaining(['reply.queued', 'statement.delivered']));

    const deliveries = await agent.get<Page<StatementDeliveryDto>>(`/api/statements/${statement.id}/deliveries`);
    expect(deliveries.body.items).toEqual([
      expect.objectContaining({
        id: result.deliveryId,
        statementVersionId: statement.versions[0].id,
        version: 1,
        ticket: { id: ticket.id, reference: ticket.reference, subject: 'Fire question' },
        journalist: expect.objectContaining({ email: 'kim@radio.example' }),
        story: null,
        messageId: result.messageId,
        sentBy: expect.objectContaining({ id: agentUser.id }),
      }),
    ]);

    expectErrorBody(await agent.post(`/api/tickets/${ticket.id}/statement`, { statementId: statement.id }), 409, /already got version 1/);
    const noAddress = await phoneTicket(null);
    expectErrorBody(await agent.post(`/api/tickets/${noAddress.id}/statement`, { statementId: statement.id }), 400, /has no journalist address/);
    expect((await agent.post('/api/tickets/ND-999999/statement', { statementId: statement.id })).status).toBe(404);
  });

  it('flags statements past their review date and filters by stale, topic and status', async () => {
    const stale = await draft({ title: 'Old line', topic: 'Transport', reviewBy: day(-2) });
    const fresh = await draft({ title: 'Fresh line', topic: 'transport', reviewBy: day(2) });
    expect(stale.stale).toBe(true);
    expect(fresh.stale).toBe(false);

    const ids = async (query: string) => (await agent.get<Page<StatementSummaryDto>>(`/api/statements?${query}`)).body.items.map((item) => item.id);
    expect(await ids('stale=true')).toEqual([stale.id]);
    expect(await ids('stale=false&topic=TRANSPORT')).toEqual([fresh.id]);
    expect(await ids('topic=transport')).toEqual([fresh.id, stale.id]);
    expect(await ids('status=approved&topic=transport')).toEqual([]);
    const listed = (await agent.get<Page<StatementSummaryDto>>('/api/statements?stale=true')).body.items[0];
    expect(listed).toMatchObject({ id: stale.id, stale: true, reviewBy: day(-2) });

    // Only managers and admins move a review date.
    expectErrorBody(await agent.patch(`/api/statements/${stale.id}`, { reviewBy: day(90) }), 403, /owner or review date/);
    const reviewed = await manager.patch<StatementDetailDto>(`/api/statements/${stale.id}`, { reviewBy: day(90), title: 'Old line, reviewed' });
    expect(reviewed.body).toMatchObject({ stale: false, reviewBy: day(90), title: 'Old line, reviewed' });
    const { rows } = await db.query(`SELECT before, after FROM events WHERE type = 'statement.updated' AND entity_id = $1`, [stale.id]);
    expect(rows).toEqual([{ before: { title: 'Old line', reviewBy: day(-2) }, after: { title: 'Old line, reviewed', reviewBy: day(90) } }]);
  });

  it('retires statements (managers and admins only); a retired statement is neither sent nor edited', async () => {
    const statement = await draft({ title: 'Withdrawn line' });
    await approve(manager, statement);
    expectErrorBody(await agent.post(`/api/statements/${statement.id}/retire`), 403);
    const retired = await manager.post<StatementDetailDto>(`/api/statements/${statement.id}/retire`);
    expect(retired.status).toBe(200);
    expect(retired.body).toMatchObject({ status: 'retired', currentVersion: { version: 1 } });
    expectErrorBody(await manager.post(`/api/statements/${statement.id}/retire`), 409, /already retired/);
    expectErrorBody(await agent.post(`/api/statements/${statement.id}/versions`, { body: 'New words' }), 409, /is retired/);
    const ticket = await phoneTicket();
    expectErrorBody(await agent.post(`/api/tickets/${ticket.id}/statement`, { statementId: statement.id }), 400, /retired and can no longer be sent/);
  });

  it('answers 404 for unknown ids, 400 for malformed ones and for bad bodies', async () => {
    const statement = await draft();
    for (const [id, status] of [['6f1c2d3e-0000-4000-8000-000000000000', 404], ['not-an-id', 400]] as const) {
      expectErrorBody(await agent.get(`/api/statements/${id}`), status, status === 404 ? /not found/ : 'id must be a UUID');
      expect((await agent.patch(`/api/statements/${id}`, { title: 'x' })).status).toBe(status);
      expect((await agent.post(`/api/statements/${id}/versions`, { body: 'x' })).status).toBe(status);
      expect((await manager.post(`/api/statements/${id}/retire`)).status).toBe(status);
      expect((await agent.get(`/api/statements/${id}/deliveries`)).status).toBe(status);
      expect((await manager.post(`/api/statements/${statement.id}/versions/${id}/approve`)).status).toBe(status);
    }
    const bad = expectErrorBody(await agent.post('/api/statements', { title: '', body: '', reviewBy: '2026-02-30', ownerId: 'me', status: 'approved' }), 400);
    const fields = Object.fromEntries(bad.details!.map((detail) => [detail.field, detail.messages.join(' ')]));
    expect(fields.title).toContain('title must not be empty');
    expect(fields.body).toContain('body must not be empty');
    expect(fields.reviewBy).toContain('reviewBy must be a real calendar date');
    expect(fields.ownerId).toContain('ownerId must be a user id');
    expect(fields.status).toContain('should not exist');
    expectErrorBody(await agent.get('/api/statements?stale=maybe'), 400, /stale must be true or false/);
    expectErrorBody(await agent.post(`/api/tickets/ND-1/statement`, {}), 400, /statementId must be a statement id/);
  });
  it('works with approval rules: a library line is already signed off, a topic rule still holds it, a text written for a story needs sign-off', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const rules = [
      (await admin.post('/api/approval-rules', { kind: 'all_statements' })).body,
      (await admin.post('/api/approval-rules', { kind: 'topic', value: 'embargo' })).body,
    ];
    try {
      const statement = await draft({ title: 'Signed-off line' });
      await approve(manager, statement);
      const plain = await phoneTicket('ann@daily.example');
      const { body: queued } = await agent.post<StatementSendResultDto>(`/api/tickets/${plain.id}/statement`, { statementId: statement.id });
      expect(queued.results[0].result).toBe('queued');

      const embargoed = (await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Embargoed', text: 'Under embargo', tags: ['embargo'], journalist: { email: 'bo@daily.example' } })).body;
      const held = await agent.post<StatementSendResultDto>(`/api/tickets/${embargoed.id}/statement`, { statementId: statement.id });
      expect(held.status).toBe(201);
      expect(held.body).toMatchObject({ queued: 0, awaitingApproval: 1, results: [{ result: 'awaiting_approval', deliveryId: null, reason: expect.stringMatching(/approval rule/) }] });
      const { rows } = await db.query(
        `SELECT (SELECT count(*) FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply')::int AS outbox,
                (SELECT count(*) FROM statement_deliveries WHERE ticket_id = $1)::int AS deliveries`,
        [embargoed.id],
      );
      expect(rows[0]).toEqual({ outbox: 0, deliveries: 0 });

      const { body: story } = await agent.post('/api/stories', { title: 'Written for the story', ticketIds: [plain.id] });
      const written = await agent.post<StatementSendResultDto>(`/api/stories/${story.id}/statement`, { body: 'A line written just now.' });
      expect(written.body).toMatchObject({ statementId: null, version: null, awaitingApproval: 1, results: [{ result: 'awaiting_approval' }] });
    } finally {
      for (const rule of rules) await admin.delete(`/api/approval-rules/${rule.id}`);
    }
  });

  it('does not let a manager approve a version they wrote themselves', async () => {
    const own = await manager.post<StatementDetailDto>('/api/statements', { title: 'Manager line', body: 'Written by the manager.' });
    expect(own.status).toBe(201);
    const response = await approve(manager, own.body);
    expect(response.status).toBe(403);
    expect((response.body as unknown as { message: string }).message).toContain('you wrote yourself');
  });
});
