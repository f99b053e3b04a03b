import { Module } from '@nestjs/common';
import { FEEDBACK_CONTRACT_QUERY_HANDLERS } from './application/contract.queries';
import { EffectivenessService } from './application/effectiveness.service';
import { EVALUATION_HANDLERS } from './application/evaluations';
import { NEED_HANDLERS } from './application/needs';
import { NeedStatusSubscriber } from './application/subscribers/need-status.subscriber';
import {
  EnrolmentEvaluationController,
  ProgramEvaluationsController,
  TrainingEvaluationsController,
  TrainingNeedsController,
} from './interface/feedback.controllers';

/** Feedback on the API side: training needs, evaluations, evaluation summaries with effectiveness; its contract queries. */
@Module({
  controllers: [TrainingNeedsController, EnrolmentEvaluationController, TrainingEvaluationsController, ProgramEvaluationsController],
  providers: [EffectivenessService, ...NEED_HANDLERS, ...EVALUATION_HANDLERS, ...FEEDBACK_CONTRACT_QUERY_HANDLERS],
})
export class FeedbackModule {}

/** Feedback on the worker side: needs' status from Development's events; its contract queries (Development's signals ask them). */
@Module({
  providers: [EffectivenessService, NeedStatusSubscriber, ...FEEDBACK_CONTRACT_QUERY_HANDLERS],
})
export class FeedbackWorkerModule {}
