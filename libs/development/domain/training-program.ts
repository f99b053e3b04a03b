import { ConflictError, FieldError, InvalidInputError, newId, RuleViolationError } from '@kompeten/shared/kernel';
import { DeliveryMode, TargetedCompetency } from '../contracts/events';
import { creditJp, JpRules, jpBasisErrors } from './jp-rules';

export const MAX_CLASS_SIZE_LIMIT = 10_000;

export interface ProgramState {
  id: string;
  code: string;
  title: string;
  deliveryMode: DeliveryMode;
  international: boolean;
  provider: string;
  /** The JP of the program as given (null when given in days). */
  jp: number | null;
  /** Seminars and workshops may be given in days instead. */
  days: number | null;
  maxClassSize: number;
  /** The owning agency; null for a national program (the ministry's). */
  agencyId: string | null;
  competencies: TargetedCompetency[];
  active: boolean;
  version: number;
}

export type NewProgram = Omit<ProgramState, 'id' | 'active' | 'version'>;
export type ProgramChanges = Partial<
  Pick<ProgramState, 'title' | 'deliveryMode' | 'international' | 'provider' | 'jp' | 'days' | 'maxClassSize' | 'competencies'>
>;

function invalid(errors: FieldError[]): InvalidInputError {
  return new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
}

/** A program of the catalogue: what it develops, how, for how many JP, for whom. */
export class TrainingProgram {
  private constructor(private s: ProgramState) {}

  static create(input: NewProgram): TrainingProgram {
    const program = new TrainingProgram({
      ...input,
      competencies: input.competencies.map((c) => ({ ...c })),
      id: newId(),
      active: true,
      version: 1,
    });
    program.check();
    return program;
  }

  static restore(state: ProgramState): TrainingProgram {
    return new TrainingProgram(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<ProgramState> {
    return this.s;
  }

  /** The JP one completion of this program credits, by the current rules. */
  creditJp(rules: JpRules): number {
    return creditJp({ deliveryMode: this.s.deliveryMode, international: this.s.international, jp: this.s.jp, days: this.s.days }, rules);
  }

  private check(): void {
    const errors = jpBasisErrors(this.s);
    if (!Number.isInteger(this.s.maxClassSize) || this.s.maxClassSize < 1 || this.s.maxClassSize > MAX_CLASS_SIZE_LIMIT) {
      errors.push({ field: 'maxClassSize', message: `must be a whole number from 1 to ${MAX_CLASS_SIZE_LIMIT}` });
    }
    if (this.s.competencies.length === 0)
      errors.push({ field: 'competencies', message: 'name at least one competency the program develops' });
    const seen = new Set<string>();
    this.s.competencies.forEach((c, i) => {
      const key = c.competencyCode.toUpperCase();
      if (seen.has(key)) errors.push({ field: `competencies[${i}].competencyCode`, message: `${c.competencyCode} appears twice` });
      seen.add(key);
      if (!Number.isInteger(c.targetLevel) || c.targetLevel < 1 || c.targetLevel > 5)
        errors.push({ field: `competencies[${i}].targetLevel`, message: 'must be a level from 1 to 5' });
    });
    if (errors.length) throw invalid(errors);
  }

  private assertVersion(expected: number): void {
    if (expected !== this.s.version)
      throw new ConflictError(
        `Training program ${this.s.code} has changed (version ${this.s.version}, you sent ${expected}); reload it and retry`,
      );
  }

  /**
   * Changes what was sent. Switching a seminar or workshop to another mode
   * drops its days unless jp comes with it; the largest session capacity in use
   * bounds how small the class may become.
   */
  update(changes: ProgramChanges, expectedVersion: number, largestSessionCapacity: number): void {
    this.assertVersion(expectedVersion);
    const next: ProgramState = { ...this.s };
    for (const [key, value] of Object.entries(changes) as [keyof ProgramChanges, unknown][]) {
      if (value !== undefined) (next as unknown as Record<string, unknown>)[key] = value;
    }
    if (changes.jp !== undefined && changes.jp !== null && changes.days === undefined) next.days = null;
    if (changes.days !== undefined && changes.days !== null && changes.jp === undefined) next.jp = null;
    const before = this.s;
    this.s = next;
    try {
      this.check();
    } catch (error) {
      this.s = before;
      throw error;
    }
    if (next.maxClassSize < largestSessionCapacity) {
      this.s = before;
      throw new RuleViolationError(
        `A session of the program already has ${largestSessionCapacity} seats; maxClassSize cannot go below that`,
      );
    }
    this.s = { ...next, version: before.version + 1 };
  }

  setActive(active: boolean, expectedVersion: number): void {
    this.assertVersion(expectedVersion);
    if (this.s.active === active)
      throw new RuleViolationError(`Training program ${this.s.code} is already ${active ? 'active' : 'inactive'}`);
    this.s = { ...this.s, active, version: this.s.version + 1 };
  }
}
