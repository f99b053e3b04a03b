import { ConflictError, FieldError, InvalidInputError, newId, RuleViolationError } from '@kompeten/shared/kernel';

export const SESSION_STATUSES = ['PROPOSED', 'SCHEDULED', 'CANCELLED', 'DONE'] as const;
export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Status changes a session may make; CANCELLED and DONE are final. */
const TRANSITIONS: Record<SessionStatus, readonly SessionStatus[]> = {
  PROPOSED: ['SCHEDULED', 'CANCELLED'],
  SCHEDULED: ['PROPOSED', 'DONE', 'CANCELLED'],
  CANCELLED: [],
  DONE: [],
};

export interface SessionState {
  id: string;
  programId: string;
  /** The agency running the session (its admins manage it); null: the ministry. */
  hostAgencyId: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  location: string | null;
  onlineUrl: string | null;
  enrolmentDeadline: Date;
  status: SessionStatus;
  /** Seats held by ENROLLED and COMPLETED enrolments. */
  seatsTaken: number;
  version: number;
}

/** What a session needs to know of its program. */
export interface ProgramTerms {
  code: string;
  maxClassSize: number;
  active: boolean;
}

export interface NewSession {
  programId: string;
  hostAgencyId: string | null;
  startsAt: Date;
  endsAt: Date;
  capacity: number;
  location: string | null;
  onlineUrl: string | null;
  enrolmentDeadline: Date | null;
  status: SessionStatus | null;
}

export type SessionChanges = Partial<
  Pick<SessionState, 'startsAt' | 'endsAt' | 'capacity' | 'location' | 'onlineUrl' | 'enrolmentDeadline' | 'status'>
>;

/** Who is enrolling: the employee themself (bound by the deadline), or an admin (any time; history may be recorded). */
export type EnrolledBy = 'SELF' | 'ADMIN';

export class TrainingSession {
  private constructor(private s: SessionState) {}

  /** An admin may create a session that already ran (status DONE) to record history. */
  static create(input: NewSession, program: ProgramTerms, now: Date = new Date()): TrainingSession {
    if (!program.active) throw new RuleViolationError(`Training program ${program.code} is inactive: it takes no new sessions`);
    const status = input.status ?? 'SCHEDULED';
    if (status === 'CANCELLED') throw InvalidInputError.field('status', 'a new session cannot be CANCELLED');
    const session = new TrainingSession({
      id: newId(),
      programId: input.programId,
      hostAgencyId: input.hostAgencyId,
      startsAt: input.startsAt,
      endsAt: input.endsAt,
      capacity: input.capacity,
      location: input.location,
      onlineUrl: input.onlineUrl,
      enrolmentDeadline: input.enrolmentDeadline ?? input.startsAt,
      status,
      seatsTaken: 0,
      version: 1,
    });
    session.check(program, now);
    return session;
  }

