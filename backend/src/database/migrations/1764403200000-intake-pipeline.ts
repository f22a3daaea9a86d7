import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Intake pipeline: message flags and content hashes, raw-message bookkeeping, the outbox, IMAP folder state. */
export class IntakePipeline1764403200000 implements MigrationInterface {
  name = 'IntakePipeline1764403200000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages ADD COLUMN content_hash text`);
    await db.query(`ALTER TABLE messages ADD COLUMN flags text[] NOT NULL DEFAULT '{}'`);
    await db.query(`ALTER TABLE messages ADD COLUMN new_text text`);
    await db.query(`ALTER TABLE messages ADD COLUMN remote_images integer NOT NULL DEFAULT 0`);

    await db.query(`ALTER TABLE raw_messages ADD COLUMN reason text`);
    await db.query(`ALTER TABLE raw_messages ADD COLUMN attempts integer NOT NULL DEFAULT 0`);
    await db.query(`ALTER TABLE raw_messages ADD COLUMN source text`);
    await db.query(`CREATE INDEX raw_messages_pending_idx ON raw_messages (received_at) WHERE outcome = 'pending'`);
    await db.query(`CREATE INDEX raw_messages_message_id_idx ON raw_messages (message_id) WHERE message_id IS NOT NULL`);
    // Every replica's intake worker wakes when any door commits a message.
    await db.query(`
      CREATE FUNCTION raw_messages_notify() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('newsdesk_intake', '');
        RETURN NULL;
      END $$`);
    await db.query(`
      CREATE TRIGGER raw_messages_notify AFTER INSERT ON raw_messages
      FOR EACH STATEMENT EXECUTE FUNCTION raw_messages_notify()`);

    await db.query(`
      CREATE TABLE outbound_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('acknowledgement', 'reply', 'notification', 'test')),
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
        message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
        from_address text NOT NULL,
        to_addresses jsonb NOT NULL,
        cc_addresses jsonb NOT NULL DEFAULT '[]',
        subject text NOT NULL,
        text text NOT NULL,
        html text,
        headers jsonb NOT NULL DEFAULT '{}',
        rfc_message_id text NOT NULL,
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        last_error text,
        smtp_response text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await db.query(`CREATE INDEX outbound_messages_due_idx ON outbound_messages (next_attempt_at) WHERE status = 'queued'`);
    await db.query(`CREATE INDEX outbound_messages_ticket_idx ON outbound_messages (ticket_id, created_at)`);
    await db.query(`CREATE UNIQUE INDEX outbound_messages_rfc_id_key ON outbound_messages (rfc_message_id)`);
    await db.query(`CREATE INDEX outbound_messages_ack_idx ON outbound_messages ((to_addresses->0->>'address'), created_at) WHERE kind = 'acknowledgement'`);

    await db.query(`
      CREATE TABLE imap_folder_state (
        mailbox text NOT NULL,
        folder text NOT NULL,
        uid_validity bigint,
        last_uid bigint NOT NULL DEFAULT 0,
        last_error text,
        last_success_at timestamptz,
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (mailbox, folder)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE imap_folder_state`);
    await db.query(`DROP TABLE outbound_messages`);
    await db.query(`DROP TRIGGER raw_messages_notify ON raw_messages`);
    await db.query(`DROP FUNCTION raw_messages_notify`);
    await db.query(`DROP INDEX raw_messages_message_id_idx`);
    await db.query(`DROP INDEX raw_messages_pending_idx`);
    await db.query(`ALTER TABLE raw_messages DROP COLUMN source, DROP COLUMN attempts, DROP COLUMN reason`);
    await db.query(`ALTER TABLE messages DROP COLUMN remote_images, DROP COLUMN new_text, DROP COLUMN flags, DROP COLUMN content_hash`);
  }
}
