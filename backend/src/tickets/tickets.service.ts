import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Page, TicketDetailDto, TicketSummaryDto, TicketSort } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import { approvalsOfTicket, assertTicketScopeKept } from '../approvals/approval-rules.js';
import { Attachment } from '../attachments/attachment.entity.js';
import type { RequestUser } from '../common/request-user.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { preparedRows } from '../database/prepared-statement.js';
import { Event } from '../events/event.entity.js';
import { Message } from '../messages/message.entity.js';
import { replyDeliveries } from '../outbound/queue-mail.js';
import { UsersService } from '../users/users.service.js';
import type { CreateNoteDto } from './dto/create-note.dto.js';
import type { CreateTicketDto } from './dto/create-ticket.dto.js';
import type { ListTicketsQuery } from './dto/list-tickets.query.js';
import type { UpdateTicketDto } from './dto/update-ticket.dto.js';
import type { MarkReadDto } from './dto/mark-read.dto.js';
import { markRead, pageWithMarkers, readMarkers, toMarkers, type MarkerColumns } from './ticket-markers.js';
import { applyStatus } from './ticket-status.js';
import { SEARCH_TEXT_LIMIT, Ticket } from './ticket.entity.js';
import {
  allMatchesStatement,
  isRare,
  parseReference,
  RANKED_MATCHES,
  rankedStatement,
  rankedWindow,
  textCondition,
  tsQuery,
  walkStatement,
} from './ticket-search.js';
import { SUMMARY_COLUMNS, toMessageDto, toTicketEventDto, toTicketSummaryDto, toTicketSummaryFromRow, type SummaryRow } from './ticket.mapper.js';

const DEFAULT_PAGE_SIZE = 25;
const REFERENCE = /^ND-(\d{1,18})$/i;
/** The deadline the queue orders by: confirmed, else detected (the expression its indexes hold). */
export const EFFECTIVE_DEADLINE = `coalesce(t.deadline_at, t.suggested_deadline_at, 'infinity'::timestamptz)`;

/** A ticket's first-response due time while it waits for a reply, else infinity: the queue's target order. */
const TARGET_DUE = `coalesce(CASE WHEN t.first_response_at IS NULL THEN t.target_due_at END, 'infinity'::timestamptz)`;

/** Sort key expression, direction, and how the key is read back for the cursor. */
const SORTS: Record<TicketSort, { key: string; direction: 'ASC' | 'DESC' }> = {
  // The effective deadline (confirmed, else detected), the expression the *_effective_deadline_idx indexes hold.
  deadline: { key: EFFECTIVE_DEADLINE, direction: 'ASC' },
  created: { key: 't.created_at', direction: 'DESC' },
  updated: { key: 't.updated_at', direction: 'DESC' },
  // Waiting for a first reply, by the target's due time; the rest after (tickets_target_queue_idx).
  target: { key: TARGET_DUE, direction: 'ASC' },
};

/** The queue's keyset position: the sort key (undated tickets sort as 'infinity'), then id. */
const PAGE_CURSOR = cursorCodec('tickets', ['sortTimestamp', 'uuid']);
/** A relevance page's position: rank, then created_at as PostgreSQL's text, then id. */
const RANKED_CURSOR = cursorCodec('tickets-ranked', ['number', 'timestamp', 'uuid']);

/** pg reads the 'infinity' of undated tickets as the number Infinity; the cursor spells it as PostgreSQL does. */
function cursorKey(key: Date | number | string): string {
  if (key instanceof Date) return key.toISOString();
  return key === Infinity ? 'infinity' : String(key);
}

type TicketFields = Pick<
  Ticket,
  | 'subject'
  | 'priority'
  | 'requestType'
  | 'assigneeId'
  | 'deadlineAt'
  | 'suggestedDeadlineAt'
  | 'journalistId'
  | 'outletId'
  | 'tags'
  | 'outcome'
  | 'outcomeNote'
  | 'coverageUrl'
  | 'spokespersonId'
  | 'status'
>;

