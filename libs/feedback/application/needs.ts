import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { CompetencySummaryQuery } from '@kompeten/competency-standards/contracts';
import { DevelopmentUnderwayQuery } from '@kompeten/development/contracts';
import {
  Actor,
  assertAdminOf,
  assertCanReadEmployee,
  ConflictError,
  ForbiddenError,
  integrationEvent,
  InvalidInputError,
  isAdminOf,
  newId,
  NotFoundError,
} from '@kompeten/shared/kernel';
import {
  AuditLog,
  containsPattern,
  keyset,
  Outbox,
  Page,
  pageOf,
  PageRequest,
  scopeToEmployees,
  UnitOfWork,
  whereEquals,
  whereSql,
} from '@kompeten/shared/infrastructure';
import { EmployeePlacementsQuery, EmployeeSummaryQuery } from '@kompeten/workforce/contracts';
import { FEEDBACK_EVENTS, NeedPriority, TrainingNeedClosedPayload, TrainingNeedSubmittedPayload } from '../contracts/events';
import { assertDeclinable, assertStatable, NeedStatus } from '../domain/training-need';
import { TrainingNeedView } from './views';

const moment = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
export const NEED_COLUMNS = `n.id, n.employee_id AS "employeeId", n.agency_id AS "agencyId", n.competency_code AS "competencyCode", n.text,
  n.priority, n.reason, n.status, n.submitted_by AS "submittedBy", ${moment('n.submitted_at')} AS "submittedAt",
  ${moment('n.planned_at')} AS "plannedAt", ${moment('n.addressed_at')} AS "addressedAt", ${moment('n.declined_at')} AS "declinedAt",
  n.decline_reason AS "declineReason", n.version`;

export interface NewNeedInput {
  employeeId?: string;
  competencyCode?: string | null;
  text?: string | null;
  priority?: NeedPriority;
  reason?: string | null;
}

export class SubmitNeedCommand extends Command<TrainingNeedView> {
  constructor(
    readonly actor: Actor,
    readonly input: NewNeedInput,
  ) {
    super();
  }
}
export class DeclineNeedCommand extends Command<TrainingNeedView> {
  constructor(
    readonly actor: Actor,
    readonly needId: string,
    readonly input: { reason: string; version?: number },
  ) {
    super();
  }
}

export interface NeedFilter extends PageRequest {
  employeeId?: string;
  agencyId?: string;
  competencyCode?: string;
  status?: NeedStatus;
  priority?: NeedPriority;
  q?: string;
}
export class ListNeedsQuery extends Query<Page<TrainingNeedView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: NeedFilter,
  ) {
    super();
  }
}
export class GetNeedQuery extends Query<TrainingNeedView> {
  constructor(
    readonly actor: Actor,
    readonly needId: string,
  ) {
    super();
  }
}

async function readNeed(uow: UnitOfWork, id: string): Promise<TrainingNeedView | null> {
  const [row] = await uow.query<TrainingNeedView>(`SELECT ${NEED_COLUMNS} FROM feedback.training_needs n WHERE n.id = $1`, [id]);
  return row ?? null;
}

/**
 * An employee states their own need; an admin of their agency (or the
 * ministry) may state one on their behalf. The competency must be in the
 * dictionary and usable in the employee's agency (national, or the agency's
 * own technical one). One live need per employee and competency (409). A
 * need stated while a matching program is already in the plan (or enrolled
 * in) starts PLANNED.
 */
@CommandHandler(SubmitNeedCommand)
export class SubmitNeedHandler implements ICommandHandler<SubmitNeedCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, input }: SubmitNeedCommand): Promise<TrainingNeedView> {
    const employeeId = input.employeeId ?? actor.employeeId;
    if (!employeeId) throw InvalidInputError.field('employeeId', 'name the employee whose need it is');
    if (actor.role === 'ASSESSOR') throw new ForbiddenError('Assessors do not state training needs');
    const employee = await this.queries.execute(new EmployeeSummaryQuery({ id: employeeId }));
    if (!employee || employee.retired) throw new NotFoundError('Employee', employeeId);
    // An employee states their own needs, or their direct subordinates' as supervisor; admins those of their agency.
    const supervises = actor.role === 'EMPLOYEE' && !!actor.employeeId && employee.supervisorId === actor.employeeId;
    if (!supervises) assertCanReadEmployee(actor, employee);
    const by = supervises ? 'SUPERVISOR' : actor.role === 'EMPLOYEE' ? 'SELF' : 'ADMIN';
    if (by === 'ADMIN' && !isAdminOf(actor, employee.agencyId)) throw new NotFoundError('Employee', employeeId);
    const text = input.text ?? null;
    assertStatable({ competencyCode: input.competencyCode, text });
    let competencyCode: string | null = null;
    if (input.competencyCode) {
      const competency = await this.queries.execute(new CompetencySummaryQuery(input.competencyCode));
      if (!competency || (competency.agencyId !== null && competency.agencyId !== employee.agencyId)) {
        throw InvalidInputError.field('competencyCode', `${input.competencyCode} is not a competency of the dictionary`);
      }
      competencyCode = competency.code;
    }
    // Stated while a matching program is already in the plan or enrolled in: PLANNED from the start.
    const underway = competencyCode ? await this.queries.execute(new DevelopmentUnderwayQuery(employeeId, [competencyCode])) : [];
    const status: NeedStatus = underway.length ? 'PLANNED' : 'OPEN';
    return this.uow.transaction(async () => {
      const id = newId();
      const submittedAt = new Date();
      const inserted = await this.uow.query(
        `INSERT INTO feedback.training_needs (id, employee_id, agency_id, competency_code, text, priority, reason, status, submitted_by, submitted_at, planned_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $10, $8, $9, CASE WHEN $10 = 'PLANNED' THEN $9::timestamptz END)
         ON CONFLICT (employee_id, competency_code) WHERE status IN ('OPEN','PLANNED') DO NOTHING RETURNING id`,
        [
          id,
          employeeId,
          employee.agencyId,
          competencyCode,
          text,
          input.priority ?? 'MEDIUM',
          input.reason ?? null,
          by,
          submittedAt,
          status,
        ],
      );
      if (inserted.length === 0) throw new ConflictError(`The employee already has an open training need for ${competencyCode}`);
      const view = (await readNeed(this.uow, id))!;
      await this.audit.record({
        action: 'training-need.create',
        entityType: 'TrainingNeed',
        entityId: id,
        agencyId: employee.agencyId,
        after: view,
      });
      const payload: TrainingNeedSubmittedPayload = {
        needId: id,
        employeeId,
        agencyId: employee.agencyId,
        competencyCode,
        priority: view.priority,
        submittedAt: submittedAt.toISOString(),
      };
      await this.outbox.publish(integrationEvent(FEEDBACK_EVENTS.TrainingNeedSubmitted, employeeId, payload));
      return view;
    });
  }
}

