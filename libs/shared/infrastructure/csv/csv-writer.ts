import type { Response } from 'express';

/**
 * Writes CSV (RFC 4180): a header row, then one row per record, CRLF line
 * ends. A cell with a comma, a quote or a line break is quoted (quotes
 * doubled); a text cell that a spreadsheet would run as a formula (= + - @,
 * tab, CR first) gets a leading apostrophe. null and undefined are empty.
 */
export function csvText(header: readonly string[], rows: readonly (readonly unknown[])[]): string {
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\r\n') + '\r\n';
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = value instanceof Date ? value.toISOString() : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export const CSV_CONTENT_TYPE = 'text/csv; charset=utf-8';

/**
 * Whether an `Accept` header names a media type (`text/csv`, the xlsx type): the one content negotiation of the
 * API's exports. JSON stays the answer for anything else, `*` wildcards included.
 */
export function accepts(accept: string | undefined, mediaType: string): boolean {
  if (!accept) return false;
  const wanted = mediaType.toLowerCase();
  return accept.split(',').some((part) => {
    const [type, ...params] = part.split(';').map((s) => s.trim().toLowerCase());
    return type === wanted && !params.some((p) => /^q=0(\.0*)?$/.test(p));
  });
}

/** `?format=`: a download a browser link can ask for, beside content negotiation. */
export const EXPORT_FORMATS = ['json', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface DownloadOptions {
  /** `?format=`: `csv` answers CSV whatever the Accept header says; `json` answers JSON. */
  format?: ExportFormat;
  /** The file's name without its extension (the scope and the date, e.g. `KEMENAPARATUR_gap-heatmap_2026-12-08`). */
  filename?: string;
}

/** A download's file name: its parts joined by `_`, each reduced to letters, digits, dots and dashes. */
export function downloadName(...parts: (string | number | null | undefined)[]): string {
  return parts
    .filter((p) => p !== null && p !== undefined && p !== '')
    .map((p) => String(p).replace(/[^A-Za-z0-9.-]+/g, '-'))
    .join('_');
}

/** Today in WIB, for download names. */
export function todayWib(now = new Date()): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric', month: '2-digit', day: '2-digit' }).format(now);
}

/**
 * One answer, two media types: the view as JSON, or on `Accept: text/csv` or `?format=csv` its rows as CSV (header
 * first), as an attachment named `filename`.csv when a name is given. Says `Vary: Accept`, as the answer depends on it.
 */
export function jsonOrCsv<T>(
  accept: string | undefined,
  res: Response,
  view: T,
  header: readonly string[],
  rows: (view: T) => unknown[][],
  options: DownloadOptions = {},
): T | string {
  res.vary('Accept');
  const csv = options.format ? options.format === 'csv' : accepts(accept, 'text/csv');
  if (!csv) return view;
  if (options.filename) res.attachment(`${options.filename}.csv`);
  res.type(CSV_CONTENT_TYPE);
  return csvText(header, rows(view));
}
