import { Actor, ForbiddenError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';

/**
 * Who owns a competency: the ministry (national: every managerial and
 * sociocultural competency, and national technical ones), or one agency
 * (its technical competencies).
 */
export interface Owner {
  agencyId: string | null;
}

/** National competencies are for everyone to read; an agency's technical ones for those who see that agency. */
export function canRead(actor: Actor, owner: Owner): boolean {
  if (owner.agencyId === null) return true;
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(owner.agencyId);
}

export type ManageAccess = 'granted' | 'read-only' | 'hidden';

/**
 * Ministry admins manage every competency; an agency admin manages only their
 * agency's technical ones. Someone who can read a competency but not change it
 * is refused (403); someone who cannot read it learns nothing (404).
 */
export function manageAccess(actor: Actor, owner: Owner): ManageAccess {
  if (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM') return 'granted';
  if (actor.role === 'AGENCY_ADMIN' && owner.agencyId !== null && owner.agencyId === actor.agencyId) return 'granted';
  return canRead(actor, owner) ? 'read-only' : 'hidden';
}

export function assertCanManage(actor: Actor, owner: Owner, code: string): void {
  const access = manageAccess(actor, owner);
  if (access === 'hidden') throw new NotFoundError('Competency', code);
  if (access === 'read-only') {
    throw new ForbiddenError(
      owner.agencyId === null
        ? `Competency ${code} is national: only the ministry changes it; agencies read it`
        : `Competency ${code} belongs to an agency; only its agency admins change it`,
    );
  }
}

/** The owner an actor means when they leave agencyId out: an agency admin their own agency, anyone else the ministry. */
export function defaultOwner(actor: Actor, given: string | null | undefined): string | null {
  if (given !== undefined) return given;
  return actor.role === 'AGENCY_ADMIN' ? actor.agencyId : null;
}
