import { RECOMMENDATION_SCORING as S, recommendationRef } from './recommendation-scoring';

describe('recommendation scoring', () => {
  it('keeps the signals below one fit step, so without feedback the order is the rule’s', () => {
    expect(S.SESSION_SOON + S.JP_SHORTFALL).toBeLessThan(S.PER_LEVEL_BELOW_MAX);
    // Reaching the required level outweighs any target level below it, with every signal and feedback term at its most.
    const feedback = S.STATED_NEED * S.STATED_NEED_SHARE.HIGH + S.EVALUATION + S.EFFECTIVENESS;
    expect(S.REACHES_REQUIRED).toBeGreaterThan(S.PER_LEVEL_BELOW_MAX * 4 + S.SESSION_SOON + S.JP_SHORTFALL + feedback);
  });

  it('puts a gap’s place above every other term, so items in score order are the rule’s order', () => {
    const most =
      S.REACHES_REQUIRED + S.PER_LEVEL_BELOW_MAX * 4 + S.SESSION_SOON + S.JP_SHORTFALL + S.STATED_NEED + S.EVALUATION + S.EFFECTIVENESS;
    const least = -S.EVALUATION - S.EFFECTIVENESS;
    expect(S.GAP_PLACE).toBeGreaterThan(most - least);
  });

  it('weighs feedback: a stated need by its priority, evaluations and effectiveness both ways', () => {
    expect([S.STATED_NEED_SHARE.HIGH, S.STATED_NEED_SHARE.MEDIUM, S.STATED_NEED_SHARE.LOW].map((share) => S.STATED_NEED * share)).toEqual([
      8, 6, 4,
    ]);
    // A mean rating of 5 adds EVALUATION, 1 takes it away; a level gained on average adds EFFECTIVENESS.
    expect(S.EVALUATION * ((5 - 3) / 2)).toBe(4);
    expect(S.EVALUATION * ((1 - 3) / 2)).toBe(-4);
    expect(S.MIN_EVALUATIONS).toBe(3);
    expect(S.EFFECTIVENESS).toBe(4);
  });

  it('limits items per gap and per employee', () => {
    expect(S.MAX_PER_GAP).toBe(3);
    expect(S.MAX_ITEMS).toBe(10);
    expect(S.SESSION_WINDOW_DAYS).toBe(90);
  });

  it('refers to a plan item by program and competency', () => {
    expect(recommendationRef('p-1', 'M.01')).toBe('recommendation:p-1:M.01');
  });
});
