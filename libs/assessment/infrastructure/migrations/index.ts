import { Assessment1764300003000 } from './1764300003000-assessment';
import { ProfileItemsJson1764300012000 } from './1764300012000-profile-items-json';

export const ASSESSMENT_MIGRATIONS = [Assessment1764300003000, ProfileItemsJson1764300012000];
