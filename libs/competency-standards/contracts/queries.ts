import { Query } from '@nestjs/cqrs';
import { CompetencyType } from './types';

/**
 * Queries other contexts send through the QueryBus. They are not scoped to an
 * actor: the asking context applies its own scoping with the agencyId answered.
 */
export interface PositionStandardItem {
  competencyCode: string;
  competencyId: string;
  /** The competency version this standard version is pinned to. */
  competencyVersion: number;
  competencyType: CompetencyType;
  competencyName: string;
  requiredLevel: number;
}

export interface PositionStandardSnapshot {
  positionId: string;
  agencyId: string;
  /** 0 for a draft (no standard published yet). */
  version: number;
  /** null for a draft. */
  publishedAt: string | null;
  status: 'PUBLISHED' | 'DRAFT';
  items: PositionStandardItem[];
}

/**
 * The standard (SKJ) of a position: the current published version, or the
 * given version. Null when there is none; with `draftWhenNone`, a position
 * without a published standard answers its draft, pre-filled with the usual
 * levels of its kind (null still when the position does not exist).
 */
export class PositionStandardQuery extends Query<PositionStandardSnapshot | null> {
  constructor(
    readonly positionId: string,
    readonly options: { version?: number; draftWhenNone?: boolean } = {},
  ) {
    super();
  }
}

/** The current published standards of many positions at once (set-based, for batch work); positions without one are left out. */
export class PositionStandardsQuery extends Query<PositionStandardSnapshot[]> {
  constructor(readonly positionIds: string[]) {
    super();
  }
}

export interface CompetencyLevelText {
  competencyId: string;
  code: string;
  version: number;
  name: string;
  type: CompetencyType;
  level: number;
  description: string;
  indicators: { number: string; text: string }[];
}

/** The text of one level of one competency version; null when the version or the level is not defined. */
export class CompetencyLevelTextQuery extends Query<CompetencyLevelText | null> {
  constructor(
    readonly code: string,
    readonly version: number,
    readonly level: number,
  ) {
    super();
  }
}

export interface RequiredLevel {
  positionId: string;
  standardVersion: number;
  competencyCode: string;
  competencyVersion: number;
  requiredLevel: number;
}

/** The level a position's current standard requires of a competency; null when no published standard names it. */
export class RequiredLevelQuery extends Query<RequiredLevel | null> {
  constructor(
    readonly positionId: string,
    readonly competencyCode: string,
  ) {
    super();
  }
}

export interface CompetencySummary {
  id: string;
  code: string;
  name: string;
  type: CompetencyType;
  agencyId: string | null;
  version: number;
  currentVersion: number;
  definedLevels: number[];
}

/** A competency by code: its current version, or the given one; null when there is none. */
export class CompetencySummaryQuery extends Query<CompetencySummary | null> {
  constructor(
    readonly code: string,
    readonly version?: number,
  ) {
    super();
  }
}
