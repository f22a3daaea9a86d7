import { Injectable } from '@nestjs/common';
import type { JournalistRefDto, OutletRefDto, TicketOutcome, TicketSort, TicketStatus } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedRows } from '../database/prepared-statement.js';
import { sqlExec, sqlRow, sqlRows } from '../database/sql.js';
import type { MarkerColumns } from './ticket-markers.js';
import { RANKED_MATCHES, RARE_MATCHES, SURELY_COMMON, SURELY_RARE, WALK_WINDOW } from './ticket-search.js';
import { SEARCH_TEXT_LIMIT, Ticket } from './ticket.entity.js';
import type { QueueItemRow, Timestamp } from './ticket.mapper.js';

/** A ticket's journalist and outlet as the ticket page shows them. */
export interface TicketContactNamesRow {
  journalist: JournalistRefDto | null;
  outlet: OutletRefDto | null;
}

/** The columns of a whole ticket summary (story pages, suggestions), read in one joined statement (no entity hydration). */
export const SUMMARY_COLUMNS = `
  t.id, t.reference, t.subject, t.status, t.priority, t.channel, t.request_type, t.tags,
  t.deadline_at, t.suggested_deadline_at, t.outcome, t.first_response_at, t.target_minutes, t.target_due_at, t.resolved_at, t.closed_at,
  t.last_activity_at, t.created_at, t.updated_at,
  a.id AS assignee_id, a.name AS assignee_name, a.email AS assignee_email,
  j.id AS journalist_id, j.name AS journalist_name, j.email AS journalist_email,
  o.id AS outlet_id, o.name AS outlet_name`;

/**
 * The columns of a queue row (TicketQueueItemDto) and nothing more: every column is parsed by the
 * server on every page, so the queue reads only what its items show (QueueItemRow).
 */
const QUEUE_ITEM_COLUMNS = [
  't.id', 't.reference', 't.subject', 't.status', 't.priority', 't.tags', 't.deadline_at', 't.suggested_deadline_at', 't.outcome',
  't.first_response_at', 't.target_minutes', 't.target_due_at', 't.last_activity_at',
  'a.id AS assignee_id', 'a.name AS assignee_name', 'a.email AS assignee_email',
  'j.id AS journalist_id', 'j.name AS journalist_name', 'j.email AS journalist_email',
  'o.id AS outlet_id', 'o.name AS outlet_name',
];
/** The name each of QUEUE_ITEM_COLUMNS has in the page statement's output. */
const QUEUE_ITEM_NAMES = QUEUE_ITEM_COLUMNS.map((column) => column.split(/ AS |\./).at(-1) ?? column);

/** The ticket's newest inbound and outbound message times (kept by recordMessageTimes), which the markers compare. */
export const MESSAGE_TIME_COLUMNS = `t.last_inbound_at, t.last_outbound_at`;

/**
 * A page statement (rows with `id` and MESSAGE_TIME_COLUMNS) with the officer's markers added, as one statement:
 * the page is chosen first behind a materialised fence (so its plan and keyset order stay as they
 * are), then each of its rows gets its markers; `names` are the page's columns passed on, `orderBy`
 * restates the page's order on `page.*`. Unread is inbound mail newer than the officer's last opening;
 * "replied" is inbound mail newer than our last answer; both compared to the millisecond, as the
 * ISO times the dashboard sees (a read mark copied from a message the same millisecond is not older).
 */
