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

export interface CsvReadOptions {
  /** Columns every file must have. */
  required: readonly string[];
  /** Columns a file may have; any other column is refused. */
  optional?: readonly string[];
  /** Largest body accepted (413 beyond); default 20 MiB. */
  maxBytes?: number;
  /** Most data rows accepted (413 beyond); default 200 000. */
  maxRows?: number;
}

export const DEFAULT_CSV_MAX_BYTES = 20 * 1024 * 1024;
export const DEFAULT_CSV_MAX_ROWS = 200_000;

/** Counts the bytes streaming through and fails once there are more than `max`. */
function byteLimit(max: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > max) done(new PayloadTooLargeException(`The CSV file is larger than ${max} bytes`));
      else done(null, chunk);
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
 * Reads a UTF-8 CSV stream with a header row, record by record (never the whole
 * body at once). Values are trimmed; empty lines are skipped; a byte-order mark
 * is dropped. Yields a CsvRow for each data row, or a CsvRowProblem for a row
 * whose field count differs from the header's, so an import can report it by
 * line and go on. A malformed file (e.g. an unclosed quote) or a bad header is
 * an InvalidInputError (400); too large a file is 413.
 */
export async function* readCsv(source: Readable, options: CsvReadOptions): AsyncGenerator<CsvRow | CsvRowProblem> {
  const maxRows = options.maxRows ?? DEFAULT_CSV_MAX_ROWS;
  // Lines may end in CRLF (spreadsheets) or LF, even mixed in one file.
  const parser = parse({
    bom: true,
    info: true,
    relax_column_count: true,
    skip_empty_lines: true,
    trim: true,
    encoding: 'utf8',
    record_delimiter: ['\r\n', '\n'],
  });
  const limit = byteLimit(options.maxBytes ?? DEFAULT_CSV_MAX_BYTES);
  // Errors of the source or the limit end the parser, so the loop below sees them.
  source.on('error', (error) => parser.destroy(error));
  limit.on('error', (error) => parser.destroy(error));
  source.pipe(limit).pipe(parser);
  let header: string[] | null = null;
  let rows = 0;
  let tooLarge = false;
  try {
    for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
      // info.lines is the line the record ends on; a quoted field may span lines.
      const line = info.lines - record.reduce((n, value) => n + (value.match(/\n/g)?.length ?? 0), 0);
      if (!header) {
        header = record;
        checkHeader(header, options);
        continue;
      }
      if (++rows > maxRows) throw new PayloadTooLargeException(`The CSV file has more than ${maxRows} rows; split it`);
      if (record.length !== header.length) {
        yield { line, reason: `has ${record.length} fields; the header has ${header.length}` };
        continue;
      }
      const values: Record<string, string> = {};
      header.forEach((column, i) => (values[column] = record[i]));
      yield { line, values };
    }
  } catch (error) {
    if (error instanceof CsvError) {
      const at = (error as CsvError & { lines?: number }).lines;
      throw new InvalidInputError(`The CSV file is malformed${at ? ` at line ${at}` : ''}: ${error.message}`, [
        { field: 'body', message: error.message },
      ]);
    }
    tooLarge = error instanceof PayloadTooLargeException;
    throw error;
  } finally {
    source.unpipe(limit);
    limit.destroy();
    if (tooLarge) {
      // The rest is not worth reading: answer, then close the connection (when the source is an HTTP request).
      const response = (source as Readable & { res?: { headersSent: boolean; setHeader(name: string, value: string): void } }).res;
      if (response && !response.headersSent) response.setHeader('Connection', 'close');
    } else if (!source.readableEnded && !source.destroyed) {
      // Read (and drop) what the client is still sending, so it gets the answer rather than a stalled upload.
      source.resume();
    }
  }
  if (!header) throw new InvalidInputError('The CSV file is empty; it needs a header row', [{ field: 'body', message: 'is empty' }]);
}

export function isRowProblem(row: CsvRow | CsvRowProblem): row is CsvRowProblem {
  return 'reason' in row;
}
