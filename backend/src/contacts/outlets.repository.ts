import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { ADVISORY_LOCKS } from '../database/advisory-locks.js';
import { ContactRowsRepository } from './contact-rows.repository.js';
import { sqlExec, sqlRow, sqlRows, type Queryable } from '../database/sql.js';
import type { OutletRow } from './contacts.mapper.js';
import { Outlet } from './outlet.entity.js';

/** SELECT list for OutletRow, over `outlets o`. */
const DIRECTORY_COLUMNS = `
  o.id, o.name, o.domains, o.tier, o.notes, o.created_at, o.updated_at,
  (SELECT count(*)::int FROM journalists j WHERE j.outlet_id = o.id) AS journalist_count,
  (SELECT count(*)::int FROM tickets_view t WHERE t.outlet_id = o.id) AS inquiry_count`;
const SORT_KEY = 'lower(o.name)';

/** The outlets table: the directory, the outlet of a mail domain, edits and merges. */
@Injectable()
export class OutletsRepository extends ContactRowsRepository<Outlet> {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {
    super(Outlet);
  }

  /** A directory page (limit + 1 rows) by name, with journalist and inquiry counts. */
  findPage(pattern: string | null, cursor: { key: string; id: string } | null, limit: number): Promise<(OutletRow & { sort_key: string })[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}`;
    if (pattern) {
      const placeholder = param(pattern);
      where.push(`(o.name ILIKE ${placeholder} OR array_to_string(o.domains, ' ') ILIKE ${placeholder})`);
    }
    if (cursor) where.push(`(${SORT_KEY}, o.id) > (${param(cursor.key)}, ${param(cursor.id)}::uuid)`);
    return sqlRows(
      this.dataSource,
      `SELECT ${DIRECTORY_COLUMNS}, ${SORT_KEY} AS sort_key
         FROM outlets o
        ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
        ORDER BY ${SORT_KEY}, o.id
        LIMIT ${limit + 1}`,
      params,
    );
  }

  findDirectoryRow(id: string): Promise<OutletRow | null> {
    return sqlRow<OutletRow>(this.dataSource, `SELECT ${DIRECTORY_COLUMNS} FROM outlets o WHERE o.id = $1`, [id]);
  }

  findById(db: Queryable, id: string): Promise<Outlet | null> {
    return db.getRepository(Outlet).findOneBy({ id });
  }

  /** The oldest outlet owning one of the domains. */
  findByDomains(tx: EntityManager, domains: string[]): Promise<Outlet | null> {
    return tx.getRepository(Outlet).createQueryBuilder('outlet').where('outlet.domains && :candidates', { candidates: domains }).orderBy('outlet.created_at', 'ASC').getOne();
  }


  /** Share-locks outlets until commit, in id order. */
  async shareLock(tx: EntityManager, ids: string[]): Promise<void> {
    await sqlExec(tx, `SELECT id FROM outlets WHERE id = ANY($1::uuid[]) ORDER BY id FOR SHARE`, [[...ids].sort()]);
  }

  /** Serialises domain changes: the one-outlet-per-domain rule spans rows, so no index can hold it. */
  async lockDomains(tx: EntityManager): Promise<void> {
    await sqlExec(tx, 'SELECT pg_advisory_xact_lock($1)', [ADVISORY_LOCKS.outletDomains]);
  }

  /** The first of the domains another outlet already owns, with that outlet's name, or null. */
  findTakenDomain(tx: EntityManager, domains: string[], exceptId: string | null): Promise<{ name: string; domain: string } | null> {
    return sqlRow(
      tx,
      `SELECT o.name, d.domain FROM outlets o CROSS JOIN LATERAL unnest(o.domains) AS d(domain)
        WHERE o.domains && $1::text[] AND d.domain = ANY($1::text[]) AND ($2::uuid IS NULL OR o.id <> $2::uuid)
        ORDER BY d.domain LIMIT 1`,
      [domains, exceptId],
    );
  }
}