export function pageWithMarkers(pageStatement: string, names: string[], userParam: string, orderBy: string): string {
  const inbound = `date_trunc('milliseconds', page.last_inbound_at)`;
  return `WITH page AS MATERIALIZED (${pageStatement})
    SELECT ${names.map((name) => `page.${name}`).join(', ')},
           page.last_inbound_at IS NOT NULL AND (r.last_read_at IS NULL OR ${inbound} > date_trunc('milliseconds', r.last_read_at)) AS unread,
           page.last_inbound_at IS NOT NULL AND page.last_outbound_at IS NOT NULL
             AND ${inbound} > date_trunc('milliseconds', page.last_outbound_at) AS replied_since_answer,
           EXISTS (SELECT 1 FROM approvals_view ap WHERE ap.ticket_id = page.id AND ap.status = 'pending') AS approval_pending,
           s.id AS story_id, s.title AS story_title
      FROM page
      LEFT JOIN ticket_reads r ON r.ticket_id = page.id AND r.user_id = ${userParam}
      LEFT JOIN story_tickets_view st ON st.ticket_id = page.id
      LEFT JOIN stories_view s ON s.id = st.story_id
     ORDER BY ${orderBy}`;
}

/** The search text as a tsquery, folded like the vector (search_fold: lower accents, so "Elodie" finds "Élodie"). */
const tsQuery = (param: string) => `websearch_to_tsquery('simple', search_fold(${param}))`;

/** The text condition on alias `t`: the search vector, or (a bare number) that ticket number too, both indexed. */
function textCondition(queryParam: string, numberParam: string | null): string {
  const words = `t.search_vector @@ ${tsQuery(queryParam)}`;
  return numberParam ? `(t.number = ${numberParam}::bigint OR ${words})` : words;
}

interface SearchPlanInput {
  /** Columns selected for the page (SUMMARY_COLUMNS) and the joins they need, after `FROM … t`. */
  columns: string;
  joins: string;
  /** The text condition, e.g. `t.search_vector @@ websearch_to_tsquery(…)`. */
  text: string;
  /** Every other condition, on alias `t`, the cursor included. */
  where: string[];
  /** The queue order: key expression on `t`, then `t.id`, in one direction. */
  sortKey: string;
  direction: 'ASC' | 'DESC';
  limit: number;
}

/** All matches first (rare words): the GIN index gives the set, the page is sorted from it. */
function allMatchesStatement(input: SearchPlanInput): string {
  return `WITH matches AS MATERIALIZED (SELECT t.id FROM tickets t WHERE ${input.text})
    SELECT ${input.columns} FROM tickets t JOIN matches ON matches.id = t.id ${input.joins}
     ${input.where.length ? `WHERE ${input.where.join(' AND ')}` : ''}
     ORDER BY ${input.sortKey} ${input.direction}, t.id ${input.direction} LIMIT ${input.limit}`;
}

/**
 * The sort order walked, fenced (common words). The key is carried out of the fenced subquery as a
 * column, so the outer ORDER BY is seen as already satisfied and rows stream instead of being sorted.
 */
function walkStatement(input: SearchPlanInput): string {
  return `SELECT ${input.columns}
      FROM (SELECT t.*, ${input.sortKey} AS walk_key FROM tickets t ${input.where.length ? `WHERE ${input.where.join(' AND ')}` : ''}
             ORDER BY ${input.sortKey} ${input.direction}, t.id ${input.direction} LIMIT ${WALK_WINDOW}) t ${input.joins}
     WHERE ${input.text}
     ORDER BY t.walk_key ${input.direction}, t.id ${input.direction} LIMIT ${input.limit}`;
}

/**
 * Relevance: the newest RANKED_MATCHES matches (through the same two plans), ranked by
 * ts_rank_cd, newest first among equals. `window` selects the candidate ids and created_at.
 */
function rankedStatement(input: { columns: string; joins: string; window: string; query: string; after: string | null; limit: number }): string {
  return `WITH window_matches AS MATERIALIZED (${input.window}),
         ranked AS (SELECT w.id, w.created_at, ts_rank_cd(t.search_vector, ${input.query}) AS rank
                      FROM window_matches w JOIN tickets t ON t.id = w.id)
    SELECT ${input.columns}, ranked.rank, ranked.created_at AS ranked_created_at, ranked.created_at::text AS ranked_at
      FROM ranked JOIN tickets t ON t.id = ranked.id ${input.joins}
     ${input.after ? `WHERE ${input.after}` : ''}
     ORDER BY ranked.rank DESC, ranked.created_at DESC, ranked.id DESC LIMIT ${input.limit}`;
}

