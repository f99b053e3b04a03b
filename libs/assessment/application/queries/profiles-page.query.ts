import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { CompetencyProfileSnapshot, CompetencyProfilesPageQuery } from '../../contracts/queries';

/** Stored profiles by employee id, each with its gaps as CompetencyProfileChanged carries them. */
@QueryHandler(CompetencyProfilesPageQuery)
export class CompetencyProfilesPageHandler implements IQueryHandler<CompetencyProfilesPageQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ page }: CompetencyProfilesPageQuery): Promise<CompetencyProfileSnapshot[]> {
    const rows = await this.uow.query<CompetencyProfileSnapshot & { jpm: string | null; computedAt: Date }>(
      `SELECT employee_id AS "employeeId", agency_id AS "agencyId", position_id AS "positionId", standard_version AS "standardVersion",
              jpm, category, reassessment_due AS "reassessmentDue", computed_at AS "computedAt",
              json_build_object('competencyCode', items->'competencyCode', 'type', items->'type', 'requiredLevel', items->'requiredLevel',
                                'achievedLevel', items->'achievedLevel', 'gap', items->'gap') AS gaps
         FROM assessment.competency_profiles
        WHERE ($1::uuid IS NULL OR employee_id > $1::uuid)
        ORDER BY employee_id
        LIMIT $2`,
      [page.afterEmployeeId, page.limit],
    );
    return rows.map((r) => ({ ...r, jpm: r.jpm === null ? null : Number(r.jpm), computedAt: new Date(r.computedAt).toISOString() }));
  }
}
