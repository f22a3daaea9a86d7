import { BadRequestException, ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Page, StatementSendResultDto, StoryDetailDto, StorySummaryDto } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { cursorCodec } from '../common/cursor.js';
import { isUuid } from '../common/ids.js';
import type { RequestUser } from '../common/request-user.js';
import { containsPattern } from '../contacts/name-cursor.js';
import { EventsService } from '../events/events.service.js';
import { StatementDeliveriesService, type DeliveryTarget, type StatementSource } from '../statements/statement-deliveries.service.js';
import { TicketsService } from '../tickets/tickets.service.js';
import type { ListStoriesQuery } from './dto/list-stories.query.js';
import type { SendStoryStatementDto } from './dto/send-story-statement.dto.js';
import type { AddStoryTicketsDto, CreateStoryDto, UpdateStoryDto } from './dto/story.dto.js';
import { STORY_SELECT, STORY_TICKETS_SELECT, toStoryDetailDto, toStorySummaryDto, type StoryRow, type StoryTicketRow } from './stories.mapper.js';

const DEFAULT_PAGE_SIZE = 25;
/** The keyset position of a story: updated_at as PostgreSQL's text (microseconds kept), then id. */
const PAGE_CURSOR = cursorCodec('stories', ['timestamp', 'uuid']);
/** How many tickets are looked up at once when a request names many. */
const LOOKUP_BATCH = 10;

interface StoryTicketRef {
  id: string;
  reference: string;
}

/**
 * Stories: tickets about the same news, so the office sees one event (its deadlines, who is on
 * which journalist) and answers it once. A ticket is in at most one story (the primary key of
 * `story_tickets`). Any staff member may create stories, link tickets and send to a story.
 */
