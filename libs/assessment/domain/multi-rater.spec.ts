import { DEFAULT_ASSESSMENT_POLICY } from './assessment-policy';
import { combineRaters } from './multi-rater';

const weights = DEFAULT_ASSESSMENT_POLICY.raterWeights;

describe('360 combination (default: supervisor 40 %, peers 30 %, subordinates 30 %, self 0 %)', () => {
  it('weights the group means and rounds half up', () => {
    // supervisor 4; peers (3+4)/2 = 3.5; subordinates 2 → 0.4×4 + 0.3×3.5 + 0.3×2 = 3.25 → 3
    const result = combineRaters(
      [
        { group: 'SUPERVISOR', level: 4 },
        { group: 'PEER', level: 3 },
        { group: 'PEER', level: 4 },
        { group: 'SUBORDINATE', level: 2 },
        { group: 'SELF', level: 5 },
      ],
      weights,
    );
    expect(result.level).toBe(3);
    expect(result.groupMeans).toEqual({ SUPERVISOR: 4, PEER: 3.5, SUBORDINATE: 2, SELF: 5 });
  });

  it('rounds 3.5 up to 4', () => {
    // supervisor 4, peers 3 (subordinates absent → 40/30 renormalised): (160 + 90) / 70 = 3.571 → 4
    expect(
      combineRaters(
        [
          { group: 'SUPERVISOR', level: 4 },
          { group: 'PEER', level: 3 },
        ],
        weights,
      ).level,
    ).toBe(4);
    // supervisor 4, peer 3, subordinate 3.5 mean → 1.6 + 0.9 + 1.05 = 3.55 → 4; exactly 3.5: supervisor 5, peer 2, subordinate 3 → 2 + 0.6 + 0.9 = 3.5 → 4
    expect(
      combineRaters(
        [
          { group: 'SUPERVISOR', level: 5 },
          { group: 'PEER', level: 2 },
          { group: 'SUBORDINATE', level: 3 },
        ],
        weights,
      ).level,
    ).toBe(4);
  });

  it('never counts self-ratings with the default weights', () => {
    expect(combineRaters([{ group: 'SELF', level: 5 }], weights).level).toBeNull();
  });
});
