/** The composition entry of the Reporting context: for apps and libs/system only. Other contexts import ./contracts. */
export { ReportingModule, ReportingWorkerModule } from './reporting.module';
export { REPORTING_MIGRATIONS } from './infrastructure/migrations';
export { ReadModelStore } from './infrastructure/read-model.store';
