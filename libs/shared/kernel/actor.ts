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
