import { Module } from '@nestjs/common';
import { REPORT_QUERY_HANDLERS } from './application/queries/report.queries';
import {
  JpCreditsSubscriber,
  PlacementsRefreshJob,
  ReadModelsRebuildJob,
  PlacementsSubscriber,
  ProfilesSubscriber,
} from './application/subscribers/read-model.subscribers';
import { ReadModelStore } from './infrastructure/read-model.store';
import { ReportReadModel } from './infrastructure/report.read-model';
import { ReportsController } from './interface/reports.controller';

/** Reporting on the API side: the agency and national reports, and the AKPK contract query (DevelopmentNeedsQuery). */
@Module({
  controllers: [ReportsController],
  providers: [ReportReadModel, ...REPORT_QUERY_HANDLERS],
})
export class ReportingModule {}

/** Reporting on the worker side: keeps the read models from other contexts' events; refreshes placements nightly. */
@Module({
  providers: [ReadModelStore, PlacementsSubscriber, ProfilesSubscriber, JpCreditsSubscriber, PlacementsRefreshJob, ReadModelsRebuildJob],
})
export class ReportingWorkerModule {}
