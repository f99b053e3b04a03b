import { InvalidInputError, isUuid } from '@kompeten/shared/kernel';

/** The one list shape: `{items, nextCursor}`, keyset-paged by the (time-ordered) id. */
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

/** The cursor is the last id seen, base64url-encoded so clients treat it as opaque. */
export function decodeCursor(cursor: string | undefined): string | null {
  if (!cursor) return null;
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  if (!isUuid(id)) throw InvalidInputError.field('cursor', 'is not a cursor this API issued');
  return id;
}

export function pageOf<T extends { id: string }>(rows: T[], limit: number): Page<T> {
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more ? Buffer.from(items[items.length - 1].id, 'utf8').toString('base64url') : null };
}

/**
 * Builds the keyset part of a paged query. `where` collects conditions and
 * `params` their values; the caller appends `ORDER BY <alias>.id LIMIT <n+1>`.
 */
export function keyset(alias: string, request: PageRequest, where: string[], params: unknown[]): { limit: number; sql: string } {
  const limit = Math.min(request.limit ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const after = decodeCursor(request.cursor);
  if (after) {
    params.push(after);
    where.push(`${alias}.id > $${params.length}`);
  }
  return { limit, sql: `ORDER BY ${alias}.id LIMIT ${limit + 1}` };
}
