import { Module } from '@nestjs/common';
import { CancelEnrolmentHandler, CompleteEnrolmentHandler, EnrolHandler } from './application/commands/enrolment.commands';
import { AddPlanItemHandler, UpdatePlanItemHandler } from './application/commands/plan.commands';
import { CreateProgramHandler, SetProgramActiveHandler, UpdateProgramHandler } from './application/commands/program.commands';
import { CreateRecordHandler, VerifyRecordHandler } from './application/commands/record.commands';
import { CreateSessionHandler, UpdateSessionHandler } from './application/commands/session.commands';
import { CatalogueProgramsHandler } from './application/queries/catalogue.query-handler';
import { DEVELOPMENT_CONTRACT_QUERY_HANDLERS } from './application/queries/contract.queries';
import { DEVELOPMENT_QUERY_HANDLERS } from './application/queries/development.queries';
import { COURSE_HISTORY_QUERY_HANDLERS } from './application/queries/course-history';
import { PLATFORM_COMPLETION_HANDLERS } from './application/platform-completions';
import { RECOMMENDATION_COMMAND_HANDLERS, RECOMMENDATION_QUERY_HANDLERS } from './application/recommendations/recommendations';
import { NightlyRecomputeJob, RecomputeChunkJob, RecomputePlanJob, RecomputeRuns } from './application/recommendations/recompute-runs';
import { DecideProposalHandler, SessionProposalsJob, SessionRemindersJob } from './application/scheduling/session-scheduling';
import {
  FeedbackSignals,
  FeedbackSignalsNightlyJob,
  FeedbackSignalsSubscriber,
  ProgramHoldersRerankSubscriber,
  RerankBatchJob,
} from './application/subscribers/feedback-signals.subscriber';
import { ProfileGapsSubscriber } from './application/subscribers/profile-gaps.subscriber';
import { RecommendationsSubscriber } from './application/subscribers/recommendations.subscriber';
import { WaitingLists } from './application/waiting-list.service';
import { DevelopmentPolicy } from './infrastructure/development-policy.provider';
import { EnrolmentRepository } from './infrastructure/enrolment.repository';
import { JpLedger } from './infrastructure/jp-ledger';
import { ProfileGapsStore } from './infrastructure/profile-gaps.store';
import { ProgramRepository } from './infrastructure/program.repository';
import { RecommendationEngine } from './infrastructure/recommendation-engine';
import { RecordRepository } from './infrastructure/record.repository';
import { SessionRepository } from './infrastructure/session.repository';
import { SessionScheduling } from './infrastructure/session-scheduling';
import {
  DevelopmentRecordsController,
  EmployeeDevelopmentController,
  EnrolmentsController,
  TrainingProgramsController,
  TrainingSessionsController,
} from './interface/development.controllers';
import { EmployeeRecommendationsController, RecommendationJobsController } from './interface/recommendations.controllers';
import { CourseHistoryController } from './interface/course-history.controller';
import { AGENCY_PLAN_COMMAND_HANDLERS } from './application/commands/agency-plan.commands';
import { AGENCY_PLAN_QUERY_HANDLERS } from './application/queries/agency-plan.queries';
import { AgencyPlanRepository } from './infrastructure/agency-plan.repository';
import { AgencyDevelopmentPlansController } from './interface/agency-plan.controller';

const INFRASTRUCTURE = [
  DevelopmentPolicy,
  ProgramRepository,
  SessionRepository,
  EnrolmentRepository,
  RecordRepository,
  JpLedger,
  ProfileGapsStore,
  WaitingLists,
  RecommendationEngine,
  RecomputeRuns,
  SessionScheduling,
];

const COMMAND_HANDLERS = [
  CreateProgramHandler,
  UpdateProgramHandler,
  SetProgramActiveHandler,
  CreateSessionHandler,
  UpdateSessionHandler,
  DecideProposalHandler,
  EnrolHandler,
  CancelEnrolmentHandler,
  CompleteEnrolmentHandler,
  CreateRecordHandler,
  VerifyRecordHandler,
  AddPlanItemHandler,
  UpdatePlanItemHandler,
];

/** Development on the API side: the catalogue, sessions, enrolments and waiting lists, records, the JP ledger, the IDP. */
@Module({
  controllers: [
    TrainingProgramsController,
    TrainingSessionsController,
    EnrolmentsController,
    DevelopmentRecordsController,
    EmployeeDevelopmentController,
    EmployeeRecommendationsController,
    RecommendationJobsController,
    CourseHistoryController,
    AgencyDevelopmentPlansController,
  ],
  providers: [
    ...INFRASTRUCTURE,
    ...COMMAND_HANDLERS,
    ...RECOMMENDATION_COMMAND_HANDLERS,
    ...DEVELOPMENT_QUERY_HANDLERS,
    ...RECOMMENDATION_QUERY_HANDLERS,
    ...DEVELOPMENT_CONTRACT_QUERY_HANDLERS,
    ...PLATFORM_COMPLETION_HANDLERS,
    ...COURSE_HISTORY_QUERY_HANDLERS,
    CatalogueProgramsHandler,
    AgencyPlanRepository,
    ...AGENCY_PLAN_COMMAND_HANDLERS,
    ...AGENCY_PLAN_QUERY_HANDLERS,
  ],
})
export class DevelopmentModule {}

/**
 * Development on the worker side: keeps the employees' latest competency gaps
 * from CompetencyProfileChanged and recomputes recommendations (per employee on
 * CompetencyProfileChanged, TrainingCompleted, DevelopmentRecorded; all of them
 * in chunks on demand and nightly); proposes sessions where demand is unmet
 * (nightly) and reminds seats of sessions starting within 7 days (daily). Accepting one goes through the API's
 * AddPlanItemCommand with source RECOMMENDATION.
 */
@Module({
  providers: [
    ...INFRASTRUCTURE,
    ProfileGapsSubscriber,
    RecommendationsSubscriber,
    FeedbackSignals,
    FeedbackSignalsSubscriber,
    FeedbackSignalsNightlyJob,
    ProgramHoldersRerankSubscriber,
    RerankBatchJob,
    ...DEVELOPMENT_CONTRACT_QUERY_HANDLERS,
    RecomputePlanJob,
    RecomputeChunkJob,
    NightlyRecomputeJob,
    SessionProposalsJob,
    SessionRemindersJob,
  ],
})
export class DevelopmentWorkerModule {}
