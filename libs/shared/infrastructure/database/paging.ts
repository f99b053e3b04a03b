import { InvalidInputError, isUuid } from '@kompeten/shared/kernel';

/** The one list shape: `{items, nextCursor}`, keyset-paged by the (time-ordered) id, or by a sort key then the id. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageRequest {
  limit?: number;
  cursor?: string;
}

export type SortDirection = 'asc' | 'desc';

/**
 * A list's documented order: by `column` (a text column, e.g. `e.name` or `p.code`; the id breaks ties), and its
 * direction. Without `column` the list is ordered by id alone (the time of creation).
 */
export interface PageOrder {
  column?: string;
  /** The row's field that holds the sort key, for the cursor. */
  field?: string;
  direction?: SortDirection;
}

interface Cursor {
  key: string | null;
  id: string;
}

/**
 * The cursor is the last id seen (and its sort key, for a list ordered by one), base64url-encoded so clients treat
 * it as opaque. A plain id is a cursor of a list ordered by id.
 */
function decode(cursor: string | undefined, keyed: boolean): Cursor | null {
  if (!cursor) return null;
  const text = Buffer.from(cursor, 'base64url').toString('utf8');
  const refuse = () => InvalidInputError.field('cursor', 'is not a cursor this API issued');
  if (!keyed) {
    if (!isUuid(text)) throw refuse();
    return { key: null, id: text };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw refuse();
  }
  if (!Array.isArray(parsed) || parsed.length !== 2 || typeof parsed[0] !== 'string' || typeof parsed[1] !== 'string' || !isUuid(parsed[1]))
    throw refuse();
  return { key: parsed[0], id: parsed[1] };
}

export function decodeCursor(cursor: string | undefined): string | null {
  return decode(cursor, false)?.id ?? null;
}

export function pageOf<T extends { id: string }>(rows: T[], limit: number, order: PageOrder = {}): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  if (!more) return { items, nextCursor: null };
  const last = items[items.length - 1];
  const text = order.field ? JSON.stringify([String((last as Record<string, unknown>)[order.field] ?? ''), last.id]) : last.id;
  return { items, nextCursor: Buffer.from(text, 'utf8').toString('base64url') };
}

/**
 * Builds the keyset part of a paged query. `where` collects conditions and `params` their values; the answer's
 * `sql` is the `ORDER BY … LIMIT <n+1>` to append. Pass the same `order` to `pageOf`. The sort key's order and
 * the cursor's condition both use the column's collation, so they agree.
 */
export function keyset(
  alias: string,
  request: PageRequest,
  where: string[],
  params: unknown[],
  order: PageOrder = {},
): { limit: number; sql: string } {
  const limit = Math.min(request.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const direction = order.direction === 'desc' ? 'DESC' : 'ASC';
  const after = decode(request.cursor, Boolean(order.column));
  const comparison = direction === 'DESC' ? '<' : '>';
  const key = order.column ?? null;
  if (after) {
    params.push(after.id);
    const id = `$${params.length}`;
    if (key) {
      params.push(after.key);
      where.push(`(${key}, ${alias}.id) ${comparison} ($${params.length}, ${id}::uuid)`);
    } else where.push(`${alias}.id ${comparison} ${id}`);
  }
  const by = key ? `${key} ${direction}, ${alias}.id ${direction}` : `${alias}.id ${direction}`;
  return { limit, sql: `ORDER BY ${by} LIMIT ${limit + 1}` };
}
