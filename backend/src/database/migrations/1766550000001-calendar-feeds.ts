import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Deadline calendar: one subscription link per person, its secret stored only as a keyed hash
 * (like API tokens), and per-hour request counts (keyed hashes of networks, link ids) so the
 * public feed endpoint is rate-limited across replicas.
 */
export class CalendarFeeds1766550000001 implements MigrationInterface {
  name = 'CalendarFeeds1766550000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE calendar_feed_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL UNIQUE REFERENCES users (id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await db.query(`
      CREATE TABLE calendar_feed_requests (
        key text NOT NULL,
        window_start timestamptz NOT NULL,
        count integer NOT NULL,
        PRIMARY KEY (key, window_start)
      )`);
    await db.query(`CREATE INDEX calendar_feed_requests_window_idx ON calendar_feed_requests (window_start)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE calendar_feed_requests`);
    await db.query(`DROP TABLE calendar_feed_tokens`);
  }
}
