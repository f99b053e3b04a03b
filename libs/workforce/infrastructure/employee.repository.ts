import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { Employee, EmployeeState } from '../domain/employee';
import { EmployeeView } from '../application/views';
import { VIEW_COLUMNS } from './workforce-sql';

/** Loads and saves the Employee aggregate; its events go to the outbox in the same transaction. */
@Injectable()
export class EmployeeRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async get(id: string): Promise<Employee> {
    const [row] = await this.uow.query<EmployeeView>(`SELECT ${VIEW_COLUMNS.employees} FROM workforce.employees e WHERE e.id = $1`, [id]);
    if (!row) throw new NotFoundError('Employee', id);
    return Employee.restore({ ...row, retiredAt: row.retiredAt ? new Date(row.retiredAt) : null } as EmployeeState);
  }

  async insert(employee: Employee): Promise<EmployeeView> {
    const s = employee.state;
    const [row] = await this.uow.query<EmployeeView>(
      `INSERT INTO workforce.employees AS e (id, nip, name, kind, agency_id, unit_id, position_id, email, supervisor_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (nip) DO NOTHING RETURNING ${VIEW_COLUMNS.employees}`,
      [s.id, s.nip, s.name, s.kind, s.agencyId, s.unitId, s.positionId, s.email, s.supervisorId],
    );
    if (!row) throw new ConflictError(`An employee with NIP ${s.nip} already exists`);
    await this.outbox.publish(...employee.pullEvents());
    return row;
  }

  /** Saves when the stored version is still `expectedVersion` (409 otherwise). */
  async save(employee: Employee, expectedVersion: number): Promise<EmployeeView> {
    const s = employee.state;
    // Wrapped in a CTE: TypeORM answers a bare UPDATE with [rows, rowCount], a SELECT with the rows.
    const [row] = await this.uow.query<EmployeeView>(
      `WITH changed AS (
         UPDATE workforce.employees e SET name = $3, kind = $4, unit_id = $5, position_id = $6, email = $7, retired_at = $8, supervisor_id = $9,
                version = version + 1, updated_at = now()
          WHERE e.id = $1 AND e.version = $2 RETURNING ${VIEW_COLUMNS.employees}
       ) SELECT * FROM changed`,
      [s.id, expectedVersion, s.name, s.kind, s.unitId, s.positionId, s.email, s.retiredAt, s.supervisorId],
    );
    if (!row) throw new ConflictError(`Employee ${s.id} has changed (version ${s.version}); reload it and retry`);
    await this.outbox.publish(...employee.pullEvents());
    return row;
  }
}
