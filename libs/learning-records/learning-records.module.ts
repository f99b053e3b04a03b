import { Module } from '@nestjs/common';
import { INTEGRATION_COMMAND_HANDLERS, INTEGRATION_QUERY_HANDLERS } from './application/integrations';
import { DOCUMENT_HANDLERS } from './application/documents';
import { StoreStatementsHandler } from './application/statement-intake';
import { StatementsHandler } from './application/statement-reading';
import { StatementProcessor } from './application/statement-processor';
import { LearningRecordsPolicy } from './infrastructure/learning-records-policy';
import { IntegrationsController, ProgramActivitiesController } from './interface/integrations.controller';
import { LrsBasicGuard } from './interface/lrs-basic.guard';
import { AboutController, StatementsController } from './interface/statements.controller';

/**
 * Learning Records on the API side: the xAPI statement resource for learning
 * platforms, their credentials, activity and account mappings, the review
 * queue. Completions reach Development through its learning-platform contract.
 */
@Module({
  controllers: [StatementsController, AboutController, IntegrationsController, ProgramActivitiesController],
  providers: [
    LearningRecordsPolicy,
    StatementProcessor,
    LrsBasicGuard,
    StoreStatementsHandler,
    StatementsHandler,
    ...DOCUMENT_HANDLERS,
    ...INTEGRATION_COMMAND_HANDLERS,
    ...INTEGRATION_QUERY_HANDLERS,
  ],
})
export class LearningRecordsModule {}

/** Learning Records on the worker side: nothing runs there yet. */
@Module({})
export class LearningRecordsWorkerModule {}
