import { CatalogueEntry, sortItems, StandardItem } from './position-standard';

/** The kinds and functional grades (jenjang) of positions, as Workforce names them. */
export type PositionKind = 'JPT_UTAMA' | 'JPT_MADYA' | 'JPT_PRATAMA' | 'ADMINISTRATOR' | 'PENGAWAS' | 'PELAKSANA' | 'FUNGSIONAL';
export type FunctionalGrade = 'AHLI_UTAMA' | 'AHLI_MADYA' | 'AHLI_MUDA' | 'AHLI_PERTAMA' | 'PENYELIA' | 'MAHIR' | 'TERAMPIL' | 'PEMULA';

/** The usual managerial and sociocultural level by structural position kind (RULES.md; JPT Utama 5 is not confirmed). */
export const USUAL_LEVEL_BY_KIND: Record<Exclude<PositionKind, 'FUNGSIONAL'>, number> = {
  JPT_UTAMA: 5,
  JPT_MADYA: 5,
  JPT_PRATAMA: 4,
  ADMINISTRATOR: 3,
  PENGAWAS: 2,
  PELAKSANA: 1,
};

/**
 * Functional positions by jenjang. The rules leave these "set per position";
 * these defaults line each grade up with the structural level it usually
 * ranks beside: Ahli Utama with JPT Pratama (4), Ahli Madya with Administrator
 * (3), Ahli Muda and Penyelia with Pengawas (2), Ahli Pertama and the other
 * skill grades with Pelaksana (1). An agency changes them in the SKJ.
 */
export const USUAL_LEVEL_BY_GRADE: Record<FunctionalGrade, number> = {
  AHLI_UTAMA: 4,
  AHLI_MADYA: 3,
  AHLI_MUDA: 2,
  AHLI_PERTAMA: 1,
  PENYELIA: 2,
  MAHIR: 1,
  TERAMPIL: 1,
  PEMULA: 1,
};

/** The usual required level of the national competencies for a position; 1 when the kind or grade is unknown. */
export function usualLevel(kind: string, functionalGrade: string | null): number {
  if (kind === 'FUNGSIONAL') return USUAL_LEVEL_BY_GRADE[functionalGrade as FunctionalGrade] ?? 1;
  return USUAL_LEVEL_BY_KIND[kind as Exclude<PositionKind, 'FUNGSIONAL'>] ?? 1;
}

/**
 * The draft SKJ of a position without one: each national competency at the
 * usual level (or the highest level at or below it that the competency
 * defines), pinned to its current version. Technical competencies are the
 * agency's to add.
 */
export function draftItems(kind: string, functionalGrade: string | null, national: readonly CatalogueEntry[]): StandardItem[] {
  const usual = usualLevel(kind, functionalGrade);
  return sortItems(
    national.map((entry) => {
      const fitting = entry.definedLevels.filter((l) => l <= usual);
      const level = fitting.length ? Math.max(...fitting) : Math.min(...entry.definedLevels);
      return {
        competencyCode: entry.code,
        competencyId: entry.id,
        competencyVersion: entry.version,
        competencyType: entry.type,
        competencyName: entry.name,
        requiredLevel: level,
      };
    }),
  );
}
