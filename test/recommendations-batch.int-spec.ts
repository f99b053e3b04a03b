import type { QueryRunner } from 'typeorm';
import { OUTBOX_CHANNEL } from '@kompeten/shared/infrastructure';
import { eventually, RunningSystem, startSystem } from './support/system';
import { killAllWorkerProcesses, WorkerProcess } from './support/worker-process';

/**
 * `development.recommendations` takes its events in batches: a wave of
 * TrainingEnrolled is a few deliveries, each one recommendation statement in
 * one transaction with its events' inbox rows. A worker SIGKILLed while a
 * delivery is mid-way (its statement waiting on a row this test holds locked)
 * leaves nothing of it; another worker redoes it, and each event takes effect
 * once: one inbox row per event, one current set and one
 * RecommendationsGenerated per employee. Runs the built worker
 * (KOMPETEN_WORKER_ENTRY) in child processes.
 */
describe('Recommendations: batch delivery across worker processes', () => {
  let system: RunningSystem;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  const EMPLOYEES = 500;
  const agencyId = '00000000-0000-4000-8000-00000000b47c';
  const SUBSCRIBER = 'development.recommendations';

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    // Development's copy of profiles: 500 employees with 3 gaps each in this run's competencies, 12 national programs (8 items each).
    await system.db.query(
      `INSERT INTO development.programs (id, code, title, delivery_mode, provider, jp, max_class_size, agency_id)
       SELECT gen_random_uuid(), 'BATCH-' || $1 || '-' || lpad(i::text, 2, '0'), 'Program ' || i, 'CLASSROOM', 'LAN', 10 + i, 30, NULL
         FROM generate_series(1, 12) i`,
      [run],
    );
    await system.db.query(
      `INSERT INTO development.program_competencies (program_id, competency_code, target_level, ordinal)
       SELECT p.id, 'BATCH.' || $1 || '.' || (substr(p.code, length(p.code) - 1)::int % 3), 3 + substr(p.code, length(p.code) - 1)::int % 2, 1
         FROM development.programs p WHERE p.code LIKE 'BATCH-' || $1 || '-%'`,
      [run],
    );
    await system.db.query(
      `WITH e AS (SELECT gen_random_uuid() AS id FROM generate_series(1, $2))
       , p AS (INSERT INTO development.employee_profiles (employee_id, agency_id, position_id, standard_version, occurred_at)
               SELECT id, $3, $3, 1, now() FROM e RETURNING employee_id)
       INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
       SELECT p.employee_id, 'BATCH.' || $1 || '.' || c, 'TECHNICAL', 4, 1 + c, c - 3 FROM p CROSS JOIN generate_series(0, 2) c`,
      [run, EMPLOYEES, agencyId],
    );
  }, 60_000);

  let holder: QueryRunner | undefined;

  afterAll(async () => {
    await killAllWorkerProcesses();
    if (holder?.isTransactionActive) await holder.rollbackTransaction();
    if (holder && !holder.isReleased) await holder.release();
    if (system) {
      await system.db.query(
        `DELETE FROM messaging.outbox WHERE aggregate_id IN (SELECT employee_id::text FROM development.employee_profiles WHERE agency_id = $1)`,
        [agencyId],
      );
      await system.db.query(`DELETE FROM development.recommendations WHERE agency_id = $1`, [agencyId]);
      await system.db.query(`DELETE FROM development.employee_profiles WHERE agency_id = $1`, [agencyId]);
      await system.db.query(`DELETE FROM development.programs WHERE code LIKE 'BATCH-' || $1 || '-%'`, [run]);
      await system.close();
    }
  });

  it('a worker SIGKILLed mid-batch: another redoes it, each event takes effect once', async () => {
    const employees: string[] = (
      await system.db.query(`SELECT employee_id FROM development.employee_profiles WHERE agency_id = $1 ORDER BY employee_id`, [agencyId])
    ).map((r: { employee_id: string }) => r.employee_id);
    // The first employee has a set already: this test holds its row, so the delivery that recomputes it waits mid-way.
    await system.db.query(
      `INSERT INTO development.recommendations (employee_id, agency_id, items, generated_at) VALUES ($1, $2, '[]', now())`,
      [employees[0], agencyId],
    );
    holder = system.db.createQueryRunner();
    await holder.connect();
    await holder.startTransaction();
    await holder.query(`SELECT 1 FROM development.recommendations WHERE employee_id = $1 FOR UPDATE`, [employees[0]]);

    // A wave of TrainingEnrolled, one per employee, written as the enrolment commands write them (the outbox, in one transaction).
    const events: string[] = (
      await system.db.query(
        `INSERT INTO messaging.outbox (id, event_name, aggregate_id, payload, occurred_at)
         SELECT uuid_v7(), 'TrainingEnrolled', e,
                json_build_object('enrolmentId', gen_random_uuid(), 'sessionId', gen_random_uuid(), 'employeeId', e, 'agencyId', $2::uuid,
                                  'programId', gen_random_uuid(), 'programCode', 'BATCH', 'competencies', '[]'::json, 'status', 'ENROLLED',
                                  'enrolledAt', now()), now()
           FROM unnest($1::uuid[]) WITH ORDINALITY AS u(e, n) ORDER BY n
         RETURNING id`,
        [employees, agencyId],
      )
    ).map((r: { id: string }) => r.id);
    await system.db.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);

    const first = WorkerProcess.start();
    // Mid-way (pg_stat_activity keeps the statement's first 1 kB): the delivery holding the first employee has written its inbox rows and waits on the row lock, uncommitted.
    await eventually(
      async () => {
        if (!first.alive) throw new Error(`worker ended early:\n${first.output()}`);
        const [{ n }] = await system.db.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity
            WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE '%WITH emp AS MATERIALIZED%'`,
        );
        return n > 0;
      },
      30_000,
      20,
    );
    const exit = await first.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    await holder.rollbackTransaction();
    await holder.release();
    const handledAtKill = await inboxRows(events);
    expect(handledAtKill.get(events[0]) ?? 0).toBe(0);

    const second = WorkerProcess.start();
    await eventually(
      async () => {
        if (!second.alive) throw new Error(`worker ended early:\n${second.output()}`);
        const handled = await inboxRows(events);
        return events.every((id) => handled.get(id) === 1);
      },
      60_000,
      200,
    );
    const [check] = await system.db.query(
      `SELECT (SELECT count(*)::int FROM messaging.inbox WHERE subscriber = $3 AND message_id = ANY($1::uuid[])) AS inbox_rows,
              (SELECT count(*)::int FROM development.recommendations WHERE agency_id = $2 AND jsonb_array_length(items) = 8) AS sets,
              (SELECT count(*)::int FROM messaging.outbox WHERE event_name = 'RecommendationsGenerated'
                  AND aggregate_id IN (SELECT employee_id::text FROM development.employee_profiles WHERE agency_id = $2)) AS generated,
              (SELECT count(DISTINCT aggregate_id)::int FROM messaging.outbox WHERE event_name = 'RecommendationsGenerated'
                  AND aggregate_id IN (SELECT employee_id::text FROM development.employee_profiles WHERE agency_id = $2)) AS generated_for`,
      [events, agencyId, SUBSCRIBER],
    );
    expect(check).toEqual({ inbox_rows: EMPLOYEES, sets: EMPLOYEES, generated: EMPLOYEES, generated_for: EMPLOYEES });
    // Batches, not one job per event: the 500 events came in a few deliveries.
    const [{ statements }] = await system.db.query(
      `SELECT count(DISTINCT generated_at)::int AS statements FROM development.recommendations WHERE agency_id = $1`,
      [agencyId],
    );
    expect(statements).toBeLessThanOrEqual(10);
    await second.stop();
  }, 120_000);

  async function inboxRows(ids: string[]): Promise<Map<string, number>> {
    const rows: { id: string; n: number }[] = await system.db.query(
      `SELECT message_id AS id, count(*)::int AS n FROM messaging.inbox WHERE subscriber = $2 AND message_id = ANY($1::uuid[]) GROUP BY message_id`,
      [ids, SUBSCRIBER],
    );
    return new Map(rows.map((r) => [r.id, r.n]));
  }
});
