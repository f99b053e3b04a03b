import { Injectable } from '@nestjs/common';
import { Outbox, outboxInsertSql, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS } from '../contracts/events';
import { jpYearOf } from '../domain/calendar';
import { RECOMMENDATION_SCORING, RecommendationScoring } from '../domain/recommendation-scoring';
import { DevelopmentPolicy } from './development-policy.provider';

/**
 * The recommendations of a batch of employees in one statement (the rule and
 * the score: domain/recommendation-scoring.ts), from Development's own data:
 * the latest gaps (development.employee_gaps), the catalogue, sessions,
 * enrolments, the JP ledger, and its copy of the Feedback signals (stated
 * needs, programs' evaluations and effectiveness). Parameters:
 *   $1 employees, $2 JP year, $3 required JP a year, $4–$8 the JP rules,
 *   $9–$15 the scoring, $16 now, $17–$22 the feedback terms, $23 the gap's place.
 */
export const RECOMMENDATIONS_SQL = `
  WITH emp AS MATERIALIZED (
    SELECT p.employee_id, p.agency_id,
           greatest(0, $3::numeric - COALESCE(sum(l.jp), 0)) AS shortfall
      FROM development.employee_profiles p
      LEFT JOIN development.jp_ledger l ON l.employee_id = p.employee_id AND l.year = $2 AND l.employee_id = ANY($1::uuid[])
     WHERE p.employee_id = ANY($1::uuid[])
     GROUP BY p.employee_id, p.agency_id
  ), prog AS MATERIALIZED (
    -- Each active program once: the JP one completion credits, and its soonest session with a free seat.
    SELECT p.id AS program_id, p.code AS program_code, p.agency_id, s.session_id, s.starts_at, s.free,
           -- Feedback: the mean rating once there are enough evaluations; the mean level change once meaningful.
           CASE WHEN f.evaluations >= $21 THEN f.mean_rating END AS mean_rating, f.evaluations,
           CASE WHEN f.meaningful THEN f.mean_level_change END AS level_change, f.participants,
           CASE WHEN p.days IS NOT NULL
                THEN round(p.days * CASE WHEN p.delivery_mode = 'SEMINAR' THEN CASE WHEN p.international THEN $6::numeric ELSE $5::numeric END
                                         ELSE CASE WHEN p.international THEN $8::numeric ELSE $7::numeric END END, 2)
                ELSE round(p.jp * CASE WHEN p.international THEN 1 + $4::numeric / 100 ELSE 1 END, 2) END AS credit_jp
      FROM development.programs p
      LEFT JOIN (
        SELECT DISTINCT ON (s.program_id) s.program_id, s.id AS session_id, s.starts_at, s.capacity - s.seats_taken AS free
          FROM development.sessions s
         WHERE s.status IN ('PROPOSED', 'SCHEDULED') AND s.seats_taken < s.capacity
           AND s.starts_at > $16 AND s.starts_at <= $16 + make_interval(days => $13) AND s.enrolment_deadline > $16
         ORDER BY s.program_id, s.starts_at, s.id
      ) s ON s.program_id = p.id
      LEFT JOIN development.program_feedback f ON f.program_id = p.id
     WHERE p.active
  ), taken AS MATERIALIZED (
    -- Programs the employees completed (in a session or on a learning platform) or hold a live enrolment in: not recommended.
    SELECT x.employee_id, x.program_id FROM development.enrolments x
     WHERE x.employee_id = ANY($1::uuid[]) AND x.status <> 'CANCELLED'
    UNION
    SELECT c.employee_id, c.program_id FROM development.platform_completions c
     WHERE c.employee_id = ANY($1::uuid[]) AND c.status = 'CREDITED'
  ), need AS MATERIALIZED (
    -- The employees' live stated needs: the highest priority per competency.
    SELECT DISTINCT ON (n.employee_id, n.competency_code) n.employee_id, n.competency_code, n.priority,
           CASE n.priority WHEN 'HIGH' THEN $17::numeric WHEN 'MEDIUM' THEN $18::numeric ELSE $19::numeric END AS weight
      FROM development.stated_needs n
     WHERE n.employee_id = ANY($1::uuid[])
     ORDER BY n.employee_id, n.competency_code, CASE n.priority WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END
  ), gap AS MATERIALIZED (
    -- Per employee through the primary key (OFFSET 0 keeps it a nested loop): the cost follows the batch, not the table.
    -- place: how many of the employee's gaps come after this one (gaps from the largest, then by competency code).
    SELECT e.employee_id, e.agency_id, e.shortfall, g.competency_code, g.required_level, g.achieved_level, g.gap,
           count(*) OVER (PARTITION BY e.employee_id) - row_number() OVER (PARTITION BY e.employee_id ORDER BY g.gap, g.competency_code) AS place
      FROM emp e
      CROSS JOIN LATERAL (SELECT * FROM development.employee_gaps g WHERE g.employee_id = e.employee_id AND g.gap < 0 OFFSET 0) g
  ), cand AS (
    SELECT g.employee_id, g.competency_code, g.gap, g.place, p.program_id, p.program_code, pc.target_level, p.session_id,
           round($23::numeric * g.place
                 + CASE WHEN pc.target_level >= g.required_level THEN $9::numeric ELSE 0 END + $10::numeric * (5 - pc.target_level)
                 + CASE WHEN p.session_id IS NOT NULL THEN $11::numeric ELSE 0 END
                 + CASE WHEN $3::numeric > 0 THEN $12::numeric * least(p.credit_jp, g.shortfall) / $3::numeric ELSE 0 END
                 + COALESCE(n.weight, 0)
                 + COALESCE($20::numeric * (p.mean_rating - 3) / 2, 0)
                 -- greatest/least skip NULLs: the CASE keeps an unmeasured program at 0.
                 + CASE WHEN p.level_change IS NOT NULL THEN $22::numeric * greatest(-1, least(1, p.level_change)) ELSE 0 END, 2) AS score
      FROM gap g
      JOIN development.program_competencies pc ON pc.competency_code = g.competency_code AND pc.target_level > g.achieved_level
      JOIN prog p ON p.program_id = pc.program_id AND (p.agency_id IS NULL OR p.agency_id = g.agency_id)
      LEFT JOIN taken x ON x.employee_id = g.employee_id AND x.program_id = p.program_id
      LEFT JOIN need n ON n.employee_id = g.employee_id AND n.competency_code = g.competency_code
     WHERE x.employee_id IS NULL
  ), top AS (
    -- The best MAX_PER_GAP candidates of each gap, k within it.
    SELECT * FROM (
      SELECT c.*, row_number() OVER (PARTITION BY c.employee_id, c.competency_code ORDER BY c.score DESC, c.program_code COLLATE "C", c.program_id) AS k
        FROM cand c) t
     WHERE t.k <= $14
  ), ranked AS (
    -- The gap's place leads the score, so this order is the score's, descending.
    SELECT * FROM (
      SELECT t.*, row_number() OVER (PARTITION BY t.employee_id ORDER BY t.place DESC, t.k) AS rank FROM top t) r
     WHERE r.rank <= $15
  ), sets AS (
    -- The stored items are the event's: what reasons are made from is read when they are (recommendations.ts).
    SELECT e.employee_id, e.agency_id,
           COALESCE(jsonb_agg(jsonb_build_object(
             'rank', r.rank, 'programId', r.program_id, 'programCode', r.program_code, 'competencyCode', r.competency_code,
             'gap', r.gap, 'targetLevel', r.target_level, 'score', r.score::float8, 'sessionId', r.session_id
           ) ORDER BY r.rank) FILTER (WHERE r.rank IS NOT NULL), '[]'::jsonb) AS items
      FROM emp e LEFT JOIN ranked r ON r.employee_id = e.employee_id
     GROUP BY e.employee_id, e.agency_id
  ), stored AS (
    INSERT INTO development.recommendations AS r (employee_id, agency_id, items, generated_at)
    SELECT employee_id, agency_id, items, $16 FROM sets
    ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, items = EXCLUDED.items, generated_at = EXCLUDED.generated_at
     WHERE r.items IS DISTINCT FROM EXCLUDED.items OR r.agency_id IS DISTINCT FROM EXCLUDED.agency_id
    RETURNING r.employee_id, r.agency_id, r.items, r.generated_at
  ), published AS (
    ${outboxInsertSql(`
      SELECT '${DEVELOPMENT_EVENTS.RecommendationsGenerated}'::text AS event_name, s.employee_id::text AS aggregate_id,
             json_build_object('employeeId', s.employee_id, 'agencyId', s.agency_id, 'generatedAt', s.generated_at, 'items', s.items) AS payload
        FROM stored s`)}
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM sets)::int AS computed, (SELECT count(*) FROM published)::int AS changed`;

