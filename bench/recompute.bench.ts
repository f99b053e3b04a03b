/**
 * Full recompute of recommendations, against one raw SQL statement.
 *
 * On a fresh database (BENCH_DATABASE_URL, default kompeten_bench_recompute)
 * it generates with set-based SQL, from a fixed seed (hashes of fixed keys):
 * 60 agencies of 2,000 positions, each position with the nine national and
 * five technical competencies (from a pool of 300) at required levels 2–4;
 * employees spread over the positions, each with one official result per
 * competency (level 1–5), written as Development's copy of their latest
 * competency profile (development.employee_profiles / employee_gaps: what
 * CompetencyProfileChanged feeds and what the recompute reads); 1,500 programs
 * (300 national on national competencies, 1,200 agencies' own on technical
 * ones, target levels 2–5), sessions for one program in five (some full, some
 * later than 90 days), JP already credited this year for one employee in
 * three; no feedback signals. At 25,000, 50,000 and 100,000 employees it
 * times (1) the real path: POST /admin/recommendations/recompute, the
 * maintenance queue, the chunk jobs in the worker(s), every set stored (the
 * table emptied first, so every set is written and published) until
 * GET /admin/jobs/{id} says completed; and (2) the least SQL computing the
 * same top-3 programs per gap (ten per employee) into a table: no score, no
 * reasons, only the order. Both must give the same (employee, competency,
 * program, rank) rows.
 * Then (3) the latency the issue asks for, through the real API with the
 * worker running, on its own small dataset: an agency with a unit and a
 * position whose SKJ asks level 3 of the nine national competencies (which
 * the national programs develop), 200 employees (CSV import); for each in turn,
 * an assessment with gaps is created and filled, and the time from
 * POST /assessments/{id}/complete until GET /employees/{id}/recommendations
 * answers the new set is taken; p50 and p95 over the 200 (target p95 < 1 s).
 * Ends with: RESULT bench-recompute ratio=<real ÷ raw at 100k> ... latency_p50_ms=… latency_p95_ms=…
 *
 *   npm run bench:recompute      (BENCH_SIZES=25000,50000,100000 BENCH_WORKERS=1 BENCH_LATENCY_EMPLOYEES=200)
 */
import './support/bench-env';
import { DataSource } from 'typeorm';
import { environment } from '@config/environment';
import { startBenchSystem } from './support/fresh-system';
import { call } from './support/http';

const SIZES = (process.env.BENCH_SIZES ?? '25000,50000,100000').split(',').map(Number);
const SEED = 'kompeten-2026';
const NATIONAL = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'];
const AGENCIES = 60;
const POSITIONS_PER_AGENCY = 2000;
const POSITIONS = AGENCIES * POSITIONS_PER_AGENCY;
const POOL = 300;
const PROGRAMS = 1500;
const NATIONAL_PROGRAMS = 300;
const LATENCY_EMPLOYEES = Number(process.env.BENCH_LATENCY_EMPLOYEES ?? 200);
const YEAR = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));

/** A deterministic number in [0, n) from a key: the fixed seed of the generated data. */
const h = (key: string, n: number) => `(abs(hashtext('${SEED}:' || ${key})) % ${n})`;

