import { Development1764300004000 } from './1764300004000-development';
import { Recommendations1764300005000 } from './1764300005000-recommendations';
import { Scheduling1764300006000 } from './1764300006000-scheduling';

export const DEVELOPMENT_MIGRATIONS = [Development1764300004000, Recommendations1764300005000, Scheduling1764300006000];
