import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { CompetencySummaryQuery } from '@kompeten/competency-standards/contracts';
import { DevelopmentNeed, DevelopmentNeedsQuery } from '@kompeten/reporting/contracts';
import { Actor, ForbiddenError, InvalidInputError, NotFoundError, RuleViolationError, seesAllAgencies } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeePlacementsQuery, OrgUnitTreeQuery } from '@kompeten/workforce/contracts';
import type { DeliveryMode } from '../../contracts/events';
import {
  AgencyDevelopmentPlan,
  NewPlanItem,
  PLAN_COMPETENCY_TYPES,
  PlanCompetencyType,
  PlanItemChanges,
} from '../../domain/agency-development-plan';
import { TrainingSession } from '../../domain/training-session';
import { AgencyPlanRepository } from '../../infrastructure/agency-plan.repository';
import { SESSION_COLUMNS, SESSION_FROM } from '../../infrastructure/development-sql';
import { assertAgencyExists } from '../lookups';
import { AgencyPlanView, assertCanManageAgencyPlan, readAgencyPlan } from '../queries/agency-plan.queries';

/** An item as clients send it; what the program says (title, provider, mode, sessions) fills what is left out. */
export interface AgencyPlanItemInput {
  competencyCode: string;
  title?: string;
  deliveryMode?: DeliveryMode;
  programId?: string | null;
  provider?: string;
  targetCount?: number;
  targetEmployeeIds?: string[];
  targetUnitId?: string | null;
  targetGroup?: string | null;
  plannedStart?: string | null;
  plannedEnd?: string | null;
  sessionCount?: number;
  location?: string | null;
  onlineUrl?: string | null;
  budget?: number;
  note?: string | null;
}

export type AgencyPlanStep = 'submit' | 'return' | 'approve' | 'revise';

export interface ApprovedPlanView extends AgencyPlanView {
  /** The sessions this approval created (PROPOSED, or SCHEDULED where the item names a place or a link). */
  createdSessionIds: string[];
}

export class DraftAgencyPlanCommand extends Command<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly year: number,
  ) {
    super();
  }
}
export class UpdateAgencyPlanCommand extends Command<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly input: { version: number; notes?: string | null },
  ) {
    super();
  }
}
export class AddAgencyPlanItemCommand extends Command<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly version: number,
    readonly input: AgencyPlanItemInput,
  ) {
    super();
  }
}
export class ChangeAgencyPlanItemCommand extends Command<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly itemId: string,
    readonly version: number,
    readonly input: Partial<AgencyPlanItemInput>,
  ) {
    super();
  }
}
export class RemoveAgencyPlanItemCommand extends Command<AgencyPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly itemId: string,
    readonly version: number,
  ) {
    super();
  }
}
/** submit (to the ministry), return (to draft), approve (ministry admins), revise (an approved plan: the next revision as a draft). */
export class MoveAgencyPlanCommand extends Command<AgencyPlanView | ApprovedPlanView> {
  constructor(
    readonly actor: Actor,
    readonly planId: string,
    readonly step: AgencyPlanStep,
    readonly version: number,
  ) {
    super();
  }
}

interface ProgramFacts {
  id: string;
  code: string;
  title: string;
  deliveryMode: DeliveryMode;
  provider: string;
  agencyId: string | null;
  maxClassSize: number;
  active: boolean;
  competencies: string[];
}

/** Programs of the catalogue, in one query, locked when sessions are about to be created (their class size cannot shrink meanwhile). */
async function programFacts(uow: UnitOfWork, ids: string[], lock = false): Promise<Map<string, ProgramFacts>> {
  if (ids.length === 0) return new Map();
  const rows = await uow.query<ProgramFacts>(
    `SELECT p.id, p.code, p.title, p.delivery_mode AS "deliveryMode", p.provider, p.agency_id AS "agencyId", p.max_class_size AS "maxClassSize",
            p.active, ARRAY(SELECT c.competency_code FROM development.program_competencies c WHERE c.program_id = p.id) AS competencies
       FROM development.programs p WHERE p.id = ANY($1::uuid[]) ORDER BY p.id ${lock ? 'FOR NO KEY UPDATE OF p' : ''}`,
    [[...new Set(ids)]],
  );
  return new Map(rows.map((r) => [r.id, r]));
}

