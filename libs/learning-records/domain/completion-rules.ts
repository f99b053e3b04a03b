import { StatementFacts } from './statement';

/** What a verb means to Kompeten: configuration (XAPI_COMPLETION_VERBS, XAPI_FAILED_VERBS) plus xAPI's voiding verb. */
export type VerbKind = 'COMPLETION' | 'FAILURE' | 'VOIDING' | 'OTHER';

export interface VerbPolicy {
  completion: ReadonlySet<string>;
  failure: ReadonlySet<string>;
}

export function parseVerbList(list: string): Set<string> {
  return new Set(
    list
      .split(',')
      .map((v) => v.trim())
      .filter(Boolean),
  );
}

export function verbKind(facts: Pick<StatementFacts, 'verbId' | 'voidsStatementId'>, policy: VerbPolicy): VerbKind {
  if (facts.voidsStatementId) return 'VOIDING';
  if (policy.completion.has(facts.verbId)) return 'COMPLETION';
  if (policy.failure.has(facts.verbId)) return 'FAILURE';
  return 'OTHER';
}

/** A platform's activity IRI mapped to a training program. */
export interface ActivityMapping {
  activityId: string;
  programId: string;
  /** Statements about child activities (the mapped IRI in context.contextActivities.parent) count too. */
  includeChildren: boolean;
  /** The least scaled score (-1..1) a statement must carry to count; null: any. */
  minScaledScore: number | null;
}

export interface MappingMatch {
  mapping: ActivityMapping;
  via: 'OBJECT' | 'PARENT';
}

/**
 * The mapping a statement falls under: its object's own mapping first; else a
 * parent activity's mapping that takes its children (the first listed).
 */
export function matchMapping(
  facts: Pick<StatementFacts, 'activityId' | 'parentActivityIds'>,
  mappings: ReadonlyMap<string, ActivityMapping>,
): MappingMatch | null {
  const own = facts.activityId ? mappings.get(facts.activityId) : undefined;
  if (own) return { mapping: own, via: 'OBJECT' };
  for (const parent of facts.parentActivityIds) {
    const mapping = mappings.get(parent);
    if (mapping?.includeChildren) return { mapping, via: 'PARENT' };
  }
  return null;
}

export type AttemptOutcome = 'CREDIT' | 'FAILED' | 'BELOW_SCORE';

/**
 * Whether a completion or failure counts. `failed`, or `result.success: false`,
 * is a failed attempt. With a minimum score, a statement below it does not
 * count, nor does a child activity's statement without a score (a course's own
 * completion, which carries none, counts).
 */
export function attemptOutcome(
  kind: 'COMPLETION' | 'FAILURE',
  facts: Pick<StatementFacts, 'success' | 'scaledScore'>,
  match: MappingMatch,
): AttemptOutcome {
  if (kind === 'FAILURE' || facts.success === false) return 'FAILED';
  const min = match.mapping.minScaledScore;
  if (min === null) return 'CREDIT';
  if (facts.scaledScore === null) return match.via === 'PARENT' ? 'BELOW_SCORE' : 'CREDIT';
  return facts.scaledScore >= min ? 'CREDIT' : 'BELOW_SCORE';
}

/** When it happened: the statement's timestamp, never later than when the LRS stored it. */
export function completedAt(facts: Pick<StatementFacts, 'timestamp'>, stored: Date): Date {
  if (!facts.timestamp || facts.timestamp.getTime() > stored.getTime()) return stored;
  return facts.timestamp;
}
