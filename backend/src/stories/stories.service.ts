import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
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
import { UsersService } from '../users/users.service.js';
import { toStoryDetailDto, toStorySummaryDto } from './stories.mapper.js';
import { StoriesRepository, type BusiestStoryRow, type LockedStoryRow } from './stories.repository.js';
import { conflict } from '../common/http-errors.js';

const DEFAULT_PAGE_SIZE = 25;
/** The keyset position of a story: updated_at as PostgreSQL's text (microseconds kept), then id. */
const PAGE_CURSOR = cursorCodec('stories', ['timestamp', 'uuid']);
/** How many tickets are looked up at once when a request names many. */
const LOOKUP_BATCH = 10;
/** The repository's keyset position from a decoded cursor. */
const timestampCursor = ([key, id]: [string, string]) => ({ key, id });

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
    private readonly stories: StoriesRepository,
    private readonly tickets: TicketsService,
    private readonly deliveries: StatementDeliveriesService,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(query: ListStoriesQuery, _user: RequestUser): Promise<Page<StorySummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const cursor = query.cursor ? timestampCursor(PAGE_CURSOR.decode(query.cursor)) : null;
    const rows = await this.stories.findPage({ status: query.status, pattern: query.q?.trim() ? containsPattern(query.q.trim()) : undefined }, cursor, limit);
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    const people = await this.users.refsByIds(page.map((row) => row.created_by_id));
    return {
      items: page.map((row) => toStorySummaryDto(row, people)),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  /** The stories that drew the most inquiries received between two office-local dates (the manager's digest). */
  async busiest(from: string, to: string, timeZone: string, limit: number): Promise<BusiestStoryRow[]> {
    return this.stories.findBusiest(from, to, timeZone, limit);
  }

  async get(id: string, _user: RequestUser): Promise<StoryDetailDto> {
    const row = isUuid(id) ? await this.stories.findById(id) : null;
    if (!row) throw new NotFoundException(`Story ${id} not found`);
    const [tickets, people] = await Promise.all([this.stories.findTickets(id), this.users.refsByIds([row.created_by_id])]);
    return toStoryDetailDto(row, people, tickets);
  }

  async create(input: CreateStoryDto, user: RequestUser): Promise<StoryDetailDto> {
    const tickets = await this.resolveTickets(input.ticketIds ?? []);
    const id = await this.dataSource.transaction(async (tx) => {
      const story = { id: await this.stories.insert(tx, { title: input.title, summary: input.summary || null, createdById: user.id }) };
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
      await this.stories.update(tx, id, {
        title: 'title' in after ? (after.title as string) : story.title,
        summary: 'summary' in after ? (after.summary as string | null) : story.summary,
        status: 'status' in after ? (after.status as LockedStoryRow['status']) : story.status,
      });
      await this.events.record({ type: 'story.updated', entityType: 'story', entityId: id, actorId: user.id, before, after }, tx);
    });
    return this.get(id, user);
  }

  async addTickets(id: string, input: AddStoryTicketsDto, user: RequestUser): Promise<StoryDetailDto> {
    await this.assertExists(id);
    const tickets = await this.resolveTickets(input.ticketIds);
    await this.dataSource.transaction(async (tx) => {
      const story = await this.lock(id, tx);
      if (story.status === 'closed') throw conflict('invalid_state', `"${story.title}" is closed: reopen it to add tickets`);
      await this.link(tx, story, tickets, input.move ?? false, user);
    });
    return this.get(id, user);
  }

  async removeTicket(id: string, ticketIdOrReference: string, user: RequestUser): Promise<StoryDetailDto> {
    await this.assertExists(id);
    const ticket = await this.tickets.findAccessible(ticketIdOrReference);
    await this.dataSource.transaction(async (tx) => {
      const story = await this.lock(id, tx);
      if (!(await this.stories.removeFromStory(tx, id, ticket.id))) throw new NotFoundException(`${ticket.reference} is not in "${story.title}"`);
      await this.stories.touch(tx, id);
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
    if (story.status === 'closed') throw conflict('invalid_state', `"${story.title}" is closed: reopen it to send to its tickets`);
    if (!story.tickets.length) throw new BadRequestException(`"${story.title}" has no tickets to send to`);
    const source: StatementSource = input.statementId ? await this.deliveries.approvedSource(input.statementId) : { kind: 'text', body: input.body! };
    const targets: DeliveryTarget[] = story.tickets.map((ticket) => ({ id: ticket.id, reference: ticket.reference, address: ticket.journalist?.email ?? null }));
    const result = await this.deliveries.sendToTickets(targets, source, { status: input.status, storyId: id }, user);
    await this.dataSource.transaction(async (tx) => {
      await this.stories.touch(tx, id);
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
    const memberships = await this.stories.lockMemberships(tx, tickets.map((ticket) => ticket.id));
    const reference = new Map(tickets.map((ticket) => [ticket.id, ticket.reference]));
    const elsewhere = memberships.filter((membership) => membership.story_id !== story.id);
    if (elsewhere.length && !move) {
      const list = elsewhere.map((membership) => `${reference.get(membership.ticket_id)} is in "${membership.title}"`).join('; ');
      throw conflict('invalid_state', `A ticket belongs to one story at most: ${list}. Remove it there first, or pass move: true`);
    }
    for (const membership of elsewhere) {
      // The other story's row is not touched (nor locked): two opposite moves cannot deadlock.
      await this.stories.removeMembership(tx, membership.ticket_id);
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
    const inserted = await this.stories.insertMemberships(tx, story.id, adding.map((ticket) => ticket.id), user.id);
    // Another request linked one of them between our read and our insert.
    if (inserted !== adding.length) throw conflict('retry', 'Some of these tickets were just put in a story by someone else: reload and try again');
    await this.stories.touch(tx, story.id);
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
    if (!isUuid(id) || !(await this.stories.exists(id))) throw new NotFoundException(`Story ${id} not found`);
  }

  private async lock(id: string, tx: EntityManager): Promise<LockedStoryRow> {
    const story = isUuid(id) ? await this.stories.lockForUpdate(tx, id) : null;
    if (!story) throw new NotFoundException(`Story ${id} not found`);
    return story;
  }
}
