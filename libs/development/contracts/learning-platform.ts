import { Command } from '@nestjs/cqrs';

/**
 * The seam through which learning platforms' completions (received by the
 * Learning Records context as xAPI statements) reach Development. xAPI shapes
 * never cross it: only who completed which program, when, and on whose word.
 * (Programs are looked up with TrainingProgramSummaryQuery, contracts/queries.ts.)
 */

export type PlatformCompletionOutcome =
  /** The program's JP were credited now. */
  | 'CREDITED'
  /** The employee's completion of this program through a platform was already credited (by another statement). */
  | 'ALREADY_CREDITED';

export interface PlatformCompletionResult {
  outcome: PlatformCompletionOutcome;
  /** The platform completion that holds the credit. */
  completionId: string;
  jp: number;
  year: number;
}

/**
 * An employee completed (or passed) a program on a learning platform. Credits
 * the program's JP once per employee and program, whatever the statement ids;
 * the same statement sent again answers the same result. Runs in the caller's
 * transaction when there is one.
 */
export class RecordPlatformCompletionCommand extends Command<PlatformCompletionResult> {
  constructor(
    readonly input: {
      employeeId: string;
      programId: string;
      completedAt: Date;
      /** The statement that says so (its id at the receiving LRS). */
      statementId: string;
      lrsClientId: string;
    },
  ) {
    super();
  }
}

/** The statement that credited a platform completion was voided: the JP are taken back out. Answers whether anything was reversed. */
export class ReversePlatformCompletionCommand extends Command<{ reversed: boolean; employeeId: string | null; programId: string | null }> {
  constructor(readonly statementId: string) {
    super();
  }
}
