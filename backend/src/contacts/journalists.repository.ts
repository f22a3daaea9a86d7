import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { ContactRowsRepository } from './contact-rows.repository.js';
import { sqlExec, sqlRow, sqlRows, type Queryable } from '../database/sql.js';
import type { JournalistRow } from './contacts.mapper.js';
import { Journalist } from './journalist.entity.js';

/** SELECT list and joins for JournalistRow, over `journalists j`. */
const DIRECTORY_COLUMNS = `
  j.id, j.name, j.email, j.aliases, j.phone, j.beat, j.notes, j.created_at, j.updated_at,
  j.preferred_contact, j.relationship_owner_id, owner.name AS relationship_owner_name,
  o.id AS outlet_id, o.name AS outlet_name, o.tier AS outlet_tier,
  inquiries.inquiry_count, inquiries.last_inquiry_at`;
const DIRECTORY_JOINS = `
  LEFT JOIN outlets o ON o.id = j.outlet_id
  LEFT JOIN users_view owner ON owner.id = j.relationship_owner_id
  CROSS JOIN LATERAL (
    SELECT count(*)::int AS inquiry_count, max(t.created_at) AS last_inquiry_at FROM tickets_view t WHERE t.journalist_id = j.id
  ) inquiries`;
const SORT_KEY = `lower(coalesce(j.name, j.email, ''))`;

