import { Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { isUuid } from '../common/ids.js';
import { Journalist } from './journalist.entity.js';
import { Outlet } from './outlet.entity.js';

export interface JournalistInput {
  email?: string | null;
  name?: string | null;
  phone?: string | null;
}

/** Journalists and outlets as other features need them: found by id, address or mail domain, created on first contact. */
@Injectable()
export class ContactsService {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** The outlet whose domain list holds the address's domain (or a parent domain of it). */
  async outletForAddress(address: string, manager: EntityManager = this.dataSource.manager): Promise<Outlet | null> {
    const candidates = domainCandidates(address);
    if (!candidates.length) return null;
    return manager
      .getRepository(Outlet)
      .createQueryBuilder('outlet')
      .where('outlet.domains && :candidates', { candidates })
      .orderBy('outlet.created_at', 'ASC')
      .getOne();
  }

  /** Finds a journalist by email or one of their other addresses (case-insensitive) or creates one; fills in a missing name or phone. */
  async findOrCreateJournalist(input: JournalistInput, manager: EntityManager = this.dataSource.manager): Promise<Journalist> {
    const repository = manager.getRepository(Journalist);
    const email = input.email?.trim().toLowerCase() || null;
    if (email) {
      const name = input.name?.trim() || null;
      const phone = input.phone?.trim() || null;
      // One round trip on intake's hot path; the step-by-step path below only when a concurrent insert hid the row from this statement's snapshot.
      const [row] = (await manager.query(FIND_OR_CREATE_JOURNALIST_SQL, [email, name, phone, domainCandidates(email)])) as JournalistRow[];
      if (row) return journalistFromRow(row);
      return this.findOrCreateJournalistStepwise(email, name, phone, manager);
    }
    return repository.save(repository.create({ name: input.name?.trim() || null, phone: input.phone?.trim() || null }));
  }

  private async findOrCreateJournalistStepwise(email: string, name: string | null, phone: string | null, manager: EntityManager): Promise<Journalist> {
    const repository = manager.getRepository(Journalist);
    // An address merged in from a duplicate belongs to the survivor.
    const aliased = await repository.createQueryBuilder('journalist').where('journalist.aliases @> ARRAY[:email]::text[]', { email }).getOne();
    if (!aliased) {
      await manager.query(`INSERT INTO journalists (email, name, phone) VALUES ($1, $2, $3) ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING`, [email, name, phone]);
    }
    const journalist = aliased ?? (await repository.findOneByOrFail({ email }));
    const patch: Partial<Journalist> = {};
    if (!journalist.name && name) patch.name = name;
    if (!journalist.phone && phone) patch.phone = phone;
    if (!journalist.outletId) {
      const outlet = await this.outletForAddress(email, manager);
      if (outlet) patch.outletId = outlet.id;
    }
    if (Object.keys(patch).length) {
      await repository.update({ id: journalist.id }, patch);
      Object.assign(journalist, patch);
    }
    return journalist;
  }

  async getJournalist(id: string, manager: EntityManager = this.dataSource.manager): Promise<Journalist> {
    const journalist = isUuid(id) ? await manager.getRepository(Journalist).findOneBy({ id }) : null;
    if (!journalist) throw new NotFoundException('Journalist not found');
    return journalist;
  }

  async getOutlet(id: string, manager: EntityManager = this.dataSource.manager): Promise<Outlet> {
    const outlet = isUuid(id) ? await manager.getRepository(Outlet).findOneBy({ id }) : null;
    if (!outlet) throw new NotFoundException('Outlet not found');
    return outlet;
  }
}

/** The address's domain and its parent domains, without the bare top-level domain. */
export function domainCandidates(address: string): string[] {
  const domain = address.split('@').pop()?.toLowerCase();
  if (!domain) return [];
  const parts = domain.split('.');
  return parts.slice(0, -1).map((_, index) => parts.slice(index).join('.'));
}

interface JournalistRow {
  id: string;
  name: string | null;
  email: string | null;
  aliases: string[];
  phone: string | null;
  outlet_id: string | null;
  beat: string | null;
  notes: string | null;
  preferred_contact: Journalist['preferredContact'];
  relationship_owner_id: string | null;
  anonymised_at: Date | null;
  created_at: Date;
  updated_at: Date;
}

const JOURNALIST_COLUMNS = 'j.id, j.name, j.email, j.aliases, j.phone, j.outlet_id, j.beat, j.notes, j.preferred_contact, j.relationship_owner_id, j.anonymised_at, j.created_at, j.updated_at';

/**
 * findOrCreateJournalistStepwise as one statement: the journalist holding $1 as an alias, else the one
 * with email $1 (inserted if none), with a missing name, phone or outlet (oldest outlet owning one of
 * the domains $4) filled in; empty names and phones count as missing, as `!journalist.name` does there.
 * Returns no row only when a concurrent insert of $1 committed after this statement's snapshot.
 */
const FIND_OR_CREATE_JOURNALIST_SQL = `
  WITH outlet AS (SELECT id FROM outlets WHERE domains && $4::text[] ORDER BY created_at ASC LIMIT 1),
  aliased AS (SELECT id FROM journalists WHERE aliases @> ARRAY[$1::text] LIMIT 1),
  upserted AS (
    INSERT INTO journalists AS j (email, name, phone, outlet_id)
    SELECT $1, $2, $3, (SELECT id FROM outlet) WHERE NOT EXISTS (SELECT 1 FROM aliased)
    ON CONFLICT (email) WHERE email IS NOT NULL DO UPDATE
      SET name = coalesce(nullif(j.name, ''), $2::text, j.name), phone = coalesce(nullif(j.phone, ''), $3::text, j.phone),
          outlet_id = coalesce(j.outlet_id, EXCLUDED.outlet_id), updated_at = now()
      WHERE (coalesce(j.name, '') = '' AND $2::text IS NOT NULL) OR (coalesce(j.phone, '') = '' AND $3::text IS NOT NULL)
         OR (j.outlet_id IS NULL AND EXCLUDED.outlet_id IS NOT NULL)
    RETURNING ${JOURNALIST_COLUMNS}
  ),
  patched AS (
    UPDATE journalists AS j
       SET name = coalesce(nullif(j.name, ''), $2::text, j.name), phone = coalesce(nullif(j.phone, ''), $3::text, j.phone),
           outlet_id = coalesce(j.outlet_id, (SELECT id FROM outlet)), updated_at = now()
     WHERE j.id = (SELECT id FROM aliased)
       AND ((coalesce(j.name, '') = '' AND $2::text IS NOT NULL) OR (coalesce(j.phone, '') = '' AND $3::text IS NOT NULL)
            OR (j.outlet_id IS NULL AND EXISTS (SELECT 1 FROM outlet)))
    RETURNING ${JOURNALIST_COLUMNS}
  )
  SELECT * FROM upserted
  UNION ALL SELECT * FROM patched
  UNION ALL SELECT ${JOURNALIST_COLUMNS} FROM journalists j
   WHERE NOT EXISTS (SELECT 1 FROM upserted) AND NOT EXISTS (SELECT 1 FROM patched)
     AND (j.id = (SELECT id FROM aliased) OR (j.email = $1 AND NOT EXISTS (SELECT 1 FROM aliased)))
  LIMIT 1`;

function journalistFromRow(row: JournalistRow): Journalist {
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
