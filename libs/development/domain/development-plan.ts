import { ConflictError, RuleViolationError } from '@kompeten/shared/kernel';

/** An item of an employee's individual development plan (IDP). */
export const PLAN_ITEM_STATUSES = ['PLANNED', 'IN_PROGRESS', 'DONE', 'DROPPED'] as const;
export type PlanItemStatus = (typeof PLAN_ITEM_STATUSES)[number];

/**
 * Where an item came from: added by hand, or (the recommendations worker, next)
 * accepted from a recommendation, whose reference keeps the acceptance idempotent.
 */
export const PLAN_ITEM_SOURCES = ['MANUAL', 'RECOMMENDATION'] as const;
export type PlanItemSource = (typeof PLAN_ITEM_SOURCES)[number];

const TRANSITIONS: Record<PlanItemStatus, readonly PlanItemStatus[]> = {
  PLANNED: ['IN_PROGRESS', 'DONE', 'DROPPED'],
  IN_PROGRESS: ['PLANNED', 'DONE', 'DROPPED'],
  DONE: [],
  DROPPED: ['PLANNED'],
};

export function assertPlanTransition(from: PlanItemStatus, to: PlanItemStatus): void {
  if (from === to) return;
  if (!TRANSITIONS[from].includes(to)) throw new RuleViolationError(`A ${from} plan item cannot become ${to}`);
}

export function assertPlanVersion(current: number, expected: number): void {
  if (current !== expected)
    throw new ConflictError(`The plan item has changed (version ${current}, you sent ${expected}); reload it and retry`);
}

/** A new item starts PLANNED or IN_PROGRESS; nothing is planned as already over. */
export function assertInitialStatus(status: PlanItemStatus): void {
  if (status !== 'PLANNED' && status !== 'IN_PROGRESS')
    throw new RuleViolationError(`A new plan item starts PLANNED or IN_PROGRESS, not ${status}`);
}
