import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import { environment } from '@config/environment';
import { QUEUES } from '../queue/queues';
import { OUTBOX_CHANNEL } from './outbox';
import { DeliveredEventReference } from './subscriber';
import { RegisteredSubscriber, SubscriberRegistry } from './subscriber-registry';
import { DownstreamTraces } from './traces';

interface OutboxRow {
  id: string;
  event_name: string;
  aggregate_id: string;
  /** Null for an event only batch subscribers take. */
  payload: object | null;
  occurred_at: Date;
  origin: string | null;
}

export const INTEGRATION_JOB_OPTIONS: JobsOptions = {
  attempts: 12,
  backoff: { type: 'exponential', delay: 500 },
  // Kept long enough that a relay retry after a crash finds the job id and adds nothing.
  removeOnComplete: { age: 24 * 3600, count: 200_000 },
  removeOnFail: { age: 14 * 24 * 3600 },
};

/** BullMQ job ids may not contain ':'; this one is unique per (message, subscriber). */
export function deliveryJobId(outboxId: string, subscriber: string): string {
  return `${outboxId}.${subscriber}`;
}

/** A batch subscriber's job: its first message and how many follow, so the same claim enqueues the same job. */
export function batchDeliveryJobId(firstOutboxId: string, count: number, subscriber: string): string {
  return `${firstOutboxId}+${count}.${subscriber}`;
}

/**
 * The BullMQ priority of bulk deliveries: a batch job of a traced bulk operation (an import) or of a large fan-out.
 * BullMQ takes every job without a priority before any prioritized one, so what one person just did (a single
 * delivery, a small batch) overtakes a bulk wave of any size in the same queue instead of waiting behind it.
 */
export const BULK_DELIVERY_PRIORITY = 10;
/** A batch job of at least this many untraced events (an SKJ change's holders) is bulk work too. */
export const BULK_DELIVERY_MIN_EVENTS = 50;

/**
 * The data of a batch subscriber's job: its events without their payloads, which the delivery reads from the outbox
 * (a claim check). An SKJ change sends 100,000 events to each batch subscriber; carried in the jobs, their payloads
 * were parsed and written again for Redis, held there, and read back, once per subscriber.
 */
export interface DeliveredBatch {
  /** References; a job enqueued before the claim check still carries each payload. */
  events: (DeliveredEventReference & { payload?: object })[];
}

