import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { SessionStatus, TrainingSession } from '../../domain/training-session';
import { EnrolmentRepository } from '../../infrastructure/enrolment.repository';
import { ProgramRepository } from '../../infrastructure/program.repository';
import { SessionRepository } from '../../infrastructure/session.repository';
import { readSession } from '../queries/program-views';
import { assertCanManageSession, hostFor } from '../scope';
import { SessionView } from '../views';
import { WaitingLists } from '../waiting-list.service';

export interface NewSessionInput {
  startsAt: string;
  endsAt: string;
  capacity: number;
  location?: string | null;
  onlineUrl?: string | null;
  enrolmentDeadline?: string | null;
  status?: SessionStatus;
}

export interface SessionChangesInput {
  version: number;
  startsAt?: string;
  endsAt?: string;
  capacity?: number;
  location?: string | null;
  onlineUrl?: string | null;
  enrolmentDeadline?: string;
  status?: SessionStatus;
}

export class CreateSessionCommand extends Command<SessionView> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
    readonly input: NewSessionInput,
  ) {
    super();
  }
}
export class UpdateSessionCommand extends Command<SessionView> {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
    readonly input: SessionChangesInput,
  ) {
    super();
  }
}

const date = (value: string | undefined | null) => (value === undefined || value === null ? value : new Date(value));

@CommandHandler(CreateSessionCommand)
export class CreateSessionHandler implements ICommandHandler<CreateSessionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly programs: ProgramRepository,
    private readonly sessions: SessionRepository,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, programId, input }: CreateSessionCommand): Promise<SessionView> {
    return this.uow.transaction(async () => {
      // The program's row is locked, so its class size cannot shrink under a new session.
      const program = await this.programs.get(programId, true);
      const p = program.state;
      const hostAgencyId = hostFor(actor, p.agencyId, programId);
      const session = TrainingSession.create(
        {
          programId,
          hostAgencyId,
          startsAt: new Date(input.startsAt),
          endsAt: new Date(input.endsAt),
          capacity: input.capacity,
          location: input.location ?? null,
          onlineUrl: input.onlineUrl ?? null,
          enrolmentDeadline: date(input.enrolmentDeadline) ?? null,
          status: input.status ?? null,
        },
        { code: p.code, maxClassSize: p.maxClassSize, active: p.active },
      );
      await this.sessions.insert(session);
      const view = await readSession(this.uow, session.id);
      await this.audit.record({
        action: 'training-session.create',
        entityType: 'TrainingSession',
        entityId: session.id,
        agencyId: hostAgencyId,
        after: view,
      });
      return view;
    });
  }
}

/**
 * Edits a session: more seats hand the new ones to the head of the waiting
 * list; cancelling it cancels its live enrolments.
 */
@CommandHandler(UpdateSessionCommand)
export class UpdateSessionHandler implements ICommandHandler<UpdateSessionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly programs: ProgramRepository,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly waitingLists: WaitingLists,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, sessionId, input }: UpdateSessionCommand): Promise<SessionView> {
    return this.uow.transaction(async () => {
      const unlocked = await this.sessions.get(sessionId);
      const program = await this.programs.get(unlocked.state.programId, true);
      const p = program.state;
      assertCanManageSession(actor, p.agencyId, unlocked.state.hostAgencyId, sessionId);
      const session = await this.sessions.get(sessionId, true);
      const before = await readSession(this.uow, sessionId);
      const { version, ...changes } = input;
      session.update(
        {
          startsAt: date(changes.startsAt) ?? undefined,
          endsAt: date(changes.endsAt) ?? undefined,
          capacity: changes.capacity,
          location: changes.location,
          onlineUrl: changes.onlineUrl,
          enrolmentDeadline: date(changes.enrolmentDeadline) ?? undefined,
          status: changes.status,
        },
        version,
        { code: p.code, maxClassSize: p.maxClassSize, active: p.active },
      );
      if (session.state.status === 'CANCELLED') {
        const cancelled = await this.enrolments.cancelAllOf(sessionId);
        for (const c of cancelled) {
          await this.audit.record({
            action: 'enrolment.cancel',
            entityType: 'Enrolment',
            entityId: c.id,
            agencyId: c.agency_id,
            before: { status: c.status },
            after: { status: 'CANCELLED', reason: 'session cancelled' },
          });
        }
        const seated = cancelled.filter((c) => c.status === 'ENROLLED').length;
        for (let i = 0; i < seated; i++) session.release();
      }
      await this.sessions.save(session, version);
      await this.waitingLists.fillFreeSeats(session);
      const after = await readSession(this.uow, sessionId);
      await this.audit.record({
        action: 'training-session.update',
        entityType: 'TrainingSession',
        entityId: sessionId,
        agencyId: session.state.hostAgencyId,
        before,
        after,
      });
      return after;
    });
  }
}
