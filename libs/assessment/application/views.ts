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
    type: string;
    requiredLevel: number;
    achievedLevel: number | null;
    gap: number | null;
    assessedAt: string | null;
    validUntil: string | null;
    selfAssessedLevel: number | null;
  }[];
}
