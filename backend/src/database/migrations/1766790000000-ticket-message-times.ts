import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The queue page's markers (unread, replied since our answer) compare the newest inbound and outbound
 * message times: kept on the ticket by the messages module's writes (TicketRecordsService.recordMessageTimes)
 * so the page reads one row per ticket instead of two index scans of its messages.
 */
export class TicketMessageTimes1766790000000 implements MigrationInterface {
  name = 'TicketMessageTimes1766790000000';

  async up(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets ADD COLUMN last_inbound_at timestamptz, ADD COLUMN last_outbound_at timestamptz`);
    await db.query(
      `UPDATE tickets t SET last_inbound_at = m.inbound, last_outbound_at = m.outbound
         FROM (SELECT ticket_id, max(created_at) FILTER (WHERE kind = 'inbound') AS inbound, max(created_at) FILTER (WHERE kind = 'outbound') AS outbound
                 FROM messages GROUP BY ticket_id) m
        WHERE t.id = m.ticket_id`,
    );
  }

  async down(db: QueryRunner): Promise<void> {
    await db.query(`ALTER TABLE tickets DROP COLUMN last_inbound_at, DROP COLUMN last_outbound_at`);
  }
}
