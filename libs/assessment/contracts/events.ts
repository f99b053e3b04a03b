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

export interface ReassessmentDuePayload {
  assessmentId: string;
  employeeId: string;
  agencyId: string;
  validUntil: string;
}
