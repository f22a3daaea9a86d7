import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import pg from 'pg';
import { machine, startServer } from './harness.js';

const FRONTEND_DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'frontend', 'dist');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const TICKETS = 10_000;
const LOADS = 5;

/** The files index.html makes the browser fetch before the first render: its scripts, module preloads and stylesheets. */
function firstLoadAssets(): { path: string; bytes: number; gzip: number }[] {
  const html = readFileSync(join(FRONTEND_DIST, 'index.html'), 'utf8');
  const paths = [...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*\shref)="(\/assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  return [...new Set(paths)].map((path) => {
    const bytes = readFileSync(join(FRONTEND_DIST, path));
    return { path, bytes: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
  });
}

/** 10,000 open tickets with journalists, outlets, deadlines and tags, in a few INSERT … SELECT statements. */
async function seed(databaseUrl: string): Promise<void> {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    await db.query(`INSERT INTO outlets (name, domains) SELECT 'Outlet ' || n, ARRAY['outlet' || n || '.example'] FROM generate_series(1, 50) n`);
    await db.query(
      `INSERT INTO journalists (name, email, outlet_id)
       SELECT 'Reporter ' || n, 'reporter' || n || '@outlet' || (n % 50 + 1) || '.example',
              (SELECT id FROM outlets WHERE name = 'Outlet ' || (n % 50 + 1))
         FROM generate_series(1, 1000) n`,
    );
    await db.query(
      `WITH j AS (SELECT id, outlet_id, row_number() OVER (ORDER BY email) AS k FROM journalists)
       INSERT INTO tickets (subject, status, priority, channel, request_type, tags, deadline_at, journalist_id, outlet_id, search_text, last_activity_at)
       SELECT 'Inquiry ' || n || ' about the harbour project',
              (ARRAY['new', 'open', 'pending'])[n % 3 + 1],
              (ARRAY['low', 'normal', 'normal', 'high', 'urgent'])[n % 5 + 1],
              (ARRAY['email', 'web', 'phone'])[n % 3 + 1],
              'comment',
              ARRAY['topic-' || (n % 7)],
              CASE WHEN n % 10 = 0 THEN NULL ELSE now() + ((n % 96) - 6) * interval '1 hour' END,
              j.id, j.outlet_id,
              'Journalist asks about costs, timing and the environmental review.',
              now() - (n % 500) * interval '1 minute'
         FROM generate_series(1, ${TICKETS}) n JOIN j ON j.k = n % 1000 + 1`,
    );
    await db.query('ANALYZE tickets');
  } finally {
    await db.end();
  }
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/**
 * `npm run bench -- dashboard`: the production bundle's first-load size (gzip), and the time from
 * navigation to the first queue row in headless Chromium against the built server holding 10,000
 * open tickets (first load with an empty cache, then warm loads).
 */
export async function dashboard(): Promise<void> {
  const assets = firstLoadAssets();
  const server = await startServer();
  // Loaded here, not at the top: the server never needs the browser driver.
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'newsdesk-bench-chromium-'));
  try {
    await seed(server.databaseUrl);
    const context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1280, height: 900 },
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
    });
    const login = await context.request.post(`${server.baseUrl}/api/auth/login`, { data: { email: 'bench@newsdesk.test', password: 'benchmark password' } });
    if (!login.ok()) throw new Error(`bench sign-in failed: ${login.status()}`);
    // Stamps the moment the first ticket row exists, from inside the page (init scripts bypass the page's CSP).
    await context.addInitScript(() => {
      const scope = globalThis as unknown as {
        __firstRowAt?: number;
        performance: { now(): number };
        document: { querySelector(selector: string): unknown };
        MutationObserver: new (callback: () => void) => { observe(target: unknown, options: object): void; disconnect(): void };
        addEventListener(type: string, listener: () => void): void;
      };
      scope.addEventListener('DOMContentLoaded', () => {
        const observer = new scope.MutationObserver(() => {
          if (scope.__firstRowAt === undefined && scope.document.querySelector('[role="row"][aria-rowindex="2"]')) {
            scope.__firstRowAt = scope.performance.now();
            observer.disconnect();
          }
        });
        observer.observe((scope.document as unknown as { body: unknown }).body, { childList: true, subtree: true });
      });
    });
    const times: number[] = [];
    let rendered = 0;
    for (let load = 0; load < LOADS; load++) {
      const page = await context.newPage();
      await page.goto(`${server.baseUrl}/`);
      await page.waitForSelector('[role="row"][aria-rowindex="2"]', { timeout: 30_000 });
      times.push(await page.evaluate(() => (globalThis as { __firstRowAt?: number }).__firstRowAt ?? Number.NaN));
      rendered = await page.locator('[role="grid"] [role="row"]').count();
      await page.close();
    }
    await context.close();

    const kb = (bytes: number) => (bytes / 1024).toFixed(1);
    const total = assets.reduce((sum, asset) => ({ bytes: sum.bytes + asset.bytes, gzip: sum.gzip + asset.gzip }), { bytes: 0, gzip: 0 });
    process.stdout.write(
      [
        `### dashboard (${new Date().toISOString().slice(0, 10)}; ${machine()}; Chromium headless)`,
        '',
        `Production build (\`vite build\`), served by the built server on localhost with embedded PostgreSQL holding ${TICKETS.toLocaleString('en')} open tickets (SQL seed).`,
        '',
        '| first-load asset | bytes | gzip |',
        '| --- | ---: | ---: |',
        ...assets.map((asset) => `| \`${asset.path}\` | ${kb(asset.bytes)} KiB | ${kb(asset.gzip)} KiB |`),
        `| **total** | ${kb(total.bytes)} KiB | **${kb(total.gzip)} KiB** |`,
        '',
        '| time to first queue row (navigation start → first ticket row in the DOM) | ms |',
        '| --- | ---: |',
        `| first load, empty cache | ${times[0].toFixed(0)} |`,
        `| warm loads, median of ${LOADS - 1} | ${median(times.slice(1)).toFixed(0)} |`,
        '',
        `Rows in the DOM after the first render: ${rendered} of the first 100-ticket page (windowed list).`,
        '',
      ].join('\n'),
    );
  } finally {
    rmSync(profile, { recursive: true, force: true });
    await server.stop();
  }
}
