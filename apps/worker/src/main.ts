import 'reflect-metadata';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';
import { createWorkerApp } from './worker.app';

/** Checks the configuration, prepares the database (created if missing, migrated) and starts working. */
async function main(): Promise<void> {
  const env = environment();
  await prepareSystem(env);
  const app = await createWorkerApp();
  await app.listen(env.WORKER_PORT, '0.0.0.0');
  new JsonLogger('worker', env.LOG_LEVEL).log(`Kompeten worker running; health on port ${env.WORKER_PORT}`, 'Bootstrap');
}

main().catch((error: Error) => {
  process.stderr.write(`Kompeten worker could not start: ${error.message}\n`);
  process.exit(1);
});
