import { AggregateRoot, ConflictError, FieldError, integrationEvent } from '@kompeten/shared/kernel';
import {
  COMPETENCY_STANDARDS_EVENTS,
  PositionStandardPublishedPayload,
  StandardItemChangePayload,
  StandardItemPayload,
} from '../contracts/events';
import { CompetencyType, MAX_LEVEL, MIN_LEVEL, NATIONAL_COMPETENCY_CODES } from '../contracts/types';

/** A competency version a standard may cite: the current version of a national one, or of the position's agency's technical ones. */
export interface CatalogueEntry {
  id: string;
  code: string;
  name: string;
  type: CompetencyType;
  agencyId: string | null;
  version: number;
  definedLevels: number[];
}

/** One line of an SKJ: a competency (pinned to a version) and the level the position requires. */
export interface StandardItem {
  competencyCode: string;
  competencyId: string;
  competencyVersion: number;
  competencyType: CompetencyType;
  competencyName: string;
  requiredLevel: number;
}

export interface StandardItemInput {
  competencyCode: string;
  requiredLevel: number;
}

const TYPE_ORDER: Record<CompetencyType, number> = { MANAGERIAL: 0, SOCIOCULTURAL: 1, TECHNICAL: 2 };

/** Managerial first, then sociocultural, then technical; by code within a type. */
export function sortItems<T extends { competencyType: CompetencyType; competencyCode: string }>(items: T[]): T[] {
  return [...items].sort(
    (a, b) =>
      TYPE_ORDER[a.competencyType] - TYPE_ORDER[b.competencyType] ||
      (a.competencyCode < b.competencyCode ? -1 : a.competencyCode > b.competencyCode ? 1 : 0),
  );
}

/**
 * Turns the requested items into a standard's items, pinned to the current
 * version of each competency, or names every failing field:
 * - each competency exists and may be cited by the position (national, or a technical one of the position's agency);
 * - each appears once;
 * - each required level is an integer 1–5 that the competency version defines;
 * - all nine national competencies are present.
 */
export function composeItems(
  inputs: readonly StandardItemInput[],
  catalogue: ReadonlyMap<string, CatalogueEntry>,
  positionAgencyId: string,
  prefix = 'items',
): { items: StandardItem[]; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const items: StandardItem[] = [];
  const seen = new Set<string>();
  inputs.forEach((input, i) => {
    const field = `${prefix}[${i}]`;
    const code = typeof input.competencyCode === 'string' ? input.competencyCode.trim() : '';
    const entry = catalogue.get(code);
    if (!entry || (entry.agencyId !== null && entry.agencyId !== positionAgencyId)) {
      errors.push({ field: `${field}.competencyCode`, message: `no competency ${code || '(empty)'} is known to this position's agency` });
      return;
    }
    if (seen.has(code)) {
      errors.push({ field: `${field}.competencyCode`, message: `${code} appears more than once` });
      return;
    }
    seen.add(code);
    const level = input.requiredLevel;
    if (!Number.isInteger(level) || level < MIN_LEVEL || level > MAX_LEVEL) {
      errors.push({ field: `${field}.requiredLevel`, message: `must be an integer from ${MIN_LEVEL} to ${MAX_LEVEL}` });
      return;
    }
    if (!entry.definedLevels.includes(level)) {
      errors.push({
        field: `${field}.requiredLevel`,
        message: `${code} (version ${entry.version}) does not define level ${level}; it defines ${entry.definedLevels.join(', ')}`,
      });
      return;
    }
    items.push({
      competencyCode: code,
      competencyId: entry.id,
      competencyVersion: entry.version,
      competencyType: entry.type,
      competencyName: entry.name,
      requiredLevel: level,
    });
  });
  const missing = NATIONAL_COMPETENCY_CODES.filter((code) => !seen.has(code));
  if (missing.length) {
    errors.push({ field: prefix, message: `must contain all nine national competencies; missing ${missing.join(', ')}` });
  }
  return { items: sortItems(items), errors };
}

export interface StandardChanges {
  added: StandardItemPayload[];
  removed: StandardItemPayload[];
  changed: StandardItemChangePayload[];
}

const payloadOf = (i: StandardItem): StandardItemPayload => ({
  competencyCode: i.competencyCode,
  competencyVersion: i.competencyVersion,
  requiredLevel: i.requiredLevel,
});

