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
 * Score of a candidate (points, two decimals); an employee's items are ranked
 * by it, descending:
 *   gap       GAP_PLACE (200) × the number of the employee's gaps that come
 *             after this one (gaps from the largest, equal gaps by competency
 *             code): the last gap adds 0. It exceeds every other term
 *             together (from −8 to 165), so every program of a gap scores
 *             above every program of the gaps after it, and within a gap it
 *             is the same for all: the order there is the other terms';
 *   fit       REACHES_REQUIRED (100) when the target reaches the required level,
 *             + PER_LEVEL_BELOW_MAX (10) × (5 − target level): within a reach,
 *             the lower target first (the nearer step);
 *   signals   SESSION_SOON (5) when a session has a free seat, starts within
 *             SESSION_WINDOW_DAYS (90) and still takes enrolments;
 *             + JP_SHORTFALL (up to 4) × min(program's credit JP, the
 *             employee's JP shortfall this year) ÷ required JP a year;
 *   feedback  (the Feedback context's signals, as Development last heard them)
 *             + STATED_NEED (8) × the priority's share (HIGH 1, MEDIUM 0.75,
 *             LOW 0.5) when the employee has a live stated need for the
 *             competency (TrainingNeedSubmitted, until TrainingNeedClosed):
 *             the employee's own voice lifts every program of that gap;
 *             + EVALUATION (4) × (mean rating − 3) ÷ 2, from −4 to +4, once
 *             the program has MIN_EVALUATIONS (3) evaluations;
 *             + EFFECTIVENESS (4) × the participants' mean level change,
 *             capped to −1…+1, once it rests on enough participants to be
 *             meaningful (Feedback's minimum, default 5).
 *             Without feedback data these terms are 0 and the scores are the
 *             rule's alone.
 * Signals and feedback may outweigh one target-level step (10) within a reach
 * (a well-evaluated, effective program may pass one a level nearer), never the
 * reach itself (REACHES_REQUIRED exceeds every other term together). Without
 * feedback the session and JP signals stay below one fit step, so the order
 * within a gap is the rule's: reaching the required level first, then the
 * lower target level; signals only order programs tied on both (a session
 * soon, more of the shortfall covered), and then the program code (bytewise).
 * Each term that applies is explained (domain/recommendation-explanations.ts).
 * At most MAX_PER_GAP (3) programs per gap; gaps from the largest (then by
 * competency code); at most MAX_ITEMS (10) items per employee, ranked 1…n in
 * score order.
 */
export const RECOMMENDATION_SCORING = {
  /** Per gap after this one in the employee's order: above every other term together (from −8 to 165), so gaps never mix. */
  GAP_PLACE: 200,
  REACHES_REQUIRED: 100,
  PER_LEVEL_BELOW_MAX: 10,
  SESSION_SOON: 5,
  JP_SHORTFALL: 4,
  /** A live stated need for the competency, at HIGH priority; MEDIUM and LOW take their share (STATED_NEED_SHARE). */
  STATED_NEED: 8,
  STATED_NEED_SHARE: { HIGH: 1, MEDIUM: 0.75, LOW: 0.5 },
  /** Per rating point above (below) the middle of the scale, halved: ±4 at a mean of 5 (1). */
  EVALUATION: 4,
  MIN_EVALUATIONS: 3,
  /** Per level of mean change, capped at one level either way; only when meaningful. */
  EFFECTIVENESS: 4,
  SESSION_WINDOW_DAYS: 90,
  MAX_PER_GAP: 3,
  MAX_ITEMS: 10,
} as const;

export type RecommendationScoring = typeof RECOMMENDATION_SCORING;

/** The reference a plan item added from a recommendation carries: one per (program, competency), so accepting twice adds one item. */
export function recommendationRef(programId: string, competencyCode: string): string {
  return `recommendation:${programId}:${competencyCode}`;
}
