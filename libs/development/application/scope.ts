import { Actor, canReadAgencyOwned, ForbiddenError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';

/**
 * Who sees and changes what in Development:
 * - programs and their sessions: national ones are everyone's to read; an
 *   agency's for those who see that agency; ministry admins manage all, an
 *   agency admin their agency's (a national one is read-only: 403);
 * - an employee's enrolments, records, JP and plan: ministry admins, the
 *   admins of the employee's agency, and the employee themself;
 * - anything outside that is not found (404), never shown.
 * Reading an employee's records: canReadEmployee and assertAdminOf in the kernel.
 */
export function assertCanReadProgram(actor: Actor, programAgencyId: string | null, what: string, key: string): void {
  if (!canReadAgencyOwned(actor, programAgencyId)) throw new NotFoundError(what, key);
}

export function assertCanManageProgram(actor: Actor, programAgencyId: string | null, what: string, key: string): void {
  assertCanReadProgram(actor, programAgencyId, what, key);
  if (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM') return;
  if (actor.role === 'AGENCY_ADMIN' && programAgencyId !== null && programAgencyId === actor.agencyId) return;
  throw new ForbiddenError(
    programAgencyId === null
      ? 'National programs are the ministry’s: agencies read them and run enrolments into them'
      : 'Only the agency’s admins manage its programs',
  );
}

/**
 * Sessions: ministry admins schedule any; an agency admin schedules sessions
 * of their agency's programs and hosts sessions of national ones. A session is
 * managed by the admins of its host agency (the ministry's by the ministry).
 */
export function hostFor(actor: Actor, programAgencyId: string | null, programId: string): string | null {
  assertCanReadProgram(actor, programAgencyId, 'Training program', programId);
  if (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM') return programAgencyId;
  if (actor.role === 'AGENCY_ADMIN' && actor.agencyId && (programAgencyId === null || programAgencyId === actor.agencyId))
    return actor.agencyId;
  throw new ForbiddenError('Only admins schedule sessions');
}

export function assertCanManageSession(actor: Actor, programAgencyId: string | null, hostAgencyId: string | null, sessionId: string): void {
  assertCanReadProgram(actor, programAgencyId, 'Training session', sessionId);
  if (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM') return;
  if (actor.role === 'AGENCY_ADMIN' && hostAgencyId !== null && hostAgencyId === actor.agencyId) return;
  throw new ForbiddenError('Only the admins of the agency hosting the session (or the ministry) manage it');
}

/** Adds the catalogue an actor may read (national programs and their agencies') to a query's conditions. */
export function scopeToCatalogue(actor: Actor, column: string, where: string[], params: unknown[]): void {
  const agencies = readableAgencyIds(actor);
  if (agencies === null) return;
  params.push(agencies);
  where.push(`(${column} IS NULL OR ${column} = ANY($${params.length}::uuid[]))`);
}
