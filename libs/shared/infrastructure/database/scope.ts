import { Actor, readableAgencyIds } from '@kompeten/shared/kernel';

/**
 * Adds the actor's agency scope to a query's conditions: the one way rows of
 * other agencies are kept out of lists and lookups.
 */
export function scopeToAgencies(actor: Actor, column: string, where: string[], params: unknown[]): void {
  const agencies = readableAgencyIds(actor);
  if (agencies === null) return;
  params.push(agencies);
  where.push(`${column} = ANY($${params.length}::uuid[])`);
}

/**
 * Adds the employee-owned rows (needs, enrolments, records …) an actor may read
 * to a query's conditions: an employee their own, an assessor none, admins their
 * agencies' (ministry admins all).
 */
export function scopeToEmployees(actor: Actor, employeeColumn: string, agencyColumn: string, where: string[], params: unknown[]): void {
  if (actor.role === 'EMPLOYEE') {
    params.push(actor.employeeId);
    where.push(`${employeeColumn} = $${params.length}::uuid`);
    return;
  }
  if (actor.role === 'ASSESSOR') {
    where.push('false');
    return;
  }
  scopeToAgencies(actor, agencyColumn, where, params);
}

/** An `ILIKE` pattern matching a search text anywhere, its wildcards taken literally. */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** Adds `column = ?` for a value (a filter) to a query's conditions. */
export function whereEquals(column: string, value: unknown, where: string[], params: unknown[], cast = ''): void {
  if (value === undefined || value === null || value === '') return;
  params.push(value);
  where.push(`${column} = $${params.length}${cast}`);
}

export function whereSql(where: string[]): string {
  return where.length ? `WHERE ${where.join(' AND ')}` : '';
}
