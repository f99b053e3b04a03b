import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { createHash } from 'node:crypto';
import { PositionStandardsQuery, PositionStandardSnapshot } from '@kompeten/competency-standards/contracts';
import { Outbox, outboxInsertSql, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeePlacementsQuery, PositionSummaryQuery } from '@kompeten/workforce/contracts';
import { AssessmentPurpose } from '../domain/assessment-policy';
import { categoryFor, jpmHundredths } from '../domain/jpm';
import { ASSESSMENT_EVENTS, CompetencyProfileChangedPayload } from '../contracts/events';
import { AssessmentPolicyProvider } from './assessment-policy.provider';

interface LatestResult {
  employee_id: string;
  competency_code: string;
  level: number;
  assessed_at: Date;
  valid_until: Date;
  purpose: AssessmentPurpose;
  official: boolean;
}

export interface ProfileItem {
  competencyCode: string;
  type: 'TECHNICAL' | 'MANAGERIAL' | 'SOCIOCULTURAL';
  requiredLevel: number;
  achievedLevel: number | null;
  gap: number | null;
  assessedAt: string | null;
  validUntil: string | null;
  /** The latest self-assessed level, shown beside; never counted in the JPM. */
  selfAssessedLevel: number | null;
}

export interface ComputedProfile {
  employeeId: string;
  agencyId: string;
  positionId: string;
  standardVersion: number;
  jpm: number | null;
  category: string | null;
  purpose: AssessmentPurpose | null;
  reassessmentDue: boolean;
  items: ProfileItem[];
}

const DAY = 24 * 3600 * 1000;

/** The CompetencyProfileChanged payload of a profile: the gaps are what Development plans from. */
function changedEvent(p: ComputedProfile): CompetencyProfileChangedPayload {
  return {
    employeeId: p.employeeId,
    agencyId: p.agencyId,
    positionId: p.positionId,
    standardVersion: p.standardVersion,
    jpm: p.jpm,
    category: p.category,
    reassessmentDue: p.reassessmentDue,
    gaps: p.items.map((i) => ({ competencyCode: i.competencyCode, type: i.type, requiredLevel: i.requiredLevel, achievedLevel: i.achievedLevel, gap: i.gap })),
  };
}

