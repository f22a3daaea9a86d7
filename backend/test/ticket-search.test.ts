import type { Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import pg from 'pg';
import { RARE_MATCHES, WALK_WINDOW } from '../src/tickets/ticket-search.js';
import { TicketsRepository } from '../src/tickets/tickets.repository.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * Search picks its plan from a capped count of matches. "walrus" is common (more than
 * RARE_MATCHES tickets) but only in old tickets, behind more than WALK_WINDOW newer ones, so the
 * fenced walk finds nothing and the exact plan must answer; "narwhal" is rare and old.
 */
describe('ticket search', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let db: pg.Client;
  const WALRUS = RARE_MATCHES + 500;
  const FILLER = WALK_WINDOW + 1_000;

  const search = async (query: string) => {
    const response = await agent.get<Page<TicketQueueItemDto>>(`/api/tickets?${query}`);
    expect(response.status).toBe(200);
    return response.body;
  };

  beforeAll(async () => {
    testApp = await createTestApp({ METRICS_REFRESH_SECONDS: '0' });
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    db = await connectDatabase(testApp);
    await db.query(
      `INSERT INTO tickets (subject, channel, status, search_text, created_at, deadline_at)
       SELECT 'Question ' || i, 'email', CASE WHEN i % 3 = 0 THEN 'open' ELSE 'closed' END, 'walrus report from the coast',
              timestamptz '2025-01-01T00:00:00Z' + i * interval '1 minute',
              CASE WHEN i % 2 = 0 THEN timestamptz '2025-06-01T00:00:00Z' + i * interval '1 minute' END
         FROM generate_series(1, $1) i`,
      [WALRUS],
    );
    await db.query(
      `INSERT INTO tickets (subject, channel, search_text, created_at)
       SELECT 'Filler ' || i, 'email', 'nothing to see', timestamptz '2026-01-01T00:00:00Z' + i * interval '1 minute'
         FROM generate_series(1, $1) i`,
      [FILLER],
    );
    await db.query(
      `INSERT INTO tickets (subject, channel, search_text, created_at) VALUES
         ('Walrus sighting at the harbour', 'web', 'walrus walrus', '2025-02-01T00:00:00Z'),
         ('About the aquarium', 'email', 'a narwhal question', '2025-01-02T00:00:00Z'),
         ('About the zoo', 'email', 'another narwhal question', '2025-01-03T00:00:00Z')`,
    );
    await db.query('ANALYZE tickets');
  }, 120_000);

  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  const truth = async (sql: string) => (await db.query(sql)).rows.map((row) => row.id as string);

  it('finds the newest matches of a common word that only old tickets contain', async () => {
    const page = await search('q=walrus&sort=created&limit=5');
    expect(page.items.map((t) => t.id)).toEqual(
      await truth(`SELECT id FROM tickets WHERE search_text LIKE '%walrus%' ORDER BY created_at DESC, id DESC LIMIT 5`),
    );
    const next = await search(`q=walrus&sort=created&limit=5&cursor=${page.nextCursor}`);
    expect(next.items.map((t) => t.id)).toEqual(
      await truth(`SELECT id FROM tickets WHERE search_text LIKE '%walrus%' ORDER BY created_at DESC, id DESC OFFSET 5 LIMIT 5`),
    );
  });

  it('sorts a common word by deadline with filters, page after page', async () => {
    const first = await search('q=walrus&status=open&limit=10');
    const expected = await truth(
      `SELECT id FROM tickets WHERE search_text LIKE '%walrus%' AND status = 'open'
        ORDER BY coalesce(deadline_at, 'infinity'), id LIMIT 20`,
    );
    expect(first.items.map((t) => t.id)).toEqual(expected.slice(0, 10));
    const second = await search(`q=walrus&status=open&limit=10&cursor=${first.nextCursor}`);
    expect(second.items.map((t) => t.id)).toEqual(expected.slice(10, 20));
  });

  it('finds a rare word, newest first', async () => {
    const page = await search('q=narwhal&sort=created');
    expect(page.items.map((t) => t.subject)).toEqual(['About the zoo', 'About the aquarium']);
    expect(page.nextCursor).toBeNull();
  });

  it('ranks the newest matches by relevance, a subject match first, and pages through them', async () => {
    const first = await search('q=walrus&sort=relevance&limit=20');
    expect(first.items[0].subject).toBe('Walrus sighting at the harbour');
    const second = await search(`q=walrus&sort=relevance&limit=20&cursor=${first.nextCursor}`);
    const ids = [...first.items, ...second.items].map((t) => t.id);
    expect(new Set(ids).size).toBe(40);
    // Equal ranks come newest first.
    const rest = await Promise.all(second.items.map(async (t) => (await agent.get<TicketDetailDto>(`/api/tickets/${t.id}`)).body.createdAt));
    expect([...rest].sort().reverse()).toEqual(rest);
  });

  it('refuses relevance without a search text', async () => {
    const response = await agent.get('/api/tickets?sort=relevance');
    expect(response.status).toBe(400);
    expect(response.body.message).toBe('sort=relevance needs a search text (q)');
  });

  it('tells rare from common by the statistics when they are clear-cut and by a capped count near the threshold', async () => {
    const tickets = testApp.app.get(TicketsRepository);
    // "walrus" (RARE_MATCHES + 501 tickets) and "nothing" (WALK_WINDOW + 1,000) sit between the
    // estimate thresholds at this size, so they are counted; "narwhal" (2) is rare by its estimate.
    expect(await tickets.isRareSearch('walrus')).toBe(false);
    expect(await tickets.isRareSearch('nothing')).toBe(false);
    expect(await tickets.isRareSearch('narwhal')).toBe(true);
    expect(await tickets.isRareSearch('walrus narwhal')).toBe(true);
  });
});
