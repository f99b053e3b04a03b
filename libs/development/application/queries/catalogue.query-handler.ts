import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { CatalogueProgramCompetency, CatalogueProgramsQuery } from '../../contracts/catalogue';
import { creditJp } from '../../domain/jp-rules';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';

type Row = Omit<CatalogueProgramCompetency, 'creditJp'> & { jp: number | null; days: number | null; international: boolean };

@QueryHandler(CatalogueProgramsQuery)
export class CatalogueProgramsHandler implements IQueryHandler<CatalogueProgramsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: DevelopmentPolicy,
  ) {}

  async execute({ competencyCodes, agencyId }: CatalogueProgramsQuery): Promise<CatalogueProgramCompetency[]> {
    if (competencyCodes.length === 0) return [];
    const rows = await this.uow.query<Row>(
      `SELECT p.id AS "programId", p.code AS "programCode", p.title, p.agency_id AS "agencyId", p.delivery_mode AS "deliveryMode",
              p.jp::float8 AS jp, p.days::float8 AS days, p.international, pc.competency_code AS "competencyCode", pc.target_level AS "targetLevel"
         FROM development.program_competencies pc JOIN development.programs p ON p.id = pc.program_id
        WHERE pc.competency_code = ANY($1::text[]) AND p.active AND (p.agency_id IS NULL OR p.agency_id = $2::uuid)
        ORDER BY pc.competency_code, p.code`,
      [competencyCodes, agencyId],
    );
    return rows.map(({ jp, days, international, ...row }) => ({
      ...row,
      creditJp: creditJp({ deliveryMode: row.deliveryMode, international, jp, days }, this.policy.jpRules),
    }));
  }
}