@Injectable()
export class StoriesService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly tickets: TicketsService,
    private readonly deliveries: StatementDeliveriesService,
    private readonly events: EventsService,
  ) {}

  async list(query: ListStoriesQuery, _user: RequestUser): Promise<Page<StorySummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (query.status) where.push(`s.status = ${param(query.status)}`);
    if (query.q?.trim()) where.push(`s.title ILIKE ${param(containsPattern(query.q.trim()))}`);
    if (query.cursor) {
      const [afterKey, afterId] = PAGE_CURSOR.decode(query.cursor);
      where.push(`(s.updated_at, s.id) < (${param(afterKey)}::timestamptz, ${param(afterId)}::uuid)`);
    }
    const rows = (await this.dataSource.query(
      `${STORY_SELECT}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY s.updated_at DESC, s.id DESC
        LIMIT ${limit + 1}`,
      params,
    )) as StoryRow[];
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toStorySummaryDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  /** The stories that drew the most inquiries received between two office-local dates (the manager's digest). */
  async busiest(from: string, to: string, timeZone: string, limit: number): Promise<{ id: string; title: string; received: number; open: number }[]> {
    return (await this.dataSource.query(
      `SELECT s.id, s.title, count(*)::int AS received, count(*) FILTER (WHERE t.status NOT IN ('resolved', 'closed'))::int AS open
         FROM tickets t
         JOIN story_tickets st ON st.ticket_id = t.id
         JOIN stories s ON s.id = st.story_id
        WHERE t.created_at >= ($1::date::timestamp AT TIME ZONE $3) AND t.created_at < (($2::date + 1)::timestamp AT TIME ZONE $3)
        GROUP BY s.id, s.title
        ORDER BY received DESC, s.title, s.id
        LIMIT $4`,
      [from, to, timeZone, limit],
    )) as { id: string; title: string; received: number; open: number }[];
  }

  async get(id: string, _user: RequestUser): Promise<StoryDetailDto> {
    const [row] = isUuid(id) ? ((await this.dataSource.query(`${STORY_SELECT} WHERE s.id = $1`, [id])) as StoryRow[]) : [];
    if (!row) throw new NotFoundException(`Story ${id} not found`);
    const tickets = (await this.dataSource.query(STORY_TICKETS_SELECT, [id])) as StoryTicketRow[];
    return toStoryDetailDto(row, tickets);
  }

  async create(input: CreateStoryDto, user: RequestUser): Promise<StoryDetailDto> {
    const tickets = await this.resolveTickets(input.ticketIds ?? []);
    const id = await this.dataSource.transaction(async (tx) => {
      const [story] = (await tx.query(`INSERT INTO stories (title, summary, created_by_id) VALUES ($1, $2, $3) RETURNING id`, [
        input.title,
        input.summary || null,
        user.id,
      ])) as { id: string }[];
      await this.events.record(
        { type: 'story.created', entityType: 'story', entityId: story.id, actorId: user.id, after: { title: input.title, summary: input.summary || null } },
        tx,
      );
      await this.link(tx, { id: story.id, title: input.title }, tickets, input.move ?? false, user);
      return story.id;
    });
    return this.get(id, user);
  }

  async update(id: string, input: UpdateStoryDto, user: RequestUser): Promise<StoryDetailDto> {
    await this.dataSource.transaction(async (tx) => {
      const story = await this.lock(id, tx);
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      const set = (field: 'title' | 'summary' | 'status', value: string | null | undefined) => {
        if (value === undefined || value === story[field]) return;
        before[field] = story[field];
        after[field] = value;
      };
      set('title', input.title);
      set('summary', input.summary === undefined ? undefined : input.summary || null);
      set('status', input.status);
      if (!Object.keys(after).length) return;
      await tx.query(`UPDATE stories SET title = $2, summary = $3, status = $4, updated_at = now() WHERE id = $1`, [
        id,
        'title' in after ? after.title : story.title,
        'summary' in after ? after.summary : story.summary,
        'status' in after ? after.status : story.status,
      ]);
      await this.events.record({ type: 'story.updated', entityType: 'story', entityId: id, actorId: user.id, before, after }, tx);
    });
    return this.get(id, user);
  }

  async addTickets(id: string, input: AddStoryTicketsDto, user: RequestUser): Promise<StoryDetailDto> {
    await this.assertExists(id);
    const tickets = await this.resolveTickets(input.ticketIds);
    await this.dataSource.transaction(async (tx) => {
      const story = await this.lock(id, tx);
      if (story.status === 'closed') throw new ConflictException(`"${story.title}" is closed: reopen it to add tickets`);
      await this.link(tx, story, tickets, input.move ?? false, user);
    });
    return this.get(id, user);
  }

  async removeTicket(id: string, ticketIdOrReference: string, user: RequestUser): Promise<StoryDetailDto> {
    await this.assertExists(id);
    const ticket = await this.tickets.findAccessible(ticketIdOrReference);
    await this.dataSource.transaction(async (tx) => {
      const story = await this.lock(id, tx);
      const [removed] = (await tx.query(`DELETE FROM story_tickets WHERE ticket_id = $1 AND story_id = $2 RETURNING ticket_id`, [ticket.id, id])) as [
        unknown[],
        number,
      ];
      if (!removed.length) throw new NotFoundException(`${ticket.reference} is not in "${story.title}"`);
      await tx.query(`UPDATE stories SET updated_at = now() WHERE id = $1`, [id]);
      await this.events.record(
        { type: 'story.ticket_removed', entityType: 'story', entityId: id, ticketId: ticket.id, actorId: user.id, before: { storyId: id, title: story.title } },
        tx,
      );
    });
    return this.get(id, user);
  }

  /**
   * One statement to every ticket in the story, earliest deadline first: an individually threaded
   * reply per ticket (never one mail to many), each reported on its own.
   */
  async sendStatement(id: string, input: SendStoryStatementDto, user: RequestUser): Promise<StatementSendResultDto> {
    if ((input.statementId === undefined) === (input.body === undefined)) {
      throw new BadRequestException('Give either statementId (an approved library statement) or body (a text written for this story), not both');
    }
    const story = await this.get(id, user);
    if (story.status === 'closed') throw new ConflictException(`"${story.title}" is closed: reopen it to send to its tickets`);
    if (!story.tickets.length) throw new BadRequestException(`"${story.title}" has no tickets to send to`);
    const source: StatementSource = input.statementId ? await this.deliveries.approvedSource(input.statementId) : { kind: 'text', body: input.body! };
    const targets: DeliveryTarget[] = story.tickets.map((ticket) => ({ id: ticket.id, reference: ticket.reference, address: ticket.journalist?.email ?? null }));
    const result = await this.deliveries.sendToTickets(targets, source, { status: input.status, storyId: id }, user);
    await this.dataSource.transaction(async (tx) => {
      await tx.query(`UPDATE stories SET updated_at = now() WHERE id = $1`, [id]);
      await this.events.record(
        {
          type: 'story.statement_sent',
          entityType: 'story',
          entityId: id,
          actorId: user.id,
          after: {
            statementId: result.statementId,
            statementVersionId: result.statementVersionId,
            version: result.version,
            status: input.status ?? null,
            queued: result.queued,
            awaitingApproval: result.awaitingApproval,
            skipped: result.skipped,
            failed: result.failed,
          },
        },
        tx,
      );
    });
    return result;
  }

  /** Puts tickets in the story; a ticket in another story is refused (409) unless `move`. */
  private async link(tx: EntityManager, story: { id: string; title: string }, tickets: StoryTicketRef[], move: boolean, user: RequestUser): Promise<void> {
    if (!tickets.length) return;
    const memberships = (await tx.query(
      `SELECT st.ticket_id, st.story_id, s.title FROM story_tickets st JOIN stories s ON s.id = st.story_id
        WHERE st.ticket_id = ANY($1::uuid[]) FOR UPDATE OF st`,
      [tickets.map((ticket) => ticket.id)],
    )) as { ticket_id: string; story_id: string; title: string }[];
    const reference = new Map(tickets.map((ticket) => [ticket.id, ticket.reference]));
    const elsewhere = memberships.filter((membership) => membership.story_id !== story.id);
    if (elsewhere.length && !move) {
      const list = elsewhere.map((membership) => `${reference.get(membership.ticket_id)} is in "${membership.title}"`).join('; ');
      throw new ConflictException(`A ticket belongs to one story at most: ${list}. Remove it there first, or pass move: true`);
    }
    for (const membership of elsewhere) {
      // The other story's row is not touched (nor locked): two opposite moves cannot deadlock.
      await tx.query(`DELETE FROM story_tickets WHERE ticket_id = $1`, [membership.ticket_id]);
      await this.events.record(
        {
          type: 'story.ticket_removed',
          entityType: 'story',
          entityId: membership.story_id,
          ticketId: membership.ticket_id,
          actorId: user.id,
          before: { storyId: membership.story_id, title: membership.title },
          after: { movedTo: story.id },
        },
        tx,
      );
    }
    const already = new Set(memberships.filter((membership) => membership.story_id === story.id).map((membership) => membership.ticket_id));
    const adding = tickets.filter((ticket) => !already.has(ticket.id));
    if (!adding.length) return;
    const inserted = (await tx.query(
      `INSERT INTO story_tickets (ticket_id, story_id, added_by_id)
       SELECT unnest($1::uuid[]), $2, $3
       ON CONFLICT (ticket_id) DO NOTHING RETURNING ticket_id`,
      [adding.map((ticket) => ticket.id), story.id, user.id],
    )) as { ticket_id: string }[];
    // Another request linked one of them between our read and our insert.
    if (inserted.length !== adding.length) throw new ConflictException('Some of these tickets were just put in a story by someone else: reload and try again');
    await tx.query(`UPDATE stories SET updated_at = now() WHERE id = $1`, [story.id]);
    for (const ticket of adding) {
      await this.events.record(
        { type: 'story.ticket_added', entityType: 'story', entityId: story.id, ticketId: ticket.id, actorId: user.id, after: { storyId: story.id, title: story.title } },
        tx,
      );
    }
  }

  /** Ticket ids or references from a request body, each through the one access check; unknown ones are a 400 naming them. */
  private async resolveTickets(idsOrReferences: string[]): Promise<StoryTicketRef[]> {
    const unique = [...new Set(idsOrReferences.map((value) => value.trim()))];
    const found = new Map<string, StoryTicketRef>();
    const missing: string[] = [];
    for (let start = 0; start < unique.length; start += LOOKUP_BATCH) {
      await Promise.all(
        unique.slice(start, start + LOOKUP_BATCH).map(async (value) => {
          const ticket = await this.tickets.findAccessible(value).catch((error: unknown) => {
            if (error instanceof NotFoundException) return null;
            throw error;
          });
          if (ticket) found.set(ticket.id, { id: ticket.id, reference: ticket.reference });
          else missing.push(value);
        }),
      );
    }
    if (missing.length) throw new BadRequestException(`ticketIds: no ticket ${missing.join(', ')}`);
    return [...found.values()];
  }

  private async assertExists(id: string): Promise<void> {
    const [story] = isUuid(id) ? ((await this.dataSource.query(`SELECT 1 FROM stories WHERE id = $1`, [id])) as unknown[]) : [];
    if (!story) throw new NotFoundException(`Story ${id} not found`);
  }

  private async lock(id: string, tx: EntityManager): Promise<{ id: string; title: string; summary: string | null; status: 'open' | 'closed' }> {
    const [story] = isUuid(id)
      ? ((await tx.query(`SELECT id, title, summary, status FROM stories WHERE id = $1 FOR UPDATE`, [id])) as {
          id: string;
          title: string;
          summary: string | null;
          status: 'open' | 'closed';
        }[])
      : [];
    if (!story) throw new NotFoundException(`Story ${id} not found`);
    return story;
  }
}
