/** Integration events the Feedback context publishes (the first two are named in the API catalogue). */
export const FEEDBACK_EVENTS = {
  TrainingNeedSubmitted: 'TrainingNeedSubmitted',
  TrainingEvaluated: 'TrainingEvaluated',
  TrainingNeedClosed: 'TrainingNeedClosed',
} as const;

export const NEED_PRIORITIES = ['LOW', 'MEDIUM', 'HIGH'] as const;
export type NeedPriority = (typeof NEED_PRIORITIES)[number];

/** An employee (or an admin on their behalf) stated a training need: a competency of the dictionary, or free text only. */
export interface TrainingNeedSubmittedPayload {
  needId: string;
  employeeId: string;
  agencyId: string;
  /** null for a need stated in free text only. */
  competencyCode: string | null;
  priority: NeedPriority;
  submittedAt: string;
}

/** An employee evaluated a training they completed (once per enrolment). */
export interface TrainingEvaluatedPayload {
  evaluationId: string;
  enrolmentId: string;
  employeeId: string;
  agencyId: string;
  programId: string;
  /** 1–5. */
  rating: number;
  /** 1–5: relevance to the employee's work. */
  relevance: number;
  wouldRecommend: boolean;
  evaluatedAt: string;
}

/** A need stopped being open: ADDRESSED (a matching program completed) or DECLINED (by an admin, with a reason). */
export interface TrainingNeedClosedPayload {
  needId: string;
  employeeId: string;
  agencyId: string;
  competencyCode: string | null;
  status: 'ADDRESSED' | 'DECLINED';
  closedAt: string;
}