/** A journalist's row as stored (the find-or-create statement answers it). */
export interface StoredJournalistRow {
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

/** The fields of a journalist an erasure reads before removing them. */
export interface JournalistIdentityRow {
  id: string;
  name: string | null;
  email: string | null;
  aliases: string[];
  phone: string | null;
  anonymised_at: Date | null;
}

/** The rest of a journalist's record in their personal-data export. */
export interface JournalistExportRow {
  aliases: string[];
  beat: string | null;
  notes: string | null;
  preferredContact: Journalist['preferredContact'];
  relationshipOwner: string | null;
  createdAt: Date;
  outlet: string | null;
}

const STORED_COLUMNS = 'j.id, j.name, j.email, j.aliases, j.phone, j.outlet_id, j.beat, j.notes, j.preferred_contact, j.relationship_owner_id, j.anonymised_at, j.created_at, j.updated_at';

/**
 * The stepwise find-or-create as one statement: the journalist holding $1 as an alias, else the one
 * with email $1 (inserted if none), with a missing name, phone or outlet (oldest outlet owning one of
 * the domains $4) filled in; empty names and phones count as missing, as `!journalist.name` does there.
 * Returns no row only when a concurrent insert of $1 committed after this statement's snapshot.
 */
const FIND_OR_CREATE_SQL = `
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
    RETURNING ${STORED_COLUMNS}
  ),
  patched AS (
    UPDATE journalists AS j
       SET name = coalesce(nullif(j.name, ''), $2::text, j.name), phone = coalesce(nullif(j.phone, ''), $3::text, j.phone),
           outlet_id = coalesce(j.outlet_id, (SELECT id FROM outlet)), updated_at = now()
     WHERE j.id = (SELECT id FROM aliased)
       AND ((coalesce(j.name, '') = '' AND $2::text IS NOT NULL) OR (coalesce(j.phone, '') = '' AND $3::text IS NOT NULL)
            OR (j.outlet_id IS NULL AND EXISTS (SELECT 1 FROM outlet)))
    RETURNING ${STORED_COLUMNS}
  )
  SELECT * FROM upserted
  UNION ALL SELECT * FROM patched
  UNION ALL SELECT ${STORED_COLUMNS} FROM journalists j
   WHERE NOT EXISTS (SELECT 1 FROM upserted) AND NOT EXISTS (SELECT 1 FROM patched)
     AND (j.id = (SELECT id FROM aliased) OR (j.email = $1 AND NOT EXISTS (SELECT 1 FROM aliased)))
  LIMIT 1`;

/** The journalists table: the directory, find-or-create on first contact, edits, merges, erasure. */
@Injectable()
export class JournalistsRepository extends ContactRowsRepository<Journalist> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(Journalist);
  }

  /** A directory page (limit + 1 rows) by name, with outlet, relationship owner and inquiry counts. */
  findPage(filter: { pattern?: string; outletId?: string }, cursor: { key: string; id: string } | null, limit: number): Promise<(JournalistRow & { sort_key: string })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (filter.pattern) {
      const pattern = param(filter.pattern);
      where.push(`(j.name ILIKE ${pattern} OR j.email ILIKE ${pattern} OR array_to_string(j.aliases, ' ') ILIKE ${pattern})`);
    }
    if (filter.outletId) where.push(`j.outlet_id = ${param(filter.outletId)}`);
    if (cursor) where.push(`(${SORT_KEY}, j.id) > (${param(cursor.key)}, ${param(cursor.id)}::uuid)`);
    return sqlRows(
      this.dataSource,
      `SELECT ${DIRECTORY_COLUMNS}, ${SORT_KEY} AS sort_key
         FROM journalists j ${DIRECTORY_JOINS}
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${SORT_KEY}, j.id
        LIMIT ${limit + 1}`,
      params,
    );
  }

  findDirectoryRow(id: string): Promise<JournalistRow | null> {
    return sqlRow<JournalistRow>(this.dataSource, `SELECT ${DIRECTORY_COLUMNS} FROM journalists j ${DIRECTORY_JOINS} WHERE j.id = $1`, [id]);
  }

  findById(db: Queryable, id: string): Promise<Journalist | null> {
    return db.getRepository(Journalist).findOneBy({ id });
  }

  findByEmail(tx: EntityManager, email: string): Promise<Journalist | null> {
    return tx.getRepository(Journalist).findOneBy({ email });
  }

  /** The journalist holding the address as an alias (merged in from a duplicate), if any. */
  findByAlias(tx: EntityManager, address: string): Promise<Journalist | null> {
    return tx.getRepository(Journalist).createQueryBuilder('journalist').where('journalist.aliases @> ARRAY[:email]::text[]', { email: address }).getOne();
  }

  /** See FIND_OR_CREATE_SQL; null only when a concurrent insert of the address is not yet visible. */
  findOrCreateByAddress(tx: EntityManager, email: string, name: string | null, phone: string | null, outletDomains: string[]): Promise<StoredJournalistRow | null> {
    return sqlRow<StoredJournalistRow>(tx, FIND_OR_CREATE_SQL, [email, name, phone, outletDomains]);
  }

  /** Inserts a journalist with this address unless one has it already. */
  async insertAddressIfAbsent(tx: EntityManager, email: string, name: string | null, phone: string | null): Promise<void> {
    await sqlExec(tx, `INSERT INTO journalists (email, name, phone) VALUES ($1, $2, $3) ON CONFLICT (email) WHERE email IS NOT NULL DO NOTHING`, [email, name, phone]);
  }


  /** Serialises address changes: an address may be one journalist's email or alias, a rule across rows and columns. */
  async lockAddresses(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.journalistAddresses]);
  }

  /** The first of the addresses another journalist already has as email or alias, or null. */
  async findTakenAddress(tx: EntityManager, addresses: string[], exceptId: string): Promise<string | null> {
    const row = await sqlRow<{ address: string }>(
      tx,
      `SELECT address FROM unnest($1::text[]) AS address
        WHERE EXISTS (SELECT 1 FROM journalists j WHERE j.id <> $2 AND (j.email = address OR j.aliases @> ARRAY[address]))
        LIMIT 1`,
      [addresses, exceptId],
    );
    return row?.address ?? null;
  }

  async findOutletId(tx: EntityManager, id: string): Promise<string | null> {
    const row = await sqlRow<{ outlet_id: string | null }>(tx, `SELECT outlet_id FROM journalists WHERE id = $1`, [id]);
    return row?.outlet_id ?? null;
  }

  /** Share-locks the journalist until commit; answers their outlet as locked. */
  async shareLock(tx: EntityManager, id: string): Promise<{ outlet_id: string | null } | null> {
    return sqlRow<{ outlet_id: string | null }>(tx, `SELECT outlet_id FROM journalists WHERE id = $1 FOR SHARE`, [id]);
  }

  /** A merged duplicate outlet's journalists now work for the survivor; answers their ids. */
  async moveOutlet(tx: EntityManager, fromId: string, toId: string): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(tx, `UPDATE journalists SET outlet_id = $1, updated_at = now() WHERE outlet_id = $2 RETURNING id`, [toId, fromId]);
    return rows.map((row) => row.id);
  }

  /** An outlet's journalists by name, for its directory page. */
  findInOutlet(outletId: string, limit: number): Promise<{ id: string; name: string | null; email: string | null; beat: string | null }[]> {
    return sqlRows(
      this.dataSource,
      `SELECT id, name, email, beat FROM journalists WHERE outlet_id = $1 ORDER BY lower(coalesce(name, email, '')), id LIMIT ${limit}`,
      [outletId],
    );
  }

  findIdentity(id: string): Promise<JournalistIdentityRow | null> {
    return sqlRow<JournalistIdentityRow>(this.dataSource, 'SELECT id, name, email, aliases, phone, anonymised_at FROM journalists WHERE id = $1', [id]);
  }

  findExportRecord(id: string): Promise<JournalistExportRow | null> {
    return sqlRow<JournalistExportRow>(
      this.dataSource,
      `SELECT j.aliases, j.beat, j.notes, j.preferred_contact AS "preferredContact", owner.name AS "relationshipOwner", j.created_at AS "createdAt",
              o.name AS outlet
         FROM journalists j LEFT JOIN outlets o ON o.id = j.outlet_id LEFT JOIN users_view owner ON owner.id = j.relationship_owner_id
        WHERE j.id = $1`,
      [id],
    );
  }

  /** Journalists not yet anonymised whose last inquiry (or creation) is older than `months`. */
  async findDueForAnonymisation(months: number): Promise<string[]> {
    const rows = await sqlRows<{ id: string }>(
      this.dataSource,
      `SELECT j.id FROM journalists j
        WHERE j.anonymised_at IS NULL
          AND coalesce((SELECT max(t.created_at) FROM tickets_view t WHERE t.journalist_id = j.id), j.created_at) < now() - make_interval(months => $1)`,
      [months],
    );
    return rows.map((row) => row.id);
  }

  /** Empties every personal field and stamps the anonymisation. */
  async anonymise(tx: EntityManager, id: string): Promise<void> {
    await sqlExec(
      tx,
      `UPDATE journalists SET name = NULL, email = NULL, aliases = '{}', phone = NULL, beat = NULL, notes = NULL,
              preferred_contact = NULL, relationship_owner_id = NULL, anonymised_at = now(), updated_at = now()
        WHERE id = $1`,
      [id],
    );
  }
}
