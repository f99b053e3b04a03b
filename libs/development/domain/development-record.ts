import {
  AggregateRoot,
  ConflictError,
  FieldError,
  integrationEvent,
  InvalidInputError,
  newId,
  RuleViolationError,
} from '@kompeten/shared/kernel';
import { DeliveryMode, DEVELOPMENT_EVENTS, DevelopmentRecordedPayload } from '../contracts/events';
import { todayIn, yearOfDate } from './calendar';
import { creditJp, JpRules, jpBasisErrors } from './jp-rules';

export const RECORD_STATUSES = ['PENDING', 'VERIFIED'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export interface RecordState {
  id: string;
  employeeId: string;
  agencyId: string;
  kind: DeliveryMode;
  name: string;
  provider: string;
  certificateNumber: string | null;
  international: boolean;
  /** As given: JP, or days for a seminar or workshop. */
  jp: number | null;
  days: number | null;
  /** JP credited, by the rules at submission. */
  creditedJp: number;
  startDate: string;
  endDate: string;
  year: number;
  status: RecordStatus;
  submittedBy: 'SELF' | 'ADMIN';
  verifiedAt: Date | null;
  verifiedBy: string | null;
  version: number;
}

export interface NewRecord {
  employeeId: string;
  agencyId: string;
  kind: DeliveryMode;
  name: string;
  provider: string;
  certificateNumber: string | null;
  international: boolean;
  jp: number | null;
  days: number | null;
  startDate: string;
  endDate: string;
}

/**
 * Development done outside the catalogue (the course history of the national
 * personnel record). An admin's record counts at once; an employee's own
 * submission counts once an admin of their agency has verified it.
 */
export class DevelopmentRecord extends AggregateRoot {
  private constructor(private s: RecordState) {
    super();
  }

  static submit(
    input: NewRecord,
    by: { role: 'SELF' | 'ADMIN'; email: string },
    rules: JpRules,
    now: Date = new Date(),
  ): DevelopmentRecord {
    const errors: FieldError[] = jpBasisErrors({ deliveryMode: input.kind, jp: input.jp, days: input.days });
    if (input.endDate < input.startDate) errors.push({ field: 'endDate', message: 'cannot be before startDate' });
    if (input.endDate > todayIn(new Date(now.getTime() + 24 * 3600 * 1000)))
      errors.push({ field: 'endDate', message: 'cannot be in the future: record development once it is done' });
    if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
    const record = new DevelopmentRecord({
      ...input,
      id: newId(),
      creditedJp: creditJp({ deliveryMode: input.kind, international: input.international, jp: input.jp, days: input.days }, rules),
      year: yearOfDate(input.endDate),
      status: 'PENDING',
      submittedBy: by.role,
      verifiedAt: null,
      verifiedBy: null,
      version: 1,
    });
    if (by.role === 'ADMIN') record.markVerified(by.email, now);
    return record;
  }

  static restore(state: RecordState): DevelopmentRecord {
    return new DevelopmentRecord(state);
  }

  get id(): string {
    return this.s.id;
  }
  get state(): Readonly<RecordState> {
    return this.s;
  }
  get counts(): boolean {
    return this.s.status === 'VERIFIED';
  }

  verify(verifiedBy: string, expectedVersion?: number, now: Date = new Date()): void {
    if (expectedVersion !== undefined && expectedVersion !== this.s.version) {
      throw new ConflictError(`The record has changed (version ${this.s.version}, you sent ${expectedVersion}); reload it and retry`);
    }
    if (this.s.status === 'VERIFIED') throw new RuleViolationError('The record is already verified');
    this.markVerified(verifiedBy, now);
    this.s = { ...this.s, version: this.s.version + 1 };
  }

  private markVerified(by: string, now: Date): void {
    this.s = { ...this.s, status: 'VERIFIED', verifiedAt: now, verifiedBy: by };
    const s = this.s;
    const payload: DevelopmentRecordedPayload = {
      recordId: s.id,
      employeeId: s.employeeId,
      agencyId: s.agencyId,
      kind: s.kind,
      name: s.name,
      provider: s.provider,
      certificateNumber: s.certificateNumber,
      jp: s.creditedJp,
      startDate: s.startDate,
      endDate: s.endDate,
      year: s.year,
      verifiedAt: now.toISOString(),
    };
    this.record(integrationEvent(DEVELOPMENT_EVENTS.DevelopmentRecorded, s.employeeId, payload));
  }
}
