import { InvalidInputError, RuleViolationError } from '@kompeten/shared/kernel';

/**
 * A training need an employee states (or an admin states on their behalf):
 * a competency of the dictionary, or free text, with a priority and why.
 *
 *   OPEN → PLANNED    a program developing the competency is in their plan, or they enrolled in one;
 *   OPEN | PLANNED → ADDRESSED   they completed a program developing it;
 *   OPEN | PLANNED → DECLINED    an admin declined it, with a reason.
 * ADDRESSED and DECLINED are final. Development's events drive the first two;
 * a need stated in free text only is moved by an admin's decision alone.
 */
export const NEED_STATUSES = ['OPEN', 'PLANNED', 'ADDRESSED', 'DECLINED'] as const;
export type NeedStatus = (typeof NEED_STATUSES)[number];

/** Free text is stored as given (never interpreted as HTML) and limited in length. */
export const NEED_TEXT_MAX = 2000;
export const NEED_REASON_MAX = 2000;
export const DECLINE_REASON_MAX = 2000;

/** What Development told: a matching program was planned or enrolled in, or completed. */
export type DevelopmentFact = 'PLANNED' | 'COMPLETED';

const NEXT: Record<NeedStatus, readonly NeedStatus[]> = {
  OPEN: ['PLANNED', 'ADDRESSED', 'DECLINED'],
  PLANNED: ['ADDRESSED', 'DECLINED'],
  ADDRESSED: [],
  DECLINED: [],
};

export function canMove(from: NeedStatus, to: NeedStatus): boolean {
  return NEXT[from].includes(to);
}

/** The status a development fact moves a need to; the same status when it changes nothing (e.g. a late plan for an addressed need). */
export function afterDevelopment(current: NeedStatus, fact: DevelopmentFact): NeedStatus {
  const target: NeedStatus = fact === 'COMPLETED' ? 'ADDRESSED' : 'PLANNED';
  return canMove(current, target) ? target : current;
}

/** The statuses a fact may move from (for the set-based update). */
export function movableBy(fact: DevelopmentFact): NeedStatus[] {
  const target: NeedStatus = fact === 'COMPLETED' ? 'ADDRESSED' : 'PLANNED';
  return NEED_STATUSES.filter((s) => canMove(s, target));
}

export function assertDeclinable(current: NeedStatus, reason: string): void {
  if (!reason.trim()) throw InvalidInputError.field('reason', 'a declined need says why');
  if (!canMove(current, 'DECLINED')) throw new RuleViolationError(`A need that is ${current} cannot be declined`);
}

/** A need names a competency, or says in free text what is needed (or both). */
export function assertStatable(input: { competencyCode?: string | null; text?: string | null }): void {
  if (!input.competencyCode && !input.text?.trim()) {
    throw InvalidInputError.field('competencyCode', 'a need names a competency of the dictionary or says what is needed in text');
  }
}
