import { SetMetadata } from '@nestjs/common';
import { DeliveredEvent } from '@kompeten/shared/kernel';

export const SUBSCRIBER_METADATA = 'kompeten:integration-event-subscriber';

export interface SubscriberOptions {
  /** Stable and unique: `<context>.<purpose>`. It keys the inbox and the job ids. */
  name: string;
  /** Event names from the catalogue this subscriber handles. */
  events: string[];
  /**
   * Deliver up to this many events per job, to handleBatch (or handleBatchInSql), for subscribers of events that come by the thousand
   * (every holder's profile after an SKJ change). Each event still has its own inbox row.
   */
  batch?: number;
}

/**
 * A delivered event without its payload, which stays in the outbox (read in SQL with deliveredPayloadsSql), and the
 * trace of the bulk operation it belongs to, if any (messaging/traces.ts).
 */
export type DeliveredEventReference = Omit<DeliveredEvent, 'payload'> & { origin?: string };

/** An event's reference: what a batch job carries and handleBatchInSql receives. */
export function referenceOf({ id, name, aggregateId, occurredAt, origin }: DeliveredEventReference): DeliveredEventReference {
  return { id, name, aggregateId, occurredAt, ...(origin ? { origin } : {}) };
}

/**
 * A subscriber to integration events. Its handle() runs inside a transaction
 * that also records the message in the inbox, so it takes effect at most once;
 * the relay and BullMQ retries make it at least once.
 */
export interface IntegrationEventHandler {
  handle(event: DeliveredEvent): Promise<void>;
  /**
   * For a subscriber with `batch`: the events of one delivery not handled before (in outbox order), in one
   * transaction with their inbox rows.
   */
  handleBatch?(events: DeliveredEvent[]): Promise<void>;
  /**
   * Instead of handleBatch, for a subscriber with `batch` whose write is set-based SQL: the same events without
   * their payloads, which its statements read from the outbox (deliveredPayloadsSql), so they never pass through
   * node. Also in one transaction with the inbox rows.
   */
  handleBatchInSql?(events: DeliveredEventReference[]): Promise<void>;
}

export const IntegrationEventSubscriber = (options: SubscriberOptions) => SetMetadata(SUBSCRIBER_METADATA, options);
