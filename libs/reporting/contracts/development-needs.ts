import { Query } from '@nestjs/cqrs';

/** A program of the catalogue that develops the competency, with what Feedback knows of its effect (null: not known). */
export interface DevelopmentNeedProgram {
  programId: string;
  programCode: string;
  title: string;
  /** JP one completion credits. */
  creditJp: number;
  /** The level the program develops the competency to. */
  targetLevel: number;
  effectiveness: { participants: number; meanLevelChange: number | null; meaningful: boolean } | null;
}

/** One competency of the AKPK (the annual development needs analysis). */
export interface DevelopmentNeed {
  competencyCode: string;
  competencyName: string | null;
  competencyType: string | null;
  /** Employees whose latest profile is below the required level. */
  employeesWithGap: number;
  /**
   * The mean gap of the employees with a gap (negative), only those below the standard; null without any. Not the
   * heatmap's meanGap, which averages over every employee assessed (surplus and shortfall).
   */
  meanShortfall: number | null;
  /** Employees who stated a need for it in the year (Feedback). */
  statedNeeds: number;
  /** Active programs open to the agency that develop it, the most effective first. */
  programs: DevelopmentNeedProgram[];
  /** estimatedParticipants × the first program's JP credit; null without a program. */
  jpNeeded: number | null;
  /** The larger of employeesWithGap and statedNeeds (who stated a need may have no assessed gap yet). */
  estimatedParticipants: number;
}

/**
 * The AKPK of an agency (null: national, with national programs only) for a
 * year: competencies ranked by the employees with a gap, then the mean gap,
 * then the stated needs. Not scoped to an actor: the asking context scopes.
 */
export class DevelopmentNeedsQuery extends Query<DevelopmentNeed[]> {
  constructor(
    readonly agencyId: string | null,
    readonly year: number,
  ) {
    super();
  }
}
