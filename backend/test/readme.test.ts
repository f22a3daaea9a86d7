import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const documents = ['README.md', ...readdirSync(join(ROOT, 'docs')).filter((name) => name.endsWith('.md')).map((name) => `docs/${name}`)];

describe('README and docs', () => {
  it.each(documents)('%s links only to files that exist', (document) => {
    const text = read(document);
    const targets = [...text.matchAll(/\]\(([^)\s]+)\)/g)]
      .map((match) => match[1].split('#')[0])
      .filter((target) => target && !/^[a-z]+:/i.test(target));
    const missing = targets.filter((target) => !existsSync(join(ROOT, dirname(document), target)));
    expect(missing).toEqual([]);
  });

  it('names only repository files that exist where it points at docs/ or scripts/', () => {
    const named = [...read('README.md').matchAll(/`((?:docs|scripts)\/[\w./-]+)`/g)].map((match) => match[1]);
    expect(named.length).toBeGreaterThan(0);
    expect(named.filter((path) => !existsSync(join(ROOT, path)))).toEqual([]);
    // A clone has nothing outside itself (an old "Read more" pointed at ../shared/PRODUCT.md).
    expect(read('README.md')).not.toMatch(/`\.\.\//);
  });

  it('says how to stop the server and how to reset the embedded database', () => {
    const readme = read('README.md');
    expect(readme).toMatch(/\*\*Stop\*\* with Ctrl\+C/);
    expect(readme).toMatch(/rm -rf data\/postgres/);
    expect(readme).toMatch(/This deletes every ticket/);
  });
});

describe('supported Node.js versions', () => {
  it('are the same in engines, .nvmrc, README, CI, the image and the type definitions', () => {
    const engines = (JSON.parse(read('package.json')) as { engines: { node: string } }).engines.node;
    expect(engines).toBe('>=22.19');
    expect(read('README.md')).toContain('Node.js 22 or 24 (LTS; 22.19 or newer');
    // .nvmrc names the runtime: the image's, and the one CI runs the full suite on.
    const runtime = read('.nvmrc').trim();
    expect(runtime).toBe('24');
    expect([...read('Dockerfile').matchAll(/^FROM\s+(\S+)/gm)].map((match) => match[1].split('-')[0])).toEqual([`node:${runtime}`, `node:${runtime}`]);
    // CI fetches that runtime where the machine has another, and the oldest major engines allows for the smoke run.
    const ci = read('.ci/run');
    expect(ci).toContain(`runtime=$(tr -dc '0-9' < .nvmrc)`);
    expect(ci).toMatch(/oldest=.*engines\.node/);
    expect(ci).toContain('fetch_node "$oldest"');
    expect(ci).toContain('npm run test:smoke');
    expect(ci).toContain('node scripts/audit-production.mjs');
    expect((JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts['test:smoke']).toContain('npm test -w backend');
    expect(read('README.md')).toContain('`npm run test:smoke`');
    const typesNode = (JSON.parse(read('backend/package.json')) as { devDependencies: Record<string, string> }).devDependencies['@types/node'];
    expect(typesNode).toMatch(/^\^22\./);
  });
});
