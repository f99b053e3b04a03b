/**
 * The four agency reports over 100,000 employees, each against one raw SQL statement over the base tables.
 *
 * On a fresh database (kompeten_bench_reports, Redis db 6; BENCH_DATABASE_URL / BENCH_REDIS_URL to change) it
 * creates through the API an agency with a unit tree (a root, 10 units, 4 below each), four positions of different
 * kinds with their SKJ (the nine national competencies), 18 national programs and a second agency. Then, with SQL
 * from a fixed seed (a documented fast seed: 100,000 events through the relay would only measure the relay), it
 * generates in the owning contexts' base tables 100,000 employees of the agency (and 20,000 of the other) spread over
 * the units and positions, a competency profile each (assessment.competency_profiles; 5 % not assessed yet), JP
 * credits this year and last (development.jp_ledger), and stated training needs (feedback.training_needs).
 * Reporting's read models are filled by the very code its subscribers run (ReadModelStore: placements through
 * Workforce's contract query, profiles as the CompetencyProfileChanged payloads the rows stand for, JP credits as
 * TrainingCompleted/DevelopmentRecorded would bring them), in batches of 5,000.
 *
 * Timed, each the median of 5 after a warm-up: (1) each report over HTTP (GET /reports/agencies/{id}/…, JSON:
 * scoping, contract queries, the read-model statement, serialisation); (2) the same aggregation as one raw SQL
 * statement over the base tables (workforce, assessment, development, feedback schemas). Both answers are
 * compared figure by figure, and it ends with one line:
 *   RESULT bench-reports ratio=<Σ project ÷ Σ raw> heatmap_ms=<project>/<raw> …
 *
 *   npm run bench:reports
 *   BENCH_EMPLOYEES=20000 node dist/bench/reports.bench.js
 */
import './support/bench-env';
import { DataSource } from 'typeorm';
import { QueryBus } from '@nestjs/cqrs';
import { environment } from '@config/environment';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { ReadModelStore } from '@kompeten/reporting';
import { startBenchSystem } from './support/fresh-system';
import { call } from './support/http';

const EMPLOYEES = Number(process.env.BENCH_EMPLOYEES ?? 100_000);
const OTHERS = Math.round(EMPLOYEES / 5);
const SEED = 20_261_128;
const CODES = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'];
const KINDS: [string, number][] = [
  ['ADMINISTRATOR', 3],
  ['PENGAWAS', 2],
  ['PELAKSANA', 1],
  ['FUNGSIONAL', 3],
];
const RUNS = 5;
const BATCH = 5_000;

const ms = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e6;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

/** Runs `work` once to warm up, then RUNS times; answers the median milliseconds and the last answer. */
async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; answer: T }> {
  let answer = await work();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t0 = process.hrtime.bigint();
    answer = await work();
    times.push(ms(t0));
  }
  return { ms: median(times), answer };
}

/** The rows both sides answer, as sorted text lines, and where they differ. */
function compare(what: string, project: unknown[][], raw: unknown[][]): number {
  const lines = (rows: unknown[][]) => rows.map((r) => r.map((v) => (v === null || v === undefined ? '' : String(v))).join('|')).sort();
  const [p, r] = [lines(project), lines(raw)];
  const missing = r.filter((line) => !p.includes(line));
  const extra = p.filter((line) => !r.includes(line));
  if (p.length !== r.length || missing.length || extra.length) {
    throw new Error(
      `${what}: the report and the raw SQL disagree (${p.length} vs ${r.length} rows); raw only: ${missing.slice(0, 5).join('; ')}; report only: ${extra.slice(0, 5).join('; ')}`,
    );
  }
  return p.length;
}

const RAW_TREE = `tree AS (
    SELECT id AS ancestor, id AS descendant FROM workforce.org_units WHERE agency_id = $1 AND retired_at IS NULL
    UNION ALL
    SELECT t.ancestor, u.id FROM tree t JOIN workforce.org_units u ON u.parent_id = t.descendant AND u.retired_at IS NULL)`;

