import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';
import type { MarkerColumns } from './ticket-markers.js';
import { MESSAGE_TIME_COLUMNS, pageWithMarkers } from './tickets.repository.js';

/** Per-officer read state (ticket_reads) and the markers read with it. */
@Injectable()
export class TicketReadsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The markers of tickets already read (the ticket page), in one statement. */
  findMarkers(ticketIds: string[], userId: string): Promise<({ id: string } & MarkerColumns)[]> {
    return sqlRows(this.dataSource, pageWithMarkers(`SELECT t.id, ${MESSAGE_TIME_COLUMNS} FROM tickets t WHERE t.id = ANY($1::uuid[])`, ['id'], '$2', 'page.id'), [ticketIds, userId]);
  }

  /**
   * The officer has seen the ticket up to one of its messages; never moves backwards. The time is
   * copied in SQL so its microseconds survive. False when the message is not the ticket's.
   */
  async markRead(ticketId: string, userId: string, messageId: string): Promise<boolean> {
    const count = await sqlExec(
      this.dataSource,
      `INSERT INTO ticket_reads (user_id, ticket_id, last_read_at)
         SELECT $1, m.ticket_id, m.created_at FROM messages_view m WHERE m.id = $3 AND m.ticket_id = $2
       ON CONFLICT (user_id, ticket_id) DO UPDATE SET last_read_at = greatest(ticket_reads.last_read_at, EXCLUDED.last_read_at)
       RETURNING ticket_id`,
      [userId, ticketId, messageId],
    );
    return count > 0;
  }
}
