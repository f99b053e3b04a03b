import { DataSource, DataSourceOptions, MixedList } from 'typeorm';

export interface DatabaseParts {
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: MixedList<Function | string>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: MixedList<Function | string>;
}

/** The one place the TypeORM options are built. Schema changes go through migrations only. */
export function dataSourceOptions(url: string, parts: DatabaseParts, poolSize = 10): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    entities: parts.entities,
    migrations: parts.migrations,
    migrationsTableName: 'typeorm_migrations',
    migrationsRun: false,
    synchronize: false,
    logging: false,
    // JIT off for every session: the planner's row guesses for batch statements (ANY($1::uuid[]), CTEs) are far too
    // high, and it compiled them for every batch. Measured: a recommendation statement for 200 employees spent 1.35 s
    // of its 1.38 s compiling (EXPLAIN ANALYZE, JIT timing). No statement here runs long enough to win it back.
    extra: { max: poolSize, connectionTimeoutMillis: 5000, options: '-c jit=off' },
  };
}

const MIGRATION_LOCK = 7_240_001;

/**
 * Runs pending migrations under an advisory lock, so an API and several
 * workers starting at once migrate the database exactly once.
 */
export async function runMigrations(options: DataSourceOptions): Promise<string[]> {
  const dataSource = new DataSource({ ...options, extra: { ...(options.extra as object), max: 1 } });
  await dataSource.initialize();
  try {
    await dataSource.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK]);
    try {
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      return ran.map((m) => m.name);
    } finally {
      await dataSource.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK]);
    }
  } finally {
    await dataSource.destroy();
  }
}
