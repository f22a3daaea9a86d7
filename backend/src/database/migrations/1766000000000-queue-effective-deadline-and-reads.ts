import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue orders by the effective deadline (the confirmed one, else the one detected in the
 * mail), so its three deadline indexes are rebuilt on that expression; each officer's read state
 * per ticket drives the unread and "journalist replied" markers; pending approvals are found by ticket.
 */
export class QueueEffectiveDeadlineAndReads1766000000000 implements MigrationInterface {
  name = 'QueueEffectiveDeadlineAndReads1766000000000';

  async up(db: QueryRunner): Promise<void> {
    const effective = `(coalesce(deadline_at, suggested_deadline_at, 'infinity'::timestamptz))`;
    await db.query(`CREATE INDEX tickets_effective_deadline_idx ON tickets (${effective}, id)`);
    await db.query(`CREATE INDEX tickets_status_effective_deadline_idx ON tickets (status, ${effective}, id)`);
    await db.query(`CREATE INDEX tickets_assignee_status_effective_deadline_idx ON tickets (assignee_id, status, ${effective}, id)`);
    await db.query(`DROP INDEX tickets_deadline_idx`);
    await db.query(`DROP INDEX tickets_status_deadline_idx`);
    await db.query(`DROP INDEX tickets_assignee_status_deadline_idx`);

    await db.query(`
      CREATE TABLE ticket_reads (
        user_id uuid NOT NULL REFERENCES users (id) ON DELETE CASCADE,
        ticket_id uuid NOT NULL REFERENCES tickets (id) ON DELETE CASCADE,
        last_read_at timestamptz NOT NULL,
        PRIMARY KEY (user_id, ticket_id)
      )`);
    await db.query(`CREATE INDEX ticket_reads_ticket_idx ON ticket_reads (ticket_id)`);
    await db.query(`CREATE INDEX approvals_ticket_pending_idx ON approvals (ticket_id) WHERE status = 'pending'`);
  }

  async down(db: QueryRunner): Promise<void> {
    const confirmed = `(coalesce(deadline_at, 'infinity'::timestamptz))`;
    await db.query(`DROP INDEX approvals_ticket_pending_idx`);
    await db.query(`DROP TABLE ticket_reads`);
    await db.query(`CREATE INDEX tickets_deadline_idx ON tickets (${confirmed}, id)`);
    await db.query(`CREATE INDEX tickets_status_deadline_idx ON tickets (status, ${confirmed}, id)`);
    await db.query(`CREATE INDEX tickets_assignee_status_deadline_idx ON tickets (assignee_id, status, ${confirmed}, id)`);
    await db.query(`DROP INDEX tickets_effective_deadline_idx`);
    await db.query(`DROP INDEX tickets_status_effective_deadline_idx`);
    await db.query(`DROP INDEX tickets_assignee_status_effective_deadline_idx`);
  }
}
