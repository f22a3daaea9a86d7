import type { JournalistDetailDto, OutletDetailDto, TicketDetailDto } from '@newsdesk/shared';
import type pg from 'pg';
import { ContactMergeRegistry, type ContactTable } from '../src/contacts/contact-merge.registry.js';
import { connectDatabase } from './database.js';
import { signedInClient } from './factories.js';
import type { HttpClient } from './http-client.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Every column (`table.column`) a foreign key to `table` uses, read from the catalog of the migrated database. */
async function foreignKeysTo(db: pg.Client, table: ContactTable): Promise<string[]> {
  const { rows } = await db.query<{ reference: string }>(
    `SELECT c.conrelid::regclass::text || '.' || a.attname AS reference
       FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
      WHERE c.contype = 'f' AND c.confrelid = $1::regclass
      ORDER BY 1`,
    [table],
  );
  return rows.map((row) => row.reference);
}

// A merge re-points every link to the duplicate through the owning modules' services (no catalog-driven
// writes into other modules' tables); this guards that a new foreign key gets a participant too.
describe('contact merges: every module that references a contact moves its own rows', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let manager: HttpClient;
  let managerId: string;
  let registry: ContactMergeRegistry;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    const signedIn = await signedInClient(testApp, 'manager');
    manager = signedIn.client;
    managerId = signedIn.user.id;
    registry = testApp.app.get(ContactMergeRegistry);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it.each(['journalists', 'outlets'] as const)('has a registered participant for every foreign key to %s in the catalog', async (table) => {
    expect(registry.references(table)).toEqual(await foreignKeysTo(db, table));
  });

  it('notices a new foreign key to a contact that no participant moves', async () => {
    await db.query(`CREATE TABLE merge_probe (id serial PRIMARY KEY, journalist_id uuid REFERENCES journalists (id))`);
    try {
      const missing = (await foreignKeysTo(db, 'journalists')).filter((reference) => !registry.references('journalists').includes(reference));
      expect(missing).toEqual(['merge_probe.journalist_id']);
    } finally {
      await db.query(`DROP TABLE merge_probe`);
    }
  });

  /** A statement delivery to `ticket` as the statements module records one (arranged in SQL: the sending is tested elsewhere). */
  const deliverStatement = async (ticket: TicketDetailDto, journalistId: string | null, outletId: string | null): Promise<string> => {
    const statement = await db.query<{ id: string }>(`INSERT INTO statements (title, created_by_id) VALUES ('Merge line', $1) RETURNING id`, [managerId]);
    const version = await db.query<{ id: string }>(`INSERT INTO statement_versions (statement_id, version, body) VALUES ($1, 1, 'We merge.') RETURNING id`, [
      statement.rows[0].id,
    ]);
    const delivery = await db.query<{ id: string }>(
      `INSERT INTO statement_deliveries (statement_id, statement_version_id, ticket_id, journalist_id, outlet_id, sent_by_id) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id`,
      [statement.rows[0].id, version.rows[0].id, ticket.id, journalistId, outletId, managerId],
    );
    return delivery.rows[0].id;
  };
  const deliveryContacts = async (id: string) =>
    (await db.query<{ journalist_id: string | null; outlet_id: string | null }>(`SELECT journalist_id, outlet_id FROM statement_deliveries WHERE id = $1`, [id])).rows[0];
  const mergedEvent = async (type: string, entityId: string) =>
    (await db.query<{ after: { moved: Record<string, number> } }>(`SELECT after FROM events WHERE type = $1 AND entity_id = $2`, [type, entityId])).rows[0];
  const logCall = async (subject: string, email: string): Promise<TicketDetailDto> => {
    const response = await manager.post<TicketDetailDto>('/api/tickets', { subject, text: 'Phone call.', journalist: { email } });
    expect(response.status).toBe(201);
    return response.body;
  };

  it("moves a merged journalist's statement deliveries to the survivor, in the merge's event", async () => {
    const kept = await logCall('Kept', 'kept@participants.example');
    const duplicate = await logCall('Duplicate', 'duplicate@participants.example');
    const delivery = await deliverStatement(duplicate, duplicate.journalist!.id, null);

    const merged = await manager.post<JournalistDetailDto>(`/api/journalists/${duplicate.journalist!.id}/merge`, { intoId: kept.journalist!.id });
    expect(merged.status).toBe(200);
    expect(await deliveryContacts(delivery)).toEqual({ journalist_id: kept.journalist!.id, outlet_id: null });
    expect((await mergedEvent('journalist.merged', kept.journalist!.id)).after.moved).toEqual({ 'tickets.journalist_id': 1, 'statement_deliveries.journalist_id': 1 });
  });

  it("moves a merged outlet's statement deliveries to the survivor, in the merge's event", async () => {
    const survivor = await manager.post<OutletDetailDto>('/api/outlets', { name: 'Participant Post', domains: ['post.participants.example'] });
    const duplicate = await manager.post<OutletDetailDto>('/api/outlets', { name: 'Participant Post (dup)', domains: ['dup.participants.example'] });
    const ticket = await logCall('Outlet delivery', 'reporter@dup.participants.example');
    expect(ticket.outlet?.id).toBe(duplicate.body.id);
    const delivery = await deliverStatement(ticket, ticket.journalist!.id, duplicate.body.id);

    const merged = await manager.post<OutletDetailDto>(`/api/outlets/${duplicate.body.id}/merge`, { intoId: survivor.body.id });
    expect(merged.status).toBe(200);
    expect(await deliveryContacts(delivery)).toEqual({ journalist_id: ticket.journalist!.id, outlet_id: survivor.body.id });
    expect((await mergedEvent('outlet.merged', survivor.body.id)).after.moved).toEqual({
      'tickets.outlet_id': 1,
      'journalists.outlet_id': 1,
      'statement_deliveries.outlet_id': 1,
    });
  });
});
