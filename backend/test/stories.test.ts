import type { Page, StoryDetailDto, StorySuggestionsDto, StorySummaryDto, SuggestedStoryGroupsDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { expectErrorBody } from './error-body.js';
import { createUser, signedInClient, type TestUser } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Five inquiries about one event, worded as different reporters would. */
const RIVERSIDE_FIRE = [
  ['Fire at Riverside chemical plant', 'Hi, we are reporting on the fire at the chemical plant in Riverside this morning. Can you confirm whether residents need to evacuate?'],
  ['Riverside chemical plant fire - request for comment', 'Could the council comment on the blaze at the Riverside chemical plant? Are there any injuries?'],
  ['Question about chemical fire in Riverside', 'Our readers are asking whether the smoke from the chemical plant fire in Riverside is toxic. Deadline 5pm.'],
  ['Riverside plant blaze: air quality?', 'Is the air safe to breathe near the Riverside chemical plant after the fire? We need a statement for tonight.'],
  ['Chemical plant fire, Riverside — evacuation', 'What are the evacuation plans for Riverside residents near the burning chemical plant?'],
] as const satisfies readonly (readonly [string, string])[];

/** Unrelated inquiries, two of them sharing a word with the fire ("fire", "Riverside"). */
const UNRELATED = [
  ['Fire station closure in Northgate', 'Is it true the council plans to close the Northgate fire station next year? We would like a comment.'],
  ['Riverside park reopening', 'When will the park in Riverside reopen to the public after the renovation works?'],
  ['Interview request: mayor on housing', 'We would like to interview the mayor about the new affordable housing plan next week.'],
] as const satisfies readonly (readonly [string, string])[];

async function logInquiry(client: HttpClient, subject: string, text: string, extra: Record<string, unknown> = {}): Promise<TicketDetailDto> {
  const response = await client.post<TicketDetailDto>('/api/tickets', { subject, text, ...extra });
  expect(response.status).toBe(201);
  return response.body;
}

describe('story suggestions', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let db: pg.Client;
  let fire: TicketDetailDto[];
  let unrelated: TicketDetailDto[];

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    fire = [];
    unrelated = [];
    // Interleaved, as they would arrive.
    for (let index = 0; index < RIVERSIDE_FIRE.length; index += 1) {
      const [subject, text] = RIVERSIDE_FIRE[index];
      fire.push(await logInquiry(agent, subject, text, { journalist: { email: `fire${index}@news${index}.example` } }));
      const other = UNRELATED[index];
      if (other) unrelated.push(await logInquiry(agent, other[0], other[1], { journalist: { email: `other${index}@paper.example` } }));
    }
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('finds the other reports of the same event, scored, and leaves unrelated inquiries out', async () => {
    const response = await agent.get<StorySuggestionsDto>(`/api/tickets/${fire[0].reference}/story-suggestions`);
    expect(response.status).toBe(200);
    const { body } = response;
    expect(body).toMatchObject({ ticket: { id: fire[0].id, reference: fire[0].reference, story: null }, windowDays: 3, threshold: expect.any(Number) });
    expect(body.candidates.map((candidate) => candidate.ticket.id).sort()).toEqual(fire.slice(1).map((ticket) => ticket.id).sort());
    for (const candidate of body.candidates) {
      expect(candidate.score).toBeGreaterThanOrEqual(body.threshold);
      expect(candidate.score).toBeLessThanOrEqual(1);
      expect(candidate.story).toBeNull();
    }
    const scores = body.candidates.map((candidate) => candidate.score);
    expect(scores).toEqual([...scores].sort((a, b) => b - a));

    // The same through the stories door, by reference.
    const again = await agent.get<StorySuggestionsDto>(`/api/stories/suggestions?ticketId=${fire[0].id}`);
    expect(again.body.candidates.map((candidate) => candidate.ticket.id)).toEqual(body.candidates.map((candidate) => candidate.ticket.id));
  });

  it('does not match an unrelated inquiry with the fire, even when it shares a word', async () => {
    for (const ticket of unrelated) {
      const { body } = await agent.get<StorySuggestionsDto>(`/api/tickets/${ticket.id}/story-suggestions`);
      expect(body.candidates.map((candidate) => candidate.ticket.id)).toEqual([]);
    }
  });

  it('proposes one group of the near-duplicates and no group for the unrelated inquiries', async () => {
    const { status, body } = await agent.get<SuggestedStoryGroupsDto>('/api/stories/suggested-groups');
    expect(status).toBe(200);
    expect(body.groups).toHaveLength(1);
    const [group] = body.groups;
    expect(group.tickets.map((ticket) => ticket.id).sort()).toEqual(fire.map((ticket) => ticket.id).sort());
    expect(RIVERSIDE_FIRE.map(([subject]) => subject)).toContain(group.title);
    expect(group.tickets[0].score).toBeNull();
    expect(group.tickets.slice(1).every((ticket) => typeof ticket.score === 'number' && ticket.score >= body.threshold)).toBe(true);
  });

  it('looks only within the time window around the ticket', async () => {
    const old = await logInquiry(agent, 'Fire at the Riverside chemical plant: residents evacuate?', 'Reporting on the fire at the Riverside chemical plant. Do residents need to evacuate?');
    await db.query(`UPDATE tickets SET created_at = now() - interval '10 days' WHERE id = $1`, [old.id]);
    const narrow = await agent.get<StorySuggestionsDto>(`/api/tickets/${fire[0].id}/story-suggestions?windowDays=3`);
    expect(narrow.body.candidates.map((candidate) => candidate.ticket.id)).not.toContain(old.id);
    const wide = await agent.get<StorySuggestionsDto>(`/api/tickets/${fire[0].id}/story-suggestions?windowDays=14`);
    expect(wide.body.candidates.map((candidate) => candidate.ticket.id)).toContain(old.id);
    await db.query(`UPDATE tickets SET status = 'closed', outcome = 'declined' WHERE id = $1`, [old.id]);
  });

  it('names the story candidates are in and stops proposing tickets already in a story', async () => {
    const created = await agent.post<StoryDetailDto>('/api/stories', { title: 'Riverside chemical plant fire', ticketIds: fire.slice(1).map((ticket) => ticket.reference) });
    expect(created.status).toBe(201);
    const { body } = await agent.get<StorySuggestionsDto>(`/api/tickets/${fire[0].id}/story-suggestions`);
    expect(body.candidates.every((candidate) => candidate.story?.id === created.body.id)).toBe(true);
    expect(body.stories).toEqual([{ id: created.body.id, title: 'Riverside chemical plant fire', status: 'open', matches: 4, bestScore: expect.any(Number) }]);
    const groups = await agent.get<SuggestedStoryGroupsDto>('/api/stories/suggested-groups');
    expect(groups.body.groups).toEqual([]);
  });

  it('uses the trigram index for the pre-filter', async () => {
    await db.query('BEGIN');
    try {
      await db.query('SET LOCAL enable_seqscan = off');
      const { rows } = await db.query(`EXPLAIN SELECT id FROM tickets t WHERE story_match_text(t.subject, t.search_text) % 'chemical plant fire'`);
      expect(rows.map((row) => row['QUERY PLAN']).join('\n')).toContain('tickets_story_match_idx');
    } finally {
      await db.query('ROLLBACK');
    }
  });

  it('answers 404 for unknown tickets and 400 for bad options', async () => {
    expect((await agent.get('/api/tickets/ND-999999/story-suggestions')).status).toBe(404);
    expect((await agent.get('/api/stories/suggestions?ticketId=not-a-ticket')).status).toBe(404);
    expectErrorBody(await agent.get('/api/stories/suggestions'), 400, /ticketId is required/);
    expectErrorBody(await agent.get(`/api/tickets/${fire[0].id}/story-suggestions?windowDays=90`), 400, /windowDays must be at most 14/);
  });
});

