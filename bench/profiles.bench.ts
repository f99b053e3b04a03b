/**
 * Profile recompute after an SKJ change, against one raw SQL statement.
 *
 * On a fresh database (kompeten_bench, Redis db 6) it creates, through the API,
 * an agency, a unit and a position with a published SKJ (the nine national
 * competencies), then generates with SQL from a fixed seed 100,000 employees
 * holding that position, each with one completed official assessment (a level
 * per competency). A first SKJ change builds every profile (warm-up). Then it
 * times (1) the real path: PUT /positions/{id}/standard with one required level
 * raised, the outbox, the relay, the PositionStandardPublished subscriber,
 * the batch jobs in the worker, until all 100,000 stored profiles carry the new
 * SKJ version; and (2) one raw SQL statement computing the same gaps and JPMs
 * into a table (five times: the median counts). It checks that both agree for every employee and competency,
 * and ends with one line: RESULT bench-profiles ratio=<real ÷ raw> ...
 *
 * Both are timed on a quiet system: each starts only when the outbox is drained
 * and no integration event or maintenance job is waiting or running (the
 * warm-up's and the real path's CompetencyProfileChanged are delivered to their
 * subscribers first). Along the real path it prints when each quarter of the
 * profiles was stored (time should grow about linearly), and after it how long
 * the relay took to publish every CompetencyProfileChanged.
 *
 *   npm run bench:profiles
 *   BENCH_EMPLOYEES=20000 BENCH_WORKERS=2 MAINTENANCE_CONCURRENCY=6 node dist/bench/profiles.bench.js
 */
import './support/bench-env';
import { DataSource } from 'typeorm';
import { getQueueToken } from '@nestjs/bullmq';
import { Queue, QueueEvents } from 'bullmq';
import { environment } from '@config/environment';
import { QUEUES, redisOptions } from '@kompeten/shared/infrastructure';
import { startBenchSystem } from './support/fresh-system';
import { call } from './support/http';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 100_000);
const SEED = 20_261_128;
const CODES = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'];

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Follows a recompute without loading PostgreSQL (counting 100,000 profiles every few milliseconds costs a
 * backend of its own): sums the profiles the batch jobs report written in their `completed` events, noting when
 * each quarter was reached, then checks once that every profile carries `version`.
 */
function recomputeWatch(events: QueueEvents) {
  let from = process.hrtime.bigint();
  let written = 0;
  let quarters: number[] = [];
  let done: () => void = () => undefined;
  let finished = Promise.resolve();
  events.on('completed', ({ jobId, returnvalue }) => {
    if (!jobId.startsWith('profiles.')) return;
    written += (returnvalue as unknown as { changed: number }).changed;
    while (quarters.length < 4 && written >= (EMPLOYEES * (quarters.length + 1)) / 4) quarters.push(seconds(from));
    if (quarters.length === 4) done();
  });
  return {
    start(at: bigint) {
      from = at;
      written = 0;
      quarters = [];
      finished = new Promise<void>((resolve) => (done = resolve));
    },
    /** Answers the seconds (since start) at which each quarter of the profiles was written; the last is the end. */
    async wait(db: DataSource, positionId: string, version: number, timeoutMs = 1_800_000): Promise<number[]> {
      const deadline = Date.now() + timeoutMs;
      let reported = false;
      void finished.then(() => (reported = true));
      for (;;) {
        // Woken by the last batch's event; PostgreSQL is asked only then, or every half minute in case none comes (a
        // count of 100,000 profiles every few seconds took a tenth of the machine from the path it measures).
        if (!reported) await Promise.race([finished, sleep(30_000)]);
        const [row] = await db.query(
          `SELECT count(*)::int AS n FROM assessment.competency_profiles WHERE position_id = $1 AND standard_version = $2`,
          [positionId, version],
        );
        if (row.n >= EMPLOYEES) return quarters.length === 4 ? quarters : [...quarters.slice(0, 3), seconds(from)];
        if (Date.now() > deadline) throw new Error(`only ${row.n} of ${EMPLOYEES} profiles reached version ${version}`);
        if (reported) {
          quarters.length = Math.min(quarters.length, 3);
          await sleep(200);
        }
      }
    },
  };
}

/** Waits until the relay has published every outbox row; answers the seconds since `from`. */
async function drained(db: DataSource, from: bigint, timeoutMs = 1_800_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [row] = await db.query(`SELECT count(*)::int AS n FROM messaging.outbox WHERE published_at IS NULL`);
    if (row.n === 0) return seconds(from);
    if (Date.now() > deadline) throw new Error(`${row.n} outbox rows still unpublished`);
    await sleep(100);
  }
}

