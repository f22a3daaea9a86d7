import 'reflect-metadata';
import { HttpException } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { USER_ROLES, type UserRole } from '@newsdesk/shared';
import { validateSync } from 'class-validator';
import { plainToInstance } from 'class-transformer';
import { parseArgs } from 'node:util';
import { AppModule } from './app.module.js';
import { ApiTokensService } from './auth/api-tokens.service.js';
import { countImportItems, importItems } from './intake/import-files.js';
import { ImportProgress } from './intake/import-progress.js';
import { runImport } from './intake/import-run.js';
import { PrivacyService } from './privacy/privacy.service.js';
import { IntakeService } from './intake/intake.service.js';
import { prepareRuntime, type Runtime } from './bootstrap.js';
import { PinoNestLogger } from './common/logger.js';
import { CreateUserDto } from './users/dto/create-user.dto.js';
import { UsersService } from './users/users.service.js';
import { DataSource } from 'typeorm';
import { RollupsService } from './metrics/rollups.service.js';
import { SeedLoader, SeedRefusedError } from './database/seed/seed-loader.js';

const USAGE = `Usage: npm run cli -- <command> [options]

Commands:
  user:create --email E --password P --role admin|manager|agent [--name N]
  token:create --email E [--name N]      prints only the new API token
  import [--json] [--concurrency N] PATH...
                                        imports .eml files, mbox files or folders through the intake pipeline,
                                        N batches of 32 messages at a time (default 4); a progress bar on a terminal, one
                                        line (JSON with --json) per message otherwise; exits 1 if any input
                                        was not mail or could not be read (the rest is still imported)
  privacy:retention [--months N]        anonymises journalists whose last inquiry is older than N months
  db:migrate                            applies pending migrations
  seed --tickets N [--seed S] [--end YYYY-MM-DD] [--force]
                                        loads a deterministic synthetic year of history ending on --end
                                        (default today), then rebuilds the metric rollups; refuses a
                                        database that has tickets, journalists or outlets unless --force
  metrics:rebuild                       recomputes every stored metric rollup from tickets and events

The CLI never opens the HTTP or SMTP listeners. Without DATABASE_URL it uses the embedded
PostgreSQL under DATA_DIR, joining the running server's instance or starting its own.`;

class UsageError extends Error {}

/** Batches processed at once by `import` (default), the messages per batch (one transaction, multi-row statements) and the bytes that close one early. */
const IMPORT_CONCURRENCY = 4;
const IMPORT_BATCH = 32;
const IMPORT_BATCH_BYTES = 8 * 1024 * 1024;

/** `parse` checks the arguments before any database work; `run` does the work. */
interface Command<A = unknown> {
  parse(args: string[]): A;
  run(runtime: Runtime, parsed: A): Promise<void>;
}

const command = <A>(definition: Command<A>): Command => definition as Command;

async function withContext<T>(runtime: Runtime, work: (get: <S>(type: new (...args: never[]) => S) => S) => Promise<T>): Promise<T> {
  const context = await NestFactory.createApplicationContext(
    AppModule.forRoot({ config: runtime.config, secrets: runtime.secrets, databaseUrl: runtime.database.url, work: 'long' }),
    // The runtime's logger writes to stderr: Nest's own console logger put warnings on stdout, inside `import --json`'s lines.
    { logger: new PinoNestLogger(runtime.logger.child({ component: 'nest' })) },
  );
  try {
    return await work((type) => context.get(type));
  } finally {
    await context.close();
  }
}

