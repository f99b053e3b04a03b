import type { ImportReport } from '@kompeten/shared/infrastructure/csv';
import { CompetencyType } from '../contracts/types';
import { ProficiencyLevel } from '../domain/competency';

/** Read shapes of the Competency Standards context, as the API answers them. */
export interface CompetencyView {
  id: string;
  code: string;
  name: string;
  type: CompetencyType;
  definition: string;
  version: number;
  agencyId: string | null;
  levels: ProficiencyLevel[];
  /** True while the texts are the seeded summary, to be replaced by the official text through import. */
  summary: boolean;
  publishedAt: Date;
  /** The competency's latest version (equal to `version` unless an earlier one was asked for). */
  currentVersion: number;
}

export interface StandardItemView {
  competencyCode: string;
  competencyVersion: number;
  requiredLevel: number;
  competencyType: CompetencyType;
  competencyName: string;
}

export interface StandardView {
  positionId: string;
  /** 0 for a draft: no standard has been published for the position yet. */
  version: number;
  publishedAt: Date | null;
  items: StandardItemView[];
  status: 'PUBLISHED' | 'DRAFT';
  positionCode: string;
  agencyId: string;
}

export interface CompetencyImportReport extends ImportReport {
  /** Competencies the file created (version 1). */
  created: number;
  /** Existing competencies whose content changed: each got a new version. */
  updated: number;
  /** Competencies whose rows equal their current version. */
  unchanged: number;
  /** The versions this import published. */
  published: { code: string; version: number }[];
}

export interface StandardImportReport extends ImportReport {
  /** Positions that got their first standard. */
  created: number;
  /** Positions whose standard changed: each got a new version. */
  updated: number;
  /** Positions whose rows equal their current standard. */
  unchanged: number;
  /** The standard versions this import published. */
  published: { positionId: string; positionCode: string; version: number }[];
  /**
   * The recompute of the holders' profiles, gaps, recommendations and reports that follows, at GET /admin/jobs/{jobId}
   * until it is current; null when nothing was published.
   */
  jobId: string | null;
}
