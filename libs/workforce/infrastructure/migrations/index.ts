import { Workforce1764300001000 } from './1764300001000-workforce';
import { EmployeeEmailLookup1764300010000 } from './1764300010000-employee-email-lookup';
import { EmployeeSupervisor1764300010500 } from './1764300010500-employee-supervisor';
import { EmployeesByName1764300017100 } from './1764300017100-employees-by-name';

export const WORKFORCE_MIGRATIONS = [
  Workforce1764300001000,
  EmployeeEmailLookup1764300010000,
  EmployeeSupervisor1764300010500,
  EmployeesByName1764300017100,
];
