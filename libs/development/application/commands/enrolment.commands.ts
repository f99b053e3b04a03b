import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, assertAdminOf, assertCanReadEmployee, integrationEvent, isAdminOf, RuleViolationError } from '@kompeten/shared/kernel';
import { AuditLog, Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS, TrainingEnrolledPayload } from '../../contracts/events';
import { Enrolment } from '../../domain/enrolment';
import { EnrolledBy } from '../../domain/training-session';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';
import { EnrolmentRepository } from '../../infrastructure/enrolment.repository';
import { JpLedger } from '../../infrastructure/jp-ledger';
import { ProgramRepository } from '../../infrastructure/program.repository';
import { SessionRepository } from '../../infrastructure/session.repository';
import { findEmployee } from '../lookups';
import { assertCanReadProgram } from '../scope';
import { EnrolmentView } from '../views';
import { enrolmentView, WaitingLists } from '../waiting-list.service';

export class EnrolCommand extends Command<EnrolmentView> {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
    readonly employeeId: string,
  ) {
    super();
  }
}
export class CancelEnrolmentCommand extends Command<EnrolmentView> {
  constructor(
    readonly actor: Actor,
    readonly enrolmentId: string,
    readonly version?: number,
  ) {
    super();
  }
}
export class CompleteEnrolmentCommand extends Command<EnrolmentView> {
  constructor(
    readonly actor: Actor,
    readonly enrolmentId: string,
    readonly input: { version?: number; completedAt?: string },
  ) {
    super();
  }
}

/**
 * Enrols an employee: a seat while there is one, else the waiting list. The
 * session's row is locked for the length of the transaction, so concurrent
 * enrolments into one session take seats one after another and never more
 * than its capacity (the seat counter's CHECK would refuse it anyway).
 */
@CommandHandler(EnrolCommand)
export class EnrolHandler implements ICommandHandler<EnrolCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly programs: ProgramRepository,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly waitingLists: WaitingLists,
    private readonly audit: AuditLog,
    private readonly outbox: Outbox,
  ) {}

  async execute({ actor, sessionId, employeeId }: EnrolCommand): Promise<EnrolmentView> {
    const found = await this.sessions.get(sessionId);
    const program = (await this.programs.get(found.state.programId)).state;
    assertCanReadProgram(actor, program.agencyId, 'Training session', sessionId);
    const employee = await findEmployee(this.queries, employeeId, { live: true });
    assertCanReadEmployee(actor, employee);
    const by: EnrolledBy = isAdminOf(actor, employee.agencyId) ? 'ADMIN' : 'SELF';
    if (program.agencyId !== null && program.agencyId !== employee.agencyId) {
      throw new RuleViolationError(`Program ${program.code} is for the employees of its own agency`);
    }
    return this.uow.transaction(async () => {
      const session = await this.sessions.get(sessionId, true);
      session.assertAcceptsEnrolment(by, program.active);
      const placed = session.admit();
      const enrolment = Enrolment.admit(
        { sessionId, programId: program.id, employeeId, agencyId: employee.agencyId, enrolledBy: by },
        placed,
      );
      await this.enrolments.insert(enrolment);
      if (placed === 'ENROLLED') await this.sessions.saveSeats(session);
      const position = placed === 'WAITLISTED' ? ((await this.waitingLists.positions([sessionId])).get(enrolment.id) ?? null) : null;
      const view = enrolmentView(enrolment, position);
      await this.audit.record({
        action: 'enrolment.create',
        entityType: 'Enrolment',
        entityId: enrolment.id,
        agencyId: employee.agencyId,
        after: view,
      });
      // Feedback moves the employee's matching training needs to PLANNED.
      const enrolled: TrainingEnrolledPayload = {
        enrolmentId: enrolment.id,
        sessionId,
        employeeId,
        agencyId: employee.agencyId,
        programId: program.id,
        programCode: program.code,
        competencies: program.competencies,
        status: placed,
        enrolledAt: new Date().toISOString(),
      };
      await this.outbox.publish(integrationEvent(DEVELOPMENT_EVENTS.TrainingEnrolled, employeeId, enrolled));
      return view;
    });
  }
}

/** Employees may cancel their own until the session starts; admins any time. A freed seat goes to the head of the waiting list. */
@CommandHandler(CancelEnrolmentCommand)
export class CancelEnrolmentHandler implements ICommandHandler<CancelEnrolmentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly waitingLists: WaitingLists,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, enrolmentId, version }: CancelEnrolmentCommand): Promise<EnrolmentView> {
    const found = await this.enrolments.get(enrolmentId);
    assertCanReadEmployee(actor, { id: found.state.employeeId, agencyId: found.state.agencyId }, 'Enrolment', enrolmentId);
    return this.uow.transaction(async () => {
      // Session first, then the enrolment: the order every seat change takes locks in.
      const session = await this.sessions.get(found.state.sessionId, true);
      const enrolment = await this.enrolments.get(enrolmentId, true);
      const s = enrolment.state;
      if (!isAdminOf(actor, s.agencyId) && session.state.startsAt.getTime() <= Date.now()) {
        throw new RuleViolationError('The session has started; ask your agency’s admin to cancel');
      }
      const before = enrolmentView(enrolment);
      const current = s.version;
      const { seatFreed } = enrolment.cancel(version);
      await this.enrolments.save(enrolment, current);
      if (seatFreed) {
        session.release();
        await this.sessions.saveSeats(session);
        await this.waitingLists.fillFreeSeats(session);
      }
      const after = enrolmentView(enrolment);
      await this.audit.record({
        action: 'enrolment.cancel',
        entityType: 'Enrolment',
        entityId: enrolmentId,
        agencyId: s.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}

/** Attended and passed: the JP are credited once (the ledger refuses a second credit) and TrainingCompleted goes out with the change. */
@CommandHandler(CompleteEnrolmentCommand)
export class CompleteEnrolmentHandler implements ICommandHandler<CompleteEnrolmentCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly programs: ProgramRepository,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly ledger: JpLedger,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, enrolmentId, input }: CompleteEnrolmentCommand): Promise<EnrolmentView> {
    const found = await this.enrolments.get(enrolmentId);
    assertAdminOf(actor, { id: found.state.employeeId, agencyId: found.state.agencyId }, 'Enrolment', enrolmentId);
    return this.uow.transaction(async () => {
      const enrolment = await this.enrolments.get(enrolmentId, true);
      const s = enrolment.state;
      const session = await this.sessions.get(s.sessionId);
      const program = await this.programs.get(s.programId);
      session.assertCompletable();
      const before = enrolmentView(enrolment);
      const current = s.version;
      enrolment.complete(
        {
          programCode: program.state.code,
          deliveryMode: program.state.deliveryMode,
          competencies: program.state.competencies,
          creditJp: program.creditJp(this.policy.jpRules),
          sessionStartsAt: session.state.startsAt,
          sessionEndsAt: session.state.endsAt,
        },
        input.completedAt ? new Date(input.completedAt) : null,
        input.version,
      );
      const done = enrolment.state;
      await this.ledger.credit({
        employeeId: done.employeeId,
        agencyId: done.agencyId,
        year: done.jpYear!,
        jp: done.creditedJp!,
        source: 'TRAINING',
        sourceId: done.id,
      });
      await this.enrolments.save(enrolment, current);
      const after = enrolmentView(enrolment);
      await this.audit.record({
        action: 'enrolment.complete',
        entityType: 'Enrolment',
        entityId: enrolmentId,
        agencyId: done.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}
