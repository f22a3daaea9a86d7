import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { sqlExec, sqlRows } from '../database/sql.js';

/**
 * A merge's catch-all: every single-column foreign key that references a journalist or outlet,
 * read from the catalog, so a table added later that references a contact is merged too instead of
 * losing its link on delete. The one write outside the contacts tables, by design: the tables the
 * owners move themselves (with events) are passed as handled.
 */
@Injectable()
export class ContactReferencesRepository {
  async moveOthers(tx: EntityManager, table: 'journalists' | 'outlets', fromId: string, toId: string, handled: string[]): Promise<Record<string, number>> {
    const references = await sqlRows<{ table_name: string; column_name: string; plain_column: string }>(
      tx,
      `SELECT c.conrelid::regclass::text AS table_name, quote_ident(a.attname) AS column_name, a.attname AS plain_column
         FROM pg_constraint c
         JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = c.conkey[1]
        WHERE c.contype = 'f' AND c.confrelid = $1::regclass AND cardinality(c.conkey) = 1
        ORDER BY 1, 2`,
      [table],
    );
    const moved: Record<string, number> = {};
    for (const reference of references) {
      const name = `${reference.table_name}.${reference.plain_column}`;
      if (handled.includes(name)) continue;
      const count = await sqlExec(tx, `UPDATE ${reference.table_name} SET ${reference.column_name} = $1 WHERE ${reference.column_name} = $2`, [toId, fromId]);
      if (count) moved[name] = count;
    }
    return moved;
  }
}
