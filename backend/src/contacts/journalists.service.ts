import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { JournalistDetailDto, JournalistSummaryDto, Page } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { assertTierKept } from '../approvals/approval-rules.js';
import { cursorCodec } from '../common/cursor.js';
import type { RequestUser } from '../common/request-user.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import { ContactMergeRegistry } from './contact-merge.registry.js';
import { ContactsService } from './contacts.service.js';
import { toJournalistDetailDto, toJournalistSummaryDto } from './contacts.mapper.js';
import type { ListJournalistsQuery } from './dto/list-journalists.query.js';
import type { UpdateJournalistDto } from './dto/update-journalist.dto.js';
import type { Journalist } from './journalist.entity.js';
import { JournalistsRepository } from './journalists.repository.js';
import { containsPattern } from './name-cursor.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { conflict } from '../common/http-errors.js';

const DEFAULT_PAGE_SIZE = 25;
const PAGE_CURSOR = cursorCodec('journalists', ['text', 'uuid']);
/** The repositories' keyset position from a decoded name cursor. */
const nameCursor = ([key, id]: [string, string]) => ({ key, id });
const RECENT_INQUIRIES = 50;
/** Serialises address changes: an address may be one journalist's email or alias, a rule across rows and columns. */
const FIELDS = ['name', 'email', 'phone', 'outletId', 'beat', 'notes', 'preferredContact', 'relationshipOwnerId'] as const;
type JournalistField = (typeof FIELDS)[number];

const snapshot = (journalist: Journalist) => ({ ...Object.fromEntries(FIELDS.map((field) => [field, journalist[field]])), aliases: journalist.aliases });
const sameList = (a: string[], b: string[]) => a.length === b.length && a.every((value, index) => value === b[index]);

const isEmailClash = (error: unknown) => isUniqueViolation(error, 'journalists_email_key');

/**
 * The journalist directory: search, detail with inquiry history, edit, merge of duplicates. Every
 * staff role may read and edit contacts; merging is limited to managers and admins by the route.
 */
