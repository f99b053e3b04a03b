import { RuleViolationError } from '@kompeten/shared/kernel';
import { CsvRow, CsvRows, isRowProblem } from './csv-reader';

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
 * The bookkeeping every CSV import shares: the rows it reads are counted, and
 * refused by line (the first reason of a line is the one reported); the report
 * is made of both, plus the import's own counts.
 */
export class ImportTally extends Refusals {
  /** Data rows read (blank lines aside), readable or not. */
  rows = 0;

  /** The rows the reader could read, each counted; a row it could not (a wrong number of fields) is refused by its line. */
  async *readable(rows: CsvRows): AsyncGenerator<CsvRow> {
    for await (const row of rows) {
      this.rows++;
      if (isRowProblem(row)) this.refuse(row.line, row.reason);
      else yield row;
    }
  }

  /** The report as it stands: `accepted` is the rows less the refused ones. */
  report<Counts extends object>(mode: ImportMode, counts: Counts): ImportReport & Counts {
    return { mode, rows: this.rows, accepted: this.rows - this.size, refused: this.list(), ...counts };
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
