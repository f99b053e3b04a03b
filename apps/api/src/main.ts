import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { environment } from '@config/environment';
import { JsonLogger } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';
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

async function main(): Promise<void> {
  const env = environment();
  await prepareSystem(env);
  const app = await createApiApp();
  await app.listen(env.PORT, '0.0.0.0');
  new JsonLogger('api').log(`Kompeten API listening on port ${env.PORT}; docs at /docs`, 'Bootstrap');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`Kompeten API could not start: ${error.message}\n`);
    process.exit(1);
  });
}
