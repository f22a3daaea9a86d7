import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';
import { valuesList } from '../database/values-list.js';
import { SEARCH_TEXT_LIMIT, Ticket } from './ticket.entity.js';

/** A new ticket as the intake opens it; the id is chosen by the caller so rows can be matched without relying on RETURNING order. */
export interface NewTicketRow {
  id: string;
  subject: string;
  channel: 'email' | 'web';
  requestType: string;
  deadlineAt: Date | null;
  suggestedDeadlineAt: Date | null;
  journalistId: string | null;
  outletId: string | null;
  searchText: string;
  /** Its acknowledgement is queued in the same transaction: acknowledged_at is set by the insert, not by a later UPDATE. */
  acknowledged: boolean;
}

interface InsertedTicketRow {
  id: string;
  reference: string;
}

/** Tickets written by the intake's batch persist stage. */
@Injectable()
export class TicketBatchRepository {
  /** One INSERT for all; the reference (sequence default + generated column) comes back by id. */
  async insertMany(tx: EntityManager, tickets: NewTicketRow[]): Promise<Map<string, string>> {
    if (!tickets.length) return new Map();
    const { text, params } = valuesList(
      tickets.map((t) => [t.id, t.subject, t.channel, t.requestType, t.deadlineAt, t.suggestedDeadlineAt, t.journalistId, t.outletId, t.searchText, t.acknowledged]),
      ['uuid', 'text', 'text', 'text', 'timestamptz', 'timestamptz', 'uuid', 'uuid', 'text', 'boolean'],
    );
    const rows = await sqlRows<InsertedTicketRow>(
      tx,
      // Each starts from an inbound message inserted in this transaction (created_at now()): its time is set here,
      // so recordMessageTimes finds nothing to change and the row is written once (a second UPDATE fires the metrics trigger
      // and writes every index again, the search GINs too).
      `INSERT INTO tickets (id, subject, channel, request_type, deadline_at, suggested_deadline_at, journalist_id, outlet_id, search_text, last_inbound_at, acknowledged_at)
       SELECT v.id, v.subject, v.channel, v.request_type, v.deadline_at, v.suggested_deadline_at, v.journalist_id, v.outlet_id, v.search_text,
              now(), CASE WHEN v.acknowledged THEN now() END
         FROM (VALUES ${text}) v(id, subject, channel, request_type, deadline_at, suggested_deadline_at, journalist_id, outlet_id, search_text, acknowledged)
       RETURNING id, reference`,
      params,
      { named: true },
    );
    return new Map(rows.map((row) => [row.id, row.reference]));
  }

  /** The ticket with this number (`[ND-n]` in a subject or a form's text), leaving out `exceptId`. */
  async idByNumber(tx: EntityManager, number: string, exceptId: string | null): Promise<string | null> {
    const [row] = await sqlRows<{ id: string }>(tx, 'SELECT id FROM tickets WHERE number = $1 AND id IS DISTINCT FROM $2::uuid', [number, exceptId]);
    return row?.id ?? null;
  }

  /** A journalist's latest open ticket, or one active within `recentDays`, other than `exceptId`. */
  async latestOfJournalist(tx: EntityManager, journalistId: string, exceptId: string, recentDays: number): Promise<string | null> {
    const [row] = await sqlRows<{ id: string }>(
      tx,
      `SELECT id FROM tickets
        WHERE journalist_id = $1 AND id <> $2
          AND (status <> 'closed' OR last_activity_at > now() - make_interval(days => $3))
        ORDER BY last_activity_at DESC LIMIT 1`,
      [journalistId, exceptId, recentDays],
    );
    return row?.id ?? null;
  }

  /** Records the ticket a web ticket is possibly the same as, for staff to merge. */
  async markPossibleDuplicate(tx: EntityManager, ticketId: string, duplicateOfId: string): Promise<void> {
    await sqlExec(tx, 'UPDATE tickets SET possible_duplicate_of_id = $2 WHERE id = $1', [ticketId, duplicateOfId]);
  }

  /** The ticket a message is appended to, locked until the transaction ends. */
  lockForAppend(tx: EntityManager, ticketId: string): Promise<Ticket> {
    return tx.getRepository(Ticket).findOneOrFail({ where: { id: ticketId }, lock: { mode: 'pessimistic_write' } });
  }

  async setSuggestedDeadline(tx: EntityManager, ticketId: string, suggestedDeadlineAt: Date): Promise<void> {
    await sqlExec(tx, 'UPDATE tickets SET suggested_deadline_at = $2 WHERE id = $1', [ticketId, suggestedDeadlineAt]);
  }

  /** A message arrived on the ticket: its status fields as the transition left them, activity now, the text searchable. */
  async recordInboundMessage(tx: EntityManager, ticket: Ticket, text: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE tickets SET status = $2, resolved_at = $3, closed_at = $4, reopen_count = $5, last_activity_at = now(), updated_at = now(),
              search_text = left(search_text || E'\\n' || $6, ${SEARCH_TEXT_LIMIT})
        WHERE id = $1`,
      [ticket.id, ticket.status, ticket.resolvedAt, ticket.closedAt, ticket.reopenCount, text.slice(0, SEARCH_TEXT_LIMIT)],
    );
  }
}
