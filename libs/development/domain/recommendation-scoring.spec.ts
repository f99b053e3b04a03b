import { RECOMMENDATION_SCORING as S, recommendationRef } from './recommendation-scoring';

describe('recommendation scoring', () => {
  it('keeps the signals below one fit step, so without feedback the order is the rule’s', () => {
    expect(S.SESSION_SOON + S.JP_SHORTFALL + S.STATED_NEED + S.EVALUATION).toBeLessThan(S.PER_LEVEL_BELOW_MAX);
    // Reaching the required level outweighs any target level below it.
    expect(S.REACHES_REQUIRED).toBeGreaterThan(S.PER_LEVEL_BELOW_MAX * 4 + S.SESSION_SOON + S.JP_SHORTFALL);
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
