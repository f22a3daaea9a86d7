import type { ApprovalDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('approval of replies before they go out', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let agent: HttpClient;
  let agentUser: TestUser;
  let manager: HttpClient;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    ({ client: admin } = await signedInClient(testApp, 'admin'));
    expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'Budget' })).status).toBe(201);
    expect((await admin.post('/api/approval-rules', { kind: 'all_statements' })).status).toBe(201);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const inquiry = async (tags: string[] = []) =>
    (await agent.post<TicketDetailDto>('/api/tickets', { subject: 'Budget cuts', text: 'Comment?', tags, journalist: { name: 'Jo', email: `jo.${Date.now()}.${Math.random()}@daily.example` } })).body;
  const queued = async (ticketId: string) => (await db.query(`SELECT text, status FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [ticketId])).rows;

  it('holds a reply on a topic that needs approval: nothing is queued, no first response yet', async () => {
    const ticket = await inquiry(['budget']);
    const response = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'We will cut nothing.', status: 'resolved' });
    expect(response.status).toBe(201);
    const reply = response.body.messages.at(-1)!;
    expect(reply).toMatchObject({ kind: 'outbound', delivery: null, approval: { status: 'pending', reason: 'topic "budget" needs approval' }, flags: ['awaiting_approval'] });
    expect(response.body).toMatchObject({ firstResponseAt: null, status: 'new' });
    expect(await queued(ticket.id)).toEqual([]);
    expect(response.body.events.at(-1)?.type).toBe('approval.requested');
  });

  it('lets an approver edit and approve: the new version is locked, queued, and the requested status applied', async () => {
    const ticket = await inquiry(['budget']);
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Draft line.', status: 'resolved' });
    const pending = (await manager.get<ApprovalDto[]>('/api/approvals?status=pending')).body.find((approval) => approval.ticket.id === ticket.id)!;
    expect(pending.versions.map((version) => version.body)).toEqual(['Draft line.']);
    expect(pending.requestedBy?.id).toBe(agentUser.id);

    expect((await agent.post(`/api/approvals/${pending.id}/approve`, {})).status).toBe(403);
    const approved = await manager.post<ApprovalDto>(`/api/approvals/${pending.id}/approve`, { body: 'Approved line: **no cuts** this year.', comment: 'tightened' });
    expect(approved.status).toBe(200);
    expect(approved.body).toMatchObject({ status: 'approved', comment: 'tightened' });
    expect(approved.body.versions.map((version) => [version.version, version.body])).toEqual([
      [1, 'Draft line.'],
      [2, 'Approved line: **no cuts** this year.'],
    ]);
    const [row] = await queued(ticket.id);
    expect(row).toMatchObject({ status: 'queued', text: 'Approved line: no cuts this year.' });
    const after = (await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body;
    expect(after.status).toBe('resolved');
    expect(after.firstResponseAt).not.toBeNull();
    expect(after.messages.at(-1)).toMatchObject({ approval: { status: 'approved' }, flags: [], delivery: { status: 'queued' } });
    expect(after.events.map((event) => event.type)).toEqual(expect.arrayContaining(['approval.requested', 'approval.approved', 'reply.queued']));

    const again = await manager.post(`/api/approvals/${pending.id}/approve`, { body: 'Sneaky change' });
    expect(again.status).toBe(409);
    expect((await queued(ticket.id))).toHaveLength(1);
    expect((await queued(ticket.id))[0].text).toBe('Approved line: no cuts this year.');
  });

  it('rejects with a comment and sends nothing; a comment is required', async () => {
    const ticket = await inquiry(['budget']);
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Off-message line.' });
    const pending = (await manager.get<ApprovalDto[]>('/api/approvals?status=pending')).body.find((approval) => approval.ticket.id === ticket.id)!;
    expect((await manager.post(`/api/approvals/${pending.id}/reject`, {})).status).toBe(400);
    const rejected = await manager.post<ApprovalDto>(`/api/approvals/${pending.id}/reject`, { comment: 'Legal has not cleared this.' });
    expect(rejected.body).toMatchObject({ status: 'rejected', comment: 'Legal has not cleared this.' });
    expect(await queued(ticket.id)).toEqual([]);
    const after = (await agent.get<TicketDetailDto>(`/api/tickets/${ticket.id}`)).body;
    expect(after.messages.at(-1)).toMatchObject({ approval: { status: 'rejected', comment: 'Legal has not cleared this.' }, flags: ['approval_rejected'] });
  });

  it('requires approval for statements under the all-statements rule, but not for ordinary replies', async () => {
    const ticket = await inquiry();
    const plain = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'Our office opens at nine.' });
    expect(plain.body.messages.at(-1)?.approval).toBeNull();
    const statement = await agent.post<TicketDetailDto>(`/api/tickets/${ticket.id}/replies`, { body: 'On the record: …', statement: true });
    expect(statement.body.messages.at(-1)?.approval).toMatchObject({ status: 'pending', reason: 'every statement needs approval' });
    expect(await queued(ticket.id)).toHaveLength(1);
  });

  it('does not let anyone approve their own reply, and lets an agent with the approver right approve', async () => {
    const ticket = await inquiry(['budget']);
    await manager.post(`/api/tickets/${ticket.id}/replies`, { body: 'Manager draft.' });
    const pending = (await manager.get<ApprovalDto[]>('/api/approvals?status=pending')).body.find((approval) => approval.ticket.id === ticket.id)!;
    const own = await manager.post(`/api/approvals/${pending.id}/approve`, {});
    expect(own.status).toBe(403);
    expect(own.body.message).toContain('your own reply');

    const approver: TestUser = await createUser(testApp, 'agent', { name: 'Pat Approver' });
    expect((await admin.patch(`/api/users/${approver.id}`, { canApprove: true })).body.canApprove).toBe(true);
    const client = new HttpClient(testApp.baseUrl);
    await client.login(approver.email, approver.password);
    expect((await client.post(`/api/approvals/${pending.id}/approve`, {})).status).toBe(200);
    expect(await queued(ticket.id)).toHaveLength(1);
  });

  it('shows the approval queue to approvers, and to other officers only their own requests', async () => {
    const ticket = await inquiry(['budget']);
    await agent.post(`/api/tickets/${ticket.id}/replies`, { body: 'Mine to see.' });
    const { client: other } = await signedInClient(testApp, 'agent');
    const mine = (await agent.get<ApprovalDto[]>('/api/approvals')).body;
    expect(mine.length).toBeGreaterThan(0);
    expect(mine.every((approval) => approval.requestedBy?.id === agentUser.id)).toBe(true);
    expect((await other.get<ApprovalDto[]>('/api/approvals')).body).toEqual([]);
    expect((await other.get(`/api/approvals/${mine[0].id}`)).status).toBe(404);
    expect((await manager.get<ApprovalDto[]>('/api/approvals')).body.length).toBeGreaterThanOrEqual(mine.length);
  });

  it('manages rules: admins only, with readable errors', async () => {
    expect((await manager.post('/api/approval-rules', { kind: 'outlet_tier', value: 'national' })).status).toBe(403);
    const missing = await admin.post('/api/approval-rules', { kind: 'outlet_tier' });
    expect(missing.status).toBe(400);
    expect(missing.body.message).toContain('value is needed');
    expect((await admin.post('/api/approval-rules', { kind: 'topic', value: 'budget' })).status).toBe(409);
    const rules = (await agent.get('/api/approval-rules')).body as { id: string; kind: string }[];
    expect(rules.map((rule) => rule.kind).sort()).toEqual(['all_statements', 'topic']);
    expect((await admin.delete(`/api/approval-rules/${rules[0].id}`)).status).toBe(204);
    expect((await admin.delete(`/api/approval-rules/${rules[0].id}`)).status).toBe(404);
  });
});