async function generateCatalogue(db: DataSource): Promise<void> {
  await db.query(
    `INSERT INTO development.programs (id, code, title, delivery_mode, international, provider, jp, max_class_size, agency_id)
     SELECT md5('prog:' || i)::uuid, 'BP-' || lpad(i::text, 4, '0'), 'Program ' || i, 'CLASSROOM', i % 10 = 0, 'LAN', 8 + i % 25, 30,
            CASE WHEN i <= ${NATIONAL_PROGRAMS} THEN NULL ELSE md5('agency:' || (i % ${AGENCIES}))::uuid END
       FROM generate_series(1, ${PROGRAMS}) i`,
  );
  // National programs develop one or two national competencies; agencies' own one or two technical ones of the pool.
  await db.query(
    `INSERT INTO development.program_competencies (program_id, competency_code, target_level, ordinal)
     SELECT md5('prog:' || i)::uuid, c.code, 2 + ${h(`'target:' || i || ':' || c.code`, 4)}, c.n
       FROM generate_series(1, ${PROGRAMS}) i
       CROSS JOIN LATERAL (
         SELECT CASE WHEN i <= ${NATIONAL_PROGRAMS} THEN ($1::text[])[1 + i % 9] ELSE 'T.' || lpad((1 + (i * 37) % ${POOL})::text, 3, '0') END, 1
         UNION ALL
         SELECT CASE WHEN i <= ${NATIONAL_PROGRAMS} THEN ($1::text[])[1 + (i * 5 + 1) % 9] ELSE 'T.' || lpad((1 + (i * 101) % ${POOL})::text, 3, '0') END, 2
          WHERE i % 2 = 0
       ) AS c(code, n)
     ON CONFLICT DO NOTHING`,
    [NATIONAL],
  );
  // Sessions for one program in five: within 90 days or later, some full.
  await db.query(
    `INSERT INTO development.sessions (id, program_id, starts_at, ends_at, capacity, location, enrolment_deadline, status, seats_taken)
     SELECT md5('session:' || i)::uuid, md5('prog:' || i)::uuid, now() + make_interval(days => 5 + i % 120), now() + make_interval(days => 7 + i % 120),
            30, 'Jakarta', now() + make_interval(days => 4 + i % 120), 'SCHEDULED', least(30, i % 37)
       FROM generate_series(5, ${PROGRAMS}, 5) i`,
  );
}

/** Employees from+1..to: a position each (spread over the 120,000), a result per competency of its SKJ, JP for one in three. */
async function generateEmployees(db: DataSource, from: number, to: number): Promise<void> {
  await db.query(
    `INSERT INTO development.employee_profiles (employee_id, agency_id, position_id, standard_version, jpm, category, occurred_at)
     SELECT md5('emp:' || g)::uuid, md5('agency:' || ((g::bigint * 7919 % ${POSITIONS}) / ${POSITIONS_PER_AGENCY}))::uuid,
            md5('pos:' || (g::bigint * 7919 % ${POSITIONS}))::uuid, 1, NULL, NULL, now()
       FROM generate_series($1::int, $2::int) g`,
    [from + 1, to],
  );
  await db.query(
    `INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
     SELECT md5('emp:' || e.g)::uuid, c.code, c.type, c.required, c.achieved, c.achieved - c.required
       FROM (SELECT g, (g::bigint * 7919 % ${POSITIONS})::int AS p FROM generate_series($2::int, $3::int) g) e
       CROSS JOIN LATERAL (
         SELECT x.code, x.type, 2 + ${h(`'req:' || e.p || ':' || x.code`, 3)} AS required, 1 + ${h(`'lvl:' || e.g || ':' || x.code`, 5)} AS achieved
           FROM (SELECT n.code, CASE WHEN n.code LIKE 'SK%' THEN 'SOCIOCULTURAL' ELSE 'MANAGERIAL' END AS type FROM unnest($1::text[]) AS n(code)
                 UNION ALL
                 SELECT 'T.' || lpad((1 + (${h(`'pos:' || e.p`, POOL)} + j * 61) % ${POOL})::text, 3, '0'), 'TECHNICAL' FROM generate_series(0, 4) j) x
       ) c`,
    [NATIONAL, from + 1, to],
  );
  await db.query(
    `INSERT INTO development.jp_ledger (id, employee_id, agency_id, year, jp, source, source_id)
     SELECT md5('jp:' || g)::uuid, md5('emp:' || g)::uuid, md5('agency:' || ((g::bigint * 7919 % ${POSITIONS}) / ${POSITIONS_PER_AGENCY}))::uuid,
            $3, 1 + g % 25, 'RECORD', md5('jp:' || g)::uuid
       FROM generate_series($1::int, $2::int) g WHERE g % 3 = 0`,
    [from + 1, to, YEAR],
  );
  await db.query(`ANALYZE development.employee_profiles, development.employee_gaps, development.jp_ledger`);
}

