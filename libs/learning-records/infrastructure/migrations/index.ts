import { LearningRecords1764300008000 } from './1764300008000-learning-records';

export const LEARNING_RECORDS_MIGRATIONS = [LearningRecords1764300008000];
