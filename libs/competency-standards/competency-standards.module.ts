import { Module } from '@nestjs/common';
import { PublishCompetencyHandler } from './application/commands/competency.commands';
import { ImportCompetenciesHandler } from './application/commands/import-competencies.command';
import { ImportStandardsHandler } from './application/commands/import-standards.command';
import { PublishPositionStandardHandler } from './application/commands/standard.commands';
import { NationalDictionarySeeder } from './application/national-dictionary.seeder';
import { COMPETENCY_QUERY_HANDLERS } from './application/queries/competency.queries';
import { COMPETENCY_STANDARDS_CONTRACT_QUERY_HANDLERS } from './application/queries/contract.queries';
import { STANDARD_QUERY_HANDLERS } from './application/queries/standard.queries';
import { CompetencyRepository } from './infrastructure/competency.repository';
import { PositionStandardRepository } from './infrastructure/standard.repository';
import { CompetenciesController, PositionStandardsController } from './interface/competency-standards.controllers';

const COMMAND_HANDLERS = [PublishCompetencyHandler, PublishPositionStandardHandler, ImportCompetenciesHandler, ImportStandardsHandler];
/** What both processes need: the repositories, the seed of the national dictionary, and the queries other contexts ask. */
const SHARED_PROVIDERS = [
  CompetencyRepository,
  PositionStandardRepository,
  NationalDictionarySeeder,
  ...COMPETENCY_STANDARDS_CONTRACT_QUERY_HANDLERS,
];

/** Competency standards on the API side: the dictionary, position standards (SKJ), their imports. */
@Module({
  controllers: [CompetenciesController, PositionStandardsController],
  providers: [...COMMAND_HANDLERS, ...COMPETENCY_QUERY_HANDLERS, ...STANDARD_QUERY_HANDLERS, ...SHARED_PROVIDERS],
})
export class CompetencyStandardsModule {}

/** Competency standards on the worker side: it subscribes to nothing yet, but seeds the dictionary and answers other contexts' queries. */
@Module({
  providers: [...SHARED_PROVIDERS],
})
export class CompetencyStandardsWorkerModule {}
