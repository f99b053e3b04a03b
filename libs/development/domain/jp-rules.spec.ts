import { InvalidInputError } from '@kompeten/shared/kernel';
import { jpYearOf, yearOfDate } from './calendar';
import { creditJp, DEFAULT_JP_RULES, JpBasis, jpBasisErrors, jpStanding, parseJpRules } from './jp-rules';

const basis = (b: Partial<JpBasis>): JpBasis => ({ deliveryMode: 'CLASSROOM', international: false, jp: null, days: null, ...b });

describe('JP credit rules (RULES.md, Development)', () => {
  it('a training counts at its own JP', () => {
    expect(creditJp(basis({ jp: 24 }))).toBe(24);
    expect(creditJp(basis({ deliveryMode: 'E_LEARNING', jp: 7.5 }))).toBe(7.5);
  });

  it('an international training counts +20 %, to two decimals', () => {
    expect(creditJp(basis({ jp: 20, international: true }))).toBe(24);
    expect(creditJp(basis({ jp: 16, international: true }))).toBe(19.2);
    expect(creditJp(basis({ jp: 0.35, international: true }))).toBe(0.42);
  });

  it.each([
    ['SEMINAR', false, 1, 4],
    ['SEMINAR', true, 1, 6],
    ['SEMINAR', false, 3, 12],
    ['SEMINAR', true, 2.5, 15],
    ['WORKSHOP', false, 1, 5],
    ['WORKSHOP', true, 1, 7],
    ['WORKSHOP', false, 4, 20],
    ['WORKSHOP', true, 0.5, 3.5],
  ] as const)('a %s day, international %s: %d days credit %d JP', (mode, international, days, jp) => {
    expect(creditJp(basis({ deliveryMode: mode, international, days }))).toBe(jp);
  });

  it('a seminar given in JP counts at its own JP (+20 % international), like any training', () => {
    expect(creditJp(basis({ deliveryMode: 'SEMINAR', jp: 3 }))).toBe(3);
    expect(creditJp(basis({ deliveryMode: 'WORKSHOP', jp: 10, international: true }))).toBe(12);
  });

  it('the rules are configuration', () => {
    const rules = { ...DEFAULT_JP_RULES, internationalBonusPercent: 50, seminarDayJp: 3, workshopDayJpInternational: 8 };
    expect(creditJp(basis({ jp: 10, international: true }), rules)).toBe(15);
    expect(creditJp(basis({ deliveryMode: 'SEMINAR', days: 2 }), rules)).toBe(6);
    expect(creditJp(basis({ deliveryMode: 'WORKSHOP', days: 2, international: true }), rules)).toBe(16);
  });

  it('needs exactly one of jp and days, and days only for seminars and workshops', () => {
    expect(jpBasisErrors(basis({}))).toEqual([{ field: 'jp', message: 'is required' }]);
    expect(jpBasisErrors(basis({ deliveryMode: 'SEMINAR' }))).toEqual([{ field: 'jp', message: 'jp or days is required' }]);
    expect(jpBasisErrors(basis({ deliveryMode: 'SEMINAR', jp: 4, days: 1 })).map((e) => e.field)).toEqual(['days']);
    expect(jpBasisErrors(basis({ deliveryMode: 'CLASSROOM', days: 2 })).map((e) => e.field)).toEqual(['days']);
    expect(jpBasisErrors(basis({ jp: 0 })).map((e) => e.field)).toEqual(['jp']);
    expect(() => creditJp(basis({ deliveryMode: 'COACHING', days: 1 }))).toThrow(InvalidInputError);
  });

  it('reads JP_RULES: defaults when absent, overrides by name, problems named', () => {
    expect(parseJpRules(undefined)).toEqual({ rules: DEFAULT_JP_RULES, problems: [] });
    expect(parseJpRules('{"seminarDayJp":3}').rules).toEqual({ ...DEFAULT_JP_RULES, seminarDayJp: 3 });
    expect(parseJpRules('not json').problems).toEqual(['must be JSON']);
    expect(parseJpRules('[1]').problems).toEqual(['must be a JSON object']);
    expect(parseJpRules('{"seminarDays":3}').problems[0]).toMatch(/unknown rule seminarDays/);
    expect(parseJpRules('{"workshopDayJp":-1}').problems[0]).toMatch(/workshopDayJp must be a number/);
    expect(parseJpRules('{"workshopDayJp":"5"}').problems[0]).toMatch(/workshopDayJp must be a number/);
  });

  it('compliance: at least the required JP in the year', () => {
    expect(jpStanding(0, 20)).toEqual({ jp: 0, requiredJp: 20, compliant: false, shortfallJp: 20 });
    expect(jpStanding(19.99, 20)).toEqual({ jp: 19.99, requiredJp: 20, compliant: false, shortfallJp: 0.01 });
    expect(jpStanding(20, 20)).toEqual({ jp: 20, requiredJp: 20, compliant: true, shortfallJp: 0 });
    expect(jpStanding(24.5, 20)).toMatchObject({ compliant: true, shortfallJp: 0 });
  });

  it('the JP year is the calendar year in WIB (UTC+7); a record’s is the year of its end date', () => {
    expect(jpYearOf(new Date('2025-12-31T16:59:59Z'))).toBe(2025);
    expect(jpYearOf(new Date('2025-12-31T17:00:00Z'))).toBe(2026);
    expect(yearOfDate('2024-12-31')).toBe(2024);
  });
});
