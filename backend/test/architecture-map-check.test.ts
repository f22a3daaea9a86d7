import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(repo, 'scripts', 'check-architecture-map.mjs');

async function check(...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, out: failure.stdout + failure.stderr };
  }
}

// A tiny checkout whose map names what it holds; each case then breaks one thing.
const MAP = `# Architecture

## The tree

\`\`\`
package.json              root scripts
backend/src/
  main.ts                 bootstrap
  tickets/                the tickets module, and a long annotation
                          whose continuation mentions other/paths.ts without naming an entry
    tickets.repository.ts the table's SQL
    ticket-batch.{module,service}.ts  the intake's batch writes
shared/src/
  tickets.ts              ticket contracts
frontend/src/
  main.tsx, app/          entry and shell
  features/<area>/        one folder per area
  features/queue/         the queue
\`\`\`
`;

describe('scripts/check-architecture-map.mjs (docs/ARCHITECTURE.md matches the tree, in CI)', () => {
  let root: string;
  const put = (path: string, text = '') => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'nd-architecture-map-'));
    put('docs/ARCHITECTURE.md', MAP);
    for (const file of [
      'package.json',
      'backend/src/main.ts',
      'backend/src/tickets/ticket-batch.module.ts',
      'backend/src/tickets/ticket-batch.service.ts',
      'backend/src/tickets/tickets.repository.ts',
      'shared/src/index.ts',
      'shared/src/tickets.ts',
      'frontend/src/main.tsx',
      'frontend/src/app/App.tsx',
      'frontend/src/features/queue/QueuePage.tsx',
    ]) {
      put(file);
    }
  });

  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('passes a map that names exactly what is there, and the real map of this repository', async () => {
    expect(await check('--root', root)).toEqual({ code: 0, out: expect.stringContaining('all present') });
    expect(await check()).toEqual({ code: 0, out: expect.stringContaining('all present') });
  });

  it('fails on a name the map gives to a file that was renamed or removed, with its line', async () => {
    rmSync(join(root, 'backend/src/tickets/ticket-batch.service.ts'));
    rmSync(join(root, 'frontend/src/app'), { recursive: true });
    const result = await check('--root', root);
    expect(result.code).toBe(1);
    expect(result.out).toContain('names backend/src/tickets/ticket-batch.service.ts (tree line 7), which does not exist');
    expect(result.out).toContain('names frontend/src/app/');
  });

  it('fails on a module, contract or feature that is not on the map', async () => {
    put('backend/src/stories/stories.service.ts');
    put('shared/src/stories.ts');
    put('frontend/src/features/stories/StoriesPage.tsx');
    const result = await check('--root', root);
    expect(result.code).toBe(1);
    expect(result.out.trim().split('\n')).toEqual([
      expect.stringMatching(/^backend\/src\/stories\/ is not on the map/),
      expect.stringMatching(/^shared\/src\/stories\.ts is not on the map/),
      expect.stringMatching(/^frontend\/src\/features\/stories\/ is not on the map/),
    ]);
  });
});
