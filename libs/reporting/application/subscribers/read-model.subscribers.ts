import { Injectable } from '@nestjs/common';
import { ASSESSMENT_EVENTS } from '@kompeten/assessment/contracts';
import {
  DEVELOPMENT_EVENTS,
  DevelopmentRecordedPayload,
  TrainingCompletedPayload,
  TrainingCompletionReversedPayload,
} from '@kompeten/development/contracts';
import { WORKFORCE_EVENTS } from '@kompeten/workforce/contracts';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import {
  DeliveredEventReference,
  IntegrationEventHandler,
  IntegrationEventSubscriber,
  MaintenanceJob,
  MaintenanceJobRunner,
} from '@kompeten/shared/infrastructure';
import { JpCreditFact, ReadModelStore } from '../../infrastructure/read-model.store';

/**
 * A registration or a move: where the employee works now, as Workforce answers it (the events carry no position kind).
 * An import's registrations come in batches: one query and one upsert for all of them.
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'reporting.placements',
  events: [WORKFORCE_EVENTS.EmployeeRegistered, WORKFORCE_EVENTS.EmployeePositionChanged],
  batch: 500,
})
export class PlacementsSubscriber implements IntegrationEventHandler {
  constructor(private readonly store: ReadModelStore) {}

  handle(event: DeliveredEvent): Promise<void> {
    return this.handleBatchInSql([event]);
  }

  /** Both events are about their employee (the aggregate): Workforce is asked where each works now. */
  async handleBatchInSql(events: DeliveredEventReference[]): Promise<void> {
    await this.store.refreshPlacements([...new Set(events.map((e) => e.aggregateId))]);
  }
}

/** The employee's latest profile and gaps (the heatmap, the AKPK, the JPM distribution). */
@Injectable()
@IntegrationEventSubscriber({ name: 'reporting.profiles', events: [ASSESSMENT_EVENTS.CompetencyProfileChanged], batch: 500 })
export class ProfilesSubscriber implements IntegrationEventHandler {
  constructor(private readonly store: ReadModelStore) {}

  async handle(event: DeliveredEvent): Promise<void> {
    await this.handleBatchInSql([event]);
  }

  /** Every holder of a changed SKJ at once: set-based, the payloads read from the outbox, whatever the number of events. */
  async handleBatchInSql(events: DeliveredEventReference[]): Promise<void> {
    await this.store.applyProfiles({ eventIds: events.map((e) => e.id) });
    // A CompetencyProfileChanged is about its employee (its aggregate).
    await this.store.ensurePlacements([...new Set(events.map((e) => e.aggregateId))]);
  }
}

/** JP credited by a completion or a record that now counts (JP compliance); a session's completions come in a batch. */
@Injectable()
@IntegrationEventSubscriber({
  name: 'reporting.jp-credits',
  events: [DEVELOPMENT_EVENTS.TrainingCompleted, DEVELOPMENT_EVENTS.DevelopmentRecorded, DEVELOPMENT_EVENTS.TrainingCompletionReversed],
  batch: 500,
})
export class JpCreditsSubscriber implements IntegrationEventHandler {
  constructor(private readonly store: ReadModelStore) {}

  handle(event: DeliveredEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  /** Credits in one statement; a reversal (rare: a voided platform completion) after the credits before it. */
  async handleBatch(events: DeliveredEvent[]): Promise<void> {
    let credits: JpCreditFact[] = [];
    for (const event of events) {
      if (event.name === DEVELOPMENT_EVENTS.TrainingCompletionReversed) {
        await this.store.applyJpCredits(credits);
        credits = [];
        // A voided platform completion: its JP leave the total (a credit arriving after this adds nothing).
        const p = event.payload as TrainingCompletionReversedPayload;
        await this.store.reverseJpCredit({
          source: 'PLATFORM',
          sourceId: p.platformCompletionId,
          employeeId: p.employeeId,
          agencyId: p.agencyId,
          year: p.year,
          jp: p.jp,
        });
      } else credits.push(creditOf(event));
    }
    await this.store.applyJpCredits(credits);
    await this.store.ensurePlacements([...new Set(events.map((e) => (e.payload as { employeeId: string }).employeeId))]);
  }
}

/** The credit a completion or a record brings. */
function creditOf(event: DeliveredEvent): JpCreditFact {
  if (event.name === DEVELOPMENT_EVENTS.TrainingCompleted) {
    const p = event.payload as TrainingCompletedPayload;
    // A completion on a learning platform has no enrolment: its own id keys it.
    const [source, sourceId] =
      p.source === 'PLATFORM' ? (['PLATFORM', p.platformCompletionId] as const) : (['TRAINING', p.enrolmentId] as const);
    if (!sourceId) throw new Error(`TrainingCompleted ${event.id} names no enrolment nor platform completion`);
    return { source, sourceId, employeeId: p.employeeId, agencyId: p.agencyId, year: p.year, jp: p.jp };
  }
  const p = event.payload as DevelopmentRecordedPayload;
  return { source: 'RECORD', sourceId: p.recordId, employeeId: p.employeeId, agencyId: p.agencyId, year: p.year, jp: p.jp };
}

/**
 * Nightly (01:30): every employee's placement again, from Workforce, because a
 * move to another unit or a retirement publishes no event. On a fresh deployment
 * the same job is the placements' backfill.
 */
@Injectable()
@MaintenanceJob({ name: 'reporting.placements-refresh', cron: '30 1 * * *' })
export class PlacementsRefreshJob implements MaintenanceJobRunner {
  constructor(private readonly store: ReadModelStore) {}

  async run(): Promise<{ changed: number }> {
    return { changed: await this.store.rebuildPlacements() };
  }
}

/**
 * Weekly (Sunday 02:00): profiles and JP again from their owners (Assessment's
 * stored profiles, Development's ledger), so a copy that missed or misapplied
 * an event is put right within a week. The same job rebuilds them from nothing.
 */
@Injectable()
@MaintenanceJob({ name: 'reporting.read-models-rebuild', cron: '0 2 * * 0' })
export class ReadModelsRebuildJob implements MaintenanceJobRunner {
  constructor(private readonly store: ReadModelStore) {}

  async run(): Promise<{ profiles: number; jpCredits: number }> {
    return { profiles: await this.store.rebuildProfiles(), jpCredits: await this.store.rebuildJpCredits() };
  }
}