/**
 * Moves committed outbox rows to BullMQ: claims a batch with FOR UPDATE SKIP
 * LOCKED (so relays in several workers never take the same rows) and marks it
 * published in the same statement, enqueues one job per subscriber with a
 * deterministic job id (so a retry never doubles), and commits only once Redis
 * has taken them.
 *
 * It wakes on NOTIFY (a dedicated LISTEN connection, re-established when lost)
 * and polls every OUTBOX_POLL_MS, so a lost notification only delays delivery.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private listenRetry?: NodeJS.Timeout;
  private listenFailures = 0;
  private timer?: NodeJS.Timeout;
  private running = false;
  private wanted = false;
  private stopped = false;
  /** The most rows one batch takes. */
  readonly batchSize = 500;
  /**
   * How long a batch waits for Redis to take its jobs. Past it the batch rolls
   * back (its rows stay unpublished, and jobs Redis takes later are deduplicated
   * by id), so an outage never holds row locks, a transaction or shutdown open.
   */
  enqueueTimeoutMs = 10_000;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: SubscriberRegistry,
    @InjectQueue(QUEUES.integrationEvents) private readonly queue: Queue,
    @InjectQueue(QUEUES.integrationEventBatches) batchQueue?: Queue,
    private readonly traces?: DownstreamTraces,
  ) {
    this.batchQueue = batchQueue ?? queue;
  }

  /** Where batch subscribers' jobs go (the event queue itself when none is given, as in tests). */
  private readonly batchQueue: Queue;

  async onApplicationBootstrap(): Promise<void> {
    // What each event is owed, for the traces of bulk operations (traces.ts).
    await this.traces?.registerSubscriptions(
      this.registry.all().flatMap((s) => s.events.map((eventName) => ({ subscriber: s.name, eventName }))),
    );
    this.timer = setInterval(() => this.kick(), environment().OUTBOX_POLL_MS);
    await this.listen();
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    if (this.listenRetry) clearTimeout(this.listenRetry);
    const listener = this.listener;
    this.listener = undefined;
    await listener?.end().catch(() => undefined);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
  }

  /** LISTENs on a connection of its own; when that fails or is lost, tries again with backoff (the poll covers the gap). */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: environment().DATABASE_URL, keepAlive: true });
    this.listener = client;
    let lost = false;
    const onLost = (error?: Error) => {
      if (lost) return;
      lost = true;
      if (this.listener === client) this.listener = undefined;
      client.removeAllListeners('notification');
      client.end().catch(() => undefined);
      if (this.stopped) return;
      this.logger.warn(`outbox listener lost${error ? `: ${error.message}` : ''}; listening again shortly`);
      const delay = Math.min(500 * 2 ** this.listenFailures++, 30_000);
      this.listenRetry = setTimeout(() => {
        this.listenRetry = undefined;
        void this.listen().then(() => this.kick());
      }, delay);
    };
    client.on('error', onLost);
    client.on('end', () => onLost());
    client.on('notification', () => this.kick());
    try {
      await client.connect();
      await client.query(`LISTEN ${OUTBOX_CHANNEL}`);
      this.listenFailures = 0;
    } catch (error) {
      onLost(error as Error);
    }
  }

  private kick(): void {
    if (this.stopped) return;
    if (this.running) {
      this.wanted = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.wanted = false;
          while (!this.stopped && (await this.relayBatch()) === this.batchSize);
        } while (this.wanted && !this.stopped);
      } catch (error) {
        this.logger.error(`outbox relay: ${(error as Error).message}`);
      } finally {
        this.running = false;
      }
    })();
  }

  /** Relays one batch of at most `limit` rows; answers how many outbox rows it took. */
  async relayBatch(limit = this.batchSize): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      // Claimed and marked published in one statement (rows are written once, not locked and then updated); if Redis
      // does not take the jobs, the transaction rolls back and they stay unpublished. Events that only batch
      // subscribers take travel without their payload: it is not read here.
      const rows: OutboxRow[] = await runner.query(
        `WITH claimed AS (
           UPDATE messaging.outbox o SET published_at = now()
             FROM (SELECT id FROM messaging.outbox WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED) c
            WHERE o.id = c.id
           RETURNING o.seq, o.id, o.event_name, o.aggregate_id,
                     CASE WHEN o.event_name = ANY($2::text[]) THEN NULL ELSE o.payload END AS payload, o.occurred_at, o.origin
         )
         SELECT id, event_name, aggregate_id, payload, occurred_at, origin FROM claimed ORDER BY seq`,
        [limit, this.registry.batchOnlyEvents()],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const jobs: Parameters<Queue['addBulk']>[0] = [];
      const batchJobs: Parameters<Queue['addBulk']>[0] = [];
      // A batch subscriber's traced (bulk) and untraced events go in jobs of their own, so the untraced overtake.
      const batched = new Map<RegisteredSubscriber, { traced: DeliveredBatch['events']; untraced: DeliveredBatch['events'] }>();
      for (const row of rows) {
        const reference: DeliveredEventReference = {
          id: row.id,
          name: row.event_name,
          aggregateId: row.aggregate_id,
          occurredAt: new Date(row.occurred_at).toISOString(),
          ...(row.origin ? { origin: row.origin } : {}),
        };
        for (const subscriber of this.registry.subscribersOf(row.event_name)) {
          if (subscriber.batch) {
            const events = batched.get(subscriber) ?? { traced: [], untraced: [] };
            (row.origin ? events.traced : events.untraced).push(reference);
            batched.set(subscriber, events);
          } else
            jobs.push({
              name: subscriber.name,
              // An event with a subscriber of its own was read with its payload.
              data: { ...reference, payload: row.payload! } satisfies DeliveredEvent,
              opts: { ...INTEGRATION_JOB_OPTIONS, jobId: deliveryJobId(row.id, subscriber.name) },
            });
        }
      }
      // A batch subscriber gets its events of this claim in jobs of at most `batch`, in outbox order.
      for (const [subscriber, { traced, untraced }] of batched) {
        for (const events of [untraced, traced]) {
          for (let at = 0; at < events.length; at += subscriber.batch!) {
            const chunk = events.slice(at, at + subscriber.batch!);
            const data: DeliveredBatch = { events: chunk };
            const bulk = events === traced || chunk.length >= BULK_DELIVERY_MIN_EVENTS;
            batchJobs.push({
              name: subscriber.name,
              data,
              opts: {
                ...INTEGRATION_JOB_OPTIONS,
                jobId: batchDeliveryJobId(chunk[0].id, chunk.length, subscriber.name),
                ...(bulk ? { priority: BULK_DELIVERY_PRIORITY } : {}),
              },
            });
          }
        }
      }
      if (jobs.length) await this.enqueue(this.queue, jobs);
      if (batchJobs.length) await this.enqueue(this.batchQueue, batchJobs);
      await runner.commitTransaction();
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }

  private async enqueue(queue: Queue, jobs: Parameters<Queue['addBulk']>[0]): Promise<void> {
    let timeout: NodeJS.Timeout | undefined;
    const added = queue.addBulk(jobs);
    added.catch(() => undefined);
    try {
      await Promise.race([
        added,
        new Promise<never>((_, reject) => {
          timeout = setTimeout(
            () => reject(new Error(`Redis did not take ${jobs.length} jobs within ${this.enqueueTimeoutMs} ms`)),
            this.enqueueTimeoutMs,
          );
        }),
      ]);
    } finally {
      clearTimeout(timeout);
    }
  }
}