@Injectable()
export class TicketsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly contacts: ContactsService,
    private readonly events: EventsService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
  ) {}

  async list(query: ListTicketsQuery, user: RequestUser): Promise<Page<TicketSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const typed = query.q?.trim() || null;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    // A typed reference is that ticket (the unique number index); a bare number may also be text.
    const reference = typed ? parseReference(typed) : null;
    if (reference?.kind === 'reference') where.push(`t.number = ${param(reference.number)}::bigint`);
    const q = reference?.kind === 'reference' ? null : typed;
    const sortName = query.sort === 'relevance' && typed && !q ? 'created' : (query.sort ?? 'deadline');

    // One status as an equality, so (assignee, status, deadline) is read in order and the page stops at the limit.
    if (query.status?.length === 1) where.push(`t.status = ${param(query.status[0])}`);
    else if (query.status?.length) where.push(`t.status = ANY(${param(query.status)}::text[])`);
    if (query.assignee === 'me') where.push(`t.assignee_id = ${param(user.id)}`);
    else if (query.assignee === 'none') where.push('t.assignee_id IS NULL');
    else if (query.assignee) where.push(`t.assignee_id = ${param(query.assignee)}`);
    if (query.priority?.length) where.push(`t.priority = ANY(${param(query.priority)}::text[])`);
    if (query.channel) where.push(`t.channel = ${param(query.channel)}`);
    if (query.outlet) where.push(`t.outlet_id = ${param(query.outlet)}`);
    if (query.tag) where.push(`t.tags @> ARRAY[${param(query.tag)}]::text[]`);
    if (query.deadlineBefore) where.push(`${EFFECTIVE_DEADLINE} < ${param(query.deadlineBefore)}::timestamptz`);
    const joins = `LEFT JOIN users a ON a.id = t.assignee_id
         LEFT JOIN journalists j ON j.id = t.journalist_id
         LEFT JOIN outlets o ON o.id = t.outlet_id`;

    if (sortName === 'relevance') {
      if (!q) throw new BadRequestException('sort=relevance needs a search text (q)');
      return this.rankedList(q, reference?.number ?? null, where, params, joins, limit, user, query.cursor);
    }
    const sort = SORTS[sortName];
    if (query.cursor) {
      const [afterKey, afterId] = PAGE_CURSOR.decode(query.cursor);
      const comparison = sort.direction === 'ASC' ? '>' : '<';
      where.push(`(${sort.key}, t.id) ${comparison} (${param(afterKey)}::timestamptz, ${param(afterId)}::uuid)`);
    }
    const columns = `${SUMMARY_COLUMNS}, ${sort.key} AS sort_key`;
    const orderBy = `${sort.key} ${sort.direction}, t.id ${sort.direction}`;

    // One statement for the whole page: rows by the index order with the joined columns, then the officer's markers.
    const userParam = param(user.id);
    const marked = (statement: string) => pageWithMarkers(statement, userParam, `page.sort_key ${sort.direction}, page.id ${sort.direction}`);
    let rows: (SummaryRow & MarkerColumns & { sort_key: Date | number | string })[];
    if (!q) {
      const statement = marked(`SELECT ${columns} FROM tickets t ${joins}
          ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
          ORDER BY ${orderBy} LIMIT ${limit + 1}`);
      // A walk of the sort index is the best plan whatever the values, so it is planned once per connection;
      // a tag or outlet has its own index, whose worth depends on how many tickets carry it.
      rows = query.tag || query.outlet ? await this.dataSource.query(statement, params) : await preparedRows(this.dataSource, statement, params);
    } else {
      // The plan is chosen from how many tickets match (see ticket-search.ts), not left to the estimate.
      const text = textCondition(param(q), reference ? param(reference.number) : null);
      const search = { columns, joins, text, where, sortKey: sort.key, direction: sort.direction, limit: limit + 1 };
      const rare = await isRare(this.dataSource, q);
      rows = await this.dataSource.query(marked(rare ? allMatchesStatement(search) : walkStatement(search)), params);
      if (!rare && rows.length <= limit) rows = await this.dataSource.query(marked(allMatchesStatement(search)), params);
    }

    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? PAGE_CURSOR.encode([cursorKey(last.sort_key), last.id])
        : null;
    return { items: page.map((row) => toTicketSummaryFromRow(row, toMarkers(row))), nextCursor };
  }

  /** The officer's unread / replied markers and the badges, added to a ticket already read. */
  private async withMarkers(items: TicketSummaryDto[], user: RequestUser): Promise<TicketSummaryDto[]> {
    const markers = await readMarkers(this.dataSource, items.map((item) => item.id), user.id);
    return items.map((item) => ({ ...item, ...markers.get(item.id) }));
  }

  /** Search by relevance: the newest matches ranked (ticket-search.ts), paged by (rank, created, id). */
  private async rankedList(
    q: string,
    number: string | null,
    where: string[],
    params: unknown[],
    joins: string,
    limit: number,
    user: RequestUser,
    rawCursor?: string,
  ): Promise<Page<TicketSummaryDto>> {
    const param = (value: unknown) => `$${params.push(value)}`;
    const text = textCondition(param(q), number ? param(number) : null);
    const rare = await isRare(this.dataSource, q);
    let window = (await this.dataSource.query(rankedWindow(text, where, rare), params)) as { id: string; created_at: Date }[];
    if (!rare && window.length < RANKED_MATCHES) window = await this.dataSource.query(rankedWindow(text, where, true), params);
    const cursor = rawCursor ? RANKED_CURSOR.decode(rawCursor) : null;
    const rankParams: unknown[] = [q, window.map((row) => row.id), window.map((row) => row.created_at)];
    const after = cursor
      ? `(ranked.rank, ranked.created_at, ranked.id) < ($4::real, $5::timestamptz, $6::uuid)`
      : null;
    if (cursor) rankParams.push(...cursor);
    rankParams.push(user.id);
    const rows = (await this.dataSource.query(
      pageWithMarkers(
        rankedStatement({
          columns: SUMMARY_COLUMNS,
          joins,
          window: `SELECT unnest($2::uuid[]) AS id, unnest($3::timestamptz[]) AS created_at`,
          query: tsQuery('$1'),
          after,
          limit: limit + 1,
        }),
        `$${rankParams.length}`,
        'page.rank DESC, page.created_at DESC, page.id DESC',
      ),
      rankParams,
    )) as (SummaryRow & MarkerColumns & { rank: number; ranked_at: string })[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last ? RANKED_CURSOR.encode([last.rank, last.ranked_at, last.id]) : null;
    return { items: page.map((row) => toTicketSummaryFromRow(row, toMarkers(row))), nextCursor };
  }

  async get(idOrReference: string, user: RequestUser): Promise<TicketDetailDto> {
    const ticket = await this.findAccessible(idOrReference);
    const [messages, events] = await Promise.all([
      this.dataSource.getRepository(Message).find({ where: { ticketId: ticket.id }, relations: { author: true }, order: { createdAt: 'ASC' } }),
      this.dataSource.getRepository(Event).find({ where: { ticketId: ticket.id }, order: { id: 'ASC' } }),
    ]);
    const attachments = messages.length
      ? await this.dataSource.getRepository(Attachment).find({ where: { messageId: In(messages.map((m) => m.id)) }, order: { createdAt: 'ASC' } })
      : [];
    const outbound = messages.some((message) => message.kind === 'outbound')
      ? await replyDeliveries(this.dataSource.manager, ticket.id)
      : [];
    const deliveryByMessage = new Map(outbound.filter((row) => row.messageId).map((row) => [row.messageId!, row]));
    const approvals = await approvalsOfTicket(this.dataSource.manager, ticket.id);
    const approvalByMessage = new Map(approvals.map((row) => [row.message_id, { id: row.id, status: row.status, reason: row.reason, comment: row.comment }]));
    const actorIds = [...new Set(events.map((event) => event.actorId).filter((id): id is string => !!id))];
    const actors = await this.users.findEntities(actorIds);
    const actorById = new Map(actors.map((actor) => [actor.id, actor]));
    const spokesperson = ticket.spokespersonId ? await this.users.findEntity(ticket.spokespersonId) : null;
    const recentContacts = ticket.journalistId ? await this.recentContacts(ticket.journalistId, ticket.id, user.id) : [];
    const [sameAs] = ticket.possibleDuplicateOfId
      ? ((await this.dataSource.query('SELECT id, reference, subject FROM tickets WHERE id = $1', [ticket.possibleDuplicateOfId])) as { id: string; reference: string; subject: string }[])
      : [];
    const [summary] = await this.withMarkers([toTicketSummaryDto(ticket)], user);
    return {
      ...summary,
      outcomeNote: ticket.outcomeNote,
      coverageUrl: ticket.coverageUrl,
      spokesperson: spokesperson ? { id: spokesperson.id, name: spokesperson.name } : null,
      recentContacts,
      possiblySameAs: sameAs ? { ticketId: sameAs.id, reference: sameAs.reference, subject: sameAs.subject } : null,
      messages: messages.map((message) =>
        toMessageDto(
          message,
          attachments.filter((a) => a.messageId === message.id),
          deliveryByMessage.get(message.id) ?? null,
          approvalByMessage.get(message.id) ?? null,
        ),
      ),
      events: events.map((event) => toTicketEventDto(event, event.actorId ? actorById.get(event.actorId) : undefined)),
    };
  }

  /** An officer logs an inquiry that did not come by mail (usually a phone call). */
  async create(input: CreateTicketDto, user: RequestUser): Promise<TicketDetailDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const journalist = input.journalistId
        ? await this.contacts.getJournalist(input.journalistId, tx)
        : input.journalist && (input.journalist.email || input.journalist.name || input.journalist.phone)
          ? await this.contacts.findOrCreateJournalist(input.journalist, tx)
          : null;
      const outletId = input.outletId
        ? (await this.contacts.getOutlet(input.outletId, tx)).id
        : (journalist?.outletId ?? null);
      if (input.assigneeId) await this.assertAssignable(input.assigneeId, tx);
      const repository = tx.getRepository(Ticket);
      const ticket = await repository.save(
        repository.create({
          subject: input.subject,
          channel: input.channel ?? 'phone',
          status: input.assigneeId ? 'open' : 'new',
          priority: input.priority ?? 'normal',
          requestType: input.requestType ?? 'other',
          tags: this.normaliseTags(input.tags ?? []),
          deadlineAt: input.deadlineAt ? new Date(input.deadlineAt) : null,
          assigneeId: input.assigneeId ?? null,
          journalistId: journalist?.id ?? null,
          outletId,
          createdById: user.id,
          searchText: input.text.slice(0, SEARCH_TEXT_LIMIT),
        }),
      );
      await tx.getRepository(Message).insert({
        ticketId: ticket.id,
        kind: 'inbound',
        fromName: journalist?.name ?? null,
        fromAddress: journalist?.email ?? null,
        subject: input.subject,
        text: input.text,
        authorId: user.id,
      });
      await this.events.record(
        {
          type: 'ticket.created',
          entityType: 'ticket',
          entityId: ticket.id,
          ticketId: ticket.id,
          actorId: user.id,
          after: { subject: ticket.subject, channel: ticket.channel, status: ticket.status, journalistId: ticket.journalistId },
        },
        tx,
      );
      if (ticket.assigneeId) {
        const [{ reference }] = (await tx.query('SELECT reference FROM tickets WHERE id = $1', [ticket.id])) as { reference: string }[];
        await this.notifications.assigned(tx, { id: ticket.id, reference, subject: ticket.subject }, ticket.assigneeId, user.id);
      }
      return ticket.id;
    });
    return this.get(id, user);
  }

  /**
   * A ticket the office starts itself (a pitch, a follow-up by mail), opened inside the caller's
   * transaction with the officer as assignee; the caller adds the first (outbound) message.
   */
  async openOutbound(
    tx: EntityManager,
    input: { subject: string; journalistId: string; outletId: string | null; deadlineAt: Date | null; requestType: Ticket['requestType'] },
    user: RequestUser,
  ): Promise<{ ticket: Ticket; reference: string }> {
    const repository = tx.getRepository(Ticket);
    const ticket = await repository.save(
      repository.create({
        subject: input.subject,
        channel: 'email',
        status: 'new',
        priority: 'normal',
        requestType: input.requestType,
        tags: [],
        deadlineAt: input.deadlineAt,
        assigneeId: user.id,
        journalistId: input.journalistId,
        outletId: input.outletId,
        createdById: user.id,
        searchText: '',
      }),
    );
    const [{ reference }] = (await tx.query('SELECT reference FROM tickets WHERE id = $1', [ticket.id])) as { reference: string }[];
    await this.events.record(
      {
        type: 'ticket.created',
        entityType: 'ticket',
        entityId: ticket.id,
        ticketId: ticket.id,
        actorId: user.id,
        after: { subject: ticket.subject, channel: ticket.channel, status: ticket.status, journalistId: ticket.journalistId, direction: 'outbound' },
      },
      tx,
    );
    return { ticket, reference };
  }

  async update(idOrReference: string, input: UpdateTicketDto, user: RequestUser): Promise<TicketDetailDto> {
    const { id } = await this.findAccessible(idOrReference);
    await this.dataSource.transaction(async (tx) => {
      const ticket = await tx.getRepository(Ticket).findOne({ where: { id }, lock: { mode: 'pessimistic_write' } });
      if (!ticket) throw new NotFoundException('Ticket not found');
      const scope = { tags: ticket.tags, outletId: ticket.outletId, journalistId: ticket.journalistId };
      const before: Partial<Record<keyof TicketFields | 'resolvedAt' | 'closedAt', unknown>> = {};
      const after: typeof before = {};
      const set = <K extends keyof TicketFields>(key: K, value: Ticket[K]) => {
        const same = Array.isArray(value)
          ? JSON.stringify(value) === JSON.stringify(ticket[key])
          : value instanceof Date || ticket[key] instanceof Date
            ? (value as Date | null)?.getTime() === (ticket[key] as Date | null)?.getTime()
            : value === ticket[key];
        if (same) return;
        before[key] = ticket[key];
        after[key] = value;
        ticket[key] = value;
      };

      if (input.subject !== undefined) set('subject', input.subject);
      if (input.priority !== undefined) set('priority', input.priority);
      if (input.requestType !== undefined) set('requestType', input.requestType);
      if (input.tags !== undefined) set('tags', this.normaliseTags(input.tags));
      if (input.deadlineAt !== undefined) {
        set('deadlineAt', input.deadlineAt === null ? null : new Date(input.deadlineAt));
        // Confirming or correcting settles the detected deadline; a later follow-up may detect a new one.
        if (ticket.suggestedDeadlineAt) set('suggestedDeadlineAt', null);
      }
      if (input.outcome !== undefined) set('outcome', input.outcome);
      if (input.outcomeNote !== undefined) set('outcomeNote', input.outcomeNote);
      if (input.coverageUrl !== undefined) set('coverageUrl', input.coverageUrl);
      if (input.spokespersonId !== undefined) {
        if (input.spokespersonId) await this.assertAssignable(input.spokespersonId, tx);
        set('spokespersonId', input.spokespersonId);
      }
      if (input.assigneeId !== undefined) {
        if (input.assigneeId) await this.assertAssignable(input.assigneeId, tx);
        set('assigneeId', input.assigneeId);
      }
      if (input.journalistId !== undefined) {
        if (input.journalistId) await this.contacts.getJournalist(input.journalistId, tx);
        set('journalistId', input.journalistId);
      }
      if (input.outletId !== undefined) {
        if (input.outletId) await this.contacts.getOutlet(input.outletId, tx);
        set('outletId', input.outletId);
      }
      // Assigning a new ticket opens it, unless the same request sets a status.
      const targetStatus = input.status ?? (ticket.status === 'new' && after.assigneeId ? 'open' : undefined);
      if (targetStatus && targetStatus !== ticket.status) {
        const previous = { status: ticket.status, resolvedAt: ticket.resolvedAt, closedAt: ticket.closedAt };
        applyStatus(ticket, targetStatus, new Date());
        before.status = previous.status;
        after.status = ticket.status;
        if (previous.resolvedAt?.getTime() !== ticket.resolvedAt?.getTime()) {
          before.resolvedAt = previous.resolvedAt;
          after.resolvedAt = ticket.resolvedAt;
        }
        if (previous.closedAt?.getTime() !== ticket.closedAt?.getTime()) {
          before.closedAt = previous.closedAt;
          after.closedAt = ticket.closedAt;
        }
      }
      if (!Object.keys(after).length) return;
      if ('tags' in after || 'outletId' in after || 'journalistId' in after) {
        await assertTicketScopeKept(tx, user, ticket, scope, { tags: ticket.tags, outletId: ticket.outletId, journalistId: ticket.journalistId }, this.users);
      }
      // Related objects are referenced by id; drop stale relation objects so save() writes the ids.
      const { assignee: _a, journalist: _j, outlet: _o, ...columns } = ticket;
      await tx.getRepository(Ticket).update({ id }, { ...columns, lastActivityAt: new Date() });
      await this.events.record(
        { type: 'ticket.updated', entityType: 'ticket', entityId: id, ticketId: id, actorId: user.id, before, after },
        tx,
      );
      if (typeof after.assigneeId === 'string') {
        await this.notifications.assigned(tx, { id, reference: ticket.reference, subject: ticket.subject }, after.assigneeId, user.id);
      }
    });
    return this.get(id, user);
  }

  /** The officer has read the ticket up to one of its messages (the newest they were shown). */
  async markRead(idOrReference: string, input: MarkReadDto, user: RequestUser): Promise<void> {
    const { id } = await this.findAccessible(idOrReference);
    if (!(await markRead(this.dataSource, id, user.id, input.upToMessageId))) {
      throw new BadRequestException('upToMessageId must be a message of this ticket');
    }
  }

  async addNote(idOrReference: string, input: CreateNoteDto, user: RequestUser): Promise<TicketDetailDto> {
    const { id } = await this.findAccessible(idOrReference);
    await this.dataSource.transaction(async (tx) => {
      const note = await tx.getRepository(Message).save(
        tx.getRepository(Message).create({ ticketId: id, kind: 'note', text: input.text, authorId: user.id }),
      );
      await tx.query(
        `UPDATE tickets SET last_activity_at = now(), updated_at = now(),
                search_text = left(search_text || E'\\n' || $2, ${SEARCH_TEXT_LIMIT})
          WHERE id = $1`,
        [id, input.text],
      );
      await this.events.record(
        { type: 'note.added', entityType: 'message', entityId: note.id, ticketId: id, actorId: user.id, after: { messageId: note.id } },
        tx,
      );
    });
    return this.get(id, user);
  }

  /**
   * The one place that decides whether a ticket exists for this caller. Every staff role sees
   * the shared press-office queue today; restrictions (teams, embargoed stories) go here.
   */
  async findAccessible(idOrReference: string): Promise<Ticket> {
    const reference = REFERENCE.exec(idOrReference);
    const where = isUuid(idOrReference) ? { id: idOrReference } : reference ? { number: Number(reference[1]) } : null;
    // find, not findOne: the key is unique and the relations are many-to-one, so one joined statement
    // does, where findOne's row limit makes TypeORM read the id first in a statement of its own.
    const [ticket] = where ? await this.dataSource.getRepository(Ticket).find({ where, relations: { assignee: true, journalist: true, outlet: true } }) : [];
    if (!ticket) throw new NotFoundException(`Ticket ${idOrReference} not found`);
    return ticket;
  }

  private async recentContacts(journalistId: string, ticketId: string, viewerId: string): Promise<TicketDetailDto['recentContacts']> {
    const rows = (await this.dataSource.query(
      `SELECT * FROM (
         SELECT DISTINCT ON (t.id, u.id) t.id, t.reference, t.subject, u.id AS officer_id, u.name AS officer_name, m.created_at AS at, 'replied' AS kind
           FROM tickets t JOIN messages m ON m.ticket_id = t.id AND m.kind = 'outbound' JOIN users u ON u.id = m.author_id
          WHERE t.journalist_id = $1 AND t.id <> $2 AND m.author_id <> $3 AND m.created_at > now() - interval '7 days'
          ORDER BY t.id, u.id, m.created_at DESC) replied
       UNION ALL
       SELECT t.id, t.reference, t.subject, u.id, u.name, t.updated_at, 'assigned'
         FROM tickets t JOIN users u ON u.id = t.assignee_id
        WHERE t.journalist_id = $1 AND t.id <> $2 AND t.assignee_id <> $3 AND t.status IN ('new', 'open', 'pending')
       ORDER BY at DESC LIMIT 5`,
      [journalistId, ticketId, viewerId],
    )) as { id: string; reference: string; subject: string; officer_id: string; officer_name: string; at: Date; kind: 'replied' | 'assigned' }[];
    return rows.map((row) => ({
      ticketId: row.id,
      reference: row.reference,
      subject: row.subject,
      officer: { id: row.officer_id, name: row.officer_name },
      at: row.at.toISOString(),
      kind: row.kind,
    }));
  }

  private async assertAssignable(userId: string, tx: EntityManager): Promise<void> {
    if (!(await this.users.isActive(tx, userId))) throw new BadRequestException('assigneeId must be an active user');
  }

  private normaliseTags(tags: string[]): string[] {
    return [...new Set(tags.map((tag) => tag.trim().toLowerCase()).filter(Boolean))].sort();
  }
}
