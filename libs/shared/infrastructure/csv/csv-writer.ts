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

/**
 * One answer, two media types: the view as JSON, or on `Accept: text/csv` its rows as CSV (header first). Says
 * `Vary: Accept`, as the answer depends on it.
 */
export function jsonOrCsv<T>(
  accept: string | undefined,
  res: Response,
  view: T,
  header: readonly string[],
  rows: (view: T) => unknown[][],
): T | string {
  res.vary('Accept');
  if (!accepts(accept, 'text/csv')) return view;
  res.type(CSV_CONTENT_TYPE);
  return csvText(header, rows(view));
}
