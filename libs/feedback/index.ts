/** The composition entry of the Feedback context: for apps and libs/system only. Other contexts import ./contracts. */
export { FeedbackModule, FeedbackWorkerModule } from './feedback.module';
export { FEEDBACK_MIGRATIONS } from './infrastructure/migrations';
