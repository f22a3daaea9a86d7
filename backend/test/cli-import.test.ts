import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importItems, type ImportItem } from '../src/intake/import-files.js';
import { dataDirQuery } from './data-dir-postgres.js';
import { waitFor } from './wait-for.js';
import { freshDataDir, importLines } from './server-process.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

const mail = (index: number) =>
  [
    `From: "Reporter ${index}" <reporter${index}@paper${index % 7}.example>`,
    'To: press@newsdesk.test',
    `Subject: Question ${index} about the harbour`,
    `Message-ID: <import-${index}@paper.example>`,
    'Date: Mon, 3 Jun 2024 10:02:00 +0000',
    '',
    `Could you tell me more about the harbour project (question ${index})?`,
    '',
  ].join('\n');

/** `npm run cli -- import` as an admin runs it: the built CLI on its own embedded PostgreSQL, no server. */
describe('cli import', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 240_000 });

  /** The database the CLI used, while a PostgreSQL still runs on it. */
  const query = <T>(sql: string, params: unknown[] = []) => dataDirQuery<T>(dataDir, Number(env.EMBEDDED_PG_PORT), sql, params);

  /** A PostgreSQL left running by a CLI this test killed (its child, orphaned) is stopped here. */
  async function stopOrphanedPostgres() {
    const pidFile = join(dataDir, 'postgres', 'postmaster.pid');
    if (!existsSync(pidFile)) return;
    const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
    const alive = () => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    };
    if (!alive()) return;
    process.kill(pid, 'SIGINT');
    // Not our child process: no exit event to wait for, so its pid is polled with a deadline.
    await waitFor(async () => !alive(), `PostgreSQL ${pid} to stop`, 30_000);
  }

  beforeAll(() => {
    ({ dataDir, env } = freshDataDir('newsdesk-import-'));
  });

  afterAll(async () => {
    await stopOrphanedPostgres();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses a file that is not mail and a missing path with a clear error, imports the rest, and exits 1', () => {
    const folder = join(dataDir, 'mixed');
    mkdirSync(folder);
    for (const index of [1, 2, 3]) writeFileSync(join(folder, `${index}.eml`), mail(index));
    writeFileSync(join(folder, 'photo.eml'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]));
    writeFileSync(join(folder, 'README.txt'), 'Press mails of June 2024, exported from the old desk.\n');
    const missing = join(dataDir, 'no-such-archive.mbox');

    const result = cli('import', '--json', folder, missing);
    expect(result.status).toBe(1);
    const output = importLines(result.stdout);
    expect(output.map(({ file, outcome }) => [file, outcome])).toEqual([
      [join(folder, '1.eml'), 'created'],
      [join(folder, '2.eml'), 'created'],
      [join(folder, '3.eml'), 'created'],
      [join(folder, 'photo.eml'), 'error'],
      [missing, 'error'],
    ]);
    expect(output[3].error).toBe('not a mail message: it holds binary data (NUL bytes) where mail headers belong');
    expect(output[4].error).toBe('no such file or folder');
    expect(result.stderr).toMatch(/imported: 3 created, 2 error in [\d.]+ s \(\d+ msg\/s\); skipped 1 file\(s\) in folders that are not mail \(first: .*README\.txt\)/);
    // Not a terminal: no bar, no control characters, only the JSON lines and the summary.
    const printed = `${result.stdout}${result.stderr}`;
    expect(printed.includes('\r') || printed.includes('\x1b')).toBe(false);
  }, 180_000);

  it('draws a progress bar on a terminal and prints only what needs attention there', () => {
    const folder = join(dataDir, 'terminal');
    mkdirSync(folder);
    for (const index of [11, 12, 13]) writeFileSync(join(folder, `${index}.eml`), mail(index));
    writeFileSync(join(folder, 'broken.eml'), 'This is a note, not a mail.\n');
    const command = `node ${JSON.stringify(join(DIST, 'cli.js'))} import ${JSON.stringify(folder)}`;
    // util-linux `script` runs the CLI on a pseudo-terminal and copies what the terminal shows to stdout.
    const onTerminal = spawnSync('script', ['-qefc', command, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(onTerminal.status).toBe(1);
    expect(onTerminal.stdout).toContain('\r\x1b[K[');
    expect(onTerminal.stdout).toMatch(/\[#+\] 100% 4\/4 messages  [\d.]+ msg\/s  done in \d+:\d\d/);
    expect(onTerminal.stdout).toMatch(/error +- +\S*broken\.eml {2}\(not a mail message: line 1 is not a header field/);
    expect(onTerminal.stdout).not.toMatch(/^created/m);
    expect(onTerminal.stdout).toMatch(/imported: 3 created, 1 error/);

    const json = spawnSync('script', ['-qefc', `${command} --json`, '/dev/null'], { env, encoding: 'utf8', timeout: 120_000 });
    expect(json.stdout).not.toContain('\x1b[K');
    expect(json.stdout).toContain('"outcome":"duplicate"');
  }, 180_000);

  it('imports each message exactly once when an interrupted import is run again', async () => {
    const count = 300;
    const file = join(dataDir, 'interrupted.mbox');
    writeFileSync(file, Array.from({ length: count }, (_, index) => `From reporter@paper.example Mon Jun  3 10:02:00 2024\n${mail(1000 + index)}`).join('\n'));

    // Killed without warning (a closed laptop, kill -9) once a few messages are through.
    const first = spawn('node', [join(DIST, 'cli.js'), 'import', '--json', '--concurrency', '2', file], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let printed = '';
    const exited = new Promise((resolve) => first.on('exit', resolve));
    first.stdout.on('data', (chunk: Buffer) => {
      printed += chunk.toString();
      if (printed.split('\n').length > 20) first.kill('SIGKILL');
    });
    await exited;
    const before = await query<{ outcome: string; count: number }>(`SELECT outcome, count(*)::int AS count FROM raw_messages WHERE source LIKE $1 GROUP BY outcome`, [`${file}#%`]);
    const stored = Object.fromEntries(before.map((row) => [row.outcome, row.count]));
    // Stopped mid-way: some messages processed, the rest never stored; a batch is stored and processed in one transaction, so none is left half done.
    expect(stored.created).toBeGreaterThanOrEqual(20);
    expect(stored.created).toBeLessThan(count);
    expect(stored.pending).toBeUndefined();

    // A row left pending by an import that stored before processing (older versions, or a batch that fell back to one by one): the re-run takes it over.
    const items: ImportItem[] = [];
    for await (const item of importItems([file])) items.push(item);
    const last = items.at(-1);
    if (!last || last.error !== undefined) throw new Error('the mbox should end with a readable message');
    await query(`INSERT INTO raw_messages (id, door, bytes, sha256, size, source) VALUES (gen_random_uuid(), 'import', $1, encode(sha256($1), 'hex'), length($1), $2)`, [
      last.bytes,
      last.label,
    ]);

    const again = cli('import', '--json', file);
    expect(again.status).toBe(0);
    const output = importLines(again.stdout);
    expect(output).toHaveLength(count);
    expect(output.filter((line) => line.outcome === 'duplicate')).toHaveLength(stored.created);
    expect(output.filter((line) => line.outcome === 'created')).toHaveLength(count - stored.created);

    const ids = Array.from({ length: count }, (_, index) => `import-${1000 + index}@paper.example`);
    const messages = await query<{ message_id: string; copies: number }>(
      `SELECT message_id, count(*)::int AS copies FROM messages WHERE message_id = ANY($1::text[]) GROUP BY message_id`,
      [ids],
    );
    expect(messages).toHaveLength(count);
    expect(messages.every((row) => row.copies === 1)).toBe(true);
    // The row left pending was processed by the re-run, not stored a second time.
    const raw = await query<{ outcome: string; count: number }>(`SELECT outcome, count(*)::int AS count FROM raw_messages WHERE source LIKE $1 GROUP BY outcome ORDER BY outcome`, [`${file}#%`]);
    expect(raw).toEqual([
      { outcome: 'created', count },
      { outcome: 'duplicate', count: stored.created },
    ]);
  }, 300_000);
});
