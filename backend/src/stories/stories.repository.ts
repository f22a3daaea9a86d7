import { Injectable } from '@nestjs/common';
import type { StoryStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import { SUMMARY_COLUMNS } from '../tickets/tickets.repository.js';
import type { StoryRow, StoryTicketRow } from './stories.mapper.js';

const OPEN = `t.status NOT IN ('resolved', 'closed')`;

/** A story row with its ticket counts and the earliest deadline of its open tickets. */
const STORY_SELECT = `
  SELECT s.id, s.title, s.summary, s.status, s.created_at, s.updated_at, s.updated_at::text AS sort_key,
         s.created_by_id, c.ticket_count, c.open_ticket_count, c.earliest_deadline_at
    FROM stories s
    CROSS JOIN LATERAL (
      SELECT count(*)::int AS ticket_count,
             (count(*) FILTER (WHERE ${OPEN}))::int AS open_ticket_count,
             min(t.deadline_at) FILTER (WHERE ${OPEN}) AS earliest_deadline_at
        FROM story_tickets st JOIN tickets_view t ON t.id = st.ticket_id
       WHERE st.story_id = s.id) c`;

/** A story's tickets as queue rows, with when each joined and the last library statement it was sent; by deadline, undated last. */
const STORY_TICKETS_SELECT = `
  SELECT ${SUMMARY_COLUMNS}, st.added_at AS story_added_at,
         ls.statement_id AS last_statement_id, ls.title AS last_statement_title,
         ls.version AS last_statement_version, ls.created_at AS last_statement_at
    FROM story_tickets st
    JOIN tickets_view t ON t.id = st.ticket_id
    LEFT JOIN users_view a ON a.id = t.assignee_id
    LEFT JOIN journalists_view j ON j.id = t.journalist_id
    LEFT JOIN outlets_view o ON o.id = t.outlet_id
    LEFT JOIN LATERAL (
      SELECT d.statement_id, sm.title, v.version, d.created_at
        FROM statement_deliveries_view d
        JOIN statements_view sm ON sm.id = d.statement_id
        JOIN statement_versions_view v ON v.id = d.statement_version_id
       WHERE d.ticket_id = t.id
       ORDER BY d.created_at DESC LIMIT 1) ls ON true
   WHERE st.story_id = $1
   ORDER BY coalesce(t.deadline_at, 'infinity'::timestamptz), t.created_at, t.id`;


export interface LockedStoryRow {
  id: string;
  title: string;
  summary: string | null;
  status: StoryStatus;
}

export interface StoryMembershipRow {
  ticket_id: string;
  story_id: string;
  title: string;
}

export interface BusiestStoryRow {
  id: string;
  title: string;
  received: number;
  open: number;
}

/** The stories and story_tickets tables: a story with its counts and tickets, memberships, the digest's busiest stories. */
@Injectable()
export class StoriesRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A page of stories (limit + 1 rows), most recently changed first. */
  findPage(filter: { status?: StoryStatus; pattern?: string }, cursor: { key: string; id: string } | null, limit: number): Promise<StoryRow[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.status) where.push(`s.status = ${param(filter.status)}`);
    if (filter.pattern) where.push(`s.title ILIKE ${param(filter.pattern)}`);
    if (cursor) where.push(`(s.updated_at, s.id) < (${param(cursor.key)}::timestamptz, ${param(cursor.id)}::uuid)`);
    return sqlRows<StoryRow>(
      this.dataSource,
      `${STORY_SELECT}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.updated_at DESC, s.id DESC
        LIMIT ${limit + 1}`,
      params,
    );
  }

  findById(id: string): Promise<StoryRow | null> {
    return sqlRow<StoryRow>(this.dataSource, `${STORY_SELECT} WHERE s.id = $1`, [id]);
  }

  findTickets(storyId: string): Promise<StoryTicketRow[]> {
    return sqlRows<StoryTicketRow>(this.dataSource, STORY_TICKETS_SELECT, [storyId]);
  }

  async exists(id: string): Promise<boolean> {
    return !!(await sqlRow(this.dataSource, `SELECT 1 FROM stories WHERE id = $1`, [id]));
  }

  /** The stories that drew the most inquiries received between two office-local dates (a report over tickets). */
  findBusiest(from: string, to: string, timeZone: string, limit: number): Promise<BusiestStoryRow[]> {
    return sqlRows<BusiestStoryRow>(
      this.dataSource,
      `SELECT s.id, s.title, count(*)::int AS received, count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open
         FROM tickets_view t
         JOIN story_tickets st ON st.ticket_id = t.id
         JOIN stories s ON s.id = st.story_id
        WHERE t.created_at >= ($1::date::timestamp AT TIME ZONE $3) AND t.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
        GROUP BY s.id, s.title
        ORDER BY received DESC, s.title, s.id
        LIMIT $4`,
      [from, to, timeZone, limit],
    );
  }

  async insert(tx: EntityManager, story: { title: string; summary: string | null; createdById: string }): Promise<string> {
    const row = await sqlRow<{ id: string }>(tx, `INSERT INTO stories (title, summary, created_by_id) VALUES ($1, $2, $3) RETURNING id`, [
      story.title,
      story.summary,
      story.createdById,
    ]);
    if (!row) throw new Error('INSERT … RETURNING answered no row');
    return row.id;
  }

  lockForUpdate(tx: EntityManager, id: string): Promise<LockedStoryRow | null> {
    return sqlRow<LockedStoryRow>(tx, `SELECT id, title, summary, status FROM stories WHERE id = $1 FOR UPDATE`, [id]);
  }

  async update(tx: EntityManager, id: string, fields: { title: string; summary: string | null; status: StoryStatus }): Promise<void> {
    await sqlExec(tx, `UPDATE stories SET title = $2, summary = $3, status = $4, updated_at = now() WHERE id = $1`, [id, fields.title, fields.summary, fields.status]);
  }

  async touch(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `UPDATE stories SET updated_at = now() WHERE id = $1`, [id]);
  }

  /** The tickets' current memberships with their story's title, locked for the rest of the transaction. */
  lockMemberships(tx: EntityManager, ticketIds: string[]): Promise<StoryMembershipRow[]> {
    return sqlRows<StoryMembershipRow>(
      tx,
      `SELECT st.ticket_id, st.story_id, s.title FROM story_tickets st JOIN stories s ON s.id = st.story_id
        WHERE st.ticket_id = ANY($1::uuid[]) FOR UPDATE OF st`,
      [ticketIds],
    );
  }

  /** Takes a ticket out of its story (whichever it is). */
  async removeMembership(tx: EntityManager, ticketId: string): Promise<void> {
    await sqlExec(tx, `DELETE FROM story_tickets WHERE ticket_id = $1`, [ticketId]);
  }

  /** Takes a ticket out of this story; false when it was not in it. */
  async removeFromStory(tx: EntityManager, storyId: string, ticketId: string): Promise<boolean> {
    return (await sqlExec(tx, `DELETE FROM story_tickets WHERE ticket_id = $1 AND story_id = $2 RETURNING ticket_id`, [ticketId, storyId])) > 0;
  }

  /** Puts tickets in a story unless they are in one already; answers how many went in. */
  insertMemberships(tx: EntityManager, storyId: string, ticketIds: string[], addedById: string): Promise<number> {
    return sqlExec(
      tx,
      `INSERT INTO story_tickets (ticket_id, story_id, added_by_id)
       SELECT unnest($1::uuid[]), $2, $3
       ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
      [ticketIds, storyId, addedById],
    );
  }
}
