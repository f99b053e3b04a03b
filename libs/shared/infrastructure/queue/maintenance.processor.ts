import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService, Reflector } from '@nestjs/core';
import { Job, Queue } from 'bullmq';
import { SYSTEM_ACTOR } from '@kompeten/shared/kernel';
import { maintenanceConcurrency, queueLockMs } from '@config/environment';
import { requestContext } from '../context/request-context';
import { MAINTENANCE_JOB_METADATA, MaintenanceJobOptions, MaintenanceJobRunner } from './maintenance-job';
import { QUEUES } from './queues';

@Injectable()
export class MaintenanceJobRegistry implements OnApplicationBootstrap {
  private readonly logger = new Logger(MaintenanceJobRegistry.name);
  private readonly runners = new Map<string, { options: MaintenanceJobOptions; runner: MaintenanceJobRunner }>();

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly reflector: Reflector,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const wrapper of this.discovery.getProviders()) {
      if (!wrapper.instance || !wrapper.metatype) continue;
      const options = this.reflector.get<MaintenanceJobOptions | undefined>(MAINTENANCE_JOB_METADATA, wrapper.metatype as never);
      if (options) this.runners.set(options.name, { options, runner: wrapper.instance as MaintenanceJobRunner });
    }
    // Job schedulers (BullMQ >= 5.16): upsert is idempotent across restarts and workers.
    for (const { options } of this.runners.values()) {
      if (!options.cron) continue;
      await this.queue.upsertJobScheduler(options.name, { pattern: options.cron, tz: 'Asia/Jakarta' }, { name: options.name, data: {} });
      this.logger.log(`job scheduler ${options.name} at '${options.cron}'`);
    }
  }

  get(name: string): MaintenanceJobRunner | undefined {
    return this.runners.get(name)?.runner;
  }
}

@Processor(QUEUES.maintenance, { concurrency: maintenanceConcurrency(), lockDuration: queueLockMs(), maxStalledCount: 10 })
export class MaintenanceProcessor extends WorkerHost {
  constructor(private readonly registry: MaintenanceJobRegistry) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    const runner = this.registry.get(job.name);
    if (!runner) throw new Error(`No maintenance job named ${job.name}`);
    return requestContext.run({ requestId: `job-${job.id}`, actor: SYSTEM_ACTOR }, () => runner.run(job));
  }
}
