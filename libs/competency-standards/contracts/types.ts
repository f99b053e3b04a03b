/** Public value types of the Competency Standards context. */
export const COMPETENCY_TYPES = ['TECHNICAL', 'MANAGERIAL', 'SOCIOCULTURAL'] as const;
export type CompetencyType = (typeof COMPETENCY_TYPES)[number];

/** Proficiency levels run from 1 to 5. */
export const MIN_LEVEL = 1;
export const MAX_LEVEL = 5;

/** The nine national competencies every SKJ contains and every employee is assessed on (Permenpan RB 38/2017). */
export const NATIONAL_COMPETENCY_CODES = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'] as const;
