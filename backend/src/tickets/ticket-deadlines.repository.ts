import { Injectable } from '@nestjs/common';
import type { TicketPriority, TicketStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** An open ticket's deadline as the deadline calendar shows it. */
export interface TicketDeadlineRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  priority: TicketPriority;
  deadline_at: Date;
  /** True when the deadline was only detected in the journalist's mail, not confirmed by an officer. */
  detected: boolean;
  /** When anything on the ticket last changed (a new deadline included). */
  changed_at: Date;
}

/** The tickets module's read of its own table for the deadline calendar. */
@Injectable()
export class TicketDeadlinesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Open tickets assigned to one person that have a deadline (confirmed, else detected), soonest first. */
  async openAssignedTo(userId: string, limit: number): Promise<TicketDeadlineRow[]> {
    const rows: TicketDeadlineRow[] = await this.dataSource.query(
      `SELECT t.id, t.reference, t.subject, t.status, t.priority,
              coalesce(t.deadline_at, t.suggested_deadline_at) AS deadline_at,
              t.deadline_at IS NULL AS detected,
              greatest(t.updated_at, t.last_activity_at, t.created_at) AS changed_at
         FROM tickets t
        WHERE t.assignee_id = $1 AND t.status IN ('new', 'open', 'pending')
          AND coalesce(t.deadline_at, t.suggested_deadline_at) IS NOT NULL
        ORDER BY coalesce(t.deadline_at, t.suggested_deadline_at), t.id
        LIMIT $2`,
      [userId, limit],
    );
    return rows;
  }
}
