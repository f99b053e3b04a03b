import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Job, Queue } from 'bullmq';
import { COMPETENCY_STANDARDS_EVENTS, PositionStandardPublishedPayload } from '@kompeten/competency-standards/contracts';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import {
  IntegrationEventHandler,
  IntegrationEventSubscriber,
  MAINTENANCE_JOB_OPTIONS,
  MaintenanceJob,
  MaintenanceJobRunner,
  QUEUES,
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
 * redelivery adds nothing and several workers share the work.
 */
@Injectable()
@IntegrationEventSubscriber({ name: 'assessment.profiles-of-position', events: [COMPETENCY_STANDARDS_EVENTS.PositionStandardPublished] })
export class PositionProfilesSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly queries: QueryBus,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    const { positionId } = event.payload as PositionStandardPublishedPayload;
    let after: string | null = null;
    let batch = 0;
    for (;;) {
      const ids: string[] = await this.queries.execute(new EmployeesHoldingPositionQuery(positionId, after, PROFILE_BATCH_SIZE));
      if (ids.length === 0) break;
      await this.queue.add(
        PROFILE_BATCH_JOB,
        { employeeIds: ids },
        { ...MAINTENANCE_JOB_OPTIONS, jobId: `profiles.${event.id}.${batch++}` },
      );
      after = ids[ids.length - 1];
    }
  }
}

@Injectable()
@MaintenanceJob({ name: PROFILE_BATCH_JOB })
export class ProfileBatchJob implements MaintenanceJobRunner {
  constructor(private readonly projector: ProfileProjector) {}

  run(job: Job<{ employeeIds: string[] }>): Promise<{ changed: number }> {
    return this.projector.recompute(job.data.employeeIds);
  }
}
