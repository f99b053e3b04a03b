import type { NeedPriority } from '../contracts/events';
import type { NeedStatus } from '../domain/training-need';

export interface TrainingNeedView {
  id: string;
  employeeId: string;
  agencyId: string;
  competencyCode: string | null;
  text: string | null;
  priority: NeedPriority;
  reason: string | null;
  status: NeedStatus;
  submittedBy: 'SELF' | 'SUPERVISOR' | 'ADMIN';
  submittedAt: string;
  plannedAt: string | null;
  addressedAt: string | null;
  declinedAt: string | null;
  declineReason: string | null;
  version: number;
  /** The employee's name and NIP, in reads. */
  employeeName?: string | null;
  employeeNip?: string | null;
}

/** An evaluation as its author sees it. Others see it without enrolmentId and employeeId (evaluations are anonymous to all but their author). */
export interface EvaluationView {
  id: string;
  enrolmentId?: string;
  employeeId?: string;
  agencyId: string;
  programId: string;
  rating: number;
  relevance: number;
  wouldRecommend: boolean;
  comment: string | null;
  evaluatedAt: string;
}

export interface EvaluationSummaryView {
  programId: string;
  count: number;
  /** EVALUATION_MIN_RESPONSES: below it means, distributions and comments are withheld. */
  minimumResponses: number;
  /** Whether the figures below are withheld because fewer than minimumResponses answered. */
  withheld: boolean;
  meanRating: number | null;
  meanRelevance: number | null;
  /** Evaluations per rating 1–5 (keys "1"…"5"); null when withheld. */
  ratingDistribution: Record<string, number> | null;
  relevanceDistribution: Record<string, number> | null;
  /** Share (0–1, two decimals) of evaluations that would recommend it; null without evaluations. */
  wouldRecommendShare: number | null;
  effectiveness: {
    participants: number;
    meanLevelChange: number | null;
    competencies: { competencyCode: string; participants: number; meanLevelChange: number }[];
    meaningful: boolean;
    minimumParticipants: number;
  };
  /** Admins only (an agency admin: their agency's employees' comments); never with the author's identity. */
  comments?: { comment: string; rating: number; relevance: number; wouldRecommend: boolean }[];
}
