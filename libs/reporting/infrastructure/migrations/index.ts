import { Reporting1764300009000 } from './1764300009000-reporting';

export const REPORTING_MIGRATIONS = [Reporting1764300009000];