/**
 * Turns a client's item into a plan item: the competency is the dictionary's
 * (its name and type come from there) and usable by the agency; a program is
 * one of the catalogue open to the agency that develops the competency, and
 * fills title, provider, mode and sessions (participants over the class
 * size) when not given; named employees are the agency's.
 */
class ItemResolver {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  /** `checkEmployees` false: the named employees were checked when they were named (one may have retired since; the item stays). */
  async resolve(agencyId: string, input: AgencyPlanItemInput, origin: NewPlanItem['origin'], checkEmployees = true): Promise<NewPlanItem> {
    const competency = await this.queries.execute(new CompetencySummaryQuery(input.competencyCode));
    if (!competency || (competency.agencyId !== null && competency.agencyId !== agencyId))
      throw InvalidInputError.field('competencyCode', `${input.competencyCode} is not a competency of the dictionary usable by the agency`);
    let program: ProgramFacts | undefined;
    if (input.programId) {
      program = (await programFacts(this.uow, [input.programId])).get(input.programId);
      if (!program || (program.agencyId !== null && program.agencyId !== agencyId))
        throw InvalidInputError.field('programId', 'is not a program of the catalogue open to the agency');
      if (!program.competencies.includes(competency.code))
        throw new RuleViolationError(`Program ${program.code} does not develop ${competency.code}`);
      if (input.deliveryMode && input.deliveryMode !== program.deliveryMode)
        throw InvalidInputError.field('deliveryMode', `must be the program's delivery mode (${program.deliveryMode}), or left out`);
    } else {
      const missing = (['title', 'deliveryMode', 'provider'] as const).filter((f) => !input[f]);
      if (missing.length)
        throw new InvalidInputError(
          `An item outside the catalogue names its ${missing.join(', ')}`,
          missing.map((field) => ({ field, message: 'is required when the item names no programId' })),
        );
    }
    const employeeIds = [...new Set((input.targetEmployeeIds ?? []).map((id) => id.toLowerCase()))];
    if (employeeIds.length && checkEmployees) {
      const found = await this.queries.execute(new EmployeePlacementsQuery({ ids: employeeIds }));
      const ours = new Set(found.filter((e) => e.agencyId === agencyId && !e.retired).map((e) => e.id));
      const strangers = employeeIds.filter((id) => !ours.has(id));
      if (strangers.length)
        throw InvalidInputError.field('targetEmployeeIds', `are not employees of the agency: ${strangers.slice(0, 10).join(', ')}`);
    }
    if (input.targetUnitId && checkEmployees) {
      const units = await this.queries.execute(new OrgUnitTreeQuery([agencyId]));
      if (!units.some((u) => u.id === input.targetUnitId!.toLowerCase()))
        throw InvalidInputError.field('targetUnitId', 'is not a unit of the agency');
    }
    const targetCount = input.targetCount ?? (employeeIds.length || undefined);
    if (targetCount === undefined) throw InvalidInputError.field('targetCount', 'is required (or name the targetEmployeeIds)');
    const deliveryMode = (program?.deliveryMode ?? input.deliveryMode) as DeliveryMode;
    const defaultSessions = program && deliveryMode !== 'DEGREE' ? Math.ceil(targetCount / program.maxClassSize) : 0;
    return {
      competencyCode: competency.code,
      competencyName: competency.name,
      competencyType: competency.type as PlanCompetencyType,
      title: input.title ?? program!.title,
      deliveryMode,
      programId: program?.id ?? null,
      provider: input.provider ?? program!.provider,
      targetCount,
      targetEmployeeIds: employeeIds,
      targetUnitId: input.targetUnitId?.toLowerCase() ?? null,
      targetGroup: input.targetGroup ?? null,
      plannedStart: input.plannedStart ?? null,
      plannedEnd: input.plannedEnd ?? null,
      sessionCount: input.sessionCount ?? defaultSessions,
      location: input.location ?? null,
      onlineUrl: input.onlineUrl ?? null,
      budget: input.budget ?? 0,
      origin,
      note: input.note ?? null,
    };
  }
}

