import { Injectable } from '@nestjs/common';
import { newId } from '@kompeten/shared/kernel';
import { requestContext } from '../context/request-context';
import { UnitOfWork } from '../database/unit-of-work';

export interface AuditEntry {
  /** `<entity>.<verb>`, e.g. `employee.create`, `employee.import`. */
  action: string;
  entityType: string;
  entityId: string | null;
  agencyId?: string | null;
  before?: unknown;
  after?: unknown;
}

/** Every write is recorded with who did it, in the transaction of the write itself. */
@Injectable()
export class AuditLog {
  constructor(private readonly uow: UnitOfWork) {}

  async record(entry: AuditEntry): Promise<void> {
    if (!this.uow.inTransaction) throw new Error('AuditLog.record must run inside a transaction');
    const ctx = requestContext.current();
    const actor = requestContext.actor();
    await this.uow.query(
      `INSERT INTO audit.audit_log (id, actor_user_id, actor_email, actor_role, request_id, action, entity_type, entity_id, agency_id, before, after)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
      [
        newId(),
        actor.userId,
        actor.email,
        actor.role,
        ctx?.requestId ?? null,
        entry.action,
        entry.entityType,
        entry.entityId,
        entry.agencyId ?? null,
        entry.before === undefined ? null : JSON.stringify(entry.before),
        entry.after === undefined ? null : JSON.stringify(entry.after),
      ],
    );
  }

  /**
   * Set-based form for bulk writes: one audit row per row of `selectSql`,
   * which yields (entity_id, agency_id, before, after).
   */
  async recordSelected(action: string, entityType: string, selectSql: string, params: unknown[]): Promise<void> {
    const actor = requestContext.actor();
    const n = params.length;
    await this.uow.query(
      `INSERT INTO audit.audit_log (id, actor_user_id, actor_email, actor_role, request_id, action, entity_type, entity_id, agency_id, before, after)
       SELECT uuid_v7(), $${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}, $${n + 6}, s.entity_id, s.agency_id, s.before, s.after
         FROM (${selectSql}) s`,
      [...params, actor.userId, actor.email, actor.role, requestContext.requestId() ?? null, action, entityType],
    );
  }
}