/** The parameters $2–$23 of RECOMMENDATIONS_SQL for a policy and a moment. */
export function recommendationParams(
  policy: DevelopmentPolicy,
  now: Date,
  scoring: RecommendationScoring = RECOMMENDATION_SCORING,
): unknown[] {
  const r = policy.jpRules;
  return [
    jpYearOf(now),
    policy.requiredJp,
    r.internationalBonusPercent,
    r.seminarDayJp,
    r.seminarDayJpInternational,
    r.workshopDayJp,
    r.workshopDayJpInternational,
    scoring.REACHES_REQUIRED,
    scoring.PER_LEVEL_BELOW_MAX,
    scoring.SESSION_SOON,
    scoring.JP_SHORTFALL,
    scoring.SESSION_WINDOW_DAYS,
    scoring.MAX_PER_GAP,
    scoring.MAX_ITEMS,
    now,
    scoring.STATED_NEED * scoring.STATED_NEED_SHARE.HIGH,
    scoring.STATED_NEED * scoring.STATED_NEED_SHARE.MEDIUM,
    scoring.STATED_NEED * scoring.STATED_NEED_SHARE.LOW,
    scoring.EVALUATION,
    scoring.MIN_EVALUATIONS,
    scoring.EFFECTIVENESS,
    scoring.GAP_PLACE,
  ];
}

/**
 * Recomputes and stores the current recommendations of a batch of employees
 * (one set each, replaced), and publishes RecommendationsGenerated for the
 * sets that changed, in the caller's transaction (or its own).
 */
@Injectable()
export class RecommendationEngine {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly policy: DevelopmentPolicy,
  ) {}

  async recompute(employeeIds: string[], now: Date = new Date()): Promise<{ computed: number; changed: number }> {
    if (employeeIds.length === 0) return { computed: 0, changed: 0 };
    return this.uow.transaction(async () => {
      // The candidates of a chunk are sorted once (top-3 per gap): in memory, not on disk.
      if (employeeIds.length > 100) await this.uow.query(`SET LOCAL work_mem = '64MB'`);
      const [row] = await this.uow.query<{ computed: number; changed: number }>(RECOMMENDATIONS_SQL, [
        employeeIds,
        ...recommendationParams(this.policy, now),
      ]);
      if (row.changed > 0) await this.outbox.wakeRelay();
      return { computed: row.computed, changed: row.changed };
    });
  }
}
