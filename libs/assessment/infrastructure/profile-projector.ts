import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { PositionStandardItem, PositionStandardsQuery, PositionStandardSnapshot } from '@kompeten/competency-standards/contracts';
import { Outbox, outboxInsertSql, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeePlacementsQuery, PositionSummaryQuery } from '@kompeten/workforce/contracts';
import { AssessmentPolicy, AssessmentPurpose, CompetencyType, JpmTypeWeights } from '../domain/assessment-policy';
import { categoryFor, gap, JpmItem, jpmHundredths } from '../domain/jpm';
import { ASSESSMENT_EVENTS, ProfileGapColumns, profileGaps } from '../contracts/events';
import { AssessmentPolicyProvider } from './assessment-policy.provider';

/** One item of a profile as the API shows it (API.md, competency profile). */
export interface ProfileItem {
  competencyCode: string;
  type: CompetencyType;
  requiredLevel: number;
  achievedLevel: number | null;
  gap: number | null;
  assessedAt: string | null;
  validUntil: string | null;
  /** The latest self-assessed level, shown beside; never counted in the JPM. */
  selfAssessedLevel: number | null;
}

/**
 * A stored profile's items as columns, in SKJ order: the gaps as CompetencyProfileChanged carries them, then the
 * instants (epoch milliseconds) and the self-assessed levels. A key per competency made the items 2.6 times as
 * long, and every holder's profile is written again when their SKJ changes (ADR 0006).
 */
export interface ProfileItemColumns extends ProfileGapColumns {
  assessedAt: (number | null)[];
  validUntil: (number | null)[];
  /** The latest self-assessed level, shown beside; never counted in the JPM. */
  selfAssessedLevel: (number | null)[];
}

/** A stored profile's items as the API shows them. */
export function profileItems(columns: ProfileItemColumns): ProfileItem[] {
  const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());
  return profileGaps(columns).map((item, i) => ({
    ...item,
    assessedAt: iso(columns.assessedAt[i]),
    validUntil: iso(columns.validUntil[i]),
    selfAssessedLevel: columns.selfAssessedLevel[i],
  }));
}

/**
 * The latest valid result of an employee for a competency, official or not:
 * [employee's place in the batch (0-based), competency, level, official,
 * purpose, assessed-at, valid-until (both in epoch milliseconds)].
 */
export type LatestResult = [
  at: number,
  competencyCode: string,
  level: number,
  official: boolean,
  purpose: AssessmentPurpose,
  assessedAt: number,
  validUntil: number,
];

export interface Placement {
  id: string;
  agencyId: string;
  positionId: string;
}

/** A computed profile, with its items and event already written as JSON. */
export interface ProfileRow {
  employeeId: string;
  agencyId: string;
  positionId: string;
  standardVersion: number;
  jpm: number | null;
  category: string | null;
  purpose: AssessmentPurpose | null;
  reassessmentDue: boolean;
  /** JSON.stringify(items: ProfileItemColumns). */
  items: string;
  /** The CompetencyProfileChanged payload: the gaps are what Development plans from. */
  event: string;
}

const DAY = 24 * 3600 * 1000;
/** Separates the JSON documents of a batch in one text parameter: JSON.stringify never writes a raw line feed. */
const LINE = '\n';
/** Achieved (or self-assessed) levels by index: none, then 1 to 5. */
const LEVELS = [null, 1, 2, 3, 4, 5] as const;
const LEVEL_TEXT = LEVELS.map((level) => `${level}`);

/**
 * The profiles of a batch of employees from their placements, the SKJs of their
 * positions and their latest valid results, by the rules of domain/jpm.ts.
 *
 * The JSON is written as text, column by column (what the SKJ fixes, once per
 * position and batch), instead of building objects for JSON.stringify: for
 * 100,000 employees this is most of the projector's work. It is the exact text
 * JSON.stringify writes for the same objects (profile-projector.spec.ts).
 */
