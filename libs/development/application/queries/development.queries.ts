import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, assertCanReadEmployee, NotFoundError } from '@kompeten/shared/kernel';
import {
  keyset,
  Page,
  PageOrder,
  pageOf,
  PageRequest,
  scopeToEmployees,
  UnitOfWork,
  whereEquals,
  whereSql,
} from '@kompeten/shared/infrastructure';
import { jpYearOf } from '../../domain/calendar';
import { jpStanding } from '../../domain/jp-rules';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';
import {
  ENROLMENT_COLUMNS,
  PLAN_ITEM_COLUMNS,
  PLAN_ITEM_FROM,
  PROGRAM_COLUMNS,
  RECORD_COLUMNS,
  SESSION_COLUMNS,
  SESSION_FROM,
} from '../../infrastructure/development-sql';
import { JpLedger } from '../../infrastructure/jp-ledger';
import { findEmployee } from '../lookups';
import { assertCanReadProgram, scopeToCatalogue } from '../scope';
import { DevelopmentHoursView, DevelopmentPlanView, DevelopmentRecordView, EnrolmentView, ProgramView, SessionView } from '../views';
import { WaitingLists } from '../waiting-list.service';
import { readProgram, readSession, withCredit } from './program-views';
import { readRecord } from './record-views';

// ---------- programs ----------
export interface ProgramFilter extends PageRequest {
  code?: string;
  deliveryMode?: string;
  agencyId?: string;
  national?: boolean;
  active?: boolean;
  international?: boolean;
  competencyCode?: string;
}
export class ListProgramsQuery extends Query<Page<ProgramView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: ProgramFilter,
  ) {
    super();
  }
}
export class GetProgramQuery extends Query<ProgramView> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
  ) {
    super();
  }
}

/** The catalogue's documented order: by code (the id breaks ties). */
const PROGRAMS_BY_CODE: PageOrder = { column: 'p.code', field: 'code' };

@QueryHandler(ListProgramsQuery)
export class ListProgramsHandler implements IQueryHandler<ListProgramsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: DevelopmentPolicy,
  ) {}
  async execute({ actor, filter }: ListProgramsQuery): Promise<Page<ProgramView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToCatalogue(actor, 'p.agency_id', where, params);
    if (filter.code) {
      params.push(filter.code);
      where.push(`lower(p.code) = lower($${params.length})`);
    }
    whereEquals('p.delivery_mode', filter.deliveryMode, where, params);
    whereEquals('p.agency_id', filter.agencyId, where, params, '::uuid');
    if (filter.national !== undefined) where.push(filter.national ? 'p.agency_id IS NULL' : 'p.agency_id IS NOT NULL');
    whereEquals('p.active', filter.active, where, params);
    whereEquals('p.international', filter.international, where, params);
    if (filter.competencyCode) {
      params.push(filter.competencyCode);
      where.push(
        `EXISTS (SELECT 1 FROM development.program_competencies c WHERE c.program_id = p.id AND c.competency_code = $${params.length})`,
      );
    }
    const page = keyset('p', filter, where, params, PROGRAMS_BY_CODE);
    const rows = await this.uow.query<Omit<ProgramView, 'creditJp'>>(
      `SELECT ${PROGRAM_COLUMNS} FROM development.programs p ${whereSql(where)} ${page.sql}`,
      params,
    );
    const result = pageOf(rows, page.limit, PROGRAMS_BY_CODE);
    return { ...result, items: result.items.map((r) => withCredit(r, this.policy.jpRules)) };
  }
}

@QueryHandler(GetProgramQuery)
export class GetProgramHandler implements IQueryHandler<GetProgramQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly policy: DevelopmentPolicy,
  ) {}
  async execute({ actor, programId }: GetProgramQuery): Promise<ProgramView> {
    const program = await readProgram(this.uow, programId, this.policy.jpRules);
    assertCanReadProgram(actor, program.agencyId, 'Training program', programId);
    return program;
  }
}

// ---------- sessions ----------
export interface SessionFilter extends PageRequest {
  status?: string;
  from?: string;
  to?: string;
}
export class ListSessionsQuery extends Query<Page<SessionView>> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
    readonly filter: SessionFilter,
  ) {
    super();
  }
}
export class GetSessionQuery extends Query<SessionView> {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
  ) {
    super();
  }
}

