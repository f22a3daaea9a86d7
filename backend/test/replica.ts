import { createApp } from '../src/app.factory.js';
import { createLogger } from '../src/common/logger.js';
import { AppSecrets } from '../src/config/app-secrets.js';
import type { TestApp } from './test-app.js';

/**
 * A second instance of the application on an existing test app's database, with the same
 * configuration and secret: a replica, as behind a load balancer. Closing it leaves the database.
 */
export async function startReplica(primary: TestApp): Promise<TestApp> {
  const { config, databaseUrl } = primary;
  const app = await createApp({ config, secrets: AppSecrets.load(config), logger: createLogger(config.LOG_LEVEL), databaseUrl });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const address = app.getHttpServer().address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return { app, config, baseUrl: `http://127.0.0.1:${port}`, databaseUrl, close: () => app.close() };
}
