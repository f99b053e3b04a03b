import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, ForbiddenError, NotFoundError } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DeliveryMode, TargetedCompetency } from '../../contracts/events';
import { ProgramChanges, TrainingProgram } from '../../domain/training-program';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';
import { ProgramRepository } from '../../infrastructure/program.repository';
import { assertAgencyExists, checkTargetedCompetencies } from '../lookups';
import { readProgram } from '../queries/program-views';
import { assertCanManageProgram } from '../scope';
import { ProgramView } from '../views';

export interface NewProgramInput {
  code: string;
  title: string;
  deliveryMode: DeliveryMode;
  jp?: number | null;
  days?: number | null;
  provider: string;
  international?: boolean;
  maxClassSize: number;
  /** Absent: an agency admin's own agency, a ministry admin's national program; null: national. */
  agencyId?: string | null;
  competencies: TargetedCompetency[];
}

export type ProgramChangesInput = ProgramChanges & { version: number };

export class CreateProgramCommand extends Command<ProgramView> {
  constructor(
    readonly actor: Actor,
    readonly input: NewProgramInput,
  ) {
    super();
  }
}
export class UpdateProgramCommand extends Command<ProgramView> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
    readonly input: ProgramChangesInput,
  ) {
    super();
  }
}
export class SetProgramActiveCommand extends Command<ProgramView> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
    readonly active: boolean,
    readonly version: number,
  ) {
    super();
  }
}

/** The owner an actor means: given, else an agency admin's own agency, else national. */
function ownerOf(actor: Actor, given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  return actor.role === 'AGENCY_ADMIN' ? actor.agencyId : null;
}

@CommandHandler(CreateProgramCommand)
export class CreateProgramHandler implements ICommandHandler<CreateProgramCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly programs: ProgramRepository,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, input }: CreateProgramCommand): Promise<ProgramView> {
    const agencyId = ownerOf(actor, input.agencyId);
    if (agencyId === null && actor.role !== 'MINISTRY_ADMIN') throw new ForbiddenError('Only the ministry creates national programs');
    if (agencyId !== null) {
      if (actor.role === 'AGENCY_ADMIN' && agencyId !== actor.agencyId) throw new NotFoundError('Agency', agencyId);
      await assertAgencyExists(this.queries, agencyId);
    }
    // Field rules first (cheap, and the answer names every field), then the dictionary.
    const draft = TrainingProgram.create({
      code: input.code,
      title: input.title,
      deliveryMode: input.deliveryMode,
      international: input.international ?? false,
      provider: input.provider,
      jp: input.jp ?? null,
      days: input.days ?? null,
      maxClassSize: input.maxClassSize,
      agencyId,
      competencies: input.competencies,
    });
    const competencies = await checkTargetedCompetencies(this.queries, input.competencies, agencyId);
    const program = TrainingProgram.create({ ...draft.state, competencies });
    return this.uow.transaction(async () => {
      await this.programs.insert(program);
      const view = await readProgram(this.uow, program.id, this.policy.jpRules);
      await this.audit.record({
        action: 'training-program.create',
        entityType: 'TrainingProgram',
        entityId: program.id,
        agencyId,
        after: view,
      });
      return view;
    });
  }
}

@CommandHandler(UpdateProgramCommand)
export class UpdateProgramHandler implements ICommandHandler<UpdateProgramCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly programs: ProgramRepository,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, programId, input }: UpdateProgramCommand): Promise<ProgramView> {
    const { version, ...changes } = input;
    const current = await this.programs.get(programId);
    assertCanManageProgram(actor, current.state.agencyId, 'Training program', programId);
    if (changes.competencies)
      changes.competencies = await checkTargetedCompetencies(this.queries, changes.competencies, current.state.agencyId);
    return this.uow.transaction(async () => {
      const program = await this.programs.get(programId, true);
      const before = await readProgram(this.uow, programId, this.policy.jpRules);
      program.update(changes, version, await this.programs.largestSessionCapacity(programId));
      await this.programs.save(program, version, changes.competencies !== undefined);
      const after = await readProgram(this.uow, programId, this.policy.jpRules);
      await this.audit.record({
        action: 'training-program.update',
        entityType: 'TrainingProgram',
        entityId: programId,
        agencyId: before.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

@CommandHandler(SetProgramActiveCommand)
export class SetProgramActiveHandler implements ICommandHandler<SetProgramActiveCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly programs: ProgramRepository,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, programId, active, version }: SetProgramActiveCommand): Promise<ProgramView> {
    return this.uow.transaction(async () => {
      const program = await this.programs.get(programId, true);
      assertCanManageProgram(actor, program.state.agencyId, 'Training program', programId);
      const before = await readProgram(this.uow, programId, this.policy.jpRules);
      program.setActive(active, version);
      await this.programs.save(program, version, false);
      const after = await readProgram(this.uow, programId, this.policy.jpRules);
      const action = active ? 'training-program.activate' : 'training-program.deactivate';
      await this.audit.record({ action, entityType: 'TrainingProgram', entityId: programId, agencyId: before.agencyId, before, after });
      return after;
    });
  }
}
