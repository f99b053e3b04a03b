import { ConflictError, InvalidInputError, RuleViolationError } from '@kompeten/shared/kernel';
import { Assessment, NewAssessment, PinnedStandard } from './assessment';
import { DEFAULT_ASSESSMENT_POLICY } from './assessment-policy';

const standard: PinnedStandard = {
  positionId: 'p1',
  version: 2,
  items: ['M.01', 'M.02', 'SK.01'].map((code) => ({
    competencyCode: code,
    competencyVersion: 1,
    competencyType: code.startsWith('SK') ? 'SOCIOCULTURAL' : 'MANAGERIAL',
    requiredLevel: 3,
  })),
};

const base: NewAssessment = {
  employeeId: 'e1',
  agencyId: 'a1',
  currentPositionId: 'p1',
  purpose: 'MAPPING',
  targetPositionId: 'p1',
  standard,
  method: 'ASSESSMENT_CENTER',
  providerName: 'UPT Penilaian Kompetensi',
  providerAccredited: true,
  assessorName: 'Asesor A',
  assessedAt: new Date('2026-06-01T00:00:00Z'),
};

const levels = (...values: number[]) =>
  standard.items.map((item, i) => ({
    competencyCode: item.competencyCode,
    level: values[i],
    evidence: null,
    raterGroup: null,
    raterName: null,
  }));

describe('Assessment', () => {
  it('a promotion needs another position than the current one', () => {
    expect(() => Assessment.create({ ...base, purpose: 'PROMOTION' })).toThrow(InvalidInputError);
    expect(Assessment.create({ ...base, purpose: 'PROMOTION', targetPositionId: 'p2' }).state.status).toBe('DRAFT');
  });

  it('completes with a result for every competency and publishes AssessmentCompleted', () => {
    const a = Assessment.create(base);
    a.recordResults(levels(3, 2, 4), 1);
    const achieved = a.complete(DEFAULT_ASSESSMENT_POLICY);
    expect(achieved.map((l) => l.level)).toEqual([3, 2, 4]);
    expect(a.state.status).toBe('COMPLETED');
    const [event] = a.pullEvents();
    expect(event.name).toBe('AssessmentCompleted');
    expect(event.payload).toMatchObject({ employeeId: 'e1', official: true, validUntil: '2029-06-01T00:00:00.000Z' });
  });

  it('refuses to complete while a competency has no result', () => {
    const a = Assessment.create(base);
    a.recordResults(levels(3, 2, 4).slice(0, 2), 1);
    expect(() => a.complete(DEFAULT_ASSESSMENT_POLICY)).toThrow(RuleViolationError);
  });

  it('is immutable once completed', () => {
    const a = Assessment.create(base);
    a.recordResults(levels(3, 3, 3), 1);
    a.complete(DEFAULT_ASSESSMENT_POLICY);
    expect(() => a.recordResults(levels(1, 1, 1), 1)).toThrow(RuleViolationError);
    expect(() => a.complete(DEFAULT_ASSESSMENT_POLICY)).toThrow(RuleViolationError);
  });

  it('refuses a stale version', () => {
    const a = Assessment.create(base);
    expect(() => a.recordResults(levels(3, 3, 3), 7)).toThrow(ConflictError);
  });

  it('names each bad result field', () => {
    const a = Assessment.create(base);
    try {
      a.recordResults([{ competencyCode: 'X.99', level: 6, evidence: null, raterGroup: null, raterName: null }], 1);
      throw new Error('expected a refusal');
    } catch (error) {
      expect((error as InvalidInputError).errors.map((e) => e.field)).toEqual(['items[0].competencyCode', 'items[0].level']);
    }
  });

  it('self-assessments and unaccredited providers are not official', () => {
    expect(Assessment.create({ ...base, method: 'SELF' }).official).toBe(false);
    expect(Assessment.create({ ...base, providerAccredited: false }).official).toBe(false);
  });

  it('combines 360 raters by the configured weights', () => {
    const a = Assessment.create({ ...base, method: 'MULTI_RATER_360' });
    const rate = (code: string, group: 'SUPERVISOR' | 'PEER' | 'SUBORDINATE' | 'SELF', level: number) => ({
      competencyCode: code,
      level,
      evidence: null,
      raterGroup: group,
      raterName: null,
    });
    a.recordResults(
      [
        ...standard.items.map((i) => rate(i.competencyCode, 'SUPERVISOR', 4)),
        ...standard.items.map((i) => rate(i.competencyCode, 'PEER', 2)),
        ...standard.items.map((i) => rate(i.competencyCode, 'SELF', 5)),
      ],
      1,
    );
    const achieved = a.complete(DEFAULT_ASSESSMENT_POLICY);
    // (0.4×4 + 0.3×2) / 0.7 = 3.14 → 3; self not counted
    expect(achieved[0]).toMatchObject({ level: 3, groupMeans: { SUPERVISOR: 4, PEER: 2, SELF: 5 } });
  });
});
