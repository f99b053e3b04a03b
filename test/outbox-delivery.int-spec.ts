import { getQueueToken } from '@nestjs/bullmq';
import { INestApplication } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Queue, Worker } from 'bullmq';
import { DeliveredEvent, integrationEvent } from '@kompeten/shared/kernel';
import {
  deliveryJobId,
  DownstreamTraces,
  IntegrationEventHandler,
  IntegrationEventSubscriber,
  MESSAGING_PROBE_EVENT,
  OUTBOX_CHANNEL,
  OutboxRelay,
  QUEUES,
  redisOptions,
} from '@kompeten/shared/infrastructure';
import {
  BATCH_DELIVERY_MAX_GIVE_WAY_MS,
  IntegrationEventBatchesProcessor,
  IntegrationEventsProcessor,
} from '@kompeten/shared/infrastructure/messaging/integration-events.processor';
import { MessagingProbeSubscriber } from '@kompeten/shared/infrastructure/messaging/messaging-probe';
import { batchDeliveryJobId, BULK_DELIVERY_PRIORITY } from '@kompeten/shared/infrastructure/messaging/outbox-relay';
import type { DeliveredBatch } from '@kompeten/shared/infrastructure/messaging/outbox-relay';
import { SubscriberRegistry } from '@kompeten/shared/infrastructure/messaging/subscriber-registry';
import { createWorkerApp } from '../apps/worker/src/worker.app';
import { MessagingHarness, PROBE_SUBSCRIBER } from './support/messaging';
import { eventually } from './support/system';
import { killAllWorkerProcesses, WorkerProcess } from './support/worker-process';

/**
 * The outbox/inbox guarantees against the real PostgreSQL and Redis: an
 * integration event takes effect exactly once in a subscriber when the worker
 * dies mid-delivery, when relays race, and never when its transaction rolls back.
 */
