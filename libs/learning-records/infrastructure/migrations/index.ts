import { LearningRecords1764300008000 } from './1764300008000-learning-records';
import { LrsReading1764300014500 } from './1764300014500-lrs-reading';

export const LEARNING_RECORDS_MIGRATIONS = [LearningRecords1764300008000, LrsReading1764300014500];
