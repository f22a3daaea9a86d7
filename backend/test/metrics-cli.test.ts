import { spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDataDir } from './server-process.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** `npm run cli -- seed` and `metrics:rebuild` as an admin runs them, on the built CLI and its own embedded PostgreSQL. */
describe('seed and metrics:rebuild commands', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 120_000 });

  beforeAll(() => {
    ({ dataDir, env } = freshDataDir('newsdesk-seed-cli-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('checks the arguments before touching a database', () => {
    for (const [args, message] of [
      [['seed'], 'seed needs --tickets N'],
      [['seed', '--tickets', 'many'], 'seed needs --tickets N'],
      [['seed', '--tickets', '10', '--end', 'yesterday'], '--end must be a date like 2026-11-30'],
      [['seed', '--tickets', '10', '--seed', 'no spaces'], '--seed must be'],
      [['metrics:rebuild', '--now'], 'metrics:rebuild takes no options'],
    ] as const) {
      const result = cli(...args);
      expect(result.status).toBe(2);
      expect(result.stderr).toContain(message);
    }
    expect(existsSync(join(dataDir, 'postgres'))).toBe(false);
  });

  it('seeds an empty database, refuses to seed it again without --force, and rebuilds the rollups', () => {
    const seeded = cli('seed', '--tickets', '300', '--seed', 'cli', '--end', '2026-03-01');
    expect(seeded.stderr).not.toContain('Error');
    expect(seeded.status).toBe(0);
    expect(seeded.stdout).toMatch(/^seeded 300 tickets, \d+ events, \d+ messages, \d+ outbox rows, \d+ journalists, \d+ outlets, 18 officers \(seed "cli", ending 2026-03-01\) in [\d.]+ s; rollups of \d+ days in [\d.]+ s\n$/);

    const again = cli('seed', '--tickets', '300', '--seed', 'other');
    expect(again.status).toBe(2);
    expect(again.stderr).toContain('already has tickets, journalists or outlets');

    const rebuilt = cli('metrics:rebuild');
    expect(rebuilt.status).toBe(0);
    expect(rebuilt.stdout).toMatch(/^rebuilt metric rollups: \d+ days in [\d.]+ s\n$/);
  });
});
