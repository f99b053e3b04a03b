import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import {
  DevelopmentUnderwayQuery,
  EnrolmentSummary,
  EnrolmentSummaryQuery,
  JpCredit,
  JpCreditsPageQuery,
  ProgramCompletion,
  ProgramCompletionsQuery,
  TrainingProgramSummary,
  TrainingProgramSummaryQuery,
} from '../../contracts/queries';

/** Development's answers to other contexts (contracts/queries.ts): plain SQL, no actor scoping. */
@QueryHandler(EnrolmentSummaryQuery)
export class EnrolmentSummaryHandler implements IQueryHandler<EnrolmentSummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ enrolmentId }: EnrolmentSummaryQuery): Promise<EnrolmentSummary | null> {
    const [row] = await this.uow.query<EnrolmentSummary>(
      `SELECT id, session_id AS "sessionId", program_id AS "programId", employee_id AS "employeeId", agency_id AS "agencyId", status,
              to_char(completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "completedAt"
         FROM development.enrolments WHERE id = $1`,
      [enrolmentId],
    );
    return row ?? null;
  }
}

@QueryHandler(TrainingProgramSummaryQuery)
export class TrainingProgramSummaryHandler implements IQueryHandler<TrainingProgramSummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ programId }: TrainingProgramSummaryQuery): Promise<TrainingProgramSummary | null> {
    const [row] = await this.uow.query<TrainingProgramSummary>(
      `SELECT p.id, p.code, p.title, p.agency_id AS "agencyId", p.provider, p.active,
              COALESCE((SELECT jsonb_agg(jsonb_build_object('competencyCode', c.competency_code, 'targetLevel', c.target_level) ORDER BY c.ordinal)
                          FROM development.program_competencies c WHERE c.program_id = p.id), '[]'::jsonb) AS competencies
         FROM development.programs p WHERE p.id = $1`,
      [programId],
    );
    return row ?? null;
  }
}

/** Each employee's first completion of each program, with the session's start: one statement over the index of completions. */
@QueryHandler(ProgramCompletionsQuery)
export class ProgramCompletionsHandler implements IQueryHandler<ProgramCompletionsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ programIds }: ProgramCompletionsQuery): Promise<ProgramCompletion[]> {
    if (programIds.length === 0) return [];
    return this.uow.query<ProgramCompletion>(
      `SELECT DISTINCT ON (e.program_id, e.employee_id)
              e.program_id AS "programId", e.employee_id AS "employeeId", e.agency_id AS "agencyId",
              to_char(e.starts_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "sessionStartsAt",
              to_char(e.completed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "completedAt",
              COALESCE((SELECT array_agg(c.competency_code ORDER BY c.ordinal) FROM development.program_competencies c WHERE c.program_id = e.program_id),
                       '{}') AS "competencyCodes"
         FROM (SELECT e.id, e.program_id, e.employee_id, e.agency_id, s.starts_at, e.completed_at
                 FROM development.enrolments e
                 JOIN development.sessions s ON s.id = e.session_id
                WHERE e.program_id = ANY($1::uuid[]) AND e.status = 'COMPLETED'
               UNION ALL
               -- A learning platform's completion has no session: it counts from its completion.
               SELECT c.id, c.program_id, c.employee_id, c.agency_id, c.completed_at, c.completed_at
                 FROM development.platform_completions c
                WHERE c.program_id = ANY($1::uuid[]) AND c.status = 'CREDITED') e
        ORDER BY e.program_id, e.employee_id, e.completed_at, e.id`,
      [programIds],
    );
  }
}

@QueryHandler(DevelopmentUnderwayQuery)
export class DevelopmentUnderwayHandler implements IQueryHandler<DevelopmentUnderwayQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ employeeId, competencyCodes }: DevelopmentUnderwayQuery): Promise<string[]> {
    if (competencyCodes.length === 0) return [];
    const rows = await this.uow.query<{ code: string }>(
      `SELECT DISTINCT pc.competency_code AS code
         FROM development.program_competencies pc
        WHERE pc.competency_code = ANY($2::text[])
          AND pc.program_id IN (SELECT e.program_id FROM development.enrolments e WHERE e.employee_id = $1 AND e.status IN ('ENROLLED', 'WAITLISTED')
                                UNION
                                SELECT i.program_id FROM development.plan_items i
                                 WHERE i.employee_id = $1 AND i.status IN ('PLANNED', 'IN_PROGRESS') AND i.program_id IS NOT NULL)`,
      [employeeId, competencyCodes],
    );
    return rows.map((r) => r.code);
  }
}

/** The ledger's credits (a platform credit's ledger row names its completion), or the voided platform completions; by id. */
@QueryHandler(JpCreditsPageQuery)
export class JpCreditsPageHandler implements IQueryHandler<JpCreditsPageQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ page }: JpCreditsPageQuery): Promise<JpCredit[]> {
    const rows = await this.uow.query<JpCredit & { jp: string }>(
      page.reversed
        ? `SELECT c.id, 'PLATFORM' AS source, c.id AS "sourceId", c.employee_id AS "employeeId", c.agency_id AS "agencyId", c.year,
                  c.credited_jp AS jp, true AS reversed
             FROM development.platform_completions c
            WHERE c.status = 'REVERSED' AND ($1::uuid IS NULL OR c.id > $1::uuid)
            ORDER BY c.id LIMIT $2`
        : `SELECT l.id, CASE WHEN c.id IS NOT NULL THEN 'PLATFORM' ELSE l.source END AS source, l.source_id AS "sourceId",
                  l.employee_id AS "employeeId", l.agency_id AS "agencyId", l.year, l.jp, false AS reversed
             FROM development.jp_ledger l
             LEFT JOIN development.platform_completions c ON l.source = 'TRAINING' AND c.id = l.source_id
            WHERE $1::uuid IS NULL OR l.id > $1::uuid
            ORDER BY l.id LIMIT $2`,
      [page.afterId, page.limit],
    );
    return rows.map((r) => ({ ...r, jp: Number(r.jp) }));
  }
}

export const DEVELOPMENT_CONTRACT_QUERY_HANDLERS = [
  JpCreditsPageHandler,
  EnrolmentSummaryHandler,
  TrainingProgramSummaryHandler,
  ProgramCompletionsHandler,
  DevelopmentUnderwayHandler,
];
