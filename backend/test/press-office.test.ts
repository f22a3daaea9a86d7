import type { JournalistDetailDto, TicketDetailDto } from '@newsdesk/shared';
import { createUser, signedInClient, type TestUser } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

describe('press-office details on tickets and journalists', () => {
  let testApp: TestApp;
  let ana: HttpClient;
  let anaUser: TestUser;
  let sam: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    ({ client: ana, user: anaUser } = await signedInClient(testApp, 'agent'));
    ({ client: sam } = await signedInClient(testApp, 'agent'));
  });
  afterAll(() => testApp.close());

  const inquiry = async (client: HttpClient, subject: string) =>
    (await client.post<TicketDetailDto>('/api/tickets', { subject, text: 'Question', journalist: { name: 'Kim Reporter', email: 'kim@herald.example' } })).body;

  it("warns when a colleague has been in contact with the same journalist lately", async () => {
    const first = await inquiry(ana, 'Story one');
    await ana.post(`/api/tickets/${first.id}/replies`, { body: 'Answer from Ana' });
    const second = await inquiry(sam, 'Story two');
    const seenBySam = (await sam.get<TicketDetailDto>(`/api/tickets/${second.id}`)).body;
    expect(seenBySam.recentContacts).toEqual([
      expect.objectContaining({ ticketId: first.id, reference: first.reference, kind: 'replied', officer: { id: anaUser.id, name: 'Test agent' } }),
    ]);
    // Ana's own reply is no warning for Ana.
    expect((await ana.get<TicketDetailDto>(`/api/tickets/${second.id}`)).body.recentContacts).toEqual([]);
  });

  it('records the outcome with a coverage link and a spokesperson separate from the assignee', async () => {
    const ticket = await inquiry(ana, 'Interview request');
    const spokesperson = await createUser(testApp, 'manager', { name: 'Chief Spokesperson' });
    const bad = await ana.patch(`/api/tickets/${ticket.id}`, { coverageUrl: 'javascript:alert(1)' });
    expect(bad.status).toBe(400);
    expect(bad.body.message).toContain('coverageUrl must be an http(s) link');
    const closed = await ana.patch<TicketDetailDto>(`/api/tickets/${ticket.id}`, {
      assigneeId: anaUser.id,
      spokespersonId: spokesperson.id,
      outcome: 'interview_arranged',
      outcomeNote: 'Live on the evening show',
      coverageUrl: 'https://herald.example/2026/interview',
      status: 'closed',
    });
    expect(closed.status).toBe(200);
    expect(closed.body).toMatchObject({
      status: 'closed',
      outcome: 'interview_arranged',
      outcomeNote: 'Live on the evening show',
      coverageUrl: 'https://herald.example/2026/interview',
      spokesperson: { id: spokesperson.id, name: 'Chief Spokesperson' },
      assignee: { id: anaUser.id },
    });
  });

  it("keeps a journalist's preferred contact and relationship owner", async () => {
    const ticket = await inquiry(ana, 'Profile');
    const updated = await ana.patch<JournalistDetailDto>(`/api/journalists/${ticket.journalist!.id}`, { preferredContact: 'phone', relationshipOwnerId: anaUser.id });
    expect(updated.status).toBe(200);
    const detail = (await sam.get<JournalistDetailDto>(`/api/journalists/${ticket.journalist!.id}`)).body;
    expect(detail).toMatchObject({ preferredContact: 'phone', relationshipOwner: { id: anaUser.id, name: 'Test agent' } });
    expect((await ana.patch(`/api/journalists/${ticket.journalist!.id}`, { preferredContact: 'pigeon' })).status).toBe(400);
  });
});
