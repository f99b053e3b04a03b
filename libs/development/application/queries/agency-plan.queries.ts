import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, NotFoundError, seesAllAgencies } from '@kompeten/shared/kernel';
import { keyset, Page, PageRequest, pageOf, UnitOfWork, whereEquals, whereSql } from '@kompeten/shared/infrastructure';
import {
  AgencyPlanItem,
  AgencyPlanStatus,
  DevelopmentKind,
  DevelopmentRoute,
  kindOf,
  planTotals,
  PlanTotals,
  routeOf,
} from '../../domain/agency-development-plan';
import { assertAgencyExists } from '../lookups';

/** A plan item as read: the domain's item, with what the reading derives (kind, route, program code, created sessions). */
export interface AgencyPlanItemView extends AgencyPlanItem {
  kind: DevelopmentKind;
  route: DevelopmentRoute | null;
  programCode: string | null;
  /** Sessions approvals of this plan created for the item. */
  sessionIds: string[];
}

export interface ApprovedVersionView {
  version: number;
  revision: number;
  approvedAt: string;
  approvedBy: string;
}

export interface AgencyPlanView {
  id: string;
  agencyId: string;
  year: number;
  status: AgencyPlanStatus;
  version: number;
  revision: number;
  notes: string | null;
  items: AgencyPlanItemView[];
  totals: PlanTotals;
  submittedAt: string | null;
  approvedAt: string | null;
  approvedBy: string | null;
  /** Every approved version, oldest first; each is read with ?version=. */
  approvedVersions: ApprovedVersionView[];
  createdAt: string;
  updatedAt: string;
}

export type AgencyPlanSummaryView = Omit<AgencyPlanView, 'items' | 'approvedVersions'>;

/** Who may see and keep an agency's plan: ministry admins, and that agency's admins; anyone else is not told it exists. */
export function assertCanManageAgencyPlan(actor: Actor, agencyId: string, what: string, key: string): void {
  if (seesAllAgencies(actor)) return;
  if (actor.role === 'AGENCY_ADMIN' && actor.agencyId === agencyId) return;
  throw new NotFoundError(what, key);
}

const PLAN_COLUMNS = `a.id, a.agency_id AS "agencyId", a.year, a.status, a.version, a.revision, a.notes, a.submitted_at AS "submittedAt",
  a.approved_at AS "approvedAt", a.approved_by AS "approvedBy", a.created_at AS "createdAt", a.updated_at AS "updatedAt"`;

/** The current plan (the draft, or the approved plan), as clients read it. */
export async function readAgencyPlan(uow: UnitOfWork, planId: string): Promise<AgencyPlanView> {
  const [plan] = await uow.query<Omit<AgencyPlanView, 'items' | 'totals' | 'approvedVersions'>>(
    `SELECT ${PLAN_COLUMNS} FROM development.agency_plans a WHERE a.id = $1`,
    [planId],
  );
  if (!plan) throw new NotFoundError('Development plan', planId);
  const items = await uow.query<Omit<AgencyPlanItemView, 'kind' | 'route'>>(
    `SELECT i.id, i.competency_code AS "competencyCode", i.competency_name AS "competencyName", i.competency_type AS "competencyType",
            i.title, i.delivery_mode AS "deliveryMode", i.program_id AS "programId", p.code AS "programCode", i.provider,
            i.target_count AS "targetCount", i.target_employee_ids::text[] AS "targetEmployeeIds", i.target_unit_id AS "targetUnitId",
            i.target_group AS "targetGroup", to_char(i.planned_start, 'YYYY-MM-DD') AS "plannedStart",
            to_char(i.planned_end, 'YYYY-MM-DD') AS "plannedEnd", i.session_count AS "sessionCount", i.location, i.online_url AS "onlineUrl",
            i.budget::float8 AS budget, i.origin, i.note,
            COALESCE((SELECT array_agg(ps.session_id::text ORDER BY ps.session_id) FROM development.agency_plan_sessions ps
                       WHERE ps.plan_id = i.plan_id AND ps.item_id = i.id), '{}') AS "sessionIds"
       FROM development.agency_plan_items i LEFT JOIN development.programs p ON p.id = i.program_id
      WHERE i.plan_id = $1 ORDER BY i.ordinal`,
    [planId],
  );
  const approvedVersions = await uow.query<ApprovedVersionView>(
    `SELECT version, revision, approved_at AS "approvedAt", approved_by AS "approvedBy"
       FROM development.agency_plan_versions WHERE plan_id = $1 ORDER BY version`,
    [planId],
  );
  const full = items.map((i) => ({ ...i, kind: kindOf(i.deliveryMode), route: routeOf(i.deliveryMode) }));
  return { ...plan, items: full, totals: planTotals(full), approvedVersions };
}

// ---------- queries ----------
export class ListAgencyPlansQuery extends Query<Page<AgencyPlanSummaryView>> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly filter: PageRequest & { year?: number; status?: string },
  ) {
    super();
  }
}

