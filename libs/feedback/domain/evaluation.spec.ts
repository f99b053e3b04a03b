import { assertMayEvaluate, assertOnScale, COMMENT_MAX } from './evaluation';

describe('training evaluation', () => {
  const completed = { id: 'e-1', employeeId: 'emp-1', status: 'COMPLETED' };

  it('takes ratings and relevance from 1 to 5, whole numbers, and a limited comment', () => {
    expect(() => assertOnScale({ rating: 1, relevance: 5, wouldRecommend: true })).not.toThrow();
    for (const bad of [0, 6, 2.5, Number.NaN]) {
      expect(() => assertOnScale({ rating: bad, relevance: 3, wouldRecommend: true })).toThrow(
        expect.objectContaining({ kind: 'invalid' }),
      );
      expect(() => assertOnScale({ rating: 3, relevance: bad, wouldRecommend: true })).toThrow(
        expect.objectContaining({ kind: 'invalid' }),
      );
    }
    expect(() => assertOnScale({ rating: 3, relevance: 3, wouldRecommend: false, comment: 'x'.repeat(COMMENT_MAX + 1) })).toThrow(
      expect.objectContaining({ kind: 'invalid' }),
    );
  });

  it('lets only the employee who completed the enrolment evaluate it, once', () => {
    expect(() => assertMayEvaluate(completed, 'emp-1', 'e-1', false)).not.toThrow();
    // Someone else's (or no) enrolment is not found; one not completed is refused; a second evaluation conflicts.
    expect(() => assertMayEvaluate(completed, 'emp-2', 'e-1', false)).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => assertMayEvaluate(null, 'emp-1', 'e-1', false)).toThrow(expect.objectContaining({ kind: 'not-found' }));
    expect(() => assertMayEvaluate({ ...completed, status: 'ENROLLED' }, 'emp-1', 'e-1', false)).toThrow(
      expect.objectContaining({ kind: 'rule' }),
    );
    expect(() => assertMayEvaluate(completed, 'emp-1', 'e-1', true)).toThrow(expect.objectContaining({ kind: 'conflict' }));
  });
});
