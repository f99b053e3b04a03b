import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, NotFoundError } from '@kompeten/shared/kernel';
import {
  containsPattern,
  keyset,
  Page,
  pageOf,
  PageOrder,
  PageRequest,
  scopeToAgencies,
  UnitOfWork,
  whereEquals,
  whereSql,
} from '@kompeten/shared/infrastructure';
import { VIEW_COLUMNS } from '../../infrastructure/workforce-sql';
import { assertAgencyReadable } from '../scope';
import { AgencyRef, AgencyView, EmployeeView, MeView, OrgUnitTreeNode, OrgUnitView, PositionView, UserView } from '../views';

interface Listing extends PageRequest {
  includeRetired?: boolean;
}

function retiredFilter(alias: string, q: Listing, where: string[]): void {
  if (!q.includeRetired) where.push(`${alias}.retired_at IS NULL`);
}

// ---------- agencies ----------
export class ListAgenciesQuery extends Query<Page<AgencyView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: Listing & { code?: string; kind?: string },
  ) {
    super();
  }
}
export class GetAgencyQuery extends Query<AgencyView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
  ) {
    super();
  }
}

// ---------- org units ----------
export class ListOrgUnitsQuery extends Query<Page<OrgUnitView>> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly filter: Listing & { code?: string; parentId?: string },
  ) {
    super();
  }
}
export class GetOrgUnitTreeQuery extends Query<OrgUnitTreeNode[]> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
  ) {
    super();
  }
}
export class GetOrgUnitQuery extends Query<OrgUnitView> {
  constructor(
    readonly actor: Actor,
    readonly unitId: string,
  ) {
    super();
  }
}

// ---------- positions ----------
export class ListPositionsQuery extends Query<Page<PositionView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: Listing & { code?: string; agencyId?: string; kind?: string },
  ) {
    super();
  }
}
export class GetPositionQuery extends Query<PositionView> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
  ) {
    super();
  }
}

// ---------- employees ----------
export class ListEmployeesQuery extends Query<Page<EmployeeView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: Listing & { nip?: string; agencyId?: string; unitId?: string; positionId?: string; kind?: string; name?: string },
  ) {
    super();
  }
}
export class GetEmployeeQuery extends Query<EmployeeView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
  ) {
    super();
  }
}

// ---------- users ----------
export class ListUsersQuery extends Query<Page<UserView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: Listing & { email?: string; role?: string; agencyId?: string },
  ) {
    super();
  }
}
export class GetUserQuery extends Query<UserView> {
  constructor(
    readonly actor: Actor,
    readonly userId: string,
  ) {
    super();
  }
}

// ---------- the signed-in user ----------
export class GetMeQuery extends Query<MeView> {
  constructor(readonly actor: Actor) {
    super();
  }
}

/** The documented orders: positions by code, employees by name (the id breaks ties). */
const BY_CODE: PageOrder = { column: 'p.code', field: 'code' };
const BY_NAME: PageOrder = { column: 'e.name', field: 'name' };

/** An EMPLOYEE sees only their own employee record. */
function selfOnly(actor: Actor, column: string, where: string[], params: unknown[]): void {
  if (actor.role !== 'EMPLOYEE') return;
  params.push(actor.employeeId);
  where.push(`${column} = $${params.length}`);
}

