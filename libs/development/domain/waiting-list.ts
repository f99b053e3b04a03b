/**
 * The waiting list of a full session. Whoever needs the training most comes
 * first: the largest competency gap in the program's competencies (from the
 * employee's latest competency profile; 0 when none is known), then the largest
 * JP shortfall this year, then whoever asked first.
 */
export interface WaitlistCandidate {
  enrolmentId: string;
  employeeId: string;
  /** Σ of the levels missing in the program's competencies (see gapSize); 0 when unknown. */
  gap: number;
  /** JP still missing this year (required − credited, never below 0). */
  jpShortfall: number;
  waitlistedAt: Date;
}

export interface ProfileGapEntry {
  competencyCode: string;
  /** achieved − required; negative is a development need; null when not assessed. */
  gap: number | null;
}

/**
 * The size of an employee's gap in a program's competencies: the levels missing
 * (−gap where negative), summed over the competencies the program develops.
 */
export function gapSize(profile: readonly ProfileGapEntry[], programCompetencyCodes: readonly string[]): number {
  const codes = new Set(programCompetencyCodes);
  return profile.reduce(
    (sum, entry) => (codes.has(entry.competencyCode) && entry.gap !== null && entry.gap < 0 ? sum - entry.gap : sum),
    0,
  );
}

export function compareCandidates(a: WaitlistCandidate, b: WaitlistCandidate): number {
  if (a.gap !== b.gap) return b.gap - a.gap;
  if (a.jpShortfall !== b.jpShortfall) return b.jpShortfall - a.jpShortfall;
  const t = a.waitlistedAt.getTime() - b.waitlistedAt.getTime();
  if (t !== 0) return t;
  return a.enrolmentId < b.enrolmentId ? -1 : a.enrolmentId > b.enrolmentId ? 1 : 0;
}

/** The waiting list in order, head first. */
export function rankWaitingList<T extends WaitlistCandidate>(candidates: readonly T[]): T[] {
  return [...candidates].sort(compareCandidates);
}

/** Who takes the seats that came free: the first `freeSeats` of the ranked list. */
export function nextInLine<T extends WaitlistCandidate>(candidates: readonly T[], freeSeats: number): T[] {
  return freeSeats > 0 ? rankWaitingList(candidates).slice(0, freeSeats) : [];
}
