import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

/** The names beside an employee's ids (scalar subqueries, so they also work in RETURNING). */
const EMPLOYEE_NAMES = `(SELECT x.code FROM workforce.agencies x WHERE x.id = e.agency_id) AS "agencyCode",
    (SELECT x.name FROM workforce.agencies x WHERE x.id = e.agency_id) AS "agencyName",
    (SELECT x.code FROM workforce.org_units x WHERE x.id = e.unit_id) AS "unitCode",
    (SELECT x.name FROM workforce.org_units x WHERE x.id = e.unit_id) AS "unitName",
    (SELECT x.code FROM workforce.positions x WHERE x.id = e.position_id) AS "positionCode",
    (SELECT x.name FROM workforce.positions x WHERE x.id = e.position_id) AS "positionName"`;

/** Column lists that read each table as its view shape (camelCase), shared by queries and writes. */
export const VIEW_COLUMNS = {
  agencies: `a.id, a.code, a.name, a.kind, a.retired_at AS "retiredAt", a.version, a.created_at AS "createdAt", a.updated_at AS "updatedAt"`,
  org_units: `u.id, u.agency_id AS "agencyId", u.parent_id AS "parentId", u.code, u.name, u.retired_at AS "retiredAt", u.version, u.created_at AS "createdAt", u.updated_at AS "updatedAt"`,
  positions: `p.id, p.agency_id AS "agencyId", p.code, p.name, p.kind, p.functional_grade AS "functionalGrade", p.retired_at AS "retiredAt", p.version, p.created_at AS "createdAt", p.updated_at AS "updatedAt"`,
  employees: `e.id, e.nip, e.name, e.kind, e.agency_id AS "agencyId", e.unit_id AS "unitId", e.position_id AS "positionId", e.email, e.supervisor_id AS "supervisorId", e.retired_at AS "retiredAt", e.version, e.created_at AS "createdAt", e.updated_at AS "updatedAt",
    ${EMPLOYEE_NAMES}`,
  users: `s.id, s.email, s.role, s.agency_id AS "agencyId", s.employee_id AS "employeeId", s.assessor_agency_ids AS "assessorAgencyIds", s.retired_at AS "retiredAt", s.version, s.created_at AS "createdAt", s.updated_at AS "updatedAt"`,
} as const;

export type WorkforceTable = keyof typeof VIEW_COLUMNS;
const ALIAS: Record<WorkforceTable, string> = { agencies: 'a', org_units: 'u', positions: 'p', employees: 'e', users: 's' };
const ENTITY: Record<WorkforceTable, string> = {
  agencies: 'Agency',
  org_units: 'Org unit',
  positions: 'Position',
  employees: 'Employee',
  users: 'User',
};

/**
 * Optimistic-locking update: applies `set` when the row still has `expectedVersion`,
 * bumps the version, and answers the new row. 404 when missing, 409 when stale.
 */
export async function updateVersioned<T>(
  uow: UnitOfWork,
  table: WorkforceTable,
  id: string,
  expectedVersion: number,
  set: Record<string, unknown>,
): Promise<T> {
  const alias = ALIAS[table];
  const params: unknown[] = [id, expectedVersion];
  const assignments = Object.entries(set)
    .filter(([, v]) => v !== undefined)
    .map(([column, value]) => {
      params.push(value);
      return `${column} = $${params.length}`;
    });
  // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, rowCount], a SELECT with the rows.
  const rows = await uow.query<T>(
    `WITH changed AS (
       UPDATE workforce.${table} ${alias} SET ${[...assignments, 'version = version + 1', 'updated_at = now()'].join(', ')}
        WHERE ${alias}.id = $1 AND ${alias}.version = $2 RETURNING ${VIEW_COLUMNS[table]}
     ) SELECT * FROM changed`,
    params,
  );
  if (rows.length === 1) return rows[0];
  const exists = await uow.query(`SELECT version FROM workforce.${table} WHERE id = $1`, [id]);
  if (exists.length === 0) throw new NotFoundError(ENTITY[table], id);
  throw new ConflictError(
    `${ENTITY[table]} ${id} has changed (version ${(exists[0] as { version: number }).version}); reload it and retry`,
  );
}
