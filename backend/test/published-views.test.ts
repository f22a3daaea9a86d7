import pg from 'pg';
import { PUBLISHED_VIEWS, TABLE_OWNERS } from '../src/database/table-owners.js';
import { createTestDatabase } from './test-app.js';

const published = Object.entries(PUBLISHED_VIEWS).flatMap(([module, views]) => views.map((view) => ({ module, view })));
const ownerOf = new Map<string, string>(Object.entries(TABLE_OWNERS).flatMap(([module, tables]) => tables.map((table) => [table, module] as const)));

/** A plan with the relations' alias labels taken out (a view prints as its table's name, a table as its alias). */
const planOf = async (db: pg.Client, statement: string): Promise<string> => {
  const { rows } = await db.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${statement}`);
  return rows
    .map((row) => row['QUERY PLAN'])
    .join('\n')
    .replace(/( on [a-z_]+)(?: [a-z_0-9]+)?$/gm, '$1');
};

// Other modules join these views instead of the owners' tables (table-owners.ts): they must exist as declared,
// read only their owner's table, and be inlined by the planner like the table itself.
describe('published read views on a migrated database', () => {
  let database: { url: string; drop(): Promise<void> };
  let db: pg.Client;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = new pg.Client({ connectionString: database.url });
    await db.connect();
  });
  afterAll(async () => {
    await db.end();
    await database.drop();
  });

  it('has exactly the views PUBLISHED_VIEWS declares, each over a table its publishing module owns', async () => {
    const { rows } = await db.query<{ view: string; tables: string[] }>(
      `SELECT v.viewname AS view, array_agg(DISTINCT u.table_name::text ORDER BY u.table_name::text) AS tables
         FROM pg_views v JOIN information_schema.view_table_usage u ON u.view_name = v.viewname AND u.view_schema = v.schemaname
        WHERE v.schemaname = 'public' GROUP BY v.viewname ORDER BY v.viewname`,
    );
    expect(rows.map((row) => row.view)).toEqual(published.map((entry) => entry.view).sort());
    for (const { view, module } of published) {
      const tables = rows.find((row) => row.view === view)!.tables;
      expect({ view, owners: tables.map((table) => ownerOf.get(table)) }).toEqual({ view, owners: [module] });
    }
  });

  it('plans the queue page joins through the views exactly as through the tables (plain views inline)', async () => {
    const page = (users: string, journalists: string, outlets: string, stories: string, storyTickets: string) => `
      SELECT t.id, a.name, j.name, o.name, s.title
        FROM tickets t
        LEFT JOIN ${users} a ON a.id = t.assignee_id
        LEFT JOIN ${journalists} j ON j.id = t.journalist_id
        LEFT JOIN ${outlets} o ON o.id = t.outlet_id
        LEFT JOIN ${storyTickets} st ON st.ticket_id = t.id
        LEFT JOIN ${stories} s ON s.id = st.story_id
       WHERE t.status IN ('new', 'open')
       ORDER BY t.created_at DESC, t.id DESC LIMIT 26`;
    const throughViews = await planOf(db, page('users_view', 'journalists_view', 'outlets_view', 'stories_view', 'story_tickets_view'));
    const throughTables = await planOf(db, page('users', 'journalists', 'outlets', 'stories', 'story_tickets'));
    expect(throughViews.replace(/story_tickets\./g, 'st.')).toEqual(throughTables);
    expect(throughViews).not.toMatch(/Subquery Scan/);
  });

  it('shows only its projection: the password hash is not in users_view', async () => {
    await expect(db.query(`SELECT password_hash FROM users_view`)).rejects.toThrow(/column "password_hash" does not exist/);
  });
});
