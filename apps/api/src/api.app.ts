import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { ApiModule } from './api.module';
import { configureHttp } from './http-setup';

/** Builds the API application (not listening); main and the end-to-end tests share it. */
export async function createApiApp(): Promise<NestExpressApplication> {
  const env = environment();
  const logger = new JsonLogger('api', env.LOG_LEVEL);
  const app = await NestFactory.create<NestExpressApplication>(ApiModule, { logger, bodyParser: false });
  configureHttp(app, env, logger);
  return app;
}
