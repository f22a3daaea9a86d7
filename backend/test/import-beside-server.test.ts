import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dataDirQuery } from './data-dir-postgres.js';
import { freshDataDir, importLines, ServerProcess } from './server-process.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const mail = (index: number, subject: string) =>
  [
    `From reporter${index}@tides.example Mon Jun  3 10:02:00 2024`,
    `From: "Reporter ${index}" <reporter${index}@tides.example>`,
    'To: press@newsdesk.test',
    `Subject: ${subject}`,
    `Message-ID: <beside-${index}@tides.example>`,
    'Date: Mon, 3 Jun 2024 10:02:00 +0000',
    '',
    `When does the ferry timetable change (question ${index})?`,
    '',
  ].join('\n');

/** `npm run cli -- import` while the server runs on the same database: its batches are stored and processed in one transaction each. */
describe('cli import beside a running server', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  let server: ServerProcess | undefined;
  const cli = (...args: string[]) => spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 240_000 });

  const query = <T>(sql: string, params: unknown[] = []) => dataDirQuery<T>(dataDir, Number(env.EMBEDDED_PG_PORT), sql, params);

  beforeAll(async () => {
    ({ dataDir, env } = freshDataDir('newsdesk-import-beside-'));
    server = await ServerProcess.start(env, 90_000);
  }, 120_000);

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('quarantines alone a message the database refuses inside a batch, imports the rest once, and a re-run imports what is missing', async () => {
    const count = 40;
    const file = join(dataDir, 'tides.mbox');
    writeFileSync(file, Array.from({ length: count }, (_, index) => mail(index, index === 6 ? 'Poison inquiry' : `Ferry question ${index}`)).join('\n'));
    // The database refuses one message (a real constraint violation inside its batch's transaction).
    await query(`ALTER TABLE messages ADD CONSTRAINT test_refuses_poison CHECK (subject IS DISTINCT FROM 'Poison inquiry')`);
    try {
      const first = cli('import', '--json', file);
      expect(first.status).toBe(0);
      const output = importLines(first.stdout);
      expect(output.map((line) => line.file)).toEqual(Array.from({ length: count }, (_, index) => `${file}#${index + 1}`));
      expect(output.filter((line) => line.outcome === 'created')).toHaveLength(count - 1);
      expect(output[6]).toMatchObject({ outcome: 'quarantined', ticket: null });
      expect(output[6].error).toContain('test_refuses_poison');
    } finally {
      await query(`ALTER TABLE messages DROP CONSTRAINT test_refuses_poison`);
    }
    // Each message stored once, none left pending for the server's worker.
    expect(await query(`SELECT outcome, count(*)::int AS count FROM raw_messages WHERE source LIKE $1 GROUP BY outcome ORDER BY outcome`, [`${file}#%`])).toEqual([
      { outcome: 'created', count: count - 1 },
      { outcome: 'quarantined', count: 1 },
    ]);

    const again = cli('import', '--json', file);
    expect(again.status).toBe(0);
    const rerun = importLines(again.stdout);
    expect(rerun.filter((line) => line.outcome === 'duplicate')).toHaveLength(count - 1);
    expect(rerun[6].outcome).toBe('created');
    const messages = await query<{ message_id: string; copies: number }>(
      `SELECT message_id, count(*)::int AS copies FROM messages WHERE message_id LIKE 'beside-%' GROUP BY message_id`,
    );
    expect(messages).toHaveLength(count);
    expect(messages.every((row) => row.copies === 1)).toBe(true);
  }, 300_000);
});
