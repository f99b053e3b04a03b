import './env';
import IORedis from 'ioredis';
import { Client } from 'pg';
import { environment } from '@config/environment';
import { redisOptions } from '@kompeten/shared/infrastructure';
import { prepareSystem } from '@kompeten/system';

/** A fresh test database with every migration, and an empty Redis db, once per run. */
export default async function globalSetup(): Promise<void> {
  const url = new URL(process.env.DATABASE_URL!);
  const name = url.pathname.slice(1);
  const admin = new URL(url.toString());
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await client.end();
  const redis = new IORedis(redisOptions(process.env.REDIS_URL!));
  await redis.flushdb();
  redis.disconnect();
  await prepareSystem(environment());
}
