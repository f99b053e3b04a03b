import { CompetencyStandards1764300002000 } from './1764300002000-competency-standards';

export const COMPETENCY_STANDARDS_MIGRATIONS = [CompetencyStandards1764300002000];