/** Agency admins keep their agency's plan; ministry admins any. */
function assertKeeper(actor: Actor, plan: AgencyDevelopmentPlan): void {
  assertCanManageAgencyPlan(actor, plan.state.agencyId, 'Development plan', plan.id);
}

/** The AKPK row's best program (the most effective first, as the AKPK ranks them), its participants and classes. */
export function itemsFromAkpk(needs: DevelopmentNeed[], programs: Map<string, ProgramFacts>, agencyId: string): AgencyPlanItemInput[] {
  const items: AgencyPlanItemInput[] = [];
  for (const need of needs) {
    const best = need.programs.map((p) => programs.get(p.programId)).find((p) => p && (p.agencyId === null || p.agencyId === agencyId));
    if (!best || need.estimatedParticipants < 1) continue;
    const gap = need.meanShortfall === null ? '' : ` (mean gap ${need.meanShortfall})`;
    items.push({
      competencyCode: need.competencyCode,
      programId: best.id,
      targetCount: need.estimatedParticipants,
      budget: 0,
      note:
        `AKPK: ${need.employeesWithGap} employees with a gap${gap}, ${need.statedNeeds} stated needs` +
        (need.jpNeeded ? `, ${need.jpNeeded} JP` : ''),
    });
  }
  return items;
}

@CommandHandler(DraftAgencyPlanCommand)
export class DraftAgencyPlanHandler implements ICommandHandler<DraftAgencyPlanCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, agencyId, year }: DraftAgencyPlanCommand): Promise<AgencyPlanView> {
    assertCanManageAgencyPlan(actor, agencyId, 'Agency', agencyId);
    await assertAgencyExists(this.queries, agencyId);
    const needs = await this.queries.execute(new DevelopmentNeedsQuery(agencyId, year));
    return this.uow.transaction(async () => {
      const programs = await programFacts(
        this.uow,
        needs.flatMap((n) => n.programs.map((p) => p.programId)),
      );
      const resolver = new ItemResolver(this.uow, this.queries);
      const items: NewPlanItem[] = [];
      for (const input of itemsFromAkpk(needs, programs, agencyId)) {
        const item = await resolver.resolve(agencyId, input, 'AKPK');
        // The AKPK may know a type the dictionary spells otherwise; the dictionary's wins.
        if (!PLAN_COMPETENCY_TYPES.includes(item.competencyType)) continue;
        items.push(item);
      }
      const plan = AgencyDevelopmentPlan.draft({ agencyId, year, items });
      await this.plans.insert(plan);
      const view = await readAgencyPlan(this.uow, plan.id);
      await this.audit.record({
        action: 'agency-development-plan.draft',
        entityType: 'AgencyDevelopmentPlan',
        entityId: plan.id,
        agencyId,
        after: view,
      });
      return view;
    });
  }
}

@CommandHandler(UpdateAgencyPlanCommand)
export class UpdateAgencyPlanHandler implements ICommandHandler<UpdateAgencyPlanCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, planId, input }: UpdateAgencyPlanCommand): Promise<AgencyPlanView> {
    return this.uow.transaction(async () => {
      const plan = await this.plans.get(planId, true);
      assertKeeper(actor, plan);
      const before = plan.state.notes;
      plan.setNotes(input.notes === undefined ? plan.state.notes : input.notes, input.version);
      await this.plans.save(plan, input.version, false);
      await this.audit.record({
        action: 'agency-development-plan.update',
        entityType: 'AgencyDevelopmentPlan',
        entityId: planId,
        agencyId: plan.state.agencyId,
        before: { notes: before, version: input.version },
        after: { notes: plan.state.notes, version: plan.state.version },
      });
      return readAgencyPlan(this.uow, planId);
    });
  }
}