/** What differs between two versions of a standard, item by competency code. */
export function diffItems(before: readonly StandardItem[], after: readonly StandardItem[]): StandardChanges {
  const old = new Map(before.map((i) => [i.competencyCode, i]));
  const now = new Map(after.map((i) => [i.competencyCode, i]));
  const changes: StandardChanges = { added: [], removed: [], changed: [] };
  for (const item of after) {
    const was = old.get(item.competencyCode);
    if (!was) changes.added.push(payloadOf(item));
    else if (was.requiredLevel !== item.requiredLevel || was.competencyVersion !== item.competencyVersion) {
      changes.changed.push({
        competencyCode: item.competencyCode,
        oldRequiredLevel: was.requiredLevel,
        newRequiredLevel: item.requiredLevel,
        oldCompetencyVersion: was.competencyVersion,
        newCompetencyVersion: item.competencyVersion,
      });
    }
  }
  for (const item of before) if (!now.has(item.competencyCode)) changes.removed.push(payloadOf(item));
  return changes;
}

export function noChanges(changes: StandardChanges): boolean {
  return changes.added.length + changes.removed.length + changes.changed.length === 0;
}

export interface PositionRef {
  id: string;
  code: string;
  agencyId: string;
}

export interface PositionStandardState {
  positionId: string;
  positionCode: string;
  agencyId: string;
  /** The current version; 0 before the first is published. */
  version: number;
  publishedAt: Date | null;
  items: StandardItem[];
}

/**
 * The competency standard (SKJ) of one position. Each change publishes a new
 * immutable version pinned to the competency versions it cites
 * (PositionStandardPublished, with what changed).
 */
export class PositionStandard extends AggregateRoot {
  private lastChanges: StandardChanges | null = null;

  private constructor(
    private s: PositionStandardState,
    /** The version as loaded: 0 when the position has no standard stored yet. */
    readonly storedVersion: number,
  ) {
    super();
  }

  /** A position that has no published standard yet. */
  static none(position: PositionRef): PositionStandard {
    return new PositionStandard(
      { positionId: position.id, positionCode: position.code, agencyId: position.agencyId, version: 0, publishedAt: null, items: [] },
      0,
    );
  }

  static restore(state: PositionStandardState): PositionStandard {
    return new PositionStandard({ ...state, items: [...state.items] }, state.version);
  }

  get positionId(): string {
    return this.s.positionId;
  }
  get state(): Readonly<PositionStandardState> {
    return this.s;
  }
  get hasNewVersion(): boolean {
    return this.s.version !== this.storedVersion;
  }
  /** What the version published in this unit of work changed; null when nothing was published. */
  get changes(): StandardChanges | null {
    return this.lastChanges;
  }

  /** A writer that read another version than the current one gets a ConflictError (409). */
  expectVersion(version: number): void {
    if (version !== this.s.version) {
      throw new ConflictError(
        `The standard of position ${this.s.positionCode} is at version ${this.s.version}, not ${version}; reload it and retry`,
      );
    }
  }

  /**
   * Publishes the items as the next version, unless they equal the current
   * version's (same competencies, levels and pinned versions: then nothing
   * changes and it answers false). With `expectedVersion` (0 for the first),
   * a writer that read an older version gets a ConflictError (409).
   */
  publish(items: StandardItem[], options: { expectedVersion?: number; at?: Date } = {}): boolean {
    if (options.expectedVersion !== undefined) this.expectVersion(options.expectedVersion);
    const changes = diffItems(this.s.items, items);
    if (this.s.version > 0 && noChanges(changes)) return false;
    const at = options.at ?? new Date();
    const previousVersion = this.s.version === 0 ? null : this.s.version;
    this.s = { ...this.s, version: this.s.version + 1, publishedAt: at, items: sortItems(items) };
    this.lastChanges = changes;
    this.record(
      integrationEvent<PositionStandardPublishedPayload>(COMPETENCY_STANDARDS_EVENTS.PositionStandardPublished, this.s.positionId, {
        positionId: this.s.positionId,
        positionCode: this.s.positionCode,
        agencyId: this.s.agencyId,
        version: this.s.version,
        previousVersion,
        publishedAt: at.toISOString(),
        items: this.s.items.map(payloadOf),
        changes,
      }),
    );
    return true;
  }
}