/** Candidate window for relevance: every match (rare words) or a fenced walk of the newest tickets. */
function rankedWindow(text: string, where: string[], rare: boolean): string {
  const conditions = where.length ? `AND ${where.join(' AND ')}` : '';
  return rare
    ? `SELECT t.id, t.created_at FROM tickets t
        WHERE t.id IN (SELECT id FROM (SELECT t.id FROM tickets t WHERE ${text} OFFSET 0) m) ${conditions}
        ORDER BY t.created_at DESC, t.id DESC LIMIT ${RANKED_MATCHES}`
    : `SELECT t.id, t.created_at FROM (SELECT t.* FROM tickets t WHERE true ${conditions} ORDER BY t.created_at DESC, t.id DESC LIMIT ${WALK_WINDOW}) t
        WHERE ${text} ORDER BY t.created_at DESC, t.id DESC LIMIT ${RANKED_MATCHES}`;
}

/** The deadline the queue orders by: confirmed, else detected (the expression its indexes hold). */
export const EFFECTIVE_DEADLINE = `coalesce(t.deadline_at, t.suggested_deadline_at, 'infinity'::timestamptz)`;

/** A ticket's first-response due time while it waits for a reply, else infinity: the queue's target order. */
const TARGET_DUE = `coalesce(CASE WHEN t.first_response_at IS NULL THEN t.target_due_at END, 'infinity'::timestamptz)`;

export type QueueSort = Exclude<TicketSort, 'relevance'>;

/** Sort key expression and direction of each queue order. */
const QUEUE_SORTS: Record<QueueSort, { key: string; direction: 'ASC' | 'DESC' }> = {
  // The effective deadline (confirmed, else detected), the expression the *_effective_deadline_idx indexes hold.
  deadline: { key: EFFECTIVE_DEADLINE, direction: 'ASC' },
  created: { key: 't.created_at', direction: 'DESC' },
  updated: { key: 't.updated_at', direction: 'DESC' },
  // Waiting for a first reply, by the target's due time; the rest after (tickets_target_queue_idx).
  target: { key: TARGET_DUE, direction: 'ASC' },
};

/** The queue's filters, already validated by the service. */
export interface QueueFilter {
  /** A typed reference: that ticket only. */
  number?: string;
  statuses?: string[];
  /** A user id, or 'none' for unassigned. */
  assignee?: string;
  priorities?: string[];
  channel?: string;
  outlet?: string;
  tag?: string;
  deadlineBefore?: string;
}

/** The search part of a queue page: the text, and a bare number that may also be a ticket number. */
export interface QueueSearch {
  q: string;
  number: string | null;
}

export type QueueRow = QueueItemRow & MarkerColumns & { sort_key: Timestamp | number };
export type RankedRow = QueueItemRow & MarkerColumns & { rank: number; ranked_at: string };

export interface TicketLabelRow {
  id: string;
  reference: string;
  subject: string;
}

/** A ticket in a contact's directory page. */
export interface InquiryRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  created_at: Date;
}

export interface JournalistTicketExportRow {
  id: string;
  reference: string;
  subject: string;
  status: TicketStatus;
  created_at: Date;
  deadline_at: Date | null;
  outcome: TicketOutcome | null;
  outlet: string | null;
}

export interface GreetingContextRow {
  name: string | null;
  subject: string;
  inquiry: string | null;
}

export interface RecentContactRow {
  id: string;
  reference: string;
  subject: string;
  officer_id: string;
  officer_name: string;
  at: Date;
  kind: 'replied' | 'assigned';
}

