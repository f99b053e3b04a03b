import { Readable, Transform } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';
import { CsvError, parse } from 'csv-parse';
import { InvalidInputError } from '@kompeten/shared/kernel';

/** One data row of a CSV file: its physical line (the header is line 1) and its values by column name. */
export interface CsvRow {
  line: number;
  values: Record<string, string>;
}

/** A row that could not be read as a record of the header's columns (wrong number of fields). */
export interface CsvRowProblem {
  line: number;
  reason: string;
}

/** What readCsv yields, row by row: what an import command reads. */
export type CsvRows = AsyncIterable<CsvRow | CsvRowProblem>;

export interface CsvReadOptions {
  /** Columns every file must have. */
  required: readonly string[];
  /** Columns a file may have; any other column is refused. */
  optional?: readonly string[];
  /** Largest body accepted (413 beyond): csvBody counts an upload's bytes; readCsv counts only when this is set. */
  maxBytes?: number;
  /** Most data rows accepted (413 beyond); default 200 000. */
  maxRows?: number;
}

export const DEFAULT_CSV_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_CSV_MAX_ROWS = 200_000;
/** The most characters one record may hold: a guard against an unclosed quote swallowing the rest of a large file. */
export const CSV_MAX_RECORD_CHARS = 64 * 1024;

/**
 * Counts the bytes streaming through and fails with 413 once there are more
 * than `max` (`onTooLarge` runs first, e.g. to close the connection).
 */
export function byteLimit(max: number, onTooLarge?: () => void): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen <= max) return done(null, chunk);
      onTooLarge?.();
      done(new PayloadTooLargeException(`The CSV file is larger than ${max} bytes; split it`));
    },
  });
}

/** Checks the header row: every required column, no unknown or repeated column. */
export function checkHeader(header: string[], options: Pick<CsvReadOptions, 'required' | 'optional'>): void {
  const known = new Set([...options.required, ...(options.optional ?? [])]);
  const expected = `expected columns: ${options.required.join(',')}${options.optional?.length ? ` (optional: ${options.optional.join(',')})` : ''}`;
  const errors: { field: string; message: string }[] = [];
  const seen = new Set<string>();
  for (const column of header) {
    if (!known.has(column)) errors.push({ field: 'header', message: `unknown column "${column}"; ${expected}` });
    else if (seen.has(column)) errors.push({ field: 'header', message: `column "${column}" appears twice` });
    seen.add(column);
  }
  for (const column of options.required) {
    if (!seen.has(column)) errors.push({ field: 'header', message: `missing column "${column}"; ${expected}` });
  }
  if (errors.length) throw new InvalidInputError(`The CSV header is not valid: ${errors.map((e) => e.message).join('; ')}`, errors);
}

/**
 * The physical lines a record spans: its own, plus the line breaks quoted
 * inside its fields. Counted here rather than taken from csv-parse's
 * `info.lines`, which counts a quoted CRLF as two lines.
 */
function linesOf(record: string[]): number {
  let lines = 1;
  for (const field of record) {
    let at = field.indexOf('\n');
    while (at !== -1) {
      lines++;
      at = field.indexOf('\n', at + 1);
    }
  }
  return lines;
}

/**
 * Reads a UTF-8 CSV stream with a header row, record by record (never the whole
 * body at once). Values are trimmed; blank lines are skipped (but counted: a
 * row's `line` is its physical line, quoted line breaks included); a byte-order
 * mark is dropped; lines may end in CRLF or LF, even mixed. Yields a CsvRow for
 * each data row, or a CsvRowProblem for a row whose field count differs from the
 * header's, so an import can report it by line and go on. A malformed file
 * (e.g. an unclosed quote), a bad header or an empty file is an
 * InvalidInputError (400); too many rows is 413. For an upload, `source` is
 * csvBody(request), which caps its bytes; when the reading stops early, the
 * source is destroyed (csvBody then drains or closes the connection).
 */
export async function* readCsv(source: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow | CsvRowProblem> {
  const maxRows = options.maxRows ?? DEFAULT_CSV_MAX_ROWS;
  if (source.destroyed) throw source.errored ?? new Error('The CSV source was closed before it was read');
  const parser = parse({
    bom: true,
    relax_column_count: true,
    // Blank lines are skipped below, where they still count as lines.
    skip_empty_lines: false,
    trim: true,
    encoding: 'utf8',
    record_delimiter: ['\r\n', '\n'],
    max_record_size: CSV_MAX_RECORD_CHARS,
  });
  // Errors of the source (or the byte limit) end the parser, so the loop below sees them.
  source.on('error', (error) => parser.destroy(error));
  const limit = options.maxBytes === undefined ? null : byteLimit(options.maxBytes);
  if (limit) {
    limit.on('error', (error) => parser.destroy(error));
    source.pipe(limit).pipe(parser);
  } else {
    source.pipe(parser);
  }
  let header: string[] | null = null;
  let rows = 0;
  /** The physical line the next record starts on. */
  let next = 1;
  let failure: unknown = null;
  try {
    for await (const record of parser as AsyncIterable<string[]>) {
      const line = next;
      next += linesOf(record);
      if (record.length === 1 && record[0] === '') continue;
      if (!header) {
        checkHeader(record, options);
        header = record;
        continue;
      }
      if (++rows > maxRows) throw new PayloadTooLargeException(`The CSV file has more than ${maxRows} rows; split it`);
      if (record.length !== header.length) {
        yield { line, reason: `expected ${header.length} fields (${header.join(',')}), found ${record.length}` };
        continue;
      }
      const values: Record<string, string> = {};
      for (let i = 0; i < header.length; i++) values[header[i]] = record[i];
      yield { line, values };
    }
  } catch (error) {
    failure = error;
    if (error instanceof CsvError) {
      throw new InvalidInputError(`The file is not valid CSV (malformed from line ${next}): ${error.message}`, [
        { field: 'body', message: error.message },
      ]);
    }
    throw error;
  } finally {
    if (!source.readableEnded && !source.destroyed) {
      // The rest is not read: a 413 tells the source why (csvBody then closes the connection rather than drain it).
      source.unpipe();
      source.destroy(failure instanceof PayloadTooLargeException ? failure : undefined);
    }
    limit?.destroy();
    parser.destroy();
  }
  if (!header) throw new InvalidInputError('The CSV file is empty; it needs a header row', [{ field: 'body', message: 'is empty' }]);
}

export function isRowProblem(row: CsvRow | CsvRowProblem): row is CsvRowProblem {
  return 'reason' in row;
}
