import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sender authentication: the SMTP client's address and HELO are kept with the raw message (SPF
 * needs them at processing time), and the verdict (verified / unverified / failed, why, and the
 * DMARC policy seen) is stored on the raw message (intake log) and on the message (ticket view).
 */
export class SenderAuthentication1765100000000 implements MigrationInterface {
  name = 'SenderAuthentication1765100000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      ALTER TABLE raw_messages
        ADD COLUMN client_ip text,
        ADD COLUMN helo text,
        ADD COLUMN smtp_authenticated boolean NOT NULL DEFAULT false,
        ADD COLUMN sender_auth_status text CHECK (sender_auth_status IN ('verified', 'unverified', 'failed')),
        ADD COLUMN sender_auth_reason text,
        ADD COLUMN sender_dmarc_policy text`);
    await db.query(`
      ALTER TABLE messages
        ADD COLUMN sender_auth_status text CHECK (sender_auth_status IN ('verified', 'unverified', 'failed')),
        ADD COLUMN sender_auth_reason text,
        ADD COLUMN sender_dmarc_policy text`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE messages DROP COLUMN sender_auth_status, DROP COLUMN sender_auth_reason, DROP COLUMN sender_dmarc_policy`);
    await db.query(`
      ALTER TABLE raw_messages DROP COLUMN client_ip, DROP COLUMN helo, DROP COLUMN smtp_authenticated,
        DROP COLUMN sender_auth_status, DROP COLUMN sender_auth_reason, DROP COLUMN sender_dmarc_policy`);
  }
}
