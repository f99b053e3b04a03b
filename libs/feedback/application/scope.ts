import { Actor, ForbiddenError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';

/**
 * Who sees what in Feedback: an employee their own needs and evaluations;
 * agency admins their agency's; ministry admins all; assessors none. Anything
 * outside is not found (404), never shown.
 */
export function canReadEmployee(actor: Actor, employee: { id: string; agencyId: string }): boolean {
  if (actor.role === 'EMPLOYEE') return actor.employeeId === employee.id;
  if (actor.role === 'ASSESSOR') return false;
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(employee.agencyId);
}

export function assertCanReadEmployee(
  actor: Actor,
  employee: { id: string; agencyId: string },
  what = 'Employee',
  key = employee.id,
): void {
  if (!canReadEmployee(actor, employee)) throw new NotFoundError(what, key);
}

export function isAdminOf(actor: Actor, agencyId: string): boolean {
  return actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM' || (actor.role === 'AGENCY_ADMIN' && actor.agencyId === agencyId);
}

export function isAdmin(actor: Actor): boolean {
  return actor.role === 'MINISTRY_ADMIN' || actor.role === 'AGENCY_ADMIN' || actor.role === 'SYSTEM';
}

/** Admin-only acts: the employee themself gets 403, anyone else outside 404. */
export function assertAdminOf(actor: Actor, employee: { id: string; agencyId: string }, what: string, key: string): void {
  if (isAdminOf(actor, employee.agencyId)) return;
  assertCanReadEmployee(actor, employee, what, key);
  throw new ForbiddenError('Only an admin of the employee’s agency may do this');
}

/** A program of the catalogue is readable when national or of an agency the actor sees. */
export function canReadProgram(actor: Actor, programAgencyId: string | null): boolean {
  if (programAgencyId === null) return true;
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(programAgencyId);
}
