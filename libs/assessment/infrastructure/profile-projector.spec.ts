import { PositionStandardSnapshot } from '@kompeten/competency-standards/contracts';
import {
  AssessmentPolicy,
  AssessmentPurpose,
  COMPETENCY_TEST_CATEGORIES,
  CompetencyType,
  DEFAULT_ASSESSMENT_POLICY,
  JpmTypeWeights,
} from '../domain/assessment-policy';
import { categoryFor, jpmHundredths } from '../domain/jpm';
import { CompetencyProfileChangedPayload, ProfileGapColumns } from '../contracts/events';
import { computeProfiles, LatestResult, Placement, ProfileItem, ProfileItemColumns, profileItems } from './profile-projector';

/**
 * The profile as the projector computed it before it wrote JSON as text: objects
 * and JSON.stringify. computeProfiles must write the same bytes (a stored profile
 * is compared with a recomputed one by its text, so the same profile must be
 * written the same way) and the same event. The items are built one object per
 * competency, as the API shows them, and turned into columns the plain way.
 */
function reference(
  placements: Placement[],
  standards: Map<string, PositionStandardSnapshot>,
  results: LatestResult[],
  policy: AssessmentPolicy,
  weights: Map<string, JpmTypeWeights>,
  now: Date,
) {
  const iso = (ms: number) => new Date(ms).toISOString();
  return placements.map((p, at) => {
    const mine = results.filter((r) => r[0] === at);
    const latest = new Map(mine.filter((r) => r[3]).map((r) => [r[1], r]));
    const self = new Map(mine.filter((r) => !r[3]).map((r) => [r[1], r]));
    let latestPurpose: LatestResult | undefined;
    for (const r of [...mine].sort((a, b) => (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0))) {
      if (r[3] && (!latestPurpose || r[5] > latestPurpose[5])) latestPurpose = r;
    }
    const standard = standards.get(p.positionId) ?? null;
    const items: ProfileItem[] = (standard?.items ?? []).map((item) => {
      const result = latest.get(item.competencyCode);
      const own = self.get(item.competencyCode);
      return {
        competencyCode: item.competencyCode,
        type: item.competencyType,
        requiredLevel: item.requiredLevel,
        achievedLevel: result ? result[2] : null,
        gap: result ? result[2] - item.requiredLevel : null,
        assessedAt: result ? iso(result[5]) : null,
        validUntil: result ? iso(result[6]) : null,
        selfAssessedLevel: own ? own[2] : null,
      };
    });
    const complete = items.length > 0 && items.every((i) => i.achievedLevel !== null);
    const purpose = latestPurpose?.[4] ?? null;
    const hundredths = complete
      ? jpmHundredths(
          items.map((i) => ({ type: i.type, requiredLevel: i.requiredLevel, achievedLevel: i.achievedLevel! })),
          { weights: weights.get(p.positionId) ?? null, capAtRequired: policy.capAchievedAtRequired },
        )
      : null;
    const noticeBefore = now.getTime() + policy.reassessmentNoticeDays * 24 * 3600 * 1000;
    const profile = {
      employeeId: p.id,
      agencyId: p.agencyId,
      positionId: p.positionId,
      standardVersion: standard?.version ?? 0,
      jpm: hundredths === null ? null : hundredths / 100,
      category: hundredths === null || !purpose ? null : categoryFor(hundredths, purpose, policy.categories),
      purpose,
      reassessmentDue: items.length > 0 && items.some((i) => i.validUntil === null || new Date(i.validUntil).getTime() <= noticeBefore),
      items,
    };
    const gaps: ProfileGapColumns = {
      competencyCode: items.map((i) => i.competencyCode),
      type: items.map((i) => i.type),
      requiredLevel: items.map((i) => i.requiredLevel),
      achievedLevel: items.map((i) => i.achievedLevel),
      gap: items.map((i) => i.gap),
    };
    const columns: ProfileItemColumns = {
      ...gaps,
      assessedAt: items.map((i) => (i.assessedAt === null ? null : new Date(i.assessedAt).getTime())),
      validUntil: items.map((i) => (i.validUntil === null ? null : new Date(i.validUntil).getTime())),
      selfAssessedLevel: items.map((i) => i.selfAssessedLevel),
    };
    const event: CompetencyProfileChangedPayload = {
      employeeId: profile.employeeId,
      agencyId: profile.agencyId,
      positionId: profile.positionId,
      standardVersion: profile.standardVersion,
      jpm: profile.jpm,
      category: profile.category,
      reassessmentDue: profile.reassessmentDue,
      gaps,
    };
    return { ...profile, columns, event };
  });
}

/** A small deterministic generator (mulberry32), so a failure can be replayed. */
function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TYPES: CompetencyType[] = ['MANAGERIAL', 'SOCIOCULTURAL', 'TECHNICAL'];
const PURPOSES: AssessmentPurpose[] = ['MAPPING', 'COMPETENCY_TEST', 'PROMOTION'];
const CODES = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01', 'T-ANL.1', 'T_keu.02', 'T.03'];

