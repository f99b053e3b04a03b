import { Injectable } from '@nestjs/common';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import { IntegrationEventHandler, IntegrationEventSubscriber } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS } from '../../contracts/events';
import { RecommendationEngine } from '../../infrastructure/recommendation-engine';

/**
 * A completed training or a record that now counts changes what is worth
 * recommending (the program is done; the JP shortfall shrank): the employee's
 * recommendations are recomputed. (CompetencyProfileChanged recomputes them in
 * `development.profile-gaps`, right after the new gaps are stored, in the same
 * transaction: two subscribers of one event run in no fixed order.)
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'development.recommendations',
  events: [DEVELOPMENT_EVENTS.TrainingCompleted, DEVELOPMENT_EVENTS.DevelopmentRecorded],
})
export class RecommendationsSubscriber implements IntegrationEventHandler {
  constructor(private readonly engine: RecommendationEngine) {}

  async handle(event: DeliveredEvent): Promise<void> {
    await this.engine.recompute([(event.payload as { employeeId: string }).employeeId]);
  }
}