const RAW = {
  // Summed per unit first, then rolled up the tree (as a careful hand would write it; joining first costs ×3).
  heatmap: `WITH RECURSIVE ${RAW_TREE}, per_unit AS (
      SELECT e.unit_id, i."competencyCode" AS code, i.type AS type, count(*) AS assessed, sum(i.gap) AS gap_sum,
             count(*) FILTER (WHERE i.gap < 0) AS below
        FROM workforce.employees e
        JOIN assessment.competency_profiles p ON p.employee_id = e.id
        CROSS JOIN json_to_record(p.items) AS c("competencyCode" text[], type text[], "achievedLevel" int[], gap int[])
        CROSS JOIN unnest(c."competencyCode", c.type, c."achievedLevel", c.gap) AS i("competencyCode", type, "achievedLevel", gap)
       WHERE e.agency_id = $1 AND e.retired_at IS NULL AND i."achievedLevel" IS NOT NULL
       GROUP BY 1, 2, 3)
    SELECT t.ancestor AS unit_id, c.code, c.type, sum(c.assessed)::int AS assessed, round(sum(c.gap_sum)::numeric / sum(c.assessed), 2)::float8 AS mean_gap,
           round(sum(c.below)::numeric / sum(c.assessed), 4)::float8 AS share
      FROM tree t JOIN per_unit c ON c.unit_id = t.descendant
     GROUP BY 1, 2, 3`,
  needs: `WITH gaps AS (
      SELECT i."competencyCode" AS code, count(*)::int AS n, round(avg(i.gap), 2)::float8 AS mean_gap
        FROM workforce.employees e
        JOIN assessment.competency_profiles p ON p.employee_id = e.id
        CROSS JOIN json_to_record(p.items) AS c("competencyCode" text[], type text[], "achievedLevel" int[], gap int[])
        CROSS JOIN unnest(c."competencyCode", c.type, c."achievedLevel", c.gap) AS i("competencyCode", type, "achievedLevel", gap)
       WHERE e.agency_id = $1 AND e.retired_at IS NULL AND i.gap < 0
       GROUP BY 1
    ), needs AS (
      SELECT competency_code AS code, count(DISTINCT employee_id)::int AS n
        FROM feedback.training_needs
       WHERE agency_id = $1 AND status <> 'DECLINED' AND competency_code IS NOT NULL
         AND submitted_at >= make_timestamptz($2, 1, 1, 0, 0, 0, 'Asia/Jakarta') AND submitted_at < make_timestamptz($2 + 1, 1, 1, 0, 0, 0, 'Asia/Jakarta')
       GROUP BY 1
    ), programs AS (
      SELECT pc.competency_code AS code, count(*)::int AS n
        FROM development.program_competencies pc JOIN development.programs p ON p.id = pc.program_id
       WHERE p.active AND (p.agency_id IS NULL OR p.agency_id = $1)
       GROUP BY 1
    )
    SELECT COALESCE(g.code, n.code) AS code, COALESCE(g.n, 0) AS with_gap, g.mean_gap, COALESCE(n.n, 0) AS stated, COALESCE(pr.n, 0) AS programs
      FROM gaps g FULL JOIN needs n ON n.code = g.code
      LEFT JOIN programs pr ON pr.code = COALESCE(g.code, n.code)
     WHERE COALESCE(g.n, 0) > 0 OR COALESCE(n.n, 0) > 0`,
  compliance: `WITH RECURSIVE ${RAW_TREE}, per_employee AS (
      SELECT e.id, e.unit_id, COALESCE(sum(l.jp), 0) AS jp
        FROM workforce.employees e LEFT JOIN development.jp_ledger l ON l.employee_id = e.id AND l.year = $2
       WHERE e.agency_id = $1 AND e.retired_at IS NULL
       GROUP BY 1, 2
    ), per_unit AS (
      SELECT unit_id, count(*) AS employees, count(*) FILTER (WHERE jp >= $3) AS reaching, sum(greatest($3 - jp, 0)) AS shortfall
        FROM per_employee GROUP BY 1)
    SELECT t.ancestor AS unit_id, sum(p.employees)::int AS employees, sum(p.reaching)::int AS reaching,
           (sum(p.employees) - sum(p.reaching))::int AS not_reaching, round(sum(p.shortfall), 2)::float8 AS shortfall,
           round(sum(p.reaching)::numeric / sum(p.employees), 4)::float8 AS rate
      FROM tree t JOIN per_unit p ON p.unit_id = t.descendant
     GROUP BY 1`,
  jpm: `SELECT pos.kind, p.category, count(*)::int AS employees
      FROM workforce.employees e
      JOIN workforce.positions pos ON pos.id = e.position_id
      LEFT JOIN assessment.competency_profiles p ON p.employee_id = e.id
     WHERE e.agency_id = $1 AND e.retired_at IS NULL
     GROUP BY 1, 2`,
};

