import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import type { Page, TicketDetailDto, TicketQueueItemDto, TicketSummaryDto } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { approvalsOfTicket, assertTicketScopeKept } from '../approvals/approval-rules.js';
import { AttachmentsService } from '../attachments/attachments.service.js';
import { Clock } from '../common/clock.js';
import type { RequestUser } from '../common/request-user.js';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import { ContactsService } from '../contacts/contacts.service.js';
import { EventsService } from '../events/events.service.js';
import { NotificationsService } from '../notifications/notifications.service.js';
import { MessagesService } from '../messages/messages.service.js';
import { replyDeliveries } from '../outbound/queue-mail.js';
import { UsersService } from '../users/users.service.js';
import type { CreateNoteDto } from './dto/create-note.dto.js';
import type { CreateTicketDto } from './dto/create-ticket.dto.js';
import type { ListTicketsQuery } from './dto/list-tickets.query.js';
import type { UpdateTicketDto } from './dto/update-ticket.dto.js';
import type { MarkReadDto } from './dto/mark-read.dto.js';
import { TicketDeadlinesRepository, type TicketDeadlineRow } from './ticket-deadlines.repository.js';
import { toMarkers } from './ticket-markers.js';
import { TicketSimilarityRepository, type TicketWithStoryRow } from './ticket-similarity.repository.js';
import { TicketReadsRepository } from './ticket-reads.repository.js';
import { applyStatus } from './ticket-status.js';
import { SEARCH_TEXT_LIMIT, type Ticket } from './ticket.entity.js';
import { parseReference } from './ticket-search.js';
import { toMessageDto, toTicketEventDto, toTicketSummaryDto, toTicketQueueItem } from './ticket.mapper.js';
import { TicketsRepository, type GreetingContextRow, type QueueFilter, type TicketContactNamesRow, type TicketLabelRow, type TicketStatusColumns } from './tickets.repository.js';

