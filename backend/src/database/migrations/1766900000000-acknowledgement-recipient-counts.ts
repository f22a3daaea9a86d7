import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The hourly limit of acknowledgements per recipient (ACK_RATE_LIMIT_PER_HOUR) is counted in
 * `acknowledgement_quotas` (scope `recipient`, key the lower-case address, one row per minute) instead
 * of by counting the outbox's acknowledgement rows of the last hour. That count read every such row
 * (each a wide outbox row on its own heap page): the cost of the check grew with the mail an address had
 * been sent within the hour, and in a ten-minute intake benchmark it became the largest statement of
 * all, 4.8 ms of PostgreSQL time per inquiry by the end. The minute rows of an address within the hour
 * are at most 60 narrow rows, read through the primary key. The counts of the last hour are carried over,
 * and the expression index that served only the old count is dropped.
 */
export class AcknowledgementRecipientCounts1766900000000 implements MigrationInterface {
  name = 'AcknowledgementRecipientCounts1766900000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`
      INSERT INTO acknowledgement_quotas (scope, key, window_start, count)
      SELECT 'recipient', lower(to_addresses->0->>'address'), date_trunc('minute', created_at), count(*)::int
        FROM outbound_messages
       WHERE kind = 'acknowledgement' AND created_at > now() - interval '1 hour' AND to_addresses->0->>'address' IS NOT NULL
       GROUP BY 2, 3
      ON CONFLICT DO NOTHING`);
    await db.query(`DROP INDEX outbound_messages_ack_idx`);
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`CREATE INDEX outbound_messages_ack_idx ON outbound_messages ((to_addresses->0->>'address'), created_at) WHERE kind = 'acknowledgement'`);
    await db.query(`DELETE FROM acknowledgement_quotas WHERE scope = 'recipient'`);
  }
}
