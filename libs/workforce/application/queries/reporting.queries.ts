import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import {
  EmployeeReportingPlacement,
  EmployeeReportingPlacementsQuery,
  OrgUnitNode,
  OrgUnitTreeQuery,
} from '../../contracts/reporting-queries';

const PLACEMENT_COLUMNS = `e.id AS "employeeId", e.agency_id AS "agencyId", e.unit_id AS "unitId", e.position_id AS "positionId",
  p.kind AS "positionKind", e.kind AS "employeeKind", e.retired_at IS NOT NULL AS retired`;

@QueryHandler(EmployeeReportingPlacementsQuery)
export class EmployeeReportingPlacementsHandler implements IQueryHandler<EmployeeReportingPlacementsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  execute({ keys }: EmployeeReportingPlacementsQuery): Promise<EmployeeReportingPlacement[]> {
    if ('ids' in keys) {
      return this.uow.query<EmployeeReportingPlacement>(
        `SELECT ${PLACEMENT_COLUMNS} FROM workforce.employees e JOIN workforce.positions p ON p.id = e.position_id WHERE e.id = ANY($1::uuid[])`,
        [keys.ids],
      );
    }
    return this.uow.query<EmployeeReportingPlacement>(
      `SELECT ${PLACEMENT_COLUMNS} FROM workforce.employees e JOIN workforce.positions p ON p.id = e.position_id
        WHERE ($1::uuid IS NULL OR e.id > $1::uuid) ORDER BY e.id LIMIT $2`,
      [keys.afterId, keys.limit],
    );
  }
}

@QueryHandler(OrgUnitTreeQuery)
export class OrgUnitTreeHandler implements IQueryHandler<OrgUnitTreeQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  execute({ agencyIds }: OrgUnitTreeQuery): Promise<OrgUnitNode[]> {
    return this.uow.query<OrgUnitNode>(
      `SELECT u.id, u.agency_id AS "agencyId", u.parent_id AS "parentId", u.code, u.name
         FROM workforce.org_units u WHERE u.retired_at IS NULL AND ($1::uuid[] IS NULL OR u.agency_id = ANY($1::uuid[]))
        ORDER BY u.agency_id, u.code`,
      [agencyIds],
    );
  }
}

export const WORKFORCE_REPORTING_QUERY_HANDLERS = [EmployeeReportingPlacementsHandler, OrgUnitTreeHandler];
