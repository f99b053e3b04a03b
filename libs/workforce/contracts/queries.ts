import { Query } from '@nestjs/cqrs';

/**
 * Queries other contexts send through the QueryBus. They are not scoped to an
 * actor: the asking context applies its own scoping with the agencyId answered.
 */
export interface PositionSummary {
  id: string;
  agencyId: string;
  code: string;
  name: string;
  kind: 'JPT_UTAMA' | 'JPT_MADYA' | 'JPT_PRATAMA' | 'ADMINISTRATOR' | 'PENGAWAS' | 'PELAKSANA' | 'FUNGSIONAL';
  functionalGrade: string | null;
  retired: boolean;
}

export interface EmployeeSummary {
  id: string;
  nip: string;
  name: string;
  kind: 'PNS' | 'PPPK';
  agencyId: string;
  unitId: string;
  positionId: string;
  retired: boolean;
  /** The direct supervisor, where recorded (answered by EmployeeSummaryQuery and EmployeePlacementsQuery). */
  supervisorId?: string | null;
}

export interface AgencySummary {
  id: string;
  code: string;
  name: string;
  retired: boolean;
}

/** An agency by id or by code; null when there is none. */
export class AgencySummaryQuery extends Query<AgencySummary | null> {
  constructor(readonly key: { id: string } | { code: string }) {
    super();
  }
}

/** A position by id or by code; null when there is none. */
export class PositionSummaryQuery extends Query<PositionSummary | null> {
  constructor(readonly key: { id: string } | { code: string }) {
    super();
  }
}

/** An employee by id or by NIP; null when there is none. */
export class EmployeeSummaryQuery extends Query<EmployeeSummary | null> {
  constructor(readonly key: { id: string } | { nip: string }) {
    super();
  }
}

/** Live employees holding a position, keyset-paged by id, for batch work. */
export class EmployeesHoldingPositionQuery extends Query<string[]> {
  constructor(
    readonly positionId: string,
    readonly afterId: string | null,
    readonly limit: number,
  ) {
    super();
  }
}

/** Many employees at once, by id or by NIP (set-based, for batch work and imports); unknown keys are left out. */
export class EmployeePlacementsQuery extends Query<EmployeeSummary[]> {
  constructor(readonly keys: { ids: string[] } | { nips: string[] }) {
    super();
  }
}

export interface EmployeeContact extends EmployeeSummary {
  email: string | null;
}

/**
 * Employees by NIP or by e-mail (case-insensitively), many at once (set-based, for
 * matching people known to other systems); unknown keys are left out. An e-mail
 * several employees share matches none of them (the caller cannot tell who it is).
 */
export class EmployeeContactsQuery extends Query<EmployeeContact[]> {
  constructor(readonly keys: { nips?: string[]; emails?: string[] }) {
    super();
  }
}
