import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { WorkerModule } from './worker.module';

/** The worker: outbox relay, BullMQ processors, job schedulers; HTTP only for /health and /metrics. */
export async function createWorkerApp(): Promise<NestExpressApplication> {
  const env = environment();
  const app = await NestFactory.create<NestExpressApplication>(WorkerModule, { logger: new JsonLogger('worker', env.LOG_LEVEL) });
  app.enableShutdownHooks();
  return app;
}
