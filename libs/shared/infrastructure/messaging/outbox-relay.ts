import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { JobsOptions, Queue } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { environment } from '@config/environment';
import { QUEUES } from '../queue/queues';
import { OUTBOX_CHANNEL } from './outbox';
import { SubscriberRegistry } from './subscriber-registry';

interface OutboxRow {
  id: string;
  event_name: string;
  aggregate_id: string;
  payload: object;
  occurred_at: Date;
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

/**
 * Moves committed outbox rows to BullMQ: claims a batch with FOR UPDATE SKIP
 * LOCKED (so relays in several workers never take the same rows), enqueues one
 * job per subscriber with a deterministic job id (so a retry never doubles), and
 * marks the rows published in the same transaction that held the lock.
 */
@Injectable()
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private listener?: Client;
  private timer?: NodeJS.Timeout;
  private running = false;
  private wanted = false;
  private stopped = false;
  private readonly batchSize = 500;

  constructor(
    private readonly dataSource: DataSource,
    private readonly registry: SubscriberRegistry,
    @InjectQueue(QUEUES.integrationEvents) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const env = environment();
    this.listener = new Client({ connectionString: env.DATABASE_URL });
    this.listener.on('error', (error) => this.logger.warn(`outbox listener: ${error.message}`));
    await this.listener.connect();
    this.listener.on('notification', () => this.kick());
    await this.listener.query(`LISTEN ${OUTBOX_CHANNEL}`);
    this.timer = setInterval(() => this.kick(), env.OUTBOX_POLL_MS);
    this.kick();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.listener?.end().catch(() => undefined);
    while (this.running) await new Promise((r) => setTimeout(r, 20));
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

  /** Relays one batch; answers how many outbox rows it took. */
  async relayBatch(): Promise<number> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const rows: OutboxRow[] = await runner.query(
        `SELECT id, event_name, aggregate_id, payload, occurred_at FROM messaging.outbox
          WHERE published_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [this.batchSize],
      );
      if (rows.length === 0) {
        await runner.commitTransaction();
        return 0;
      }
      const jobs = rows.flatMap((row) =>
        this.registry.subscribersOf(row.event_name).map((subscriber) => ({
          name: subscriber.name,
          data: {
            id: row.id,
            name: row.event_name,
            aggregateId: row.aggregate_id,
            payload: row.payload,
            occurredAt: new Date(row.occurred_at).toISOString(),
          },
          opts: { ...INTEGRATION_JOB_OPTIONS, jobId: deliveryJobId(row.id, subscriber.name) },
        })),
      );
      if (jobs.length) await this.queue.addBulk(jobs);
      await runner.query(`UPDATE messaging.outbox SET published_at = now() WHERE id = ANY($1::uuid[])`, [rows.map((r) => r.id)]);
      await runner.commitTransaction();
      return rows.length;
    } catch (error) {
      if (runner.isTransactionActive) await runner.rollbackTransaction().catch(() => undefined);
      throw error;
    } finally {
      await runner.release();
    }
  }
}
