import type { MigrationInterface, QueryRunner } from 'typeorm';

/** Approvers are mailed when a reply or statement waits for them, requesters when it is decided: one switch per officer. */
export class ApprovalNotices1766100000100 implements MigrationInterface {
  name = 'ApprovalNotices1766100000100';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users ADD COLUMN notify_approvals boolean NOT NULL DEFAULT true`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE users DROP COLUMN notify_approvals`);
  }
}
