import type pg from 'pg';
import { DataSource } from 'typeorm';
import { EventsService } from '../src/events/events.service.js';
import { connectDatabase } from './database.js';
import { createTestApp, type TestApp } from './test-app.js';

/** Event types are a closed list (shared/src/events.ts): the compiler refuses another, and so does the service at run time. */
describe('event types', () => {
  let testApp: TestApp;
  let db: pg.Client;
  let events: EventsService;
  let dataSource: DataSource;

  const count = async () => (await db.query<{ n: number }>('SELECT count(*)::int AS n FROM events')).rows[0].n;

  beforeAll(async () => {
    testApp = await createTestApp();
    db = await connectDatabase(testApp);
    events = testApp.app.get(EventsService);
    dataSource = testApp.app.get(DataSource);
  });
  afterAll(async () => {
    await db.end();
    await testApp.close();
  });

  it('records a listed type', async () => {
    const before = await count();
    await events.recordOutsideTransaction({ type: 'auth.login', entityType: 'user' });
    expect(await count()).toBe(before + 1);
  });

  it('refuses an unknown type, and the transaction it was part of writes nothing', async () => {
    const before = await count();
    const attempt = dataSource.transaction(async (tx) => {
      await events.record({ type: 'team.created', entityType: 'team' }, tx);
      // @ts-expect-error 'ticket.exploded' is not an EventType: this line stops compiling if the union ever opens up to string.
      await events.record({ type: 'ticket.exploded', entityType: 'ticket' }, tx);
    });
    await expect(attempt).rejects.toThrow('Unknown event type "ticket.exploded": add it to EVENT_TYPES in shared/src/events.ts');
    expect(await count()).toBe(before);
  });

  it('refuses an unknown type among known ones before writing any of them', async () => {
    const before = await count();
    const batch = [{ type: 'auth.login' as const, entityType: 'user' }, { type: 'Auth.Login', entityType: 'user' }];
    // @ts-expect-error a plain string is not an EventType.
    await expect(events.recordMany(batch, dataSource.manager)).rejects.toThrow('Unknown event type "Auth.Login"');
    expect(await count()).toBe(before);
  });

});
