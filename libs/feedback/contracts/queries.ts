import { Query } from '@nestjs/cqrs';

/**
 * Queries other contexts send through the QueryBus (answered in the API and
 * the worker). Not scoped to an actor: the asking context scopes its answer.
 */

export interface StatedNeedCount {
  competencyCode: string;
  /** Distinct employees with a need for the competency submitted in the year and not DECLINED. */
  employees: number;
}

/** Stated needs per competency for one agency (null: national), submitted in `year` (WIB); one statement. */
export class StatedNeedCountsQuery extends Query<StatedNeedCount[]> {
  constructor(
    readonly agencyId: string | null,
    readonly year: number,
  ) {
    super();
  }
}

export interface ProgramEffectiveness {
  programId: string;
  /** Participants whose level in a competency the program develops was officially assessed before and after it. */
  participants: number;
  /** Mean change of their achieved level (after − before), over participants and competencies; null without participants. */
  meanLevelChange: number | null;
  /** Whether `participants` reaches the minimum that makes the change meaningful (default 5). */
  meaningful: boolean;
  evaluations: number;
  meanRating: number | null;
}

/** Effectiveness and evaluations of many programs at once (set-based; unknown ids answer zero counts). */
export class ProgramEffectivenessQuery extends Query<ProgramEffectiveness[]> {
  constructor(readonly programIds: string[]) {
    super();
  }
}
