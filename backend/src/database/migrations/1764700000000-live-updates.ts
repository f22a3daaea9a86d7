import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live updates across replicas: every ticket event and every presence change is announced with
 * NOTIFY, and each process fans the notifications out to its own event-stream clients.
 */
export class LiveUpdates1764700000000 implements MigrationInterface {
  name = 'LiveUpdates1764700000000';

  async up(db: QueryRunner): Promise<void> {
    // Ids and short strings only: NOTIFY payloads must stay under 8000 bytes.
    await db.query(`
      CREATE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('newsdesk_events', json_build_object(
          'id', NEW.id::text,
          'ticketId', NEW.ticket_id,
          'reference', (SELECT reference FROM tickets WHERE id = NEW.ticket_id),
          'type', left(NEW.type, 200),
          'actorId', NEW.actor_id,
          'at', NEW.created_at
        )::text);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_notify AFTER INSERT ON events
      FOR EACH ROW WHEN (NEW.ticket_id IS NOT NULL) EXECUTE FUNCTION events_notify()`);

    // Who has which ticket open. Heartbeats rewrite rows every few seconds and a crash may lose
    // them without harm, so the table skips the write-ahead log.
    await db.query(`
      CREATE UNLOGGED TABLE presence (
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        state text NOT NULL CHECK (state IN ('viewing', 'replying')),
        since timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (ticket_id, user_id)
      )`);
    await db.query(`CREATE INDEX presence_updated_idx ON presence (updated_at)`);
    // The payload is the ticket id alone, so PostgreSQL folds repeats within a transaction into one.
    await db.query(`
      CREATE FUNCTION presence_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('newsdesk_presence', (CASE WHEN TG_OP = 'DELETE' THEN OLD.ticket_id ELSE NEW.ticket_id END)::text);
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER presence_notify AFTER INSERT OR DELETE ON presence
      FOR EACH ROW EXECUTE FUNCTION presence_notify()`);
    // A heartbeat only moves updated_at: no notification unless the state changes.
    await db.query(`
      CREATE TRIGGER presence_notify_state AFTER UPDATE ON presence
      FOR EACH ROW WHEN (OLD.state IS DISTINCT FROM NEW.state) EXECUTE FUNCTION presence_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE presence`);
    await db.query(`DROP FUNCTION presence_notify`);
    await db.query(`DROP TRIGGER events_notify ON events`);
    await db.query(`DROP FUNCTION events_notify`);
  }
}
