import { ConflictError, InvalidInputError, RuleViolationError } from '@kompeten/shared/kernel';
import { AgencyDevelopmentPlan, kindOf, NewPlanItem, planTotals, routeOf } from './agency-development-plan';

const item = (over: Partial<NewPlanItem> = {}): NewPlanItem => ({
  competencyCode: 'M.04',
  competencyName: 'Orientasi pada Hasil',
  competencyType: 'MANAGERIAL',
  title: 'Pelatihan Orientasi pada Hasil',
  deliveryMode: 'CLASSROOM',
  programId: 'p-1',
  provider: 'LAN',
  targetCount: 45,
  targetEmployeeIds: [],
  targetUnitId: null,
  targetGroup: null,
  plannedStart: '2027-03-01',
  plannedEnd: '2027-03-05',
  sessionCount: 2,
  location: null,
  onlineUrl: null,
  budget: 90_000_000,
  origin: 'MANUAL',
  note: null,
  ...over,
});

const draft = (items: NewPlanItem[] = [item()]) => AgencyDevelopmentPlan.draft({ agencyId: 'a-1', year: 2027, items });

describe('AgencyDevelopmentPlan', () => {
  it('goes DRAFT → SUBMITTED → APPROVED, each step moving the version', () => {
    const plan = draft();
    expect(plan.state).toMatchObject({ status: 'DRAFT', version: 1, revision: 1 });
    plan.submit(1);
    expect(plan.state).toMatchObject({ status: 'SUBMITTED', version: 2 });
    plan.approve(2, 'ministry@example.go.id');
    expect(plan.state).toMatchObject({ status: 'APPROVED', version: 3, approvedBy: 'ministry@example.go.id' });
  });

  it('refuses to approve a draft, or to submit an empty plan or one whose sessions have no schedule', () => {
    expect(() => draft().approve(1, 'x')).toThrow(RuleViolationError);
    expect(() => draft([]).submit(1)).toThrow(RuleViolationError);
    expect(() => draft([item({ plannedStart: null, plannedEnd: null })]).submit(1)).toThrow(/schedule/);
    // An item without sessions needs no dates.
    const plan = draft([item({ programId: null, sessionCount: 0, plannedStart: null, plannedEnd: null, deliveryMode: 'COACHING' })]);
    plan.submit(1);
    expect(plan.state.status).toBe('SUBMITTED');
  });

  it('edits items of a draft only; a stale version is a conflict', () => {
    const plan = draft();
    const added = plan.addItem(item({ competencyCode: 'SK.01', competencyType: 'SOCIOCULTURAL', budget: 5_000_000 }), 1);
    expect(plan.state.version).toBe(2);
    expect(() => plan.addItem(item(), 1)).toThrow(ConflictError);
    plan.changeItem(added.id, { budget: 7_500_000, targetCount: 30 }, 2);
    expect(plan.state.items.find((i) => i.id === added.id)).toMatchObject({ budget: 7_500_000, targetCount: 30, competencyCode: 'SK.01' });
    plan.removeItem(plan.state.items[0].id, 3);
    expect(plan.state.items).toHaveLength(1);
    plan.submit(4);
    expect(() => plan.changeItem(added.id, { budget: 1 }, 5)).toThrow(/return it to draft/);
    plan.returnToDraft(5);
    plan.changeItem(added.id, { budget: 1 }, 6);
    expect(plan.state).toMatchObject({ status: 'DRAFT', version: 7 });
  });

  it('is immutable once approved; a revision starts the next revision as a draft with the same items', () => {
    const plan = draft();
    plan.submit(1);
    plan.approve(2, 'm');
    const itemId = plan.state.items[0].id;
    expect(() => plan.changeItem(itemId, { budget: 1 }, 3)).toThrow(RuleViolationError);
    expect(() => plan.addItem(item(), 3)).toThrow(/approved and cannot change/);
    expect(() => plan.removeItem(itemId, 3)).toThrow(RuleViolationError);
    expect(() => plan.setNotes('x', 3)).toThrow(RuleViolationError);
    expect(() => plan.revise(2)).toThrow(ConflictError);
    plan.revise(3);
    expect(plan.state).toMatchObject({ status: 'DRAFT', revision: 2, version: 4, approvedAt: null });
    expect(plan.state.items.map((i) => i.id)).toEqual([itemId]);
    plan.changeItem(itemId, { budget: 1 }, 4);
    expect(() => draft().revise(1)).toThrow(RuleViolationError);
  });

  it('checks items: counts, whole rupiah, dates in the plan year, sessions only of a program', () => {
    const errorsOf = (over: Partial<NewPlanItem>) => {
      try {
        draft([item(over)]);
        return [];
      } catch (error) {
        expect(error).toBeInstanceOf(InvalidInputError);
        return (error as InvalidInputError).errors.map((e) => e.field);
      }
    };
    expect(errorsOf({})).toEqual([]);
    expect(errorsOf({ budget: 1.5 })).toEqual(['items[0].budget']);
    expect(errorsOf({ budget: -1 })).toEqual(['items[0].budget']);
    expect(errorsOf({ targetCount: 0 })).toEqual(['items[0].targetCount']);
    expect(errorsOf({ targetCount: 1, targetEmployeeIds: ['e1', 'e2'] })).toEqual(['items[0].targetCount']);
    expect(errorsOf({ plannedStart: '2026-12-31' })).toEqual(['items[0].plannedStart']);
    expect(errorsOf({ plannedEnd: '2027-02-28' })).toEqual(['items[0].plannedEnd']);
    expect(errorsOf({ plannedEnd: '2027-02-30' })).toEqual(['items[0].plannedEnd']);
    expect(errorsOf({ plannedEnd: null })).toEqual(['items[0].plannedEnd']);
    expect(errorsOf({ programId: null })).toEqual(['items[0].sessionCount']);
    expect(errorsOf({ deliveryMode: 'DEGREE' })).toEqual(['items[0].sessionCount']);
  });

  it('totals participants, sessions and budget, by competency type', () => {
    const plan = draft([
      item(),
      item({ competencyType: 'TECHNICAL', budget: 10_000_000, targetCount: 5, sessionCount: 1 }),
      item({ competencyType: 'TECHNICAL', budget: 2_500_000, targetCount: 3, sessionCount: 0, programId: null }),
    ]);
    expect(plan.totals).toEqual({
      items: 3,
      participants: 53,
      sessions: 3,
      budget: 102_500_000,
      budgetByType: { TECHNICAL: 12_500_000, MANAGERIAL: 90_000_000, SOCIOCULTURAL: 0 },
    });
    expect(planTotals([]).budget).toBe(0);
  });

  it('schedules the sessions of an approved plan: participants split within the class size, PROPOSED without a place', () => {
    const plan = draft([
      item(),
      item({ programId: 'p-2', sessionCount: 1, targetCount: 40, location: 'Jakarta' }),
      item({ programId: null, sessionCount: 0, deliveryMode: 'MENTORING' }),
    ]);
    expect(() =>
      plan.sessionsToSchedule(
        () => 30,
        () => 0,
      ),
    ).toThrow(RuleViolationError);
    plan.submit(1);
    plan.approve(2, 'm');
    const sessions = plan.sessionsToSchedule(
      (programId) => (programId === 'p-1' ? 30 : 25),
      () => 0,
    );
    expect(sessions).toHaveLength(3);
    expect(sessions[0]).toMatchObject({ programId: 'p-1', capacity: 23, status: 'PROPOSED', location: 'To be confirmed' });
    expect(sessions[0].startsAt.toISOString()).toBe('2027-03-01T02:00:00.000Z');
    expect(sessions[0].endsAt.toISOString()).toBe('2027-03-05T10:00:00.000Z');
    expect(sessions[2]).toMatchObject({ programId: 'p-2', capacity: 25, status: 'SCHEDULED', location: 'Jakarta' });
    // Sessions an earlier approval created are not created again.
    const first = plan.state.items[0].id;
    expect(
      plan.sessionsToSchedule(
        () => 30,
        (id) => (id === first ? 2 : 1),
      ),
    ).toEqual([]);
  });

  it('names the kind and the route of a delivery mode', () => {
    expect([kindOf('DEGREE'), routeOf('DEGREE')]).toEqual(['EDUCATION', null]);
    expect([kindOf('CLASSROOM'), routeOf('CLASSROOM')]).toEqual(['TRAINING', 'CLASSROOM']);
    expect(routeOf('BLENDED')).toBe('CLASSROOM');
    expect(routeOf('E_LEARNING')).toBe('NON_CLASSROOM');
    expect(routeOf('INTERNSHIP')).toBe('NON_CLASSROOM');
  });
});