@Injectable()
export class JournalistsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journalists: JournalistsRepository,
    private readonly mergeParticipants: ContactMergeRegistry,
    private readonly contacts: ContactsService,
    private readonly tickets: TicketRecordsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(query: ListJournalistsQuery, _user: RequestUser): Promise<Page<JournalistSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.journalists.findPage(
      { pattern: query.q?.trim() ? containsPattern(query.q.trim()) : undefined, outletId: query.outlet },
      query.cursor ? nameCursor(PAGE_CURSOR.decode(query.cursor)) : null,
      limit,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toJournalistSummaryDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  async get(id: string, _user: RequestUser): Promise<JournalistDetailDto> {
    await this.contacts.getJournalist(id);
    return this.detail(id);
  }

  async update(id: string, input: UpdateJournalistDto, user: RequestUser): Promise<JournalistDetailDto> {
    await this.contacts.getJournalist(id);
    try {
      await this.dataSource.transaction(async (tx) => {
        const journalist = await this.journalists.lockForUpdate(tx, id);
        if (!journalist) throw new NotFoundException('Journalist not found');
        const before: Partial<Record<JournalistField | 'aliases', unknown>> = {};
        const after: Partial<Record<JournalistField, string | null>> & { aliases?: string[] } = {};
        for (const field of FIELDS) {
          const value = input[field];
          if (value === undefined || value === journalist[field]) continue;
          before[field] = journalist[field];
          after[field] = value;
        }
        // An address is either the email or an alias, never both.
        const email = after.email !== undefined ? after.email : journalist.email;
        const aliases = (input.aliases ?? journalist.aliases).filter((alias) => alias !== email);
        if (!sameList(aliases, journalist.aliases)) {
          before.aliases = journalist.aliases;
          after.aliases = aliases;
        }
        if (!Object.keys(after).length) return;
        const known = new Set([journalist.email, ...journalist.aliases]);
        const added = [after.email, ...(after.aliases ?? [])].filter((address): address is string => !!address && !known.has(address));
        await this.assertAddressesFree(tx, added, id);
        if (after.outletId) await this.contacts.getOutletIn(tx, after.outletId);
        await this.assertApprovalKept(tx, user, journalist, after);
        await this.journalists.update(tx, id, after as Partial<Journalist>);
        await this.events.record({ type: 'journalist.updated', entityType: 'journalist', entityId: id, actorId: user.id, before, after }, tx);
      });
    } catch (error) {
      // Two edits racing for the same address: the unique index decides.
      if (isEmailClash(error)) throw conflict('duplicate', `${input.email} already belongs to another journalist`);
      throw error;
    }
    return this.detail(id);
  }

  /**
   * A journalist of an outlet in a tier a rule covers keeps the outlet and their addresses unless an
   * approver changes them: otherwise replies to them could go out unheld.
   */
  private async assertApprovalKept(
    tx: EntityManager,
    user: RequestUser,
    journalist: Journalist,
    after: Partial<Record<JournalistField, string | null>> & { aliases?: string[] },
  ): Promise<void> {
    const current = journalist.outletId ? await this.contacts.getOutletIn(tx, journalist.outletId) : null;
    if (!current?.tier) return;
    const who = journalist.name ?? journalist.email ?? 'this journalist';
    if (after.outletId !== undefined) {
      const next = after.outletId ? await this.contacts.getOutletIn(tx, after.outletId) : null;
      const target = next ? `${next.name} (${next.tier ?? 'no tier'})` : 'no outlet';
      await assertTierKept(tx, user, `move ${who} from ${current.name} (${current.tier}) to ${target}`, current.tier, next?.tier ?? null, this.users);
    }
    const kept = new Set([after.email !== undefined ? after.email : journalist.email, ...(after.aliases ?? journalist.aliases)]);
    const dropped = [journalist.email, ...journalist.aliases].filter((address): address is string => !!address && !kept.has(address));
    if (dropped.length) await assertTierKept(tx, user, `remove ${dropped.join(', ')} from ${who}`, current.tier, null, this.users);
  }

  /**
   * Folds the duplicate `id` into `intoId` in one transaction: its inquiries and every other link
   * move over, the survivor's empty fields are filled from it (notes are kept from both), its
   * addresses become the survivor's aliases, the duplicate is deleted, and the event log records all of it.
   */
  async merge(id: string, intoId: string, user: RequestUser): Promise<JournalistDetailDto> {
    await this.contacts.getJournalist(id);
    if (id.toLowerCase() === intoId.toLowerCase()) throw new BadRequestException('A journalist cannot be merged into itself');
    await this.dataSource.transaction(async (tx) => {
      const locked = await this.journalists.lockPair(tx, [id, intoId]);
      const duplicate = locked.find((journalist) => journalist.id === id);
      const survivor = locked.find((journalist) => journalist.id === intoId);
      if (!duplicate) throw new NotFoundException('Journalist not found');
      if (!survivor) throw new NotFoundException('The journalist to merge into was not found');

      await this.journalists.lockAddresses(tx);
      const tickets = await this.tickets.moveJournalist(tx, duplicate.id, survivor.id);
      for (const ticketId of tickets) {
        await this.events.record(
          {
            type: 'ticket.updated',
            entityType: 'ticket',
            entityId: ticketId,
            ticketId,
            actorId: user.id,
            before: { journalistId: duplicate.id },
            after: { journalistId: survivor.id },
          },
          tx,
        );
      }
      const others = await this.mergeParticipants.moveAll(tx, 'journalists', duplicate.id, survivor.id);

      const filled: Partial<Record<JournalistField, string | null>> & { aliases?: string[] } = {};
      for (const field of FIELDS) {
        if (field !== 'notes' && survivor[field] === null && duplicate[field] !== null) filled[field] = duplicate[field];
      }
      if (duplicate.notes && duplicate.notes !== survivor.notes) {
        filled.notes = survivor.notes ? `${survivor.notes}\n\n${duplicate.notes}` : duplicate.notes;
      }
      // The duplicate's address stays with the person: mail from it finds the survivor from now on.
      const email = survivor.email ?? duplicate.email;
      const aliases = [...new Set([...survivor.aliases, duplicate.email, ...duplicate.aliases])].filter(
        (address): address is string => !!address && address !== email,
      );
      if (!sameList(aliases, survivor.aliases)) filled.aliases = aliases;
      const before = Object.fromEntries(Object.keys(filled).map((field) => [field, survivor[field as JournalistField | 'aliases']]));

      // Deleted before the survivor takes over its address: the email is unique.
      await this.journalists.delete(tx, duplicate.id);
      if (Object.keys(filled).length) await this.journalists.update(tx, survivor.id, filled as Partial<Journalist>);
      await this.events.record(
        { type: 'journalist.deleted', entityType: 'journalist', entityId: duplicate.id, actorId: user.id, before: snapshot(duplicate), after: { mergedInto: survivor.id } },
        tx,
      );
      await this.events.record(
        {
          type: 'journalist.merged',
          entityType: 'journalist',
          entityId: survivor.id,
          actorId: user.id,
          before,
          after: { ...filled, mergedId: duplicate.id, moved: { 'tickets.journalist_id': tickets.length, ...others } },
        },
        tx,
      );
    });
    return this.detail(intoId);
  }

  private async assertAddressesFree(tx: EntityManager, addresses: string[], exceptId: string): Promise<void> {
    if (!addresses.length) return;
    await this.journalists.lockAddresses(tx);
    const clash = await this.journalists.findTakenAddress(tx, addresses, exceptId);
    if (clash) throw conflict('duplicate', `${clash} already belongs to another journalist`);
  }

  private async detail(id: string): Promise<JournalistDetailDto> {
    const row = await this.journalists.findDirectoryRow(id);
    if (!row) throw new NotFoundException('Journalist not found');
    const inquiries = await this.tickets.inquiriesOfJournalist(id, RECENT_INQUIRIES);
    return toJournalistDetailDto(row, inquiries);
  }
}
