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