/**
 * The raw statement: the least SQL that gives the same (employee, competency,
 * program, rank) rows as domain/recommendation-scoring.ts with the national
 * defaults (required 20 JP, +20 % international, 90 days, 3 per gap, 10 per
 * employee) and no feedback, over every employee at once: no score, no item
 * built, only the order the score makes within a gap (reaching the required
 * level, the lower target, a session soon, the JP-shortfall term, the code)
 * and the gaps' order (the largest first, then the competency code). It runs
 * with the engine's work_mem.
 */
const RAW_SQL = `
  CREATE UNLOGGED TABLE bench_raw AS
  WITH shortfall AS (
    SELECT p.employee_id, p.agency_id, greatest(0, 20 - COALESCE(sum(l.jp), 0)) AS shortfall
      FROM development.employee_profiles p
      LEFT JOIN development.jp_ledger l ON l.employee_id = p.employee_id AND l.year = $1
     GROUP BY p.employee_id, p.agency_id
  ), prog AS (
    SELECT p.id, p.code, p.agency_id, round(p.jp * CASE WHEN p.international THEN 1.2 ELSE 1 END, 2) AS credit,
           EXISTS (SELECT 1 FROM development.sessions s
                    WHERE s.program_id = p.id AND s.status IN ('PROPOSED', 'SCHEDULED') AND s.seats_taken < s.capacity
                      AND s.starts_at > now() AND s.starts_at <= now() + interval '90 days' AND s.enrolment_deadline > now()) AS soon
      FROM development.programs p WHERE p.active
  ), top3 AS (
    SELECT * FROM (
      SELECT g.employee_id, g.competency_code, g.gap, p.id AS program_id,
             row_number() OVER (PARTITION BY g.employee_id, g.competency_code
                                ORDER BY pc.target_level >= g.required_level DESC, pc.target_level, p.soon DESC,
                                         round(4 * least(p.credit, n.shortfall) / 20, 2) DESC, p.code COLLATE "C", p.id) AS k
        FROM development.employee_gaps g
        JOIN shortfall n ON n.employee_id = g.employee_id
        JOIN development.program_competencies pc ON pc.competency_code = g.competency_code AND pc.target_level > g.achieved_level
        JOIN prog p ON p.id = pc.program_id AND (p.agency_id IS NULL OR p.agency_id = n.agency_id)
       WHERE g.gap < 0
         AND NOT EXISTS (SELECT 1 FROM development.enrolments x WHERE x.employee_id = g.employee_id AND x.program_id = p.id AND x.status <> 'CANCELLED')
         AND NOT EXISTS (SELECT 1 FROM development.platform_completions c
                          WHERE c.employee_id = g.employee_id AND c.program_id = p.id AND c.status = 'CREDITED')
    ) t WHERE k <= 3
  )
  SELECT employee_id, competency_code, program_id, rank FROM (
    SELECT t.*, row_number() OVER (PARTITION BY employee_id ORDER BY gap, competency_code, k) AS rank FROM top3 t) r
   WHERE rank <= 10`;

/** A valid NIP (born 1980-01-01 + n days, appointed 2005-01, serial n). */
function nip(n: number): string {
  const born = new Date(Date.UTC(1980, 0, 1) + (n % 3000) * 86_400_000);
  const ymd = born.toISOString().slice(0, 10).replace(/-/g, '');
  return `${ymd}200501${1 + (n % 2)}${String(n % 1000).padStart(3, '0')}`;
}

async function post(url: string, body: unknown, token: string, status = 201, contentType = 'application/json'): Promise<any> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': contentType, authorization: `Bearer ${token}` },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (response.status !== status) throw new Error(`POST ${url}: ${response.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

/**
 * (3) The latency from POST /assessments/{id}/complete to the new
 * recommendations being readable, one assessment after another, through the
 * API with the worker(s) running. Answers the latencies in ms, sorted.
 */
