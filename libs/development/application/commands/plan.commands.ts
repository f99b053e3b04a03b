import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import {
  Actor,
  assertCanReadEmployee,
  integrationEvent,
  InvalidInputError,
  newId,
  NotFoundError,
  RuleViolationError,
} from '@kompeten/shared/kernel';
import { AuditLog, Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS, DevelopmentPlanItemAddedPayload } from '../../contracts/events';
import {
  assertInitialStatus,
  assertPlanTransition,
  assertPlanVersion,
  PlanItemSource,
  PlanItemStatus,
} from '../../domain/development-plan';
import { PLAN_ITEM_COLUMNS, PLAN_ITEM_FROM } from '../../infrastructure/development-sql';
import { assertCompetencyExists, findEmployee } from '../lookups';
import { PlanItemView } from '../views';

export interface NewPlanItemInput {
  competencyCode: string;
  programId?: string | null;
  sessionId?: string | null;
  status?: PlanItemStatus;
  note?: string | null;
  /**
   * MANUAL (the API) or RECOMMENDATION: the seam for the recommendations
   * worker, which adds an accepted recommendation with its reference as
   * `sourceRef`; the same reference twice answers the item already there.
   */
  source?: PlanItemSource;
  sourceRef?: string | null;
}

export class AddPlanItemCommand extends Command<PlanItemView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly input: NewPlanItemInput,
  ) {
    super();
  }
}
export class UpdatePlanItemCommand extends Command<PlanItemView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly itemId: string,
    readonly input: { version: number; status?: PlanItemStatus; note?: string | null },
  ) {
    super();
  }
}

async function readItem(uow: UnitOfWork, id: string): Promise<PlanItemView> {
  const [row] = await uow.query<PlanItemView>(`SELECT ${PLAN_ITEM_COLUMNS} FROM ${PLAN_ITEM_FROM} WHERE i.id = $1`, [id]);
  if (!row) throw new NotFoundError('Plan item', id);
  return row;
}

/**
 * The employee and their admins keep the plan. An item links a competency to
 * develop to a program of the catalogue (or one of its sessions) that develops it.
 */
@CommandHandler(AddPlanItemCommand)
export class AddPlanItemHandler implements ICommandHandler<AddPlanItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
  ) {}

  async execute({ actor, employeeId, input }: AddPlanItemCommand): Promise<PlanItemView> {
    const employee = await findEmployee(this.queries, employeeId, { live: true });
    assertCanReadEmployee(actor, employee);
    const status = input.status ?? 'PLANNED';
    assertInitialStatus(status);
    if (!input.programId && !input.sessionId) throw InvalidInputError.field('programId', 'a plan item names a program or a session');
    const competencyCode = await assertCompetencyExists(this.queries, input.competencyCode);
    return this.uow.transaction(async () => {
      if (input.sourceRef) {
        const [existing] = await this.uow.query<{ id: string }>(
          `SELECT id FROM development.plan_items WHERE employee_id = $1 AND source_ref = $2`,
          [employeeId, input.sourceRef],
        );
        if (existing) return readItem(this.uow, existing.id);
      }
      let programId = input.programId ?? null;
      if (input.sessionId) {
        const [session] = await this.uow.query<{ program_id: string }>(`SELECT program_id FROM development.sessions WHERE id = $1`, [
          input.sessionId,
        ]);
        if (!session) throw InvalidInputError.field('sessionId', 'is not a training session');
        if (programId && programId !== session.program_id) throw InvalidInputError.field('sessionId', 'is a session of another program');
        programId = session.program_id;
      }
      const [program] = await this.uow.query<{
        agency_id: string | null;
        active: boolean;
        code: string;
        targets: boolean;
        codes: string[];
      }>(
        `SELECT p.agency_id, p.active, p.code,
                EXISTS (SELECT 1 FROM development.program_competencies pc WHERE pc.program_id = p.id AND pc.competency_code = $2) AS targets,
                ARRAY(SELECT pc.competency_code FROM development.program_competencies pc WHERE pc.program_id = p.id ORDER BY pc.ordinal) AS codes
           FROM development.programs p WHERE p.id = $1`,
        [programId, competencyCode],
      );
      // The program must be one the employee could take: national, or their agency's.
      if (!program || (program.agency_id !== null && program.agency_id !== employee.agencyId)) {
        throw InvalidInputError.field(
          input.sessionId ? 'sessionId' : 'programId',
          'is not a program of the catalogue open to the employee',
        );
      }
      if (!program.targets) throw new RuleViolationError(`Program ${program.code} does not develop ${competencyCode}`);
      const id = newId();
      await this.uow.query(
        `INSERT INTO development.plan_items (id, employee_id, agency_id, competency_code, program_id, session_id, status, source, source_ref, note)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
        [
          id,
          employeeId,
          employee.agencyId,
          competencyCode,
          programId,
          input.sessionId ?? null,
          status,
          input.source ?? 'MANUAL',
          input.sourceRef ?? null,
          input.note ?? null,
        ],
      );
      const view = await readItem(this.uow, id);
      await this.audit.record({
        action: 'plan-item.create',
        entityType: 'PlanItem',
        entityId: id,
        agencyId: employee.agencyId,
        after: view,
      });
      // Feedback moves the employee's matching training needs to PLANNED.
      const added: DevelopmentPlanItemAddedPayload = {
        planItemId: id,
        employeeId,
        agencyId: employee.agencyId,
        competencyCode,
        programId: programId!,
        competencyCodes: program.codes,
        source: input.source ?? 'MANUAL',
        addedAt: new Date().toISOString(),
      };
      await this.outbox.publish(integrationEvent(DEVELOPMENT_EVENTS.DevelopmentPlanItemAdded, employeeId, added));
      return view;
    });
  }
}

@CommandHandler(UpdatePlanItemCommand)
export class UpdatePlanItemHandler implements ICommandHandler<UpdatePlanItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, employeeId, itemId, input }: UpdatePlanItemCommand): Promise<PlanItemView> {
    const employee = await findEmployee(this.queries, employeeId);
    assertCanReadEmployee(actor, employee);
    return this.uow.transaction(async () => {
      const [row] = await this.uow.query<{ status: PlanItemStatus; version: number; agency_id: string }>(
        `SELECT status, version, agency_id FROM development.plan_items WHERE id = $1 AND employee_id = $2 FOR NO KEY UPDATE`,
        [itemId, employeeId],
      );
      if (!row) throw new NotFoundError('Plan item', itemId);
      assertPlanVersion(row.version, input.version);
      const status = input.status ?? row.status;
      assertPlanTransition(row.status, status);
      const before = await readItem(this.uow, itemId);
      await this.uow.query(
        `UPDATE development.plan_items SET status = $2, note = CASE WHEN $3::boolean THEN $4 ELSE note END, version = version + 1, updated_at = now() WHERE id = $1`,
        [itemId, status, input.note !== undefined, input.note ?? null],
      );
      const after = await readItem(this.uow, itemId);
      await this.audit.record({
        action: 'plan-item.update',
        entityType: 'PlanItem',
        entityId: itemId,
        agencyId: row.agency_id,
        before,
        after,
      });
      return after;
    });
  }
}
