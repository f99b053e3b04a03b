/** The composition entry of the Assessment context: for apps and libs/system only. Other contexts import ./contracts. */
export { AssessmentModule, AssessmentWorkerModule } from './assessment.module';
export { ASSESSMENT_MIGRATIONS } from './infrastructure/migrations';
