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

/**
 * A profile's gaps as columns: the i-th competency of the SKJ is the i-th element of each array. An SKJ change sends
 * one CompetencyProfileChanged per holder of the position, so the gaps travel without a key per competency (ADR 0006).
 */
export interface ProfileGapColumns {
  competencyCode: string[];
  type: ProfileGap['type'][];
  requiredLevel: number[];
  achievedLevel: (number | null)[];
  gap: (number | null)[];
}

/** The gaps of a CompetencyProfileChanged one per competency, in SKJ order. */
export function profileGaps(columns: ProfileGapColumns): ProfileGap[] {
  return columns.competencyCode.map((competencyCode, i) => ({
    competencyCode,
    type: columns.type[i],
    requiredLevel: columns.requiredLevel[i],
    achievedLevel: columns.achievedLevel[i],
    gap: columns.gap[i],
  }));
}

export interface CompetencyProfileChangedPayload {
  employeeId: string;
  agencyId: string;
  positionId: string;
  standardVersion: number;
  jpm: number | null;
  category: string | null;
  reassessmentDue: boolean;
  /** Every competency of the SKJ with its gap (negative: a development need), as columns (profileGaps reads them). */
  gaps: ProfileGapColumns;
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
 * parameter): what a subscriber's copy of the gaps is replaced with. Gaps come as columns (ProfileGapColumns); an
 * event written before they did (an array of one object per competency, still in the outbox or a queue) is read too.
 */
export function newestProfileGapsSql(changes: string, employees: string): string {
  return `WITH newest AS (
            SELECT DISTINCT ON (x."employeeId") x."employeeId", x.gaps
              FROM (${changes}) AS x
             WHERE x."employeeId" = ANY(${employees}::uuid[])
             ORDER BY x."employeeId", x."occurredAt" DESC
          )
          SELECT n."employeeId" AS employee_id, g.competency_code, g.competency_type, g.required_level, g.achieved_level, g.gap
            FROM newest n
           CROSS JOIN LATERAL (
                 SELECT u.*
                   FROM json_to_record(CASE json_typeof(n.gaps) WHEN 'object' THEN n.gaps END)
                        AS c("competencyCode" text[], type text[], "requiredLevel" smallint[], "achievedLevel" smallint[], gap smallint[])
                  CROSS JOIN LATERAL unnest(c."competencyCode", c.type, c."requiredLevel", c."achievedLevel", c.gap)
                        AS u(competency_code, competency_type, required_level, achieved_level, gap)
                  UNION ALL
                 SELECT o."competencyCode", o.type, o."requiredLevel", o."achievedLevel", o.gap
                   FROM json_to_recordset(CASE json_typeof(n.gaps) WHEN 'array' THEN n.gaps END)
                        AS o("competencyCode" text, type text, "requiredLevel" smallint, "achievedLevel" smallint, gap smallint)
                ) AS g`;
}

export interface ReassessmentDuePayload {
  assessmentId: string;
  employeeId: string;
  agencyId: string;
  validUntil: string;
}
