import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { AppSecrets } from './config/app-secrets.js';
import { createLogger, resolveLogFormat } from './common/logger.js';
import { loadEnvFile, type EnvFileResult } from './config/env-file.js';
import { connectDatabase, type DatabaseConnection } from './database/database-url.js';
import { runMigrations } from './database/data-source.js';
import { databaseTimeouts } from './database/database-deadlines.js';

export interface Runtime {
  config: AppConfig;
  secrets: AppSecrets;
  logger: Logger;
  database: DatabaseConnection;
  envFile: EnvFileResult;
  /** OFFICE_TIMEZONE was set (environment or .env) rather than taken from the machine. */
  timeZoneConfigured: boolean;
}

/** Config, logger, database (embedded or DATABASE_URL) and migrations: what the server and the CLI share. */
export async function prepareRuntime(options: { logLevel?: string; logToStderr?: boolean } = {}): Promise<Runtime> {
  // .env in the working directory, under whatever the real environment already sets.
  const envFile = loadEnvFile();
  const timeZoneConfigured = Boolean(process.env.OFFICE_TIMEZONE);
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const destination = options.logToStderr ? process.stderr : process.stdout;
  const logger = createLogger(options.logLevel ?? config.LOG_LEVEL, destination, resolveLogFormat(config.LOG_FORMAT, config.NODE_ENV, destination));
  const secrets = AppSecrets.load(config);
  const pgLog = logger.child({ component: 'postgres' });
  const database = await connectDatabase(config, (message) => pgLog.debug(message));
  const applied = await runMigrations(database.url, databaseTimeouts(config, 'long'));
  if (applied.length) logger.info({ applied: applied.length, latest: applied.at(-1) }, 'database migrated');
  if (applied.length) logger.debug({ migrations: applied }, 'migrations applied');
  return { config, secrets, logger, database, envFile, timeZoneConfigured };
}