@QueryHandler(ListAgenciesQuery)
export class ListAgenciesHandler implements IQueryHandler<ListAgenciesQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListAgenciesQuery): Promise<Page<AgencyView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToAgencies(actor, 'a.id', where, params);
    whereEquals('a.code', filter.code, where, params);
    whereEquals('a.kind', filter.kind, where, params);
    retiredFilter('a', filter, where);
    const page = keyset('a', filter, where, params);
    const rows = await this.uow.query<AgencyView>(
      `SELECT ${VIEW_COLUMNS.agencies} FROM workforce.agencies a ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetAgencyQuery)
export class GetAgencyHandler implements IQueryHandler<GetAgencyQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, agencyId }: GetAgencyQuery): Promise<AgencyView> {
    assertAgencyReadable(actor, agencyId);
    const [row] = await this.uow.query<AgencyView>(`SELECT ${VIEW_COLUMNS.agencies} FROM workforce.agencies a WHERE a.id = $1`, [agencyId]);
    if (!row) throw new NotFoundError('Agency', agencyId);
    return row;
  }
}

@QueryHandler(ListOrgUnitsQuery)
export class ListOrgUnitsHandler implements IQueryHandler<ListOrgUnitsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, agencyId, filter }: ListOrgUnitsQuery): Promise<Page<OrgUnitView>> {
    assertAgencyReadable(actor, agencyId);
    const [agency] = await this.uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1`, [agencyId]);
    if (!agency) throw new NotFoundError('Agency', agencyId);
    const where: string[] = [];
    const params: unknown[] = [];
    whereEquals('u.agency_id', agencyId, where, params);
    whereEquals('u.code', filter.code, where, params);
    whereEquals('u.parent_id', filter.parentId, where, params);
    retiredFilter('u', filter, where);
    const page = keyset('u', filter, where, params);
    const rows = await this.uow.query<OrgUnitView>(
      `SELECT ${VIEW_COLUMNS.org_units} FROM workforce.org_units u ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetOrgUnitTreeQuery)
export class GetOrgUnitTreeHandler implements IQueryHandler<GetOrgUnitTreeQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, agencyId }: GetOrgUnitTreeQuery): Promise<OrgUnitTreeNode[]> {
    assertAgencyReadable(actor, agencyId);
    const [agency] = await this.uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1`, [agencyId]);
    if (!agency) throw new NotFoundError('Agency', agencyId);
    const rows = await this.uow.query<OrgUnitView>(
      `SELECT ${VIEW_COLUMNS.org_units} FROM workforce.org_units u WHERE u.agency_id = $1 AND u.retired_at IS NULL ORDER BY u.code`,
      [agencyId],
    );
    const nodes = new Map(rows.map((r) => [r.id, { ...r, children: [] as OrgUnitTreeNode[] }]));
    const roots: OrgUnitTreeNode[] = [];
    for (const node of nodes.values()) {
      const parent = node.parentId ? nodes.get(node.parentId) : undefined;
      (parent ? parent.children : roots).push(node);
    }
    return roots;
  }
}

@QueryHandler(GetOrgUnitQuery)
export class GetOrgUnitHandler implements IQueryHandler<GetOrgUnitQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, unitId }: GetOrgUnitQuery): Promise<OrgUnitView> {
    const where = ['u.id = $1'];
    const params: unknown[] = [unitId];
    scopeToAgencies(actor, 'u.agency_id', where, params);
    const [row] = await this.uow.query<OrgUnitView>(
      `SELECT ${VIEW_COLUMNS.org_units} FROM workforce.org_units u ${whereSql(where)}`,
      params,
    );
    if (!row) throw new NotFoundError('Org unit', unitId);
    return row;
  }
}

@QueryHandler(ListPositionsQuery)
export class ListPositionsHandler implements IQueryHandler<ListPositionsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListPositionsQuery): Promise<Page<PositionView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToAgencies(actor, 'p.agency_id', where, params);
    whereEquals('p.code', filter.code, where, params);
    whereEquals('p.agency_id', filter.agencyId, where, params);
    whereEquals('p.kind', filter.kind, where, params);
    retiredFilter('p', filter, where);
    const page = keyset('p', filter, where, params, BY_CODE);
    const rows = await this.uow.query<PositionView>(
      `SELECT ${VIEW_COLUMNS.positions} FROM workforce.positions p ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit, BY_CODE);
  }
}

@QueryHandler(GetPositionQuery)
export class GetPositionHandler implements IQueryHandler<GetPositionQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, positionId }: GetPositionQuery): Promise<PositionView> {
    const where = ['p.id = $1'];
    const params: unknown[] = [positionId];
    scopeToAgencies(actor, 'p.agency_id', where, params);
    const [row] = await this.uow.query<PositionView>(
      `SELECT ${VIEW_COLUMNS.positions} FROM workforce.positions p ${whereSql(where)}`,
      params,
    );
    if (!row) throw new NotFoundError('Position', positionId);
    return row;
  }
}

@QueryHandler(ListEmployeesQuery)
export class ListEmployeesHandler implements IQueryHandler<ListEmployeesQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListEmployeesQuery): Promise<Page<EmployeeView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToAgencies(actor, 'e.agency_id', where, params);
    selfOnly(actor, 'e.id', where, params);
    whereEquals('e.nip', filter.nip, where, params);
    whereEquals('e.agency_id', filter.agencyId, where, params);
    whereEquals('e.unit_id', filter.unitId, where, params);
    whereEquals('e.position_id', filter.positionId, where, params);
    whereEquals('e.kind', filter.kind, where, params);
    if (filter.name) {
      params.push(containsPattern(filter.name));
      where.push(`e.name ILIKE $${params.length}`);
    }
    retiredFilter('e', filter, where);
    const page = keyset('e', filter, where, params, BY_NAME);
    const rows = await this.uow.query<EmployeeView>(
      `SELECT ${VIEW_COLUMNS.employees} FROM workforce.employees e ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit, BY_NAME);
  }
}

