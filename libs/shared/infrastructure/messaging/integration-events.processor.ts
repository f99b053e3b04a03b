import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { Job, Queue, Worker } from 'bullmq';
import { DeliveredEvent, SYSTEM_ACTOR } from '@kompeten/shared/kernel';
import { queueLockMs } from '@config/environment';
import { requestContext } from '../context/request-context';
import { UnitOfWork } from '../database/unit-of-work';
import { INTEGRATION_BATCH_CONCURRENCY, INTEGRATION_EVENT_CONCURRENCY, QUEUES } from '../queue/queues';
import { deliveredPayloadsSql } from './outbox';
import { DeliveredBatch } from './outbox-relay';
import { DeliveredEventReference, referenceOf } from './subscriber';
import { DownstreamTraces } from './traces';
import { RegisteredSubscriber, SubscriberRegistry } from './subscriber-registry';

/**
 * Delivers one integration event to one subscriber: records (message, subscriber)
 * in the inbox and runs the handler in ONE transaction, so a redelivery after a
 * crash finds the inbox row and does nothing.
 */
@Processor(QUEUES.integrationEvents, {
  concurrency: INTEGRATION_EVENT_CONCURRENCY,
  lockDuration: queueLockMs(),
  stalledInterval: queueLockMs(),
  maxStalledCount: 10,
})
export class IntegrationEventsProcessor extends WorkerHost {
  private readonly logger = new Logger(IntegrationEventsProcessor.name);

  constructor(
    private readonly registry: SubscriberRegistry,
    private readonly uow: UnitOfWork,
    private readonly traces: DownstreamTraces,
  ) {
    super();
  }

