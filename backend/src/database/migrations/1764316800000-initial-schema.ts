import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Users, auth, contacts, tickets, messages, attachments, raw intake and the event log. */
export class InitialSchema1764316800000 implements MigrationInterface {
  name = 'InitialSchema1764316800000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);

    await db.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email text NOT NULL CHECK (email = lower(email)),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin', 'manager', 'agent')),
        password_hash text NOT NULL,
        active boolean NOT NULL DEFAULT true,
        signature text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX users_email_key ON users (email)`);

    await db.query(`
      CREATE TABLE sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL,
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        csrf_token text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_seen_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ip text,
        user_agent text
      )`);
    await db.query(`CREATE UNIQUE INDEX sessions_token_hash_key ON sessions (token_hash)`);
    await db.query(`CREATE INDEX sessions_user_id_idx ON sessions (user_id)`);

    await db.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        name text NOT NULL,
        token_hash text NOT NULL,
        prefix text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz,
        revoked_at timestamptz
      )`);
    await db.query(`CREATE UNIQUE INDEX api_tokens_token_hash_key ON api_tokens (token_hash)`);
    await db.query(`CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id)`);

    await db.query(`
      CREATE TABLE setup_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        used_at timestamptz
      )`);

    await db.query(`
      CREATE TABLE login_attempts (
        id bigserial PRIMARY KEY,
        email text NOT NULL,
        ip text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX login_attempts_email_idx ON login_attempts (email, created_at)`);
    await db.query(`CREATE INDEX login_attempts_ip_idx ON login_attempts (ip, created_at)`);

    await db.query(`
      CREATE TABLE outlets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        domains text[] NOT NULL DEFAULT '{}',
        tier text CHECK (tier IN ('national', 'regional', 'local', 'trade', 'international', 'other')),
        notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX outlets_domains_idx ON outlets USING gin (domains)`);

    await db.query(`
      CREATE TABLE journalists (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text,
        email text CHECK (email = lower(email)),
        phone text,
        outlet_id uuid REFERENCES outlets (id) ON DELETE SET NULL,
        beat text,
        notes text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE UNIQUE INDEX journalists_email_key ON journalists (email) WHERE email IS NOT NULL`);
    await db.query(`CREATE INDEX journalists_outlet_id_idx ON journalists (outlet_id)`);

    await db.query(`CREATE SEQUENCE ticket_number_seq START WITH 1001`);
    await db.query(`
      CREATE TABLE tickets (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        number bigint NOT NULL DEFAULT nextval('ticket_number_seq'),
        reference text GENERATED ALWAYS AS ('ND-' || number::text) STORED,
        subject text NOT NULL,
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'open', 'pending', 'resolved', 'closed')),
        priority text NOT NULL DEFAULT 'normal' CHECK (priority IN ('low', 'normal', 'high', 'urgent')),
        channel text NOT NULL CHECK (channel IN ('email', 'web', 'phone')),
        request_type text NOT NULL DEFAULT 'other' CHECK (request_type IN ('comment', 'interview', 'data', 'background', 'other')),
        tags text[] NOT NULL DEFAULT '{}',
        deadline_at timestamptz,
        suggested_deadline_at timestamptz,
        assignee_id uuid REFERENCES users (id) ON DELETE SET NULL,
        journalist_id uuid REFERENCES journalists (id) ON DELETE SET NULL,
        outlet_id uuid REFERENCES outlets (id) ON DELETE SET NULL,
        outcome text CHECK (outcome IN ('statement_given', 'interview_arranged', 'declined', 'referred', 'no_response')),
        outcome_note text,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        acknowledged_at timestamptz,
        first_response_at timestamptz,
        resolved_at timestamptz,
        closed_at timestamptz,
        reopen_count integer NOT NULL DEFAULT 0,
        last_activity_at timestamptz NOT NULL DEFAULT now(),
        search_text text NOT NULL DEFAULT '',
        search_vector tsvector GENERATED ALWAYS AS (
          setweight(to_tsvector('simple', subject), 'A') || to_tsvector('simple', left(search_text, 16384))
        ) STORED,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`ALTER SEQUENCE ticket_number_seq OWNED BY tickets.number`);
    await db.query(`CREATE UNIQUE INDEX tickets_number_key ON tickets (number)`);
    await db.query(`CREATE INDEX tickets_deadline_idx ON tickets ((coalesce(deadline_at, 'infinity'::timestamptz)), id)`);
    await db.query(`CREATE INDEX tickets_created_idx ON tickets (created_at, id)`);
    await db.query(`CREATE INDEX tickets_updated_idx ON tickets (updated_at, id)`);
    await db.query(`CREATE INDEX tickets_status_deadline_idx ON tickets (status, (coalesce(deadline_at, 'infinity'::timestamptz)), id)`);
    await db.query(`CREATE INDEX tickets_assignee_idx ON tickets (assignee_id)`);
    await db.query(`CREATE INDEX tickets_journalist_idx ON tickets (journalist_id)`);
    await db.query(`CREATE INDEX tickets_outlet_idx ON tickets (outlet_id)`);
    await db.query(`CREATE INDEX tickets_tags_idx ON tickets USING gin (tags)`);
    await db.query(`CREATE INDEX tickets_search_idx ON tickets USING gin (search_vector)`);

    await db.query(`
      CREATE TABLE raw_messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        door text NOT NULL CHECK (door IN ('smtp', 'imap', 'webhook', 'import', 'web')),
        received_at timestamptz NOT NULL DEFAULT now(),
        bytes bytea NOT NULL,
        sha256 text NOT NULL,
        size integer NOT NULL,
        envelope_from text,
        envelope_to text[] NOT NULL DEFAULT '{}',
        outcome text NOT NULL DEFAULT 'pending'
          CHECK (outcome IN ('pending', 'created', 'appended', 'duplicate', 'bounce', 'auto_reply', 'quarantined')),
        error text,
        ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
        message_id text,
        from_address text,
        subject text,
        processed_at timestamptz
      )`);
    await db.query(`CREATE INDEX raw_messages_received_idx ON raw_messages (received_at DESC)`);
    await db.query(`CREATE INDEX raw_messages_outcome_idx ON raw_messages (outcome, received_at DESC)`);
    await db.query(`CREATE INDEX raw_messages_sha256_idx ON raw_messages (sha256)`);

    await db.query(`
      CREATE TABLE messages (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('inbound', 'outbound', 'note')),
        from_name text,
        from_address text,
        "to" jsonb NOT NULL DEFAULT '[]',
        cc jsonb NOT NULL DEFAULT '[]',
        subject text,
        text text,
        html text,
        message_id text,
        in_reply_to text,
        "references" text[] NOT NULL DEFAULT '{}',
        author_id uuid REFERENCES users (id) ON DELETE SET NULL,
        raw_message_id uuid REFERENCES raw_messages (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX messages_ticket_idx ON messages (ticket_id, created_at)`);
    await db.query(`CREATE INDEX messages_message_id_idx ON messages (message_id) WHERE message_id IS NOT NULL`);

    await db.query(`
      CREATE TABLE attachment_blobs (
        key text PRIMARY KEY,
        data bytea NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`
      CREATE TABLE attachments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        filename text NOT NULL,
        content_type text NOT NULL,
        size integer NOT NULL,
        sha256 text NOT NULL,
        storage_key text NOT NULL,
        inline boolean NOT NULL DEFAULT false,
        content_id text,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX attachments_message_idx ON attachments (message_id)`);

    await db.query(`
      CREATE TABLE events (
        id bigserial PRIMARY KEY,
        type text NOT NULL,
        entity_type text NOT NULL,
        entity_id uuid,
        ticket_id uuid,
        actor_id uuid,
        before jsonb,
        after jsonb,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX events_ticket_idx ON events (ticket_id, id) WHERE ticket_id IS NOT NULL`);
    await db.query(`CREATE INDEX events_entity_idx ON events (entity_type, entity_id, id)`);
    await db.query(`CREATE INDEX events_created_idx ON events (created_at)`);
    await db.query(`
      CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'events is append-only: % is not allowed', TG_OP;
      END $$`);
    await db.query(`
      CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
      FOR EACH ROW EXECUTE FUNCTION events_append_only()`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE events`);
    await db.query(`DROP FUNCTION events_append_only`);
    await db.query(`DROP TABLE attachments`);
    await db.query(`DROP TABLE attachment_blobs`);
    await db.query(`DROP TABLE messages`);
    await db.query(`DROP TABLE raw_messages`);
    await db.query(`DROP TABLE tickets`);
    await db.query(`DROP TABLE journalists`);
    await db.query(`DROP TABLE outlets`);
    await db.query(`DROP TABLE login_attempts`);
    await db.query(`DROP TABLE setup_tokens`);
    await db.query(`DROP TABLE api_tokens`);
    await db.query(`DROP TABLE sessions`);
    await db.query(`DROP TABLE users`);
  }
}