@QueryHandler(ListSessionsQuery)
export class ListSessionsHandler implements IQueryHandler<ListSessionsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, programId, filter }: ListSessionsQuery): Promise<Page<SessionView>> {
    const [program] = await this.uow.query<{ agency_id: string | null }>(`SELECT agency_id FROM development.programs WHERE id = $1`, [
      programId,
    ]);
    if (!program) throw new NotFoundError('Training program', programId);
    assertCanReadProgram(actor, program.agency_id, 'Training program', programId);
    const where: string[] = [];
    const params: unknown[] = [];
    whereEquals('s.program_id', programId, where, params, '::uuid');
    whereEquals('s.status', filter.status, where, params);
    if (filter.from) {
      params.push(filter.from);
      where.push(`s.ends_at >= $${params.length}::timestamptz`);
    }
    if (filter.to) {
      params.push(filter.to);
      where.push(`s.starts_at < $${params.length}::timestamptz`);
    }
    const page = keyset('s', filter, where, params);
    const rows = await this.uow.query<SessionView>(`SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} ${whereSql(where)} ${page.sql}`, params);
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetSessionQuery)
export class GetSessionHandler implements IQueryHandler<GetSessionQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, sessionId }: GetSessionQuery): Promise<SessionView> {
    const session = await readSession(this.uow, sessionId);
    assertCanReadProgram(actor, session.programAgencyId, 'Training session', sessionId);
    return session;
  }
}

// ---------- enrolments ----------
export interface EnrolmentFilter extends PageRequest {
  sessionId?: string;
  employeeId?: string;
  status?: string;
}
export class ListEnrolmentsQuery extends Query<Page<EnrolmentView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: EnrolmentFilter,
  ) {
    super();
  }
}
export class GetEnrolmentQuery extends Query<EnrolmentView> {
  constructor(
    readonly actor: Actor,
    readonly enrolmentId: string,
  ) {
    super();
  }
}

@QueryHandler(ListEnrolmentsQuery)
export class ListEnrolmentsHandler implements IQueryHandler<ListEnrolmentsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly waitingLists: WaitingLists,
  ) {}
  async execute({ actor, filter }: ListEnrolmentsQuery): Promise<Page<EnrolmentView>> {
    if (filter.sessionId) {
      // A session the actor cannot see is not found, rather than an empty list.
      const session = await readSession(this.uow, filter.sessionId);
      assertCanReadProgram(actor, session.programAgencyId, 'Training session', filter.sessionId);
    }
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToEmployees(actor, 'e.employee_id', 'e.agency_id', where, params);
    whereEquals('e.session_id', filter.sessionId, where, params, '::uuid');
    whereEquals('e.employee_id', filter.employeeId, where, params, '::uuid');
    whereEquals('e.status', filter.status, where, params);
    const page = keyset('e', filter, where, params);
    const rows = await this.uow.query<EnrolmentView>(
      `SELECT ${ENROLMENT_COLUMNS} FROM development.enrolments e ${whereSql(where)} ${page.sql}`,
      params,
    );
    const result = pageOf(rows, page.limit);
    const waiting = result.items.filter((e) => e.status === 'WAITLISTED').map((e) => e.sessionId);
    if (waiting.length) {
      const positions = await this.waitingLists.positions(waiting);
      for (const item of result.items) if (item.status === 'WAITLISTED') item.waitlistPosition = positions.get(item.id) ?? null;
    }
    return result;
  }
}

@QueryHandler(GetEnrolmentQuery)
export class GetEnrolmentHandler implements IQueryHandler<GetEnrolmentQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly waitingLists: WaitingLists,
  ) {}
  async execute({ actor, enrolmentId }: GetEnrolmentQuery): Promise<EnrolmentView> {
    const [row] = await this.uow.query<EnrolmentView>(`SELECT ${ENROLMENT_COLUMNS} FROM development.enrolments e WHERE e.id = $1`, [
      enrolmentId,
    ]);
    if (!row) throw new NotFoundError('Enrolment', enrolmentId);
    assertCanReadEmployee(actor, { id: row.employeeId, agencyId: row.agencyId }, 'Enrolment', enrolmentId);
    if (row.status === 'WAITLISTED') row.waitlistPosition = (await this.waitingLists.positions([row.sessionId])).get(row.id) ?? null;
    return row;
  }
}