const commands: Record<string, Command> = {
  'user:create': command({
    parse(args) {
      const { values } = parseArgs({
        args,
        options: { email: { type: 'string' }, password: { type: 'string' }, role: { type: 'string' }, name: { type: 'string' } },
      });
      if (!values.email || !values.password || !values.role) throw new UsageError('user:create needs --email, --password and --role');
      if (!USER_ROLES.includes(values.role as UserRole)) throw new UsageError(`--role must be one of: ${USER_ROLES.join(', ')}`);
      const input = plainToInstance(CreateUserDto, {
        email: values.email,
        password: values.password,
        role: values.role,
        name: values.name ?? values.email.split('@')[0],
      });
      const errors = validateSync(input);
      if (errors.length) throw new UsageError(errors.flatMap((e) => Object.values(e.constraints ?? {})).join('\n'));
      return input;
    },
    async run(runtime, input) {
      const user = await withContext(runtime, (get) => get(UsersService).create(input, null)).catch((error: unknown) => {
        // A weak password or a taken email: the service's readable message, not a stack trace.
        throw error instanceof HttpException ? new UsageError(error.message) : error;
      });
      process.stdout.write(`created ${user.role} ${user.email} (${user.id})\n`);
    },
  }),

  'token:create': command({
    parse(args) {
      const { values } = parseArgs({ args, options: { email: { type: 'string' }, name: { type: 'string' } } });
      if (!values.email) throw new UsageError('token:create needs --email');
      return { email: values.email.trim().toLowerCase(), name: values.name ?? 'cli' };
    },
    async run(runtime, { email, name }) {
      const token = await withContext(runtime, async (get) => {
        const user = await get(UsersService).findByEmail(email);
        if (!user) throw new UsageError(`no user with the email ${email}`);
        return get(ApiTokensService).create(user.id, name, null);
      });
      process.stdout.write(`${token.token}\n`);
    },
  }),

  import: command({
    parse(args) {
      const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, concurrency: { type: 'string' } } });
      if (!positionals.length) throw new UsageError('import needs at least one PATH (a .eml file, an mbox file, or a folder)');
      if (values.concurrency !== undefined && (!/^\d+$/.test(values.concurrency) || Number(values.concurrency) < 1 || Number(values.concurrency) > 32)) {
        throw new UsageError('--concurrency must be a whole number from 1 to 32');
      }
      return { json: !!values.json, paths: positionals, concurrency: Number(values.concurrency ?? IMPORT_CONCURRENCY) };
    },
    async run(runtime, { json, paths, concurrency }) {
      // The bar only on a terminal and never with --json: piped output stays one clean line per message.
      const bar = !json && process.stderr.isTTY ? new ImportProgress(process.stderr, await countImportItems(paths)) : null;
      // With the bar on the same terminal, stdout shows only what needs attention; piped stdout gets every line.
      const everyLine = !bar || !process.stdout.isTTY;
      const totals = new Map<string, number>();
      const skipped: string[] = [];
      const started = performance.now();
      let done = 0;
      bar?.update(0, true);
      await withContext(runtime, (get) =>
        runImport(get(IntakeService), importItems(paths, (path) => skipped.push(path)), {
          concurrency,
          processBatch: IMPORT_BATCH,
          batchBytes: IMPORT_BATCH_BYTES,
          onLine(line) {
            done++;
            totals.set(line.outcome, (totals.get(line.outcome) ?? 0) + 1);
            const text = json
              ? JSON.stringify(line)
              : `${line.outcome.padEnd(11)} ${line.ticket ?? '-'.padEnd(7)} ${line.file}${line.error ? `  (${line.error})` : ''}`;
            if (everyLine) process.stdout.write(`${text}\n`);
            else if (line.outcome === 'error' || line.outcome === 'quarantined') bar?.note(text);
            bar?.update(done);
          },
        }),
      );
      bar?.finish();
      const seconds = (performance.now() - started) / 1000;
      const summary = [...totals].map(([outcome, count]) => `${count} ${outcome}`).join(', ') || 'nothing to import';
      const skip = skipped.length ? `; skipped ${skipped.length} file(s) in folders that are not mail (first: ${skipped[0]})` : '';
      process.stderr.write(`imported: ${summary} in ${seconds.toFixed(1)} s (${(done / Math.max(seconds, 0.001)).toFixed(0)} msg/s)${skip}\n`);
      // Every good message is in; a non-zero status tells a script that some input was refused.
      if (totals.get('error')) process.exitCode = 1;
    },
  }),

  seed: command({
    parse(args) {
      const { values } = parseArgs({
        args,
        options: { tickets: { type: 'string' }, seed: { type: 'string' }, end: { type: 'string' }, force: { type: 'boolean' } },
      });
      const tickets = Number(values.tickets);
      if (!values.tickets || !/^\d+$/.test(values.tickets) || tickets < 1 || tickets > 20_000_000) {
        throw new UsageError('seed needs --tickets N, a whole number from 1 to 20000000');
      }
      if (values.end !== undefined && (!/^\d{4}-\d{2}-\d{2}$/.test(values.end) || Number.isNaN(Date.parse(`${values.end}T00:00:00Z`)))) {
        throw new UsageError('--end must be a date like 2026-11-30');
      }
      if (values.seed !== undefined && !/^[\w.-]{1,64}$/.test(values.seed)) throw new UsageError('--seed must be 1-64 letters, digits, ".", "_" or "-"');
      return { tickets, seed: values.seed ?? 'newsdesk', end: values.end, force: !!values.force };
    },
    async run(runtime, request) {
      await withContext(runtime, async (get) => {
        const loader = new SeedLoader(get(DataSource), runtime.config);
        const loaded = await loader.load(request, (message) => process.stderr.write(`${message}\n`)).catch((error: unknown) => {
          throw error instanceof SeedRefusedError ? new UsageError(error.message) : error;
        });
        process.stderr.write('rebuilding metric rollups\n');
        const rollups = await get(RollupsService).rebuild((message) => process.stderr.write(`${message}\n`));
        process.stdout.write(
          `seeded ${loaded.tickets} tickets, ${loaded.events} events, ${loaded.messages} messages, ${loaded.outbound} outbox rows, ` +
            `${loaded.journalists} journalists, ${loaded.outlets} outlets, ${loaded.officers} officers (seed "${request.seed}", ending ${loaded.end}) ` +
            `in ${loaded.seconds.toFixed(1)} s; rollups of ${rollups.days} days in ${rollups.seconds.toFixed(1)} s\n`,
        );
      });
    },
  }),

  'metrics:rebuild': command({
    parse(args) {
      if (args.length) throw new UsageError('metrics:rebuild takes no options');
    },
    async run(runtime) {
      const result = await withContext(runtime, (get) => get(RollupsService).rebuild((message) => process.stderr.write(`${message}\n`)));
      process.stdout.write(`rebuilt metric rollups: ${result.days} days in ${result.seconds.toFixed(1)} s\n`);
    },
  }),

  'privacy:retention': command({
    parse(args) {
      const { values } = parseArgs({ args, options: { months: { type: 'string' } } });
      if (values.months !== undefined && !/^\d+$/.test(values.months)) throw new UsageError('--months must be a whole number');
      return { months: values.months === undefined ? undefined : Number(values.months) };
    },
    async run(runtime, { months }) {
      const limit = months ?? runtime.config.RETENTION_MONTHS;
      if (!limit) throw new UsageError('No retention period: set RETENTION_MONTHS or pass --months N');
      const count = await withContext(runtime, (get) => get(PrivacyService).applyRetention(limit));
      process.stdout.write(`anonymised ${count} journalist(s) whose last inquiry is older than ${limit} months\n`);
    },
  }),

  // prepareRuntime has already applied pending migrations.
  'db:migrate': command({
    parse: () => undefined,
    async run() {
      process.stderr.write('database is up to date\n');
    },
  }),
};

async function main() {
  const [name, ...args] = process.argv.slice(2);
  const selected = name ? commands[name] : undefined;
  if (!selected) {
    process.stderr.write(`${name && name !== 'help' && name !== '--help' ? `Unknown command: ${name}\n\n` : ''}${USAGE}\n`);
    process.exit(name && name !== 'help' && name !== '--help' ? 2 : 0);
  }
  const parsed = selected.parse(args);
  const runtime = await prepareRuntime({ logLevel: 'warn', logToStderr: true });
  try {
    await selected.run(runtime, parsed);
  } finally {
    await runtime.database.stop();
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    const usage = error instanceof UsageError || String((error as { code?: string }).code).startsWith('ERR_PARSE_ARGS');
    process.stderr.write(`${usage ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(usage ? 2 : 1);
  },
);