export function computeProfiles(
  placements: Placement[],
  standards: Map<string, PositionStandardSnapshot>,
  results: LatestResult[],
  policy: AssessmentPolicy,
  weights: Map<string, JpmTypeWeights>,
  now: Date,
): ProfileRow[] {
  // Results in slots (employee × competency of the batch), official and self-assessed apart: two arrays for the
  // batch rather than two maps per employee.
  const competencies = new Map<string, number>();
  for (const result of results) if (!competencies.has(result[1])) competencies.set(result[1], competencies.size);
  const width = competencies.size;
  const official: (LatestResult | undefined)[] = new Array(placements.length * width);
  const self: (LatestResult | undefined)[] = new Array(placements.length * width);
  const latestPurpose: (LatestResult | undefined)[] = new Array(placements.length);
  for (const result of results) {
    const at = result[0];
    const slot = at * width + competencies.get(result[1])!;
    if (!result[3]) {
      self[slot] = result;
      continue;
    }
    official[slot] = result;
    // The latest official result gives the purpose; of results assessed at the same instant, the first competency's.
    const known = latestPurpose[at];
    if (!known || result[5] > known[5] || (result[5] === known[5] && result[1] < known[1])) latestPurpose[at] = result;
  }

  // What the SKJ fixes is written once per position: the columns of codes, types and required levels; per SKJ item, the
  // gap's text for each achieved level and the competency's place among the batch's results (-1: no employee of the
  // batch has a result for it).
  const planOf = (version: number, items: PositionStandardItem[]) => ({
    version,
    head:
      `"competencyCode":${JSON.stringify(items.map((i) => i.competencyCode))},` +
      `"type":${JSON.stringify(items.map((i) => i.competencyType))},` +
      `"requiredLevel":${JSON.stringify(items.map((i) => i.requiredLevel))}`,
    items: items.map((item) => ({
      item,
      gaps: LEVELS.map((level) => `${gap(level, item.requiredLevel)}`),
      column: competencies.get(item.competencyCode) ?? -1,
    })),
  });
  const plans = new Map([...standards].map(([positionId, standard]) => [positionId, planOf(standard.version, standard.items)]));
  // A position without a published SKJ: an empty profile.
  const noPlan = planOf(0, []);
  const noticeBefore = now.getTime() + policy.reassessmentNoticeDays * DAY;

  // An instant's text, once per batch: most of a batch's results share a handful of instants, and one profile's
  // results mostly one (so each column remembers its last).
  const instantTexts = new Map<number, string>();
  const instantColumn = () => {
    let last = NaN;
    let lastText = '';
    return (ms: number) => {
      if (ms !== last) {
        let text = instantTexts.get(ms);
        if (text === undefined) instantTexts.set(ms, (text = `${ms}`));
        last = ms;
        lastText = text;
      }
      return lastText;
    };
  };
  const assessedAtText = instantColumn();
  const validUntilText = instantColumn();
  // Category labels come from configuration: written as JSON once each.
  const categoryTexts = new Map<string | null, string>();
  const categoryText = (category: string | null) => {
    let text = categoryTexts.get(category);
    if (text === undefined) categoryTexts.set(category, (text = JSON.stringify(category)));
    return text;
  };
  // Each column's values for one profile, joined once: a string grown value by value is a rope of a hundred pieces per
  // profile, which writing the batch's text then had to walk (a quarter of node's time in bench:profiles' window).
  const achievedLevels: string[] = [];
  const gaps: string[] = [];
  const assessedAt: string[] = [];
  const validUntil: string[] = [];
  const selfAssessed: string[] = [];

  return placements.map((p, at) => {
    const plan = plans.get(p.positionId) ?? noPlan;
    const row = at * width;
    const count = plan.items.length;
    achievedLevels.length = gaps.length = assessedAt.length = validUntil.length = selfAssessed.length = count;
    let complete = count > 0;
    let due = false;
    const achieved: JpmItem[] = [];
    for (let k = 0; k < count; k++) {
      const { item, gaps: gapText, column } = plan.items[k];
      const result = column < 0 ? undefined : official[row + column];
      const mine = column < 0 ? undefined : self[row + column];
      const level = result ? result[2] : 0;
      achievedLevels[k] = LEVEL_TEXT[level];
      gaps[k] = gapText[level];
      // Epoch milliseconds are integers: their text is what JSON.stringify writes.
      assessedAt[k] = result ? assessedAtText(result[5]) : 'null';
      validUntil[k] = result ? validUntilText(result[6]) : 'null';
      selfAssessed[k] = LEVEL_TEXT[mine ? mine[2] : 0];
      if (result) achieved.push({ type: item.competencyType, requiredLevel: item.requiredLevel, achievedLevel: result[2] });
      else complete = false;
      if (!result || result[6] <= noticeBefore) due = true;
    }
    const gapColumns = [plan.head, ',"achievedLevel":[', achievedLevels.join(','), '],"gap":[', gaps.join(','), ']'].join('');
    const itemsJson = [
      '{',
      gapColumns,
      ',"assessedAt":[',
      assessedAt.join(','),
      '],"validUntil":[',
      validUntil.join(','),
      '],"selfAssessedLevel":[',
      selfAssessed.join(','),
      ']}',
    ].join('');
    const purpose = latestPurpose[at]?.[4] ?? null;
    const hundredths = complete
      ? jpmHundredths(achieved, { weights: weights.get(p.positionId) ?? null, capAtRequired: policy.capAchievedAtRequired })
      : null;
    const jpm = hundredths === null ? null : hundredths / 100;
    const category = hundredths === null || !purpose ? null : categoryFor(hundredths, purpose, policy.categories);
    const standardVersion = plan.version;
    return {
      employeeId: p.id,
      agencyId: p.agencyId,
      positionId: p.positionId,
      standardVersion,
      jpm,
      category,
      purpose,
      reassessmentDue: due,
      items: itemsJson,
      // Ids are uuids and the JPM a number or null: their JSON is their text.
      event: [
        '{"employeeId":"',
        p.id,
        '","agencyId":"',
        p.agencyId,
        '","positionId":"',
        p.positionId,
        '","standardVersion":',
        `${standardVersion}`,
        ',"jpm":',
        `${jpm}`,
        ',"category":',
        categoryText(category),
        ',"reassessmentDue":',
        due ? 'true' : 'false',
        ',"gaps":{',
        gapColumns,
        '}}',
      ].join(''),
    };
  });
}

