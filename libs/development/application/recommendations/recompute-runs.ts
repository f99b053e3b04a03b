import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { Job, Queue } from 'bullmq';
import { newId } from '@kompeten/shared/kernel';
import { MAINTENANCE_JOB_OPTIONS, MaintenanceJob, MaintenanceJobRunner, QUEUES, UnitOfWork } from '@kompeten/shared/infrastructure';
import { RecommendationEngine } from '../../infrastructure/recommendation-engine';

export const RECOMPUTE_PLAN_JOB = 'development.recommendations-recompute';
export const RECOMPUTE_CHUNK_JOB = 'development.recommendations-chunk';
export const RECOMPUTE_NIGHTLY_JOB = 'development.recommendations-nightly';
/** Employees per chunk job: one set-based statement each. */
export const RECOMPUTE_CHUNK_SIZE = 2000;

export type RecomputeState = 'queued' | 'running' | 'completed' | 'failed';

/** The Job shape of API.md. */
export interface RecomputeJobView {
  id: string;
  state: RecomputeState;
  progress: { done: number; total: number };
  agencyId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

export const RECOMPUTE_JOB_COLUMNS = `id, state, json_build_object('done', done, 'total', total) AS progress, agency_id AS "agencyId",
  created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt", error`;

/**
 * Full recomputes of recommendations (all employees with a profile, or one
 * agency's). A run is planned into chunks of RECOMPUTE_CHUNK_SIZE employees by
 * id (stored, so a re-plan after a crash finds the same ones), each a job with
 * the deterministic id `recs.<run>.<chunk>` on the maintenance queue: any
 * number of workers share them. A chunk recomputes its employees and marks
 * itself done in ONE transaction, so a worker killed mid-chunk leaves nothing
 * behind, the stalled job is redone elsewhere, and progress counts each
 * employee once; each employee keeps exactly one current set.
 */
@Injectable()
export class RecomputeRuns {
  constructor(
    private readonly uow: UnitOfWork,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  /** Records a run (queued) in the caller's transaction; `enqueue` must follow its commit. */
  async create(agencyId: string | null, requestedBy: string): Promise<string> {
    const id = newId();
    await this.uow.query(`INSERT INTO development.recompute_runs (id, agency_id, state, requested_by) VALUES ($1, $2, 'queued', $3)`, [
      id,
      agencyId,
      requestedBy,
    ]);
    return id;
  }

  async enqueue(runId: string): Promise<void> {
    await this.queue.add(RECOMPUTE_PLAN_JOB, { runId }, { ...MAINTENANCE_JOB_OPTIONS, jobId: `recs.${runId}` });
  }

  async view(runId: string): Promise<RecomputeJobView | undefined> {
    const [row] = await this.uow.query<RecomputeJobView>(`SELECT ${RECOMPUTE_JOB_COLUMNS} FROM development.recompute_runs WHERE id = $1`, [
      runId,
    ]);
    return row;
  }

  /** Splits the run into chunks (once) and enqueues those not done. Safe to repeat. */
  async plan(runId: string): Promise<{ chunks: number }> {
    const pending = await this.uow.transaction(async () => {
      const [run] = await this.uow.query<{ state: RecomputeState; agency_id: string | null; chunks: number | null }>(
        `SELECT state, agency_id, chunks FROM development.recompute_runs WHERE id = $1 FOR UPDATE`,
        [runId],
      );
      if (!run || run.state === 'completed' || run.state === 'failed') return [];
      if (run.chunks === null) {
        // Set-based: the chunk bounds (after, until] by employee id, in one statement.
        const [planned] = await this.uow.query<{ chunks: number; total: number }>(
          `WITH numbered AS (
             SELECT employee_id, (row_number() OVER (ORDER BY employee_id) - 1) / $3 AS chunk
               FROM development.employee_profiles WHERE $2::uuid IS NULL OR agency_id = $2
           ), bounds AS (
             SELECT chunk, max(employee_id::text)::uuid AS until_id, count(*)::int AS employees FROM numbered GROUP BY chunk
           ), inserted AS (
             INSERT INTO development.recompute_chunks (run_id, chunk, after_id, until_id, employees)
             SELECT $1, chunk, lag(until_id) OVER (ORDER BY chunk), until_id, employees FROM bounds
             RETURNING employees
           )
           SELECT count(*)::int AS chunks, COALESCE(sum(employees), 0)::int AS total FROM inserted`,
          [runId, run.agency_id, RECOMPUTE_CHUNK_SIZE],
        );
        const empty = planned.chunks === 0;
        await this.uow.query(
          `UPDATE development.recompute_runs SET chunks = $2, total = $3, state = $4, started_at = COALESCE(started_at, now()),
                  finished_at = CASE WHEN $4 = 'completed' THEN now() END WHERE id = $1`,
          [runId, planned.chunks, planned.total, empty ? 'completed' : 'running'],
        );
      }
      return this.uow.query<{ chunk: number }>(
        `SELECT chunk FROM development.recompute_chunks WHERE run_id = $1 AND NOT done ORDER BY chunk`,
        [runId],
      );
    });
    if (pending.length) {
      await this.queue.addBulk(
        pending.map(({ chunk }) => ({
          name: RECOMPUTE_CHUNK_JOB,
          data: { runId, chunk },
          opts: { ...MAINTENANCE_JOB_OPTIONS, jobId: `recs.${runId}.${chunk}` },
        })),
      );
    }
    return { chunks: pending.length };
  }

  /** Recomputes one chunk and counts it, in one transaction; a chunk already done is skipped. */
  async runChunk(runId: string, chunk: number, engine: RecommendationEngine): Promise<{ employees: number; skipped: boolean }> {
    return this.uow.transaction(async () => {
      const [c] = await this.uow.query<{
        after_id: string | null;
        until_id: string;
        employees: number;
        done: boolean;
        agency_id: string | null;
      }>(
        `SELECT c.after_id, c.until_id, c.employees, c.done, r.agency_id
           FROM development.recompute_chunks c JOIN development.recompute_runs r ON r.id = c.run_id
          WHERE c.run_id = $1 AND c.chunk = $2 FOR UPDATE OF c`,
        [runId, chunk],
      );
      if (!c || c.done) return { employees: 0, skipped: true };
      const ids = await this.uow.query<{ employee_id: string }>(
        `SELECT employee_id FROM development.employee_profiles
          WHERE ($1::uuid IS NULL OR employee_id > $1) AND employee_id <= $2 AND ($3::uuid IS NULL OR agency_id = $3)
          ORDER BY employee_id`,
        [c.after_id, c.until_id, c.agency_id],
      );
      await engine.recompute(ids.map((r) => r.employee_id));
      await this.uow.query(`UPDATE development.recompute_chunks SET done = true WHERE run_id = $1 AND chunk = $2`, [runId, chunk]);
      // The run row is locked before counting, so the last chunk to commit sees every other one done.
      await this.uow.query(`SELECT 1 FROM development.recompute_runs WHERE id = $1 FOR UPDATE`, [runId]);
      await this.uow.query(
        `UPDATE development.recompute_runs
            SET done = done + $2,
                state = CASE WHEN EXISTS (SELECT 1 FROM development.recompute_chunks WHERE run_id = $1 AND NOT done) THEN 'running' ELSE 'completed' END,
                finished_at = CASE WHEN EXISTS (SELECT 1 FROM development.recompute_chunks WHERE run_id = $1 AND NOT done) THEN NULL ELSE now() END
          WHERE id = $1 AND state IN ('queued', 'running')`,
        [runId, c.employees],
      );
      return { employees: ids.length, skipped: false };
    });
  }

  async fail(runId: string, error: unknown): Promise<void> {
    await this.uow.query(
      `UPDATE development.recompute_runs SET state = 'failed', error = $2, finished_at = now() WHERE id = $1 AND state IN ('queued', 'running')`,
      [runId, String((error as Error)?.message ?? error).slice(0, 1000)],
    );
  }
}

function lastAttempt(job: Job): boolean {
  return job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
}

/** Plans a run into chunk jobs. */
@Injectable()
@MaintenanceJob({ name: RECOMPUTE_PLAN_JOB })
export class RecomputePlanJob implements MaintenanceJobRunner {
  constructor(private readonly runs: RecomputeRuns) {}