/** The columns a reply or an approval writes back after applying the status table (ticket-status.ts). */
export type TicketStatusColumns = Pick<Ticket, 'id' | 'status' | 'outcome' | 'resolvedAt' | 'closedAt' | 'reopenCount'>;

const JOINS = `LEFT JOIN users_view a ON a.id = t.assignee_id
         LEFT JOIN journalists_view j ON j.id = t.journalist_id
         LEFT JOIN outlets_view o ON o.id = t.outlet_id`;

/** The tickets table: the queue page, the ticket itself, and the writes every module's use case makes to it. */
@Injectable()
export class TicketsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * One queue page (limit + 1 rows, to tell whether a next page exists) with the officer's markers,
   * as one statement. Without search text it is a walk of the sort index: a named prepared statement,
   * unless a tag or outlet picks its own index (whose worth depends on how many tickets carry it).
   */
  async findQueuePage(
    filter: QueueFilter,
    search: QueueSearch | null,
    sortName: QueueSort,
    cursor: { key: string; id: string } | null,
    userId: string,
    limit: number,
  ): Promise<QueueRow[]> {
    const { where, params, param } = this.queueWhere(filter);
    const sort = QUEUE_SORTS[sortName];
    if (cursor) {
      const comparison = sort.direction === 'ASC' ? '>' : '<';
      where.push(`(${sort.key}, t.id) ${comparison} (${param(cursor.key)}::timestamptz, ${param(cursor.id)}::uuid)`);
    }
    const columns = `${QUEUE_ITEM_COLUMNS.join(', ')}, ${MESSAGE_TIME_COLUMNS}, ${sort.key} AS sort_key`;
    const userParam = param(userId);
    const marked = (statement: string) =>
      pageWithMarkers(statement, [...QUEUE_ITEM_NAMES, 'sort_key'], userParam, `page.sort_key ${sort.direction}, page.id ${sort.direction}`);
    if (!search) {
      const statement = marked(`SELECT ${columns} FROM tickets t ${JOINS}
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY ${sort.key} ${sort.direction}, t.id ${sort.direction} LIMIT ${limit + 1}`);
      // Timestamps come as ISO text: the page writes them straight back out (iso-timestamps.ts).
      return preparedRows<QueueRow>(this.dataSource, statement, params, { isoTimestamps: true, named: !(filter.tag || filter.outlet) });
    }
    // The plan is chosen from how many tickets match (see ticket-search.ts), not left to the estimate.
    const text = textCondition(param(search.q), search.number ? param(search.number) : null);
    const input = { columns, joins: JOINS, text, where, sortKey: sort.key, direction: sort.direction, limit: limit + 1 };
    const rare = await this.isRareSearch(search.q);
    const rows = await sqlRows<QueueRow>(this.dataSource, marked(rare ? allMatchesStatement(input) : walkStatement(input)), params);
    if (rare || rows.length > limit) return rows;
    return sqlRows<QueueRow>(this.dataSource, marked(allMatchesStatement(input)), params);
  }

  /** A relevance page: the newest RANKED_MATCHES matches ranked (ticket-search.ts), paged by (rank, created, id). */
  async findRankedPage(
    filter: QueueFilter,
    search: QueueSearch,
    cursor: { rank: number; createdAt: string; id: string } | null,
    userId: string,
    limit: number,
  ): Promise<RankedRow[]> {
    const { where, params, param } = this.queueWhere(filter);
    const text = textCondition(param(search.q), search.number ? param(search.number) : null);
    const rare = await this.isRareSearch(search.q);
    let window = await sqlRows<{ id: string; created_at: Date }>(this.dataSource, rankedWindow(text, where, rare), params);
    if (!rare && window.length < RANKED_MATCHES) window = await sqlRows(this.dataSource, rankedWindow(text, where, true), params);
    const rankParams: unknown[] = [search.q, window.map((row) => row.id), window.map((row) => row.created_at)];
    const after = cursor ? `(ranked.rank, ranked.created_at, ranked.id) < ($4::real, $5::timestamptz, $6::uuid)` : null;
    if (cursor) rankParams.push(cursor.rank, cursor.createdAt, cursor.id);
    rankParams.push(userId);
    const statement = pageWithMarkers(
      rankedStatement({
        columns: `${QUEUE_ITEM_COLUMNS.join(', ')}, ${MESSAGE_TIME_COLUMNS}`,
        joins: JOINS,
        window: `SELECT unnest($2::uuid[]) AS id, unnest($3::timestamptz[]) AS created_at`,
        query: tsQuery('$1'),
        after,
        limit: limit + 1,
      }),
      [...QUEUE_ITEM_NAMES, 'rank', 'ranked_at'],
      `$${rankParams.length}`,
      'page.rank DESC, page.ranked_created_at DESC, page.id DESC',
    );
    return sqlRows<RankedRow>(this.dataSource, statement, rankParams);
  }

  /** Matches of the search text, counted no further than `cap`. */
  async countMatches(q: string, cap = RARE_MATCHES): Promise<number> {
    const row = await sqlRow<{ n: number }>(
      this.dataSource,
      `SELECT count(*)::int AS n FROM (SELECT 1 FROM tickets t WHERE t.search_vector @@ ${tsQuery('$1')} LIMIT $2) s`,
      [q, cap],
    );
    return row?.n ?? 0;
  }

  /**
   * Whether a search is rare (fewer than RARE_MATCHES matches). The planner's estimate, from the
   * word statistics of ANALYZE, costs nothing and is reliable far from the threshold (a word among
   * the most common lexemes, or far outside them); near it the matches are counted, capped. The count
   * reads ticket rows until it has RARE_MATCHES of them (about 18 MB for a common word on 1 M
   * tickets), which is what a common word no longer pays.
   */
  async isRareSearch(q: string): Promise<boolean> {
    const row = await sqlRow<{ 'QUERY PLAN': [{ Plan: { 'Plan Rows': number } }] }>(
      this.dataSource,
      `EXPLAIN (FORMAT JSON) SELECT 1 FROM tickets t WHERE t.search_vector @@ ${tsQuery('$1')}`,
      [q],
    );
    const estimate = row?.['QUERY PLAN']?.[0]?.Plan?.['Plan Rows'];
    if (typeof estimate === 'number' && estimate >= SURELY_COMMON) return false;
    if (typeof estimate === 'number' && estimate <= SURELY_RARE) return true;
    return (await this.countMatches(q)) < RARE_MATCHES;
  }

  /** A ticket by id or number: its own row (the names it shows come from findContactNames, through the owners' views). */
  findByKey(key: { id: string } | { number: number }): Promise<Ticket | null> {
    return this.dataSource.getRepository(Ticket).findOne({ where: key });
  }

  /** The journalist and outlet a ticket names, read through contacts' published views in one statement. */
  async findContactNames(journalistId: string | null, outletId: string | null): Promise<TicketContactNamesRow> {
    const row = await sqlRow<TicketContactNamesRow>(
      this.dataSource,
      `SELECT (SELECT json_build_object('id', j.id, 'name', j.name, 'email', j.email) FROM journalists_view j WHERE j.id = $1) AS journalist,
              (SELECT json_build_object('id', o.id, 'name', o.name) FROM outlets_view o WHERE o.id = $2) AS outlet`,
      [journalistId, outletId],
    );
    return row ?? { journalist: null, outlet: null };
  }

  /** The ticket row locked for the rest of the caller's transaction (a status change, a reply). */
  lockForUpdate(tx: EntityManager, id: string): Promise<Ticket | null> {
    return tx.getRepository(Ticket).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
  }

  /** Id, reference and subject: how a ticket is named in a link or a notice. */
  findLabel(id: string): Promise<TicketLabelRow | null> {
    return sqlRow<TicketLabelRow>(this.dataSource, 'SELECT id, reference, subject FROM tickets WHERE id = $1', [id]);
  }

  /** The same, read in the caller's transaction (a ticket it just created or holds locked). */
  findLabelIn(tx: EntityManager, id: string): Promise<TicketLabelRow | null> {
    return sqlRow<TicketLabelRow>(tx, 'SELECT id, reference, subject FROM tickets WHERE id = $1', [id]);
  }

  /** The label with the assignee (whom a journalist's reply is told to). */
  findLabelWithAssignee(tx: EntityManager, id: string): Promise<(TicketLabelRow & { assignee_id: string | null }) | null> {
    return sqlRow(tx, 'SELECT id, reference, subject, assignee_id FROM tickets WHERE id = $1', [id]);
  }

  /** When the automatic acknowledgement was queued, or null. */
  async findAcknowledgedAt(id: string): Promise<Date | null> {
    const row = await sqlRow<{ acknowledged_at: Date | null }>(this.dataSource, 'SELECT acknowledged_at FROM tickets WHERE id = $1', [id]);
    return row?.acknowledged_at ?? null;
  }

  /** The journalist's name, the subject and the first inquiry text: what a greeting's language and name are read from. */
  findGreetingContext(id: string): Promise<GreetingContextRow | null> {
    return sqlRow<GreetingContextRow>(
      this.dataSource,
      `SELECT j.name, t.subject,
              (SELECT coalesce(m.new_text, m.text) FROM messages_view m WHERE m.ticket_id = t.id AND m.kind = 'inbound' ORDER BY m.created_at LIMIT 1) AS inquiry
         FROM tickets t LEFT JOIN journalists_view j ON j.id = t.journalist_id WHERE t.id = $1`,
      [id],
    );
  }

  /** Points a merged duplicate contact's tickets at the survivor; answers the moved tickets' ids. */
  async moveContact(tx: EntityManager, column: 'journalist_id' | 'outlet_id', fromId: string, toId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(tx, `UPDATE tickets SET ${column} = $1, updated_at = now() WHERE ${column} = $2 RETURNING id`, [toId, fromId]);
    return rows.map((row) => row.id);
  }

  /** A contact's newest inquiries, for its directory page. */
  findInquiriesOf(column: 'journalist_id' | 'outlet_id', contactId: string, limit: number): Promise<InquiryRow[]> {
    return sqlRows<InquiryRow>(
      this.dataSource,
      `SELECT id, reference, subject, status, created_at FROM tickets WHERE ${column} = $1 ORDER BY created_at DESC, id DESC LIMIT ${limit}`,
      [contactId],
    );
  }

  /** A journalist's tickets as their personal-data export lists them, oldest first. */
  findForJournalistExport(journalistId: string): Promise<JournalistTicketExportRow[]> {
    return sqlRows<JournalistTicketExportRow>(
      this.dataSource,
      `SELECT t.id, t.reference, t.subject, t.status, t.created_at, t.deadline_at, t.outcome, o.name AS outlet
         FROM tickets t LEFT JOIN outlets_view o ON o.id = t.outlet_id WHERE t.journalist_id = $1 ORDER BY t.created_at`,
      [journalistId],
    );
  }

  async findIdsOfJournalist(tx: EntityManager, journalistId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(tx, 'SELECT id FROM tickets WHERE journalist_id = $1', [journalistId]);
    return rows.map((row) => row.id);
  }

  async findReferences(tx: EntityManager, ids: string[]): Promise<string[]> {
    const rows = await sqlRows<{ reference: string }>(tx, `SELECT reference FROM tickets WHERE id = ANY($1::uuid[])`, [ids]);
    return rows.map((row) => row.reference);
  }

  /**
   * Applies the current response targets to tickets still waiting for a first reply (answered ones keep
   * the target they were measured against). `calendarChanged` recomputes due times whose minutes stay.
   */
  recomputeWaitingTargets(tx: EntityManager, calendarChanged: boolean): Promise<number> {
    return sqlExec(
      tx,
      `UPDATE tickets t SET target_minutes = m.minutes, target_due_at = office_due_at(t.created_at, m.minutes)
         FROM (SELECT id, response_target_minutes(outlet_id, request_type) AS minutes FROM tickets
                WHERE first_response_at IS NULL AND status IN ('new', 'open', 'pending')) m
        WHERE t.id = m.id ${calendarChanged ? '' : 'AND t.target_minutes IS DISTINCT FROM m.minutes'}`,
    );
  }

  /** Rebuilds the search text from the tickets' messages as they are now (after an erasure), capped. */
  async rebuildSearchText(tx: EntityManager, ids: string[]): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE tickets t SET search_text = coalesce((SELECT left(string_agg(coalesce(m.new_text, m.text, ''), E'\\n' ORDER BY m.created_at), ${SEARCH_TEXT_LIMIT})
                                                  FROM messages_view m WHERE m.ticket_id = t.id), '')
        WHERE t.id = ANY($1::uuid[])`,
      [ids],
    );
  }

  /** The ticket's outlet and journalist, read without locking the ticket (its contacts are locked first). */
  findContacts(tx: EntityManager, id: string): Promise<{ outlet_id: string | null; journalist_id: string | null } | null> {
    return sqlRow(tx, `SELECT outlet_id, journalist_id FROM tickets WHERE id = $1`, [id]);
  }

  /** Draws the next ticket number from the sequence without creating a ticket (a reference handed to a bot). */
  async drawNumber(): Promise<string> {
    const row = await sqlRow<{ number: string }>(this.dataSource, `SELECT nextval('ticket_number_seq')::text AS number`);
    if (!row) throw new Error('nextval answered no row');
    return row.number;
  }

  /** Inserts a ticket; the database fills number, reference and the timestamps. */
  async insert(tx: EntityManager, fields: Partial<Ticket>): Promise<Ticket> {
    const repository = tx.getRepository(Ticket);
    return repository.save(repository.create(fields));
  }

  /** Writes changed columns of a ticket the caller holds locked. */
  async updateColumns(tx: EntityManager, id: string, columns: Partial<Ticket>): Promise<void> {
    await tx.getRepository(Ticket).update({ id }, columns);
  }

  /** A note or reply was added: the ticket is active now and its text becomes searchable (capped). */
  async touchWithText(tx: EntityManager, id: string, text: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE tickets SET last_activity_at = now(), updated_at = now(),
              search_text = left(search_text || E'\\n' || $2, ${SEARCH_TEXT_LIMIT})
        WHERE id = $1`,
      [id, text],
    );
  }

  /**
   * Messages were added (in the caller's transaction): each ticket's newest inbound and outbound times move
   * forward to theirs (greatest ignores a null), copied in SQL so the microseconds survive.
   */
  async recordMessageTimes(tx: EntityManager, messageIds: string[]): Promise<void> {
    if (messageIds.length === 0) return;
    await sqlExec(
      tx,
      `UPDATE tickets t SET last_inbound_at = greatest(t.last_inbound_at, m.inbound), last_outbound_at = greatest(t.last_outbound_at, m.outbound)
         FROM (SELECT ticket_id, max(created_at) FILTER (WHERE kind = 'inbound') AS inbound, max(created_at) FILTER (WHERE kind = 'outbound') AS outbound
                 FROM messages_view WHERE id = ANY($1::uuid[]) AND kind <> 'note' GROUP BY ticket_id) m
        WHERE t.id = m.ticket_id
          AND (t.last_inbound_at, t.last_outbound_at) IS DISTINCT FROM (greatest(t.last_inbound_at, m.inbound), greatest(t.last_outbound_at, m.outbound))`,
      [messageIds],
    );
  }

  /** Something happened on the ticket that changes none of its columns (a reply queued). */
  async touch(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(tx, `UPDATE tickets SET last_activity_at = now(), updated_at = now() WHERE id = $1`, [id]);
  }

  /**
   * A reply was queued: the status table's result, the first response (the earliest reply), the
   * reply's text searchable (capped).
   */
  async recordReplyQueued(tx: EntityManager, ticket: TicketStatusColumns, text: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE tickets SET status = $2, outcome = $3, resolved_at = $4, closed_at = $5, reopen_count = $6,
              first_response_at = coalesce(first_response_at, now()), last_activity_at = now(), updated_at = now(),
              search_text = left(search_text || E'\\n' || $7, ${SEARCH_TEXT_LIMIT})
        WHERE id = $1`,
      [ticket.id, ticket.status, ticket.outcome, ticket.resolvedAt, ticket.closedAt, ticket.reopenCount, text.slice(0, SEARCH_TEXT_LIMIT)],
    );
  }

  /** A reply was called off: the first response is the earliest reply still going out (none: no response yet). */
  async recomputeFirstResponse(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE tickets SET first_response_at = (
          SELECT min(o.created_at) FROM outbound_messages_view o WHERE o.ticket_id = $1 AND o.kind = 'reply' AND o.status <> 'cancelled'),
              updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }

  /** Other staff's recent dealings with the journalist: their replies in the last week and their open tickets. */
  recentContacts(journalistId: string, ticketId: string, viewerId: string): Promise<RecentContactRow[]> {
    return sqlRows<RecentContactRow>(
      this.dataSource,
      `SELECT * FROM (
         SELECT DISTINCT ON (t.id, u.id) t.id, t.reference, t.subject, u.id AS officer_id, u.name AS officer_name, m.created_at AS at, 'replied' AS kind
           FROM tickets t JOIN messages_view m ON m.ticket_id = t.id AND m.kind = 'outbound' JOIN users_view u ON u.id = m.author_id
          WHERE t.journalist_id = $1 AND t.id <> $2 AND m.author_id <> $3 AND m.created_at > now() - interval '7 days'
          ORDER BY t.id, u.id, m.created_at DESC) replied
       UNION ALL
       SELECT t.id, t.reference, t.subject, u.id, u.name, t.updated_at, 'assigned'
         FROM tickets t JOIN users_view u ON u.id = t.assignee_id
        WHERE t.journalist_id = $1 AND t.id <> $2 AND t.assignee_id <> $3 AND t.status IN ('new', 'open', 'pending')
       ORDER BY at DESC LIMIT 5`,
      [journalistId, ticketId, viewerId],
    );
  }

  private queueWhere(filter: QueueFilter): { where: string[]; params: unknown[]; param: (value: unknown) => string } {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.number) where.push(`t.number = ${param(filter.number)}::bigint`);
    // One status as an equality, so (assignee, status, deadline) is read in order and the page stops at the limit.
    if (filter.statuses?.length === 1) where.push(`t.status = ${param(filter.statuses[0])}`);
    else if (filter.statuses?.length) where.push(`t.status = ANY(${param(filter.statuses)}::text[])`);
    if (filter.assignee === 'none') where.push('t.assignee_id IS NULL');
    else if (filter.assignee) where.push(`t.assignee_id = ${param(filter.assignee)}`);
    if (filter.priorities?.length) where.push(`t.priority = ANY(${param(filter.priorities)}::text[])`);
    if (filter.channel) where.push(`t.channel = ${param(filter.channel)}`);
    if (filter.outlet) where.push(`t.outlet_id = ${param(filter.outlet)}`);
    if (filter.tag) where.push(`t.tags @> ARRAY[${param(filter.tag)}]::text[]`);
    if (filter.deadlineBefore) where.push(`${EFFECTIVE_DEADLINE} < ${param(filter.deadlineBefore)}::timestamptz`);
    return { where, params, param };
  }
}
