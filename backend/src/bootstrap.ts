import type { Logger } from 'pino';
import { AppConfig, ConfigError, loadConfig } from './config/app-config.js';
import { AppSecrets } from './config/app-secrets.js';
import { createLogger } from './common/logger.js';
import { connectDatabase, type DatabaseConnection } from './database/database-url.js';
import { runMigrations } from './database/data-source.js';
import { databaseTimeouts } from './database/database-deadlines.js';

export interface Runtime {
  config: AppConfig;
  secrets: AppSecrets;
  logger: Logger;
  database: DatabaseConnection;
}

/** Config, logger, database (embedded or DATABASE_URL) and migrations: what the server and the CLI share. */
export async function prepareRuntime(options: { logLevel?: string; logToStderr?: boolean } = {}): Promise<Runtime> {
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
  const logger = createLogger(options.logLevel ?? config.LOG_LEVEL, options.logToStderr ? process.stderr : process.stdout);
  const secrets = AppSecrets.load(config);
  const pgLog = logger.child({ component: 'postgres' });
  const database = await connectDatabase(config, (message) => pgLog.debug(message));
  const applied = await runMigrations(database.url, databaseTimeouts(config, 'long'));
  if (applied.length) logger.info({ migrations: applied }, 'database migrated');
  return { config, secrets, logger, database };
}
