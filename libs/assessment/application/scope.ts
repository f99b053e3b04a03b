import { Actor, ForbiddenError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';

/** Who may read an employee's assessments and profile: admins of the agency, its assigned assessors, the employee. */
export function assertCanRead(actor: Actor, agencyId: string, employeeId: string, what = 'Employee', key = employeeId): void {
  if (actor.role === 'EMPLOYEE') {
    if (actor.employeeId === employeeId) return;
    throw new NotFoundError(what, key);
  }
  const agencies = readableAgencyIds(actor);
  if (agencies === null || agencies.includes(agencyId)) return;
  throw new NotFoundError(what, key);
}

/**
 * Who may record an assessment: ministry admins, the agency's admins, assessors
 * assigned to the agency; an employee only a SELF assessment of themself.
 */
export function assertCanAssess(
  actor: Actor,
  agencyId: string,
  employeeId: string,
  method: string,
  what = 'Employee',
  key = employeeId,
): void {
  assertCanRead(actor, agencyId, employeeId, what, key);
  if (actor.role === 'EMPLOYEE' && method !== 'SELF') throw new ForbiddenError('An employee may record only a SELF assessment of themself');
}
