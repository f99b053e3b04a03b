import { Query } from '@nestjs/cqrs';
import type { PositionSummary } from './queries';

/** Where an employee works, as reports group them: agency, unit, the kind of their position. */
export interface EmployeeReportingPlacement {
  employeeId: string;
  agencyId: string;
  unitId: string;
  positionId: string;
  positionKind: PositionSummary['kind'];
  employeeKind: 'PNS' | 'PPPK';
  retired: boolean;
}

/**
 * Placements of many employees at once (set-based, one statement): by id, or
 * every employee keyset-paged by id (for rebuilding a read model). Unknown ids
 * are left out. Not scoped to an actor.
 */
export class EmployeeReportingPlacementsQuery extends Query<EmployeeReportingPlacement[]> {
  constructor(readonly keys: { ids: string[] } | { afterId: string | null; limit: number }) {
    super();
  }
}

export interface OrgUnitNode {
  id: string;
  agencyId: string;
  /** null: a root unit of its agency. */
  parentId: string | null;
  code: string;
  name: string;
}

/** The live org units of some agencies (null: of all agencies), for rolling figures up the unit tree. */
export class OrgUnitTreeQuery extends Query<OrgUnitNode[]> {
  constructor(readonly agencyIds: string[] | null) {
    super();
  }
}