@QueryHandler(GetEmployeeQuery)
export class GetEmployeeHandler implements IQueryHandler<GetEmployeeQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, employeeId }: GetEmployeeQuery): Promise<EmployeeView> {
    const where = ['e.id = $1'];
    const params: unknown[] = [employeeId];
    scopeToAgencies(actor, 'e.agency_id', where, params);
    selfOnly(actor, 'e.id', where, params);
    const [row] = await this.uow.query<EmployeeView>(
      `SELECT ${VIEW_COLUMNS.employees} FROM workforce.employees e ${whereSql(where)}`,
      params,
    );
    if (!row) throw new NotFoundError('Employee', employeeId);
    return row;
  }
}

@QueryHandler(ListUsersQuery)
export class ListUsersHandler implements IQueryHandler<ListUsersQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListUsersQuery): Promise<Page<UserView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToAgencies(actor, 's.agency_id', where, params);
    if (filter.email) {
      params.push(filter.email.toLowerCase());
      where.push(`lower(s.email) = $${params.length}`);
    }
    whereEquals('s.role', filter.role, where, params);
    whereEquals('s.agency_id', filter.agencyId, where, params);
    retiredFilter('s', filter, where);
    const page = keyset('s', filter, where, params);
    const rows = await this.uow.query<UserView>(
      `SELECT ${VIEW_COLUMNS.users} FROM workforce.users s ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetUserQuery)
export class GetUserHandler implements IQueryHandler<GetUserQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, userId }: GetUserQuery): Promise<UserView> {
    const where = ['s.id = $1'];
    const params: unknown[] = [userId];
    scopeToAgencies(actor, 's.agency_id', where, params);
    const [row] = await this.uow.query<UserView>(`SELECT ${VIEW_COLUMNS.users} FROM workforce.users s ${whereSql(where)}`, params);
    if (!row) throw new NotFoundError('User', userId);
    return row;
  }
}

@QueryHandler(GetMeQuery)
export class GetMeHandler implements IQueryHandler<GetMeQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor }: GetMeQuery): Promise<MeView> {
    // Read from the user's row, not the token, so a change since sign-in shows.
    const [user] = await this.uow.query<UserView>(`SELECT ${VIEW_COLUMNS.users} FROM workforce.users s WHERE s.id = $1`, [actor.userId]);
    if (!user || user.retiredAt) throw new NotFoundError('User', actor.userId ?? 'me');
    const agencyIds = [...new Set([user.agencyId, ...user.assessorAgencyIds].filter((id): id is string => Boolean(id)))];
    const agencies = agencyIds.length
      ? await this.uow.query<AgencyRef>(`SELECT a.id, a.code, a.name FROM workforce.agencies a WHERE a.id = ANY($1::uuid[])`, [agencyIds])
      : [];
    const byId = new Map(agencies.map((a) => [a.id, a]));
    const [employee] = user.employeeId
      ? await this.uow.query<EmployeeView>(`SELECT ${VIEW_COLUMNS.employees} FROM workforce.employees e WHERE e.id = $1`, [user.employeeId])
      : [];
    return {
      id: user.id,
      email: user.email,
      role: user.role,
      agency: (user.agencyId && byId.get(user.agencyId)) || null,
      assessorAgencies: user.assessorAgencyIds.map((id) => byId.get(id)).filter((a): a is AgencyRef => Boolean(a)),
      employee: employee ?? null,
    };
  }
}

export const WORKFORCE_QUERY_HANDLERS = [
  GetMeHandler,
  ListAgenciesHandler,
  GetAgencyHandler,
  ListOrgUnitsHandler,
  GetOrgUnitTreeHandler,
  GetOrgUnitHandler,
  ListPositionsHandler,
  GetPositionHandler,
  ListEmployeesHandler,
  GetEmployeeHandler,
  ListUsersHandler,
  GetUserHandler,
];
