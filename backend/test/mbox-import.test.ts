import { spawnSync } from 'node:child_process';
import { rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshDataDir, importLines } from './server-process.js';

const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', 'dist');

/** `npm run cli -- import --json` on mbox files a mail archive really holds, on the built CLI and its own embedded PostgreSQL. */
describe('cli import of mbox files', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  const cli = (...args: string[]) => spawnSync('node', [join(DIST, 'cli.js'), ...args], { env, encoding: 'utf8', timeout: 120_000 });

  beforeAll(() => {
    ({ dataDir, env } = freshDataDir('newsdesk-mbox-'));
  });

  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('turns each message into one inquiry, whatever "From " lines its body holds, and imports nothing twice', () => {
    // Message 1: an unescaped "From " paragraph (mboxo); message 2: a whole mail inside its body, bounded by Content-Length (mboxcl2);
    // message 3: mboxrd-escaped lines.
    const embedded = 'As received:\n\nFrom old@archive.example Sun Jun  2 09:00:00 2024\nFrom: old@archive.example\nSubject: Old\n\nOld body\n';
    const mbox = [
      'From jane@paper.example Mon Jun  3 10:02:00 2024',
      'From: Jane <jane@paper.example>',
      'To: press@newsdesk.test',
      'Subject: Opening hours',
      'Message-ID: <mbox-1@paper.example>',
      '',
      'Is the office open next week?',
      '',
      'From Monday 10 June 2024 the building is closed, I read.',
      '',
      'From jane@paper.example Mon Jun  3 10:05:00 2024',
      'From: Jane <jane@paper.example>',
      'To: press@newsdesk.test',
      'Subject: Archive copy',
      'Message-ID: <mbox-2@paper.example>',
      `Content-Length: ${Buffer.byteLength(embedded)}`,
      '',
      embedded,
      'From bob@daily.example Mon Jun  3 11:00:00 2024',
      'From: Bob <bob@daily.example>',
      'To: press@newsdesk.test',
      'Subject: Quote check',
      'Message-ID: <mbox-3@daily.example>',
      '',
      '>From the statement: "we will reopen".',
      'Is that still right?',
      '',
    ].join('\n');
    const file = join(dataDir, 'archive.mbox');
    writeFileSync(file, mbox);

    const first = cli('import', '--json', file);
    expect(first.stderr).toContain('imported: 3 created');
    expect(first.status).toBe(0);
    const lines = importLines(first.stdout);
    expect(lines.map((line) => [line.file, line.outcome])).toEqual([
      [`${file}#1`, 'created'],
      [`${file}#2`, 'created'],
      [`${file}#3`, 'created'],
    ]);
    expect(new Set(lines.map((line) => line.ticket)).size).toBe(3);

    const again = cli('import', '--json', file);
    expect(again.status).toBe(0);
    expect(importLines(again.stdout).map((line) => line.outcome)).toEqual(['duplicate', 'duplicate', 'duplicate']);
  });
});
