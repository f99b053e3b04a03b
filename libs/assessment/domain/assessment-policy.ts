/**
 * The rules of Perban BKN 26/2019 and Permenpan RB 38/2017 that vary by agency
 * are configuration; these are the national defaults (RULES.md, Assessment).
 */
export const PURPOSES = ['MAPPING', 'COMPETENCY_TEST', 'PROMOTION'] as const;
export type AssessmentPurpose = (typeof PURPOSES)[number];

export const METHODS = [
  'ASSESSMENT_CENTER',
  'CAT',
  'INTERVIEW',
  'SIMULATION',
  'PSYCHOLOGICAL_TEST',
  'PORTFOLIO',
  'MULTI_RATER_360',
  'SELF',
] as const;
export type AssessmentMethod = (typeof METHODS)[number];

export const RATER_GROUPS = ['SELF', 'SUPERVISOR', 'PEER', 'SUBORDINATE'] as const;
export type RaterGroup = (typeof RATER_GROUPS)[number];

export type CompetencyType = 'TECHNICAL' | 'MANAGERIAL' | 'SOCIOCULTURAL';

/** A category set: labels from the highest band down, each with its lower bound in percent (the last has none). */
export interface CategorySet {
  bands: { label: string; atLeast: number }[];
  below: string;
}

export const MAPPING_CATEGORIES: CategorySet = {
  bands: [
    { label: 'OPTIMAL', atLeast: 90 },
    { label: 'CUKUP_OPTIMAL', atLeast: 78 },
  ],
  below: 'KURANG_OPTIMAL',
};

export const COMPETENCY_TEST_CATEGORIES: CategorySet = {
  bands: [
    { label: 'MEMENUHI_SYARAT', atLeast: 80 },
    { label: 'MASIH_MEMENUHI_SYARAT', atLeast: 68 },
  ],
  below: 'KURANG_MEMENUHI_SYARAT',
};

/** Weights of technical vs managerial+sociocultural competencies in the JPM, e.g. 40/60 for Ahli Madya. */
export interface JpmTypeWeights {
  technical: number;
  managerialSociocultural: number;
}

export interface AssessmentPolicy {
  /** Category set per purpose; a promotion is judged as a competency test. */
  categories: Record<AssessmentPurpose, CategorySet>;
  /** Optional weights by position kind or `FUNGSIONAL:<grade>`; none by default. */
  typeWeights: Record<string, JpmTypeWeights>;
  /** Cap each achieved level at the required one (agency policy; default no cap). */
  capAchievedAtRequired: boolean;
  /** How long a result counts (Perban BKN 26/2019 Pasal 29 (4)). */
  validityYears: number;
  /** A profile is `reassessmentDue` when a result expires within this many days, or none is valid. */
  reassessmentNoticeDays: number;
  /** 360: the weight of each rater group in the combined level; groups absent are left out and the rest renormalised. */
  raterWeights: Record<RaterGroup, number>;
}

export const DEFAULT_ASSESSMENT_POLICY: AssessmentPolicy = {
  categories: { MAPPING: MAPPING_CATEGORIES, COMPETENCY_TEST: COMPETENCY_TEST_CATEGORIES, PROMOTION: COMPETENCY_TEST_CATEGORIES },
  typeWeights: {},
  capAchievedAtRequired: false,
  validityYears: 3,
  reassessmentNoticeDays: 90,
  raterWeights: { SUPERVISOR: 40, PEER: 30, SUBORDINATE: 30, SELF: 0 },
};
