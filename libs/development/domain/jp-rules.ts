import { FieldError, InvalidInputError } from '@kompeten/shared/kernel';
import { DeliveryMode } from '../contracts/events';

/**
 * JP credit (RULES.md, Development): a training counts at its own JP, an
 * international one at +20 %; a seminar day counts 4 JP (6 international), a
 * workshop day 5 JP (7 international). Configuration (JP_RULES) with these defaults.
 */
export interface JpRules {
  internationalBonusPercent: number;
  seminarDayJp: number;
  seminarDayJpInternational: number;
  workshopDayJp: number;
  workshopDayJpInternational: number;
}

export const DEFAULT_JP_RULES: JpRules = {
  internationalBonusPercent: 20,
  seminarDayJp: 4,
  seminarDayJpInternational: 6,
  workshopDayJp: 5,
  workshopDayJpInternational: 7,
};

/** Delivery modes whose length may be given in days instead of JP. */
export const DAY_BASED_MODES: readonly DeliveryMode[] = ['SEMINAR', 'WORKSHOP'];

/** What JP credit is computed from: the JP given, or (seminars and workshops) the days. */
export interface JpBasis {
  deliveryMode: DeliveryMode;
  international: boolean;
  jp: number | null;
  days: number | null;
}

/** JP are kept to two decimals (an international 16 JP course credits 19.2). */
export function roundJp(value: number): number {
  return Math.round((value + Number.EPSILON) * 100) / 100;
}

/** The field errors of a basis: exactly one of jp and days, days only for seminars and workshops. */
export function jpBasisErrors(basis: Pick<JpBasis, 'deliveryMode' | 'jp' | 'days'>, prefix = ''): FieldError[] {
  const f = (name: string) => (prefix ? `${prefix}.${name}` : name);
  const errors: FieldError[] = [];
  const hasJp = basis.jp !== null && basis.jp !== undefined;
  const hasDays = basis.days !== null && basis.days !== undefined;
  if (hasJp && hasDays) errors.push({ field: f('days'), message: 'give either jp or days, not both' });
  if (!hasJp && !hasDays)
    errors.push({ field: f('jp'), message: DAY_BASED_MODES.includes(basis.deliveryMode) ? 'jp or days is required' : 'is required' });
  if (hasDays && !DAY_BASED_MODES.includes(basis.deliveryMode))
    errors.push({ field: f('days'), message: 'applies only to SEMINAR and WORKSHOP (others give jp)' });
  if (hasJp && !(basis.jp! > 0)) errors.push({ field: f('jp'), message: 'must be more than 0' });
  if (hasDays && !(basis.days! > 0)) errors.push({ field: f('days'), message: 'must be more than 0' });
  return errors;
}

export function assertJpBasis(basis: Pick<JpBasis, 'deliveryMode' | 'jp' | 'days'>): void {
  const errors = jpBasisErrors(basis);
  if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** The JP one completion credits, by the rules. */
export function creditJp(basis: JpBasis, rules: JpRules = DEFAULT_JP_RULES): number {
  assertJpBasis(basis);
  if (basis.days !== null) {
    const perDay =
      basis.deliveryMode === 'SEMINAR'
        ? basis.international
          ? rules.seminarDayJpInternational
          : rules.seminarDayJp
        : basis.international
          ? rules.workshopDayJpInternational
          : rules.workshopDayJp;
    return roundJp(basis.days * perDay);
  }
  const factor = basis.international ? 1 + rules.internationalBonusPercent / 100 : 1;
  return roundJp(basis.jp! * factor);
}

/**
 * Reads JP_RULES (JSON overriding some of the defaults). Answers the problems
 * found, so the configuration check can name them.
 */
export function parseJpRules(raw: string | undefined): { rules: JpRules; problems: string[] } {
  if (!raw) return { rules: { ...DEFAULT_JP_RULES }, problems: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return { rules: { ...DEFAULT_JP_RULES }, problems: ['must be JSON'] };
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed))
    return { rules: { ...DEFAULT_JP_RULES }, problems: ['must be a JSON object'] };
  const problems: string[] = [];
  const rules = { ...DEFAULT_JP_RULES };
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (!(key in DEFAULT_JP_RULES)) {
      problems.push(`unknown rule ${key} (known: ${Object.keys(DEFAULT_JP_RULES).join(', ')})`);
      continue;
    }
    const max = key === 'internationalBonusPercent' ? 1000 : 24;
    if (typeof value !== 'number' || !Number.isFinite(value) || value < 0 || value > max) {
      problems.push(`${key} must be a number from 0 to ${max}`);
      continue;
    }
    rules[key as keyof JpRules] = value;
  }
  return { rules, problems };
}

/** The duty of RULES.md: at least `requiredJp` a year (PP 11/2017 Pasal 203). */
export interface JpStanding {
  jp: number;
  requiredJp: number;
  compliant: boolean;
  shortfallJp: number;
}

export function jpStanding(jp: number, requiredJp: number): JpStanding {
  const total = roundJp(jp);
  return { jp: total, requiredJp, compliant: total >= requiredJp, shortfallJp: roundJp(Math.max(0, requiredJp - total)) };
}
