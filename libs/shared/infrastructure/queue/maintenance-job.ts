import { SetMetadata } from '@nestjs/common';
import { Job, JobsOptions } from 'bullmq';

export const MAINTENANCE_JOB_METADATA = 'kompeten:maintenance-job';

export interface MaintenanceJobOptions {
  /** Unique job name, `<context>.<purpose>`; also the job scheduler id. */
  name: string;
  /** A cron pattern for a BullMQ job scheduler; absent for on-demand jobs. */
  cron?: string;
}

/** Background work on the maintenance queue: periodic (job scheduler) or started on demand. */
export interface MaintenanceJobRunner {
  run(job: Job): Promise<unknown>;
}

export const MaintenanceJob = (options: MaintenanceJobOptions) => SetMetadata(MAINTENANCE_JOB_METADATA, options);

/**
 * How an on-demand maintenance job (a batch of a larger piece of work) is added: retried with backoff, and kept a
 * day once done so that adding it again under its deterministic id adds nothing; failures kept two weeks to be seen.
 */
export const MAINTENANCE_JOB_OPTIONS: JobsOptions = {
  attempts: 10,
  backoff: { type: 'exponential', delay: 1000 },
  removeOnComplete: { age: 24 * 3600 },
  removeOnFail: { age: 14 * 24 * 3600 },
};
