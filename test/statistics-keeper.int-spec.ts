import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@kompeten/shared/infrastructure';
import { StatisticsKeeper } from '@kompeten/shared/infrastructure/database/statistics-keeper';

/** Bulk flows leave statistics behind them current, whether autovacuum runs or not (issue 16). */
describe('StatisticsKeeper', () => {
  let db: DataSource;
  const schema = `stats_probe_${process.pid}`;

  beforeAll(async () => {
    db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { entities: [], migrations: [] }, 2));
    await db.initialize();
    await db.query(`CREATE SCHEMA ${schema}`);
    await db.query(`CREATE TABLE ${schema}.filled (id int PRIMARY KEY, n int) WITH (autovacuum_enabled = false)`);
  });

  afterAll(async () => {
    await db.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await db.destroy();
  });

  const analysedRows = async () => {
    const [row] = await db.query(`SELECT reltuples::int8 AS n FROM pg_class WHERE oid = '${schema}.filled'::regclass`);
    return Number(row.n);
  };
  const statsFlushed = async () => {
    // Another backend's counters reach pg_stat_user_tables when it flushes them (at most a second after its commit).
    for (let i = 0; i < 50; i++) {
      const [row] = await db.query(`SELECT n_mod_since_analyze AS n FROM pg_stat_user_tables WHERE schemaname = $1`, [schema]);
      if (Number(row?.n) > 0) return;
      await new Promise((r) => setTimeout(r, 100));
    }
  };

  it('analyses a table a bulk load filled, and leaves it alone while it has not changed enough', async () => {
    await db.query(`INSERT INTO ${schema}.filled SELECT i, i % 7 FROM generate_series(1, 20000) i`);
    await statsFlushed();
    const keeper = new StatisticsKeeper(db);
    expect(await keeper.keepUp()).toContain(`${schema}.filled`);
    expect(await analysedRows()).toBe(20000);

    // 1 % more rows is under the threshold (50 + 10 %): not analysed again.
    await db.query(`INSERT INTO ${schema}.filled SELECT i, 0 FROM generate_series(20001, 20200) i`);
    await statsFlushed();
    expect(await keeper.keepUp()).not.toContain(`${schema}.filled`);
    expect(await analysedRows()).toBe(20000);
  });
});
