import { deliveredPayloadsSql } from '@kompeten/shared/infrastructure';

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

/** Where a subscriber's set-based write takes profile changes from. */
export type ProfileChangeSource =
  /** Delivered CompetencyProfileChanged, by outbox id (handleBatchInSql): their payloads are read in SQL. */
  | { eventIds: string[] }
  /** Changes at hand (a rebuild from the stored profiles). */
  | { changes: ProfileChange[] };

/**
 * Profile changes as a relation ("employeeId", "agencyId", "positionId", "standardVersion", jpm, category, gaps json,
 * "occurredAt"), for a statement whose parameter `param` takes the answered `value`: the input of a subscriber's
 * set-based write. Each payload is parsed once, by json_to_record. Undefined when the source holds no change.
 */
export function profileChanges(source: ProfileChangeSource, param: string): { sql: string; value: string[] | string } | undefined {
  if (('eventIds' in source ? source.eventIds : source.changes).length === 0) return undefined;
  const events =
    'eventIds' in source
      ? deliveredPayloadsSql(param)
      : `SELECT e.payload, e."occurredAt" AS occurred_at FROM json_to_recordset(${param}::json) AS e(payload json, "occurredAt" timestamptz)`;
  return {
    sql: `SELECT x.*, e.occurred_at AS "occurredAt"
            FROM (${events}) AS e
           CROSS JOIN json_to_record(e.payload)
                AS x("employeeId" uuid, "agencyId" uuid, "positionId" uuid, "standardVersion" int, jpm numeric, category text, gaps json)`,
    value:
      'eventIds' in source
        ? source.eventIds
        : JSON.stringify(source.changes.map(({ payload, occurredAt }) => ({ payload, occurredAt: occurredAt.toISOString() }))),
  };
}

/**
 * The gaps of the newest change of each listed employee, as rows (employee_id, competency_code, competency_type,
 * required_level, achieved_level, gap), from `changes` (a relation from profileChanges) and `employees` (a uuid[]
 * parameter): what a subscriber's copy of the gaps is replaced with.
 */
export function newestProfileGapsSql(changes: string, employees: string): string {
  return `WITH newest AS (
            SELECT DISTINCT ON (x."employeeId") x."employeeId", x.gaps
              FROM (${changes}) AS x
             WHERE x."employeeId" = ANY(${employees}::uuid[])
             ORDER BY x."employeeId", x."occurredAt" DESC
          )
          SELECT n."employeeId" AS employee_id, g."competencyCode" AS competency_code, g.type AS competency_type,
                 g."requiredLevel" AS required_level, g."achievedLevel" AS achieved_level, g.gap
            FROM newest n
           CROSS JOIN json_to_recordset(coalesce(n.gaps, '[]')) AS g("competencyCode" text, type text, "requiredLevel" smallint, "achievedLevel" smallint, gap smallint)`;
}

export interface ReassessmentDuePayload {
  assessmentId: string;
  employeeId: string;
  agencyId: string;
  validUntil: string;
}
