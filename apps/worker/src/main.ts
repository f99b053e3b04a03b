import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';
import { WorkerModule } from './worker.module';

/** The worker: outbox relay, BullMQ processors, job schedulers; HTTP only for /health and /metrics. */
export async function createWorkerApp(): Promise<NestExpressApplication> {
  const env = environment();
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule, { logger: new JsonLogger('worker', env.LOG_LEVEL) });
  app.enableShutdownHooks();
  return app;
}

async function main(): Promise<void> {
  const env = environment();
  await prepareSystem(env);
  const app = await createWorkerApp();
  await app.listen(env.WORKER_PORT, '0.0.0.0');
  new JsonLogger('worker').log(`Kompeten worker running; health on port ${env.WORKER_PORT}`, 'Bootstrap');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`Kompeten worker could not start: ${error.message}\n`);
    process.exit(1);
  });
}
