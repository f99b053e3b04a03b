import { Workforce1764300001000 } from './1764300001000-workforce';

export const WORKFORCE_MIGRATIONS = [Workforce1764300001000];
