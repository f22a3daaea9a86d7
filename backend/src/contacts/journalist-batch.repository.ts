import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlRows } from '../database/sql.js';

/** The part of a journalist the intake's batch needs. */
export interface JournalistRef {
  id: string;
  email: string;
  name: string | null;
  outletId: string | null;
}

export interface JournalistBatchInput {
  email: string;
  name: string | null;
  /** The address's domain and its parent domains: the outlet that owns the oldest match is set. */
  domains: string[];
}

interface JournalistRefRow {
  id: string;
  email: string;
  name: string | null;
  outlet_id: string | null;
}

/**
 * ContactsService.findOrCreateJournalist for many distinct addresses in one statement (no phone: the
 * batch never carries one). Addresses held as a merged alias are left out; so is an address a
 * concurrent insert committed after the statement's snapshot: the caller finds those one by one.
 */
const FIND_OR_CREATE_MANY_SQL = `
  WITH input AS (
    SELECT i.email, i.name, i.ord,
           (SELECT o.id FROM outlets o WHERE o.domains && string_to_array(i.domains, ',') ORDER BY o.created_at ASC LIMIT 1) AS outlet_id
      FROM unnest($1::text[], $2::text[], $3::text[]) WITH ORDINALITY AS i(email, name, domains, ord)
     WHERE NOT EXISTS (SELECT 1 FROM journalists a WHERE a.aliases @> ARRAY[i.email])
  ),
  upserted AS (
    INSERT INTO journalists AS j (email, name, outlet_id)
    SELECT email, name, outlet_id FROM input ORDER BY ord
    ON CONFLICT (email) WHERE email IS NOT NULL DO UPDATE
      SET name = coalesce(nullif(j.name, ''), EXCLUDED.name, j.name), outlet_id = coalesce(j.outlet_id, EXCLUDED.outlet_id), updated_at = now()
      WHERE (coalesce(j.name, '') = '' AND EXCLUDED.name IS NOT NULL) OR (j.outlet_id IS NULL AND EXCLUDED.outlet_id IS NOT NULL)
    RETURNING j.id, j.email, j.name, j.outlet_id
  )
  SELECT id, email, name, outlet_id FROM upserted
  UNION ALL
  SELECT j.id, j.email, j.name, j.outlet_id FROM journalists j JOIN input i ON i.email = j.email
   WHERE NOT EXISTS (SELECT 1 FROM upserted u WHERE u.email = j.email)`;

/** Journalists written by the intake's batch persist stage. */
@Injectable()
export class JournalistBatchRepository {
  /** Finds or creates the journalists of distinct lower-cased addresses; a missing name or outlet is filled in. */
  async findOrCreateMany(tx: EntityManager, inputs: JournalistBatchInput[]): Promise<JournalistRef[]> {
    if (!inputs.length) return [];
    const rows = await sqlRows<JournalistRefRow>(tx, FIND_OR_CREATE_MANY_SQL, [
      inputs.map((input) => input.email),
      inputs.map((input) => input.name),
      inputs.map((input) => input.domains.join(',')),
    ], { named: true });
    return rows.map((row) => ({ id: row.id, email: row.email, name: row.name, outletId: row.outlet_id }));
  }

  async outletIdByName(tx: EntityManager, name: string): Promise<string | null> {
    const [row] = await sqlRows<{ id: string }>(tx, 'SELECT id FROM outlets WHERE lower(name) = lower($1) LIMIT 1', [name]);
    return row?.id ?? null;
  }
}
