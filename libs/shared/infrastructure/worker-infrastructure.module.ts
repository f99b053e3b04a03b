import { Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD } from '@nestjs/core';
import { StatisticsKeeper } from './database/statistics-keeper';
import { AuthGuard } from './http/auth';
import { ProblemDetailsFilter } from './http/problem.filter';
import { IntegrationEventBatchesProcessor, IntegrationEventsProcessor } from './messaging/integration-events.processor';
import { MessagingCleanupJob } from './messaging/messaging-cleanup.job';
import { MessagingProbeSubscriber } from './messaging/messaging-probe';
import { OutboxRelay } from './messaging/outbox-relay';
import { SubscriberRegistry } from './messaging/subscriber-registry';
import { HealthController } from './observability/health.controller';
import { MaintenanceJobRegistry, MaintenanceProcessor } from './queue/maintenance.processor';

/** The worker side: the outbox relay, the event and maintenance processors, job schedulers; HTTP only for health and metrics. */
@Module({
  controllers: [HealthController],
  providers: [
    SubscriberRegistry,
    OutboxRelay,
    IntegrationEventsProcessor,
    IntegrationEventBatchesProcessor,
    MaintenanceJobRegistry,
    MaintenanceProcessor,
    MessagingProbeSubscriber,
    MessagingCleanupJob,
    StatisticsKeeper,
    { provide: APP_GUARD, useClass: AuthGuard },
    { provide: APP_FILTER, useClass: ProblemDetailsFilter },
  ],
  exports: [SubscriberRegistry, OutboxRelay],
})
export class WorkerInfrastructureModule {}
