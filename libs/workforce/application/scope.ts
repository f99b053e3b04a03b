import { Actor, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';

/**
 * Writes are scoped like reads: an agency admin may change only their own
 * agency's records, and learns nothing (404) about another agency's.
 */
export function assertAgencyWritable(actor: Actor, agencyId: string, entity = 'Agency', key = agencyId): void {
  const agencies = readableAgencyIds(actor);
  if (agencies === null) return;
  if (actor.role === 'AGENCY_ADMIN' && agencies.includes(agencyId.toLowerCase())) return;
  throw new NotFoundError(entity, key);
}

export function assertAgencyReadable(actor: Actor, agencyId: string, entity = 'Agency', key = agencyId): void {
  const agencies = readableAgencyIds(actor);
  if (agencies === null || agencies.includes(agencyId.toLowerCase())) return;
  throw new NotFoundError(entity, key);
}
