/**
 * How recommendations are chosen and ranked (Development, RULES.md "Employees'
 * own voice"). Pure data: the SQL of infrastructure/recommendation-engine.ts
 * applies it set-based, with these numbers as parameters.
 *
 * Candidates: for each competency with a negative gap (achieved − required < 0)
 * in the employee's latest profile, the active programs open to the employee
 * (national, or their agency's) that develop it to a target level above the
 * achieved one, except programs the employee completed or holds a live
 * enrolment in (ENROLLED or WAITLISTED).
 *
 * Score of a candidate (points, two decimals):
 *   fit       REACHES_REQUIRED (100) when the target reaches the required level,
 *             + PER_LEVEL_BELOW_MAX (10) × (5 − target level): within a reach,
 *             the lower target first (the nearer step);
 *   signals   SESSION_SOON (5) when a session has a free seat, starts within
 *             SESSION_WINDOW_DAYS (90) and still takes enrolments;
 *             + JP_SHORTFALL (up to 4) × min(program's credit JP, the
 *             employee's JP shortfall this year) ÷ required JP a year;
 *   feedback  reserved for the Feedback context: STATED_NEED (stated training
 *             needs for the competency) and EVALUATION (the program's mean
 *             evaluation); 0 until those signals exist.
 * The signals together stay below one fit step (10), so without feedback the
 * order within a gap is the rule's: reaching the required level first, then
 * the lower target level; signals only order programs tied on both (a session
 * soon, more of the shortfall covered), and then the program code (bytewise).
 * At most MAX_PER_GAP (3) programs per gap; gaps from the largest (then by
 * competency code); at most MAX_ITEMS (10) items per employee, ranked 1…n.
 */
export const RECOMMENDATION_SCORING = {
  REACHES_REQUIRED: 100,
  PER_LEVEL_BELOW_MAX: 10,
  SESSION_SOON: 5,
  JP_SHORTFALL: 4,
  /** Reserved for the Feedback context (stated needs, evaluation scores); 0 until it publishes them. */
  STATED_NEED: 0,
  EVALUATION: 0,
  SESSION_WINDOW_DAYS: 90,
  MAX_PER_GAP: 3,
  MAX_ITEMS: 10,
} as const;

export type RecommendationScoring = typeof RECOMMENDATION_SCORING;

/** The reference a plan item added from a recommendation carries: one per (program, competency), so accepting twice adds one item. */
export function recommendationRef(programId: string, competencyCode: string): string {
  return `recommendation:${programId}:${competencyCode}`;
}