describe('computeProfiles (the projector’s JSON written as text)', () => {
  it.each([1, 2, 3, 4, 5, 6])('writes what JSON.stringify wrote and the same event (seed %i)', (seed) => {
    const next = random(seed);
    const pick = <T>(list: readonly T[]) => list[Math.floor(next() * list.length)];
    const now = new Date(Date.UTC(2026, 10, 28, 5, 0, 0, 123));
    const positions = ['p1', 'p2', 'p3', 'p4'].map((p) => `00000000-0000-7000-8000-00000000000${p.slice(1)}`);
    const standards = new Map<string, PositionStandardSnapshot>();
    // The last position has no published SKJ: an empty profile.
    for (const positionId of positions.slice(0, 3)) {
      const codes = CODES.filter(() => next() < 0.7);
      standards.set(positionId, {
        positionId,
        agencyId: 'a',
        version: 1 + Math.floor(next() * 5),
        publishedAt: now.toISOString(),
        status: 'PUBLISHED',
        items: codes.map((competencyCode) => ({
          competencyCode,
          competencyId: 'c',
          competencyVersion: 1,
          competencyType: competencyCode.startsWith('T')
            ? 'TECHNICAL'
            : competencyCode.startsWith('SK')
              ? 'SOCIOCULTURAL'
              : pick(TYPES.slice(0, 1)),
          competencyName: competencyCode,
          requiredLevel: 1 + Math.floor(next() * 5),
        })),
      });
    }
    const weights = new Map<string, JpmTypeWeights>(next() < 0.5 ? [[positions[0], { technical: 40, managerialSociocultural: 60 }]] : []);
    const policy: AssessmentPolicy = {
      ...DEFAULT_ASSESSMENT_POLICY,
      capAchievedAtRequired: next() < 0.5,
      categories: {
        ...DEFAULT_ASSESSMENT_POLICY.categories,
        PROMOTION: { bands: [{ label: 'ATAS', atLeast: 91 }, ...COMPETENCY_TEST_CATEGORIES.bands], below: 'BAWAH' },
      },
    };
    const placements: Placement[] = Array.from({ length: 300 }, (_, i) => ({
      id: `00000000-0000-7000-9000-${String(i).padStart(12, '0')}`,
      agencyId: `00000000-0000-7000-a000-00000000000${i % 3}`,
      positionId: pick(positions),
    }));
    const results: LatestResult[] = [];
    placements.forEach((_, at) => {
      // A few assessments per employee, some at the same instant; results expire from before the notice to years after.
      const assessments = Array.from({ length: 1 + Math.floor(next() * 3) }, () => {
        const assessedAt = now.getTime() - Math.floor(next() * 3 * 365) * 86_400_000 - Math.floor(next() * 86_400_000);
        return { assessedAt, validUntil: assessedAt + 3 * 365 * 86_400_000, purpose: pick(PURPOSES) };
      });
      for (const code of CODES) {
        for (const official of [true, false]) {
          if (next() < (official ? 0.2 : 0.7)) continue;
          const a = pick(assessments);
          results.push([at, code, 1 + Math.floor(next() * 5), official, a.purpose, a.assessedAt, a.validUntil]);
        }
      }
    });

    const expected = reference(placements, standards, results, policy, weights, now);
    const actual = computeProfiles(placements, standards, results, policy, weights, now);

    expect(actual).toHaveLength(expected.length);
    actual.forEach((row, i) => {
      const want = expected[i];
      expect(row.items).toBe(JSON.stringify(want.columns));
      // Read back, the stored columns are the items the API shows.
      expect(profileItems(JSON.parse(row.items))).toEqual(want.items);
      expect(JSON.parse(row.event)).toEqual(want.event);
      expect({ ...row, items: undefined, event: undefined }).toEqual({
        employeeId: want.employeeId,
        agencyId: want.agencyId,
        positionId: want.positionId,
        standardVersion: want.standardVersion,
        jpm: want.jpm,
        category: want.category,
        purpose: want.purpose,
        reassessmentDue: want.reassessmentDue,
        items: undefined,
        event: undefined,
      });
    });
    // The cases the generator must have met for the comparison to mean something.
    expect(expected.some((p) => p.jpm !== null && p.category !== null)).toBe(true);
    expect(expected.some((p) => p.items.length > 0 && p.jpm === null)).toBe(true);
    expect(expected.some((p) => p.items.length === 0)).toBe(true);
    expect(expected.some((p) => p.reassessmentDue) && expected.some((p) => !p.reassessmentDue && p.items.length > 0)).toBe(true);
    expect(expected.some((p) => p.items.some((i) => i.selfAssessedLevel !== null))).toBe(true);
  });
});
