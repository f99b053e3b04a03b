import { Environment } from '@config/environment';
import { dataSourceOptions, ensureDatabase, ensureRedis, runMigrations } from '@kompeten/shared/infrastructure';
import { ALL_MIGRATIONS } from './contexts';

/**
 * Before a process serves anything: the database exists, Redis answers, and
 * every context's migrations have run (once, under a lock).
 */
export async function prepareSystem(env: Environment): Promise<string[]> {
  await ensureDatabase(env.DATABASE_URL);
  await ensureRedis(env.REDIS_URL);
  return runMigrations(dataSourceOptions(env.DATABASE_URL, { entities: [], migrations: ALL_MIGRATIONS }));
}
