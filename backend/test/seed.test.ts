import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { loadConfig } from '../src/config/app-config.js';
import { dataSourceOptions } from '../src/database/data-source.js';
import { SeedLoader, SeedRefusedError } from '../src/database/seed/seed-loader.js';
import { createTestDatabase } from './test-app.js';

const TICKETS = 600;

/** Every seeded table, as one hash per table (timestamps the database fills in itself left out). */
const FINGERPRINT = `
  SELECT
    (SELECT md5(string_agg(row_to_json(t)::text, ',' ORDER BY t.id)) FROM tickets t) AS tickets,
    (SELECT md5(string_agg(row_to_json(e)::text, ',' ORDER BY e.id)) FROM events e) AS events,
    (SELECT md5(string_agg(row_to_json(m)::text, ',' ORDER BY m.id)) FROM messages m) AS messages,
    (SELECT md5(string_agg(row_to_json(o)::text, ',' ORDER BY o.id)) FROM outbound_messages o) AS outbound,
    (SELECT md5(string_agg(concat_ws('|', id, name, email, outlet_id), ',' ORDER BY id)) FROM journalists) AS journalists,
    (SELECT md5(string_agg(concat_ws('|', id, name, domains, tier), ',' ORDER BY id)) FROM outlets) AS outlets,
    (SELECT md5(string_agg(concat_ws('|', id, name, email, role), ',' ORDER BY id)) FROM users) AS users,
    (SELECT md5(string_agg(concat_ws('|', team_id, user_id), ',' ORDER BY team_id, user_id)) FROM team_members) AS teams`;

describe('synthetic history seed', () => {
  const cleanups: (() => Promise<void>)[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'newsdesk-seed-'));

  async function database() {
    const created = await createTestDatabase();
    const dataSource = new DataSource(dataSourceOptions(created.url));
    await dataSource.initialize();
    cleanups.push(async () => {
      await dataSource.destroy();
      await created.drop();
    });
    const config = loadConfig({ NODE_ENV: 'test', DATA_DIR: dataDir, DATABASE_URL: created.url, OFFICE_TIMEZONE: 'Europe/London', LOG_LEVEL: 'error' });
    return { dataSource, loader: new SeedLoader(dataSource, config) };
  }

  afterAll(async () => {
    for (const cleanup of cleanups) await cleanup();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('loads the same rows for the same seed and other rows for another', async () => {
    const first = await database();
    const second = await database();
    const other = await database();
    const request = { tickets: TICKETS, seed: 'alpha', end: '2026-03-01', force: false };
    const loaded = await first.loader.load(request);
    await second.loader.load(request);
    await other.loader.load({ ...request, seed: 'beta' });

    expect(loaded).toMatchObject({ tickets: TICKETS, end: '2026-03-01', officers: 18 });
    expect(loaded.events).toBeGreaterThan(TICKETS * 4);
    const [a] = await first.dataSource.query(FINGERPRINT);
    const [b] = await second.dataSource.query(FINGERPRINT);
    const [c] = await other.dataSource.query(FINGERPRINT);
    expect(b).toEqual(a);
    expect(c.tickets).not.toBe(a.tickets);
    expect(c.events).not.toBe(a.events);
  });

  it('keeps every history in time order and before its end', async () => {
    const { dataSource, loader } = await database();
    await loader.load({ tickets: TICKETS, seed: 'gamma', end: '2026-03-01', force: false });
    const [checks] = await dataSource.query(`
      SELECT count(*)::int AS tickets,
             count(*) FILTER (WHERE created_at >= '2026-03-01T00:00:00Z' OR created_at < '2025-02-28T00:00:00Z')::int AS outside,
             count(*) FILTER (WHERE first_response_at < created_at OR resolved_at < first_response_at OR closed_at < resolved_at)::int AS disordered,
             count(*) FILTER (WHERE status IN ('resolved', 'closed') AND resolved_at IS NULL)::int AS unresolved_resolutions,
             count(*) FILTER (WHERE reopen_count > 0)::int AS reopened,
             count(*) FILTER (WHERE deadline_at IS NOT NULL)::int AS with_deadline,
             (SELECT count(*) FROM events WHERE created_at >= '2026-03-01T00:00:00Z')::int AS late_events,
             (SELECT count(*) FROM tickets t WHERE (SELECT e.after->>'status' FROM events e WHERE e.ticket_id = t.id AND e.after ? 'status'
                                                    ORDER BY e.created_at DESC, e.id DESC LIMIT 1) IS DISTINCT FROM t.status
                                              AND EXISTS (SELECT 1 FROM events e WHERE e.ticket_id = t.id AND e.after ? 'status'))::int AS status_mismatch,
             (SELECT count(*) FROM outbound_messages WHERE status <> 'sent')::int AS unsent
        FROM tickets`);
    expect(checks).toMatchObject({ tickets: TICKETS, outside: 0, disordered: 0, unresolved_resolutions: 0, late_events: 0, status_mismatch: 0, unsent: 0 });
    expect(checks.reopened).toBeGreaterThan(0);
    expect(checks.with_deadline).toBeGreaterThan(TICKETS / 3);

    // Every seeded ticket is held to a first-response target (the default covers all), due after receipt.
    const [targets] = await dataSource.query(`
      SELECT (SELECT count(*) FROM response_targets)::int AS targets,
             count(*) FILTER (WHERE target_minutes IS NULL OR target_due_at IS NULL)::int AS without,
             count(*) FILTER (WHERE target_due_at < created_at + target_minutes * interval '1 minute')::int AS early,
             count(DISTINCT target_minutes)::int AS kinds,
             count(*) FILTER (WHERE first_response_at > target_due_at)::int AS breached,
             count(*) FILTER (WHERE first_response_at <= target_due_at)::int AS hit
        FROM tickets`);
    expect(targets).toMatchObject({ targets: 6, without: 0, early: 0 });
    expect(targets.kinds).toBeGreaterThan(3);
    expect(targets.breached).toBeGreaterThan(0);
    expect(targets.hit).toBeGreaterThan(0);
  });

  it('refuses a database that has data unless forced, and a seed loaded twice', async () => {
    const { dataSource, loader } = await database();
    await dataSource.query(`INSERT INTO tickets (subject, channel) VALUES ('A real inquiry', 'phone')`);
    await expect(loader.load({ tickets: 10, seed: 'delta', force: false })).rejects.toThrow(SeedRefusedError);
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM tickets`))[0].n).toBe(1);

    await loader.load({ tickets: 10, seed: 'delta', force: true });
    expect((await dataSource.query(`SELECT count(*)::int AS n FROM tickets`))[0].n).toBe(11);
    await expect(loader.load({ tickets: 10, seed: 'delta', force: true })).rejects.toThrow('already loaded');
  });
});
