import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { OutletDetailDto, OutletSummaryDto, Page } from '@newsdesk/shared';
import { DataSource, type EntityManager } from 'typeorm';
import { assertTierKept } from '../approvals/approval-rules.js';
import { cursorCodec } from '../common/cursor.js';
import type { RequestUser } from '../common/request-user.js';
import { EventsService } from '../events/events.service.js';
import { UsersService } from '../users/users.service.js';
import { TicketRecordsService } from '../tickets/ticket-records.service.js';
import { ContactMergeRegistry } from './contact-merge.registry.js';
import { ContactsService } from './contacts.service.js';
import { toOutletDetailDto, toOutletSummaryDto } from './contacts.mapper.js';
import { JournalistsRepository } from './journalists.repository.js';
import type { ListOutletsQuery } from './dto/list-outlets.query.js';
import type { CreateOutletDto, UpdateOutletDto } from './dto/outlet.dto.js';
import { containsPattern } from './name-cursor.js';
import type { Outlet } from './outlet.entity.js';
import { OutletsRepository } from './outlets.repository.js';
import { conflict } from '../common/http-errors.js';

const DEFAULT_PAGE_SIZE = 25;
const PAGE_CURSOR = cursorCodec('outlets', ['text', 'uuid']);
/** The repositories' keyset position from a decoded name cursor. */
const nameCursor = ([key, id]: [string, string]) => ({ key, id });
const RECENT_INQUIRIES = 50;
const OUTLET_JOURNALISTS = 200;
/** Serialises domain changes: the one-outlet-per-domain rule spans rows, so no index can hold it. */
const FIELDS = ['name', 'domains', 'tier', 'notes'] as const;
type OutletField = (typeof FIELDS)[number];

const snapshot = (outlet: Outlet) => Object.fromEntries(FIELDS.map((field) => [field, outlet[field]]));
const sameValue = (a: unknown, b: unknown) => (Array.isArray(a) || Array.isArray(b) ? JSON.stringify(a) === JSON.stringify(b) : a === b);

/**
 * The outlet directory: search by name or domain, detail with journalists and inquiries, create,
 * edit, merge of duplicates (managers and admins, by the route). Every staff role may read and edit.
 */