async function measureLatency(url: string, token: string): Promise<number[]> {
  const code = `LAT-${Date.now().toString(36).toUpperCase()}`;
  const agency = await post(`${url}/agencies`, { code, name: `Instansi ${code}`, kind: 'AGENCY' }, token);
  await post(`${url}/agencies/${agency.id}/units`, { code: 'U1', name: 'Sekretariat' }, token);
  const position = await post(
    `${url}/positions`,
    { code: `${code}-ANL`, name: 'Analis Kebijakan', kind: 'ADMINISTRATOR', agencyId: agency.id },
    token,
  );
  await call(
    'PUT',
    `${url}/positions/${position.id}/standard`,
    { version: 0, items: NATIONAL.map((competencyCode) => ({ competencyCode, requiredLevel: 3 })) },
    token,
  );
  const base = 100_000 + Math.floor(Math.random() * 800_000);
  const rows = Array.from({ length: LATENCY_EMPLOYEES }, (_, i) => `${nip(base + i)},Pegawai ${i + 1},PNS,${code},U1,${code}-ANL,`);
  const report = await post(
    `${url}/employees/import`,
    ['nip,name,kind,agencyCode,unitCode,positionCode,email', ...rows].join('\n') + '\n',
    token,
    200,
    'text/csv',
  );
  if (report.accepted !== LATENCY_EMPLOYEES) throw new Error(`employee import: ${JSON.stringify(report).slice(0, 500)}`);
  const employees: { id: string }[] = [];
  for (let cursor: string | null = null; ;) {
    const page: any = await call(
      'GET',
      `${url}/employees?agencyId=${agency.id}&limit=500${cursor ? `&cursor=${cursor}` : ''}`,
      undefined,
      token,
    );
    employees.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) break;
  }
  if (employees.length !== LATENCY_EMPLOYEES) throw new Error(`expected ${LATENCY_EMPLOYEES} employees, found ${employees.length}`);
  const latencies: number[] = [];
  for (const [i, employee] of employees.entries()) {
    const assessment = await post(
      `${url}/assessments`,
      {
        employeeId: employee.id,
        purpose: 'MAPPING',
        method: 'ASSESSMENT_CENTER',
        providerName: 'UPT Penilaian Kompetensi',
        providerAccredited: true,
        assessorName: 'Asesor',
        assessedAt: new Date().toISOString().slice(0, 10),
      },
      token,
    );
    // Gaps in three to six national competencies, the rest met.
    const results = await call(
      'PUT',
      `${url}/assessments/${assessment.id}/results`,
      {
        version: assessment.version,
        items: NATIONAL.map((competencyCode, k) => ({
          competencyCode,
          level: (k + i) % 3 === 0 ? 3 : 1 + ((k + i) % 2),
          evidence: 'assessment center',
        })),
      },
      token,
    );
    // The set before (none, or an empty one from a profile without results): the new one has items and another generatedAt.
    const before = (await call('GET', `${url}/employees/${employee.id}/recommendations`, undefined, token)).generatedAt;
    const t0 = process.hrtime.bigint();
    await post(`${url}/assessments/${assessment.id}/complete`, { version: results.version }, token, 200);
    for (;;) {
      const recs = await call('GET', `${url}/employees/${employee.id}/recommendations`, undefined, token);
      if (recs.generatedAt !== null && recs.generatedAt !== before && recs.items.length > 0) break;
      if (Number(process.hrtime.bigint() - t0) / 1e6 > 30_000) throw new Error(`no recommendations for ${employee.id} after 30 s`);
      await new Promise((r) => setTimeout(r, 5));
    }
    latencies.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  return latencies.sort((x, y) => x - y);
}

