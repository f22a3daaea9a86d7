import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Stories (tickets about the same news, grouped by hand or by trigram suggestion) and the
 * statement library: versioned lines to take, approved text locked, and a record of which
 * version went to which journalist and outlet, when.
 */
export class StoriesAndStatements1764830000000 implements MigrationInterface {
  name = 'StoriesAndStatements1764830000000';

  async up(db: QueryRunner): Promise<void> {
    // Trusted extension (PostgreSQL 13+): the database owner may create it; the embedded server ships contrib.
    await db.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await db.query(`
      CREATE TABLE stories (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        summary text,
        status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX stories_updated_idx ON stories (updated_at, id)`);

    // The primary key on ticket_id is the "at most one story per ticket" rule.
    await db.query(`
      CREATE TABLE story_tickets (
        ticket_id uuid PRIMARY KEY REFERENCES tickets (id) ON DELETE CASCADE,
        story_id uuid NOT NULL REFERENCES stories (id) ON DELETE CASCADE,
        added_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        added_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX story_tickets_story_idx ON story_tickets (story_id)`);

    // What story suggestions compare: the subject and the start of the first message's text.
    await db.query(`
      CREATE FUNCTION story_match_text(subject text, search_text text) RETURNS text
      LANGUAGE sql IMMUTABLE PARALLEL SAFE
      AS $$ SELECT subject || ' ' || left(search_text, 400) $$`);
    await db.query(`CREATE INDEX tickets_story_match_idx ON tickets USING gin (story_match_text(subject, search_text) gin_trgm_ops)`);

    await db.query(`
      CREATE TABLE statements (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        title text NOT NULL,
        topic text,
        owner_id uuid REFERENCES users (id) ON DELETE SET NULL,
        review_by date,
        status text NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'approved', 'retired')),
        current_version_id uuid,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX statements_title_idx ON statements ((lower(title)), id)`);
    await db.query(`CREATE INDEX statements_topic_idx ON statements (topic)`);

    await db.query(`
      CREATE TABLE statement_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL REFERENCES statements (id),
        version integer NOT NULL CHECK (version > 0),
        body text NOT NULL,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        approved_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        approved_at timestamptz,
        UNIQUE (statement_id, version)
      )`);
    await db.query(`
      ALTER TABLE statements ADD CONSTRAINT statements_current_version_fkey
        FOREIGN KEY (current_version_id) REFERENCES statement_versions (id)`);
    // Text that was written (and maybe approved and sent) never changes: edits are new versions.
    await db.query(`
      CREATE FUNCTION statement_versions_locked() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'DELETE' THEN
          RAISE EXCEPTION 'statement versions are kept: DELETE is not allowed';
        END IF;
        IF NEW.body IS DISTINCT FROM OLD.body OR NEW.statement_id <> OLD.statement_id OR NEW.version <> OLD.version
           OR NEW.created_at <> OLD.created_at
           OR (NEW.created_by_id IS DISTINCT FROM OLD.created_by_id AND NEW.created_by_id IS NOT NULL) THEN
          RAISE EXCEPTION 'statement versions are locked: write a new version instead';
        END IF;
        IF OLD.approved_at IS NOT NULL AND (NEW.approved_at IS DISTINCT FROM OLD.approved_at
           OR (NEW.approved_by_id IS DISTINCT FROM OLD.approved_by_id AND NEW.approved_by_id IS NOT NULL)) THEN
          RAISE EXCEPTION 'an approved statement version stays as it was approved';
        END IF;
        RETURN NEW;
      END $$`);
    await db.query(`
      CREATE TRIGGER statement_versions_locked BEFORE UPDATE OR DELETE ON statement_versions
      FOR EACH ROW EXECUTE FUNCTION statement_versions_locked()`);

    await db.query(`
      CREATE TABLE statement_deliveries (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        statement_id uuid NOT NULL REFERENCES statements (id),
        statement_version_id uuid NOT NULL REFERENCES statement_versions (id),
        ticket_id uuid REFERENCES tickets (id) ON DELETE SET NULL,
        journalist_id uuid REFERENCES journalists (id) ON DELETE SET NULL,
        outlet_id uuid REFERENCES outlets (id) ON DELETE SET NULL,
        story_id uuid REFERENCES stories (id) ON DELETE SET NULL,
        message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
        rfc_message_id text,
        sent_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX statement_deliveries_statement_idx ON statement_deliveries (statement_id, created_at, id)`);
    await db.query(`CREATE INDEX statement_deliveries_version_ticket_idx ON statement_deliveries (statement_version_id, ticket_id)`);
    await db.query(`CREATE INDEX statement_deliveries_ticket_idx ON statement_deliveries (ticket_id, created_at)`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE statement_deliveries`);
    await db.query(`ALTER TABLE statements DROP CONSTRAINT statements_current_version_fkey`);
    await db.query(`DROP TABLE statement_versions`);
    await db.query(`DROP FUNCTION statement_versions_locked`);
    await db.query(`DROP TABLE statements`);
    await db.query(`DROP INDEX tickets_story_match_idx`);
    await db.query(`DROP FUNCTION story_match_text`);
    await db.query(`DROP TABLE story_tickets`);
    await db.query(`DROP TABLE stories`);
    // pg_trgm stays: other objects may have come to use it.
  }
}
