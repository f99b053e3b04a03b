import { Feedback1764300007000 } from './1764300007000-feedback';

export const FEEDBACK_MIGRATIONS = [Feedback1764300007000];