@CommandHandler(AddAgencyPlanItemCommand)
export class AddAgencyPlanItemHandler implements ICommandHandler<AddAgencyPlanItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, planId, version, input }: AddAgencyPlanItemCommand): Promise<AgencyPlanView> {
    return this.uow.transaction(async () => {
      const plan = await this.plans.get(planId, true);
      assertKeeper(actor, plan);
      // The version and the status are checked before the item is looked up, so a stale or approved plan answers 409 / 422 first.
      plan.assertEditable(version);
      const item = await new ItemResolver(this.uow, this.queries).resolve(plan.state.agencyId, input, 'MANUAL');
      const added = plan.addItem(item, version);
      await this.plans.save(plan, version, true);
      await this.audit.record({
        action: 'agency-development-plan.add-item',
        entityType: 'AgencyDevelopmentPlan',
        entityId: planId,
        agencyId: plan.state.agencyId,
        after: added,
      });
      return readAgencyPlan(this.uow, planId);
    });
  }
}

@CommandHandler(ChangeAgencyPlanItemCommand)
export class ChangeAgencyPlanItemHandler implements ICommandHandler<ChangeAgencyPlanItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, planId, itemId, version, input }: ChangeAgencyPlanItemCommand): Promise<AgencyPlanView> {
    return this.uow.transaction(async () => {
      const plan = await this.plans.get(planId, true);
      assertKeeper(actor, plan);
      plan.assertEditable(version);
      const current = plan.state.items.find((i) => i.id === itemId);
      if (!current) throw new NotFoundError('Plan item', itemId);
      // The item as it would read, re-checked as a whole: a new program brings its own title, provider and mode unless they are sent.
      const base: AgencyPlanItemInput = { ...current };
      if (input.programId !== undefined && input.programId !== current.programId) {
        delete base.title;
        delete base.provider;
        delete base.deliveryMode;
        delete base.sessionCount;
      }
      const merged: AgencyPlanItemInput = { ...base };
      for (const [key, value] of Object.entries(input))
        if (value !== undefined) (merged as unknown as Record<string, unknown>)[key] = value;
      const resolved = await new ItemResolver(this.uow, this.queries).resolve(
        plan.state.agencyId,
        merged,
        current.origin,
        input.targetEmployeeIds !== undefined,
      );
      const changes: PlanItemChanges = { ...resolved };
      delete (changes as { origin?: unknown }).origin;
      const after = plan.changeItem(itemId, changes, version);
      await this.plans.save(plan, version, true);
      await this.audit.record({
        action: 'agency-development-plan.change-item',
        entityType: 'AgencyDevelopmentPlan',
        entityId: planId,
        agencyId: plan.state.agencyId,
        before: current,
        after,
      });
      return readAgencyPlan(this.uow, planId);
    });
  }
}

@CommandHandler(RemoveAgencyPlanItemCommand)
export class RemoveAgencyPlanItemHandler implements ICommandHandler<RemoveAgencyPlanItemCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, planId, itemId, version }: RemoveAgencyPlanItemCommand): Promise<AgencyPlanView> {
    return this.uow.transaction(async () => {
      const plan = await this.plans.get(planId, true);
      assertKeeper(actor, plan);
      const before = plan.state.items.find((i) => i.id === itemId);
      plan.removeItem(itemId, version);
      await this.plans.save(plan, version, true);
      await this.audit.record({
        action: 'agency-development-plan.remove-item',
        entityType: 'AgencyDevelopmentPlan',
        entityId: planId,
        agencyId: plan.state.agencyId,
        before,
      });
      return readAgencyPlan(this.uow, planId);
    });
  }
}

/**
 * Moves a plan through its states. Approval (ministry admins) freezes the
 * version as a document and, in the same transaction, creates the sessions
 * its items schedule, hosted by the agency, each checked by TrainingSession
 * as any new session is (capacity within the program's class size, an
 * active program).
 */
