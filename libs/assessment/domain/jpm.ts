import { AssessmentPurpose, CategorySet, CompetencyType, JpmTypeWeights } from './assessment-policy';

export interface JpmItem {
  type: CompetencyType;
  requiredLevel: number;
  achievedLevel: number;
}

/**
 * Job Person Match, in hundredths of a percent (an integer), so that rounding
 * and the category thresholds are exact: Σ achieved ÷ Σ required × 100,
 * rounded half up to two decimals. With type weights, each part is its own
 * ratio and the parts are combined by weight (a part with no competencies
 * gives its weight to the other).
 */
export function jpmHundredths(items: JpmItem[], options: { weights?: JpmTypeWeights | null; capAtRequired?: boolean } = {}): number {
  const achievedOf = (i: JpmItem) => (options.capAtRequired ? Math.min(i.achievedLevel, i.requiredLevel) : i.achievedLevel);
  const sum = (list: JpmItem[], f: (i: JpmItem) => number) => list.reduce((s, i) => s + f(i), 0);
  if (items.length === 0) return 0;
  if (!options.weights) {
    const required = sum(items, (i) => i.requiredLevel);
    return required === 0 ? 0 : roundHalfUp((sum(items, achievedOf) * 10000) / required);
  }
  const technical = items.filter((i) => i.type === 'TECHNICAL');
  const others = items.filter((i) => i.type !== 'TECHNICAL');
  if (technical.length === 0 || others.length === 0) return jpmHundredths(items, { capAtRequired: options.capAtRequired });
  const { technical: wt, managerialSociocultural: wm } = options.weights;
  const ratio = (list: JpmItem[]) => sum(list, achievedOf) / sum(list, (i) => i.requiredLevel);
  return roundHalfUp(((wt * ratio(technical) + wm * ratio(others)) / (wt + wm)) * 10000);
}

/** Half up, tolerant of the binary error of a product like 92.5925925…×100. */
function roundHalfUp(value: number): number {
  return Math.floor(value + 0.5 + 1e-9);
}

/** JPM as the API shows it: a number with two decimals. */
export function jpmPercent(items: JpmItem[], options: { weights?: JpmTypeWeights | null; capAtRequired?: boolean } = {}): number {
  return jpmHundredths(items, options) / 100;
}

/** The category of a JPM (in hundredths) in a category set; bounds are inclusive. */
export function categoryOf(jpmInHundredths: number, set: CategorySet): string {
  for (const band of set.bands) if (jpmInHundredths >= Math.round(band.atLeast * 100)) return band.label;
  return set.below;
}

export function categoryFor(jpmInHundredths: number, purpose: AssessmentPurpose, sets: Record<AssessmentPurpose, CategorySet>): string {
  return categoryOf(jpmInHundredths, sets[purpose]);
}

/** Gap = achieved − required; negative is a development need. */
export function gap(achievedLevel: number | null, requiredLevel: number): number | null {
  return achievedLevel === null ? null : achievedLevel - requiredLevel;
}
