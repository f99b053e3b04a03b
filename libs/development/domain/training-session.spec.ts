import { ConflictError, InvalidInputError, RuleViolationError } from '@kompeten/shared/kernel';
import { Enrolment } from './enrolment';
import { NewSession, TrainingSession } from './training-session';

const program = { code: 'PKA', maxClassSize: 30, active: true };
const now = new Date('2026-05-01T00:00:00Z');
const session = (changes: Partial<NewSession> = {}) =>
  TrainingSession.create(
    {
      programId: 'p',
      hostAgencyId: null,
      startsAt: new Date('2026-06-01T01:00:00Z'),
      endsAt: new Date('2026-06-05T09:00:00Z'),
      capacity: 2,
      location: 'Jakarta',
      onlineUrl: null,
      enrolmentDeadline: null,
      status: null,
      ...changes,
    },
    program,
    now,
  );

const fields = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as InvalidInputError).errors.map((e) => e.field);
  }
  return [];
};

describe('training sessions', () => {
  it('refuses a session ending before it starts, above the class size, or with nowhere to be held', () => {
    expect(fields(() => session({ endsAt: new Date('2026-05-30T00:00:00Z') }))).toEqual(['endsAt']);
    expect(fields(() => session({ capacity: 31 }))).toEqual(['capacity']);
    expect(fields(() => session({ location: null }))).toEqual(['location']);
    expect(fields(() => session({ enrolmentDeadline: new Date('2026-06-06T00:00:00Z') }))).toEqual(['enrolmentDeadline']);
    expect(fields(() => session({ status: 'DONE' }))).toEqual(['status']);
    expect(() =>
      TrainingSession.create({ ...session().state, enrolmentDeadline: null, status: null }, { ...program, active: false }, now),
    ).toThrow(RuleViolationError);
  });

  it('gives seats up to the capacity, then the waiting list', () => {
    const s = session();
    expect([s.admit(), s.admit(), s.admit()]).toEqual(['ENROLLED', 'ENROLLED', 'WAITLISTED']);
    s.release();
    expect(s.freeSeats).toBe(1);
  });

  it('employees enrol themselves until the deadline (default: the start); admins any time, never into a cancelled session', () => {
    const s = session();
    expect(() => s.assertAcceptsEnrolment('SELF', true, new Date('2026-06-01T00:59:00Z'))).not.toThrow();
    expect(() => s.assertAcceptsEnrolment('SELF', true, new Date('2026-06-01T01:01:00Z'))).toThrow(RuleViolationError);
    expect(() => s.assertAcceptsEnrolment('SELF', false, now)).toThrow(RuleViolationError);
    expect(() => s.assertAcceptsEnrolment('ADMIN', true, new Date('2027-01-01T00:00:00Z'))).not.toThrow();
    s.update({ status: 'CANCELLED' }, 1, program, now);
    expect(() => s.assertAcceptsEnrolment('ADMIN', true, now)).toThrow(RuleViolationError);
  });

  it('edits need the current version and cannot drop below the seats taken', () => {
    const s = session();
    s.admit();
    s.admit();
    expect(() => s.update({ capacity: 5 }, 2, program, now)).toThrow(ConflictError);
    expect(() => s.update({ capacity: 1 }, 1, program, now)).toThrow(RuleViolationError);
    s.update({ capacity: 5 }, 1, program, now);
    expect(s.state).toMatchObject({ capacity: 5, version: 2 });
    expect(() => s.update({ status: 'PROPOSED' }, 2, program, now)).not.toThrow();
  });
});

describe('enrolments', () => {
  const terms = {
    programCode: 'PKA',
    deliveryMode: 'CLASSROOM' as const,
    competencies: [{ competencyCode: 'M.01', targetLevel: 3 }],
    creditJp: 24,
    sessionStartsAt: new Date('2025-12-29T01:00:00Z'),
    sessionEndsAt: new Date('2025-12-31T18:00:00Z'),
  };
  const enrolled = () =>
    Enrolment.admit({ sessionId: 's', programId: 'p', employeeId: 'e', agencyId: 'a', enrolledBy: 'ADMIN' }, 'ENROLLED', now);

  it('completes once, credits the year of completion in WIB, and tells TrainingCompleted once', () => {
    const e = enrolled();
    e.complete(terms, null, 1, now);
    expect(e.state).toMatchObject({ status: 'COMPLETED', creditedJp: 24, jpYear: 2026, version: 2 });
    const events = e.pullEvents();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      name: 'TrainingCompleted',
      payload: { jp: 24, year: 2026, competencies: [{ competencyCode: 'M.01', targetLevel: 3 }] },
    });
    expect(() => e.complete(terms, null, undefined, now)).toThrow(RuleViolationError);
    expect(e.pullEvents()).toHaveLength(0);
  });

  it('refuses a completion before the session or in the future, and of a waitlisted or cancelled enrolment', () => {
    expect(() => enrolled().complete(terms, new Date('2025-12-28T00:00:00Z'), undefined, now)).toThrow(InvalidInputError);
    expect(() => enrolled().complete(terms, new Date('2026-06-01T00:00:00Z'), undefined, now)).toThrow(InvalidInputError);
    const waiting = Enrolment.admit(
      { sessionId: 's', programId: 'p', employeeId: 'e', agencyId: 'a', enrolledBy: 'SELF' },
      'WAITLISTED',
      now,
    );
    expect(() => waiting.complete(terms, null, undefined, now)).toThrow(RuleViolationError);
    const cancelled = enrolled();
    expect(cancelled.cancel(undefined, now)).toEqual({ seatFreed: true });
    expect(() => cancelled.cancel(undefined, now)).toThrow(RuleViolationError);
    expect(() => cancelled.complete(terms, null, undefined, now)).toThrow(RuleViolationError);
  });
});

describe('TrainingSession proposals', () => {
  it('confirms a PROPOSED session into SCHEDULED and rejects one into CANCELLED, each once', () => {
    const confirmed = session({ status: 'PROPOSED' });
    confirmed.decideProposal('CONFIRM', 1);
    expect(confirmed.state).toMatchObject({ status: 'SCHEDULED', version: 2 });
    expect(() => confirmed.decideProposal('CONFIRM', 2)).toThrow(RuleViolationError);
    expect(() => confirmed.decideProposal('REJECT', 2)).toThrow(RuleViolationError);
    const rejected = session({ status: 'PROPOSED' });
    expect(() => rejected.decideProposal('REJECT', 3)).toThrow(ConflictError);
    rejected.decideProposal('REJECT', 1);
    expect(rejected.state).toMatchObject({ status: 'CANCELLED', version: 2 });
    expect(() => session().decideProposal('CONFIRM', 1)).toThrow(RuleViolationError);
  });
});