describe('stories API', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let agentUser: TestUser;
  let colleague: TestUser;
  let db: pg.Client;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: agent, user: agentUser } = await signedInClient(testApp, 'agent'));
    colleague = await createUser(testApp, 'agent', { name: 'Sam Colleague' });
    const outlet = await agent.post('/api/outlets', { name: 'Daily Example', domains: ['daily.example'] });
    expect(outlet.status).toBe(201);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const bridgeInquiry = (extra: Record<string, unknown> = {}, email = 'jo@daily.example') =>
    logInquiry(agent, 'Bridge closure', 'When does the bridge reopen?', { journalist: { name: 'Jo Reporter', email }, ...extra });

  it('creates a story with tickets and lists them by deadline, undated last, with journalist, outlet and assignee', async () => {
    const late = await bridgeInquiry({ deadlineAt: '2026-12-02T17:00:00Z' });
    const undated = await bridgeInquiry({ assigneeId: colleague.id }, 'kim@radio.example');
    const early = await bridgeInquiry({ deadlineAt: '2026-12-01T09:00:00Z' });
    const response = await agent.post<StoryDetailDto>('/api/stories', {
      title: '  Bridge closure  ',
      summary: 'Main Street bridge shut after inspection',
      ticketIds: [late.id, undated.reference, early.reference.toLowerCase(), late.reference],
    });
    expect(response.status).toBe(201);
    const story = response.body;
    expect(story).toMatchObject({
      title: 'Bridge closure',
      summary: 'Main Street bridge shut after inspection',
      status: 'open',
      createdBy: { id: agentUser.id },
      ticketCount: 3,
      openTicketCount: 3,
      earliestDeadlineAt: '2026-12-01T09:00:00.000Z',
    });
    expect(story.tickets.map((ticket) => ticket.reference)).toEqual([early.reference, late.reference, undated.reference]);
    expect(story.tickets[0]).toMatchObject({
      subject: 'Bridge closure',
      status: 'new',
      deadlineAt: '2026-12-01T09:00:00.000Z',
      journalist: { name: 'Jo Reporter', email: 'jo@daily.example' },
      outlet: { name: 'Daily Example' },
      lastStatement: null,
      addedAt: expect.any(String),
    });
    expect(story.tickets[2].assignee).toMatchObject({ id: colleague.id, name: 'Sam Colleague' });

    const list = await agent.get<Page<StorySummaryDto>>('/api/stories');
    expect(list.body.items.find((item) => item.id === story.id)).toMatchObject({ ticketCount: 3, earliestDeadlineAt: '2026-12-01T09:00:00.000Z' });
    expect((await agent.get<Page<StorySummaryDto>>('/api/stories?status=closed')).body.items.map((item) => item.id)).not.toContain(story.id);
    expect((await agent.get<Page<StorySummaryDto>>('/api/stories?q=bridge')).body.items.map((item) => item.id)).toContain(story.id);

    const { rows } = await db.query(`SELECT type, ticket_id FROM events WHERE entity_type = 'story' AND entity_id = $1 ORDER BY id`, [story.id]);
    expect(rows.map((row) => row.type)).toEqual(['story.created', 'story.ticket_added', 'story.ticket_added', 'story.ticket_added']);
    const ticketEvents = (await agent.get<TicketDetailDto>(`/api/tickets/${early.id}`)).body.events.map((event) => event.type);
    expect(ticketEvents).toContain('story.ticket_added');
  });

  it('adds and removes tickets, keeping a ticket in one story at most', async () => {
    const first = await agent.post<StoryDetailDto>('/api/stories', { title: 'Council budget' });
    const second = await agent.post<StoryDetailDto>('/api/stories', { title: 'Budget cuts' });
    const ticket = await logInquiry(agent, 'Budget figures', 'Can you send the budget?', { journalist: { email: 'lee@daily.example' } });

    const added = await agent.post<StoryDetailDto>(`/api/stories/${first.body.id}/tickets`, { ticketIds: [ticket.reference] });
    expect(added.status).toBe(201);
    expect(added.body.tickets.map((entry) => entry.id)).toEqual([ticket.id]);
    // Adding it again is a no-op.
    expect((await agent.post<StoryDetailDto>(`/api/stories/${first.body.id}/tickets`, { ticketIds: [ticket.id] })).body.ticketCount).toBe(1);

    const refused = await agent.post(`/api/stories/${second.body.id}/tickets`, { ticketIds: [ticket.id] });
    expectErrorBody(refused, 409, new RegExp(`${ticket.reference} is in "Council budget".*move: true`));

    const moved = await agent.post<StoryDetailDto>(`/api/stories/${second.body.id}/tickets`, { ticketIds: [ticket.id], move: true });
    expect(moved.body.tickets.map((entry) => entry.id)).toEqual([ticket.id]);
    expect((await agent.get<StoryDetailDto>(`/api/stories/${first.body.id}`)).body.ticketCount).toBe(0);

    const removed = await agent.delete<StoryDetailDto>(`/api/stories/${second.body.id}/tickets/${ticket.reference}`);
    expect(removed.status).toBe(200);
    expect(removed.body.tickets).toEqual([]);
    expectErrorBody(await agent.delete(`/api/stories/${second.body.id}/tickets/${ticket.id}`), 404, /is not in "Budget cuts"/);

    const { rows } = await db.query(`SELECT type, entity_id, after FROM events WHERE ticket_id = $1 AND type LIKE 'story.%' ORDER BY id`, [ticket.id]);
    expect(rows.map((row) => [row.type, row.entity_id])).toEqual([
      ['story.ticket_added', first.body.id],
      ['story.ticket_removed', first.body.id],
      ['story.ticket_added', second.body.id],
      ['story.ticket_removed', second.body.id],
    ]);
    expect(rows[1].after).toEqual({ movedTo: second.body.id });
  });

  it('updates title, summary and status; a closed story takes no tickets', async () => {
    const { body: story } = await agent.post<StoryDetailDto>('/api/stories', { title: 'Flooding', summary: 'River levels' });
    const updated = await agent.patch<StoryDetailDto>(`/api/stories/${story.id}`, { title: 'Flooding in the east', summary: null, status: 'closed' });
    expect(updated.status).toBe(200);
    expect(updated.body).toMatchObject({ title: 'Flooding in the east', summary: null, status: 'closed' });
    const ticket = await bridgeInquiry();
    expectErrorBody(await agent.post(`/api/stories/${story.id}/tickets`, { ticketIds: [ticket.id] }), 409, /is closed: reopen it/);
    const { rows } = await db.query(`SELECT before, after FROM events WHERE type = 'story.updated' AND entity_id = $1`, [story.id]);
    expect(rows).toEqual([
      { before: { title: 'Flooding', summary: 'River levels', status: 'open' }, after: { title: 'Flooding in the east', summary: null, status: 'closed' } },
    ]);
    expect((await agent.patch<StoryDetailDto>(`/api/stories/${story.id}`, { status: 'open' })).body.status).toBe('open');
  });

  it('answers 404 for unknown story ids and 400 for malformed ones', async () => {
    const ticket = await bridgeInquiry();
    for (const [id, status] of [['6f1c2d3e-0000-4000-8000-000000000000', 404], ['not-an-id', 400], ["1' OR '1'='1", 400]] as const) {
      const path = `/api/stories/${encodeURIComponent(id)}`;
      expectErrorBody(await agent.get(path), status, status === 404 ? /not found/ : 'id must be a UUID');
      expect((await agent.patch(path, { title: 'x' })).status).toBe(status);
      expect((await agent.post(`${path}/tickets`, { ticketIds: [ticket.id] })).status).toBe(status);
      expect((await agent.delete(`${path}/tickets/${ticket.id}`)).status).toBe(status);
      expect((await agent.post(`${path}/statement`, { body: 'x' })).status).toBe(status);
    }
  });

  it('refuses bad bodies with readable messages', async () => {
    const bad = await agent.post('/api/stories', { title: '   ', ticketIds: ['ND-12', 'drop table', 7], status: 'open' });
    const body = expectErrorBody(bad, 400);
    const fields = Object.fromEntries(body.details!.map((detail) => [detail.field, detail.messages.join(' ')]));
    expect(fields.title).toContain('title must not be empty');
    expect(fields.ticketIds).toContain('each of ticketIds must be a ticket id or a reference like ND-1042');
    expect(fields.status).toContain('should not exist');
    expectErrorBody(await agent.post('/api/stories', { title: 'Ghost tickets', ticketIds: ['ND-999999'] }), 400, /no ticket ND-999999/);
    const { body: story } = await agent.post<StoryDetailDto>('/api/stories', { title: 'Valid' });
    expectErrorBody(await agent.post(`/api/stories/${story.id}/tickets`, { ticketIds: [] }), 400, /at least one ticket/);
    expectErrorBody(await agent.patch(`/api/stories/${story.id}`, { status: 'archived' }), 400, /status must be one of: open, closed/);
    expectErrorBody(await agent.patch(`/api/stories/${story.id}`, { title: null }), 400, /title must be text/);
    expectErrorBody(await agent.post(`/api/stories/${story.id}/statement`, {}), 400, /either statementId .* or body/);
  });
});
