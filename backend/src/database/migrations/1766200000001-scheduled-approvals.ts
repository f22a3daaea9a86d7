import type { MigrationInterface, QueryRunner } from 'typeorm';

/** A scheduled reply that an approval rule holds keeps its chosen time: it goes out then, once approved. */
export class ScheduledApprovals1766200000001 implements MigrationInterface {
  name = 'ScheduledApprovals1766200000001';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE approvals ADD COLUMN send_at timestamptz`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE approvals DROP COLUMN send_at`);
  }
}
