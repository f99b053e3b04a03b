import { AuditLog } from '@kompeten/shared/infrastructure';

export interface AuditedChange {
  entityId: string;
  agencyId: string | null;
  before: unknown;
  after: unknown;
}

/** One audit row per change, written in one statement (imports change many records at once). */
export async function auditChanges(audit: AuditLog, action: string, entityType: string, changes: readonly AuditedChange[]): Promise<void> {
  if (changes.length === 0) return;
  await audit.recordSelected(
    action,
    entityType,
    `SELECT * FROM unnest($1::text[], $2::uuid[], $3::jsonb[], $4::jsonb[]) AS s(entity_id, agency_id, before, after)`,
    [
      changes.map((c) => c.entityId),
      changes.map((c) => c.agencyId),
      changes.map((c) => (c.before === null || c.before === undefined ? null : JSON.stringify(c.before))),
      changes.map((c) => (c.after === null || c.after === undefined ? null : JSON.stringify(c.after))),
    ],
  );
}