describe('outbox delivery', () => {
  let h: MessagingHarness;

  beforeAll(async () => {
    h = await MessagingHarness.open();
  });

  afterAll(async () => {
    await killAllWorkerProcesses();
    await h?.close();
  });

  describe('when the worker is killed (SIGKILL) after enqueueing and before acknowledging', () => {
    let first: WorkerProcess | undefined;
    let second: WorkerProcess | undefined;

    afterAll(async () => {
      await first?.kill('SIGKILL');
      await second?.stop();
    });

    /** The job's state, failing at once if the worker watched has died on its own. */
    const stateWhile = async (worker: WorkerProcess, jobId: string) => {
      if (!worker.alive) throw new Error(`worker ${worker.pid} ended early:\n${worker.output()}`);
      return h.jobState(jobId);
    };

    it('redelivers the job to another worker, and the handler takes effect once', async () => {
      const probeId = MessagingHarness.probeId('kill');
      first = WorkerProcess.start();
      // The probe subscriber holds its transaction (inbox row + receipt) open for holdMs.
      const [messageId] = await h.publishProbes([{ probeId, holdMs: 3000 }]);
      const jobId = deliveryJobId(messageId, PROBE_SUBSCRIBER);

      // Enqueued by the relay and taken by the worker: active in BullMQ, not acknowledged...
      await eventually(async () => (await stateWhile(first!, jobId)) === 'active', 30_000, 20);
      // ...and the handler is inside its transaction, uncommitted.
      await eventually(async () => (await stateWhile(first!, jobId)) === 'active' && (await holdingTransactions()) > 0, 10_000, 20);

      const exit = await first.kill('SIGKILL');
      expect(exit.signal).toBe('SIGKILL');
      expect(await h.jobState(jobId)).toBe('active');
      expect(await h.deliveriesOf(probeId)).toBe(0);

      second = WorkerProcess.start();
      await eventually(async () => (await stateWhile(second!, jobId)) === 'completed', 40_000, 100);

      const job = (await h.queue.getJob(jobId))!;
      expect(job.attemptsStarted).toBeGreaterThanOrEqual(2);
      expect(job.returnvalue).toBe('handled');
      expect(await h.deliveriesOf(probeId)).toBe(1);
      expect((await h.inboxCounts([messageId])).get(messageId)).toBe(1);
      expect(await h.unpublished([messageId])).toBe(0);
    });

    it('makes a redelivery of a message already handled a no-op (the ack lost after the commit)', async () => {
      const probeId = MessagingHarness.probeId('lost-ack');
      const worker = second?.alive ? second : (second = WorkerProcess.start());
      const [messageId] = await h.publishProbes([{ probeId }]);
      const jobId = deliveryJobId(messageId, PROBE_SUBSCRIBER);
      await eventually(async () => (await stateWhile(worker, jobId)) === 'completed', 30_000);
      expect(await h.deliveriesOf(probeId)).toBe(1);

      // A lost acknowledgement means BullMQ delivers the same event again: here under another job id,
      // so the queue's own job-id deduplication cannot hide it; only the inbox can.
      const original = (await h.queue.getJob(jobId))!;
      const again = await h.queue.add(PROBE_SUBSCRIBER, original.data, { jobId: `${jobId}.redelivered` });
      await eventually(async () => (await stateWhile(worker, again.id!)) === 'completed', 30_000);

      expect((await h.queue.getJob(again.id!))!.returnvalue).toBe('duplicate');
      expect(await h.deliveriesOf(probeId)).toBe(1);
      expect((await h.inboxCounts([messageId])).get(messageId)).toBe(1);
    });
  });

  describe('when a relay cannot reach Redis', () => {
    it('gives its rows back after a while, and another relay delivers them', async () => {
      const probeId = MessagingHarness.probeId('no-redis');
      const [messageId] = await h.publishProbes([{ probeId }]);
      // Nothing listens on port 1: BullMQ would wait for it forever.
      const unreachable = new Queue(QUEUES.integrationEvents, { connection: { host: '127.0.0.1', port: 1, maxRetriesPerRequest: null } });
      unreachable.on('error', () => undefined);
      try {
        const stuck = h.relay(unreachable);
        stuck.enqueueTimeoutMs = 500;
        await expect(stuck.relayBatch()).rejects.toThrow(/Redis did not take/);
        expect(await h.unpublished([messageId])).toBe(1);
      } finally {
        await unreachable.close();
      }
      expect(await h.relay().relayBatch()).toBeGreaterThanOrEqual(1);
      expect(await h.unpublished([messageId])).toBe(0);
      expect(await h.deliveryJob(messageId)).toBeDefined();
    });
  });

  describe('with two workers whose relays run concurrently', () => {
    const apps: INestApplication[] = [];
    const enqueued: string[] = [];
    /** When a batch holds an event of one of these probes, its relay "dies" right after BullMQ took the jobs, before its commit. */
    let crashAfterEnqueueing: Set<string> | undefined;

    beforeAll(async () => {
      for (let i = 0; i < 2; i++) {
        const app = await createWorkerApp();
        apps.push(app);
        await app.init();
        // Every job id either relay hands to BullMQ, before BullMQ's own job-id deduplication.
        const queue = app.get<Queue>(getQueueToken(QUEUES.integrationEvents));
        const addBulk = queue.addBulk.bind(queue);
        jest.spyOn(queue, 'addBulk').mockImplementation(async (jobs: Parameters<Queue['addBulk']>[0]) => {
          const ids = jobs.map((job) => job.opts!.jobId!);
          enqueued.push(...ids);
          const added = await addBulk(jobs);
          const probes = jobs.map((job) => (job.data as { payload: { probeId: string } }).payload.probeId);
          if (crashAfterEnqueueing && probes.some((probeId) => crashAfterEnqueueing!.has(probeId))) {
            crashAfterEnqueueing = undefined;
            throw new Error('simulated crash of the relay after enqueueing, before its commit');
          }
          return added;
        });
      }
    });

    afterAll(async () => {
      for (const app of apps) await app.close();
    });

    it('delivers each of N events written in one transaction exactly once', async () => {
      const N = 300;
      const probeIds = Array.from({ length: N }, (_, i) => MessagingHarness.probeId(`relay-${i}`));
      const [a, b] = apps.map((app) => app.get(OutboxRelay));
      const drain = async (relay: OutboxRelay) => {
        while ((await relay.relayBatch(20)) > 0);
      };

      // The commit wakes both workers' relays (LISTEN/NOTIFY); two more relay loops race them in small batches.
      const messageIds = await h.publishProbes(probeIds.map((probeId) => ({ probeId })));
      await Promise.all([drain(a), drain(b)]);
      await eventually(async () => (await h.unpublished(messageIds)) === 0, 20_000);

      const expectedJobIds = messageIds.map((id) => deliveryJobId(id, PROBE_SUBSCRIBER)).sort();
      // Each outbox row was claimed and enqueued by one relay, once (BullMQ's job-id deduplication would hide a second time).
      const ours = new Set(expectedJobIds);
      const times = new Map<string, number>();
      for (const id of enqueued) if (ours.has(id)) times.set(id, (times.get(id) ?? 0) + 1);
      expect({ enqueued: times.size, twice: [...times.values()].filter((n) => n > 1).length }).toEqual({ enqueued: N, twice: 0 });

      // Each probe's handler took effect exactly once.
      await eventually(async () => [...(await h.deliveries(probeIds)).values()].every((n) => n > 0), 30_000);
      const deliveries = await h.deliveries(probeIds);
      expect([...deliveries.entries()].filter(([, n]) => n !== 1)).toEqual([]);
      const inbox = await h.inboxCounts(messageIds);
      expect([...inbox.entries()].filter(([, n]) => n !== 1)).toEqual([]);

      // The queue holds exactly N jobs for the subscriber from these events, with unique, deterministic ids.
      const jobs = (await h.jobsFor(PROBE_SUBSCRIBER)).filter((job) => ours.has(job.id!));
      expect(jobs.map((job) => job.id).sort()).toEqual(expectedJobIds);
      await eventually(async () => {
        const states = await Promise.all(expectedJobIds.map((id) => h.jobState(id)));
        return states.every((state) => state === 'completed');
      }, 20_000);
    });

    it('enqueues again after a relay died before its commit, and BullMQ keeps one job, delivered once', async () => {
      // The relay that takes this event fails after BullMQ has its job (it logs the error); its rows go back.
      const probeId = MessagingHarness.probeId('relay-crash');
      crashAfterEnqueueing = new Set([probeId]);
      const [messageId] = await h.publishProbes([{ probeId }]);
      await eventually(async () => (await h.unpublished([messageId])) === 0, 20_000);
      await eventually(async () => (await h.deliveriesOf(probeId)) > 0, 20_000);

      const jobId = deliveryJobId(messageId, PROBE_SUBSCRIBER);
      expect(crashAfterEnqueueing).toBeUndefined();
      expect(enqueued.filter((id) => id === jobId)).toHaveLength(2);
      expect((await h.jobsFor(PROBE_SUBSCRIBER)).filter((job) => job.id === jobId)).toHaveLength(1);
      expect(await h.deliveriesOf(probeId)).toBe(1);
      expect((await h.inboxCounts([messageId])).get(messageId)).toBe(1);
    });

    it('listens again when its LISTEN connection is lost', async () => {
      const listeners = async () =>
        (
          await h.db.query<{ pid: number }[]>(
            `SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND query = $1 AND backend_type = 'client backend'`,
            [`LISTEN ${OUTBOX_CHANNEL}`],
          )
        ).map((row) => row.pid);
      const before = await eventually(async () => {
        const pids = await listeners();
        return pids.length === apps.length && pids;
      });
      await h.db.query(`SELECT pg_terminate_backend(pid) FROM unnest($1::int[]) AS pid`, [before]);
      await eventually(async () => {
        const now = await listeners();
        return now.length === apps.length && now.every((pid) => !before.includes(pid));
      }, 15_000);

      // And the workers still deliver.
      const probeId = MessagingHarness.probeId('after-listen-lost');
      await h.publishProbes([{ probeId }]);
      await eventually(async () => (await h.deliveriesOf(probeId)) === 1, 20_000);
    });

    it('refuses to publish outside a transaction', async () => {
      const probeId = MessagingHarness.probeId('no-transaction');
      await expect(h.outbox.publish(integrationEvent(MESSAGING_PROBE_EVENT, probeId, { probeId }))).rejects.toThrow(/inside a transaction/);
      expect(await outboxRowsOf(probeId)).toBe(0);
    });

    it('never delivers an event whose transaction rolled back', async () => {
      const rolledBack = MessagingHarness.probeId('rolled-back');
      const committed = MessagingHarness.probeId('committed');
      await expect(
        h.uow.transaction(async () => {
          await h.outbox.publish(integrationEvent(MESSAGING_PROBE_EVENT, rolledBack, { probeId: rolledBack }));
          throw new Error('the change fails after publishing');
        }),
      ).rejects.toThrow('the change fails after publishing');
      // A later event, committed, goes all the way through: the pipeline is live...
      const [committedId] = await h.publishProbes([{ probeId: committed }]);
      await eventually(async () => (await h.jobState(deliveryJobId(committedId, PROBE_SUBSCRIBER))) === 'completed', 20_000);
      expect(await h.deliveriesOf(committed)).toBe(1);
      // ...and the rolled-back one left no outbox row, no job and no effect.
      expect(await outboxRowsOf(rolledBack)).toBe(0);
      expect(await h.deliveriesOf(rolledBack)).toBe(0);
      const jobs = await h.jobsFor(PROBE_SUBSCRIBER);
      expect(jobs.filter((job) => (job.data as { payload?: { probeId?: string } }).payload?.probeId === rolledBack)).toEqual([]);
    });
  });

  describe('to a batch subscriber', () => {
    const BATCH_PROBE = 'messaging.batch-probe';

    /** The probe's effect, in deliveries of at most three events. */
    @IntegrationEventSubscriber({ name: BATCH_PROBE, events: [MESSAGING_PROBE_EVENT], batch: 3 })
    class BatchProbe implements IntegrationEventHandler {
      readonly sizes: number[] = [];
      constructor(private readonly probe: MessagingProbeSubscriber) {}
      handle(event: DeliveredEvent): Promise<void> {
        return this.handleBatch([event]);
      }
      readonly probeIds: string[] = [];
      async handleBatch(events: DeliveredEvent[]): Promise<void> {
        this.sizes.push(events.length);
        this.probeIds.push(...events.map((e) => (e.payload as { probeId: string }).probeId));
        for (const event of events) await this.probe.handle(event);
      }
    }

    /** A registry knowing the batch probe only, as the worker's registry knows its subscribers. */
    function batchProbeRegistry(): { batchProbe: BatchProbe; registry: SubscriberRegistry } {
      const batchProbe = new BatchProbe(new MessagingProbeSubscriber(h.uow));
      const discovery = { getProviders: () => [{ instance: batchProbe, metatype: BatchProbe }] } as unknown as DiscoveryService;
      const registry = new SubscriberRegistry(discovery, new Reflector());
      registry.onModuleInit();
      return { batchProbe, registry };
    }

    let queue: Queue;
    afterAll(() => queue?.close());

    it('enqueues one job per few events in outbox order, and each event takes effect once whatever the redeliveries', async () => {
      // Its own queue and its own relay and processor, so the other tests' workers never see its jobs.
      queue = new Queue(`batch-delivery-${Date.now()}`, { connection: redisOptions(process.env.REDIS_URL!) });
      const { batchProbe, registry } = batchProbeRegistry();
      const relay = new OutboxRelay(h.db, registry, queue);
      const processor = new IntegrationEventsProcessor(registry, h.uow, new DownstreamTraces(h.uow));

      const probeIds = Array.from({ length: 7 }, (_, i) => MessagingHarness.probeId(`batch-${i}`));
      const messageIds = await h.publishProbes(probeIds.map((probeId) => ({ probeId })));
      while ((await h.unpublished(messageIds)) > 0) await relay.relayBatch();

      const first = (job: Job) => messageIds.indexOf((job.data as DeliveredBatch).events[0].id);
      const ours = (await queue.getJobs(['wait'], 0, -1)).filter((job) => first(job) >= 0).sort((a, b) => first(a) - first(b));
      expect(ours.map((job) => job.id).sort()).toEqual(
        [
          batchDeliveryJobId(messageIds[0], 3, BATCH_PROBE),
          batchDeliveryJobId(messageIds[3], 3, BATCH_PROBE),
          batchDeliveryJobId(messageIds[6], 1, BATCH_PROBE),
        ].sort(),
      );
      // The jobs carry references only: each delivery reads its events' payloads from the outbox.
      expect(ours.flatMap((job) => (job.data as DeliveredBatch).events).map((e) => e.payload)).toEqual(Array(7).fill(undefined));
      for (const job of ours) expect(await processor.process(job as Job<DeliveredBatch>)).toBe('handled');
      expect(batchProbe.sizes).toEqual([3, 3, 1]);
      expect(batchProbe.probeIds).toEqual(probeIds);
      expect([...(await h.deliveries(probeIds)).values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);
      expect([...(await h.inboxCounts(messageIds, BATCH_PROBE)).values()]).toEqual([1, 1, 1, 1, 1, 1, 1]);

      // The same job again (its ack was lost): nothing happens.
      expect(await processor.process(ours[0] as Job<DeliveredBatch>)).toBe('duplicate');
      // A batch of another shape (a relay that died before its commit, re-claiming with newer rows): only the new event is
      // handled. Its payload travels in the job, as batch jobs enqueued before the claim check did: it is taken as it is.
      const lateProbe = MessagingHarness.probeId('batch-late');
      const [late] = await h.publishProbes([{ probeId: lateProbe }]);
      const lateEvent: DeliveredEvent = {
        id: late,
        name: MESSAGING_PROBE_EVENT,
        aggregateId: lateProbe,
        payload: { probeId: lateProbe },
        occurredAt: new Date().toISOString(),
      };
      const events = [...(ours[1].data as DeliveredBatch).events.slice(1), lateEvent];
      const reshaped = { name: BATCH_PROBE, data: { events } } as unknown as Job<DeliveredBatch>;
      expect(await processor.process(reshaped)).toBe('handled');
      expect(batchProbe.sizes).toEqual([3, 3, 1, 1]);
      expect(batchProbe.probeIds.at(-1)).toBe(lateProbe);
      expect([...(await h.deliveries([...probeIds, lateProbe])).values()]).toEqual([1, 1, 1, 1, 1, 1, 1, 1]);
      expect((await h.inboxCounts([late], BATCH_PROBE)).get(late)).toBe(1);
      while ((await h.unpublished([late])) > 0) await relay.relayBatch();
    });

    it('gives way to maintenance work: a fresh bulk delivery waits while maintenance jobs wait, no attempt spent; an old one, or what one person did, does not', async () => {
      // Its own queues: the batch deliveries, run by a worker of this test, and a maintenance queue no worker takes.
      const connection = redisOptions(process.env.REDIS_URL!);
      const deliveries = new Queue(`batch-give-way-${Date.now()}`, { connection });
      const maintenance = new Queue(`maintenance-give-way-${Date.now()}`, { connection });
      const { registry } = batchProbeRegistry();
      const relay = new OutboxRelay(h.db, registry, deliveries);
      const processor = new IntegrationEventBatchesProcessor(registry, h.uow, new DownstreamTraces(h.uow), maintenance);
      const worker = new Worker(deliveries.name, (job) => processor.process(job), { connection });
      // What Nest's explorer does for a @Processor: the host knows its worker.
      (processor as unknown as { _worker: Worker })._worker = worker;
      try {
        const maintenanceJob = await maintenance.add('some.maintenance', {});
        const probeIds = [MessagingHarness.probeId('give-way-0'), MessagingHarness.probeId('give-way-1')];
        const messageIds = await h.publishProbes(probeIds.map((probeId) => ({ probeId })));
        // Events of a bulk operation's trace: their batch job is bulk work (prioritized).
        await h.db.query(`UPDATE messaging.outbox SET origin = gen_random_uuid() WHERE id = ANY($1::uuid[])`, [messageIds]);
        while ((await h.unpublished(messageIds)) > 0) await relay.relayBatch();
        await new Promise((r) => setTimeout(r, 1500));
        expect([...(await h.deliveries(probeIds)).values()]).toEqual([0, 0]);
        const [waiting] = (await deliveries.getJobs(['prioritized', 'wait', 'active'])).filter((job) => job.name === BATCH_PROBE);
        expect(waiting.opts.priority).toBe(BULK_DELIVERY_PRIORITY);
        expect(waiting.attemptsMade).toBe(0);

        // Meanwhile a single untraced event (what one person just did) is delivered at once.
        const personProbe = MessagingHarness.probeId('give-way-person');
        const [person] = await h.publishProbes([{ probeId: personProbe }]);
        while ((await h.unpublished([person])) > 0) await relay.relayBatch();
        await eventually(async () => (await h.deliveriesOf(personProbe)) === 1);
        expect([...(await h.deliveries(probeIds)).values()]).toEqual([0, 0]);

        // The maintenance work done: the delivery goes through.
        await maintenanceJob.remove();
        await eventually(async () => [...(await h.deliveries(probeIds)).values()].every((n) => n === 1));

        // A delivery enqueued longer ago than the bound goes through although maintenance work waits again.
        await maintenance.add('some.maintenance', {});
        const lateProbe = MessagingHarness.probeId('give-way-late');
        const [late] = await h.publishProbes([{ probeId: lateProbe }]);
        await h.db.query(`UPDATE messaging.outbox SET published_at = now() WHERE id = $1`, [late]);
        const reference = { id: late, name: MESSAGING_PROBE_EVENT, aggregateId: lateProbe, occurredAt: new Date().toISOString() };
        await deliveries.add(
          BATCH_PROBE,
          { events: [reference] },
          { timestamp: Date.now() - BATCH_DELIVERY_MAX_GIVE_WAY_MS - 1000, priority: BULK_DELIVERY_PRIORITY },
        );
        await eventually(async () => (await h.deliveriesOf(lateProbe)) === 1);
      } finally {
        await worker.close();
        await deliveries.obliterate({ force: true });
        await maintenance.obliterate({ force: true });
        await deliveries.close();
        await maintenance.close();
      }
    });

    it('refuses a subscriber asking for batches without handleBatch', () => {
      @IntegrationEventSubscriber({ name: 'messaging.no-batch', events: [MESSAGING_PROBE_EVENT], batch: 10 })
      class NoBatch implements IntegrationEventHandler {
        async handle(): Promise<void> {}
      }
      const discovery = { getProviders: () => [{ instance: new NoBatch(), metatype: NoBatch }] } as unknown as DiscoveryService;
      expect(() => new SubscriberRegistry(discovery, new Reflector()).onModuleInit()).toThrow(/has no handleBatch/);
    });
  });

  /** Sessions holding a probe delivery's transaction open (the probe's holdMs). */
  async function holdingTransactions(): Promise<number> {
    const [row] = await h.db.query<{ n: string }[]>(
      `SELECT count(*) AS n FROM pg_stat_activity
        WHERE datname = current_database() AND state = 'idle in transaction' AND query LIKE '%messaging.probe_receipt%'`,
    );
    return Number(row.n);
  }

  async function outboxRowsOf(probeId: string): Promise<number> {
    const [row] = await h.db.query<{ n: string }[]>(`SELECT count(*) AS n FROM messaging.outbox WHERE payload->>'probeId' = $1`, [probeId]);
    return Number(row.n);
  }
});
