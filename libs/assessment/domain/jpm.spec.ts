import { COMPETENCY_TEST_CATEGORIES, DEFAULT_ASSESSMENT_POLICY, MAPPING_CATEGORIES } from './assessment-policy';
import { categoryFor, categoryOf, gap, JpmItem, jpmHundredths, jpmPercent } from './jpm';

const nine = (achieved: number[], required = 3): JpmItem[] =>
  achieved.map((a, i) => ({ type: i < 8 ? 'MANAGERIAL' : 'SOCIOCULTURAL', requiredLevel: required, achievedLevel: a }));

describe('JPM and categories (RULES.md, Assessment)', () => {
  it('Σ 25 of 27 → 92.59 → mapping OPTIMAL', () => {
    const items = nine([3, 3, 3, 3, 3, 3, 2, 2, 3]);
    expect(jpmPercent(items)).toBe(92.59);
    expect(categoryOf(jpmHundredths(items), MAPPING_CATEGORIES)).toBe('OPTIMAL');
  });

  it('Σ 22 of 27 → 81.48 → mapping CUKUP_OPTIMAL, competency test MEMENUHI_SYARAT', () => {
    const items = nine([3, 2, 2, 3, 2, 3, 2, 3, 2]);
    expect(jpmPercent(items)).toBe(81.48);
    expect(categoryOf(jpmHundredths(items), MAPPING_CATEGORIES)).toBe('CUKUP_OPTIMAL');
    expect(categoryOf(jpmHundredths(items), COMPETENCY_TEST_CATEGORIES)).toBe('MEMENUHI_SYARAT');
  });

  it('Σ 19 of 27 → 70.37 → mapping KURANG_OPTIMAL, competency test MASIH_MEMENUHI_SYARAT', () => {
    const items = nine([2, 2, 2, 2, 2, 2, 2, 2, 3]);
    expect(jpmPercent(items)).toBe(70.37);
    expect(categoryOf(jpmHundredths(items), MAPPING_CATEGORIES)).toBe('KURANG_OPTIMAL');
    expect(categoryOf(jpmHundredths(items), COMPETENCY_TEST_CATEGORIES)).toBe('MASIH_MEMENUHI_SYARAT');
  });

  it.each([
    [9000, 'OPTIMAL'],
    [8999, 'CUKUP_OPTIMAL'],
    [7800, 'CUKUP_OPTIMAL'],
    [7799, 'KURANG_OPTIMAL'],
  ])('mapping threshold: %i hundredths → %s', (jpm, label) => {
    expect(categoryOf(jpm, MAPPING_CATEGORIES)).toBe(label);
  });

  it.each([
    [8000, 'MEMENUHI_SYARAT'],
    [7999, 'MASIH_MEMENUHI_SYARAT'],
    [6800, 'MASIH_MEMENUHI_SYARAT'],
    [6799, 'KURANG_MEMENUHI_SYARAT'],
  ])('competency-test threshold: %i hundredths → %s', (jpm, label) => {
    expect(categoryOf(jpm, COMPETENCY_TEST_CATEGORIES)).toBe(label);
  });

  it('puts a JPM computed exactly on a boundary in the upper band', () => {
    // 18 of 20 = 90.00 %; 39 of 50 = 78.00 %; 16 of 20 = 80.00 %; 17 of 25 = 68.00 %
    const of = (achieved: number, required: number): JpmItem[] => [
      { type: 'MANAGERIAL', requiredLevel: required, achievedLevel: achieved },
    ];
    expect(categoryOf(jpmHundredths(of(18, 20)), MAPPING_CATEGORIES)).toBe('OPTIMAL');
    expect(categoryOf(jpmHundredths(of(39, 50)), MAPPING_CATEGORIES)).toBe('CUKUP_OPTIMAL');
    expect(categoryOf(jpmHundredths(of(16, 20)), COMPETENCY_TEST_CATEGORIES)).toBe('MEMENUHI_SYARAT');
    expect(categoryOf(jpmHundredths(of(17, 25)), COMPETENCY_TEST_CATEGORIES)).toBe('MASIH_MEMENUHI_SYARAT');
  });

  it('judges a promotion by the competency-test set', () => {
    expect(categoryFor(8000, 'PROMOTION', DEFAULT_ASSESSMENT_POLICY.categories)).toBe('MEMENUHI_SYARAT');
    expect(categoryFor(8000, 'MAPPING', DEFAULT_ASSESSMENT_POLICY.categories)).toBe('CUKUP_OPTIMAL');
  });

  it('rounds half up to two decimals', () => {
    // 2 of 3 = 66.666… → 66.67; 1 of 8 = 12.5 → 12.50
    expect(jpmPercent([{ type: 'MANAGERIAL', requiredLevel: 3, achievedLevel: 2 }])).toBe(66.67);
    expect(jpmPercent([{ type: 'MANAGERIAL', requiredLevel: 8, achievedLevel: 1 }])).toBe(12.5);
    // 1 of 16 = 6.25 exactly; 1 of 32 = 3.125 → 3.13 (half up)
    expect(jpmPercent([{ type: 'MANAGERIAL', requiredLevel: 32, achievedLevel: 1 }])).toBe(3.13);
  });

  it('does not cap achieved levels unless the policy says so', () => {
    const items: JpmItem[] = [
      { type: 'MANAGERIAL', requiredLevel: 3, achievedLevel: 5 },
      { type: 'MANAGERIAL', requiredLevel: 3, achievedLevel: 2 },
    ];
    expect(jpmPercent(items)).toBe(116.67);
    expect(jpmPercent(items, { capAtRequired: true })).toBe(83.33);
  });

  it('weights technical against managerial+sociocultural when configured (e.g. Ahli Madya 40/60)', () => {
    const items: JpmItem[] = [
      { type: 'TECHNICAL', requiredLevel: 4, achievedLevel: 2 }, // 50 %
      { type: 'MANAGERIAL', requiredLevel: 3, achievedLevel: 3 }, // 100 %
    ];
    expect(jpmPercent(items, { weights: { technical: 40, managerialSociocultural: 60 } })).toBe(80);
    expect(jpmPercent(items)).toBe(71.43); // unweighted: 5 of 7
  });

  it('computes the gap as achieved − required', () => {
    expect(gap(2, 3)).toBe(-1);
    expect(gap(4, 3)).toBe(1);
    expect(gap(null, 3)).toBeNull();
  });
});
