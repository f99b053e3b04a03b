import { Module } from '@nestjs/common';
import { CompleteAssessmentHandler, CreateAssessmentHandler, RecordResultsHandler } from './application/commands/assessment.commands';
import { ImportAssessmentsHandler } from './application/commands/import-assessments.command';
import { ASSESSMENT_QUERY_HANDLERS } from './application/queries/assessment.queries';
import { OfficialLevelsAroundHandler } from './application/queries/levels-around.query';
import { CompetencyProfilesPageHandler } from './application/queries/profiles-page.query';
import { EmployeeProfileSubscriber, PositionProfilesSubscriber, ProfileBatchJob } from './application/subscribers/profile.subscribers';
import { ReassessmentDueJob } from './application/subscribers/reassessment-due.job';
import { AssessmentPolicyProvider } from './infrastructure/assessment-policy.provider';
import { AssessmentRepository } from './infrastructure/assessment.repository';
import { ProfileProjector } from './infrastructure/profile-projector';
import { AssessmentsController, CompetencyProfileController } from './interface/assessment.controllers';

const INFRASTRUCTURE = [AssessmentPolicyProvider, AssessmentRepository, ProfileProjector];

/** Assessment on the API side: assessments, results, completion, the competency profile. */
@Module({
  controllers: [AssessmentsController, CompetencyProfileController],
  providers: [
    ...INFRASTRUCTURE,
    CreateAssessmentHandler,
    RecordResultsHandler,
    CompleteAssessmentHandler,
    ImportAssessmentsHandler,
    ...ASSESSMENT_QUERY_HANDLERS,
    OfficialLevelsAroundHandler,
    CompetencyProfilesPageHandler,
  ],
})
export class AssessmentModule {}

/** Assessment on the worker side: profile projection from events, batch recomputes, the daily reassessment check. */
@Module({
  providers: [
    ...INFRASTRUCTURE,
    EmployeeProfileSubscriber,
    PositionProfilesSubscriber,
    ProfileBatchJob,
    ReassessmentDueJob,
    OfficialLevelsAroundHandler,
    CompetencyProfilesPageHandler,
  ],
})
export class AssessmentWorkerModule {}
