import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '@kompeten/shared/kernel';

/**
 * A training evaluation: only the employee who completed an enrolment
 * evaluates it, once: overall rating 1–5, relevance to their work 1–5,
 * whether they would recommend it, and a comment (stored as given, limited).
 */
export const COMMENT_MAX = 2000;
export const SCALE = { min: 1, max: 5 } as const;

export interface EvaluationInput {
  rating: number;
  relevance: number;
  wouldRecommend: boolean;
  comment?: string | null;
}

export interface EvaluatedEnrolment {
  id: string;
  employeeId: string;
  status: string;
}

export function assertOnScale(input: EvaluationInput): void {
  for (const field of ['rating', 'relevance'] as const) {
    const value = input[field];
    if (!Number.isInteger(value) || value < SCALE.min || value > SCALE.max) {
      throw InvalidInputError.field(field, `must be a whole number from ${SCALE.min} to ${SCALE.max}`);
    }
  }
  if ((input.comment ?? '').length > COMMENT_MAX) throw InvalidInputError.field('comment', `must be at most ${COMMENT_MAX} characters`);
}

/**
 * Who may evaluate: the employee whose enrolment it is (someone else's is not
 * found: 404), once it is COMPLETED (422 before), and once (409 after).
 */
export function assertMayEvaluate(
  enrolment: EvaluatedEnrolment | null,
  employeeId: string | null,
  enrolmentKey: string,
  alreadyEvaluated: boolean,
): void {
  if (!enrolment || !employeeId || enrolment.employeeId !== employeeId) throw new NotFoundError('Enrolment', enrolmentKey);
  if (enrolment.status !== 'COMPLETED') throw new RuleViolationError('Only a completed training can be evaluated');
  if (alreadyEvaluated) throw new ConflictError('This training has already been evaluated');
}
