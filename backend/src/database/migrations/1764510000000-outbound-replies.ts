import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Replies out: reply templates, staged uploads for the composer, per-officer notification switches. */
export class OutboundReplies1764510000000 implements MigrationInterface {
  name = 'OutboundReplies1764510000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      CREATE TABLE templates (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('acknowledgement', 'reply')),
        name text NOT NULL,
        body text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX templates_kind_name_key ON templates (kind, lower(name))`);

    await db.query(`
      CREATE TABLE uploads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        filename text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX uploads_user_idx ON uploads (user_id, created_at)`);

    await db.query(`ALTER TABLE users ADD COLUMN notify_assigned boolean NOT NULL DEFAULT true`);
    await db.query(`ALTER TABLE users ADD COLUMN notify_replied boolean NOT NULL DEFAULT true`);
    await db.query(`CREATE INDEX outbound_messages_sending_idx ON outbound_messages (next_attempt_at) WHERE status = 'sending'`);
    await db.query(`CREATE INDEX outbound_messages_message_idx ON outbound_messages (message_id) WHERE message_id IS NOT NULL`);
    // Every replica's outbox worker wakes when mail is queued.
    await db.query(`
      CREATE FUNCTION outbound_messages_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('newsdesk_outbox', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER outbound_messages_notify AFTER INSERT ON outbound_messages
      FOR EACH STATEMENT EXECUTE FUNCTION outbound_messages_notify()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TRIGGER outbound_messages_notify ON outbound_messages`);
    await db.query(`DROP FUNCTION outbound_messages_notify`);
    await db.query(`DROP INDEX outbound_messages_message_idx`);
    await db.query(`DROP INDEX outbound_messages_sending_idx`);
    await db.query(`ALTER TABLE users DROP COLUMN notify_replied, DROP COLUMN notify_assigned`);
    await db.query(`DROP TABLE uploads`);
    await db.query(`DROP TABLE templates`);
  }
}