  async run(job: Job<{ runId: string }>): Promise<{ chunks: number }> {
    try {
      return await this.runs.plan(job.data.runId);
    } catch (error) {
      if (lastAttempt(job)) await this.runs.fail(job.data.runId, error);
      throw error;
    }
  }
}

/** Recomputes one chunk of a run. */
@Injectable()
@MaintenanceJob({ name: RECOMPUTE_CHUNK_JOB })
export class RecomputeChunkJob implements MaintenanceJobRunner {
  constructor(
    private readonly runs: RecomputeRuns,
    private readonly engine: RecommendationEngine,
  ) {}

  async run(job: Job<{ runId: string; chunk: number }>): Promise<{ employees: number; skipped: boolean }> {
    try {
      return await this.runs.runChunk(job.data.runId, job.data.chunk, this.engine);
    } catch (error) {
      if (lastAttempt(job)) await this.runs.fail(job.data.runId, error);
      throw error;
    }
  }
}

/** Nightly (02:30 WIB): the full recompute, as an admin would start it (sessions and JP move with the calendar). */
@Injectable()
@MaintenanceJob({ name: RECOMPUTE_NIGHTLY_JOB, cron: '30 2 * * *' })
export class NightlyRecomputeJob implements MaintenanceJobRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly runs: RecomputeRuns,
  ) {}

  async run(): Promise<{ runId: string }> {
    const runId = await this.uow.transaction(() => this.runs.create(null, 'system'));
    await this.runs.enqueue(runId);
    return { runId };
  }
}
