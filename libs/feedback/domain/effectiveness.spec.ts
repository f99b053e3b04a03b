import { effectiveness, LevelPair, MINIMUM_PARTICIPANTS } from './effectiveness';

const pair = (
  employeeId: string,
  competencyCode: string,
  levelBefore: number | null,
  levelAfter: number | null,
  programId = 'p-1',
): LevelPair => ({
  programId,
  employeeId,
  competencyCode,
  levelBefore,
  levelAfter,
});

describe('training effectiveness', () => {
  it('is the mean change from the last level before to the first after, per competency and overall', () => {
    const [p] = effectiveness(['p-1'], [pair('a', 'M.01', 2, 3), pair('a', 'M.02', 2, 4), pair('b', 'M.01', 3, 3)]);
    expect(p).toEqual({
      programId: 'p-1',
      participants: 2,
      meanLevelChange: 1, // (1 + 2 + 0) / 3
      competencies: [
        { competencyCode: 'M.01', participants: 2, meanLevelChange: 0.5 },
        { competencyCode: 'M.02', participants: 1, meanLevelChange: 2 },
      ],
      meaningful: false,
      minimumParticipants: MINIMUM_PARTICIPANTS,
    });
  });

  it('counts only participants measured on both sides', () => {
    const [p] = effectiveness(['p-1'], [pair('a', 'M.01', null, 3), pair('b', 'M.01', 2, null), pair('c', 'M.01', 2, 1)]);
    expect(p.participants).toBe(1);
    expect(p.meanLevelChange).toBe(-1);
  });

  it('is meaningful from the minimum number of participants (default 5), and says so below it', () => {
    const four = ['a', 'b', 'c', 'd'].map((e) => pair(e, 'M.01', 2, 3));
    expect(MINIMUM_PARTICIPANTS).toBe(5);
    expect(effectiveness(['p-1'], four)[0].meaningful).toBe(false);
    expect(effectiveness(['p-1'], [...four, pair('e', 'M.01', 2, 3)])[0]).toMatchObject({ participants: 5, meaningful: true });
    expect(effectiveness(['p-1'], four, 4)[0]).toMatchObject({ meaningful: true, minimumParticipants: 4 });
  });

  it('answers every program asked, even one without participants', () => {
    const answers = effectiveness(['p-1', 'p-2'], [pair('a', 'M.01', 1, 2, 'p-2')]);
    expect(answers.map((a) => [a.programId, a.participants, a.meanLevelChange])).toEqual([
      ['p-1', 0, null],
      ['p-2', 1, 1],
    ]);
  });
});
