import { HttpStatus } from '@nestjs/common';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { databaseHttpError, isUniqueViolation } from '../src/common/database-errors.js';
import { createTestApp, type TestApp } from './test-app.js';

/** The error PostgreSQL really raises for `run`, through TypeORM as the services see it. */
async function failureOf(run: () => Promise<unknown>): Promise<unknown> {
  try {
    await run();
  } catch (error) {
    return error;
  }
  throw new Error('expected the statement to fail');
}

const bodyOf = (error: unknown) => {
  const http = databaseHttpError(error);
  return http && { status: http.getStatus(), response: http.getResponse() };
};

describe('database errors as HTTP errors', () => {
  let testApp: TestApp;
  let dataSource: DataSource;

  beforeAll(async () => {
    testApp = await createTestApp();
    dataSource = testApp.app.get(DataSource);
  });

  afterAll(async () => {
    await testApp.close();
  });

  it('answers a taken unique value with 409 and the code "duplicate"', async () => {
    await dataSource.query(`INSERT INTO outlets (name) VALUES ('Twice Daily')`);
    const [{ id }] = (await dataSource.query(`SELECT id FROM outlets WHERE name = 'Twice Daily'`)) as { id: string }[];
    const error = await failureOf(() => dataSource.query(`INSERT INTO outlets (id, name) VALUES ($1, 'Again')`, [id]));
    expect(bodyOf(error)).toEqual({ status: HttpStatus.CONFLICT, response: { message: expect.stringMatching(/already exists/), code: 'duplicate' } });
    expect(isUniqueViolation(error)).toBe(true);
    expect(isUniqueViolation(error, 'outlets_pkey')).toBe(true);
    expect(isUniqueViolation(error, 'journalists_email_key')).toBe(false);
  });

  it('answers a missing linked record with 409 and the code "reference"', async () => {
    const error = await failureOf(() =>
      dataSource.query(`INSERT INTO journalists (email, outlet_id) VALUES ('ref@paper.example', '00000000-0000-4000-8000-000000000000')`),
    );
    expect(bodyOf(error)).toEqual({ status: HttpStatus.CONFLICT, response: { message: expect.stringMatching(/linked record/), code: 'reference' } });
    expect(isUniqueViolation(error)).toBe(false);
  });

  it('answers a transaction that lost a serializable race with 503, the code "retry" and Retry-After', async () => {
    const first = new pg.Client({ connectionString: testApp.databaseUrl });
    const second = new pg.Client({ connectionString: testApp.databaseUrl });
    await first.connect();
    await second.connect();
    try {
      // Each reads what the other writes: PostgreSQL lets one commit and fails the other with 40001.
      for (const client of [first, second]) {
        await client.query('BEGIN ISOLATION LEVEL SERIALIZABLE');
        await client.query(`SELECT count(*) FROM outlets WHERE name LIKE 'Race%'`);
      }
      await first.query(`INSERT INTO outlets (name) VALUES ('Race one')`);
      await second.query(`INSERT INTO outlets (name) VALUES ('Race two')`);
      await first.query('COMMIT');
      const error = await failureOf(() => second.query('COMMIT'));
      expect(bodyOf(error)).toEqual({
        status: HttpStatus.SERVICE_UNAVAILABLE,
        response: { message: expect.stringMatching(/try again/), code: 'retry', headers: { 'retry-after': '1' } },
      });
    } finally {
      await first.end();
      await second.end();
    }
  });

  it('leaves other failures to the 500 answer: they are bugs, not the client\'s doing', async () => {
    expect(databaseHttpError(await failureOf(() => dataSource.query('SELECT no_such_column FROM outlets')))).toBeNull();
    expect(databaseHttpError(new Error('plain'))).toBeNull();
  });
});
