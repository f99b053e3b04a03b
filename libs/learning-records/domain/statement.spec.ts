import { attemptOutcome, completedAt, matchMapping, parseVerbList, verbKind } from './completion-rules';
import { factsOf, isNip, JsonObject, sameStatement, statementProblems, toStored } from './statement';

const TINCAN_COMPLETED = 'http://id.tincanapi.com/verb/completed';
const ADL_COMPLETED = 'http://adlnet.gov/expapi/verbs/completed';
const SITE = 'https://elearning.example.go.id';

/** A course completion as Moodle's xAPI log store sends it: no id, no result, Tin Can verb, account actor, offset timestamp. */
const moodleCourseCompletion = (): JsonObject => ({
  actor: { objectType: 'Agent', name: 'Budi Santoso', account: { homePage: SITE, name: '1234' } },
  verb: { id: TINCAN_COMPLETED, display: { en: 'completed' } },
  object: {
    objectType: 'Activity',
    id: `${SITE}/course/view.php?id=42`,
    definition: { type: 'http://id.tincanapi.com/activitytype/lms/course', name: { en: 'Orientasi ASN' } },
  },
  timestamp: '2026-11-20T09:15:00+07:00',
  context: {
    platform: 'Moodle',
    language: 'en',
    extensions: { 'http://lrs.learninglocker.net/define/extensions/info': { moodle: '4.3' } },
  },
});

const quizAttempt = (scaled: number, success = true): JsonObject => ({
  actor: { objectType: 'Agent', account: { homePage: SITE, name: '1234' } },
  verb: { id: ADL_COMPLETED, display: { en: 'completed' } },
  object: { objectType: 'Activity', id: `${SITE}/mod/quiz/attempt.php?attempt=7` },
  result: { success, completion: true, score: { raw: scaled * 10, min: 0, max: 10, scaled }, duration: 'PT12M30S' },
  context: {
    contextActivities: {
      parent: [
        { objectType: 'Activity', id: `${SITE}/mod/quiz/view.php?id=9` },
        { objectType: 'Activity', id: `${SITE}/course/view.php?id=42` },
      ],
    },
  },
  timestamp: '2026-11-21T10:00:00+07:00',
});

describe('statementProblems (xAPI 1.0.3)', () => {
  it('accepts what Moodle sends', () => {
    expect(statementProblems(moodleCourseCompletion())).toEqual([]);
    expect(statementProblems(quizAttempt(0.8))).toEqual([]);
  });

  it.each([
    ['a missing actor', (s: JsonObject) => delete s.actor, 'statement.actor'],
    ['a verb given as a word', (s: JsonObject) => (s.verb = 'completed'), 'statement.verb'],
    ['a verb id that is no IRI', (s: JsonObject) => (s.verb = { id: 'completed' }), 'statement.verb.id'],
    ['an object id with a space', (s: JsonObject) => ((s.object as JsonObject).id = 'https://x.example/a b'), 'statement.object.id'],
    ['an agent with two identifiers', (s: JsonObject) => ((s.actor as JsonObject).mbox = 'mailto:a@b.go.id'), 'statement.actor'],
    ['an unknown property', (s: JsonObject) => (s.comment = 'hi'), 'statement.comment'],
    ['a bad id', (s: JsonObject) => (s.id = '42'), 'statement.id'],
    ['a -00:00 offset', (s: JsonObject) => (s.timestamp = '2026-11-20T09:15:00-00:00'), 'statement.timestamp'],
    ['a scaled score above 1', (s: JsonObject) => (s.result = { score: { scaled: 1.5 } }), 'statement.result.score.scaled'],
    ['a bad language tag', (s: JsonObject) => (s.verb = { id: ADL_COMPLETED, display: { 'en us': 'x' } }), 'statement.verb.display.en us'],
  ])('refuses %s', (_, change, field) => {
    const s = moodleCourseCompletion();
    change(s);
    expect(statementProblems(s).map((p) => p.field)).toContain(field);
  });

  it('wants a StatementRef as the object of a voiding statement', () => {
    const voiding = {
      actor: { mbox: 'mailto:lms@example.go.id' },
      verb: { id: 'http://adlnet.gov/expapi/verbs/voided' },
      object: { id: `${SITE}/x` },
    };
    expect(statementProblems(voiding).map((p) => p.field)).toContain('statement.object');
  });
});

