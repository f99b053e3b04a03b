/** The composition entry of the Learning Records context: for apps and libs/system only. */
export { LearningRecordsModule, LearningRecordsWorkerModule } from './learning-records.module';
export { LEARNING_RECORDS_MIGRATIONS } from './infrastructure/migrations';
export { xapiHttpMiddleware } from './interface/xapi-http';
