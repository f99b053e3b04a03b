/** The composition entry of the Development context: for apps and libs/system only. Other contexts import ./contracts. */
export { DevelopmentModule, DevelopmentWorkerModule } from './development.module';
export { DEVELOPMENT_MIGRATIONS } from './infrastructure/migrations';
