import { Module } from '@nestjs/common';
import { CancelEnrolmentHandler, CompleteEnrolmentHandler, EnrolHandler } from './application/commands/enrolment.commands';
import { AddPlanItemHandler, UpdatePlanItemHandler } from './application/commands/plan.commands';
import { CreateProgramHandler, SetProgramActiveHandler, UpdateProgramHandler } from './application/commands/program.commands';
import { CreateRecordHandler, VerifyRecordHandler } from './application/commands/record.commands';
import { CreateSessionHandler, UpdateSessionHandler } from './application/commands/session.commands';
import { DEVELOPMENT_QUERY_HANDLERS } from './application/queries/development.queries';
import {
  RECOMMENDATION_COMMAND_HANDLERS,
  RECOMMENDATION_QUERY_HANDLERS,
} from './application/recommendations/recommendations';
import {
  NightlyRecomputeJob,
  RecomputeChunkJob,
  RecomputePlanJob,
  RecomputeRuns,
} from './application/recommendations/recompute-runs';
import { DecideProposalHandler, SessionProposalsJob, SessionRemindersJob } from './application/scheduling/session-scheduling';
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
  ],
  providers: [
    ...INFRASTRUCTURE,
    ...COMMAND_HANDLERS,
    ...RECOMMENDATION_COMMAND_HANDLERS,
    ...DEVELOPMENT_QUERY_HANDLERS,
    ...RECOMMENDATION_QUERY_HANDLERS,
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
    RecomputePlanJob,
    RecomputeChunkJob,
    NightlyRecomputeJob,
    SessionProposalsJob,
    SessionRemindersJob,
  ],
})
export class DevelopmentWorkerModule {}
