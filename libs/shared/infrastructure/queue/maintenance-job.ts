import { SetMetadata } from '@nestjs/common';
import { Job } from 'bullmq';

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
