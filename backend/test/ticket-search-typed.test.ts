import type { JournalistDetailDto, OutletDetailDto, Page, TicketDetailDto, TicketQueueItemDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Search finds what a press officer types: references in any shape, addresses or parts, names, text without accents. */
describe('ticket search finds what people type', () => {
  let testApp: TestApp;
  let agent: HttpClient;
  let manager: HttpClient;
  let db: pg.Client;
  let elodie: TicketDetailDto;
  let budget: TicketDetailDto;
  let outlet: OutletDetailDto;

  const search = async (q: string, sort = 'created') => {
    const response = await agent.get<Page<TicketQueueItemDto>>(`/api/tickets?q=${encodeURIComponent(q)}&sort=${sort}`);
    expect(response.status).toBe(200);
    return response.body.items.map((ticket) => ticket.reference);
  };

  beforeAll(async () => {
    testApp = await createTestApp({ METRICS_REFRESH_SECONDS: '0' });
    ({ client: agent } = await signedInClient(testApp, 'agent'));
    ({ client: manager } = await signedInClient(testApp, 'manager'));
    db = await connectDatabase(testApp);
    const created = await manager.post<OutletDetailDto>('/api/outlets', { name: 'Le Monde Diplomatique', domains: ['le-monde.fr'] });
    expect(created.status).toBe(201);
    outlet = created.body;
    const first = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Fermeture de l’école Sainte-Thérèse',
      text: 'La journaliste demande un entretien sur la rentrée.',
      journalist: { name: 'Élodie Ferré', email: 'e.ferre@le-monde.fr' },
      outletId: outlet.id,
    });
    expect(first.status).toBe(201);
    elodie = first.body;
    const second = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Budget figures for 2026',
      text: 'Asked about line 1004 of the budget.',
      journalist: { name: 'Maria Lopez', email: 'maria.lopez@dailynews.example' },
    });
    expect(second.status).toBe(201);
    budget = second.body;
    await db.query(
      `INSERT INTO tickets (subject, channel, search_text) SELECT 'Filler ' || i, 'email', 'nothing to see here' FROM generate_series(1, 50) i`,
    );
    await db.query('ANALYZE tickets');
  }, 60_000);

  afterAll(async () => {
    await db?.end();
    await testApp?.close();
  });

  it('finds a ticket by its reference in every shape people type it', async () => {
    const number = budget.reference.slice(3);
    for (const typed of [budget.reference, budget.reference.toLowerCase(), `nd${number}`, `nd ${number}`, `ND ${number}`, `[${budget.reference}]`]) {
      expect({ typed, found: await search(typed) }).toEqual({ typed, found: [budget.reference] });
    }
  });

  it('finds a bare number as the reference and as text', async () => {
    expect(await search(elodie.reference.slice(3))).toEqual([elodie.reference]);
    // "1004" is a number in the budget ticket's text; when a ticket ND-1004 exists it is found too.
    const found = await search('1004');
    expect(found).toContain(budget.reference);
    const [{ exists }] = (await db.query(`SELECT exists(SELECT 1 FROM tickets WHERE number = 1004) AS exists`)).rows as { exists: boolean }[];
    if (exists) expect(found).toContain('ND-1004');
  });

  it('finds a reference under relevance sort too', async () => {
    const response = await agent.get<Page<TicketQueueItemDto>>(`/api/tickets?q=${encodeURIComponent(budget.reference)}&sort=relevance`);
    expect(response.status).toBe(200);
    expect(response.body.items.map((t) => t.reference)).toEqual([budget.reference]);
  });

  it('finds text without its accents, in any case', async () => {
    expect(await search('Elodie')).toEqual([elodie.reference]);
    expect(await search('elodie ferre')).toEqual([elodie.reference]);
    expect(await search('ÉLODIE')).toEqual([elodie.reference]);
    expect(await search('ecole sainte-therese')).toEqual([elodie.reference]);
    expect(await search('Thérèse')).toEqual([elodie.reference]);
    expect(await search('entretien rentree')).toEqual([elodie.reference]);
  });

  it('finds an address, or part of it', async () => {
    expect(await search('maria.lopez@dailynews.example')).toEqual([budget.reference]);
    expect(await search('maria.lopez@')).toEqual([budget.reference]);
    expect(await search('maria@')).toEqual([budget.reference]);
    expect(await search('dailynews.example')).toEqual([budget.reference]);
    expect(await search('@dailynews.example')).toEqual([budget.reference]);
    expect(await search('le-monde.fr')).toEqual([elodie.reference]);
    expect(await search('E.FERRE@LE-MONDE.FR')).toEqual([elodie.reference]);
  });

  it("finds a journalist's or outlet's name", async () => {
    expect(await search('Maria Lopez')).toEqual([budget.reference]);
    expect(await search('lopez')).toEqual([budget.reference]);
    expect(await search('Monde Diplomatique')).toEqual([elodie.reference]);
    expect(await search('diplomatique', 'relevance')).toEqual([elodie.reference]);
  });

  it('follows a renamed outlet and a journalist whose address changed', async () => {
    const renamed = await manager.patch<OutletDetailDto>(`/api/outlets/${outlet.id}`, { name: 'Courrier Régional' });
    expect(renamed.status).toBe(200);
    expect(await search('courrier regional')).toEqual([elodie.reference]);
    expect(await search('diplomatique')).toEqual([]);

    const ticket = await agent.get<TicketDetailDto>(`/api/tickets/${budget.reference}`);
    const journalistId = ticket.body.journalist!.id;
    const moved = await manager.patch<JournalistDetailDto>(`/api/journalists/${journalistId}`, { email: 'mlopez@gazette.example' });
    expect(moved.status).toBe(200);
    expect(await search('gazette.example')).toEqual([budget.reference]);
    expect(await search('dailynews.example')).toEqual([]);
  });

  it('finds a ticket moved to another journalist by that journalist', async () => {
    const other = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Street lighting',
      text: 'When will the lights be repaired?',
      journalist: { name: 'Zoë Brontë', email: 'zoe@radio.example' },
    });
    expect(other.status).toBe(201);
    expect(await search('zoe bronte')).toEqual([other.body.reference]);
    const moved = await agent.patch<TicketDetailDto>(`/api/tickets/${elodie.reference}`, { journalistId: other.body.journalist!.id });
    expect(moved.status).toBe(200);
    expect((await search('zoe bronte')).sort()).toEqual([other.body.reference, elodie.reference].sort());
  });

  it('forgets an erased journalist: neither their name nor their address finds the ticket any more', async () => {
    const { client: admin } = await signedInClient(testApp, 'admin');
    const created = await agent.post<TicketDetailDto>('/api/tickets', {
      subject: 'Water quality',
      text: 'Is the tap water safe?',
      journalist: { name: 'Søren Kierkegård', email: 'soren.k@copenhagen.example' },
    });
    expect(created.status).toBe(201);
    expect(await search('soren kierkegard')).toEqual([created.body.reference]);
    expect(await search('soren.k@')).toEqual([created.body.reference]);
    const erased = await admin.post(`/api/journalists/${created.body.journalist!.id}/erase`, { confirm: 'soren.k@copenhagen.example' });
    expect(erased.status).toBe(200);
    expect(await search('kierkegard')).toEqual([]);
    expect(await search('soren.k@copenhagen.example')).toEqual([]);
    expect(await search('copenhagen.example')).toEqual([]);
    const [row] = (await db.query(`SELECT search_contacts FROM tickets WHERE id = $1`, [created.body.id])).rows as { search_contacts: string }[];
    expect(row.search_contacts).not.toMatch(/soren|kierkeg|copenhagen/i);
  });

  it('answers a search that is only punctuation with an empty page, not an error', async () => {
    expect(await search('@')).toEqual([]);
    expect(await search('ND-')).toEqual([]);
  });

  it('treats SQL and tsquery syntax, and numbers past any reference, as plain text', async () => {
    for (const typed of [`'); DROP TABLE tickets; --`, `elodie:* | !`, `ND-999999999999999999`, `nd 9999999999999999999999`, `99999999999999999999`, `"unclosed`]) {
      expect({ typed, found: await search(typed) }).toEqual({ typed, found: [] });
    }
    const [{ count }] = (await db.query(`SELECT count(*)::int AS count FROM tickets`)).rows as { count: number }[];
    expect(count).toBeGreaterThan(50);
  });
});