// ---------- development records ----------
export class ListRecordsQuery extends Query<Page<DevelopmentRecordView>> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly filter: PageRequest & { status?: string; year?: number },
  ) {
    super();
  }
}
export class GetRecordQuery extends Query<DevelopmentRecordView> {
  constructor(
    readonly actor: Actor,
    readonly recordId: string,
  ) {
    super();
  }
}

@QueryHandler(ListRecordsQuery)
export class ListRecordsHandler implements IQueryHandler<ListRecordsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, employeeId, filter }: ListRecordsQuery): Promise<Page<DevelopmentRecordView>> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    const where: string[] = [];
    const params: unknown[] = [];
    whereEquals('r.employee_id', employeeId, where, params, '::uuid');
    whereEquals('r.status', filter.status, where, params);
    whereEquals('r.year', filter.year, where, params);
    const page = keyset('r', filter, where, params);
    const rows = await this.uow.query<DevelopmentRecordView>(
      `SELECT ${RECORD_COLUMNS} FROM development.records r ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

@QueryHandler(GetRecordQuery)
export class GetRecordHandler implements IQueryHandler<GetRecordQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, recordId }: GetRecordQuery): Promise<DevelopmentRecordView> {
    const record = await readRecord(this.uow, recordId);
    assertCanReadEmployee(actor, { id: record.employeeId, agencyId: record.agencyId }, 'Development record', recordId);
    return record;
  }
}

// ---------- JP and plan ----------
export class GetDevelopmentHoursQuery extends Query<DevelopmentHoursView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly year?: number,
  ) {
    super();
  }
}

@QueryHandler(GetDevelopmentHoursQuery)
export class GetDevelopmentHoursHandler implements IQueryHandler<GetDevelopmentHoursQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly ledger: JpLedger,
    private readonly policy: DevelopmentPolicy,
  ) {}
  async execute({ actor, employeeId, year }: GetDevelopmentHoursQuery): Promise<DevelopmentHoursView> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    const y = year ?? jpYearOf(new Date());
    const totals = await this.ledger.totals(employeeId, y);
    const standing = jpStanding(totals.training + totals.record, this.policy.requiredJp);
    return { employeeId, year: y, ...standing, fromTrainings: totals.training, fromRecords: totals.record };
  }
}

export class GetDevelopmentPlanQuery extends Query<DevelopmentPlanView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
  ) {
    super();
  }
}

@QueryHandler(GetDevelopmentPlanQuery)
export class GetDevelopmentPlanHandler implements IQueryHandler<GetDevelopmentPlanQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, employeeId }: GetDevelopmentPlanQuery): Promise<DevelopmentPlanView> {
    const employee = await findEmployee(this.queries, employeeId);
    assertCanReadEmployee(actor, employee);
    const items = await this.uow.query<DevelopmentPlanView['items'][number]>(
      `SELECT ${PLAN_ITEM_COLUMNS} FROM ${PLAN_ITEM_FROM} WHERE i.employee_id = $1 ORDER BY i.id LIMIT 1000`,
      [employeeId],
    );
    const gaps = await this.uow.query<DevelopmentPlanView['gaps'][number]>(
      `SELECT competency_code AS "competencyCode", required_level AS "requiredLevel", achieved_level AS "achievedLevel", gap
         FROM development.employee_gaps WHERE employee_id = $1 AND gap < 0 ORDER BY gap, competency_code`,
      [employeeId],
    );
    return { employeeId, agencyId: employee.agencyId, items, gaps };
  }
}

export const DEVELOPMENT_QUERY_HANDLERS = [
  ListProgramsHandler,
  GetProgramHandler,
  ListSessionsHandler,
  GetSessionHandler,
  ListEnrolmentsHandler,
  GetEnrolmentHandler,
  ListRecordsHandler,
  GetRecordHandler,
  GetDevelopmentHoursHandler,
  GetDevelopmentPlanHandler,
];
