import { ADMIN, eventually, Http, RunningSystem, startSystem } from './support/system';
import { killAllWorkerProcesses, WorkerProcess } from './support/worker-process';

/**
 * A full recompute of recommendations survives a worker killed mid-run: the
 * chunk it held is redone by another worker, progress counts every employee
 * once, and every employee ends with exactly one current set. Runs the built
 * worker (KOMPETEN_WORKER_ENTRY) in child processes; the API is in-process.
 */
describe('Recommendations: full recompute across worker processes', () => {
  let system: RunningSystem;
  let ministry: Http;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  const EMPLOYEES = 24_000;
  const agencyId = '00000000-0000-4000-8000-00000000a9e1';

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    // Development's copy of profiles, set-based: 24,000 employees with 8 gaps each in this run's competencies, 40 national programs.
    await system.db.query(
      `INSERT INTO development.programs (id, code, title, delivery_mode, provider, jp, max_class_size, agency_id)
       SELECT gen_random_uuid(), 'KILL-' || $1 || '-' || lpad(i::text, 2, '0'), 'Program ' || i, 'CLASSROOM', 'LAN', 10 + i % 20, 30, NULL
         FROM generate_series(1, 40) i`,
      [run],
    );
    await system.db.query(
      `INSERT INTO development.program_competencies (program_id, competency_code, target_level, ordinal)
       SELECT p.id, 'KILL.' || $1 || '.' || (substr(p.code, length(p.code) - 1)::int % 8), 2 + (substr(p.code, length(p.code) - 1)::int / 8) % 4, 1
         FROM development.programs p WHERE p.code LIKE 'KILL-' || $1 || '-%'`,
      [run],
    );
    await system.db.query(
      `WITH e AS (SELECT gen_random_uuid() AS id FROM generate_series(1, $2))
       , p AS (INSERT INTO development.employee_profiles (employee_id, agency_id, position_id, standard_version, occurred_at)
               SELECT id, $3, $3, 1, now() FROM e RETURNING employee_id)
       INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
       SELECT p.employee_id, 'KILL.' || $1 || '.' || c, 'TECHNICAL', 4, 1 + (hashtext(p.employee_id::text || c) & 3) % 3,
              1 + (hashtext(p.employee_id::text || c) & 3) % 3 - 4
         FROM p CROSS JOIN generate_series(0, 7) c`,
      [run, EMPLOYEES, agencyId],
    );
  }, 120_000);

  afterAll(async () => {
    await killAllWorkerProcesses();
    if (system) {
      // The run's 24,000 RecommendationsGenerated would slow every later file that checksums the outbox after each request.
      await system.db.query(
        `DELETE FROM messaging.outbox WHERE aggregate_id IN (SELECT employee_id::text FROM development.employee_profiles WHERE agency_id = $1)`,
        [agencyId],
      );
      await system.db.query(`DELETE FROM development.recommendations WHERE agency_id = $1`, [agencyId]);
      await system.db.query(`DELETE FROM development.employee_profiles WHERE agency_id = $1`, [agencyId]);
      await system.db.query(`DELETE FROM development.programs WHERE code LIKE 'KILL-' || $1 || '-%'`, [run]);
      await system.close();
    }
  });

  it('a worker SIGKILLed mid-run: another finishes, each employee counted once, one current set each', async () => {
    const first = WorkerProcess.start();
    const started = await ministry.post('/api/v1/admin/recommendations/recompute', {});
    expect(started.status).toBe(202);
    const jobId: string = started.body.id;
    const job = async () => (await ministry.get(`/api/v1/admin/jobs/${jobId}`)).body;

    // Killed once some chunks have committed and others are still to do (or held by it).
    const midway = await eventually(
      async () => {
        if (!first.alive) throw new Error(`worker ended early:\n${first.output()}`);
        const j = await job();
        return j.state === 'running' && j.progress.done > 0 && j.progress.done < j.progress.total && j;
      },
      60_000,
      10,
    );
    const exit = await first.kill('SIGKILL');
    expect(exit.signal).toBe('SIGKILL');
    expect(midway.progress.total).toBeGreaterThanOrEqual(EMPLOYEES);
    const atKill = await job();
    expect(atKill.state).toBe('running');

    // Two workers share the rest (the killed worker's chunk comes back when its lock is found stalled).
    const second = WorkerProcess.start();
    const third = WorkerProcess.start();
    const done = await eventually(
      async () => {
        if (!second.alive) throw new Error(`worker ended early:\n${second.output()}`);
        const j = await job();
        if (j.state === 'failed') throw new Error(`job failed: ${JSON.stringify(j)}`);
        return j.state === 'completed' && j;
      },
      120_000,
      250,
    );
    expect(done.progress).toEqual({ done: atKill.progress.total, total: atKill.progress.total });

    const [check] = await system.db.query(
      `SELECT (SELECT count(*)::int FROM development.recompute_chunks WHERE run_id = $1 AND NOT done) AS pending,
              (SELECT sum(employees)::int FROM development.recompute_chunks WHERE run_id = $1) AS planned,
              (SELECT count(*)::int FROM development.employee_profiles WHERE agency_id = $2) AS employees,
              (SELECT count(*)::int FROM development.recommendations WHERE agency_id = $2) AS sets,
              (SELECT count(DISTINCT employee_id)::int FROM development.recommendations WHERE agency_id = $2) AS distinct_sets,
              (SELECT count(*)::int FROM development.recommendations WHERE agency_id = $2 AND jsonb_array_length(items) <> 10) AS not_ten`,
      [jobId, agencyId],
    );
    expect(check).toEqual({
      pending: 0,
      planned: done.progress.total,
      employees: EMPLOYEES,
      sets: EMPLOYEES,
      distinct_sets: EMPLOYEES,
      not_ten: 0,
    });
    await Promise.all([second.stop(), third.stop()]);
  }, 240_000);
});
