import { AggregateRoot, integrationEvent, InvalidInputError, newId } from '@kompeten/shared/kernel';
import { WORKFORCE_EVENTS, EmployeePositionChangedPayload, EmployeeRegisteredPayload } from '../contracts/events';
import { checkNip } from './nip';
import { EmployeeKind } from './workforce-kinds';

export interface EmployeeState {
  id: string;
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  unitId: string;
  positionId: string;
  email: string | null;
  /** The direct supervisor (an employee of the same agency), or null. */
  supervisorId: string | null;
  retiredAt: Date | null;
  version: number;
}

/** A civil servant (ASN). Moving to another position is the change other contexts care about. */
export class Employee extends AggregateRoot {
  private constructor(private s: EmployeeState) {
    super();
  }

  static register(input: Omit<EmployeeState, 'id' | 'retiredAt' | 'version'>): Employee {
    const nip = checkNip(input.nip);
    if (!nip.ok) throw InvalidInputError.field('nip', nip.reason);
    const employee = new Employee({ ...input, nip: nip.nip, id: newId(), retiredAt: null, version: 1 });
    employee.record(
      integrationEvent<EmployeeRegisteredPayload>(WORKFORCE_EVENTS.EmployeeRegistered, employee.id, {
        employeeId: employee.id,
        nip: employee.s.nip,
        agencyId: input.agencyId,
        unitId: input.unitId,
        positionId: input.positionId,
      }),
    );
    return employee;
  }

  static restore(state: EmployeeState): Employee {
    return new Employee({ ...state });
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<EmployeeState> {
    return this.s;
  }

  update(changes: Partial<Pick<EmployeeState, 'name' | 'kind' | 'email' | 'unitId' | 'supervisorId'>>): void {
    if (changes.supervisorId && changes.supervisorId === this.s.id) throw InvalidInputError.field('supervisorId', 'cannot be the employee');
    this.s = { ...this.s, ...Object.fromEntries(Object.entries(changes).filter(([, v]) => v !== undefined)) };
  }

  moveToPosition(positionId: string): void {
    if (positionId === this.s.positionId) return;
    const from = this.s.positionId;
    this.s = { ...this.s, positionId };
    this.record(
      integrationEvent<EmployeePositionChangedPayload>(WORKFORCE_EVENTS.EmployeePositionChanged, this.id, {
        employeeId: this.id,
        agencyId: this.s.agencyId,
        fromPositionId: from,
        toPositionId: positionId,
      }),
    );
  }

  retire(at: Date = new Date()): void {
    if (!this.s.retiredAt) this.s = { ...this.s, retiredAt: at };
  }
}
