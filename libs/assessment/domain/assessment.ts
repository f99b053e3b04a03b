import {
  AggregateRoot,
  ConflictError,
  FieldError,
  integrationEvent,
  InvalidInputError,
  newId,
  RuleViolationError,
} from '@kompeten/shared/kernel';
import { ASSESSMENT_EVENTS, AssessmentCompletedPayload } from '../contracts/events';
import { AssessmentMethod, AssessmentPolicy, AssessmentPurpose, CompetencyType, RaterGroup } from './assessment-policy';
import { combineRaters } from './multi-rater';

/** The SKJ version an assessment is measured against, pinned when the assessment is created. */
export interface PinnedStandard {
  positionId: string;
  version: number;
  items: { competencyCode: string; competencyVersion: number; competencyType: CompetencyType; requiredLevel: number }[];
}

export interface ResultEntry {
  competencyCode: string;
  level: number;
  evidence: string | null;
  /** Only for MULTI_RATER_360: who rated. */
  raterGroup: RaterGroup | null;
  raterName: string | null;
}

export type AssessmentStatus = 'DRAFT' | 'COMPLETED' | 'SUPERSEDED';

export interface AssessmentState {
  id: string;
  employeeId: string;
  agencyId: string;
  purpose: AssessmentPurpose;
  targetPositionId: string;
  standard: PinnedStandard;
  method: AssessmentMethod;
  providerName: string;
  providerAccredited: boolean;
  assessorName: string | null;
  assessedAt: Date;
  status: AssessmentStatus;
  results: ResultEntry[];
  version: number;
  completedAt: Date | null;
}

/** What an assessment concludes for one competency. */
export interface AchievedLevel {
  competencyCode: string;
  competencyType: CompetencyType;
  requiredLevel: number;
  level: number;
  groupMeans: Partial<Record<RaterGroup, number>> | null;
}

export interface NewAssessment {
  employeeId: string;
  agencyId: string;
  currentPositionId: string;
  purpose: AssessmentPurpose;
  targetPositionId: string;
  standard: PinnedStandard;
  method: AssessmentMethod;
  providerName: string;
  providerAccredited: boolean;
  assessorName: string | null;
  assessedAt: Date;
}

/**
 * A competency assessment of one employee against one pinned SKJ version.
 * Draft → completed (immutable) → superseded by a later official one.
 */
export class Assessment extends AggregateRoot {
  private constructor(private s: AssessmentState) {
    super();
  }

  static create(input: NewAssessment, now: Date = new Date()): Assessment {
    if (input.purpose === 'PROMOTION' && input.targetPositionId === input.currentPositionId) {
      throw InvalidInputError.field('targetPositionId', 'a PROMOTION assessment needs a position other than the current one');
    }
    if (input.assessedAt.getTime() > now.getTime() + 24 * 3600 * 1000)
      throw InvalidInputError.field('assessedAt', 'cannot be in the future');
    if (input.standard.items.length === 0)
      throw new RuleViolationError('The target position has no competency standard (SKJ) to assess against');
    const { currentPositionId: _current, ...rest } = input;
    return new Assessment({ ...rest, id: newId(), status: 'DRAFT', results: [], version: 1, completedAt: null });
  }