/** An admin of the employee's agency declines an open or planned need, saying why; audited, and Development stops weighing it. */
@CommandHandler(DeclineNeedCommand)
export class DeclineNeedHandler implements ICommandHandler<DeclineNeedCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, needId, input }: DeclineNeedCommand): Promise<TrainingNeedView> {
    return this.uow.transaction(async () => {
      const [row] = await this.uow.query<{ employee_id: string; agency_id: string; status: NeedStatus; version: number }>(
        `SELECT employee_id, agency_id, status, version FROM feedback.training_needs WHERE id = $1 FOR NO KEY UPDATE`,
        [needId],
      );
      if (!row) throw new NotFoundError('Training need', needId);
      assertAdminOf(actor, { id: row.employee_id, agencyId: row.agency_id }, 'Training need', needId);
      if (input.version !== undefined && input.version !== row.version) {
        throw new ConflictError('The training need has changed since you read it; reload it and retry');
      }
      assertDeclinable(row.status, input.reason);
      const before = await readNeed(this.uow, needId);
      await this.uow.query(
        `UPDATE feedback.training_needs SET status = 'DECLINED', declined_at = now(), decline_reason = $2, version = version + 1, updated_at = now()
          WHERE id = $1`,
        [needId, input.reason],
      );
      const after = (await readNeed(this.uow, needId))!;
      await this.audit.record({
        action: 'training-need.decline',
        entityType: 'TrainingNeed',
        entityId: needId,
        agencyId: row.agency_id,
        before,
        after,
      });
      const closed: TrainingNeedClosedPayload = {
        needId,
        employeeId: row.employee_id,
        agencyId: row.agency_id,
        competencyCode: after.competencyCode,
        status: 'DECLINED',
        closedAt: after.declinedAt!,
      };
      await this.outbox.publish(integrationEvent(FEEDBACK_EVENTS.TrainingNeedClosed, row.employee_id, closed));
      return after;
    });
  }
}

/** The employee's name and NIP beside each need (Workforce's, asked once per page). */
async function withEmployeeNames(queries: QueryBus, needs: TrainingNeedView[]): Promise<TrainingNeedView[]> {
  if (needs.length === 0) return needs;
  const ids = [...new Set(needs.map((n) => n.employeeId))];
  const employees = await queries.execute(new EmployeePlacementsQuery({ ids }));
  const byId = new Map(employees.map((e) => [e.id, e]));
  return needs.map((n) => ({ ...n, employeeName: byId.get(n.employeeId)?.name ?? null, employeeNip: byId.get(n.employeeId)?.nip ?? null }));
}

@QueryHandler(ListNeedsQuery)
export class ListNeedsHandler implements IQueryHandler<ListNeedsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, filter }: ListNeedsQuery): Promise<Page<TrainingNeedView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToEmployees(actor, 'n.employee_id', 'n.agency_id', where, params);
    whereEquals('n.employee_id', filter.employeeId, where, params, '::uuid');
    whereEquals('n.agency_id', filter.agencyId, where, params, '::uuid');
    whereEquals('n.competency_code', filter.competencyCode, where, params);
    whereEquals('n.status', filter.status, where, params);
    whereEquals('n.priority', filter.priority, where, params);
    if (filter.q) {
      params.push(containsPattern(filter.q));
      where.push(`(coalesce(n.text, '') || ' ' || coalesce(n.reason, '')) ILIKE $${params.length}`);
    }
    const page = keyset('n', filter, where, params);
    const rows = await this.uow.query<TrainingNeedView>(
      `SELECT ${NEED_COLUMNS} FROM feedback.training_needs n ${whereSql(where)} ${page.sql}`,
      params,
    );
    const result = pageOf(rows, page.limit);
    return { ...result, items: await withEmployeeNames(this.queries, result.items) };
  }
}

@QueryHandler(GetNeedQuery)
export class GetNeedHandler implements IQueryHandler<GetNeedQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, needId }: GetNeedQuery): Promise<TrainingNeedView> {
    const need = await readNeed(this.uow, needId);
    if (!need) throw new NotFoundError('Training need', needId);
    assertCanReadEmployee(actor, { id: need.employeeId, agencyId: need.agencyId }, 'Training need', needId);
    const [named] = await withEmployeeNames(this.queries, [need]);
    return named;
  }
}

export const NEED_HANDLERS = [SubmitNeedHandler, DeclineNeedHandler, ListNeedsHandler, GetNeedHandler];
