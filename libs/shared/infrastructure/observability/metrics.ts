import { InjectQueue } from '@nestjs/bullmq';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { DataSource } from 'typeorm';
import { QUEUES } from '../queue/queues';

/** Prometheus metrics: HTTP latency, outbox lag, queue depth, and the process defaults. */
@Injectable()
export class Metrics implements OnModuleInit {
  readonly registry = new Registry();
  readonly httpDuration = new Histogram({
    name: 'kompeten_http_request_duration_seconds',
    help: 'HTTP request latency',
    labelNames: ['method', 'route', 'status'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly httpErrors = new Counter({
    name: 'kompeten_http_server_errors_total',
    help: 'HTTP answers with status 500 or above',
    registers: [this.registry],
  });

  constructor(
    private readonly dataSource: DataSource,
    @InjectQueue(QUEUES.integrationEvents) private readonly events: Queue,
    @InjectQueue(QUEUES.integrationEventBatches) private readonly eventBatches: Queue,
    @InjectQueue(QUEUES.maintenance) private readonly maintenance: Queue,
  ) {}

  onModuleInit(): void {
    collectDefaultMetrics({ register: this.registry, prefix: 'kompeten_' });
    const dataSource = this.dataSource;
    new Gauge({
      name: 'kompeten_outbox_lag_seconds',
      help: 'Age of the oldest integration event not yet relayed (0 when none waits)',
      registers: [this.registry],
      async collect() {
        const [row] = await dataSource.query(
          `SELECT COALESCE(EXTRACT(EPOCH FROM now() - min(occurred_at)), 0)::float AS lag, count(*)::int AS pending
             FROM messaging.outbox WHERE published_at IS NULL`,
        );
        this.set(Number(row.lag));
      },
    });
    const queues = [this.events, this.eventBatches, this.maintenance];
    new Gauge({
      name: 'kompeten_queue_jobs',
      help: 'Jobs per queue and state',
      labelNames: ['queue', 'state'],
      registers: [this.registry],
      async collect() {
        this.reset();
        for (const queue of queues) {
          const counts = await queue.getJobCounts('waiting', 'active', 'delayed', 'failed', 'prioritized');
          for (const [state, n] of Object.entries(counts)) this.set({ queue: queue.name, state }, n);
        }
      },
    });
  }
}
