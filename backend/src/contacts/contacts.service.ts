import { Injectable, NotFoundException } from '@nestjs/common';
import type { JournalistInput } from '@newsdesk/shared';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { Journalist } from './journalist.entity.js';
import { JournalistsRepository, type JournalistExportRow, type JournalistIdentityRow, type StoredJournalistRow } from './journalists.repository.js';
import type { Outlet } from './outlet.entity.js';
import { OutletsRepository } from './outlets.repository.js';

/** Journalists and outlets as other features need them: found by id, address or mail domain, created on first contact. */
@Injectable()
export class ContactsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly journalists: JournalistsRepository,
    private readonly outlets: OutletsRepository,
  ) {}

  /** The outlet whose domain list holds the address's domain (or a parent domain of it). */
  async outletForAddress(tx: EntityManager, address: string): Promise<Outlet | null> {
    const candidates = domainCandidates(address);
    if (!candidates.length) return null;
    return this.outlets.findByDomains(tx, candidates);
  }

  /** Finds a journalist by email or one of their other addresses (case-insensitive) or creates one; fills in a missing name or phone. */
  async findOrCreateJournalist(input: JournalistInput, tx: EntityManager): Promise<Journalist> {
    const email = input.email?.trim().toLowerCase() || null;
    if (email) {
      const name = input.name?.trim() || null;
      const phone = input.phone?.trim() || null;
      // One round trip on intake's hot path; the step-by-step path below only when a concurrent insert hid the row from this statement's snapshot.
      const row = await this.journalists.findOrCreateByAddress(tx, email, name, phone, domainCandidates(email));
      if (row) return journalistFromRow(row);
      return this.findOrCreateJournalistStepwise(email, name, phone, tx);
    }
    return this.journalists.insert(tx, { name: input.name?.trim() || null, phone: input.phone?.trim() || null });
  }

  private async findOrCreateJournalistStepwise(email: string, name: string | null, phone: string | null, tx: EntityManager): Promise<Journalist> {
    // An address merged in from a duplicate belongs to the survivor.
    const aliased = await this.journalists.findByAlias(tx, email);
    if (!aliased) await this.journalists.insertAddressIfAbsent(tx, email, name, phone);
    const journalist = aliased ?? (await this.journalists.findByEmail(tx, email));
    if (!journalist) throw new Error(`journalist ${email} vanished while being created`);
    const patch: Partial<Journalist> = {};
    if (!journalist.name && name) patch.name = name;
    if (!journalist.phone && phone) patch.phone = phone;
    if (!journalist.outletId) {
      const outlet = await this.outletForAddress(tx, email);
      if (outlet) patch.outletId = outlet.id;
    }
    if (Object.keys(patch).length) {
      await this.journalists.update(tx, journalist.id, patch);
      Object.assign(journalist, patch);
    }
    return journalist;
  }

  async getJournalist(id: string): Promise<Journalist> {
    return found(isUuid(id) ? await this.journalists.findById(this.dataSource, id) : null, 'Journalist not found');
  }

  /** The same, read in the caller's transaction. */
  async getJournalistIn(tx: EntityManager, id: string): Promise<Journalist> {
    return found(isUuid(id) ? await this.journalists.findById(tx, id) : null, 'Journalist not found');
  }

  async getOutlet(id: string): Promise<Outlet> {
    return found(isUuid(id) ? await this.outlets.findById(this.dataSource, id) : null, 'Outlet not found');
  }

  /** The same, read in the caller's transaction. */
  async getOutletIn(tx: EntityManager, id: string): Promise<Outlet> {
    return found(isUuid(id) ? await this.outlets.findById(tx, id) : null, 'Outlet not found');
  }

  /** The personal fields an erasure reads first, or null. */
  identity(id: string): Promise<JournalistIdentityRow | null> {
    return this.journalists.findIdentity(id);
  }

  /** The rest of a journalist's record, for their personal-data export. */
  exportRecord(id: string): Promise<JournalistExportRow | null> {
    return this.journalists.findExportRecord(id);
  }

  /** Journalists past the retention period (no inquiry for `months`), not yet anonymised. */
  dueForAnonymisation(months: number): Promise<string[]> {
    return this.journalists.findDueForAnonymisation(months);
  }

  /** Erasure, in its transaction: every personal field emptied, the row kept so tickets keep their link. */
  anonymise(tx: EntityManager, id: string): Promise<void> {
    return this.journalists.anonymise(tx, id);
  }

  /**
   * Share-locks a ticket's outlets, then its journalist, until commit: the order merges take them in
   * (outlets, then tickets and journalists), so a reply and a merge cannot deadlock.
   */
  async shareLockScope(tx: EntityManager, scope: { outletId: string | null; journalistId: string | null }): Promise<void> {
    const journalistOutlet = scope.journalistId ? await this.journalists.findOutletId(tx, scope.journalistId) : null;
    const outlets = [...new Set([scope.outletId, journalistOutlet].filter((id): id is string => !!id))].sort();
    if (outlets.length) await this.outlets.shareLock(tx, outlets);
    if (!scope.journalistId) return;
    const locked = await this.journalists.shareLock(tx, scope.journalistId);
    // Moved to another outlet meanwhile: lock that one too (out of order, but only in that race).
    if (locked?.outlet_id && !outlets.includes(locked.outlet_id)) await this.outlets.shareLock(tx, [locked.outlet_id]);
  }
}

function found<T>(value: T | null, message: string): T {
  if (!value) throw new NotFoundException(message);
  return value;
}

/** The address's domain and its parent domains, without the bare top-level domain. */
export function domainCandidates(address: string): string[] {
  const domain = address.split('@').pop()?.toLowerCase();
  if (!domain) return [];
  const parts = domain.split('.');
  return parts.slice(0, -1).map((_, index) => parts.slice(index).join('.'));
}

function journalistFromRow(row: StoredJournalistRow): Journalist {
  return Object.assign(new Journalist(), {
    id: row.id,
    name: row.name,
    email: row.email,
    aliases: row.aliases,
    phone: row.phone,
    outletId: row.outlet_id,
    beat: row.beat,
    notes: row.notes,
    preferredContact: row.preferred_contact,
    relationshipOwnerId: row.relationship_owner_id,
    anonymisedAt: row.anonymised_at,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  });
}
