import type { ApprovalDto, ProfileDto, StatementApprovalDto, StatementDetailDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { OutboxWorker } from '../src/outbound/outbox.worker.js';
import { CaptureSmtp, type CapturedMail } from './capture-smtp.js';
import { connectDatabase } from './database.js';
import { createUser, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { waitFor } from './mail.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Approvers learn a reply or statement waits for them; the requester learns the outcome, by mail through the outbox. */
describe('approvers know they are needed', () => {
  let capture: CaptureSmtp;
  let testApp: TestApp;
  let db: pg.Client;
  let serial = 0;
  const people: Record<'requester' | 'approverOn' | 'approverOff' | 'admin' | 'deputy' | 'bystander' | 'writer', { user: TestUser; client: HttpClient }> = {} as never;

  const signIn = async (role: TestUser['role'], name: string) => {
    const user = await createUser(testApp, role, { name });
    const client = new HttpClient(testApp.baseUrl);
    expect((await client.login(user.email, user.password)).status).toBe(200);
    return { user, client };
  };

  beforeAll(async () => {
    capture = await new CaptureSmtp().start();
    testApp = await createTestApp({ SMTP_URL: capture.url, OUTBOX_RETRY_BASE_MS: '50' });
    db = await connectDatabase(testApp);
    await testApp.app.get(OutboxWorker).start();
    people.requester = await signIn('agent', 'Rhea Requester');
    people.approverOn = await signIn('manager', 'Mona Manager');
    people.approverOff = await signIn('manager', 'Otto Offswitch');
    people.admin = await signIn('admin', 'Ada Admin');
    people.deputy = await signIn('agent', 'Dev Deputy');
    people.bystander = await signIn('agent', 'Bea Bystander');
    people.writer = await signIn('manager', 'Wim Writer');
    const off = await people.approverOff.client.patch<ProfileDto>('/api/users/me', { notifyApprovals: false });
    expect(off.status).toBe(200);
    expect(off.body.notifyApprovals).toBe(false);
    expect((await people.admin.client.patch(`/api/users/${people.deputy.user.id}`, { canApprove: true })).status).toBe(200);
    expect((await people.admin.client.post('/api/approval-rules', { kind: 'topic', value: 'budget' })).status).toBe(201);
  });
  afterAll(async () => {
    await db?.end();
    await testApp?.close();
    await capture?.stop();
  });

  const heldReply = async () => {
    serial += 1;
    const ticket = await people.requester.client.post<TicketDetailDto>('/api/tickets', {
      subject: `Budget question ${serial}`,
      text: 'Will the budget be cut?',
      tags: ['budget'],
      journalist: { name: 'Jo Reporter', email: `jo${serial}@daily.example` },
    });
    expect(ticket.status).toBe(201);
    const reply = await people.requester.client.post<TicketDetailDto>(`/api/tickets/${ticket.body.id}/replies`, { body: 'No cuts this year.' });
    expect(reply.status).toBe(201);
    const approval = (await people.approverOn.client.get<ApprovalDto[]>('/api/approvals?status=pending')).body.find((a) => a.ticket.id === ticket.body.id)!;
    return { ticket: ticket.body, approval };
  };
  /** What the outbox holds for a subject: the truth of who is mailed, whether or not delivery is done. */
  const queuedTo = async (subject: string) =>
    ((await db.query(`SELECT to_addresses AS "to" FROM outbound_messages WHERE kind = 'notification' AND subject = $1`, [subject])).rows as { to: { address: string }[] }[])
      .flatMap((row) => row.to.map((to) => to.address))
      .sort();
  const delivered = (subject: string, count: number) =>
    waitFor(async () => {
      const found = capture.received.filter((mail) => mail.parsed.subject === subject);
      return found.length >= count ? found : null;
    }, `${count} mail(s) "${subject}" at the capture server`);
  const recipients = (mails: CapturedMail[]) => mails.flatMap((mail) => mail.envelopeTo).sort();

  it('mails every approver but the author when a reply is held, and respects the switch', async () => {
    const { ticket } = await heldReply();
    const subject = `Approval needed: reply on ${ticket.reference}: ${ticket.subject}`;
    const expected = [people.approverOn, people.admin, people.deputy, people.writer].map((p) => p.user.email).sort();
    expect(await queuedTo(subject)).toEqual(expected);
    const mails = await delivered(subject, expected.length);
    expect(recipients(mails)).toEqual(expected);
    const mine = mails.find((mail) => mail.envelopeTo.includes(people.approverOn.user.email))!;
    expect(mine.parsed.text).toContain(`Rhea Requester asks you to approve a reply on ${ticket.reference}`);
    expect(mine.parsed.text).toContain(`${testApp.config.publicUrl}/approvals`);
    expect(mine.parsed.headers.get('auto-submitted')).toBe('auto-generated');
  });

  it('mails no deactivated approver, and lets no officer without the right approve a statement', async () => {
    const gone = await signIn('manager', 'Gus Gone');
    expect((await people.admin.client.patch(`/api/users/${gone.user.id}`, { active: false })).status).toBe(200);
    const { ticket } = await heldReply();
    const subject = `Approval needed: reply on ${ticket.reference}: ${ticket.subject}`;
    expect(await queuedTo(subject)).not.toContain(gone.user.email);
    expect(await queuedTo(subject)).toContain(people.approverOn.user.email);

    const draft = (await people.writer.client.post<StatementDetailDto>('/api/statements', { title: `Ferry timetable ${serial}`, body: 'Ferries run as usual.' })).body;
    const [waiting] = (await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.filter((item) => item.statementId === draft.id);
    // The approver right covers replies only: statements stay with managers and admins.
    const refused = await people.deputy.client.post(`/api/statements/${draft.id}/versions/${waiting.versionId}/approve`, {});
    expect(refused.status).toBe(403);
    expect((await people.approverOn.client.get<StatementDetailDto>(`/api/statements/${draft.id}`)).body.status).toBe('draft');
  });

  it('tells the requester a rejection with the comment', async () => {
    const { ticket, approval } = await heldReply();
    const rejected = await people.approverOn.client.post<ApprovalDto>(`/api/approvals/${approval.id}/reject`, { comment: 'Too strong; soften the second line.' });
    expect(rejected.status).toBe(200);
    const [mail] = await delivered(`Your reply on ${ticket.reference} was rejected: ${ticket.subject}`, 1);
    expect(mail.envelopeTo).toEqual([people.requester.user.email]);
    expect(mail.parsed.text).toContain(`Mona Manager rejected your reply on ${ticket.reference}`);
    expect(mail.parsed.text).toContain('Comment: Too strong; soften the second line.');
  });

  it('tells the requester an approval, and nobody else', async () => {
    const { ticket, approval } = await heldReply();
    expect((await people.deputy.client.post(`/api/approvals/${approval.id}/approve`, { comment: 'Fine.' })).status).toBe(200);
    const subject = `Your reply on ${ticket.reference} was approved: ${ticket.subject}`;
    const [mail] = await delivered(subject, 1);
    expect(mail.parsed.text).toContain('Dev Deputy approved your reply');
    expect(mail.parsed.text).toContain('Comment: Fine.');
    expect(await queuedTo(subject)).toEqual([people.requester.user.email]);
  });

  it('sends no outcome mail to a requester who switched approval mails off', async () => {
    const otto = people.approverOff;
    serial += 1;
    const ticket = (await otto.client.post<TicketDetailDto>('/api/tickets', { subject: `Budget lines ${serial}`, text: 'Cuts?', tags: ['budget'], journalist: { email: `kim${serial}@daily.example` } })).body;
    expect((await otto.client.post(`/api/tickets/${ticket.id}/replies`, { body: 'None.' })).status).toBe(201);
    const approval = (await people.approverOn.client.get<ApprovalDto[]>('/api/approvals?status=pending')).body.find((a) => a.ticket.id === ticket.id)!;
    expect((await people.approverOn.client.post(`/api/approvals/${approval.id}/approve`, {})).status).toBe(200);
    await waitFor(async () => (await db.query(`SELECT 1 FROM outbound_messages WHERE ticket_id = $1 AND kind = 'reply'`, [ticket.id])).rowCount, 'the approved reply queued');
    expect(await queuedTo(`Your reply on ${ticket.reference} was approved: ${ticket.subject}`)).toEqual([]);
  });

  it('puts a draft statement in the Approvals inbox, mails the managers, refuses self-approval, and tells the author', async () => {
    const created = await people.writer.client.post<StatementDetailDto>('/api/statements', { title: 'Library hours', body: 'Opening hours stay as they are.' });
    expect(created.status).toBe(201);
    const statement = created.body;
    const waitingSubject = 'Approval needed: statement "Library hours" (version 1)';
    expect(await queuedTo(waitingSubject)).toEqual([people.approverOn, people.admin].map((p) => p.user.email).sort());
    await delivered(waitingSubject, 2);

    const inbox = await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals');
    expect(inbox.status).toBe(200);
    const entry = inbox.body.find((item) => item.statementId === statement.id)!;
    expect(entry).toMatchObject({ title: 'Library hours', version: 1, body: 'Opening hours stay as they are.', writtenBy: { id: people.writer.user.id, name: 'Wim Writer' }, statementStatus: 'draft' });
    // An officer who cannot approve statements sees none of them; the author sees their own.
    expect((await people.bystander.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body).toEqual([]);
    expect((await people.writer.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.map((item) => item.statementId)).toContain(statement.id);
    // An officer who cannot approve statements sees only the versions they wrote themselves.
    const writers = (await people.requester.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body;
    expect(writers.every((item) => item.writtenBy?.id === people.requester.user.id)).toBe(true);
    expect(writers.map((item) => item.statementId)).not.toContain(statement.id);

    const own = await people.writer.client.post(`/api/statements/${statement.id}/versions/${entry.versionId}/approve`, {});
    expect(own.status).toBe(403);
    expect((own.body as { message: string }).message).toContain('You cannot approve a version you wrote yourself');
    expect((await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.map((item) => item.statementId)).toContain(statement.id);

    expect((await people.approverOn.client.post(`/api/statements/${statement.id}/versions/${entry.versionId}/approve`, {})).status).toBe(200);
    expect((await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.map((item) => item.statementId)).not.toContain(statement.id);
    const [mail] = await delivered('Your statement "Library hours" (version 1) was approved', 1);
    expect(mail.envelopeTo).toEqual([people.writer.user.email]);
    expect(mail.parsed.text).toContain('Mona Manager approved version 1 of "Library hours"');
  });

  it('lists a new version of an approved statement as waiting while the approved one stays in force', async () => {
    const statement = (await people.writer.client.post<StatementDetailDto>('/api/statements', { title: 'Parking fees', body: 'Fees do not change.' })).body;
    const [first] = (await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.filter((item) => item.statementId === statement.id);
    expect((await people.admin.client.post(`/api/statements/${statement.id}/versions/${first.versionId}/approve`, {})).status).toBe(200);
    expect((await people.requester.client.post(`/api/statements/${statement.id}/versions`, { body: 'Fees rise by 2% in April.' })).status).toBe(201);
    const waiting = (await people.approverOn.client.get<StatementApprovalDto[]>('/api/statement-approvals')).body.find((item) => item.statementId === statement.id);
    expect(waiting).toMatchObject({ version: 2, statementStatus: 'approved', writtenBy: { name: 'Rhea Requester' } });
    await delivered('Approval needed: statement "Parking fees" (version 2)', 3);
  });
});