/** A quiet system: the outbox drained and no event delivery or maintenance job waiting, delayed for a retry or running. */
async function quiet(db: DataSource, queues: Queue[], timeoutMs = 3_600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    await drained(db, process.hrtime.bigint(), timeoutMs);
    let busy = 0;
    for (const queue of queues) {
      const counts = await queue.getJobCounts('waiting', 'active', 'prioritized', 'waiting-children', 'delayed');
      // The maintenance queue always holds its job schedulers' next runs as delayed jobs.
      busy +=
        counts.waiting +
        counts.active +
        counts.prioritized +
        counts['waiting-children'] +
        (queue.name === QUEUES.maintenance ? 0 : counts.delayed);
    }
    if (busy === 0) return;
    if (Date.now() > deadline) throw new Error(`${busy} jobs still pending`);
    await sleep(200);
  }
}

async function main(): Promise<void> {
  const env = environment();
  // Database dropped and Redis db emptied: jobs of an interrupted run would otherwise replay into the new data.
  const system = await startBenchSystem();
  const { api, workers, url } = system;
  const db = api.get(DataSource);
  const queues = [QUEUES.integrationEvents, QUEUES.integrationEventBatches, QUEUES.maintenance].map((name) =>
    workers[0].get<Queue>(getQueueToken(name)),
  );
  try {
    const { accessToken: token } = await call('POST', `${url}/auth/token`, {
      email: env.KOMPETEN_ADMIN_EMAIL,
      password: env.KOMPETEN_ADMIN_PASSWORD,
    });
    const agency = await call('POST', `${url}/agencies`, { code: 'BENCH', name: 'Bench agency', kind: 'AGENCY' }, token);
    const unit = await call('POST', `${url}/agencies/${agency.id}/units`, { code: 'U1', name: 'Unit' }, token);
    const position = await call(
      'POST',
      `${url}/positions`,
      { code: 'BENCH-POS', name: 'Analis', kind: 'ADMINISTRATOR', agencyId: agency.id },
      token,
    );
    const publish = (levels: number[], version: number) =>
      call(
        'PUT',
        `${url}/positions/${position.id}/standard`,
        { version, items: CODES.map((competencyCode, i) => ({ competencyCode, requiredLevel: levels[i] })) },
        token,
      );
    await publish([3, 3, 3, 3, 3, 3, 3, 3, 3], 0);

    // Generated data, set-based and seeded: employees, and one completed official assessment each.
    const started = Date.now();
    await db.query(`SELECT setseed($1)`, [(SEED % 1000) / 1000]);
    await db
      .query(
        `INSERT INTO workforce.employees (id, nip, name, kind, agency_id, unit_id, position_id)
       SELECT uuid_v7(), to_char(date '1960-01-01' + g / 2000, 'YYYYMMDD') || '200001' || (1 + (g / 1000) % 2)::text || lpad((g % 1000)::text, 3, '0'),
              'Pegawai ' || g, 'PNS', $1, $2, $3
         FROM generate_series(1, $4) g`,
        [agency.id, unit.id, position.id, EMPLOYEES],
      )
      .catch(async (error) => {
        throw new Error(`generating employees: ${error.message}`);
      });
    const standard = await call('GET', `${url}/positions/${position.id}/standard`, undefined, token);
    await db.query(
      `INSERT INTO assessment.assessments (id, employee_id, agency_id, purpose, target_position_id, standard_version, standard_items, method,
         provider_name, provider_accredited, official, assessor_name, assessed_at, status, results, version, completed_at, source)
       SELECT uuid_v7(), e.id, e.agency_id, 'MAPPING', e.position_id, 1, $1::jsonb, 'ASSESSMENT_CENTER', 'Bench', true, true, null,
              now() - interval '30 days', 'COMPLETED', '[]', 2, now(), 'IMPORT'
         FROM workforce.employees e WHERE e.position_id = $2`,
      [JSON.stringify(standard.items), position.id],
    );
    await db.query(
      `INSERT INTO assessment.achieved_levels (assessment_id, employee_id, competency_code, competency_type, level, official, purpose, assessed_at, valid_until)
       SELECT a.id, a.employee_id, c.code, CASE WHEN c.code LIKE 'SK%' THEN 'SOCIOCULTURAL' ELSE 'MANAGERIAL' END,
              1 + floor(random() * 5)::int, true, 'MAPPING', a.assessed_at, a.assessed_at + interval '3 years'
         FROM assessment.assessments a CROSS JOIN unnest($1::text[]) AS c(code)`,
      [CODES],
    );
    await db.query(`ANALYZE`);
    process.stdout.write(`generated ${EMPLOYEES} employees with results in ${Date.now() - started} ms\n`);

    // Warm-up: the first change builds every profile; its events are delivered before anything is timed.
    const events = new QueueEvents(QUEUES.maintenance, { connection: redisOptions(env.REDIS_URL) });
    await events.waitUntilReady();
    const recompute = recomputeWatch(events);
    recompute.start(process.hrtime.bigint());
    await publish([4, 3, 3, 3, 3, 3, 3, 3, 3], 1);
    await recompute.wait(db, position.id, 2);
    await quiet(db, queues);
    await db.query(`CHECKPOINT`);

    // (1) The real path.
    const t0 = process.hrtime.bigint();
    recompute.start(t0);
    await publish([4, 4, 3, 3, 3, 3, 3, 3, 3], 2);
    const quarters = await recompute.wait(db, position.id, 3);
    const realSeconds = quarters[3];
    const relayedSeconds = await drained(db, t0);
    await quiet(db, queues);
    const settledSeconds = seconds(t0);
    await events.close();
    await db.query(`CHECKPOINT`);

    // (2) One raw SQL statement over the base tables: the same gaps and JPMs. It takes a second or two, so one run
    // mostly measures the machine's mood (1.51-1.98 s in runs of one day): it is timed five times, the median counts.
    const rawRuns: number[] = [];
    for (let run = 0; run < 5; run++) {
      await db.query(`DROP TABLE IF EXISTS bench_raw_profiles`);
      const t1 = process.hrtime.bigint();
      await db.query(
        `CREATE UNLOGGED TABLE bench_raw_profiles AS
         WITH std AS (
           SELECT i.competency_code, i.required_level FROM competency_standards.position_standard_items i
             JOIN competency_standards.position_standards s ON s.position_id = i.position_id AND s.current_version = i.version
            WHERE i.position_id = $1
         ), latest AS (
           SELECT DISTINCT ON (employee_id, competency_code) employee_id, competency_code, level
             FROM assessment.achieved_levels WHERE official AND valid_until > now()
            ORDER BY employee_id, competency_code, assessed_at DESC
         )
         SELECT e.id AS employee_id, s.competency_code, s.required_level, l.level AS achieved_level, l.level - s.required_level AS gap,
                round(sum(l.level) OVER w * 100.0 / sum(s.required_level) OVER w, 2) AS jpm
           FROM workforce.employees e CROSS JOIN std s
           LEFT JOIN latest l ON l.employee_id = e.id AND l.competency_code = s.competency_code
          WHERE e.position_id = $1 AND e.retired_at IS NULL
         WINDOW w AS (PARTITION BY e.id)`,
        [position.id],
      );
      rawRuns.push(seconds(t1));
    }
    const rawSeconds = [...rawRuns].sort((x, y) => x - y)[2];

    // Both must agree on every (employee, competency): gap and JPM.
    const [check] = await db.query(
      `SELECT count(*)::int AS compared,
              count(*) FILTER (WHERE r.gap IS DISTINCT FROM i.gap OR r.jpm IS DISTINCT FROM p.jpm)::int AS different
         FROM bench_raw_profiles r
         JOIN assessment.competency_profiles p ON p.employee_id = r.employee_id
         CROSS JOIN LATERAL json_to_record(p.items) AS c("competencyCode" text[], gap int[])
         CROSS JOIN LATERAL unnest(c."competencyCode", c.gap) AS i(competency_code, gap)
        WHERE i.competency_code = r.competency_code`,
    );
    if (check.compared !== EMPLOYEES * CODES.length || check.different !== 0) {
      throw new Error(`the real path and the raw SQL disagree: ${JSON.stringify(check)}`);
    }
    process.stdout.write(`real path: ${realSeconds.toFixed(2)} s (${Math.round(EMPLOYEES / realSeconds)} profiles/s)\n`);
    process.stdout.write(
      `  stored: ${quarters.map((q, i) => `${((EMPLOYEES * (i + 1)) / 4).toLocaleString('en')} at ${q.toFixed(2)} s`).join(', ')}\n`,
    );
    process.stdout.write(
      `  every CompetencyProfileChanged relayed at ${relayedSeconds.toFixed(2)} s; subscribers done at ${settledSeconds.toFixed(2)} s\n`,
    );
    process.stdout.write(
      `raw SQL:   ${rawSeconds.toFixed(2)} s, median of ${rawRuns.map((r) => r.toFixed(2)).join(', ')} (${Math.round(EMPLOYEES / rawSeconds)} profiles/s)\n`,
    );
    process.stdout.write(`both agree on ${check.compared} (employee, competency) gaps and every JPM\n`);
    process.stdout.write(
      `RESULT bench-profiles ratio=${(realSeconds / rawSeconds).toFixed(2)} real_s=${realSeconds.toFixed(2)} raw_s=${rawSeconds.toFixed(2)} ` +
        `employees=${EMPLOYEES} workers=${workers.length} quarters_s=${quarters.map((q) => q.toFixed(2)).join('/')} relayed_s=${relayedSeconds.toFixed(2)}\n`,
    );
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench-profiles failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
