import 'reflect-metadata';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';
import { createApiApp } from './api.app';

/** Checks the configuration, prepares the database (created if missing, migrated) and serves. */
async function main(): Promise<void> {
  const env = environment();
  await prepareSystem(env);
  const app = await createApiApp();
  await app.listen(env.PORT, '0.0.0.0');
  new JsonLogger('api', env.LOG_LEVEL).log(`Kompeten API listening on port ${env.PORT}; docs at /docs`, 'Bootstrap');
}

main().catch((error: Error) => {
  process.stderr.write(`Kompeten API could not start: ${error.message}\n`);
  process.exit(1);
});