  static restore(state: SessionState): TrainingSession {
    return new TrainingSession(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<SessionState> {
    return this.s;
  }
  get freeSeats(): number {
    return Math.max(0, this.s.capacity - this.s.seatsTaken);
  }
  /** Seats are handed out (and waiting lists move) only while the session is open. */
  get open(): boolean {
    return this.s.status === 'PROPOSED' || this.s.status === 'SCHEDULED';
  }

  private check(program: ProgramTerms, now: Date): void {
    const s = this.s;
    const errors: FieldError[] = [];
    const ordered = s.endsAt.getTime() > s.startsAt.getTime();
    if (!ordered) errors.push({ field: 'endsAt', message: 'must be after startsAt' });
    if (!Number.isInteger(s.capacity) || s.capacity < 1)
      errors.push({ field: 'capacity', message: 'must be a whole number of at least 1' });
    else if (s.capacity > program.maxClassSize)
      errors.push({ field: 'capacity', message: `cannot exceed the program's maximum class size (${program.maxClassSize})` });
    if (!s.location && !s.onlineUrl) errors.push({ field: 'location', message: 'a session needs a location or an onlineUrl' });
    if (ordered && s.enrolmentDeadline.getTime() > s.endsAt.getTime())
      errors.push({ field: 'enrolmentDeadline', message: 'cannot be after endsAt' });
    if (s.status === 'DONE' && s.endsAt.getTime() > now.getTime())
      errors.push({ field: 'status', message: 'a session is DONE only once it has ended' });
    if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  }

  update(changes: SessionChanges, expectedVersion: number, program: ProgramTerms, now: Date = new Date()): void {
    if (expectedVersion !== this.s.version)
      throw new ConflictError(`The session has changed (version ${this.s.version}, you sent ${expectedVersion}); reload it and retry`);
    if (!this.open) throw new RuleViolationError(`The session is ${this.s.status.toLowerCase()} and can no longer change`);
    const next: SessionState = { ...this.s };
    for (const [key, value] of Object.entries(changes) as [keyof SessionChanges, unknown][]) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (next.status !== this.s.status && !TRANSITIONS[this.s.status].includes(next.status)) {
      throw new RuleViolationError(`A ${this.s.status} session cannot become ${next.status}`);
    }
    if (next.capacity < this.s.seatsTaken)
      throw new RuleViolationError(`${this.s.seatsTaken} seats are taken; capacity cannot go below that`);
    const before = this.s;
    this.s = next;
    try {
      // A session may keep a capacity above a class size lowered since, but not grow past it.
      const limit = next.capacity > before.capacity ? program.maxClassSize : Math.max(program.maxClassSize, before.capacity);
      this.check({ ...program, maxClassSize: limit }, now);
    } catch (error) {
      this.s = before;
      throw error;
    }
    this.s = { ...next, version: before.version + 1 };
  }

  /**
   * The agency admin's answer to a PROPOSED session (a nightly proposal where
   * demand is unmet): confirm schedules it, reject cancels it. Anything but a
   * PROPOSED session is refused (422); a stale version is 409.
   */
  decideProposal(decision: 'CONFIRM' | 'REJECT', expectedVersion: number): void {
    if (expectedVersion !== this.s.version)
      throw new ConflictError(`The session has changed (version ${this.s.version}, you sent ${expectedVersion}); reload it and retry`);
    if (this.s.status !== 'PROPOSED')
      throw new RuleViolationError(
        `Only a PROPOSED session can be ${decision === 'CONFIRM' ? 'confirmed' : 'rejected'}; this one is ${this.s.status}`,
      );
    this.s = { ...this.s, status: decision === 'CONFIRM' ? 'SCHEDULED' : 'CANCELLED', version: this.s.version + 1 };
  }

  /**
   * Whether a new enrolment may come in: never into a cancelled session;
   * employees themselves only into an open session until its enrolment deadline.
   */
  assertAcceptsEnrolment(by: EnrolledBy, programActive: boolean, now: Date = new Date()): void {
    if (this.s.status === 'CANCELLED') throw new RuleViolationError('The session is cancelled');
    if (by === 'ADMIN') return;
    if (!programActive) throw new RuleViolationError('The program is inactive: it takes no new enrolments');
    if (!this.open) throw new RuleViolationError(`The session is ${this.s.status.toLowerCase()}: it takes no new enrolments`);
    if (now.getTime() > this.s.enrolmentDeadline.getTime()) {
      throw new RuleViolationError(`Enrolment closed at ${this.s.enrolmentDeadline.toISOString()}; ask your agency's admin`);
    }
  }

  /** A seat if one is free (an admin recording history of a closed session gets one likewise), else the waiting list. */
  admit(): 'ENROLLED' | 'WAITLISTED' {
    if (this.freeSeats > 0) {
      this.s = { ...this.s, seatsTaken: this.s.seatsTaken + 1 };
      return 'ENROLLED';
    }
    return 'WAITLISTED';
  }

  release(): void {
    this.s = { ...this.s, seatsTaken: Math.max(0, this.s.seatsTaken - 1) };
  }

  /** Completion needs the session to have started: a course not yet begun was not attended. */
  assertCompletable(now: Date = new Date()): void {
    if (this.s.status === 'CANCELLED') throw new RuleViolationError('The session was cancelled');
    if (this.s.startsAt.getTime() > now.getTime())
      throw new RuleViolationError(`The session starts at ${this.s.startsAt.toISOString()}; it cannot be completed before`);
  }
}
