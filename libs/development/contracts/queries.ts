import { Query } from '@nestjs/cqrs';
import type { TargetedCompetency } from './events';

/**
 * Queries other contexts send through the QueryBus (answered in the API and
 * the worker). Not scoped to an actor: the asking context scopes its answer
 * with the agency ids answered.
 */

export interface EnrolmentSummary {
  id: string;
  sessionId: string;
  programId: string;
  employeeId: string;
  /** The employee's agency at enrolment. */
  agencyId: string;
  status: 'ENROLLED' | 'WAITLISTED' | 'CANCELLED' | 'COMPLETED';
  completedAt: string | null;
}

/** One enrolment by id; null when there is none. */
export class EnrolmentSummaryQuery extends Query<EnrolmentSummary | null> {
  constructor(readonly enrolmentId: string) {
    super();
  }
}

export interface TrainingProgramSummary {
  id: string;
  code: string;
  title: string;
  /** null: a national program (the ministry's). */
  agencyId: string | null;
  provider: string;
  active: boolean;
  competencies: TargetedCompetency[];
}

/** One program of the catalogue by id; null when there is none. */
export class TrainingProgramSummaryQuery extends Query<TrainingProgramSummary | null> {
  constructor(readonly programId: string) {
    super();
  }
}

export interface ProgramCompletion {
  programId: string;
  employeeId: string;
  agencyId: string;
  /** When the session of the (first) completion started (a learning platform's: its completion) and when it was completed. */
  sessionStartsAt: string;
  completedAt: string;
  /** The competencies the program develops. */
  competencyCodes: string[];
}

/** Each employee's first completion of each of the programs (set-based, one statement). */
export class ProgramCompletionsQuery extends Query<ProgramCompletion[]> {
  constructor(readonly programIds: string[]) {
    super();
  }
}

/**
 * Of the given competencies, those the employee's development is already
 * underway in: a program developing it is in their plan (PLANNED or
 * IN_PROGRESS) or they hold a live enrolment (ENROLLED or WAITLISTED) in one.
 */
export class DevelopmentUnderwayQuery extends Query<string[]> {
  constructor(
    readonly employeeId: string,
    readonly competencyCodes: string[],
  ) {
    super();
  }
}

/**
 * A JP credit of the ledger, keyed as its event keys it: TRAINING by enrolment,
 * PLATFORM by platform completion, RECORD by development record. `reversed`: a
 * platform completion voided since (its JP no longer count).
 */
export interface JpCredit {
  id: string;
  source: 'TRAINING' | 'PLATFORM' | 'RECORD';
  sourceId: string;
  employeeId: string;
  agencyId: string;
  year: number;
  jp: number;
  reversed: boolean;
}

/**
 * Every JP credit of the ledger (`reversed: false`), or every voided platform
 * completion (`reversed: true`), a page at a time by id: for read models that
 * rebuild their copy.
 */
export class JpCreditsPageQuery extends Query<JpCredit[]> {
  constructor(readonly page: { reversed: boolean; afterId: string | null; limit: number }) {
    super();
  }
}
