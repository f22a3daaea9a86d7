import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DataSource } from 'typeorm';
import { prepareRuntime } from '../bootstrap.js';
import { dataSourceOptions } from './data-source.js';

/**
 * `npm run db:migration:generate -- name`: diffs the entities against the migrated database and
 * writes a migration with that SQL to backend/src/database/migrations/. Review it before committing.
 * Entities declare their indexes, checks and foreign keys (expression indexes with `synchronize: false`),
 * so a database at head gives no statements; test/migration-drift.test.ts holds CI to that.
 */
async function main() {
  const name = (process.argv[2] ?? '').replace(/[^A-Za-z0-9]/g, '');
  if (!name) {
    process.stderr.write('Usage: npm run db:migration:generate -- MigrationName\n');
    process.exit(2);
  }
  const runtime = await prepareRuntime({ logLevel: 'warn', logToStderr: true });
  const dataSource = new DataSource(dataSourceOptions(runtime.database.url));
  await dataSource.initialize();
  try {
    const sql = await dataSource.driver.createSchemaBuilder().log();
    if (!sql.upQueries.length) {
      process.stderr.write('No changes: the entities match the database.\n');
      return;
    }
    const timestamp = Date.now();
    const className = `${name[0].toUpperCase()}${name.slice(1)}${timestamp}`;
    const render = (queries: { query: string }[]) =>
      queries.map((q) => `    await db.query(${JSON.stringify(q.query)});`).join('\n');
    const source = `import type { MigrationInterface, QueryRunner } from 'typeorm';

export class ${className} implements MigrationInterface {
  name = '${className}';

  async up(db: QueryRunner): Promise<void> {
${render(sql.upQueries)}
  }

  async down(db: QueryRunner): Promise<void> {
${render(sql.downQueries.reverse())}
  }
}
`;
    const directory = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'src', 'database', 'migrations');
    const file = join(directory, `${timestamp}-${name.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase()}.ts`);
    writeFileSync(file, source);
    process.stdout.write(`${file}\nAdd ${className} to migrations/index.ts after reviewing it.\n`);
  } finally {
    await dataSource.destroy();
    await runtime.database.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
