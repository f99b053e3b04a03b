import { UnitOfWork } from '@kompeten/shared/infrastructure';

/**
 * Statements and mappings meet under one advisory lock, held to the end of the
 * transaction. Processing new statements takes it shared (intakes do not wait
 * for each other); creating a mapping takes it exclusive before it looks for
 * the statements waiting for it. So a statement processed while a mapping is
 * being created either sees the mapping (it waited for its commit) or is
 * already in the queue when the mapping looks (the mapping waited for it):
 * none is left queued behind a mapping that exists.
 */
const MAPPINGS_LOCK = "hashtext('learning_records.mappings')";

export function lockMappingsShared(uow: UnitOfWork): Promise<unknown> {
  return uow.query(`SELECT pg_advisory_xact_lock_shared(${MAPPINGS_LOCK})`);
}

export function lockMappingsExclusive(uow: UnitOfWork): Promise<unknown> {
  return uow.query(`SELECT pg_advisory_xact_lock(${MAPPINGS_LOCK})`);
}
