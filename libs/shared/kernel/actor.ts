import { ForbiddenError, NotFoundError } from './errors';

/** Who is acting: the signed-in user as the token says, or the system itself. */
export type Role = 'MINISTRY_ADMIN' | 'AGENCY_ADMIN' | 'ASSESSOR' | 'EMPLOYEE';
export const ROLES: readonly Role[] = ['MINISTRY_ADMIN', 'AGENCY_ADMIN', 'ASSESSOR', 'EMPLOYEE'];

export interface Actor {
  readonly userId: string | null;
  readonly email: string;
  readonly role: Role | 'SYSTEM';
  /** The agency an AGENCY_ADMIN or EMPLOYEE belongs to. */
  readonly agencyId: string | null;
  /** The employee record an EMPLOYEE user is. */
  readonly employeeId: string | null;
  /** The agencies an ASSESSOR is assigned to. */
  readonly assessorAgencyIds: readonly string[];
}

export const SYSTEM_ACTOR: Actor = {
  userId: null,
  email: 'system',
  role: 'SYSTEM',
  agencyId: null,
  employeeId: null,
  assessorAgencyIds: [],
};

/** Ministry admins and the system see every agency. */
export function seesAllAgencies(actor: Actor): boolean {
  return actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM';
}

/**
 * The agencies an actor may read, or null for all. Every query that lists or
 * loads agency-owned rows filters with this, so scoping lives in SQL.
 */
export function readableAgencyIds(actor: Actor): string[] | null {
  if (seesAllAgencies(actor)) return null;
  if (actor.role === 'ASSESSOR') return [...actor.assessorAgencyIds];
  return actor.agencyId ? [actor.agencyId] : [];
}

/**
 * Who may read an employee's own records (their development, their stated
 * needs and evaluations): the employee themself, and whoever reads their
 * agency. Assessors read none of these (Assessment has its own rule for them).
 */
export function canReadEmployee(actor: Actor, employee: { id: string; agencyId: string }): boolean {
  if (actor.role === 'EMPLOYEE') return actor.employeeId === employee.id;
  if (actor.role === 'ASSESSOR') return false;
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(employee.agencyId) || actor.employeeId === employee.id;
}

/** The employee, or 404 for someone who may not know them. */
export function assertCanReadEmployee(
  actor: Actor,
  employee: { id: string; agencyId: string },
  what = 'Employee',
  key = employee.id,
): void {
  if (!canReadEmployee(actor, employee)) throw new NotFoundError(what, key);
}

/** Ministry admins (and the system) and the admins of the agency. */
export function isAdminOf(actor: Actor, agencyId: string): boolean {
  return seesAllAgencies(actor) || (actor.role === 'AGENCY_ADMIN' && actor.agencyId === agencyId);
}

/** Admin-only acts on an employee's records: others who can see the employee (themself) get 403, the rest 404. */
export function assertAdminOf(actor: Actor, employee: { id: string; agencyId: string }, what = 'Employee', key = employee.id): void {
  if (isAdminOf(actor, employee.agencyId)) return;
  assertCanReadEmployee(actor, employee, what, key);
  throw new ForbiddenError('Only an admin of the employee’s agency may do this');
}

/** A record that is national (no owning agency: everyone reads it) or owned by an agency the actor reads (e.g. a training program). */
export function canReadAgencyOwned(actor: Actor, ownerAgencyId: string | null): boolean {
  if (ownerAgencyId === null) return true;
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(ownerAgencyId);
}