const DEFAULT_PAGE_SIZE = 25;
const REFERENCE = /^ND-(\d{1,18})$/i;
export { EFFECTIVE_DEADLINE } from './tickets.repository.js';

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
    private readonly tickets: TicketsRepository,
    private readonly reads: TicketReadsRepository,
    private readonly deadlines: TicketDeadlinesRepository,
    private readonly similarity: TicketSimilarityRepository,
    private readonly contacts: ContactsService,
    private readonly events: EventsService,
    private readonly messages: MessagesService,
    private readonly attachments: AttachmentsService,
    private readonly notifications: NotificationsService,
    private readonly users: UsersService,
    private readonly clock: Clock,
  ) {}

  async list(query: ListTicketsQuery, user: RequestUser): Promise<Page<TicketQueueItemDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const typed = query.q?.trim() || null;
    // A typed reference is that ticket (the unique number index); a bare number may also be text.
    const reference = typed ? parseReference(typed) : null;
    const q = reference?.kind === 'reference' ? null : typed;
    const sortName = query.sort === 'relevance' && typed && !q ? 'created' : (query.sort ?? 'deadline');
    const filter: QueueFilter = {
      number: reference?.kind === 'reference' ? reference.number : undefined,
      statuses: query.status,
      assignee: query.assignee === 'me' ? user.id : query.assignee,
      priorities: query.priority,
      channel: query.channel,
      outlet: query.outlet,
      tag: query.tag,
      deadlineBefore: query.deadlineBefore,
    };
    const search = q ? { q, number: reference?.number ?? null } : null;

    if (sortName === 'relevance') {
      if (!search) throw new BadRequestException('sort=relevance needs a search text (q)');
      const decoded = query.cursor ? RANKED_CURSOR.decode(query.cursor) : null;
      const cursor = decoded ? { rank: decoded[0], createdAt: decoded[1], id: decoded[2] } : null;
      const rows = await this.tickets.findRankedPage(filter, search, cursor, user.id, limit);
      const page = rows.slice(0, limit);
      const last = page.at(-1);
      const nextCursor =
        rows.length > limit && last ? RANKED_CURSOR.encode([last.rank, last.ranked_at, last.id]) : null;
      return { items: page.map((row) => toTicketQueueItem(row, toMarkers(row))), nextCursor };
    }
    // One statement for the whole page: rows by the index order with the joined columns, then the officer's markers.
    const decoded = query.cursor ? PAGE_CURSOR.decode(query.cursor) : null;
    const cursor = decoded ? { key: decoded[0], id: decoded[1] } : null;
    const rows = await this.tickets.findQueuePage(filter, search, sortName, cursor, user.id, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const nextCursor =
      rows.length > limit && last
        ? PAGE_CURSOR.encode([cursorKey(last.sort_key), last.id])
        : null;
    return { items: page.map((row) => toTicketQueueItem(row, toMarkers(row))), nextCursor };
  }

  /** The officer's unread / replied markers and the badges, added to a ticket already read. */
  private async withMarkers(items: TicketSummaryDto[], user: RequestUser): Promise<TicketSummaryDto[]> {
    if (!items.length) return items;
    const rows = await this.reads.findMarkers(items.map((item) => item.id), user.id);
    const markers = new Map(rows.map((row) => [row.id, toMarkers(row)]));
    return items.map((item) => ({ ...item, ...markers.get(item.id) }));
  }

  async get(idOrReference: string, user: RequestUser): Promise<TicketDetailDto> {
    const ticket = await this.findAccessible(idOrReference);
    const [messages, events] = await Promise.all([this.messages.forTicket(ticket.id), this.events.forTicket(ticket.id)]);
    const attachments = await this.attachments.forMessages(messages.map((m) => m.id));
    const outbound = messages.some((message) => message.kind === 'outbound')
      ? await replyDeliveries(this.dataSource.manager, ticket.id)
      : [];
    const deliveryByMessage = new Map(outbound.filter((row) => row.messageId).map((row) => [row.messageId!, row]));
    const approvals = await approvalsOfTicket(this.dataSource.manager, ticket.id);
    const approvalByMessage = new Map(approvals.map((row) => [row.message_id, { id: row.id, status: row.status, reason: row.reason, comment: row.comment }]));
    // The events' actors and the messages' staff authors, named in one users lookup.
    const actorIds = [...new Set([ticket.assigneeId, ...events.map((event) => event.actorId), ...messages.map((message) => message.authorId)].filter((id): id is string => !!id))];
    const [actors, contacts] = await Promise.all([this.users.findEntities(actorIds), this.contactNames(ticket)]);
    const actorById = new Map(actors.map((actor) => [actor.id, actor]));
    const spokesperson = ticket.spokespersonId ? await this.users.findEntity(ticket.spokespersonId) : null;
    const recentContacts = ticket.journalistId ? await this.recentContacts(ticket.journalistId, ticket.id, user.id) : [];
    const sameAs = ticket.possibleDuplicateOfId ? await this.tickets.findLabel(ticket.possibleDuplicateOfId) : null;
    const assignee = ticket.assigneeId ? (actorById.get(ticket.assigneeId) ?? null) : null;
    const [summary] = await this.withMarkers([toTicketSummaryDto(ticket, { assignee, ...contacts })], user);
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
          message.authorId ? (actorById.get(message.authorId) ?? null) : null,
        ),
      ),
      events: events.map((event) => toTicketEventDto(event, event.actorId ? actorById.get(event.actorId) : undefined)),
    };
  }

  /** An officer logs an inquiry that did not come by mail (usually a phone call). */
  async create(input: CreateTicketDto, user: RequestUser): Promise<TicketDetailDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const journalist = input.journalistId
        ? await this.contacts.getJournalistIn(tx, input.journalistId)
        : input.journalist && (input.journalist.email || input.journalist.name || input.journalist.phone)
          ? await this.contacts.findOrCreateJournalist(input.journalist, tx)
          : null;
      const outletId = input.outletId
        ? (await this.contacts.getOutletIn(tx, input.outletId)).id
        : (journalist?.outletId ?? null);
      if (input.assigneeId) await this.assertAssignable(input.assigneeId, tx);
      const ticket = await this.tickets.insert(tx, {
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
        });
      await this.messages.add(tx, {
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
        const reference = await this.referenceOf(tx, ticket.id);
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
    const ticket = await this.tickets.insert(tx, {
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
      });
    const reference = await this.referenceOf(tx, ticket.id);
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
      const ticket = await this.tickets.lockForUpdate(tx, id);
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
        if (input.journalistId) await this.contacts.getJournalistIn(tx, input.journalistId);
        set('journalistId', input.journalistId);
      }
      if (input.outletId !== undefined) {
        if (input.outletId) await this.contacts.getOutletIn(tx, input.outletId);
        set('outletId', input.outletId);
      }
      // Assigning a new ticket opens it, unless the same request sets a status.
      const targetStatus = input.status ?? (ticket.status === 'new' && after.assigneeId ? 'open' : undefined);
      if (targetStatus && targetStatus !== ticket.status) {
        const previous = { status: ticket.status, resolvedAt: ticket.resolvedAt, closedAt: ticket.closedAt };
        applyStatus(ticket, targetStatus, this.clock.now());
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
      await this.tickets.updateColumns(tx, id, { ...columns, lastActivityAt: this.clock.now() });
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
    if (!(await this.reads.markRead(id, user.id, input.upToMessageId))) {
      throw new BadRequestException('upToMessageId must be a message of this ticket');
    }
  }

  async addNote(idOrReference: string, input: CreateNoteDto, user: RequestUser): Promise<TicketDetailDto> {
    const { id } = await this.findAccessible(idOrReference);
    await this.dataSource.transaction(async (tx) => {
      const note = await this.messages.add(tx, { ticketId: id, kind: 'note', text: input.text, authorId: user.id });
      await this.tickets.touchWithText(tx, id, input.text);
      await this.events.record(
        { type: 'note.added', entityType: 'message', entityId: note.id, ticketId: id, actorId: user.id, after: { messageId: note.id } },
        tx,
      );
    });
    return this.get(id, user);
  }

  /** An officer's open tickets with a deadline, soonest first (the deadline calendar). */
  openDeadlinesOf(userId: string, limit: number): Promise<TicketDeadlineRow[]> {
    return this.deadlines.openAssignedTo(userId, limit);
  }

  /** Id, reference and subject of a ticket, or null. */
  label(id: string): Promise<TicketLabelRow | null> {
    return this.tickets.findLabel(id);
  }

  /** The ticket locked for the rest of the caller's transaction (a reply, an approval); it must exist. */
  async lockForChange(tx: EntityManager, id: string): Promise<Ticket> {
    const ticket = await this.tickets.lockForUpdate(tx, id);
    if (!ticket) throw new NotFoundException(`Ticket ${id} not found`);
    return ticket;
  }

  /** A reply was queued on a ticket the caller holds locked: status, first response, activity, search text. */
  recordReplyQueued(tx: EntityManager, ticket: TicketStatusColumns, text: string): Promise<void> {
    return this.tickets.recordReplyQueued(tx, ticket, text);
  }

  /** A reply waits for approval: the ticket is active, nothing else changes yet. */
  markActivity(tx: EntityManager, id: string): Promise<void> {
    return this.tickets.touch(tx, id);
  }

  /** A queued reply was cancelled: the first response falls back to the earliest reply still going out. */
  replyCancelled(tx: EntityManager, id: string): Promise<void> {
    return this.tickets.recomputeFirstResponse(tx, id);
  }

  /** When the ticket's automatic acknowledgement was queued, or null (none, or no such ticket). */
  acknowledgedAt(id: string): Promise<Date | null> {
    return this.tickets.findAcknowledgedAt(id);
  }

  /** The journalist's name, the subject and the first inquiry text, for a greeting in the inquiry's language. */
  greetingContext(id: string): Promise<GreetingContextRow | null> {
    return this.tickets.findGreetingContext(id);
  }

  /**
   * Open tickets near this one in time whose match text is trigram-similar (story suggestions):
   * the target's text and stems, and the candidates with theirs, read in one transaction so the
   * trigram prefilter threshold stays local to it.
   */
  async similarOpenTickets(
    ticket: Pick<Ticket, 'id' | 'createdAt'>,
    options: { prefilter: number; windowDays: number; limit: number },
  ): Promise<{ target: { text: string; stems: string[] }; candidates: { id: string; trigram: number; stems: string[] }[] }> {
    return this.dataSource.transaction(async (tx) => {
      await this.similarity.setTrigramThreshold(tx, options.prefilter);
      const target = await this.similarity.findMatchText(tx, ticket.id);
      if (!target) throw new NotFoundException(`Ticket ${ticket.id} not found`);
      const candidates = await this.similarity.findSimilarOpen(tx, { exceptId: ticket.id, text: target.text, around: ticket.createdAt, windowDays: options.windowDays, limit: options.limit });
      return { target, candidates };
    });
  }

  /** Recent open tickets in no story, with their trigrams and stems (suggested story groups). */
  recentUnstoried(days: number, limit: number): Promise<{ id: string; trigrams: string[]; stems: string[] }[]> {
    return this.similarity.findRecentUnstoried(days, limit);
  }

  /** Queue rows with the story each ticket is in. */
  summariesWithStory(ids: string[]): Promise<TicketWithStoryRow[]> {
    return ids.length ? this.similarity.findSummariesWithStory(ids) : Promise.resolve([]);
  }

  /** The ticket's outlet and journalist as they are now, not locking the ticket (a reply locks its contacts first); null if none. */
  async contactsOf(tx: EntityManager, id: string): Promise<{ outletId: string | null; journalistId: string | null } | null> {
    const row = await this.tickets.findContacts(tx, id);
    return row ? { outletId: row.outlet_id, journalistId: row.journalist_id } : null;
  }

  /** A reference from the real sequence that no ticket will carry (the web form's answer to a bot). */
  async unusedReference(): Promise<string> {
    return `ND-${await this.tickets.drawNumber()}`;
  }

  private async referenceOf(tx: EntityManager, id: string): Promise<string> {
    const label = await this.tickets.findLabelIn(tx, id);
    if (!label) throw new NotFoundException(`Ticket ${id} not found`);
    return label.reference;
  }

  /**
   * The one place that decides whether a ticket exists for this caller. Every staff role sees
   * the shared press-office queue today; restrictions (teams, embargoed stories) go here.
   */
  async findAccessible(idOrReference: string): Promise<Ticket> {
    const reference = REFERENCE.exec(idOrReference);
    const where = isUuid(idOrReference) ? { id: idOrReference } : reference ? { number: Number(reference[1]) } : null;
    const ticket = where ? await this.tickets.findByKey(where) : null;
    if (!ticket) throw new NotFoundException(`Ticket ${idOrReference} not found`);
    return ticket;
  }

  /** The journalist and outlet a ticket names (the ticket page; a statement sent to the journalist's address). */
  contactNames(ticket: Ticket): Promise<TicketContactNamesRow> {
    return ticket.journalistId || ticket.outletId
      ? this.tickets.findContactNames(ticket.journalistId, ticket.outletId)
      : Promise.resolve({ journalist: null, outlet: null });
  }

  private async recentContacts(journalistId: string, ticketId: string, viewerId: string): Promise<TicketDetailDto['recentContacts']> {
    const rows = await this.tickets.recentContacts(journalistId, ticketId, viewerId);
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
