import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

/** One agency's units as arrays (ids and parents), for the roll-up CTE. */
export interface UnitTree {
  ids: string[];
  parentIds: (string | null)[];
}

/** One agency (rolled up its unit tree), or every agency (one row per agency). */
export type ReportScope = { agencyId: string; units: UnitTree } | { agencyId: null };

export interface HeatmapFilter {
  positionKind?: string;
  competencyType?: string;
}

export interface HeatmapCell {
  /** The unit (agency report) or the agency (national report) the figures are for. */
  groupId: string;
  competencyCode: string;
  competencyType: string;
  employeesAssessed: number;
  meanGap: number;
  shareBelowStandard: number;
}

export interface CompetencyNeed {
  competencyCode: string;
  competencyType: string;
  employeesWithGap: number;
  meanShortfall: number;
}

export interface JpComplianceRow {
  groupId: string;
  employees: number;
  reaching: number;
  notReaching: number;
  shortfallJp: number;
  rate: number;
}

export interface JpmDistributionRow {
  positionKind: string;
  category: string | null;
  employees: number;
}

/**
 * The closure of the unit tree (each unit with itself and every descendant) and
 * the rows to group by: an agency's units, or (national) the agencies themselves.
 * Figures are first summed per unit over the read models, then rolled up the
 * (small) closure, so the large join runs once whatever the depth of the tree.
 */
function rollUp(scope: ReportScope, perGroup: string): string {
  if (scope.agencyId === null) {
    // $2 and $3 (the unit tree) are unused here but must still have a type.
    return `unit AS (SELECT $2::uuid[] AS ids, $3::uuid[] AS parent_ids), ${perGroup.replace(/\$GROUP/g, 'e.agency_id')}, tree AS (SELECT DISTINCT group_id AS ancestor, group_id AS descendant FROM per_group)`;
  }
  return `unit AS (SELECT * FROM unnest($2::uuid[], $3::uuid[]) AS u(id, parent_id)),
     tree AS (SELECT id AS ancestor, id AS descendant FROM unit
              UNION ALL SELECT t.ancestor, u.id FROM tree t JOIN unit u ON u.parent_id = t.descendant),
     ${perGroup.replace(/\$GROUP/g, 'e.unit_id')}`;
}

function scopeParams(scope: ReportScope): unknown[] {
  return scope.agencyId === null ? [null, null, null] : [scope.agencyId, scope.units.ids, scope.units.parentIds];
}

/** The reports' statements over Reporting's read models: one statement each, filtered by agency ($1, null for all). */
@Injectable()
export class ReportReadModel {
  constructor(private readonly uow: UnitOfWork) {}

  gapHeatmap(scope: ReportScope, filter: HeatmapFilter): Promise<HeatmapCell[]> {
    return this.uow.query<HeatmapCell>(
      `WITH RECURSIVE ${rollUp(
        scope,
        `per_group AS (
           SELECT $GROUP AS group_id, g.competency_code, g.competency_type, count(*) AS assessed, sum(g.gap) AS gap_sum,
                  count(*) FILTER (WHERE g.gap < 0) AS below
             FROM reporting.employees e JOIN reporting.gaps g ON g.employee_id = e.employee_id
            WHERE ($1::uuid IS NULL OR e.agency_id = $1::uuid) AND NOT e.retired AND g.achieved_level IS NOT NULL
              AND ($4::text IS NULL OR e.position_kind = $4::text) AND ($5::text IS NULL OR g.competency_type = $5::text)
            GROUP BY 1, 2, 3)`,
      )}
       SELECT t.ancestor AS "groupId", p.competency_code AS "competencyCode", p.competency_type AS "competencyType",
              sum(p.assessed)::int AS "employeesAssessed", round(sum(p.gap_sum)::numeric / sum(p.assessed), 2)::float8 AS "meanGap",
              round(sum(p.below)::numeric / sum(p.assessed), 4)::float8 AS "shareBelowStandard"
         FROM tree t JOIN per_group p ON p.group_id = t.descendant
        GROUP BY 1, 2, 3`,
      [...scopeParams(scope), filter.positionKind ?? null, filter.competencyType ?? null],
    );
  }

  /** Per competency: the employees below the standard and their mean gap (negative). */
  competencyNeeds(agencyId: string | null): Promise<CompetencyNeed[]> {
    return this.uow.query<CompetencyNeed>(
      `SELECT g.competency_code AS "competencyCode", min(g.competency_type) AS "competencyType", count(*)::int AS "employeesWithGap",
              round(avg(g.gap), 2)::float8 AS "meanShortfall"
         FROM reporting.employees e JOIN reporting.gaps g ON g.employee_id = e.employee_id
        WHERE ($1::uuid IS NULL OR e.agency_id = $1::uuid) AND NOT e.retired AND g.gap < 0
        GROUP BY 1`,
      [agencyId],
    );
  }

  jpCompliance(scope: ReportScope, year: number, requiredJp: number): Promise<JpComplianceRow[]> {
    return this.uow.query<JpComplianceRow>(
      `WITH RECURSIVE ${rollUp(
        scope,
        `per_employee AS (
           SELECT $GROUP AS group_id, COALESCE(t.jp, 0) AS jp
             FROM reporting.employees e LEFT JOIN reporting.jp_totals t ON t.year = $4 AND t.employee_id = e.employee_id
            WHERE ($1::uuid IS NULL OR e.agency_id = $1::uuid) AND NOT e.retired
         ), per_group AS (
           SELECT group_id, count(*) AS employees, count(*) FILTER (WHERE jp >= $5) AS reaching, sum(greatest($5 - jp, 0)) AS shortfall
             FROM per_employee GROUP BY 1)`,
      )}
       SELECT t.ancestor AS "groupId", sum(p.employees)::int AS employees, sum(p.reaching)::int AS reaching,
              (sum(p.employees) - sum(p.reaching))::int AS "notReaching", round(sum(p.shortfall), 2)::float8 AS "shortfallJp",
              round(sum(p.reaching)::numeric / sum(p.employees), 4)::float8 AS rate
         FROM tree t JOIN per_group p ON p.group_id = t.descendant
        GROUP BY 1`,
      [...scopeParams(scope), year, requiredJp],
    );
  }

  jpmDistribution(agencyId: string | null): Promise<JpmDistributionRow[]> {
    return this.uow.query<JpmDistributionRow>(
      `SELECT e.position_kind AS "positionKind", p.category, count(*)::int AS employees
         FROM reporting.employees e LEFT JOIN reporting.profiles p ON p.employee_id = e.employee_id
        WHERE ($1::uuid IS NULL OR e.agency_id = $1::uuid) AND NOT e.retired
        GROUP BY 1, 2
        ORDER BY 1, 2 NULLS LAST`,
      [agencyId],
    );
  }
}
