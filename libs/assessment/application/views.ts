import { AssessmentState } from '../domain/assessment';

export interface AssessmentView {
  id: string;
  employeeId: string;
  agencyId: string;
  purpose: string;
  targetPositionId: string;
  standardVersion: number;
  standardItems: AssessmentState['standard']['items'];
  method: string;
  providerName: string;
  providerAccredited: boolean;
  official: boolean;
  assessorName: string | null;
  assessedAt: string;
  status: string;
  results: AssessmentState['results'];
  version: number;
  completedAt: string | null;
}

export interface CompetencyProfileView {
  employeeId: string;
  positionId: string;
  standardVersion: number;
  jpm: number | null;
  category: string | null;
  purpose: string | null;
  reassessmentDue: boolean;
  computedAt: string;
  items: {
    competencyCode: string;
    /** The competency's name in the pinned standard version (null only if the standard cannot be read). */
    competencyName?: string | null;
    type: string;
    requiredLevel: number;
    achievedLevel: number | null;
    gap: number | null;
    assessedAt: string | null;
    validUntil: string | null;
    selfAssessedLevel: number | null;
  }[];
}