/** A plan: the current one, or (`version`) one of its approved versions as approved. */
export class GetAgencyPlanQuery extends Query<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly version?: number,
  ) {
    super();
  }
}

@QueryHandler(ListAgencyPlansQuery)
export class ListAgencyPlansHandler implements IQueryHandler<ListAgencyPlansQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  async execute({ actor, agencyId, filter }: ListAgencyPlansQuery): Promise<Page<AgencyPlanSummaryView>> {
    assertCanManageAgencyPlan(actor, agencyId, 'Agency', agencyId);
    await assertAgencyExists(this.queries, agencyId);
    const where: string[] = [];
    const params: unknown[] = [];
    whereEquals('a.agency_id', agencyId, where, params, '::uuid');
    whereEquals('a.year', filter.year, where, params, '::int');
    whereEquals('a.status', filter.status, where, params);
    const page = keyset('a', filter, where, params);
    const rows = await this.uow.query<AgencyPlanSummaryView>(
      `SELECT ${PLAN_COLUMNS},
              json_build_object(
                'items', count(i.id)::int, 'participants', COALESCE(sum(i.target_count), 0)::int,
                'sessions', COALESCE(sum(i.session_count), 0)::int, 'budget', COALESCE(sum(i.budget), 0)::float8,
                'budgetByType', json_build_object(
                  'TECHNICAL', COALESCE(sum(i.budget) FILTER (WHERE i.competency_type = 'TECHNICAL'), 0)::float8,
                  'MANAGERIAL', COALESCE(sum(i.budget) FILTER (WHERE i.competency_type = 'MANAGERIAL'), 0)::float8,
                  'SOCIOCULTURAL', COALESCE(sum(i.budget) FILTER (WHERE i.competency_type = 'SOCIOCULTURAL'), 0)::float8)) AS totals
         FROM development.agency_plans a LEFT JOIN development.agency_plan_items i ON i.plan_id = a.id
        ${whereSql(where)} GROUP BY a.id ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetAgencyPlanQuery)
export class GetAgencyPlanHandler implements IQueryHandler<GetAgencyPlanQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ actor, planId, version }: GetAgencyPlanQuery): Promise<AgencyPlanView> {
    const [head] = await this.uow.query<{ agency_id: string; version: number }>(
      `SELECT agency_id, version FROM development.agency_plans WHERE id = $1`,
      [planId],
    );
    if (!head) throw new NotFoundError('Development plan', planId);
    assertCanManageAgencyPlan(actor, head.agency_id, 'Development plan', planId);
    if (version === undefined || version === head.version) return readAgencyPlan(this.uow, planId);
    const [kept] = await this.uow.query<{ document: AgencyPlanView }>(
      `SELECT document FROM development.agency_plan_versions WHERE plan_id = $1 AND version = $2`,
      [planId, version],
    );
    if (!kept) throw new NotFoundError('Approved version of development plan', `${planId} version ${version}`);
    return kept.document;
  }
}

export const AGENCY_PLAN_QUERY_HANDLERS = [ListAgencyPlansHandler, GetAgencyPlanHandler];

// ---------- the plan as a table (CSV and the workbook) ----------
export const AGENCY_PLAN_TABLE_HEADER = [
  'no',
  'competencyCode',
  'competencyName',
  'competencyType',
  'title',
  'kind',
  'route',
  'deliveryMode',
  'programCode',
  'provider',
  'targetCount',
  'targetGroup',
  'plannedStart',
  'plannedEnd',
  'sessionCount',
  'budget',
  'origin',
  'note',
] as const;

export type TableCell = string | number | null;

/** One row per item, in the plan's order; the workbook adds a totals row. */
export function agencyPlanRows(plan: AgencyPlanView): TableCell[][] {
  return plan.items.map((i, n) => [
    n + 1,
    i.competencyCode,
    i.competencyName,
    i.competencyType,
    i.title,
    i.kind,
    i.route,
    i.deliveryMode,
    i.programCode,
    i.provider,
    i.targetCount,
    i.targetGroup,
    i.plannedStart,
    i.plannedEnd,
    i.sessionCount,
    i.budget,
    i.origin,
    i.note,
  ]);
}

export function agencyPlanTotalsRow(plan: AgencyPlanView): TableCell[] {
  const row: TableCell[] = AGENCY_PLAN_TABLE_HEADER.map(() => null);
  row[1] = 'TOTAL';
  row[AGENCY_PLAN_TABLE_HEADER.indexOf('targetCount')] = plan.totals.participants;
  row[AGENCY_PLAN_TABLE_HEADER.indexOf('sessionCount')] = plan.totals.sessions;
  row[AGENCY_PLAN_TABLE_HEADER.indexOf('budget')] = plan.totals.budget;
  return row;
}
