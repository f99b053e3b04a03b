import { RATER_GROUPS, RaterGroup } from './assessment-policy';

export interface RaterLevel {
  group: RaterGroup;
  level: number;
}

export interface CombinedRating {
  /** The combined level 1–5, or null when no weighted group rated. */
  level: number | null;
  /** Each group's mean, shown beside the combined level. */
  groupMeans: Partial<Record<RaterGroup, number>>;
}

/**
 * 360 feedback: the mean of each rater group, then their weighted mean over
 * the groups that rated (weights renormalised), rounded half up to a level.
 */
export function combineRaters(ratings: RaterLevel[], weights: Record<RaterGroup, number>): CombinedRating {
  const groupMeans: Partial<Record<RaterGroup, number>> = {};
  let weighted = 0;
  let weightSum = 0;
  for (const group of RATER_GROUPS) {
    const levels = ratings.filter((r) => r.group === group).map((r) => r.level);
    if (levels.length === 0) continue;
    const mean = levels.reduce((a, b) => a + b, 0) / levels.length;
    groupMeans[group] = Math.round(mean * 100) / 100;
    if (weights[group] > 0) {
      weighted += mean * weights[group];
      weightSum += weights[group];
    }
  }
  if (weightSum === 0) return { level: null, groupMeans };
  const level = Math.min(5, Math.max(1, Math.floor(weighted / weightSum + 0.5 + 1e-9)));
  return { level, groupMeans };
}
