import { SHARED_MIGRATIONS } from '@kompeten/shared/infrastructure';
import { WORKFORCE_MIGRATIONS, WorkforceModule, WorkforceWorkerModule } from '@kompeten/workforce';
import { ASSESSMENT_MIGRATIONS, AssessmentModule, AssessmentWorkerModule } from '@kompeten/assessment';
import {
  COMPETENCY_STANDARDS_MIGRATIONS,
  CompetencyStandardsModule,
  CompetencyStandardsWorkerModule,
} from '@kompeten/competency-standards';
import { DEVELOPMENT_MIGRATIONS, DevelopmentModule, DevelopmentWorkerModule } from '@kompeten/development';
import { FEEDBACK_MIGRATIONS, FeedbackModule, FeedbackWorkerModule } from '@kompeten/feedback';
import { REPORTING_MIGRATIONS, ReportingModule, ReportingWorkerModule } from '@kompeten/reporting';
import { LEARNING_RECORDS_MIGRATIONS, LearningRecordsModule, LearningRecordsWorkerModule } from '@kompeten/learning-records';
/** The LRS's HTTP layer before Nest's router (its bodies, the alternate request syntax), for the API app. */
export { xapiHttpMiddleware } from '@kompeten/learning-records';

/** The composition root: every bounded context, its HTTP and worker modules, and its migrations, in order. */
export const API_CONTEXT_MODULES = [
  WorkforceModule,
  CompetencyStandardsModule,
  AssessmentModule,
  DevelopmentModule,
  FeedbackModule,
  ReportingModule,
  LearningRecordsModule,
];
export const WORKER_CONTEXT_MODULES = [
  WorkforceWorkerModule,
  CompetencyStandardsWorkerModule,
  AssessmentWorkerModule,
  DevelopmentWorkerModule,
  FeedbackWorkerModule,
  ReportingWorkerModule,
  LearningRecordsWorkerModule,
];

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const ALL_MIGRATIONS: Function[] = [
  ...SHARED_MIGRATIONS,
  ...WORKFORCE_MIGRATIONS,
  ...COMPETENCY_STANDARDS_MIGRATIONS,
  ...ASSESSMENT_MIGRATIONS,
  ...DEVELOPMENT_MIGRATIONS,
  ...FEEDBACK_MIGRATIONS,
  ...REPORTING_MIGRATIONS,
  ...LEARNING_RECORDS_MIGRATIONS,
];