@Injectable()
export class OutletsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outlets: OutletsRepository,
    private readonly journalists: JournalistsRepository,
    private readonly mergeParticipants: ContactMergeRegistry,
    private readonly contacts: ContactsService,
    private readonly tickets: TicketRecordsService,
    private readonly events: EventsService,
    private readonly users: UsersService,
  ) {}

  async list(query: ListOutletsQuery, _user: RequestUser): Promise<Page<OutletSummaryDto>> {
    const limit = query.limit ?? DEFAULT_PAGE_SIZE;
    const rows = await this.outlets.findPage(
      query.q?.trim() ? containsPattern(query.q.trim()) : null,
      query.cursor ? nameCursor(PAGE_CURSOR.decode(query.cursor)) : null,
      limit,
    );
    const page = rows.slice(0, limit);
    const last = page.at(-1);
    return {
      items: page.map(toOutletSummaryDto),
      nextCursor: rows.length > limit && last ? PAGE_CURSOR.encode([last.sort_key, last.id]) : null,
    };
  }

  async get(id: string, _user: RequestUser): Promise<OutletDetailDto> {
    await this.contacts.getOutlet(id);
    return this.detail(id);
  }

  async create(input: CreateOutletDto, user: RequestUser): Promise<OutletDetailDto> {
    const id = await this.dataSource.transaction(async (tx) => {
      const domains = input.domains ?? [];
      await this.assertDomainsFree(tx, domains, null);
      const outlet = await this.outlets.insert(tx, { name: input.name, domains, tier: input.tier ?? null, notes: input.notes ?? null });
      await this.events.record({ type: 'outlet.created', entityType: 'outlet', entityId: outlet.id, actorId: user.id, after: snapshot(outlet) }, tx);
      return outlet.id;
    });
    return this.detail(id);
  }

  async update(id: string, input: UpdateOutletDto, user: RequestUser): Promise<OutletDetailDto> {
    await this.contacts.getOutlet(id);
    await this.dataSource.transaction(async (tx) => {
      const outlet = await this.outlets.lockForUpdate(tx, id);
      if (!outlet) throw new NotFoundException('Outlet not found');
      const before: Partial<Record<OutletField, unknown>> = {};
      const after: Partial<Pick<Outlet, OutletField>> = {};
      for (const field of FIELDS) {
        const value = input[field];
        if (value === undefined || sameValue(value, outlet[field])) continue;
        before[field] = outlet[field];
        Object.assign(after, { [field]: value });
      }
      if (!Object.keys(after).length) return;
      if ('tier' in after) await assertTierKept(tx, user, `move ${outlet.name} out of the "${outlet.tier}" tier`, outlet.tier, after.tier ?? null, this.users);
      // A domain taken off a covered outlet would let replies to its addresses go out unheld.
      const dropped = after.domains ? outlet.domains.filter((domain) => !after.domains!.includes(domain)) : [];
      if (dropped.length) await assertTierKept(tx, user, `remove ${dropped.join(', ')} from ${outlet.name}`, outlet.tier, null, this.users);
      if (after.domains) await this.assertDomainsFree(tx, after.domains, id);
      await this.outlets.update(tx, id, after);
      await this.events.record({ type: 'outlet.updated', entityType: 'outlet', entityId: id, actorId: user.id, before, after }, tx);
    });
    return this.detail(id);
  }

  /**
   * Folds the duplicate `id` into `intoId` in one transaction: its inquiries, journalists and any
   * other links move over, its domains join the survivor's, empty fields are filled (notes kept from
   * both), the duplicate is deleted, and the event log records all of it.
   */
  async merge(id: string, intoId: string, user: RequestUser): Promise<OutletDetailDto> {
    await this.contacts.getOutlet(id);
    if (id.toLowerCase() === intoId.toLowerCase()) throw new BadRequestException('An outlet cannot be merged into itself');
    await this.dataSource.transaction(async (tx) => {
      const locked = await this.outlets.lockPair(tx, [id, intoId]);
      const duplicate = locked.find((outlet) => outlet.id === id);
      const survivor = locked.find((outlet) => outlet.id === intoId);
      if (!duplicate) throw new NotFoundException('Outlet not found');
      if (!survivor) throw new NotFoundException('The outlet to merge into was not found');

      await this.outlets.lockDomains(tx);
      const tickets = await this.tickets.moveOutlet(tx, duplicate.id, survivor.id);
      for (const ticketId of tickets) {
        await this.events.record(
          {
            type: 'ticket.updated',
            entityType: 'ticket',
            entityId: ticketId,
            ticketId,
            actorId: user.id,
            before: { outletId: duplicate.id },
            after: { outletId: survivor.id },
          },
          tx,
        );
      }
      const journalists = await this.journalists.moveOutlet(tx, duplicate.id, survivor.id);
      for (const journalistId of journalists) {
        await this.events.record(
          {
            type: 'journalist.updated',
            entityType: 'journalist',
            entityId: journalistId,
            actorId: user.id,
            before: { outletId: duplicate.id },
            after: { outletId: survivor.id },
          },
          tx,
        );
      }
      const others = await this.mergeParticipants.moveAll(tx, 'outlets', duplicate.id, survivor.id);

      const filled: Partial<Pick<Outlet, OutletField>> = {};
      const domains = [...new Set([...survivor.domains, ...duplicate.domains])];
      if (domains.length !== survivor.domains.length) filled.domains = domains;
      if (!survivor.tier && duplicate.tier) filled.tier = duplicate.tier;
      if (duplicate.notes && duplicate.notes !== survivor.notes) {
        filled.notes = survivor.notes ? `${survivor.notes}\n\n${duplicate.notes}` : duplicate.notes;
      }
      const before = Object.fromEntries(Object.keys(filled).map((field) => [field, survivor[field as OutletField]]));

      await this.outlets.delete(tx, duplicate.id);
      if (Object.keys(filled).length) await this.outlets.update(tx, survivor.id, filled);
      await this.events.record(
        { type: 'outlet.deleted', entityType: 'outlet', entityId: duplicate.id, actorId: user.id, before: snapshot(duplicate), after: { mergedInto: survivor.id } },
        tx,
      );
      await this.events.record(
        {
          type: 'outlet.merged',
          entityType: 'outlet',
          entityId: survivor.id,
          actorId: user.id,
          before,
          after: {
            ...filled,
            mergedId: duplicate.id,
            moved: { 'tickets.outlet_id': tickets.length, 'journalists.outlet_id': journalists.length, ...others },
          },
        },
        tx,
      );
    });
    return this.detail(intoId);
  }

  /** A mail domain names one outlet, so intake links a journalist unambiguously. */
  private async assertDomainsFree(tx: EntityManager, domains: string[], exceptId: string | null): Promise<void> {
    if (!domains.length) return;
    await this.outlets.lockDomains(tx);
    const clash = await this.outlets.findTakenDomain(tx, domains, exceptId);
    if (clash) throw conflict('duplicate', `${clash.domain} already belongs to the outlet ${clash.name}`);
  }

  private async detail(id: string): Promise<OutletDetailDto> {
    const row = await this.outlets.findDirectoryRow(id);
    if (!row) throw new NotFoundException('Outlet not found');
    const [journalists, inquiries] = await Promise.all([
      this.journalists.findInOutlet(id, OUTLET_JOURNALISTS),
      this.tickets.inquiriesOfOutlet(id, RECENT_INQUIRIES),
    ]);
    return toOutletDetailDto(row, journalists, inquiries);
  }
}
