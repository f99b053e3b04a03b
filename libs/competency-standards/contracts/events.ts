import { CompetencyType } from './types';

/** Integration events the Competency Standards context publishes (names fixed by the API catalogue). */
export const COMPETENCY_STANDARDS_EVENTS = {
  CompetencyPublished: 'CompetencyPublished',
  PositionStandardPublished: 'PositionStandardPublished',
} as const;

/** A new, immutable version of a competency; earlier versions stay as they were. */
export interface CompetencyPublishedPayload {
  competencyId: string;
  code: string;
  name: string;
  type: CompetencyType;
  /** The owning agency of a technical competency; null for a national one. */
  agencyId: string | null;
  version: number;
  /** null when this is the first version. */
  previousVersion: number | null;
  /** The levels (1–5) this version defines. */
  definedLevels: number[];
  /** True while the texts are the seeded summary, not yet the official text. */
  summary: boolean;
  publishedAt: string;
}

export interface StandardItemPayload {
  competencyCode: string;
  competencyVersion: number;
  requiredLevel: number;
}

export interface StandardItemChangePayload {
  competencyCode: string;
  oldRequiredLevel: number;
  newRequiredLevel: number;
  oldCompetencyVersion: number;
  newCompetencyVersion: number;
}

/** A new version of a position's SKJ: its items, and what changed from the previous version. */
export interface PositionStandardPublishedPayload {
  positionId: string;
  positionCode: string;
  agencyId: string;
  version: number;
  /** null when this is the position's first standard. */
  previousVersion: number | null;
  publishedAt: string;
  items: StandardItemPayload[];
  changes: {
    added: StandardItemPayload[];
    removed: StandardItemPayload[];
    /** Items whose required level or pinned competency version changed. */
    changed: StandardItemChangePayload[];
  };
}