/**
 * Recomputes competency profiles for a set of employees, set-based: one query
 * for placements, one for the SKJs of their positions, one for the latest
 * results, one upsert that keeps only real changes and publishes
 * CompetencyProfileChanged for exactly those.
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
    for (const standard of await this.queries.execute(new PositionStandardsQuery(positionIds))) standards.set(standard.positionId, standard);
    const weights = await this.weightsByPosition(positionIds);

    const rows = await this.uow.query<LatestResult>(
      `SELECT DISTINCT ON (employee_id, competency_code, official) employee_id, competency_code, level, assessed_at, valid_until, purpose, official
         FROM assessment.achieved_levels
        WHERE employee_id = ANY($1::uuid[]) AND valid_until > $2
        ORDER BY employee_id, competency_code, official, assessed_at DESC`,
      [placements.map((p) => p.id), now],
    );
    const latest = new Map<string, LatestResult>();
    const self = new Map<string, LatestResult>();
    const latestPurpose = new Map<string, LatestResult>();
    for (const row of rows) {
      const key = `${row.employee_id}|${row.competency_code}`;
      if (!row.official) {
        self.set(key, row);
        continue;
      }
      latest.set(key, row);
      const known = latestPurpose.get(row.employee_id);
      if (!known || new Date(row.assessed_at) > new Date(known.assessed_at)) latestPurpose.set(row.employee_id, row);
    }

    const policy = this.policies.policy;
    const profiles: ComputedProfile[] = placements.map((p) => {
      const standard = standards.get(p.positionId) ?? null;
      const items: ProfileItem[] = (standard?.items ?? []).map((item) => {
        const result = latest.get(`${p.id}|${item.competencyCode}`);
        const own = self.get(`${p.id}|${item.competencyCode}`);
        return {
          competencyCode: item.competencyCode,
          type: item.competencyType,
          requiredLevel: item.requiredLevel,
          achievedLevel: result ? result.level : null,
          gap: result ? result.level - item.requiredLevel : null,
          assessedAt: result ? new Date(result.assessed_at).toISOString() : null,
          validUntil: result ? new Date(result.valid_until).toISOString() : null,
          selfAssessedLevel: own ? own.level : null,
        };
      });
      const complete = items.length > 0 && items.every((i) => i.achievedLevel !== null);
      const purpose = latestPurpose.get(p.id)?.purpose ?? null;
      const hundredths = complete
        ? jpmHundredths(
            items.map((i) => ({ type: i.type, requiredLevel: i.requiredLevel, achievedLevel: i.achievedLevel! })),
            { weights: weights.get(p.positionId) ?? null, capAtRequired: policy.capAchievedAtRequired },
          )
        : null;
      const noticeBefore = now.getTime() + policy.reassessmentNoticeDays * DAY;
      return {
        employeeId: p.id,
        agencyId: p.agencyId,
        positionId: p.positionId,
        standardVersion: standard?.version ?? 0,
        jpm: hundredths === null ? null : hundredths / 100,
        category: hundredths === null || !purpose ? null : categoryFor(hundredths, purpose, policy.categories),
        purpose,
        reassessmentDue: items.length > 0 && items.some((i) => i.validUntil === null || new Date(i.validUntil).getTime() <= noticeBefore),
        items,
      };
    });
    return { changed: await this.store(profiles, employeeIds) };
  }

  private async weightsByPosition(positionIds: string[]) {
    const byKind = this.policies.policy.typeWeights;
    const result = new Map<string, { technical: number; managerialSociocultural: number }>();
    if (Object.keys(byKind).length === 0) return result;
    for (const id of positionIds) {
      const position = await this.queries.execute(new PositionSummaryQuery({ id }));
      const weights = position && (byKind[`${position.kind}:${position.functionalGrade}`] ?? byKind[position.kind]);
      if (weights) result.set(id, weights);
    }
    return result;
  }

  /** Upserts changed profiles and publishes CompetencyProfileChanged for those only; drops profiles of employees gone. */
  private async store(profiles: ComputedProfile[], asked: string[]): Promise<number> {
    const fingerprint = (p: ComputedProfile) =>
      createHash('sha1').update(JSON.stringify([p.positionId, p.standardVersion, p.jpm, p.category, p.reassessmentDue, p.items])).digest('base64');
    return this.uow.transaction(async () => {
      const kept = new Set(profiles.map((p) => p.employeeId));
      const gone = asked.filter((id) => !kept.has(id));
      if (gone.length) await this.uow.query(`DELETE FROM assessment.competency_profiles WHERE employee_id = ANY($1::uuid[])`, [gone]);
      if (profiles.length === 0) return 0;
      // One JSON document for the whole batch: far cheaper to send and parse than eleven arrays of escaped text.
      const batch = profiles.map((p) => ({
        employee_id: p.employeeId,
        agency_id: p.agencyId,
        position_id: p.positionId,
        standard_version: p.standardVersion,
        jpm: p.jpm,
        category: p.category,
        purpose: p.purpose,
        reassessment_due: p.reassessmentDue,
        items: p.items,
        fingerprint: fingerprint(p),
        event: changedEvent(p),
      }));
      const changed = await this.uow.query<{ n: number }>(
        `WITH incoming AS (
           SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(employee_id uuid, agency_id uuid, position_id uuid, standard_version int,
             jpm numeric, category text, purpose text, reassessment_due boolean, items jsonb, fingerprint text, event jsonb)
         ), upserted AS (
           INSERT INTO assessment.competency_profiles AS p
                  (employee_id, agency_id, position_id, standard_version, jpm, category, purpose, reassessment_due, items, fingerprint, computed_at)
           SELECT employee_id, agency_id, position_id, standard_version, jpm, category, purpose, reassessment_due, items, fingerprint, now() FROM incoming
           ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, position_id = EXCLUDED.position_id,
             standard_version = EXCLUDED.standard_version, jpm = EXCLUDED.jpm, category = EXCLUDED.category, purpose = EXCLUDED.purpose,
             reassessment_due = EXCLUDED.reassessment_due, items = EXCLUDED.items, fingerprint = EXCLUDED.fingerprint, computed_at = now()
           WHERE p.fingerprint IS DISTINCT FROM EXCLUDED.fingerprint
           RETURNING p.employee_id
         ), published AS (
           ${outboxInsertSql(`
             SELECT '${ASSESSMENT_EVENTS.CompetencyProfileChanged}'::text AS event_name, i.employee_id::text AS aggregate_id, i.event AS payload
               FROM upserted u JOIN incoming i ON i.employee_id = u.employee_id`)}
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM published`,
        [JSON.stringify(batch)],
      );
      const n = changed[0]?.n ?? 0;
      if (n > 0) await this.outbox.wakeRelay();
      return n;
    });
  }
}
