import { Injectable } from '@nestjs/common';
import { UnitOfWork } from '../database/unit-of-work';
import { MaintenanceJob, MaintenanceJobRunner } from '../queue/maintenance-job';

/** Published outbox rows and inbox records older than 30 days are no longer needed for deduplication. */
@Injectable()
@MaintenanceJob({ name: 'messaging.cleanup', cron: '30 2 * * *' })
export class MessagingCleanupJob implements MaintenanceJobRunner {
  constructor(private readonly uow: UnitOfWork) {}

  async run(): Promise<{ outbox: number; inbox: number }> {
    // Counted in the database: a month of events is too many rows to bring back just to count them.
    const [outbox] = await this.uow.query<{ n: string }>(
      `WITH gone AS (DELETE FROM messaging.outbox WHERE published_at < now() - interval '30 days' RETURNING 1) SELECT count(*) AS n FROM gone`,
    );
    const [inbox] = await this.uow.query<{ n: string }>(
      `WITH gone AS (DELETE FROM messaging.inbox WHERE handled_at < now() - interval '30 days' RETURNING 1) SELECT count(*) AS n FROM gone`,
    );
    return { outbox: Number(outbox.n), inbox: Number(inbox.n) };
  }
}
