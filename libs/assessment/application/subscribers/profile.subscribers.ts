import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Job, JobsOptions, Queue } from 'bullmq';
import { COMPETENCY_STANDARDS_EVENTS, PositionStandardPublishedPayload } from '@kompeten/competency-standards/contracts';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import {
  DownstreamTraces,
  IntegrationEventHandler,
  IntegrationEventSubscriber,
  MAINTENANCE_JOB_OPTIONS,
  MaintenanceJob,
  MaintenanceJobRunner,
  QUEUES,
  UnitOfWork,
} from '@kompeten/shared/infrastructure';
import { EmployeesHoldingPositionQuery, WORKFORCE_EVENTS } from '@kompeten/workforce/contracts';
import { ASSESSMENT_EVENTS } from '../../contracts/events';
import { ProfileProjector } from '../../infrastructure/profile-projector';

export const PROFILE_BATCH_JOB = 'assessment.recompute-profiles';
export const PROFILE_BATCH_SIZE = 2000;

/**
 * An employee's profile follows their completed assessments and their moves. An import's registrations or results
 * come in batches: the profiles of all their employees in one recompute.
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'assessment.profile-of-employee',
  events: [ASSESSMENT_EVENTS.AssessmentCompleted, WORKFORCE_EVENTS.EmployeeRegistered, WORKFORCE_EVENTS.EmployeePositionChanged],
  batch: PROFILE_BATCH_SIZE,
})
export class EmployeeProfileSubscriber implements IntegrationEventHandler {
  constructor(private readonly projector: ProfileProjector) {}

  handle(event: DeliveredEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: DeliveredEvent[]): Promise<void> {
    await this.projector.recompute([...new Set(events.map((e) => (e.payload as { employeeId: string }).employeeId))]);
  }
}

/**
 * A new SKJ version changes the profile of every holder of the position: the
 * holders are split into batches, each a job with a deterministic id, so a
 * redelivery adds nothing and several workers share the work. A standards import
 * publishes thousands of positions at once: they come in batches too. Each
 * batch job is owed to the trace of the change, if any, until it commits.
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'assessment.profiles-of-position',
  events: [COMPETENCY_STANDARDS_EVENTS.PositionStandardPublished],
  batch: 500,
})
export class PositionProfilesSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly queries: QueryBus,
    private readonly traces: DownstreamTraces,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  handle(event: DeliveredEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: DeliveredEvent[]): Promise<void> {
    const origin = await this.traces.current();
    const jobs: { name: string; data: ProfileBatchData; opts: JobsOptions }[] = [];
    for (const event of events) {
      const { positionId } = event.payload as PositionStandardPublishedPayload;
      let after: string | null = null;
      let batch = 0;
      for (;;) {
        const ids: string[] = await this.queries.execute(new EmployeesHoldingPositionQuery(positionId, after, PROFILE_BATCH_SIZE));
        if (ids.length === 0) break;
        const jobId = `profiles.${event.id}.${batch++}`;
        jobs.push({
          name: PROFILE_BATCH_JOB,
          data: { employeeIds: ids, origin, workId: jobId },
          opts: { ...MAINTENANCE_JOB_OPTIONS, jobId },
        });
        after = ids[ids.length - 1];
      }
    }
    // Owed to the trace in this delivery's transaction, enqueued before it commits (a job that runs first finds its
    // row already there or not yet: workDone deletes what exists, and the redelivery after a rollback adds nothing).
    await this.traces.handOn(jobs.map((j) => j.opts.jobId!));
    if (jobs.length) await this.queue.addBulk(jobs);
  }
}

export interface ProfileBatchData {
  employeeIds: string[];
  /** The trace of the change that asked for it, if any (messaging/traces.ts). */
  origin?: string | null;
  workId?: string;
}

@Injectable()
@MaintenanceJob({ name: PROFILE_BATCH_JOB })
export class ProfileBatchJob implements MaintenanceJobRunner {
  constructor(
    private readonly projector: ProfileProjector,
    private readonly uow: UnitOfWork,
    private readonly traces: DownstreamTraces,
  ) {}

  run(job: Job<ProfileBatchData>): Promise<{ changed: number }> {
    const { employeeIds, origin, workId } = job.data;
    if (!origin || !workId) return this.projector.recompute(employeeIds);
    // The profiles, their events and the end of the work owed to the trace commit together.
    return this.uow.transaction(async () => {
      await this.traces.workDone(origin, workId);
      return this.projector.recompute(employeeIds);
    });
  }
}