describe('facts, storage and comparison', () => {
  it('reads the actor, parents and the scaled score (computed from raw when missing)', () => {
    const f = factsOf(quizAttempt(0.8));
    expect(f.actor.account).toEqual({ homePage: SITE, name: '1234' });
    expect(f.parentActivityIds).toEqual([`${SITE}/mod/quiz/view.php?id=9`, `${SITE}/course/view.php?id=42`]);
    expect(f.scaledScore).toBe(0.8);
    const raw = quizAttempt(0.5);
    delete ((raw.result as JsonObject).score as JsonObject).scaled;
    expect(factsOf(raw).scaledScore).toBe(0.5);
  });

  it('knows a re-send of the same statement, whatever the LRS added or how the timestamp is written', () => {
    const given = moodleCourseCompletion();
    const stored = toStored(given, {
      id: 'c0ffee00-0000-4000-8000-000000000001',
      stored: new Date(),
      authority: { mbox: 'mailto:lrs@x.go.id' },
    });
    expect(sameStatement(stored, { ...given, timestamp: '2026-11-20T02:15:00Z' })).toBe(true);
    expect(sameStatement(stored, { ...given, timestamp: '2026-11-20T09:16:00+07:00' })).toBe(false);
    const single = quizAttempt(0.8);
    ((single.context as JsonObject).contextActivities as JsonObject).parent = { id: `${SITE}/mod/quiz/view.php?id=9` };
    const stored2 = toStored(single, { id: 'x', stored: new Date(), authority: {} });
    expect(Array.isArray(((stored2.context as JsonObject).contextActivities as JsonObject).parent)).toBe(true);
    expect(sameStatement(stored2, single)).toBe(true);
  });

  it('tells a NIP from a platform user id', () => {
    expect(isNip('198503152010011001')).toBe(true);
    expect(isNip('198502302010011001')).toBe(false);
    expect(isNip('198503152010013001')).toBe(false);
    expect(isNip('1234')).toBe(false);
  });
});

describe('completion rules', () => {
  const policy = {
    completion: parseVerbList(`${ADL_COMPLETED}, ${TINCAN_COMPLETED}`),
    failure: parseVerbList('http://adlnet.gov/expapi/verbs/failed'),
  };
  const course = { activityId: `${SITE}/course/view.php?id=42`, programId: 'p', includeChildren: false, minScaledScore: null };

  it('classifies verbs by the configured lists', () => {
    expect(verbKind(factsOf(moodleCourseCompletion()), policy)).toBe('COMPLETION');
    expect(verbKind({ verbId: 'http://adlnet.gov/expapi/verbs/failed', voidsStatementId: null }, policy)).toBe('FAILURE');
    expect(verbKind({ verbId: 'http://id.tincanapi.com/verb/viewed', voidsStatementId: null }, policy)).toBe('OTHER');
  });

  it('matches the object by default, children only when the mapping says so', () => {
    const quiz = factsOf(quizAttempt(0.8));
    expect(matchMapping(factsOf(moodleCourseCompletion()), new Map([[course.activityId, course]]))?.via).toBe('OBJECT');
    expect(matchMapping(quiz, new Map([[course.activityId, course]]))).toBeNull();
    const withChildren = { ...course, includeChildren: true, minScaledScore: 0.7 };
    expect(matchMapping(quiz, new Map([[course.activityId, withChildren]]))?.via).toBe('PARENT');
  });

  it('credits a pass at or above the minimum score; failures and low scores are attempts only', () => {
    const mapping = { ...course, includeChildren: true, minScaledScore: 0.7 };
    const match = { mapping, via: 'PARENT' as const };
    expect(attemptOutcome('COMPLETION', factsOf(quizAttempt(0.8)), match)).toBe('CREDIT');
    expect(attemptOutcome('COMPLETION', factsOf(quizAttempt(0.6)), match)).toBe('BELOW_SCORE');
    expect(attemptOutcome('COMPLETION', factsOf(quizAttempt(0.9, false)), match)).toBe('FAILED');
    expect(attemptOutcome('FAILURE', factsOf(quizAttempt(0.9)), match)).toBe('FAILED');
    expect(attemptOutcome('COMPLETION', factsOf(moodleCourseCompletion()), { mapping, via: 'OBJECT' })).toBe('CREDIT');
  });

  it('dates a completion by its timestamp, never after the LRS stored it', () => {
    const stored = new Date('2026-11-28T00:00:00Z');
    expect(completedAt({ timestamp: new Date('2026-11-20T02:15:00Z') }, stored).toISOString()).toBe('2026-11-20T02:15:00.000Z');
    expect(completedAt({ timestamp: new Date('2027-01-01T00:00:00Z') }, stored)).toBe(stored);
    expect(completedAt({ timestamp: null }, stored)).toBe(stored);
  });
});
