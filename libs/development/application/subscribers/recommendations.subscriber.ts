import { Injectable } from '@nestjs/common';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import { IntegrationEventHandler, IntegrationEventSubscriber } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS } from '../../contracts/events';
import { RecommendationEngine } from '../../infrastructure/recommendation-engine';

/** Events per delivery: one recommendation statement for their employees (a session completing 30 enrolments is one). */
export const RECOMMENDATIONS_BATCH = 200;

/**
 * An enrolment, a completed training or a record that now counts changes what
 * is worth recommending (the program is taken or done; the JP shortfall
 * shrank): the employees' recommendations are recomputed, a delivery's events
 * in one statement. (CompetencyProfileChanged recomputes them in
 * `development.profile-gaps`, right after the new gaps are stored, in the same
 * transaction: two subscribers of one event run in no fixed order.)
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'development.recommendations',
  events: [DEVELOPMENT_EVENTS.TrainingEnrolled, DEVELOPMENT_EVENTS.TrainingCompleted, DEVELOPMENT_EVENTS.DevelopmentRecorded],
  batch: RECOMMENDATIONS_BATCH,
})
export class RecommendationsSubscriber implements IntegrationEventHandler {
  constructor(private readonly engine: RecommendationEngine) {}

  async handle(event: DeliveredEvent): Promise<void> {
    await this.handleBatch([event]);
  }

  /** In the delivery's transaction with the events' inbox rows: a delivery killed mid-way leaves nothing, and is redone whole. */
  async handleBatch(events: DeliveredEvent[]): Promise<void> {
    const employees = [...new Set(events.map((e) => (e.payload as { employeeId: string }).employeeId))].sort();
    await this.engine.recompute(employees);
  }
}
