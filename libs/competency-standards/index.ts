/** The composition entry of the Competency Standards context: for apps and libs/system only. Other contexts import ./contracts. */
export { CompetencyStandardsModule, CompetencyStandardsWorkerModule } from './competency-standards.module';
export { COMPETENCY_STANDARDS_MIGRATIONS } from './infrastructure/migrations';