  static restore(state: AssessmentState): Assessment {
    return new Assessment(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<AssessmentState> {
    return this.s;
  }

  /** Only an accredited provider's assessment, other than a self-assessment, counts officially. */
  get official(): boolean {
    return this.s.providerAccredited && this.s.method !== 'SELF';
  }

  private assertDraft(): void {
    if (this.s.status !== 'DRAFT')
      throw new RuleViolationError(`The assessment is ${this.s.status.toLowerCase()} and can no longer change`);
  }

  private assertVersion(expected: number): void {
    if (expected !== this.s.version)
      throw new ConflictError(`The assessment has changed (version ${this.s.version}, you sent ${expected}); reload it and retry`);
  }

  /** Replaces the results. 360 results name their rater group; others give one level per competency. */
  recordResults(entries: ResultEntry[], expectedVersion: number): void {
    this.assertDraft();
    this.assertVersion(expectedVersion);
    const codes = new Set(this.s.standard.items.map((i) => i.competencyCode));
    const errors: FieldError[] = [];
    const seen = new Set<string>();
    const is360 = this.s.method === 'MULTI_RATER_360';
    entries.forEach((entry, index) => {
      if (!codes.has(entry.competencyCode))
        errors.push({ field: `items[${index}].competencyCode`, message: `${entry.competencyCode} is not in the pinned SKJ` });
      if (!Number.isInteger(entry.level) || entry.level < 1 || entry.level > 5)
        errors.push({ field: `items[${index}].level`, message: 'must be a whole level from 1 to 5' });
      if (is360 && !entry.raterGroup)
        errors.push({ field: `items[${index}].raterGroup`, message: 'is required for a MULTI_RATER_360 assessment' });
      if (!is360 && entry.raterGroup)
        errors.push({ field: `items[${index}].raterGroup`, message: 'applies only to MULTI_RATER_360 assessments' });
      const key = is360 ? `${entry.competencyCode}|${entry.raterGroup}|${entry.raterName ?? ''}` : entry.competencyCode;
      if (seen.has(key)) errors.push({ field: `items[${index}].competencyCode`, message: 'appears twice' });
      seen.add(key);
    });
    if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    this.s = { ...this.s, results: entries.map((e) => ({ ...e })) };
  }

  /** The level concluded for each competency of the pinned SKJ (null where no result decides one). */
  achievedLevels(policy: AssessmentPolicy): (AchievedLevel | { competencyCode: string; level: null })[] {
    return this.s.standard.items.map((item) => {
      const entries = this.s.results.filter((r) => r.competencyCode === item.competencyCode);
      if (entries.length === 0) return { competencyCode: item.competencyCode, level: null };
      if (this.s.method !== 'MULTI_RATER_360') {
        return {
          competencyCode: item.competencyCode,
          competencyType: item.competencyType,
          requiredLevel: item.requiredLevel,
          level: entries[0].level,
          groupMeans: null,
        };
      }
      const combined = combineRaters(
        entries.map((e) => ({ group: e.raterGroup!, level: e.level })),
        policy.raterWeights,
      );
      if (combined.level === null) return { competencyCode: item.competencyCode, level: null };
      return {
        competencyCode: item.competencyCode,
        competencyType: item.competencyType,
        requiredLevel: item.requiredLevel,
        level: combined.level,
        groupMeans: combined.groupMeans,
      };
    });
  }

  /** Final and immutable from here on; needs a concluded level for every competency of the SKJ. */
  complete(policy: AssessmentPolicy, expectedVersion?: number, now: Date = new Date()): AchievedLevel[] {
    this.assertDraft();
    if (expectedVersion !== undefined) this.assertVersion(expectedVersion);
    const levels = this.achievedLevels(policy);
    const missing = levels.filter((l) => l.level === null).map((l) => l.competencyCode);
    if (missing.length)
      throw new RuleViolationError(`Completing needs a result for every competency of the SKJ; missing: ${missing.join(', ')}`);
    this.s = { ...this.s, status: 'COMPLETED', completedAt: now };
    const validUntil = new Date(this.s.assessedAt);
    validUntil.setUTCFullYear(validUntil.getUTCFullYear() + policy.validityYears);
    this.record(
      integrationEvent<AssessmentCompletedPayload>(ASSESSMENT_EVENTS.AssessmentCompleted, this.id, {
        assessmentId: this.id,
        employeeId: this.s.employeeId,
        agencyId: this.s.agencyId,
        purpose: this.s.purpose,
        method: this.s.method,
        official: this.official,
        targetPositionId: this.s.targetPositionId,
        standardVersion: this.s.standard.version,
        assessedAt: this.s.assessedAt.toISOString(),
        validUntil: validUntil.toISOString(),
      }),
    );
    return levels as AchievedLevel[];
  }
}
