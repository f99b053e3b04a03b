import { RuleViolationError } from '@kompeten/shared/kernel';

/** How an import treats refused rows: `all-or-nothing` (the default) changes nothing when any row is refused. */
export const IMPORT_MODES = ['all-or-nothing', 'partial'] as const;
export type ImportMode = (typeof IMPORT_MODES)[number];

export interface RefusedRow {
  /** The physical line of the file (the header is line 1). */
  line: number;
  reason: string;
}

/**
 * What every CSV import answers (200), or carries as the `report` extension
 * member of its 422 problem when a row was refused in all-or-nothing mode.
 * An import adds its own counts.
 */
export interface ImportReport {
  mode: ImportMode;
  /** Data rows in the file (blank lines aside). */
  rows: number;
  /** Rows that passed every check. */
  accepted: number;
  /** Every refused row, by line. */
  refused: RefusedRow[];
}

/** Collects refusals by line (the first reason of a line is the one reported). */
export class Refusals {
  private readonly byLine = new Map<number, string>();

  refuse(line: number, reason: string): void {
    if (!this.byLine.has(line)) this.byLine.set(line, reason);
  }
  has(line: number): boolean {
    return this.byLine.has(line);
  }
  get size(): number {
    return this.byLine.size;
  }
  list(): RefusedRow[] {
    return [...this.byLine.entries()].sort(([a], [b]) => a - b).map(([line, reason]) => ({ line, reason }));
  }
}

/**
 * In all-or-nothing mode, a file with a refused row changes nothing: this
 * throws the 422 problem whose `report` member lists every refused row.
 * In partial mode it returns, and the accepted rows are imported.
 */
export function refuseUnlessPartial(report: ImportReport): void {
  if (report.mode === 'partial' || report.refused.length === 0) return;
  throw new RuleViolationError(
    `${report.refused.length} of ${report.rows} rows were refused (the first at line ${report.refused[0].line}), so nothing was imported; ` +
      'fix them, or send ?mode=partial to import the other rows',
    { report },
  );
}
