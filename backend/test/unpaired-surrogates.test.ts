import type { TemplateDto, TicketDetailDto } from '@newsdesk/shared';
import pg from 'pg';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/**
 * JSON's `\ud800` escape yields a string PostgreSQL cannot store (jsonb refuses it); such bodies are
 * refused at the door with a 400 that names the field, before any handler writes anything (issue 13).
 * The bodies are sent as raw JSON text so the escape reaches the server exactly as an attacker writes it.
 */
describe('request text with an unpaired UTF-16 surrogate', () => {
  const JSON_HEADERS = { 'content-type': 'application/json' };
  let testApp: TestApp;
  let db: pg.Client;
  let admin: HttpClient;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    ({ client: admin } = await signedInClient(testApp, 'admin'));
  }, 60_000);
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('refuses a template whose name holds one with a 400 naming the field, and stores nothing', async () => {
    const events = Number((await db.query(`SELECT count(*) FROM events`)).rows[0].count);
    const refused = await admin.post('/api/templates', '{"kind":"reply","name":"Broken \\ud800 name","body":"Text."}', JSON_HEADERS);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toBe('text contains an unpaired UTF-16 surrogate at name (in the request body); send well-formed Unicode text');
    expect((await db.query(`SELECT name FROM templates WHERE name LIKE 'Broken%'`)).rows).toEqual([]);
    expect(Number((await db.query(`SELECT count(*) FROM events`)).rows[0].count)).toBe(events);
  });

  it('refuses a ticket note holding a lone low surrogate, and the ticket keeps its messages', async () => {
    const logged = await admin.post<TicketDetailDto>('/api/tickets', {
      subject: 'Question about the harbour',
      text: 'Caller asked about the harbour works.',
      journalist: { name: 'Jo Reporter', email: 'jo@daily.example' },
    });
    expect(logged.status).toBe(201);
    const refused = await admin.post(`/api/tickets/${logged.body.id}/notes`, '{"text":"Called back \\udc00 today."}', JSON_HEADERS);
    expect(refused.status).toBe(400);
    expect(refused.body.message).toMatch(/^text contains an unpaired UTF-16 surrogate at text /);
    const { rows } = await db.query(`SELECT kind FROM messages WHERE ticket_id = $1`, [logged.body.id]);
    expect(rows).toEqual([{ kind: 'inbound' }]);
    expect((await db.query(`SELECT type FROM events WHERE ticket_id = $1 ORDER BY id`, [logged.body.id])).rows).toEqual([{ type: 'ticket.created' }]);
  });

  it('names a nested field, and accepts a properly paired surrogate (an emoji written as two escapes)', async () => {
    const nested = await admin.post('/api/tickets', '{"subject":"S","text":"T","journalist":{"name":"Jo \\ud83d","email":"jo@daily.example"}}', JSON_HEADERS);
    expect(nested.status).toBe(400);
    expect(nested.body.message).toMatch(/ at journalist\.name /);
    const paired = await admin.post<TemplateDto>('/api/templates', '{"kind":"reply","name":"Sunny \\ud83d\\ude00","body":"Text."}', JSON_HEADERS);
    expect(paired.status).toBe(201);
    expect(paired.body.name).toBe('Sunny \u{1F600}');
  });

  it('still answers malformed JSON with a 400', async () => {
    const broken = await admin.post('/api/templates', '{"kind":', JSON_HEADERS);
    expect(broken.status).toBe(400);
  });
});