/**
 * Whether the stored profile `stored` differs from the recomputed `fresh` (SQL row references): column by column, the
 * version first (after an SKJ change the comparison ends there), the items by the text they were written as.
 */
function profileDiffers(stored: string, fresh: string): string {
  const columns = ['standard_version', 'position_id', 'agency_id', 'jpm', 'category', 'purpose', 'reassessment_due', 'items::text'];
  const row = (of: string) => columns.map((column) => `${of}.${column}`).join(', ');
  return `(${row(stored)}) IS DISTINCT FROM (${row(fresh)})`;
}

/**
 * Recomputes competency profiles for a set of employees, set-based: one query
 * for placements, one for the SKJs of their positions, one for the latest
 * results, the rules of domain/jpm.ts in TypeScript, then one upsert writing
 * only profiles that changed and one insert publishing
 * CompetencyProfileChanged for exactly those, in one transaction.
 */
@Injectable()
export class ProfileProjector {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly queries: QueryBus,
    private readonly policies: AssessmentPolicyProvider,
  ) {}

  async recompute(employeeIds: string[], now: Date = new Date()): Promise<{ changed: number }> {
    if (employeeIds.length === 0) return { changed: 0 };
    const placements = (await this.queries.execute(new EmployeePlacementsQuery({ ids: employeeIds }))).filter((p) => !p.retired);
    const positionIds = [...new Set(placements.map((p) => p.positionId))];
    const standards = new Map<string, PositionStandardSnapshot>();
    for (const standard of await this.queries.execute(new PositionStandardsQuery(positionIds)))
      standards.set(standard.positionId, standard);
    const weights = await this.weightsByPosition(positionIds);
    const ids = placements.map((p) => p.id);
    const results = ids.length ? await this.latestResults(ids, now) : [];
    const profiles = computeProfiles(placements, standards, results, this.policies.policy, weights, now);
    return { changed: await this.store(profiles, employeeIds) };
  }

  /**
   * The latest valid result per (employee, competency, official). One index scan per employee, in index order (the
   * index leads with `official`), so the plan does not depend on what the planner guesses of the batch. The results
   * travel as one JSON document grouped by what one assessment's results share (official, purpose, instants): a
   * handful of groups per employee instead of a row per result, far cheaper for PostgreSQL to write and for node to
   * read. Instants travel as epoch milliseconds, truncated as node-postgres reads a timestamptz.
   */
  private async latestResults(employeeIds: string[], now: Date): Promise<LatestResult[]> {
    const [{ groups }] = await this.uow.query<{ groups: string | null }>(
      `SELECT json_agg(json_build_array(g.at, g.official, g.purpose, g.assessed_at, g.valid_until, g.codes, g.levels))::text AS groups
         FROM (SELECT e.n - 1 AS at, l.official, l.purpose,
                      (date_part('epoch', date_trunc('milliseconds', l.assessed_at)) * 1000)::int8 AS assessed_at,
                      (date_part('epoch', date_trunc('milliseconds', l.valid_until)) * 1000)::int8 AS valid_until,
                      json_agg(l.competency_code) AS codes, json_agg(l.level) AS levels
                 FROM unnest($1::uuid[]) WITH ORDINALITY AS e(employee_id, n)
                CROSS JOIN LATERAL (
                      SELECT DISTINCT ON (official, competency_code) official, competency_code, level, purpose, assessed_at, valid_until
                        FROM assessment.achieved_levels
                       WHERE employee_id = e.employee_id AND valid_until > $2
                       ORDER BY official, competency_code, assessed_at DESC) l
                GROUP BY e.n, l.official, l.purpose, l.assessed_at, l.valid_until) g`,
      [employeeIds, now],
    );
    if (!groups) return [];
    const results: LatestResult[] = [];
    const parsed = JSON.parse(groups) as [number, boolean, AssessmentPurpose, number, number, string[], number[]][];
    for (const [at, official, purpose, assessedAt, validUntil, codes, levels] of parsed)
      for (let i = 0; i < codes.length; i++) results.push([at, codes[i], levels[i], official, purpose, assessedAt, validUntil]);
    return results;
  }

  private async weightsByPosition(positionIds: string[]) {
    const byKind = this.policies.policy.typeWeights;
    const result = new Map<string, JpmTypeWeights>();
    if (Object.keys(byKind).length === 0) return result;
    for (const id of positionIds) {
      const position = await this.queries.execute(new PositionSummaryQuery({ id }));
      const weights = position && (byKind[`${position.kind}:${position.functionalGrade}`] ?? byKind[position.kind]);
      if (weights) result.set(id, weights);
    }
    return result;
  }

  /**
   * Upserts changed profiles and publishes CompetencyProfileChanged for those only; drops profiles of employees gone.
   * Scalars travel as arrays and the JSON documents as lines of one text, so PostgreSQL parses only the items of
   * profiles that changed, and only their events.
   */
  private async store(profiles: ProfileRow[], asked: string[]): Promise<number> {
    return this.uow.transaction(async () => {
      const kept = new Set(profiles.map((p) => p.employeeId));
      const gone = asked.filter((id) => !kept.has(id));
      if (gone.length) await this.uow.query(`DELETE FROM assessment.competency_profiles WHERE employee_id = ANY($1::uuid[])`, [gone]);
      if (profiles.length === 0) return 0;
      // Stored profiles are updated in place (most are, after an SKJ change); only the missing are inserted, and one
      // inserted meanwhile by another recompute is taken over by the ON CONFLICT. A batch touches a few thousand rows
      // by primary key: priced as if each came from disk, the planner would rather read the whole table (100,000
      // rows cached: a third slower), so this transaction prices pages as the cached, indexed reads they are.
      await this.uow.query(`SET LOCAL random_page_cost = 1.1`);
      const written = await this.uow.query<{ employee_id: string }>(
        `WITH t AS (
           SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::int[], $5::numeric[], $6::text[], $7::text[], $8::boolean[],
                                string_to_array($9, $10))
                      AS t(employee_id, agency_id, position_id, standard_version, jpm, category, purpose, reassessment_due, items)
         ), updated AS (
           UPDATE assessment.competency_profiles p
              SET agency_id = t.agency_id, position_id = t.position_id, standard_version = t.standard_version, jpm = t.jpm,
                  category = t.category, purpose = t.purpose, reassessment_due = t.reassessment_due, items = t.items::json, computed_at = now()
             FROM t
            WHERE p.employee_id = t.employee_id AND ${profileDiffers('p', 't')}
           RETURNING p.employee_id
         ), inserted AS (
           INSERT INTO assessment.competency_profiles AS p
                  (employee_id, agency_id, position_id, standard_version, jpm, category, purpose, reassessment_due, items, computed_at)
           SELECT t.employee_id, t.agency_id, t.position_id, t.standard_version, t.jpm, t.category, t.purpose, t.reassessment_due,
                  t.items::json, now()
             FROM t
            WHERE NOT EXISTS (SELECT 1 FROM assessment.competency_profiles s WHERE s.employee_id = t.employee_id)
           ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, position_id = EXCLUDED.position_id,
             standard_version = EXCLUDED.standard_version, jpm = EXCLUDED.jpm, category = EXCLUDED.category, purpose = EXCLUDED.purpose,
             reassessment_due = EXCLUDED.reassessment_due, items = EXCLUDED.items, computed_at = now()
           WHERE ${profileDiffers('p', 'EXCLUDED')}
           RETURNING p.employee_id
         )
         SELECT employee_id FROM updated UNION ALL SELECT employee_id FROM inserted`,
        [
          profiles.map((p) => p.employeeId),
          profiles.map((p) => p.agencyId),
          profiles.map((p) => p.positionId),
          profiles.map((p) => p.standardVersion),
          profiles.map((p) => p.jpm),
          profiles.map((p) => p.category),
          profiles.map((p) => p.purpose),
          profiles.map((p) => p.reassessmentDue),
          profiles.map((p) => p.items).join(LINE),
          LINE,
        ],
      );
      if (written.length === 0) return 0;
      const changed = new Set(written.map((r) => r.employee_id));
      const events = profiles.filter((p) => changed.has(p.employeeId));
      await this.uow.query(
        outboxInsertSql(`
          SELECT '${ASSESSMENT_EVENTS.CompetencyProfileChanged}'::text AS event_name, t.employee_id::text AS aggregate_id, t.payload::json AS payload
            FROM unnest($1::uuid[], string_to_array($2, $3)) AS t(employee_id, payload)`),
        [events.map((p) => p.employeeId), events.map((p) => p.event).join(LINE), LINE],
      );
      await this.outbox.wakeRelay();
      return events.length;
    });
  }
}
