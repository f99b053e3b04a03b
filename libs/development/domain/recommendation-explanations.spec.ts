import { explainRecommendation, reasonLanguage, renderReason } from './recommendation-explanations';

describe('recommendation explanations', () => {
  const facts = {
    competencyCode: 'M.05',
    competencyName: 'Komunikasi',
    gap: -2,
    requiredLevel: 4,
    targetLevel: 3,
    session: { id: 's-1', startsAt: '2026-12-20T02:00:00.000Z', location: 'Jakarta', freeSeats: 4 },
    creditJp: 19.2,
    shortfallJp: 12.5,
    statedNeed: 'HIGH' as const,
    feedback: { evaluations: 2, meanRating: 4.5, participants: 6, meanLevelChange: -0.5, meaningful: true },
  };

  it('says a gap is narrowed, never closed, when the target is below the required level', () => {
    const explanations = explainRecommendation(facts);
    expect(explanations.map((e) => e.code)).toEqual(['GAP', 'NARROWS_GAP', 'SESSION_SOON', 'JP_SHORTFALL', 'STATED_NEED', 'EFFECTIVENESS']);
    expect(explanations[1]).toEqual({ code: 'NARROWS_GAP', competencyCode: 'M.05', targetLevel: 3, requiredLevel: 4, remainingGap: 1 });
    expect(explainRecommendation({ ...facts, targetLevel: 4 }).map((e) => e.code)).toContain('CLOSES_GAP');
    // Evaluations count from MIN_EVALUATIONS (3); no shortfall, no JP reason.
    expect(explainRecommendation({ ...facts, shortfallJp: 0 }).map((e) => e.code)).not.toContain('JP_SHORTFALL');
  });

  it('renders Indonesian with its own numbers and dates, and English', () => {
    const [gap, narrows, session, jp, need, effect] = explainRecommendation(facts);
    expect(renderReason(gap, 'id')).toBe('Kesenjangan 2 level pada M.05 (Komunikasi): level 2 dari 4 yang dipersyaratkan');
    expect(renderReason(narrows, 'id')).toBe(
      'Mempersempit kesenjangan: mengembangkan M.05 sampai level 3, menuju level 4 yang dipersyaratkan (tersisa 1 level)',
    );
    expect(renderReason(session, 'id')).toBe('Sesi yang dimulai 20 Desember 2026 di Jakarta masih memiliki 4 kursi kosong');
    expect(renderReason(jp, 'id')).toBe('Memberikan 19,2 JP untuk kekurangan 12,5 JP tahun ini');
    expect(renderReason(need, 'id')).toBe('Dinyatakan sebagai kebutuhan pelatihan untuk M.05 (prioritas tinggi)');
    expect(renderReason(effect, 'id')).toBe(
      'Level kompetensi peserta hasil asesmen berubah rata-rata -0,5 setelah mengikutinya (6 peserta)',
    );
    expect(renderReason(session, 'en')).toBe('A session starting 2026-12-20 in Jakarta has 4 free seat(s)');
    expect(renderReason(jp, 'en')).toBe("Credits 19.2 JP towards this year's shortfall of 12.5 JP");
    expect(renderReason({ ...session, freeSeats: 0 } as typeof session, 'en')).toBe('A session starting 2026-12-20 in Jakarta is now full');
  });

  it('reads the language from Accept-Language: Indonesian unless English is preferred', () => {
    expect(reasonLanguage(undefined)).toBe('id');
    expect(reasonLanguage('en')).toBe('en');
    expect(reasonLanguage('en-US,en;q=0.9')).toBe('en');
    expect(reasonLanguage('id-ID,id;q=0.9,en;q=0.8')).toBe('id');
    expect(reasonLanguage('fr-FR, en;q=0.5')).toBe('en');
    expect(reasonLanguage('en;q=0.3, id;q=0.7')).toBe('id');
    expect(reasonLanguage('de')).toBe('id');
    expect(reasonLanguage('en;q=0')).toBe('id');
  });
});
