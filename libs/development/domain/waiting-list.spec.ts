import { compareCandidates, gapSize, nextInLine, rankWaitingList, WaitlistCandidate } from './waiting-list';

const at = (minute: number) => new Date(Date.UTC(2026, 0, 5, 8, minute));
const candidate = (id: string, gap: number, jpShortfall: number, minute: number): WaitlistCandidate => ({
  enrolmentId: id,
  employeeId: `employee-${id}`,
  gap,
  jpShortfall,
  waitlistedAt: at(minute),
});

describe('waiting-list order', () => {
  it('the size of a gap counts only the program’s competencies, and only levels missing', () => {
    const profile = [
      { competencyCode: 'M.01', gap: -2 },
      { competencyCode: 'M.02', gap: -1 },
      { competencyCode: 'M.03', gap: 1 },
      { competencyCode: 'M.04', gap: null },
      { competencyCode: 'M.05', gap: -3 },
    ];
    expect(gapSize(profile, ['M.01', 'M.02', 'M.03', 'M.04'])).toBe(3);
    expect(gapSize(profile, ['M.03'])).toBe(0);
    expect(gapSize(profile, ['M.05', 'SK.01'])).toBe(3);
    expect(gapSize([], ['M.01'])).toBe(0);
  });

  it('the largest gap comes first, whoever asked first', () => {
    const ranked = rankWaitingList([candidate('a', 1, 20, 0), candidate('b', 4, 0, 9), candidate('c', 2, 20, 1)]);
    expect(ranked.map((c) => c.enrolmentId)).toEqual(['b', 'c', 'a']);
  });

  it('at equal gaps, the larger JP shortfall this year comes first', () => {
    const ranked = rankWaitingList([candidate('a', 2, 4, 0), candidate('b', 2, 20, 5), candidate('c', 2, 12.5, 3)]);
    expect(ranked.map((c) => c.enrolmentId)).toEqual(['b', 'c', 'a']);
  });

  it('an unknown profile counts as no gap; ties go to whoever asked first, then by id', () => {
    const ranked = rankWaitingList([candidate('d', 0, 20, 2), candidate('b', 0, 20, 1), candidate('a', 0, 20, 1), candidate('e', 1, 0, 9)]);
    expect(ranked.map((c) => c.enrolmentId)).toEqual(['e', 'a', 'b', 'd']);
    expect(compareCandidates(candidate('x', 0, 0, 0), candidate('x', 0, 0, 0))).toBe(0);
  });

  it('the seats that came free go to the head of the list, in order; none when none came free', () => {
    const list = [candidate('a', 0, 20, 0), candidate('b', 3, 20, 1), candidate('c', 1, 20, 2)];
    expect(nextInLine(list, 1).map((c) => c.enrolmentId)).toEqual(['b']);
    expect(nextInLine(list, 2).map((c) => c.enrolmentId)).toEqual(['b', 'c']);
    expect(nextInLine(list, 5).map((c) => c.enrolmentId)).toEqual(['b', 'c', 'a']);
    expect(nextInLine(list, 0)).toEqual([]);
    expect(list.map((c) => c.enrolmentId)).toEqual(['a', 'b', 'c']);
  });
});
