import {
  AggregateRoot,
  ConflictError,
  FieldError,
  integrationEvent,
  InvalidInputError,
  newId,
  RuleViolationError,
} from '@kompeten/shared/kernel';
import { COMPETENCY_STANDARDS_EVENTS, CompetencyPublishedPayload } from '../contracts/events';
import { COMPETENCY_TYPES, CompetencyType, MAX_LEVEL, MIN_LEVEL } from '../contracts/types';

/** A numbered behavioural indicator of a level: `2.1`, `2.2`, … */
export interface BehaviouralIndicator {
  number: string;
  text: string;
}

/** One proficiency level (1–5) of a competency: a description and its ordered indicators. */
export interface ProficiencyLevel {
  level: number;
  description: string;
  indicators: BehaviouralIndicator[];
}

/** What a competency version says. The code, type and owner never change once the competency exists. */
export interface CompetencyContent {
  name: string;
  type: CompetencyType;
  definition: string;
  /** The agency a technical competency belongs to; null for a national one. */
  agencyId: string | null;
  levels: ProficiencyLevel[];
}

export interface CompetencyInput {
  name: string;
  type: CompetencyType;
  definition: string;
  agencyId: string | null;
  levels: { level: number; description: string; indicators: { number?: string; text: string }[] }[];
}

export const LIMITS = { code: 50, name: 200, definition: 4000, description: 4000, indicator: 2000, indicatorsPerLevel: 30 } as const;
export const CODE_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;

export function checkCode(code: string, field = 'code'): FieldError[] {
  return CODE_PATTERN.test(code) ? [] : [{ field, message: 'must be 1-50 letters, digits, dots, dashes or underscores' }];
}

function text(value: string, field: string, max: number, errors: FieldError[]): string {
  const trimmed = typeof value === 'string' ? value.trim() : '';
  if (!trimmed) errors.push({ field, message: 'must not be empty' });
  else if (trimmed.length > max) errors.push({ field, message: `must be at most ${max} characters` });
  return trimmed;
}

/**
 * Checks a competency's content against the dictionary rules and answers it
 * normalised (texts trimmed, levels in order, indicators numbered), or every
 * failing field by its path in the input (`levels[2].indicators[0].number`).
 * - levels are integers 1–5, each at most once, each with a description and at least one indicator;
 * - indicators of level L are numbered L.1, L.2, … in order (a missing number is assigned);
 * - a managerial or sociocultural competency defines all five levels and is national (no agency);
 *   a technical one may define only some levels.
 */
export function checkCompetencyContent(input: CompetencyInput, prefix = ''): { content: CompetencyContent; errors: FieldError[] } {
  const errors: FieldError[] = [];
  const at = (field: string) => (prefix ? `${prefix}.${field}` : field);
  const name = text(input.name, at('name'), LIMITS.name, errors);
  const definition = text(input.definition, at('definition'), LIMITS.definition, errors);
  if (!COMPETENCY_TYPES.includes(input.type)) errors.push({ field: at('type'), message: `must be one of ${COMPETENCY_TYPES.join(', ')}` });
  if (input.type !== 'TECHNICAL' && input.agencyId !== null) {
    errors.push({ field: at('agencyId'), message: 'must be null: managerial and sociocultural competencies are national' });
  }
  const levels: ProficiencyLevel[] = [];
  const seen = new Set<number>();
  const given = Array.isArray(input.levels) ? input.levels : [];
  if (given.length === 0) errors.push({ field: at('levels'), message: 'must define at least one level' });
  given.forEach((l, i) => {
    const field = at(`levels[${i}]`);
    if (!Number.isInteger(l.level) || l.level < MIN_LEVEL || l.level > MAX_LEVEL) {
      errors.push({ field: `${field}.level`, message: `must be an integer from ${MIN_LEVEL} to ${MAX_LEVEL}` });
      return;
    }
    if (seen.has(l.level)) errors.push({ field: `${field}.level`, message: `level ${l.level} is defined more than once` });
    seen.add(l.level);
    const description = text(l.description, `${field}.description`, LIMITS.description, errors);
    const indicators = Array.isArray(l.indicators) ? l.indicators : [];
    if (indicators.length === 0) errors.push({ field: `${field}.indicators`, message: 'must list at least one behavioural indicator' });
    if (indicators.length > LIMITS.indicatorsPerLevel) {
      errors.push({ field: `${field}.indicators`, message: `must list at most ${LIMITS.indicatorsPerLevel} indicators` });
    }
    levels.push({
      level: l.level,
      description,
      indicators: indicators.map((indicator, k) => {
        const expected = `${l.level}.${k + 1}`;
        const number = indicator.number === undefined || indicator.number === null ? expected : String(indicator.number).trim();
        if (number !== expected) {
          errors.push({ field: `${field}.indicators[${k}].number`, message: `must be ${expected}: indicators are numbered in order` });
        }
        return { number: expected, text: text(indicator.text, `${field}.indicators[${k}].text`, LIMITS.indicator, errors) };
      }),
    });
  });
  if (input.type !== 'TECHNICAL' && COMPETENCY_TYPES.includes(input.type)) {
    const missing = [1, 2, 3, 4, 5].filter((n) => !seen.has(n));
    if (missing.length) {
      errors.push({
        field: at('levels'),
        message: `a ${input.type.toLowerCase()} competency defines all five levels; missing ${missing.join(', ')}`,
      });
    }
  }
  levels.sort((a, b) => a.level - b.level);
  return { content: { name, type: input.type, definition, agencyId: input.agencyId, levels }, errors };
}

