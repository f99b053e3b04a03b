import { resetPipeline } from './pipeline';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { integrationEvent, newId } from '@kompeten/shared/kernel';
import {
  dataSourceOptions,
  deliveryJobId,
  MESSAGING_PROBE_EVENT,
  Outbox,
  QUEUES,
  redisOptions,
  UnitOfWork,
} from '@kompeten/shared/infrastructure';
import { MessagingProbeSubscriber } from '@kompeten/shared/infrastructure/messaging/messaging-probe';
import type { MessagingProbePayload } from '@kompeten/shared/infrastructure/messaging/messaging-probe';
import { OutboxRelay } from '@kompeten/shared/infrastructure/messaging/outbox-relay';
import { SubscriberRegistry } from '@kompeten/shared/infrastructure/messaging/subscriber-registry';

export const PROBE_SUBSCRIBER = 'messaging.probe';

/** What a test needs to watch the messaging pipeline from outside: the database, the outbox, the integration-events queue. */
export class MessagingHarness {
  readonly uow: UnitOfWork;
  readonly outbox: Outbox;
  readonly queue: Queue;

  private constructor(readonly db: DataSource) {
    this.uow = new UnitOfWork(db);
    this.outbox = new Outbox(this.uow);
    this.queue = new Queue(QUEUES.integrationEvents, { connection: redisOptions(process.env.REDIS_URL!) });
  }

  static async open(): Promise<MessagingHarness> {
    const db = new DataSource(dataSourceOptions(process.env.DATABASE_URL!, { entities: [], migrations: [] }, 4));
    await db.initialize();
    await resetPipeline(db);
    return new MessagingHarness(db);
  }

  async close(): Promise<void> {
    await this.queue.close();
    await this.db.destroy();
  }

  /**
   * A relay of this process, outside any Nest app (so it neither listens nor polls: it relays when told),
   * knowing the probe subscriber only, enqueueing to `queue`.
   */
  relay(queue: Queue = this.queue): OutboxRelay {
    const probe = new MessagingProbeSubscriber(this.uow);
    const discovery = { getProviders: () => [{ instance: probe, metatype: MessagingProbeSubscriber }] } as unknown as DiscoveryService;
    const registry = new SubscriberRegistry(discovery, new Reflector());
    registry.onModuleInit();
    return new OutboxRelay(this.db, registry, queue);
  }

  /** A probe id unique to this run. */
  static probeId(label: string): string {
    return `${label}-${newId()}`;
  }

  /** Publishes one MessagingProbe event per payload through Outbox.publish, in ONE transaction; answers the outbox ids in order. */
  async publishProbes(payloads: MessagingProbePayload[]): Promise<string[]> {
    await this.uow.transaction(() => this.outbox.publish(...payloads.map((p) => integrationEvent(MESSAGING_PROBE_EVENT, p.probeId, p))));
    return this.outboxIds(payloads.map((p) => p.probeId));
  }

  /** The outbox ids of the probes' events, in the order of `probeIds`; fails if one has none or several. */
  async outboxIds(probeIds: string[]): Promise<string[]> {
    const rows = await this.db.query<{ id: string; probe_id: string }[]>(
      `SELECT id, payload->>'probeId' AS probe_id FROM messaging.outbox WHERE payload->>'probeId' = ANY($1::text[])`,
      [probeIds],
    );
    const byProbe = new Map<string, string[]>();
    for (const row of rows) byProbe.set(row.probe_id, [...(byProbe.get(row.probe_id) ?? []), row.id]);
    return probeIds.map((probeId) => {
      const ids = byProbe.get(probeId) ?? [];
      if (ids.length !== 1) throw new Error(`probe ${probeId} has ${ids.length} outbox rows`);
      return ids[0];
    });
  }

  /** How many deliveries took effect for each probe (0 when none). */
  async deliveries(probeIds: string[]): Promise<Map<string, number>> {
    const rows = await this.db.query<{ probe_id: string; deliveries: number }[]>(
      `SELECT probe_id, deliveries FROM messaging.probe_receipt WHERE probe_id = ANY($1::text[])`,
      [probeIds],
    );
    const answer = new Map(probeIds.map((id) => [id, 0]));
    for (const row of rows) answer.set(row.probe_id, Number(row.deliveries));
    return answer;
  }

  async deliveriesOf(probeId: string): Promise<number> {
    return (await this.deliveries([probeId])).get(probeId)!;
  }

  /** Inbox rows per message id for one subscriber (0 when none). */
  async inboxCounts(messageIds: string[], subscriber = PROBE_SUBSCRIBER): Promise<Map<string, number>> {
    const rows = await this.db.query<{ message_id: string; n: string }[]>(
      `SELECT message_id, count(*) AS n FROM messaging.inbox WHERE subscriber = $2 AND message_id = ANY($1::uuid[]) GROUP BY message_id`,
      [messageIds, subscriber],
    );
    const answer = new Map(messageIds.map((id) => [id, 0]));
    for (const row of rows) answer.set(row.message_id, Number(row.n));
    return answer;
  }

  /** Outbox rows among `ids` still waiting for the relay. */
  async unpublished(ids: string[]): Promise<number> {
    const [row] = await this.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM messaging.outbox WHERE id = ANY($1::uuid[]) AND published_at IS NULL`,
      [ids],
    );
    return Number(row.n);
  }

  /** The job delivering outbox row `outboxId` to `subscriber`, if the relay enqueued it. */
  async deliveryJob(outboxId: string, subscriber = PROBE_SUBSCRIBER): Promise<Job | undefined> {
    return this.queue.getJob(deliveryJobId(outboxId, subscriber));
  }

  async jobState(jobId: string): Promise<string> {
    return this.queue.getJobState(jobId);
  }

  /** Every job of the integration-events queue, in any state, named for `subscriber`. */
  async jobsFor(subscriber = PROBE_SUBSCRIBER): Promise<Job[]> {
    const jobs = await this.queue.getJobs(['active', 'wait', 'delayed', 'prioritized', 'waiting-children', 'completed', 'failed'], 0, -1);
    return jobs.filter((job) => job?.name === subscriber);
  }
}
