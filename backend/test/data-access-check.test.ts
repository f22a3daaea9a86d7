import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const script = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'scripts', 'check-data-access.mjs');

// A tiny checkout: two modules, an ownership map with one published view (no declared table reads), and the files each case writes.
const OWNERS = `export const TABLE_OWNERS = {
  tickets: ['tickets'],
  contacts: ['outlets', 'journalists'],
} as const;
export const PUBLISHED_VIEWS = {
  contacts: ['outlets_view'],
} as const;
`;

async function check(root: string, ...args: string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, '--root', root, ...args]);
    return { code: 0, out: stdout + stderr };
  } catch (error) {
    const failure = error as { code: number; stdout: string; stderr: string };
    return { code: failure.code, out: failure.stdout + failure.stderr };
  }
}

describe('scripts/check-data-access.mjs (the data-layer rules in CI)', () => {
  let root: string;
  const put = (path: string, text: string) => {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  };

  beforeEach(async () => {
    root = mkdtempSync(join(tmpdir(), 'nd-data-access-'));
    put('backend/src/database/table-owners.ts', OWNERS);
    put(
      'backend/src/tickets/tickets.repository.ts',
      `export class TicketsRepository {
  async page(db: Db) {
    return sqlRows(db, \`SELECT t.id, o.name FROM tickets t LEFT JOIN outlets_view o ON o.id = t.outlet_id\`);
  }
}
`,
    );
    put('scripts/data-access-baseline.json', '[]\n');
    expect((await check(root, '--write')).code).toBe(0);
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it("passes a repository that reads its own table and another module's published view, and snapshots its SQL per method", async () => {
    const result = await check(root);
    expect(result.code).toBe(0);
    const snapshot = readFileSync(join(root, 'backend/src/queries/tickets/tickets.repository.sql'), 'utf8');
    expect(snapshot).toContain('-- page\nSELECT t.id, o.name FROM tickets t LEFT JOIN outlets_view o ON o.id = t.outlet_id;');
  });

  it('fails on SQL in a service, naming the file and the statement', async () => {
    put('backend/src/tickets/tickets.service.ts', `export class TicketsService {\n  go(db: Db) {\n    return db.query(\`UPDATE tickets SET status = 'open'\`);\n  }\n}\n`);
    const result = await check(root);
    expect(result.code).toBe(1);
    expect(result.out).toContain("backend/src/tickets/tickets.service.ts: SQL outside a repository: UPDATE tickets SET status = 'open'");
    expect(result.out).toContain('backend/src/tickets/tickets.service.ts: data access outside a repository: .query');
  });

  it('fails on a typed call in a service too (`client.query<Row>(…)`), which a plain "query(" search misses', async () => {
    put('backend/src/tickets/ticket-locks.ts', `export async function lock(client: Client) {\n  return client.query<{ n: number }>('SELECT 1 AS n');\n}\n`);
    const result = await check(root);
    expect(result.code).toBe(1);
    expect(result.out).toContain('backend/src/tickets/ticket-locks.ts: data access outside a repository: .query');
  });

  it("fails on a repository that writes another module's table or reads one it has not declared", async () => {
    put(
      'backend/src/contacts/outlets.repository.ts',
      `export class OutletsRepository {\n  move(db: Db) {\n    return sqlExec(db, \`UPDATE tickets SET outlet_id = $1\`);\n  }\n}\n`,
    );
    put(
      'backend/src/contacts/journalists.repository.ts',
      `export class JournalistsRepository {\n  history(db: Db) {\n    return sqlRows(db, \`SELECT j.id FROM journalists j JOIN tickets t ON t.journalist_id = j.id\`);\n  }\n}\n`,
    );
    const result = await check(root, '--write');
    expect(result.code).toBe(1);
    expect(result.out).toContain('backend/src/contacts/outlets.repository.ts: writes tickets (owned by tickets)');
    expect(result.out).toContain(
      'backend/src/contacts/journalists.repository.ts: reads tickets (owned by tickets; join a view it publishes in PUBLISHED_VIEWS or call its service)',
    );
  });

  it("fails on a repository that joins another module's table where the owner publishes a view, and on a write through a view", async () => {
    put(
      'backend/src/tickets/ticket-outlets.repository.ts',
      `export class TicketOutletsRepository {\n  names(db: Db) {\n    return sqlRows(db, \`SELECT t.id, o.name FROM tickets t JOIN outlets o ON o.id = t.outlet_id\`);\n  }\n  rename(db: Db) {\n    return sqlExec(db, \`UPDATE outlets_view SET name = $1\`);\n  }\n}\n`,
    );
    const result = await check(root, '--write');
    expect(result.code).toBe(1);
    expect(result.out).toContain('backend/src/tickets/ticket-outlets.repository.ts: reads outlets (owned by contacts; join a view it publishes in PUBLISHED_VIEWS or call its service)');
    expect(result.out).toContain('backend/src/tickets/ticket-outlets.repository.ts: writes outlets_view (a read view published by contacts; call its service)');
  });

  it("refuses a CROSS_MODULE_READS map (no read of another module's table is excused any more), and a view name that is also a table", async () => {
    put(
      'backend/src/tickets/ticket-outlets.repository.ts',
      `export class TicketOutletsRepository {\n  names(db: Db) {\n    return sqlRows(db, \`SELECT t.id, o.tier FROM tickets t JOIN outlets o ON o.id = t.outlet_id\`);\n  }\n}\n`,
    );
    put('backend/src/database/table-owners.ts', `${OWNERS}export const CROSS_MODULE_READS = {\n  tickets: {\n    outlets: 'a report by tier',\n  },\n};\n`);
    const declared = await check(root, '--write');
    expect(declared.code).toBe(1);
    expect(declared.out).toContain("table-owners.ts: CROSS_MODULE_READS declares reads of another module's table; join the owner's published view (PUBLISHED_VIEWS) or call its service");
    expect(declared.out).toContain('backend/src/tickets/ticket-outlets.repository.ts: reads outlets (owned by contacts; join a view it publishes in PUBLISHED_VIEWS or call its service)');
    // the same join through the published view passes
    put(
      'backend/src/tickets/ticket-outlets.repository.ts',
      `export class TicketOutletsRepository {\n  names(db: Db) {\n    return sqlRows(db, \`SELECT t.id, o.tier FROM tickets t JOIN outlets_view o ON o.id = t.outlet_id\`);\n  }\n}\n`,
    );
    put('backend/src/database/table-owners.ts', OWNERS);
    expect((await check(root, '--write')).code).toBe(0);
    put('backend/src/database/table-owners.ts', OWNERS.replace("contacts: ['outlets_view']", "contacts: ['outlets_view'],\n  tickets: ['outlets']"));
    const clash = await check(root, '--write');
    expect(clash.code).toBe(1);
    expect(clash.out).toContain('table-owners.ts: outlets is both a table and a published view');
  });

  it('fails when a statement changed and its snapshot was not rewritten, and when a baseline entry is gone', async () => {
    const path = join(root, 'backend/src/tickets/tickets.repository.ts');
    writeFileSync(path, readFileSync(path, 'utf8').replace('SELECT t.id,', 'SELECT t.id, t.subject,'));
    const stale = await check(root);
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('sql snapshots: 1 stale');
    expect(stale.out).toContain('backend/src/queries/tickets/tickets.repository.sql');

    expect((await check(root, '--write')).code).toBe(0);
    put('scripts/data-access-baseline.json', JSON.stringify(['backend/src/x/y.service.ts: data access outside a repository: .query']));
    const shrunk = await check(root);
    expect(shrunk.code).toBe(1);
    expect(shrunk.out).toContain('no longer occur');
  });
});
