import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, InvalidInputError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { Employee } from '../../domain/employee';
import { EmployeeKind } from '../../domain/workforce-kinds';
import { EmployeeRepository } from '../../infrastructure/employee.repository';
import { assertAgencyWritable } from '../scope';
import { EmployeeView } from '../views';

export interface EmployeeInput {
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  unitId: string;
  positionId: string;
  email?: string | null;
  supervisorId?: string | null;
}

export class RegisterEmployeeCommand extends Command<EmployeeView> {
  constructor(
    readonly actor: Actor,
    readonly input: EmployeeInput,
  ) {
    super();
  }
}
export class UpdateEmployeeCommand extends Command<EmployeeView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly input: {
      version: number;
      name?: string;
      kind?: EmployeeKind;
      unitId?: string;
      positionId?: string;
      email?: string | null;
      supervisorId?: string | null;
    },
  ) {
    super();
  }
}
export class RetireEmployeeCommand extends Command<EmployeeView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly version: number,
  ) {
    super();
  }
}

/** A supervisor must be a live employee of the same agency. */
async function checkSupervisor(uow: UnitOfWork, agencyId: string, supervisorId?: string | null): Promise<void> {
  if (!supervisorId) return;
  const [supervisor] = await uow.query(`SELECT 1 FROM workforce.employees WHERE id = $1 AND agency_id = $2 AND retired_at IS NULL`, [
    supervisorId,
    agencyId,
  ]);
  if (!supervisor) throw InvalidInputError.field('supervisorId', 'is not an employee of the agency');
}

/** The unit and the position must be live records of the employee's agency. */
async function checkPlacement(uow: UnitOfWork, agencyId: string, unitId?: string, positionId?: string): Promise<void> {
  if (unitId) {
    const [unit] = await uow.query(`SELECT 1 FROM workforce.org_units WHERE id = $1 AND agency_id = $2 AND retired_at IS NULL`, [
      unitId,
      agencyId,
    ]);
    if (!unit) throw InvalidInputError.field('unitId', 'is not a unit of the employee’s agency');
  }
  if (positionId) {
    const [position] = await uow.query(`SELECT 1 FROM workforce.positions WHERE id = $1 AND agency_id = $2 AND retired_at IS NULL`, [
      positionId,
      agencyId,
    ]);
    if (!position) throw InvalidInputError.field('positionId', 'is not a position of the employee’s agency');
  }
}

@CommandHandler(RegisterEmployeeCommand)
export class RegisterEmployeeHandler implements ICommandHandler<RegisterEmployeeCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly employees: EmployeeRepository,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, input }: RegisterEmployeeCommand): Promise<EmployeeView> {
    assertAgencyWritable(actor, input.agencyId);
    const employee = Employee.register({ ...input, email: input.email ?? null, supervisorId: input.supervisorId ?? null });
    return this.uow.transaction(async () => {
      const [agency] = await this.uow.query(`SELECT 1 FROM workforce.agencies WHERE id = $1 AND retired_at IS NULL`, [input.agencyId]);
      if (!agency) throw InvalidInputError.field('agencyId', 'is not a live agency');
      await checkPlacement(this.uow, input.agencyId, input.unitId, input.positionId);
      await checkSupervisor(this.uow, input.agencyId, input.supervisorId);
      const view = await this.employees.insert(employee);
      await this.audit.record({
        action: 'employee.register',
        entityType: 'Employee',
        entityId: view.id,
        agencyId: view.agencyId,
        after: view,
      });
      return view;
    });
  }
}

@CommandHandler(UpdateEmployeeCommand)
export class UpdateEmployeeHandler implements ICommandHandler<UpdateEmployeeCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly employees: EmployeeRepository,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, employeeId, input }: UpdateEmployeeCommand): Promise<EmployeeView> {
    return this.uow.transaction(async () => {
      const employee = await this.employees.get(employeeId);
      const before = { ...employee.state };
      assertAgencyWritable(actor, before.agencyId, 'Employee', employeeId);
      await checkPlacement(this.uow, before.agencyId, input.unitId, input.positionId);
      await checkSupervisor(this.uow, before.agencyId, input.supervisorId);
      employee.update({ name: input.name, kind: input.kind, email: input.email, unitId: input.unitId, supervisorId: input.supervisorId });
      if (input.positionId) employee.moveToPosition(input.positionId);
      const after = await this.employees.save(employee, input.version);
      await this.audit.record({
        action: 'employee.update',
        entityType: 'Employee',
        entityId: employeeId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(RetireEmployeeCommand)
export class RetireEmployeeHandler implements ICommandHandler<RetireEmployeeCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly employees: EmployeeRepository,
    private readonly audit: AuditLog,
  ) {}
  execute({ actor, employeeId, version }: RetireEmployeeCommand): Promise<EmployeeView> {
    return this.uow.transaction(async () => {
      const employee = await this.employees.get(employeeId);
      const before = { ...employee.state };
      assertAgencyWritable(actor, before.agencyId, 'Employee', employeeId);
      employee.retire();
      const after = await this.employees.save(employee, version);
      await this.audit.record({
        action: 'employee.retire',
        entityType: 'Employee',
        entityId: employeeId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}
