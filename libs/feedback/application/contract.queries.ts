import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { ProgramEffectiveness, ProgramEffectivenessQuery, StatedNeedCount, StatedNeedCountsQuery } from '../contracts/queries';
import { EffectivenessService } from './effectiveness.service';

/** Distinct employees per competency with a need submitted in the year (WIB) and not declined: one statement on a partial index. */
@QueryHandler(StatedNeedCountsQuery)
export class StatedNeedCountsHandler implements IQueryHandler<StatedNeedCountsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ agencyId, year }: StatedNeedCountsQuery): Promise<StatedNeedCount[]> {
    return this.uow.query<StatedNeedCount>(
      `SELECT n.competency_code AS "competencyCode", count(DISTINCT n.employee_id)::int AS employees
         FROM feedback.training_needs n
        WHERE n.status <> 'DECLINED' AND n.competency_code IS NOT NULL
          AND n.submitted_at >= make_timestamptz($1, 1, 1, 0, 0, 0, 'Asia/Jakarta')
          AND n.submitted_at < make_timestamptz($1 + 1, 1, 1, 0, 0, 0, 'Asia/Jakarta')
          ${agencyId === null ? '' : 'AND n.agency_id = $2'}
        GROUP BY n.competency_code
        ORDER BY n.competency_code COLLATE "C"`,
      agencyId === null ? [year] : [year, agencyId],
    );
  }
}

/** Effectiveness (three set-based reads, whatever the number of programs) with each program's evaluation count and mean rating. */
@QueryHandler(ProgramEffectivenessQuery)
export class ProgramEffectivenessHandler implements IQueryHandler<ProgramEffectivenessQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly effectiveness: EffectivenessService,
  ) {}
  async execute({ programIds }: ProgramEffectivenessQuery): Promise<ProgramEffectiveness[]> {
    const ids = [...new Set(programIds)];
    if (ids.length === 0) return [];
    const measured = await this.effectiveness.of(ids);
    const evaluations = await this.uow.query<{ program_id: string; evaluations: number; mean_rating: number }>(
      `SELECT e.program_id, count(*)::int AS evaluations, round(avg(e.rating), 2)::float8 AS mean_rating
         FROM feedback.evaluations e WHERE e.program_id = ANY($1::uuid[]) GROUP BY e.program_id`,
      [ids],
    );
    const byProgram = new Map(evaluations.map((e) => [e.program_id, e]));
    return measured.map((m) => ({
      programId: m.programId,
      participants: m.participants,
      meanLevelChange: m.meanLevelChange,
      meaningful: m.meaningful,
      evaluations: byProgram.get(m.programId)?.evaluations ?? 0,
      meanRating: byProgram.get(m.programId)?.mean_rating ?? null,
    }));
  }
}

export const FEEDBACK_CONTRACT_QUERY_HANDLERS = [StatedNeedCountsHandler, ProgramEffectivenessHandler];