/** The content, or InvalidInputError (400) naming every failing field. */
export function competencyContent(input: CompetencyInput, prefix = ''): CompetencyContent {
  const { content, errors } = checkCompetencyContent(input, prefix);
  if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return content;
}

/** Two contents are the same version when every text, level and indicator is the same. */
export function sameContent(a: CompetencyContent, b: CompetencyContent): boolean {
  return canonical(a) === canonical(b);
}

function canonical(c: CompetencyContent): string {
  return JSON.stringify([
    c.name,
    c.type,
    c.definition,
    c.agencyId,
    [...c.levels].sort((x, y) => x.level - y.level).map((l) => [l.level, l.description, l.indicators.map((i) => [i.number, i.text])]),
  ]);
}

export function definedLevels(content: CompetencyContent): number[] {
  return content.levels.map((l) => l.level).sort((a, b) => a - b);
}

export interface CompetencyState {
  id: string;
  code: string;
  /** The current version; 0 only before the first is published. */
  version: number;
  content: CompetencyContent;
  /** True while the texts are the seeded summary, to be replaced by the official text. */
  summary: boolean;
  publishedAt: Date;
}

/**
 * A dictionary competency. Each change publishes a new immutable version
 * (CompetencyPublished); the versions before it are never rewritten, because
 * standards and assessments cite them.
 */
export class Competency extends AggregateRoot {
  private constructor(
    private s: CompetencyState,
    /** The version as loaded: 0 for a competency not stored yet. */
    readonly storedVersion: number,
  ) {
    super();
  }

  static create(code: string, content: CompetencyContent, options: { summary?: boolean; at?: Date } = {}): Competency {
    const codeErrors = checkCode(code);
    if (codeErrors.length) throw new InvalidInputError(`code: ${codeErrors[0].message}`, codeErrors);
    const competency = new Competency(
      { id: newId(), code, version: 0, content, summary: options.summary ?? false, publishedAt: options.at ?? new Date() },
      0,
    );
    competency.publishVersion(content, options.summary ?? false, options.at);
    return competency;
  }

  static restore(state: CompetencyState): Competency {
    return new Competency({ ...state }, state.version);
  }

  get id(): string {
    return this.s.id;
  }
  get code(): string {
    return this.s.code;
  }
  get state(): Readonly<CompetencyState> {
    return this.s;
  }
  get isNew(): boolean {
    return this.storedVersion === 0;
  }
  /** Whether this unit of work published a version that is not stored yet. */
  get hasNewVersion(): boolean {
    return this.s.version !== this.storedVersion;
  }

  /**
   * Publishes the content as the next version, unless it says exactly what the
   * current version says (then nothing changes and it answers false). The type
   * and the owner of a competency never change. With `expectedVersion`, a
   * writer that read an older version gets a ConflictError (409).
   */
  revise(content: CompetencyContent, options: { expectedVersion?: number; at?: Date } = {}): boolean {
    if (options.expectedVersion !== undefined && options.expectedVersion !== this.s.version) {
      throw new ConflictError(
        `Competency ${this.s.code} is at version ${this.s.version}, not ${options.expectedVersion}; reload it and retry`,
      );
    }
    if (content.type !== this.s.content.type) {
      throw new RuleViolationError(`The type of competency ${this.s.code} is ${this.s.content.type}; a competency's type never changes`);
    }
    if (content.agencyId !== this.s.content.agencyId) {
      throw new RuleViolationError(
        `Competency ${this.s.code} belongs to ${this.s.content.agencyId ? 'an agency' : 'the ministry (national)'}; its owner never changes`,
      );
    }
    if (sameContent(content, this.s.content)) return false;
    this.publishVersion(content, false, options.at);
    return true;
  }

  private publishVersion(content: CompetencyContent, summary: boolean, at = new Date()): void {
    const previousVersion = this.s.version === 0 ? null : this.s.version;
    this.s = { ...this.s, version: this.s.version + 1, content, summary, publishedAt: at };
    this.record(
      integrationEvent<CompetencyPublishedPayload>(COMPETENCY_STANDARDS_EVENTS.CompetencyPublished, this.s.id, {
        competencyId: this.s.id,
        code: this.s.code,
        name: content.name,
        type: content.type,
        agencyId: content.agencyId,
        version: this.s.version,
        previousVersion,
        definedLevels: definedLevels(content),
        summary,
        publishedAt: at.toISOString(),
      }),
    );
  }
}
