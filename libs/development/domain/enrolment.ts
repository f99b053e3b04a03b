import { AggregateRoot, ConflictError, integrationEvent, InvalidInputError, newId, RuleViolationError } from '@kompeten/shared/kernel';
import { DEVELOPMENT_EVENTS, DeliveryMode, TargetedCompetency, TrainingCompletedPayload } from '../contracts/events';
import { jpYearOf } from './calendar';
import { EnrolledBy } from './training-session';

export const ENROLMENT_STATUSES = ['ENROLLED', 'WAITLISTED', 'CANCELLED', 'COMPLETED'] as const;
export type EnrolmentStatus = (typeof ENROLMENT_STATUSES)[number];

export interface EnrolmentState {
  id: string;
  sessionId: string;
  programId: string;
  employeeId: string;
  /** The employee's agency when they enrolled: who administers the enrolment. */
  agencyId: string;
  status: EnrolmentStatus;
  enrolledBy: EnrolledBy;
  enrolledAt: Date | null;
  waitlistedAt: Date | null;
  cancelledAt: Date | null;
  completedAt: Date | null;
  creditedJp: number | null;
  jpYear: number | null;
  version: number;
}

/** What completing credits and tells: the program as it stands, its JP by the current rules. */
export interface CompletionTerms {
  programCode: string;
  deliveryMode: DeliveryMode;
  competencies: TargetedCompetency[];
  creditJp: number;
  sessionStartsAt: Date;
  sessionEndsAt: Date;
}

/** Someone's place in a session: a seat, a place on the waiting list, or neither any more. */
export class Enrolment extends AggregateRoot {
  private constructor(private s: EnrolmentState) {
    super();
  }

  static admit(
    input: { sessionId: string; programId: string; employeeId: string; agencyId: string; enrolledBy: EnrolledBy },
    placed: 'ENROLLED' | 'WAITLISTED',
    now: Date = new Date(),
  ): Enrolment {
    return new Enrolment({
      ...input,
      id: newId(),
      status: placed,
      enrolledAt: placed === 'ENROLLED' ? now : null,
      waitlistedAt: placed === 'WAITLISTED' ? now : null,
      cancelledAt: null,
      completedAt: null,
      creditedJp: null,
      jpYear: null,
      version: 1,
    });
  }

  static restore(state: EnrolmentState): Enrolment {
    return new Enrolment(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<EnrolmentState> {
    return this.s;
  }

  private assertVersion(expected: number | undefined): void {
    if (expected !== undefined && expected !== this.s.version) {
      throw new ConflictError(`The enrolment has changed (version ${this.s.version}, you sent ${expected}); reload it and retry`);
    }
  }

  /** Gives up the seat or the place in line; answers whether a seat came free. */
  cancel(expectedVersion?: number, now: Date = new Date()): { seatFreed: boolean } {
    this.assertVersion(expectedVersion);
    if (this.s.status === 'COMPLETED') throw new RuleViolationError('A completed enrolment cannot be cancelled');
    if (this.s.status === 'CANCELLED') throw new RuleViolationError('The enrolment is already cancelled');
    const seatFreed = this.s.status === 'ENROLLED';
    this.s = { ...this.s, status: 'CANCELLED', cancelledAt: now, version: this.s.version + 1 };
    return { seatFreed };
  }

  /** The head of the waiting list takes a seat that came free. */
  promote(now: Date = new Date()): void {
    if (this.s.status !== 'WAITLISTED') throw new RuleViolationError('Only a waitlisted enrolment can take a seat');
    this.s = { ...this.s, status: 'ENROLLED', enrolledAt: now, version: this.s.version + 1 };
  }

  /**
   * Attended and passed: credits the program's JP once, for the year of
   * completion, and tells the other contexts. By default the completion is
   * dated at the session's end, or now if it has not ended yet.
   */
  complete(terms: CompletionTerms, completedAt: Date | null, expectedVersion?: number, now: Date = new Date()): void {
    this.assertVersion(expectedVersion);
    if (this.s.status === 'COMPLETED') throw new RuleViolationError('The enrolment is already completed; its JP were credited');
    if (this.s.status !== 'ENROLLED') throw new RuleViolationError(`A ${this.s.status.toLowerCase()} enrolment cannot be completed`);
    const at = completedAt ?? new Date(Math.min(now.getTime(), terms.sessionEndsAt.getTime()));
    if (at.getTime() < terms.sessionStartsAt.getTime()) throw InvalidInputError.field('completedAt', 'cannot be before the session starts');
    if (at.getTime() > now.getTime() + 60_000) throw InvalidInputError.field('completedAt', 'cannot be in the future');
    const year = jpYearOf(at);
    this.s = { ...this.s, status: 'COMPLETED', completedAt: at, creditedJp: terms.creditJp, jpYear: year, version: this.s.version + 1 };
    const payload: TrainingCompletedPayload = {
      enrolmentId: this.s.id,
      sessionId: this.s.sessionId,
      employeeId: this.s.employeeId,
      agencyId: this.s.agencyId,
      programId: this.s.programId,
      programCode: terms.programCode,
      deliveryMode: terms.deliveryMode,
      competencies: terms.competencies.map((c) => ({ competencyCode: c.competencyCode, targetLevel: c.targetLevel })),
      jp: terms.creditJp,
      completedAt: at.toISOString(),
      year,
    };
    this.record(integrationEvent(DEVELOPMENT_EVENTS.TrainingCompleted, this.s.employeeId, payload));
  }
}