@CommandHandler(MoveAgencyPlanCommand)
export class MoveAgencyPlanHandler implements ICommandHandler<MoveAgencyPlanCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly plans: AgencyPlanRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, planId, step, version }: MoveAgencyPlanCommand): Promise<AgencyPlanView | ApprovedPlanView> {
    return this.uow.transaction(async () => {
      const plan = await this.plans.get(planId, true);
      assertKeeper(actor, plan);
      const before = { status: plan.state.status, version: plan.state.version, revision: plan.state.revision };
      let createdSessionIds: string[] = [];
      if (step === 'submit') plan.submit(version);
      else if (step === 'return') plan.returnToDraft(version);
      else if (step === 'revise') plan.revise(version);
      else {
        if (!seesAllAgencies(actor)) throw new ForbiddenError('Only ministry admins approve development plans');
        plan.approve(version, actor.email);
        await this.plans.save(plan, version, false);
        createdSessionIds = await this.scheduleSessions(plan);
        const document = await readAgencyPlan(this.uow, planId);
        const approved = {
          version: plan.state.version,
          revision: plan.state.revision,
          approvedAt: plan.state.approvedAt,
          approvedBy: actor.email,
        };
        await this.plans.keepApprovedVersion(plan, { ...document, approvedVersions: [...document.approvedVersions, approved] });
      }
      if (step !== 'approve') await this.plans.save(plan, version, false);
      const view = await readAgencyPlan(this.uow, planId);
      await this.audit.record({
        action: `agency-development-plan.${step}`,
        entityType: 'AgencyDevelopmentPlan',
        entityId: planId,
        agencyId: plan.state.agencyId,
        before,
        after:
          step === 'approve'
            ? { status: view.status, version: view.version, revision: view.revision, totals: view.totals, createdSessionIds }
            : { status: view.status, version: view.version, revision: view.revision },
      });
      return step === 'approve' ? { ...view, createdSessionIds } : view;
    });
  }

  private async scheduleSessions(plan: AgencyDevelopmentPlan): Promise<string[]> {
    const programs = await programFacts(
      this.uow,
      plan.state.items.flatMap((i) => (i.programId && i.sessionCount > 0 ? [i.programId] : [])),
      true,
    );
    const created = await this.plans.sessionsCreated(plan.id);
    const wanted = plan.sessionsToSchedule(
      (programId) => programs.get(programId)!.maxClassSize,
      (itemId) => created.get(itemId) ?? 0,
    );
    const sessions = wanted.map((w) => {
      const program = programs.get(w.programId)!;
      const session = TrainingSession.create(
        {
          programId: w.programId,
          hostAgencyId: plan.state.agencyId,
          startsAt: w.startsAt,
          endsAt: w.endsAt,
          capacity: w.capacity,
          location: w.location,
          onlineUrl: w.onlineUrl,
          enrolmentDeadline: null,
          status: w.status,
        },
        { code: program.code, maxClassSize: program.maxClassSize, active: program.active },
      );
      return { itemId: w.itemId, session };
    });
    await this.plans.insertSessions(plan.id, plan.state.version, sessions);
    const ids = sessions.map((s) => s.session.id);
    if (ids.length) {
      await this.audit.recordSelected(
        'training-session.create',
        'TrainingSession',
        `SELECT v.id AS entity_id, v."hostAgencyId" AS agency_id, NULL::jsonb AS before, to_jsonb(v) AS after
           FROM (SELECT ${SESSION_COLUMNS} FROM ${SESSION_FROM} WHERE s.id = ANY($1::uuid[])) v`,
        [ids],
      );
    }
    return ids;
  }
}

export const AGENCY_PLAN_COMMAND_HANDLERS = [
  DraftAgencyPlanHandler,
  UpdateAgencyPlanHandler,
  AddAgencyPlanItemHandler,
  ChangeAgencyPlanItemHandler,
  RemoveAgencyPlanItemHandler,
  MoveAgencyPlanHandler,
];
