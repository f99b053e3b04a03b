import { RECOMMENDATION_SCORING as S } from './recommendation-scoring';

/**
 * Why a program is recommended, as structured explanations (a code and its
 * parameters) that clients may render themselves, and as reasons rendered in
 * the reader's language (Bahasa Indonesia first, English). They are made when
 * the recommendations are read, from the stored item and Development's current
 * data (the gap, the session's seats, the JP ledger, the Feedback signals), so
 * a session's free seats are those of now.
 *
 * The gap and how far the program takes it are one pair that never
 * contradicts: GAP says the gap; then CLOSES_GAP when the target reaches the
 * required level, NARROWS_GAP (with the gap that remains) when it does not.
 */
export type RecommendationExplanation =
  | { code: 'GAP'; competencyCode: string; competencyName: string | null; gap: number; achievedLevel: number; requiredLevel: number }
  | { code: 'CLOSES_GAP'; competencyCode: string; targetLevel: number; requiredLevel: number }
  | { code: 'NARROWS_GAP'; competencyCode: string; targetLevel: number; requiredLevel: number; remainingGap: number }
  | { code: 'SESSION_SOON'; sessionId: string; startsAt: string; location: string | null; freeSeats: number }
  | { code: 'JP_SHORTFALL'; creditJp: number; shortfallJp: number }
  | { code: 'STATED_NEED'; competencyCode: string; priority: 'HIGH' | 'MEDIUM' | 'LOW' }
  | { code: 'EVALUATION'; meanRating: number; evaluations: number }
  | { code: 'EFFECTIVENESS'; meanLevelChange: number; participants: number };

export type ExplanationCode = RecommendationExplanation['code'];
export const REASON_LANGUAGES = ['id', 'en'] as const;
export type ReasonLanguage = (typeof REASON_LANGUAGES)[number];

/** What an item's explanations are made from. */
export interface RecommendationFacts {
  competencyCode: string;
  competencyName: string | null;
  gap: number;
  /** The required level in the employee's current gaps (achieved = required + gap). */
  requiredLevel: number;
  targetLevel: number;
  session: { id: string; startsAt: string; location: string | null; freeSeats: number } | null;
  creditJp: number;
  /** This year's JP still missing (0 when compliant). */
  shortfallJp: number;
  statedNeed: 'HIGH' | 'MEDIUM' | 'LOW' | null;
  feedback: {
    evaluations: number;
    meanRating: number | null;
    participants: number;
    meanLevelChange: number | null;
    meaningful: boolean;
  } | null;
}

/** The explanations of one item, in the order its reasons are read; the terms of the score that applied, each once. */
export function explainRecommendation(f: RecommendationFacts): RecommendationExplanation[] {
  const achievedLevel = f.requiredLevel + f.gap;
  const out: RecommendationExplanation[] = [
    {
      code: 'GAP',
      competencyCode: f.competencyCode,
      competencyName: f.competencyName,
      gap: -f.gap,
      achievedLevel,
      requiredLevel: f.requiredLevel,
    },
    f.targetLevel >= f.requiredLevel
      ? { code: 'CLOSES_GAP', competencyCode: f.competencyCode, targetLevel: f.targetLevel, requiredLevel: f.requiredLevel }
      : {
          code: 'NARROWS_GAP',
          competencyCode: f.competencyCode,
          targetLevel: f.targetLevel,
          requiredLevel: f.requiredLevel,
          remainingGap: f.requiredLevel - f.targetLevel,
        },
  ];
  if (f.session)
    out.push({
      code: 'SESSION_SOON',
      sessionId: f.session.id,
      startsAt: f.session.startsAt,
      location: f.session.location,
      freeSeats: f.session.freeSeats,
    });
  if (f.shortfallJp > 0) out.push({ code: 'JP_SHORTFALL', creditJp: f.creditJp, shortfallJp: f.shortfallJp });
  if (f.statedNeed) out.push({ code: 'STATED_NEED', competencyCode: f.competencyCode, priority: f.statedNeed });
  const fb = f.feedback;
  if (fb && fb.meanRating !== null && fb.evaluations >= S.MIN_EVALUATIONS)
    out.push({ code: 'EVALUATION', meanRating: fb.meanRating, evaluations: fb.evaluations });
  if (fb && fb.meaningful && fb.meanLevelChange !== null)
    out.push({ code: 'EFFECTIVENESS', meanLevelChange: fb.meanLevelChange, participants: fb.participants });
  return out;
}

const PRIORITY_ID = { HIGH: 'tinggi', MEDIUM: 'sedang', LOW: 'rendah' } as const;

