/** Integration events the Assessment context publishes (names fixed by the API catalogue). */
export const ASSESSMENT_EVENTS = {
  AssessmentCompleted: 'AssessmentCompleted',
  CompetencyProfileChanged: 'CompetencyProfileChanged',
  ReassessmentDue: 'ReassessmentDue',
} as const;

export interface AssessmentCompletedPayload {
  assessmentId: string;
  employeeId: string;
  agencyId: string;
  purpose: 'MAPPING' | 'COMPETENCY_TEST' | 'PROMOTION';
  method: string;
  /** Accredited provider and not a self-assessment: counts in the profile and the JPM. */
  official: boolean;
  targetPositionId: string;
  standardVersion: number;
  assessedAt: string;
  validUntil: string;
}

export interface ProfileGap {
  competencyCode: string;
  type: 'TECHNICAL' | 'MANAGERIAL' | 'SOCIOCULTURAL';
  requiredLevel: number;
  achievedLevel: number | null;
  gap: number | null;
}

export interface CompetencyProfileChangedPayload {
  employeeId: string;
  agencyId: string;
  positionId: string;
  standardVersion: number;
  jpm: number | null;
  category: string | null;
  reassessmentDue: boolean;
  /** Every competency of the SKJ with its gap (negative: a development need). */
  gaps: ProfileGap[];
}

/** A CompetencyProfileChanged as a subscriber receives it: its payload and when it occurred. */
export interface ProfileChange {
  payload: CompetencyProfileChangedPayload;
  occurredAt: Date;
}

/**
 * Profile changes as one JSON array of flat records (employeeId, agencyId, positionId, standardVersion, jpm,
 * category, occurredAt, gaps): the input of a subscriber's set-based write (`jsonb_to_recordset`).
 */
export function profileChangesJson(changes: ProfileChange[]): string {
  return JSON.stringify(
    changes.map(({ payload: p, occurredAt }) => ({
      employeeId: p.employeeId,
      agencyId: p.agencyId,
      positionId: p.positionId,
      standardVersion: p.standardVersion,
      jpm: p.jpm,
      category: p.category,
      occurredAt: occurredAt.toISOString(),
      gaps: p.gaps ?? [],
    })),
  );
}

/**
 * The gaps of the newest change of each listed employee, as rows (employee_id, competency_code, competency_type,
 * required_level, achieved_level, gap), from `changes` (a parameter holding profileChangesJson) and `employees`
 * (a uuid[] parameter): what a subscriber's copy of the gaps is replaced with.
 */
export function newestProfileGapsSql(changes: string, employees: string): string {
  return `WITH newest AS (
            SELECT DISTINCT ON (x."employeeId") x."employeeId", x.gaps
              FROM jsonb_to_recordset(${changes}::jsonb) AS x("employeeId" uuid, "occurredAt" timestamptz, gaps jsonb)
             WHERE x."employeeId" = ANY(${employees}::uuid[])
             ORDER BY x."employeeId", x."occurredAt" DESC
          )
          SELECT n."employeeId" AS employee_id, g."competencyCode" AS competency_code, g.type AS competency_type,
                 g."requiredLevel" AS required_level, g."achievedLevel" AS achieved_level, g.gap
            FROM newest n
           CROSS JOIN jsonb_to_recordset(n.gaps) AS g("competencyCode" text, type text, "requiredLevel" smallint, "achievedLevel" smallint, gap smallint)`;
}

export interface ReassessmentDuePayload {
  assessmentId: string;
  employeeId: string;
  agencyId: string;
  validUntil: string;
}
