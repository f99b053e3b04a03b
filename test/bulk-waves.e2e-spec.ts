import { Queue } from 'bullmq';
import { QUEUES, redisOptions } from '@kompeten/shared/infrastructure';
import { AgencySetup, publishStandard, setUpAgency, unique } from './support/fixtures';
import { ADMIN, eventually, Http, RunningSystem, startSystem, validNip } from './support/system';
import { killAllWorkerProcesses, WorkerProcess } from './support/worker-process';

/**
 * Bulk waves (issue 16): an import's events reach every subscriber in batches, never a job per row; the import's job
 * says when everything downstream is current; and a worker SIGKILLed in the middle of the wave leaves nothing
 * half-applied or doubled, for each batch subscriber. Runs the built worker in child processes; the API is in-process.
 */
describe('Bulk waves: batch deliveries and the import’s downstream job', () => {
  const EMPLOYEES = 3000;
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let other: AgencySetup;
  let codes: { agency: string; unit: string; position: string };
  let queues: Queue[];
  const nips: string[] = [];

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    other = await setUpAgency(ministry);
    await publishStandard(a.admin, a.positionId, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    const [row] = await system.db.query(
      `SELECT a.code AS agency, u.code AS unit, p.code AS position
         FROM workforce.agencies a JOIN workforce.org_units u ON u.agency_id = a.id JOIN workforce.positions p ON p.agency_id = a.id
        WHERE a.id = $1`,
      [a.agencyId],
    );
    codes = row;
    // The SKJ's own fan-out is done before the import, so that no profile of the wave is made current by other work.
    const settle = WorkerProcess.start();
    await eventually(
      async () => (await count(`SELECT count(*) AS n FROM messaging.inbox WHERE subscriber = 'assessment.profiles-of-position'`)) > 0,
      60_000,
    );
    await settle.stop();
    for (let i = 0; i < EMPLOYEES; i++) nips.push(validNip());
    queues = [QUEUES.integrationEvents, QUEUES.integrationEventBatches].map(
      (name) => new Queue(name, { connection: redisOptions(process.env.REDIS_URL!) }),
    );
  }, 120_000);

  afterAll(async () => {
    await killAllWorkerProcesses();
    await Promise.all((queues ?? []).map((q) => q.close()));
    await system?.close();
  });

  const jobsOf = async (queue: Queue) => {
    const counts = await queue.getJobCounts('waiting', 'prioritized', 'active', 'completed', 'failed', 'delayed');
    return Object.values(counts).reduce((sum, n) => sum + n, 0);
  };
  const count = async (sql: string, params: unknown[] = []) => Number((await system.db.query(sql, params))[0].n);
  const inboxOf = (subscriber: string, origin: string) =>
    count(
      `SELECT count(*) AS n FROM messaging.inbox i JOIN messaging.outbox o ON o.id = i.message_id WHERE i.subscriber = $1 AND o.origin = $2`,
      [subscriber, origin],
    );

  /** Waits until the subscriber has handled some but not all of the job's deliveries, then kills the worker. */
  async function killMidWave(worker: WorkerProcess, subscriber: string, origin: string, total: number): Promise<number> {
    const seen = await eventually(
      async () => {
        if (!worker.alive) throw new Error(`worker ended early:\n${worker.output()}`);
        const handled = await inboxOf(subscriber, origin);
        return handled > 0 && handled < total ? handled : null;
      },
      60_000,
      10,
    );
    await worker.kill('SIGKILL');
    return seen;
  }

  async function followJob(http: Http, jobId: string, timeoutMs = 120_000) {
    return eventually(
      async () => {
        const job = (await http.get(`/api/v1/admin/jobs/${jobId}`)).body;
        return job.state === 'completed' ? job : null;
      },
      timeoutMs,
      250,
    );
  }

  it('an employee import: batches, not a job per row; a worker killed mid-wave; the job completes with every read model current', async () => {
    const before = await Promise.all(queues.map(jobsOf));
    const csv = [
      'nip,name,kind,agencyCode,unitCode,positionCode,email',
      ...nips.map((nip, i) => `${nip},Pegawai ${i},PNS,${codes.agency},${codes.unit},${codes.position},`),
    ].join('\n');
    const imported = await a.admin.post('/api/v1/employees/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ created: EMPLOYEES, jobId: expect.any(String) });
    const { jobId } = imported.body;

    // Another agency's admin cannot see the job; its own admin can, while nothing has been delivered yet.
    expect((await other.admin.get(`/api/v1/admin/jobs/${jobId}`)).status).toBe(404);
    const queued = (await a.admin.get(`/api/v1/admin/jobs/${jobId}`)).body;
    expect(queued).toMatchObject({ id: jobId, kind: 'employee-import' });
    expect(queued.state).not.toBe('completed');

    const first = WorkerProcess.start();
    await killMidWave(first, 'assessment.profile-of-employee', jobId, EMPLOYEES);
    const second = WorkerProcess.start();
    const done = await followJob(a.admin, jobId);
    expect(done.progress.done).toBe(done.progress.total);
    // Two subscribers of EmployeeRegistered, and two of the CompetencyProfileChanged each registration caused.
    expect(done.progress.total).toBe(EMPLOYEES * 4);

    // Every read model is current the moment the job says so.
    expect(await count(`SELECT count(*) AS n FROM assessment.competency_profiles WHERE agency_id = $1`, [a.agencyId])).toBe(EMPLOYEES);
    expect(await count(`SELECT count(*) AS n FROM reporting.employees WHERE agency_id = $1`, [a.agencyId])).toBe(EMPLOYEES);
    expect(await count(`SELECT count(*) AS n FROM development.employee_profiles WHERE agency_id = $1`, [a.agencyId])).toBe(EMPLOYEES);
    expect(await count(`SELECT count(DISTINCT employee_id) AS n FROM reporting.profiles WHERE agency_id = $1`, [a.agencyId])).toBe(
      EMPLOYEES,
    );
    // Nothing doubled: one profile event per employee, one inbox row per delivery.
    expect(
      await count(`SELECT count(*) AS n FROM messaging.outbox WHERE origin = $1 AND event_name = 'CompetencyProfileChanged'`, [jobId]),
    ).toBe(EMPLOYEES);
    // Jobs: of the order of rows ÷ batch per subscriber and event (a claim takes at most 500 rows, fewer when the relay
    // catches up with a producer still committing), never one per row (that would be 12,000).
    const after = await Promise.all(queues.map(jobsOf));
    const singles = await queues[0].getJobs(['completed', 'active', 'waiting', 'failed'], 0, 10_000);
    expect(singles.filter((j) => (j.data as { origin?: string }).origin === jobId)).toEqual([]);
    expect(after[1] - before[1]).toBeLessThanOrEqual(Math.ceil(EMPLOYEES / 500) * 4 * 2);
    await second.stop();
  }, 240_000);

  it('a wave of completions: JP credits and stated needs, a worker killed mid-wave, nothing doubled', async () => {
    const employees: { id: string }[] = await system.db.query(`SELECT id FROM workforce.employees WHERE agency_id = $1 ORDER BY id`, [
      a.agencyId,
    ]);
    // Each employee stated a need for M.01; a completion of a program developing M.01 addresses it.
    await system.db.query(
      `INSERT INTO feedback.training_needs (id, employee_id, agency_id, competency_code, priority, status, submitted_by, submitted_at, version)
       SELECT gen_random_uuid(), id, $2, 'M.01', 'HIGH', 'OPEN', 'SELF', now(), 1 FROM unnest($1::uuid[]) id`,
      [employees.map((e) => e.id), a.agencyId],
    );
    const origin = unique('wave');
    const [{ trace }] = await system.db.query(
      `WITH t AS (INSERT INTO messaging.traces (id, kind, agency_id) VALUES (gen_random_uuid(), 'test-wave', $1) RETURNING id)
       SELECT id AS trace FROM t`,
      [a.agencyId],
    );
    const year = new Date().getFullYear();
    await system.db.query(
      `INSERT INTO messaging.outbox (id, event_name, aggregate_id, payload, origin)
       SELECT gen_random_uuid(), 'TrainingCompleted', e.id::text,
              json_build_object('enrolmentId', gen_random_uuid(), 'sessionId', NULL, 'source', 'ENROLMENT', 'employeeId', e.id,
                'agencyId', $2::uuid, 'programId', gen_random_uuid(), 'programCode', $3::text, 'deliveryMode', 'CLASSROOM',
                'competencies', json_build_array(json_build_object('competencyCode', 'M.01', 'targetLevel', 3)),
                'jp', 12, 'completedAt', now(), 'year', $4::int),
              $5::uuid
         FROM unnest($1::uuid[]) AS e(id)`,
      [employees.map((e) => e.id), a.agencyId, origin, year, trace],
    );
    await system.db.query(`SELECT pg_notify('kompeten_outbox', '')`);

    const first = WorkerProcess.start();
    await killMidWave(first, 'reporting.jp-credits', trace, EMPLOYEES);
    const second = WorkerProcess.start();
    await followJob(ministry, trace);

    // Each completion credited once, whatever the redeliveries.
    const totals: { jp: string }[] = await system.db.query(
      `SELECT t.jp FROM reporting.jp_totals t WHERE t.employee_id = ANY($1::uuid[]) AND t.year = $2`,
      [employees.map((e) => e.id), year],
    );
    expect(totals).toHaveLength(EMPLOYEES);
    expect(totals.every((t) => Number(t.jp) === 12)).toBe(true);
    // Each need addressed once: one audit entry and one TrainingNeedClosed per need.
    expect(
      await count(`SELECT count(*) AS n FROM feedback.training_needs WHERE agency_id = $1 AND status = 'ADDRESSED'`, [a.agencyId]),
    ).toBe(EMPLOYEES);
    expect(
      await count(`SELECT count(*) AS n FROM audit.audit_log WHERE action = 'training-need.addressed' AND agency_id = $1`, [a.agencyId]),
    ).toBe(EMPLOYEES);
    expect(await count(`SELECT count(*) AS n FROM messaging.outbox WHERE origin = $1 AND event_name = 'TrainingNeedClosed'`, [trace])).toBe(
      EMPLOYEES,
    );
    await second.stop();
  }, 240_000);

  it('while a bulk wave waits, what one person does overtakes it', async () => {
    await publishStandard(other.admin, other.positionId);
    const [row] = await system.db.query(
      `SELECT a.code AS agency, u.code AS unit, p.code AS position
         FROM workforce.agencies a JOIN workforce.org_units u ON u.agency_id = a.id JOIN workforce.positions p ON p.agency_id = a.id
        WHERE a.id = $1`,
      [other.agencyId],
    );
    const csv = [
      'nip,name,kind,agencyCode,unitCode,positionCode,email',
      ...Array.from({ length: EMPLOYEES }, (_, i) => `${validNip()},Pegawai ${i},PNS,${row.agency},${row.unit},${row.position},`),
    ].join('\n');
    const imported = await other.admin.post('/api/v1/employees/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    // Registered one by one after the import committed: its event stands behind the whole wave in the outbox.
    const single = await a.admin.post('/api/v1/employees', {
      nip: validNip(),
      name: 'Pegawai Tunggal',
      kind: 'PNS',
      agencyId: a.agencyId,
      unitId: a.unitId,
      positionId: a.positionId,
    });
    expect(single.status).toBe(201);
    const worker = WorkerProcess.start();
    await eventually(
      async () => (await count(`SELECT count(*) AS n FROM development.employee_profiles WHERE employee_id = $1`, [single.body.id])) === 1,
      60_000,
      20,
    );
    // Its profile reached Development while most of the wave was still to come.
    const wave = await count(`SELECT count(*) AS n FROM development.employee_profiles WHERE agency_id = $1`, [other.agencyId]);
    expect(wave).toBeLessThan(EMPLOYEES);
    await followJob(other.admin, imported.body.jobId);
    await worker.stop();
  }, 240_000);

  it('a standards import: the holders’ recompute is owed to its job until the last batch commits, a worker killed mid-way', async () => {
    const csv = [
      'positionCode,competencyCode,requiredLevel',
      ...['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'].map((code) => `${codes.position},${code},4`),
    ].join('\n');
    const imported = await a.admin.post('/api/v1/positions/standards/import', csv, { 'content-type': 'text/csv' });
    expect(imported.status).toBe(200);
    expect(imported.body).toMatchObject({ updated: 1, jobId: expect.any(String) });
    const { jobId } = imported.body;
    // The wave's employees and the one registered alone.
    const holders = await count(`SELECT count(*) AS n FROM workforce.employees WHERE position_id = $1`, [a.positionId]);
    const first = WorkerProcess.start();
    await killMidWave(first, 'development.profile-gaps', jobId, holders);
    const second = WorkerProcess.start();
    await followJob(a.admin, jobId);
    // Every holder's gaps at the new level the moment the job says completed, and one profile event each.
    expect(
      await count(
        `SELECT count(DISTINCT g.employee_id) AS n FROM development.employee_gaps g JOIN workforce.employees e ON e.id = g.employee_id
          WHERE e.agency_id = $1 AND e.position_id = $2 AND g.required_level = 4`,
        [a.agencyId, a.positionId],
      ),
    ).toBe(holders);
    expect(
      await count(`SELECT count(*) AS n FROM messaging.outbox WHERE origin = $1 AND event_name = 'CompetencyProfileChanged'`, [jobId]),
    ).toBe(holders);
    expect(await count(`SELECT count(*) AS n FROM messaging.trace_work WHERE trace_id = $1`, [jobId])).toBe(0);
    await second.stop();
  }, 240_000);
});