function num(value: number, language: ReasonLanguage): string {
  return new Intl.NumberFormat(language === 'id' ? 'id-ID' : 'en-US', { maximumFractionDigits: 2, useGrouping: false }).format(value);
}

function signed(value: number, language: ReasonLanguage): string {
  return (value > 0 ? '+' : '') + num(value, language);
}

/** A date as the reader reads it in Jakarta: 2026-12-08 (en), 8 Desember 2026 (id). */
function day(instant: string, language: ReasonLanguage): string {
  const date = new Date(instant);
  if (language === 'en') return new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(date);
  return new Intl.DateTimeFormat('id-ID', { timeZone: 'Asia/Jakarta', day: 'numeric', month: 'long', year: 'numeric' }).format(date);
}

function named(code: string, name: string | null): string {
  return name ? `${code} (${name})` : code;
}

/** One explanation as a sentence in the reader's language. */
export function renderReason(e: RecommendationExplanation, language: ReasonLanguage): string {
  const id = language === 'id';
  switch (e.code) {
    case 'GAP':
      return id
        ? `Kesenjangan ${e.gap} level pada ${named(e.competencyCode, e.competencyName)}: level ${e.achievedLevel} dari ${e.requiredLevel} yang dipersyaratkan`
        : `A gap of ${e.gap} in ${named(e.competencyCode, e.competencyName)}: level ${e.achievedLevel} of the ${e.requiredLevel} required`;
    case 'CLOSES_GAP':
      return id
        ? `Menutup kesenjangan: mengembangkan ${e.competencyCode} sampai level ${e.targetLevel}, memenuhi level ${e.requiredLevel} yang dipersyaratkan`
        : `Closes the gap: develops ${e.competencyCode} to level ${e.targetLevel}, reaching the required level ${e.requiredLevel}`;
    case 'NARROWS_GAP':
      return id
        ? `Mempersempit kesenjangan: mengembangkan ${e.competencyCode} sampai level ${e.targetLevel}, menuju level ${e.requiredLevel} yang dipersyaratkan (tersisa ${e.remainingGap} level)`
        : `Narrows the gap: develops ${e.competencyCode} to level ${e.targetLevel}, towards the required level ${e.requiredLevel} (${e.remainingGap} level(s) remain)`;
    case 'SESSION_SOON': {
      const where = e.location ? (id ? ` di ${e.location}` : ` in ${e.location}`) : '';
      if (e.freeSeats <= 0)
        return id
          ? `Sesi yang dimulai ${day(e.startsAt, language)}${where} kini penuh`
          : `A session starting ${day(e.startsAt, language)}${where} is now full`;
      return id
        ? `Sesi yang dimulai ${day(e.startsAt, language)}${where} masih memiliki ${e.freeSeats} kursi kosong`
        : `A session starting ${day(e.startsAt, language)}${where} has ${e.freeSeats} free seat(s)`;
    }
    case 'JP_SHORTFALL':
      return id
        ? `Memberikan ${num(e.creditJp, language)} JP untuk kekurangan ${num(e.shortfallJp, language)} JP tahun ini`
        : `Credits ${num(e.creditJp, language)} JP towards this year's shortfall of ${num(e.shortfallJp, language)} JP`;
    case 'STATED_NEED':
      return id
        ? `Dinyatakan sebagai kebutuhan pelatihan untuk ${e.competencyCode} (prioritas ${PRIORITY_ID[e.priority]})`
        : `Stated as a training need for ${e.competencyCode} (priority ${e.priority})`;
    case 'EVALUATION':
      return id
        ? `Dinilai rata-rata ${num(e.meanRating, language)} dari 5 oleh ${e.evaluations} peserta`
        : `Rated ${num(e.meanRating, language)} of 5 on average by ${e.evaluations} participant(s)`;
    case 'EFFECTIVENESS':
      return id
        ? `Level kompetensi peserta hasil asesmen berubah rata-rata ${signed(e.meanLevelChange, language)} setelah mengikutinya (${e.participants} peserta)`
        : `Participants' assessed level changed by ${signed(e.meanLevelChange, language)} on average after it (${e.participants} participants)`;
  }
}

/** The language of the reasons from an Accept-Language header: English when preferred over Indonesian, else Indonesian. */
export function reasonLanguage(acceptLanguage: string | undefined): ReasonLanguage {
  if (!acceptLanguage) return 'id';
  const ranked = acceptLanguage
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { base: tag.split('-')[0], q: q ? Number(q.slice(2)) : 1, i };
    })
    .filter((l) => (l.base === 'id' || l.base === 'en') && l.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  return ranked[0]?.base === 'en' ? 'en' : 'id';
}
