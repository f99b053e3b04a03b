import { Injectable } from '@nestjs/common';
import { IntegrationEvent, newId } from '@kompeten/shared/kernel';
import { UnitOfWork } from '../database/unit-of-work';

export const OUTBOX_CHANNEL = 'kompeten_outbox';

/**
 * The one way to publish an integration event: written to messaging.outbox in
 * the transaction of the change it describes. It must be called inside
 * UnitOfWork.transaction; the relay delivers it after commit.
 */
@Injectable()
export class Outbox {
  constructor(private readonly uow: UnitOfWork) {}

  async publish(...events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    if (!this.uow.inTransaction) throw new Error('Outbox.publish must run inside a transaction');
    await this.uow.query(
      `INSERT INTO messaging.outbox (id, event_name, aggregate_id, payload, occurred_at)
       SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::json[], $5::timestamptz[])`,
      [
        events.map(() => newId()),
        events.map((e) => e.name),
        events.map((e) => e.aggregateId),
        events.map((e) => JSON.stringify(e.payload)),
        events.map((e) => e.occurredAt.toISOString()),
      ],
    );
    await this.wakeRelay();
  }

  /** Wakes the relay when the transaction commits (NOTIFY is delivered on commit only), instead of waiting for its poll. */
  async wakeRelay(): Promise<void> {
    await this.uow.query(`SELECT pg_notify($1, '')`, [OUTBOX_CHANNEL]);
  }
}

/**
 * For set-based writes: an INSERT writing one outbox row per row of `selectSql`,
 * which yields (event_name, aggregate_id, payload). The caller runs it in its
 * transaction and then calls Outbox.wakeRelay().
 */
export function outboxInsertSql(selectSql: string): string {
  return `INSERT INTO messaging.outbox (id, event_name, aggregate_id, payload, occurred_at)
          SELECT uuid_v7(), e.event_name, e.aggregate_id, e.payload, now() FROM (${selectSql}) e`;
}

/**
 * The delivered events' rows (id, payload json, occurred_at), read from the outbox by id, `ids` being a uuid[]
 * parameter: how a batch delivery finds the payloads its job does not carry, and what a subscriber reading its
 * events in SQL (handleBatchInSql) selects from.
 */
export function deliveredPayloadsSql(ids: string): string {
  return `SELECT id, payload, occurred_at FROM messaging.outbox WHERE id = ANY(${ids}::uuid[])`;
}
