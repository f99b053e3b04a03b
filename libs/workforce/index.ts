/** The composition entry of the Workforce context: for apps and libs/system only. Other contexts import ./contracts. */
export { WorkforceModule, WorkforceWorkerModule } from './workforce.module';
export { WORKFORCE_MIGRATIONS } from './infrastructure/migrations';