  async process(job: Job<DeliveredEvent | DeliveredBatch>): Promise<'handled' | 'duplicate'> {
    const subscriber = this.registry.get(job.name);
    if (!subscriber) throw new Error(`No subscriber named ${job.name} in this worker`);
    if ('events' in job.data) return this.deliverBatch(subscriber, job.data.events);
    const event = job.data as DeliveredEvent & Pick<DeliveredEventReference, 'origin'>;
    return requestContext.run({ requestId: `event-${event.id}`, actor: SYSTEM_ACTOR }, () =>
      this.uow.transaction(async () => {
        const recorded = await this.uow.query(
          `INSERT INTO messaging.inbox (message_id, subscriber, event_name) VALUES ($1, $2, $3)
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [event.id, subscriber.name, event.name],
        );
        if (recorded.length === 0) {
          this.logger.debug(`${subscriber.name} already handled ${event.name} ${event.id}`);
          return 'duplicate' as const;
        }
        // What the handler publishes in reply belongs to the event's trace.
        if (event.origin) await this.traces.follow(event.origin);
        await subscriber.handler.handle(event);
        return 'handled' as const;
      }),
    );
  }

  /**
   * A batch subscriber's delivery: the inbox rows of every event and the handler over those not handled before, in
   * ONE transaction. A redelivery, or another batch holding some of the same events, handles only the rest.
   */
  private deliverBatch(subscriber: RegisteredSubscriber, events: DeliveredBatch['events']): Promise<'handled' | 'duplicate'> {
    return requestContext.run({ requestId: `events-${events[0]?.id}`, actor: SYSTEM_ACTOR }, () =>
      this.uow.transaction(async () => {
        const recorded = await this.uow.query<{ message_id: string }>(
          `INSERT INTO messaging.inbox (message_id, subscriber, event_name)
           SELECT e.id, $2, e.name FROM unnest($1::uuid[], $3::text[]) AS e(id, name)
           ON CONFLICT DO NOTHING RETURNING message_id`,
          [events.map((e) => e.id), subscriber.name, events.map((e) => e.name)],
        );
        const fresh = new Set(recorded.map((r) => r.message_id));
        const todo = events.filter((e) => fresh.has(e.id));
        if (todo.length === 0) return 'duplicate' as const;
        const { handler } = subscriber;
        // Each trace's events are handled under it, so what the handler publishes in reply belongs to it (a batch
        // mixes traces only when several bulk operations run at once).
        for (const [origin, events] of byOrigin(todo)) {
          await this.traces.follow(origin);
          if (handler.handleBatchInSql) await handler.handleBatchInSql(events.map(referenceOf));
          else await handler.handleBatch!(await this.withPayloads(events));
        }
        return 'handled' as const;
      }),
    );
  }

  /** The payloads of a batch's events, read from the outbox (kept there 30 days, past any retry of the job). */
  private async withPayloads(events: DeliveredBatch['events']): Promise<DeliveredEvent[]> {
    const missing = events.filter((e) => !e.payload).map((e) => e.id);
    const payloads = new Map<string, object>();
    if (missing.length) {
      const rows = await this.uow.query<{ id: string; payload: object }>(deliveredPayloadsSql('$1'), [missing]);
      for (const row of rows) payloads.set(row.id, row.payload);
    }
    return events.map((e) => {
      const payload = e.payload ?? payloads.get(e.id);
      if (!payload) throw new Error(`Event ${e.name} ${e.id} is no longer in the outbox`);
      return { ...e, payload };
    });
  }
}

/** A batch's events by trace (none first), each in outbox order. */
function byOrigin(events: DeliveredBatch['events']): Map<string | null, DeliveredBatch['events']> {
  const groups = new Map<string | null, DeliveredBatch['events']>();
  for (const event of events) {
    const key = event.origin ?? null;
    const group = groups.get(key) ?? [];
    group.push(event);
    groups.set(key, group);
  }
  return groups;
}

/** How long a batch delivery gives way to maintenance work at most, counted from when it was enqueued. */
export const BATCH_DELIVERY_MAX_GIVE_WAY_MS = 10_000;
/** How long batch deliveries pause, in every worker, each time they give way. */
const GIVE_WAY_PAUSE_MS = 200;

/**
 * Batch subscribers' deliveries (QUEUES.integrationEventBatches): the same delivery, two jobs at a time.
 *
 * They give way to on-demand maintenance work (ADR 0003): while maintenance jobs wait or run, a delivery enqueued
 * less than BATCH_DELIVERY_MAX_GIVE_WAY_MS ago goes back to the queue (not counted as an attempt) and the queue pauses
 * briefly. The batch deliveries are read models catching up, mostly with what that work produces (an SKJ change's
 * 100,000 profiles are one maintenance job per 2,000 holders, and their CompetencyProfileChanged 200 batch deliveries
 * per subscriber): taking the same two cores meanwhile, they made the profiles take a third longer to be current, and
 * caught up no sooner, since they wait for those profiles anyway. The bound keeps a long maintenance run (an agency's
 * recommendations recomputed) from holding them back, and with them what a user just did reaching a read model (an
 * assessment's gaps and recommendations go through a batch subscriber), for more than a few seconds.
 */
@Processor(QUEUES.integrationEventBatches, {
  concurrency: INTEGRATION_BATCH_CONCURRENCY,
  lockDuration: queueLockMs(),
  stalledInterval: queueLockMs(),
  maxStalledCount: 10,
})
export class IntegrationEventBatchesProcessor extends IntegrationEventsProcessor {
  constructor(
    registry: SubscriberRegistry,
    uow: UnitOfWork,
    traces: DownstreamTraces,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {
    super(registry, uow, traces);
  }

  override async process(job: Job<DeliveredEvent | DeliveredBatch>): Promise<'handled' | 'duplicate'> {
    // Only bulk deliveries give way: a small batch is what someone just did (BULK_DELIVERY_PRIORITY).
    if (job.opts.priority && Date.now() - job.timestamp < BATCH_DELIVERY_MAX_GIVE_WAY_MS && (await this.maintenanceBusy())) {
      await this.worker.rateLimit(GIVE_WAY_PAUSE_MS);
      throw Worker.RateLimitError();
    }
    return super.process(job);
  }

  /** Maintenance jobs waiting or running; the delayed ones (job schedulers' next runs, retries) do not count. */
  private async maintenanceBusy(): Promise<boolean> {
    const counts = await this.maintenance.getJobCounts('active', 'waiting', 'prioritized');
    return counts.active + counts.waiting + counts.prioritized > 0;
  }
}
