import { Actor } from '@kompeten/shared/kernel';

/**
 * Who sees what in Feedback: an employee their own needs and evaluations;
 * agency admins their agency's; ministry admins all; assessors none. Anything
 * outside is not found (404), never shown (the kernel's canReadEmployee,
 * assertAdminOf and canReadAgencyOwned). Only admins read evaluation comments.
 */
export function isAdmin(actor: Actor): boolean {
  return actor.role === 'MINISTRY_ADMIN' || actor.role === 'AGENCY_ADMIN' || actor.role === 'SYSTEM';
}