async function main(): Promise<void> {
  const env = environment();
  const system = await startBenchSystem(0);
  const { api } = system;
  const base = system.url;
  const db = api.get(DataSource);
  try {
    const { accessToken: token } = await call('POST', `${base}/auth/token`, {
      email: env.KOMPETEN_ADMIN_EMAIL,
      password: env.KOMPETEN_ADMIN_PASSWORD,
    });
    const agency = await call('POST', `${base}/agencies`, { code: 'BENCH', name: 'Bench agency', kind: 'AGENCY' }, token);
    const other = await call('POST', `${base}/agencies`, { code: 'OTHER', name: 'Other agency', kind: 'AGENCY' }, token);
    const root = await call('POST', `${base}/agencies/${agency.id}/units`, { code: 'ROOT', name: 'Sekretariat' }, token);
    const leaves: string[] = [];
    const middles: string[] = [];
    for (let i = 1; i <= 10; i++) {
      const middle = await call(
        'POST',
        `${base}/agencies/${agency.id}/units`,
        { code: `B${i}`, name: `Biro ${i}`, parentId: root.id },
        token,
      );
      middles.push(middle.id);
      for (let j = 1; j <= 4; j++) {
        leaves.push(
          (
            await call(
              'POST',
              `${base}/agencies/${agency.id}/units`,
              { code: `B${i}-${j}`, name: `Bagian ${i}.${j}`, parentId: middle.id },
              token,
            )
          ).id,
        );
      }
    }
    const otherUnit = await call('POST', `${base}/agencies/${other.id}/units`, { code: 'U1', name: 'Unit' }, token);
    const positions: string[] = [];
    const required: number[] = [];
    for (const [kind, level] of KINDS) {
      const position = await call(
        'POST',
        `${base}/positions`,
        {
          code: `BENCH-${kind}`,
          name: kind,
          kind,
          agencyId: agency.id,
          ...(kind === 'FUNGSIONAL' ? { functionalGrade: 'AHLI_MUDA' } : {}),
        },
        token,
      );
      // Published before any employee holds it: no profile recompute runs over the generated profiles.
      await call(
        'PUT',
        `${base}/positions/${position.id}/standard`,
        { version: 0, items: CODES.map((competencyCode) => ({ competencyCode, requiredLevel: level })) },
        token,
      );
      positions.push(position.id);
      required.push(level);
    }
    const otherPosition = await call(
      'POST',
      `${base}/positions`,
      { code: 'OTHER-POS', name: 'Analis', kind: 'ADMINISTRATOR', agencyId: other.id },
      token,
    );
    for (const [i, code] of CODES.entries()) {
      for (const targetLevel of [3, 4]) {
        await call(
          'POST',
          `${base}/training-programs`,
          {
            code: `BENCH-${code}-${targetLevel}`,
            title: `Pelatihan ${code}`,
            deliveryMode: 'CLASSROOM',
            jp: 8 + i,
            provider: 'LAN',
            international: false,
            maxClassSize: 30,
            competencies: [{ competencyCode: code, targetLevel }],
          },
          token,
        );
      }
    }

    // Generated data in the owning contexts' base tables (seeded): employees, profiles, JP credits, stated needs.
    const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
    const started = Date.now();
    await db.query(`SELECT setseed($1)`, [(SEED % 1000) / 1000]);
    await db.query(
      `INSERT INTO workforce.employees (id, nip, name, kind, agency_id, unit_id, position_id)
       SELECT uuid_v7(), to_char(date '1960-01-01' + g / 2000, 'YYYYMMDD') || '200001' || (1 + (g / 1000) % 2)::text || lpad((g % 1000)::text, 3, '0'),
              'Pegawai ' || g, CASE WHEN g % 10 = 0 THEN 'PPPK' ELSE 'PNS' END,
              CASE WHEN g <= $1::int THEN $2::uuid ELSE $3::uuid END,
              CASE WHEN g > $1 THEN $4::uuid WHEN g % 20 = 0 THEN ($5::uuid[])[1 + (g / 20) % 10] ELSE ($6::uuid[])[1 + g % 40] END,
              CASE WHEN g > $1 THEN $7::uuid ELSE ($8::uuid[])[1 + g % 4] END
         FROM generate_series(1, $1::int + $9::int) g`,
      [EMPLOYEES, agency.id, other.id, otherUnit.id, middles, leaves, otherPosition.id, positions, OTHERS],
    );
    await db.query(
      `INSERT INTO assessment.competency_profiles (employee_id, agency_id, position_id, standard_version, jpm, category, purpose, reassessment_due, items)
       SELECT e.id, e.agency_id, e.position_id, 1, j.jpm, CASE WHEN j.jpm IS NULL THEN NULL WHEN j.jpm >= 90 THEN 'OPTIMAL' WHEN j.jpm >= 78 THEN 'CUKUP_OPTIMAL' ELSE 'KURANG_OPTIMAL' END,
              'MAPPING', j.jpm IS NULL, j.items
         FROM workforce.employees e
         CROSS JOIN LATERAL (SELECT COALESCE(array_position($1::uuid[], e.position_id), 1) AS k, random() < 0.05 AS unassessed) AS w
         CROSS JOIN LATERAL (SELECT (ARRAY[$2::int, $3::int, $4::int, $5::int])[w.k] AS required) AS r
         -- Nine levels per employee (a correlated subquery, so random() is drawn for each): gaps from −2 to +1.
         CROSS JOIN LATERAL (
           SELECT ARRAY(SELECT CASE WHEN w.unassessed THEN NULL ELSE greatest(1, least(5, r.required - 2 + floor(random() * 4)::int)) END
                          FROM generate_series(1, 9)) AS levels
         ) AS lv
         -- The items as the projector stores them: a column per field (ProfileItemColumns), instants in epoch milliseconds.
         CROSS JOIN LATERAL (
           SELECT json_build_object('competencyCode', json_agg(x.code ORDER BY x.code),
                    'type', json_agg(CASE WHEN x.code LIKE 'SK%' THEN 'SOCIOCULTURAL' ELSE 'MANAGERIAL' END ORDER BY x.code),
                    'requiredLevel', json_agg(r.required ORDER BY x.code), 'achievedLevel', json_agg(x.level ORDER BY x.code),
                    'gap', json_agg(x.level - r.required ORDER BY x.code),
                    'assessedAt', json_agg(CASE WHEN x.level IS NULL THEN NULL ELSE $7::int8 - 30 * 86400000::int8 END ORDER BY x.code),
                    'validUntil', json_agg(CASE WHEN x.level IS NULL THEN NULL ELSE $7::int8 + 3 * 365 * 86400000::int8 END ORDER BY x.code),
                    'selfAssessedLevel', json_agg(NULL::int ORDER BY x.code)) AS items,
                  round(sum(x.level) * 100.0 / (r.required * 9), 2) AS jpm
             FROM unnest($6::text[], lv.levels) AS x(code, level)
         ) AS j`,
      [positions, ...required, CODES, Date.now()],
    );
    await db.query(
      `INSERT INTO development.jp_ledger (id, employee_id, agency_id, year, jp, source, source_id)
       SELECT uuid_v7(), e.id, e.agency_id, CASE WHEN random() < 0.8 THEN $1 ELSE $1 - 1 END, (2 + floor(random() * 12))::numeric, 'RECORD', uuid_v7()
         FROM workforce.employees e
         -- 0 to 3 credits each (correlated with the employee, so drawn for each).
         CROSS JOIN LATERAL generate_series(1, CASE WHEN e.id IS NULL THEN 0 ELSE floor(random() * 4)::int END) AS k`,
      [year],
    );
    await db.query(
      `INSERT INTO feedback.training_needs (id, employee_id, agency_id, competency_code, priority, status, submitted_by, submitted_at)
       SELECT uuid_v7(), e.id, e.agency_id, ($1::text[])[1 + floor(random() * 9)::int], 'MEDIUM', 'OPEN',
              'SELF', now() - interval '1 hour'
         FROM workforce.employees e WHERE random() < 0.1`,
      [CODES],
    );
    await db.query(`ANALYZE`);
    process.stdout.write(
      `generated ${EMPLOYEES} + ${OTHERS} employees with profiles, JP credits and needs in ${Date.now() - started} ms\n`,
    );

    // Reporting's read models, by the code its subscribers and its nightly job run.
    const seeded = Date.now();
    const store = new ReadModelStore(api.get(UnitOfWork), api.get(QueryBus));
    await store.rebuildPlacements(BATCH);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await db.query(
        `SELECT employee_id, agency_id, position_id, standard_version, jpm::float8 AS jpm, category, reassessment_due, items, computed_at
           FROM assessment.competency_profiles WHERE employee_id > $1 ORDER BY employee_id LIMIT $2`,
        [after, BATCH],
      );
      if (rows.length === 0) break;
      await store.applyProfiles({
        changes: rows.map((r: any) => ({
          occurredAt: new Date(r.computed_at),
          payload: {
            employeeId: r.employee_id,
            agencyId: r.agency_id,
            positionId: r.position_id,
            standardVersion: r.standard_version,
            jpm: r.jpm,
            category: r.category,
            reassessmentDue: r.reassessment_due,
            gaps: {
              competencyCode: r.items.competencyCode,
              type: r.items.type,
              requiredLevel: r.items.requiredLevel,
              achievedLevel: r.items.achievedLevel,
              gap: r.items.gap,
            },
          },
        })),
      });
      after = rows[rows.length - 1].employee_id;
    }
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows = await db.query(
        `SELECT id, employee_id, agency_id, year, jp::float8 AS jp, source_id FROM development.jp_ledger WHERE id > $1 ORDER BY id LIMIT $2`,
        [after, BATCH],
      );
      if (rows.length === 0) break;
      await store.applyJpCredits(
        rows.map((r: any) => ({
          source: 'RECORD' as const,
          sourceId: r.source_id,
          employeeId: r.employee_id,
          agencyId: r.agency_id,
          year: r.year,
          jp: r.jp,
        })),
      );
      after = rows[rows.length - 1].id;
    }
    await db.query(`VACUUM ANALYZE reporting.employees, reporting.profiles, reporting.gaps, reporting.jp_credits, reporting.jp_totals`);
    process.stdout.write(`read models filled through ReadModelStore in ${Date.now() - seeded} ms\n`);

    // Timed: each report over HTTP, and its raw SQL statement over the base tables.
    const get = (path: string) => call('GET', `${base}/reports/agencies/${agency.id}/${path}`, undefined, token);
    const raw = (sql: string, params: unknown[]) => db.query(sql, params);
    const requiredJp = env.REQUIRED_JP_PER_YEAR;
    const results: { name: string; project: number; raw: number; rows: number }[] = [];

    const heatmap = { project: await timed(() => get('gap-heatmap')), raw: await timed(() => raw(RAW.heatmap, [agency.id])) };
    results.push({
      name: 'heatmap',
      project: heatmap.project.ms,
      raw: heatmap.raw.ms,
      rows: compare(
        'gap-heatmap',
        heatmap.project.answer.items.map((i: any) => [
          i.unitId,
          i.competencyCode,
          i.competencyType,
          i.employeesAssessed,
          i.meanGap,
          i.shareBelowStandard,
        ]),
        heatmap.raw.answer.map((r: any) => [r.unit_id, r.code, r.type, r.assessed, r.mean_gap, r.share]),
      ),
    });

    const needs = {
      project: await timed(() => get(`development-needs?year=${year}`)),
      raw: await timed(() => raw(RAW.needs, [agency.id, year])),
    };
    results.push({
      name: 'needs',
      project: needs.project.ms,
      raw: needs.raw.ms,
      rows: compare(
        'development-needs',
        needs.project.answer.items.map((i: any) => [
          i.competencyCode,
          i.employeesWithGap,
          i.meanShortfall,
          i.statedNeeds,
          i.programs.length,
        ]),
        needs.raw.answer.map((r: any) => [r.code, r.with_gap, r.mean_gap, r.stated, r.programs]),
      ),
    });

    const compliance = {
      project: await timed(() => get(`jp-compliance?year=${year}`)),
      raw: await timed(() => raw(RAW.compliance, [agency.id, year, requiredJp])),
    };
    results.push({
      name: 'compliance',
      project: compliance.project.ms,
      raw: compliance.raw.ms,
      rows: compare(
        'jp-compliance',
        compliance.project.answer.items.map((i: any) => [i.unitId, i.employees, i.reaching, i.notReaching, i.shortfallJp, i.rate]),
        compliance.raw.answer.map((r: any) => [r.unit_id, r.employees, r.reaching, r.not_reaching, r.shortfall, r.rate]),
      ),
    });

    const jpm = { project: await timed(() => get('jpm-distribution')), raw: await timed(() => raw(RAW.jpm, [agency.id])) };
    results.push({
      name: 'jpm',
      project: jpm.project.ms,
      raw: jpm.raw.ms,
      rows: compare(
        'jpm-distribution',
        jpm.project.answer.items.map((i: any) => [i.positionKind, i.category, i.employees]),
        jpm.raw.answer.map((r: any) => [r.kind, r.category, r.employees]),
      ),
    });

    for (const r of results) {
      process.stdout.write(
        `${r.name.padEnd(10)} report ${r.project.toFixed(1).padStart(8)} ms   raw SQL ${r.raw.toFixed(1).padStart(8)} ms   ratio ${(r.project / r.raw).toFixed(2)}   (${r.rows} rows agree)\n`,
      );
    }
    const project = results.reduce((s, r) => s + r.project, 0);
    const baseline = results.reduce((s, r) => s + r.raw, 0);
    const slowest = Math.max(...results.map((r) => r.project));
    process.stdout.write(`every report agrees with its raw SQL; the slowest report took ${slowest.toFixed(1)} ms (goal < 2000 ms)\n`);
    process.stdout.write(
      `RESULT bench-reports ratio=${(project / baseline).toFixed(2)} ` +
        results.map((r) => `${r.name}_ms=${r.project.toFixed(1)}/${r.raw.toFixed(1)}`).join(' ') +
        ` slowest_ms=${slowest.toFixed(1)} employees=${EMPLOYEES} other_employees=${OTHERS} runs=${RUNS}\n`,
    );
  } finally {
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`bench-reports failed: ${error.stack ?? error.message}\n`);
    process.exit(1);
  },
);
