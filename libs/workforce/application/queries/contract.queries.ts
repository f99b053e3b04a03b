import { IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import {
  AgencySummary,
  AgencySummaryQuery,
  EmployeePlacementsQuery,
  EmployeeSummary,
  EmployeeSummaryQuery,
  EmployeesHoldingPositionQuery,
  PositionSummary,
  PositionSummaryQuery,
} from '../../contracts/queries';

@QueryHandler(AgencySummaryQuery)
export class AgencySummaryHandler implements IQueryHandler<AgencySummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ key }: AgencySummaryQuery): Promise<AgencySummary | null> {
    const [column, value] = 'id' in key ? ['id', key.id] : ['code', key.code];
    const [row] = await this.uow.query<AgencySummary>(
      `SELECT id, code, name, retired_at IS NOT NULL AS retired FROM workforce.agencies WHERE ${column} = $1`,
      [value],
    );
    return row ?? null;
  }
}

@QueryHandler(PositionSummaryQuery)
export class PositionSummaryHandler implements IQueryHandler<PositionSummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ key }: PositionSummaryQuery): Promise<PositionSummary | null> {
    const [column, value] = 'id' in key ? ['id', key.id] : ['code', key.code];
    const [row] = await this.uow.query<PositionSummary>(
      `SELECT id, agency_id AS "agencyId", code, name, kind, functional_grade AS "functionalGrade", retired_at IS NOT NULL AS retired
         FROM workforce.positions WHERE ${column} = $1`,
      [value],
    );
    return row ?? null;
  }
}

@QueryHandler(EmployeeSummaryQuery)
export class EmployeeSummaryHandler implements IQueryHandler<EmployeeSummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ key }: EmployeeSummaryQuery): Promise<EmployeeSummary | null> {
    const [column, value] = 'id' in key ? ['id', key.id] : ['nip', key.nip];
    const [row] = await this.uow.query<EmployeeSummary>(
      `SELECT id, nip, name, kind, agency_id AS "agencyId", unit_id AS "unitId", position_id AS "positionId", retired_at IS NOT NULL AS retired,
              supervisor_id AS "supervisorId"
         FROM workforce.employees WHERE ${column} = $1`,
      [value],
    );
    return row ?? null;
  }
}

@QueryHandler(EmployeesHoldingPositionQuery)
export class EmployeesHoldingPositionHandler implements IQueryHandler<EmployeesHoldingPositionQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ positionId, afterId, limit }: EmployeesHoldingPositionQuery): Promise<string[]> {
    const rows = await this.uow.query<{ id: string }>(
      `SELECT id FROM workforce.employees WHERE position_id = $1 AND retired_at IS NULL AND ($2::uuid IS NULL OR id > $2)
        ORDER BY id LIMIT $3`,
      [positionId, afterId, limit],
    );
    return rows.map((r) => r.id);
  }
}

@QueryHandler(EmployeePlacementsQuery)
export class EmployeePlacementsHandler implements IQueryHandler<EmployeePlacementsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  execute({ keys }: EmployeePlacementsQuery): Promise<EmployeeSummary[]> {
    const [condition, values] = 'ids' in keys ? ['id = ANY($1::uuid[])', keys.ids] : ['nip = ANY($1::bpchar[])', keys.nips];
    return this.uow.query<EmployeeSummary>(
      `SELECT id, nip, name, kind, agency_id AS "agencyId", unit_id AS "unitId", position_id AS "positionId", retired_at IS NOT NULL AS retired
         FROM workforce.employees WHERE ${condition}`,
      [values],
    );
  }
}

export const WORKFORCE_CONTRACT_QUERY_HANDLERS = [
  AgencySummaryHandler,
  PositionSummaryHandler,
  EmployeeSummaryHandler,
  EmployeesHoldingPositionHandler,
  EmployeePlacementsHandler,
];
