import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { LevelsAround, OfficialLevelsAroundQuery } from '../../contracts/queries';

/**
 * Official levels before and after a moment, for many (employee, competency)
 * pairs in one statement: each pair reads the index achieved_levels_latest twice
 * (the last official result before, the first after).
 */
@QueryHandler(OfficialLevelsAroundQuery)
export class OfficialLevelsAroundHandler implements IQueryHandler<OfficialLevelsAroundQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ requests }: OfficialLevelsAroundQuery): Promise<LevelsAround[]> {
    if (requests.length === 0) return [];
    const rows = await this.uow.query<{ n: number; level_before: number | null; level_after: number | null }>(
      `SELECT r.n::int AS n,
              (SELECT l.level FROM assessment.achieved_levels l
                WHERE l.employee_id = r.employee_id AND l.competency_code = r.competency_code AND l.official AND l.assessed_at < r.before
                ORDER BY l.assessed_at DESC LIMIT 1)::int AS level_before,
              (SELECT l.level FROM assessment.achieved_levels l
                WHERE l.employee_id = r.employee_id AND l.competency_code = r.competency_code AND l.official AND l.assessed_at > r.after
                ORDER BY l.assessed_at LIMIT 1)::int AS level_after
         FROM unnest($1::uuid[], $2::text[], $3::timestamptz[], $4::timestamptz[]) WITH ORDINALITY
              AS r(employee_id, competency_code, before, after, n)
        ORDER BY r.n`,
      [
        requests.map((r) => r.employeeId),
        requests.map((r) => r.competencyCode),
        requests.map((r) => r.before),
        requests.map((r) => r.after),
      ],
    );
    return rows.map((row) => ({ ...requests[row.n - 1], levelBefore: row.level_before, levelAfter: row.level_after }));
  }
}
