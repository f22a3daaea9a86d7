import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { sqlExec, sqlRow, sqlRows } from '../src/database/sql.js';

// TypeORM answers UPDATE/DELETE as [rows, count] and everything else as rows; the helpers hide that.
describe('sql helpers on PostgreSQL', () => {
  const url = process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run the tests through jest (global setup starts PostgreSQL)');
  const db = new DataSource({ type: 'postgres', url });
  // A real table (not TEMP: the pool may answer each statement on another connection), dropped after.
  const table = `sql_helper_rows_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await db.initialize();
    await db.query(`CREATE TABLE ${table} (id int PRIMARY KEY, name text)`);
  });
  afterAll(async () => {
    await db.query(`DROP TABLE IF EXISTS ${table}`);
    await db.destroy();
  });

  it('returns rows from SELECT, INSERT … RETURNING and UPDATE … RETURNING alike', async () => {
    const inserted = await sqlRows<{ id: number }>(db, `INSERT INTO ${table} VALUES (1, 'a'), (2, 'b') RETURNING id`);
    expect(inserted.map((row) => row.id)).toEqual([1, 2]);
    const updated = await sqlRows<{ id: number; name: string }>(db, `UPDATE ${table} SET name = 'c' WHERE id = $1 RETURNING id, name`, [2]);
    expect(updated).toEqual([{ id: 2, name: 'c' }]);
    expect(await sqlRow<{ name: string }>(db, `SELECT name FROM ${table} WHERE id = $1`, [2])).toEqual({ name: 'c' });
    expect(await sqlRow(db, `UPDATE ${table} SET name = 'x' WHERE id = 99 RETURNING id`)).toBeNull();
  });

  it('counts affected rows of UPDATE and DELETE', async () => {
    expect(await sqlExec(db, `UPDATE ${table} SET name = 'd'`)).toBe(2);
    expect(await sqlExec(db, `DELETE FROM ${table} WHERE id = 1`)).toBe(1);
    expect(await sqlExec(db, `DELETE FROM ${table} WHERE id = 1`)).toBe(0);
  });
});
