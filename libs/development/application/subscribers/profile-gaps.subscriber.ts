import { Injectable } from '@nestjs/common';
import { ASSESSMENT_EVENTS } from '@kompeten/assessment/contracts';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import { DeliveredEventReference, IntegrationEventHandler, IntegrationEventSubscriber } from '@kompeten/shared/infrastructure';
import { ProfileGapsStore } from '../../infrastructure/profile-gaps.store';
import { RecommendationEngine } from '../../infrastructure/recommendation-engine';

/**
 * Keeps Development's copy of each employee's latest competency gaps, which
 * orders waiting lists and drives recommendations: when the gaps change, the
 * employee's recommendations are recomputed in the same transaction.
 */
@Injectable()
@IntegrationEventSubscriber({ name: 'development.profile-gaps', events: [ASSESSMENT_EVENTS.CompetencyProfileChanged], batch: 200 })
export class ProfileGapsSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly store: ProfileGapsStore,
    private readonly engine: RecommendationEngine,
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    await this.handleBatchInSql([event]);
  }

  /** An SKJ change brings one event per holder: their gaps set-based, read from the outbox, then one recommendation statement for all that changed. */
  async handleBatchInSql(events: DeliveredEventReference[]): Promise<void> {
    const changed = await this.store.applyMany({ eventIds: events.map((e) => e.id) });
    if (changed.length) await this.engine.recompute(changed);
  }
}
