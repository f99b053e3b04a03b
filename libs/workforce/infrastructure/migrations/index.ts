import { Workforce1764300001000 } from './1764300001000-workforce';
import { EmployeeEmailLookup1764300010000 } from './1764300010000-employee-email-lookup';

export const WORKFORCE_MIGRATIONS = [Workforce1764300001000, EmployeeEmailLookup1764300010000];
