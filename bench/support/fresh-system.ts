import { INestApplication } from '@nestjs/common';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { environment } from '@config/environment';
import { redisOptions } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';
import { createApiApp } from '../../apps/api/src/api.app';
import { createWorkerApp } from '../../apps/worker/src/worker.app';

/**
 * A benchmark starts from nothing: its database dropped (prepareSystem then
 * creates and migrates it) and its Redis db emptied, so jobs left by an
 * interrupted run are not replayed into the new data.
 */
export async function freshBenchSystem(databaseUrl: string, redisUrl: string): Promise<void> {
  const target = new URL(databaseUrl);
  const admin = new URL(databaseUrl);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${target.pathname.slice(1)}" WITH (FORCE)`);
  await client.end();
  const redis = new IORedis(redisOptions(redisUrl));
  await redis.flushdb();
  redis.disconnect();
}

export interface BenchSystem {
  api: INestApplication;
  workers: INestApplication[];
  /** http://127.0.0.1:<port> */
  origin: string;
  /** origin + /api/v1 */
  url: string;
  close(): Promise<void>;
}

/**
 * A fresh system for a benchmark: database and Redis db emptied, migrated and
 * seeded, the API listening on a free port and `workers` worker apps running
 * in this process (BENCH_WORKERS by default, else 1).
 */
export async function startBenchSystem(workers = Number(process.env.BENCH_WORKERS ?? 1)): Promise<BenchSystem> {
  const env = environment();
  await freshBenchSystem(env.DATABASE_URL, env.REDIS_URL);
  await prepareSystem(env);
  const api = await createApiApp();
  await api.listen(0, '127.0.0.1');
  const running: INestApplication[] = [];
  for (let i = 0; i < workers; i++) {
    const worker = await createWorkerApp();
    await worker.init();
    running.push(worker);
  }
  const origin = (await api.getUrl()).replace('[::1]', '127.0.0.1');
  return {
    api,
    workers: running,
    origin,
    url: `${origin}/api/v1`,
    async close() {
      for (const worker of running) await worker.close();
      await api.close();
    },
  };
}
