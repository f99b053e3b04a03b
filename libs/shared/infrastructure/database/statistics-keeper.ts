import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';

/** How often the workers look for tables whose statistics a bulk flow has outgrown. */
export const STATISTICS_CHECK_MS = 2000;
/** Any worker may analyse; one at a time (a session advisory lock of its own key). */
const LOCK_KEY = 7_316_002;

/**
 * Keeps the planner's statistics up with bulk flows (ADR 0002, "statistics follow bulk loads"). Autoanalyze lags a
 * bulk load in production and is off on some machines: after 1.4 million results were imported,
 * development.employee_gaps had never been analysed and each 2,000-employee recompute chunk took over 70 s instead of
 * under 1 s. Every few seconds a worker analyses the tables of Kompeten's schemas that changed by more than
 * autoanalyze's own threshold (50 rows + 10 %) since they were last analysed, outside any transaction of the work.
 */
@Injectable()
export class StatisticsKeeper implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(StatisticsKeeper.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<string[]>;

  constructor(private readonly dataSource: DataSource) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(
      () => void this.keepUp().catch((e: Error) => this.logger.warn(`statistics: ${e.message}`)),
      STATISTICS_CHECK_MS,
    );
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.running?.catch(() => undefined);
  }

  /** Analyses every outgrown table; answers their names. */
  keepUp(): Promise<string[]> {
    if (!this.running) this.running = this.analyseOutgrown().finally(() => (this.running = undefined));
    return this.running;
  }

  private async analyseOutgrown(): Promise<string[]> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      const [{ locked }] = await runner.query(`SELECT pg_try_advisory_lock($1) AS locked`, [LOCK_KEY]);
      if (!locked) return [];
      try {
        const tables: { name: string }[] = await runner.query(
          `SELECT format('%I.%I', schemaname, relname) AS name
             FROM pg_stat_user_tables
            WHERE schemaname NOT IN ('public', 'pg_catalog', 'information_schema') AND schemaname NOT LIKE 'pg\\_temp%'
              AND n_mod_since_analyze > 50 + 0.1 * greatest(n_live_tup, 0)
            ORDER BY n_mod_since_analyze DESC`,
        );
        // A DDL lock (a migration) is never waited for: the next look tries again.
        await runner.query(`SET lock_timeout = '1s'`);
        for (const { name } of tables) await runner.query(`ANALYZE ${name}`);
        return tables.map((t) => t.name);
      } finally {
        await runner.query(`RESET lock_timeout`).catch(() => undefined);
        await runner.query(`SELECT pg_advisory_unlock($1)`, [LOCK_KEY]);
      }
    } finally {
      await runner.release();
    }
  }
}
