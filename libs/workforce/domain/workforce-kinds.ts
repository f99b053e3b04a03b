export const AGENCY_KINDS = ['MINISTRY', 'AGENCY', 'PROVINCE', 'REGENCY', 'CITY'] as const;
export type AgencyKind = (typeof AGENCY_KINDS)[number];

export const POSITION_KINDS = ['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL'] as const;
export type PositionKind = (typeof POSITION_KINDS)[number];

/** Jenjang of a functional position. */
export const FUNCTIONAL_GRADES = [
  'AHLI_UTAMA',
  'AHLI_MADYA',
  'AHLI_MUDA',
  'AHLI_PERTAMA',
  'PENYELIA',
  'MAHIR',
  'TERAMPIL',
  'PEMULA',
] as const;
export type FunctionalGrade = (typeof FUNCTIONAL_GRADES)[number];

export const EMPLOYEE_KINDS = ['PNS', 'PPPK'] as const;
export type EmployeeKind = (typeof EMPLOYEE_KINDS)[number];
