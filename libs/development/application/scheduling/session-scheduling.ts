import { Injectable } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor } from '@kompeten/shared/kernel';
import { AuditLog, MaintenanceJob, MaintenanceJobRunner, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EnrolmentRepository } from '../../infrastructure/enrolment.repository';
import { ProgramRepository } from '../../infrastructure/program.repository';
import { SessionRepository } from '../../infrastructure/session.repository';
import { SessionScheduling } from '../../infrastructure/session-scheduling';
import { readSession } from '../queries/program-views';
import { assertCanManageSession } from '../scope';
import { SessionView } from '../views';

export const SESSION_PROPOSALS_JOB = 'development.session-proposals';
export const SESSION_REMINDERS_JOB = 'development.session-reminders';

/**
 * Nightly (03:30 WIB, after the recommendations' recompute): proposes a session
 * for each agency and program with unmet demand at or above PROPOSAL_MIN_DEMAND
 * (infrastructure/session-scheduling.ts), once while that proposal is open.
 */
@Injectable()
@MaintenanceJob({ name: SESSION_PROPOSALS_JOB, cron: '30 3 * * *' })
export class SessionProposalsJob implements MaintenanceJobRunner {
  constructor(private readonly scheduling: SessionScheduling) {}

  async run(): Promise<{ demanded: number; proposed: number }> {
    const { demanded, proposed } = await this.scheduling.propose();
    return { demanded, proposed: proposed.length };
  }
}

/** Daily (07:00 WIB): TrainingSessionStartingSoon to each seat of a session starting within 7 days, once per enrolment. */
@Injectable()
@MaintenanceJob({ name: SESSION_REMINDERS_JOB, cron: '0 7 * * *' })
export class SessionRemindersJob implements MaintenanceJobRunner {
  constructor(private readonly scheduling: SessionScheduling) {}

  run(): Promise<{ sent: number }> {
    return this.scheduling.remind();
  }
}

export type ProposalDecision = 'CONFIRM' | 'REJECT';

export class DecideProposalCommand extends Command<SessionView> {
  constructor(
    readonly actor: Actor,
    readonly sessionId: string,
    readonly decision: ProposalDecision,
    readonly version: number,
  ) {
    super();
  }
}

/**
 * The host agency's admin (or a ministry admin) answers a PROPOSED session:
 * confirm → SCHEDULED, and the employees behind a nightly proposal's demand go
 * on its waiting list (seats are then handed out as the admin opens them:
 * PATCH capacity, or by ranking when a seat frees); reject → CANCELLED (its
 * enrolments cancelled). Both audited; anything but PROPOSED is 422, a stale version 409.
 */
@CommandHandler(DecideProposalCommand)
export class DecideProposalHandler implements ICommandHandler<DecideProposalCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly programs: ProgramRepository,
    private readonly sessions: SessionRepository,
    private readonly enrolments: EnrolmentRepository,
    private readonly scheduling: SessionScheduling,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, sessionId, decision, version }: DecideProposalCommand): Promise<SessionView> {
    return this.uow.transaction(async () => {
      const unlocked = await this.sessions.get(sessionId);
      const program = await this.programs.get(unlocked.state.programId);
      assertCanManageSession(actor, program.state.agencyId, unlocked.state.hostAgencyId, sessionId);
      const session = await this.sessions.get(sessionId, true);
      const before = await readSession(this.uow, sessionId);
      session.decideProposal(decision, version);
      const now = new Date();
      let invited: string[] = [];
      if (decision === 'CONFIRM') {
        const proposal = await this.scheduling.proposal(sessionId, true);
        if (proposal) {
          const rows = await this.scheduling.invite(sessionId, now);
          invited = rows.map((r) => r.employee_id);
          if (rows.length) {
            await this.audit.recordSelected(
              'enrolment.create',
              'Enrolment',
              `SELECT e.id AS entity_id, e.agency_id, NULL::jsonb AS before,
                      jsonb_build_object('sessionId', e.session_id, 'employeeId', e.employee_id, 'status', e.status, 'reason', 'invited: proposal confirmed') AS after
                 FROM development.enrolments e WHERE e.id = ANY($1::uuid[])`,
              [rows.map((r) => r.id)],
            );
          }
        }
      } else {
        await this.scheduling.closeProposal(sessionId, now);
        const cancelled = await this.enrolments.cancelAllOf(sessionId);
        for (const c of cancelled) {
          await this.audit.record({
            action: 'enrolment.cancel',
            entityType: 'Enrolment',
            entityId: c.id,
            agencyId: c.agency_id,
            before: { status: c.status },
            after: { status: 'CANCELLED', reason: 'proposed session rejected' },
          });
        }
        const seated = cancelled.filter((c) => c.status === 'ENROLLED').length;
        for (let i = 0; i < seated; i++) session.release();
      }
      await this.sessions.save(session, version);
      const after = await readSession(this.uow, sessionId);
      await this.audit.record({
        action: decision === 'CONFIRM' ? 'training-session.confirm' : 'training-session.reject',
        entityType: 'TrainingSession',
        entityId: sessionId,
        agencyId: session.state.hostAgencyId,
        before,
        after: decision === 'CONFIRM' ? { ...after, invitedEmployeeIds: invited } : after,
      });
      return after;
    });
  }
}