async function main(): Promise<void> {
  const env = environment();
  const system = await startBenchSystem();
  const { api, workers, url } = system;
  const db = api.get(DataSource);
  const results: { employees: number; realSeconds: number; rawSeconds: number }[] = [];
  try {
    const { accessToken: token } = await call('POST', `${url}/auth/token`, {
      email: env.KOMPETEN_ADMIN_EMAIL,
      password: env.KOMPETEN_ADMIN_PASSWORD,
    });
    const started = Date.now();
    await generateCatalogue(db);
    process.stdout.write(`generated ${PROGRAMS} programs in ${Date.now() - started} ms\n`);
    let employees = 0;
    for (const size of SIZES) {
      const t = Date.now();
      await generateEmployees(db, employees, size);
      employees = size;
      process.stdout.write(`generated employees up to ${size} in ${Date.now() - t} ms\n`);

      // (1) The real path, every set written.
      await db.query(`TRUNCATE development.recommendations`);
      await db.query(`UPDATE messaging.outbox SET published_at = now() WHERE published_at IS NULL`);
      const t0 = process.hrtime.bigint();
      const job = await call('POST', `${url}/admin/recommendations/recompute`, {}, token);
      for (;;) {
        const state = await call('GET', `${url}/admin/jobs/${job.id}`, undefined, token);
        if (state.state === 'completed') break;
        if (state.state === 'failed') throw new Error(`recompute failed: ${JSON.stringify(state)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
      const realSeconds = Number(process.hrtime.bigint() - t0) / 1e9;

      // (2) One raw statement.
      await db.query(`DROP TABLE IF EXISTS bench_raw`);
      const t1 = process.hrtime.bigint();
      await db.transaction(async (m) => {
        await m.query(`SET LOCAL work_mem = '64MB'`);
        await m.query(RAW_SQL, [YEAR]);
      });
      const rawSeconds = Number(process.hrtime.bigint() - t1) / 1e9;

      const [check] = await db.query(
        `WITH real AS (
           SELECT r.employee_id, i->>'competencyCode' AS competency_code, (i->>'programId')::uuid AS program_id, (i->>'rank')::int AS rank
             FROM development.recommendations r CROSS JOIN LATERAL jsonb_array_elements(r.items) i
         )
         SELECT (SELECT count(*) FROM real)::int AS real_rows, (SELECT count(*) FROM bench_raw)::int AS raw_rows,
                (SELECT count(*) FROM development.recommendations)::int AS sets,
                (SELECT count(*) FROM real FULL JOIN bench_raw b USING (employee_id, competency_code, program_id, rank)
                  WHERE real.employee_id IS NULL OR b.employee_id IS NULL)::int AS different`,
      );
      if (check.sets !== size || check.different !== 0 || check.real_rows !== check.raw_rows) {
        throw new Error(`the real path and the raw SQL disagree at ${size}: ${JSON.stringify(check)}`);
      }
      results.push({ employees: size, realSeconds, rawSeconds });
      process.stdout.write(
        `${size} employees: real ${realSeconds.toFixed(2)} s (${Math.round(size / realSeconds)} employees/s), raw ${rawSeconds.toFixed(2)} s ` +
          `(${Math.round(size / rawSeconds)} employees/s), ratio ${(realSeconds / rawSeconds).toFixed(2)}; ` +
          `both give the same ${check.raw_rows} (employee, competency, program) rows\n`,
      );
    }
    // (3) Latency, one assessment after another.
    const latencies = await measureLatency(url, token);
    const p50 = percentile(latencies, 50);
    const p95 = percentile(latencies, 95);
    process.stdout.write(
      `latency from POST /assessments/{id}/complete to readable recommendations over ${latencies.length} assessments: ` +
        `p50 ${p50.toFixed(0)} ms, p95 ${p95.toFixed(0)} ms, max ${latencies[latencies.length - 1].toFixed(0)} ms (target p95 < 1000 ms)\n`,
    );
    const last = results[results.length - 1];
    process.stdout.write(
      `RESULT bench-recompute ratio=${(last.realSeconds / last.rawSeconds).toFixed(2)} employees=${last.employees} ` +
        results.map((r) => `real_s_${r.employees}=${r.realSeconds.toFixed(2)} raw_s_${r.employees}=${r.rawSeconds.toFixed(2)}`).join(' ') +
        ` workers=${workers.length} latency_p50_ms=${p50.toFixed(0)} latency_p95_ms=${p95.toFixed(0)} latency_assessments=${latencies.length}\n`,
    );
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench-recompute failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
