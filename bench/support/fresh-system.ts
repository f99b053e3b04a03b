import IORedis from 'ioredis';
import { Client } from 'pg';
import { redisOptions } from '@kompeten/shared/infrastructure';

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
