import { Injectable } from '@nestjs/common';
import { AuditLog } from '@kompeten/shared/infrastructure';
import { jpYearOf } from '../domain/calendar';
import { Enrolment } from '../domain/enrolment';
import { TrainingSession } from '../domain/training-session';
import { nextInLine, rankWaitingList } from '../domain/waiting-list';
import { DevelopmentPolicy } from '../infrastructure/development-policy.provider';
import { EnrolmentRepository } from '../infrastructure/enrolment.repository';
import { SessionRepository } from '../infrastructure/session.repository';
import { EnrolmentView } from './views';

export function enrolmentView(enrolment: Enrolment, waitlistPosition: number | null = null, createdAt?: Date | string): EnrolmentView {
  const s = enrolment.state;
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
  return {
    id: s.id,
    sessionId: s.sessionId,
    programId: s.programId,
    employeeId: s.employeeId,
    agencyId: s.agencyId,
    status: s.status,
    waitlistPosition: s.status === 'WAITLISTED' ? waitlistPosition : null,
    enrolledBy: s.enrolledBy,
    enrolledAt: iso(s.enrolledAt),
    waitlistedAt: iso(s.waitlistedAt),
    cancelledAt: iso(s.cancelledAt),
    completedAt: iso(s.completedAt),
    creditedJp: s.creditedJp,
    jpYear: s.jpYear,
    version: s.version,
    createdAt: createdAt ? new Date(createdAt).toISOString() : (s.enrolledAt ?? s.waitlistedAt ?? new Date()).toISOString(),
  };
}

/** The waiting lists: their order (domain/waiting-list.ts) and who moves up when seats come free. */
@Injectable()
export class WaitingLists {
  constructor(
    private readonly enrolments: EnrolmentRepository,
    private readonly sessions: SessionRepository,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  /**
   * With the session's row locked: gives every free seat to the head of the
   * waiting list, in order, and saves the seat count. Answers the enrolments promoted.
   */
  async fillFreeSeats(session: TrainingSession, now: Date = new Date()): Promise<string[]> {
    if (!session.open || session.freeSeats === 0) return [];
    const candidates = await this.enrolments.waitlisted([session.id], jpYearOf(now), this.policy.requiredJp);
    const chosen = nextInLine(candidates, session.freeSeats).map((c) => c.enrolmentId);
    if (chosen.length === 0) return [];
    const loaded = new Map((await this.enrolments.getMany(chosen, true)).map((e) => [e.id, e]));
    for (const id of chosen) {
      const enrolment = loaded.get(id)!;
      const before = enrolmentView(enrolment, chosen.indexOf(id) + 1);
      const version = enrolment.state.version;
      enrolment.promote(now);
      session.admit();
      await this.enrolments.save(enrolment, version);
      await this.audit.record({
        action: 'enrolment.promote',
        entityType: 'Enrolment',
        entityId: id,
        agencyId: enrolment.state.agencyId,
        before,
        after: enrolmentView(enrolment),
      });
    }
    await this.sessions.saveSeats(session);
    return chosen;
  }

  /** The position (1 = head) of each waitlisted enrolment of these sessions. */
  async positions(sessionIds: string[], now: Date = new Date()): Promise<Map<string, number>> {
    const candidates = await this.enrolments.waitlisted([...new Set(sessionIds)], jpYearOf(now), this.policy.requiredJp);
    const bySession = new Map<string, typeof candidates>();
    for (const c of candidates) bySession.set(c.sessionId, [...(bySession.get(c.sessionId) ?? []), c]);
    const positions = new Map<string, number>();
    for (const list of bySession.values()) rankWaitingList(list).forEach((c, i) => positions.set(c.enrolmentId, i + 1));
    return positions;
  }
}
