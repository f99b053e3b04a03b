import { Assessment1764300003000 } from './1764300003000-assessment';

export const ASSESSMENT_MIGRATIONS = [Assessment1764300003000];
