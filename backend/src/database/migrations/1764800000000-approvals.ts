import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Approval of replies before they go out: rules that require it, approvals with versioned text, approvers. */
export class Approvals1764800000000 implements MigrationInterface {
  name = 'Approvals1764800000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN can_approve boolean NOT NULL DEFAULT false`);
    await db.query(`
      CREATE TABLE approval_rules (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('all_statements', 'topic', 'outlet_tier')),
        value text,
        created_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((kind = 'all_statements') = (value IS NULL))
      )`);
    await db.query(`CREATE UNIQUE INDEX approval_rules_key ON approval_rules (kind, coalesce(value, ''))`);
    await db.query(`
      CREATE TABLE approvals (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        message_id uuid NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
        reason text NOT NULL,
        requested_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        decided_at timestamptz,
        comment text,
        send_status text CHECK (send_status IN ('open', 'pending', 'resolved', 'closed')),
        send_outcome text,
        format text NOT NULL DEFAULT 'markdown' CHECK (format IN ('markdown', 'html')),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await db.query(`CREATE INDEX approvals_status_idx ON approvals (status, created_at)`);
    await db.query(`CREATE UNIQUE INDEX approvals_message_key ON approvals (message_id)`);
    await db.query(`
      CREATE TABLE approval_versions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        approval_id uuid NOT NULL REFERENCES approvals (id) ON DELETE CASCADE,
        version integer NOT NULL,
        body text NOT NULL,
        edited_by_id uuid REFERENCES users (id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (approval_id, version)
      )`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`DROP TABLE approval_versions`);
    await db.query(`DROP TABLE approvals`);
    await db.query(`DROP TABLE approval_rules`);
    await db.query(`ALTER TABLE users DROP COLUMN can_approve`);
  }
}
