import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Ticket events are announced once per INSERT statement (a JSON array of notices, 20 to a NOTIFY so a
 * payload stays under 8000 bytes) instead of once per row: the intake writes a batch's events in one
 * statement, and every notification is queued while the transaction holds the database-wide NOTIFY
 * lock, which it keeps through its commit.
 */
export class EventsNotifyPerStatement1766860000000 implements MigrationInterface {
  name = 'EventsNotifyPerStatement1766860000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_notify ON events`);
    await db.query(`
      CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE
        payload text;
      BEGIN
        FOR payload IN
          SELECT json_agg(json_build_object(
                   'id', n.id::text,
                   'ticketId', n.ticket_id,
                   'reference', t.reference,
                   'type', left(n.type, 200),
                   'actorId', n.actor_id,
                   'at', n.created_at
                 ) ORDER BY n.id)::text
            FROM (SELECT e.id, e.ticket_id, e.type, e.actor_id, e.created_at, (row_number() OVER (ORDER BY e.id) - 1) / 20 AS chunk
                    FROM new_rows e WHERE e.ticket_id IS NOT NULL) n
            LEFT JOIN tickets t ON t.id = n.ticket_id
           GROUP BY n.chunk ORDER BY n.chunk
        LOOP
          PERFORM pg_notify('newsdesk_events', payload);
        END LOOP;
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_notify AFTER INSERT ON events
      REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION events_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER events_notify ON events`);
    await db.query(`
      CREATE OR REPLACE FUNCTION events_notify() RETURNS trigger LANGUAGE plpgsql AS $$
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
  }
}
