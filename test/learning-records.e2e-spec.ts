import { ReadModelStore } from '@kompeten/reporting';
import { AgencySetup, completeAssessment, publishStandard, setUpAgency, unique } from './support/fixtures';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem, validNip } from './support/system';

/**
 * Learning platforms' xAPI statements over HTTP, shaped exactly as Moodle's
 * xAPI log store sends them (no statement id, Tin Can "completed" for a
 * course, an account actor of site URL + Moodle user id, a timestamp with an
 * offset, display in `en`), and the JP ledger after each.
 */
describe('Learning records: xAPI completions in, course history out', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  let platform: { id: string; key: string; secret: string };
  /** e-learning programs: 20 JP (course 42), 10 JP (course 77, counted through its quizzes), 8 JP (an ADL "passed"). */
  let course: any;
  let quizzed: any;
  let passed: any;
  let budi: { id: string; nip: string };
  let sari: { id: string; nip: string };
  let dewi: { id: string; nip: string; email: string };

  const SITE = 'https://elearning.example.go.id';
  const COURSE_42 = `${SITE}/course/view.php?id=42`;
  const COURSE_77 = `${SITE}/course/view.php?id=77`;
  const TINCAN_COMPLETED = 'http://id.tincanapi.com/verb/completed';
  const ADL = (verb: string) => `http://adlnet.gov/expapi/verbs/${verb}`;

  async function created(answer: Promise<Answer>, what: string): Promise<any> {
    const r = await answer;
    if (r.status !== 201) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  }

  const program = (jp: number) =>
    created(
      ministry.post('/api/v1/training-programs', {
        code: unique('ELRN'),
        title: `E-learning ${jp} JP`,
        deliveryMode: 'E_LEARNING',
        jp,
        provider: 'LMS Nasional',
        maxClassSize: 500,
        competencies: [{ competencyCode: 'M.04', targetLevel: 3 }],
      }),
      'program',
    );

  async function employee(email?: string, agency: AgencySetup = a) {
    const nip = validNip();
    const body = await created(
      ministry.post('/api/v1/employees', {
        nip,
        name: 'Pegawai',
        kind: 'PNS',
        agencyId: agency.agencyId,
        unitId: agency.unitId,
        positionId: agency.positionId,
        ...(email ? { email } : {}),
      }),
      'employee',
    );
    return { id: body.id as string, nip };
  }

  /** A request to the statement resource as a platform makes it. */
  async function lrs(
    method: 'POST' | 'PUT' | 'GET',
    body: unknown,
    options: { statementId?: string; auth?: string | null; version?: string | null; path?: string } = {},
  ): Promise<Answer> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const auth = options.auth === undefined ? `${platform.key}:${platform.secret}` : options.auth;
    if (auth !== null) headers.authorization = `Basic ${Buffer.from(auth).toString('base64')}`;
    const version = options.version === undefined ? '1.0.3' : options.version;
    if (version !== null) headers['x-experience-api-version'] = version;
    const path = options.path ?? `/xapi/statements${options.statementId ? `?statementId=${options.statementId}` : ''}`;
    const response = await fetch(system.url + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      /* not JSON */
    }
    return { status: response.status, body: parsed, headers: response.headers, text };
  }

  /** Moodle's course completion: Tin Can verb, course view URL, no result, no id. */
  const courseCompletion = (user: string, courseUrl = COURSE_42, timestamp = '2026-11-20T09:15:00+07:00') => ({
    actor: { objectType: 'Agent', name: 'Peserta', account: { homePage: SITE, name: user } },
    verb: { id: TINCAN_COMPLETED, display: { en: 'completed' } },
    object: {
      objectType: 'Activity',
      id: courseUrl,
      definition: { type: 'http://id.tincanapi.com/activitytype/lms/course', name: { en: 'Orientasi ASN' } },
    },
    timestamp,
    context: {
      platform: 'Moodle',
      language: 'en',
      extensions: { 'http://lrs.learninglocker.net/define/extensions/info': { 'https://moodle.org/': '4.3' } },
      contextActivities: {
        category: [
          { id: 'http://moodle.org', definition: { type: 'http://id.tincanapi.com/activitytype/source', name: { en: 'Moodle' } } },
        ],
      },
    },
  });

  /** Moodle's quiz attempt: ADL verb, the attempt URL, success and score, the quiz and the course as parents. */
  const quizAttempt = (user: string, attempt: number, scaled: number, success: boolean, timestamp = '2026-11-21T10:00:00+07:00') => ({
    actor: { objectType: 'Agent', name: 'Peserta', account: { homePage: SITE, name: user } },
    verb: { id: ADL('completed'), display: { en: 'completed' } },
    object: {
      objectType: 'Activity',
      id: `${SITE}/mod/quiz/attempt.php?attempt=${attempt}`,
      definition: { type: 'http://adlnet.gov/expapi/activities/attempt', name: { en: 'Attempt' } },
    },
    result: { score: { raw: scaled * 10, min: 0, max: 10, scaled }, completion: true, success, duration: 'PT14M2S' },
    timestamp,
    context: {
      platform: 'Moodle',
      language: 'en',
      contextActivities: {
        parent: [
          {
            id: `${SITE}/mod/quiz/view.php?id=9`,
            definition: { type: 'http://adlnet.gov/expapi/activities/assessment', name: { en: 'Kuis' } },
          },
          { id: COURSE_77, definition: { type: 'http://id.tincanapi.com/activitytype/lms/course', name: { en: 'Etika ASN' } } },
        ],
      },
    },
  });

  const adl = (verb: string, actor: object, activityId: string, extra: object = {}) => ({
    actor,
    verb: { id: ADL(verb), display: { en: verb } },
    object: { objectType: 'Activity', id: activityId },
    timestamp: '2026-11-22T08:00:00+07:00',
    ...extra,
  });

  const voiding = (statementId: string) => ({
    actor: { objectType: 'Agent', mbox: 'mailto:lms@example.go.id' },
    verb: { id: ADL('voided'), display: { en: 'voided' } },
    object: { objectType: 'StatementRef', id: statementId },
  });

  /** The employee's JP of 2026 as the API says it, and their ledger rows. */
  async function jp(employeeId: string): Promise<{ jp: number; rows: number }> {
    const hours = await ministry.get(`/api/v1/employees/${employeeId}/development-hours?year=2026`);
    expect(hours.status).toBe(200);
    const [row] = await system.db.query(`SELECT count(*)::int AS n FROM development.jp_ledger WHERE employee_id = $1 AND year = 2026`, [
      employeeId,
    ]);
    return { jp: hours.body.jp, rows: row.n };
  }

  const attempt = async (statementId: string) =>
    (await system.db.query(`SELECT outcome FROM learning_records.attempts WHERE statement_id = $1`, [statementId]))[0]?.outcome;

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    [course, quizzed, passed] = [await program(20), await program(10), await program(8)];
    budi = await employee();
    sari = await employee();
    const email = `${unique('dewi').toLowerCase()}@example.go.id`;
    dewi = { ...(await employee(email)), email };
  });
  afterAll(() => system.close());

  it('issues a platform’s credentials to a ministry admin: the secret shown once, kept as a scrypt hash', async () => {
    expect((await a.admin.post('/api/v1/integrations/lrs-clients', { name: 'Moodle' })).status).toBe(403);
    const answer = await ministry.post('/api/v1/integrations/lrs-clients', { name: 'LMS Nasional (Moodle)' });
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      id: expect.any(String),
      name: 'LMS Nasional (Moodle)',
      key: expect.any(String),
      secret: expect.any(String),
      agencyId: null,
      createdAt: expect.any(String),
      revokedAt: null,
    });
    platform = answer.body;
    const [row] = await system.db.query(`SELECT secret_hash FROM learning_records.lrs_clients WHERE id = $1`, [platform.id]);
    expect(row.secret_hash).toMatch(/^scrypt\$/);
    expect(row.secret_hash).not.toContain(platform.secret);
    const list = await ministry.get('/api/v1/integrations/lrs-clients');
    expect(list.body.items.find((c: any) => c.id === platform.id)).not.toHaveProperty('secret');
  });

  it('maps activity IRIs to programs: within scope, once each', async () => {
    const mapped = await ministry.post(`/api/v1/training-programs/${course.id}/activity-ids`, { activityId: COURSE_42 });
    expect(mapped.status).toBe(201);
    expect(mapped.body).toMatchObject({
      programId: course.id,
      activityId: COURSE_42,
      includeChildren: false,
      minScaledScore: null,
      appliedStatements: 0,
    });
    expect((await a.admin.post(`/api/v1/training-programs/${passed.id}/activity-ids`, { activityId: COURSE_42 })).status).toBe(409);
    expect((await a.admin.post(`/api/v1/training-programs/${course.id}/activity-ids`, { activityId: 'not an iri' })).status).toBe(400);
    const agencyProgram = await created(
      a.admin.post('/api/v1/training-programs', {
        code: unique('AGP'),
        title: 'Own',
        deliveryMode: 'E_LEARNING',
        jp: 5,
        provider: 'A',
        maxClassSize: 50,
        agencyId: a.agencyId,
        competencies: [{ competencyCode: 'M.04', targetLevel: 3 }],
      }),
      'agency program',
    );
    expect(
      (await b.admin.post(`/api/v1/training-programs/${agencyProgram.id}/activity-ids`, { activityId: `${SITE}/course/view.php?id=5` }))
        .status,
    ).toBe(404);
    expect((await ministry.get(`/api/v1/training-programs/${course.id}/activity-ids`)).body.items).toHaveLength(1);
  });

  let firstCompletion: string;
  let secondCompletion: string;

  it('takes a Moodle course completion (Tin Can verb, account actor, no id): kept in the review queue until the account is mapped, then credited', async () => {
    const answer = await lrs('POST', courseCompletion('1234'));
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(answer.body).toEqual([expect.stringMatching(/^[0-9a-f-]{36}$/)]);
    firstCompletion = answer.body[0];
    const [stored] = await system.db.query(`SELECT body, status FROM learning_records.statements WHERE id = $1`, [firstCompletion]);
    expect(stored.status).toBe('QUEUED');
    expect(stored.body).toMatchObject({
      id: firstCompletion,
      stored: expect.any(String),
      version: '1.0.0',
      authority: { account: { name: platform.key } },
    });
    expect(stored.body.context.contextActivities.category).toHaveLength(1);
    expect(await jp(budi.id)).toEqual({ jp: 0, rows: 0 });

    const queue = await a.admin.get('/api/v1/integrations/review-queue?reason=UNKNOWN_ACTOR');
    expect(queue.status).toBe(200);
    const item = queue.body.items.find((i: any) => i.statementId === firstCompletion);
    expect(item).toMatchObject({
      reason: 'UNKNOWN_ACTOR',
      actor: { homePage: SITE, name: '1234', email: null },
      verbId: TINCAN_COMPLETED,
      activityId: COURSE_42,
    });

    expect(
      (await b.admin.post('/api/v1/integrations/account-mappings', { homePage: SITE, name: '1234', employeeId: budi.id })).status,
    ).toBe(404);
    const mapping = await a.admin.post('/api/v1/integrations/account-mappings', {
      homePage: `${SITE}/`,
      name: '1234',
      employeeId: budi.id,
    });
    expect(mapping.status).toBe(201);
    expect(mapping.body).toMatchObject({ homePage: SITE, name: '1234', employeeId: budi.id, agencyId: a.agencyId, appliedStatements: 1 });
    expect(await jp(budi.id)).toEqual({ jp: 20, rows: 1 });
    expect(await attempt(firstCompletion)).toBe('CREDITED');
    expect((await a.admin.get('/api/v1/integrations/review-queue')).body.items.some((i: any) => i.statementId === firstCompletion)).toBe(
      false,
    );
    const [event] = await system.db.query(
      `SELECT id, payload FROM messaging.outbox WHERE event_name = 'TrainingCompleted' AND payload->>'employeeId' = $1`,
      [budi.id],
    );
    expect(event.payload).toMatchObject({
      source: 'PLATFORM',
      enrolmentId: null,
      sessionId: null,
      programId: course.id,
      jp: 20,
      year: 2026,
      completedAt: '2026-11-20T02:15:00.000Z',
    });
    // Development's own subscriber (recommendations) takes the platform's TrainingCompleted like a session's.
    await eventually(async () => {
      const rows = await system.db.query(
        `SELECT 1 FROM messaging.inbox WHERE message_id = $1 AND subscriber = 'development.recommendations'`,
        [event.id],
      );
      return rows.length === 1;
    });
    expect(
      (await a.admin.post('/api/v1/integrations/account-mappings', { homePage: SITE, name: '1234', employeeId: sari.id })).status,
    ).toBe(409);
  });

  it('credits a statement that arrives while its account mapping is being committed: it waits for the mapping, not the next one', async () => {
    // In agency B: the course history test below counts agency A's completions.
    const late = await employee(undefined, b);
    const user = unique('race');
    // A mapping transaction caught between looking for waiting statements and its commit (what the command does, held open).
    const mappingInFlight = system.db.createQueryRunner();
    await mappingInFlight.connect();
    try {
      await mappingInFlight.startTransaction();
      await mappingInFlight.query(`SELECT pg_advisory_xact_lock(hashtext('learning_records.mappings'))`);
      await mappingInFlight.query(
        `INSERT INTO learning_records.account_mappings (id, home_page, account_name, employee_id, agency_id)
         VALUES (uuid_v7(), $1, $2, $3, $4)`,
        [SITE, user, late.id, b.agencyId],
      );
      let answered = false;
      const posting = lrs('POST', courseCompletion(user)).finally(() => (answered = true));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(answered).toBe(false);
      await mappingInFlight.commitTransaction();
      const answer = await posting;
      expect(answer.status).toBe(200);
      expect(await attempt(answer.body[0])).toBe('CREDITED');
      expect(await jp(late.id)).toEqual({ jp: 20, rows: 1 });
      expect(
        (await system.db.query(`SELECT count(*)::int AS n FROM learning_records.review_queue WHERE statement_id = $1`, [answer.body[0]]))[0]
          .n,
      ).toBe(0);
    } finally {
      if (mappingInFlight.isTransactionActive) await mappingInFlight.rollbackTransaction();
      await mappingInFlight.release();
    }
  });

  it('credits a program once per employee, whatever the statement ids: the same completion sent again with a new id credits nothing', async () => {
    const again = await lrs('POST', courseCompletion('1234', COURSE_42, '2026-11-20T10:00:00+07:00'));
    expect(again.status).toBe(200);
    secondCompletion = again.body[0];
    expect(secondCompletion).not.toBe(firstCompletion);
    expect(await attempt(secondCompletion)).toBe('ALREADY_CREDITED');
    expect(await jp(budi.id)).toEqual({ jp: 20, rows: 1 });
  });

  it('counts a quiz attempt through a parent mapping with a minimum score; failures and low scores are attempts only', async () => {
    // By default only the mapped activity itself counts: a quiz of course 42 (not mapped with children) waits for a mapping.
    const quizOf42 = quizAttempt('1234', 1, 0.9, true);
    quizOf42.context.contextActivities.parent = [{ id: COURSE_42, definition: quizOf42.context.contextActivities.parent[1].definition }];
    const [unmapped] = (await lrs('POST', quizOf42)).body;
    expect((await system.db.query(`SELECT reason FROM learning_records.review_queue WHERE statement_id = $1`, [unmapped]))[0].reason).toBe(
      'UNMAPPED_ACTIVITY',
    );

    const failed = (await lrs('POST', quizAttempt('1234', 2, 0.9, false))).body[0];
    const low = (await lrs('POST', quizAttempt('1234', 3, 0.6, true))).body[0];
    expect(
      (await system.db.query(`SELECT reason FROM learning_records.review_queue WHERE statement_id = ANY($1::uuid[])`, [[failed, low]]))
        .length,
    ).toBe(2);
    expect(await jp(budi.id)).toEqual({ jp: 20, rows: 1 });

    const mapping = await ministry.post(`/api/v1/training-programs/${quizzed.id}/activity-ids`, {
      activityId: COURSE_77,
      includeChildren: true,
      minScaledScore: 0.7,
    });
    expect(mapping.status).toBe(201);
    expect(mapping.body.appliedStatements).toBe(2);
    expect(await attempt(failed)).toBe('FAILED');
    expect(await attempt(low)).toBe('BELOW_SCORE');
    expect(await jp(budi.id)).toEqual({ jp: 20, rows: 1 });

    const good = (await lrs('POST', quizAttempt('1234', 4, 0.85, true))).body[0];
    expect(await attempt(good)).toBe('CREDITED');
    expect(await jp(budi.id)).toEqual({ jp: 30, rows: 2 });
  });

  it('credits an ADL "passed" by an mbox actor; "failed" records the attempt and credits nothing', async () => {
    await ministry.post(`/api/v1/training-programs/${passed.id}/activity-ids`, { activityId: `${SITE}/mod/scorm/view.php?id=5` });
    const mbox = { objectType: 'Agent', mbox: `mailto:${dewi.email.toUpperCase()}` };
    const failed = (
      await lrs('POST', adl('failed', mbox, `${SITE}/mod/scorm/view.php?id=5`, { result: { success: false, score: { scaled: 0.4 } } }))
    ).body[0];
    expect(await attempt(failed)).toBe('FAILED');
    expect(await jp(dewi.id)).toEqual({ jp: 0, rows: 0 });
    const ok = (
      await lrs('POST', adl('passed', mbox, `${SITE}/mod/scorm/view.php?id=5`, { result: { success: true, score: { scaled: 0.9 } } }))
    ).body[0];
    expect(await attempt(ok)).toBe('CREDITED');
    expect(await jp(dewi.id)).toEqual({ jp: 8, rows: 1 });
  });

  it('takes a batch in order, answering every id: a NIP account actor’s completion, a statement of another verb, a failure', async () => {
    const viewed = { ...courseCompletion(sari.nip), verb: { id: 'http://id.tincanapi.com/verb/viewed', display: { en: 'viewed' } } };
    const batch = [
      courseCompletion(sari.nip),
      viewed,
      adl('failed', { account: { homePage: SITE, name: sari.nip } }, `${SITE}/mod/scorm/view.php?id=5`),
    ];
    const answer = await lrs('POST', batch);
    expect(answer.status).toBe(200);
    expect(answer.body).toHaveLength(3);
    expect(new Set(answer.body).size).toBe(3);
    expect(await attempt(answer.body[0])).toBe('CREDITED');
    expect((await system.db.query(`SELECT status FROM learning_records.statements WHERE id = $1`, [answer.body[1]]))[0].status).toBe(
      'STORED',
    );
    expect(await attempt(answer.body[2])).toBe('FAILED');
    expect(await jp(sari.id)).toEqual({ jp: 20, rows: 1 });
  });

  it('credits once when the same completion arrives many times at once, with different ids or the same one', async () => {
    const completion = { ...courseCompletion('x'), actor: { objectType: 'Agent', mbox: `mailto:${dewi.email}` } };
    const answers = await Promise.all(Array.from({ length: 6 }, () => lrs('POST', completion)));
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200, 200, 200, 200]);
    const outcomes = await Promise.all(answers.map((r) => attempt(r.body[0])));
    expect(outcomes.filter((o) => o === 'CREDITED')).toHaveLength(1);
    expect(outcomes.filter((o) => o === 'ALREADY_CREDITED')).toHaveLength(5);
    expect(await jp(dewi.id)).toEqual({ jp: 28, rows: 2 });
    const id = 'b7c8d9e0-1f2a-4b3c-9d4e-5f6a7b8c9d0e';
    const puts = await Promise.all(Array.from({ length: 4 }, () => lrs('PUT', completion, { statementId: id })));
    expect(puts.map((r) => r.status)).toEqual([204, 204, 204, 204]);
    expect((await system.db.query(`SELECT count(*)::int AS n FROM learning_records.statements WHERE id = $1`, [id]))[0].n).toBe(1);
    expect(await jp(dewi.id)).toEqual({ jp: 28, rows: 2 });
  });

  it('answers a known statement id: the same statement is no error (204, 200), a different one 409 and nothing of the request is kept', async () => {
    const id = '6f1b2c3d-4e5f-4a6b-8c7d-9e0f1a2b3c4d';
    const statement = adl('passed', { account: { homePage: SITE, name: sari.nip } }, `${SITE}/mod/scorm/view.php?id=5`);
    const put = await lrs('PUT', statement, { statementId: id });
    expect(put.status).toBe(204);
    expect(await jp(sari.id)).toEqual({ jp: 28, rows: 2 });
    // The same statement, its timestamp written in UTC and its id in capitals: the same.
    expect((await lrs('PUT', { ...statement, id: id.toUpperCase(), timestamp: '2026-11-22T01:00:00Z' }, { statementId: id })).status).toBe(
      204,
    );
    const repost = await lrs('POST', [{ ...statement, id }]);
    expect(repost.status).toBe(200);
    expect(repost.body).toEqual([id]);

    const before = await system.db.query(`SELECT count(*)::int AS n FROM learning_records.statements`);
    const different = await lrs('PUT', { ...statement, timestamp: '2026-11-23T08:00:00+07:00' }, { statementId: id });
    expect(different.status).toBe(409);
    expect(different.headers.get('content-type')).toContain('application/problem+json');
    const batch = await lrs('POST', [
      courseCompletion('9999'),
      { ...statement, id, verb: { id: ADL('completed'), display: { en: 'completed' } } },
    ]);
    expect(batch.status).toBe(409);
    expect(await system.db.query(`SELECT count(*)::int AS n FROM learning_records.statements`)).toEqual(before);
    expect(await jp(sari.id)).toEqual({ jp: 28, rows: 2 });
  });

  it('reverses the credit of a voided statement; another statement of the same completion then holds it', async () => {
    const first = await lrs('POST', voiding(firstCompletion));
    expect(first.status).toBe(200);
    expect(await attempt(firstCompletion)).toBe('REVERSED');
    // The second completion of course 42 (found "already credited") still says Budi completed it.
    expect(await attempt(secondCompletion)).toBe('CREDITED');
    expect(await jp(budi.id)).toEqual({ jp: 30, rows: 2 });
    await lrs('POST', voiding(secondCompletion));
    expect(await attempt(secondCompletion)).toBe('REVERSED');
    expect(await jp(budi.id)).toEqual({ jp: 10, rows: 1 });
    const reversed = await system.db.query(
      `SELECT count(*)::int AS n FROM messaging.outbox WHERE event_name = 'TrainingCompletionReversed' AND payload->>'employeeId' = $1`,
      [budi.id],
    );
    expect(reversed[0].n).toBe(2);
    // A voiding statement cannot itself be voided.
    const voidingId = first.body[0];
    expect((await lrs('POST', voiding(voidingId))).status).toBe(400);
    // A statement voided before it arrives is stored voided and credits nothing.
    const early = '0d9e8f7a-6b5c-4d3e-8f1a-2b3c4d5e6f70';
    await lrs('POST', voiding(early));
    expect((await lrs('PUT', courseCompletion('1234'), { statementId: early })).status).toBe(204);
    expect((await system.db.query(`SELECT status FROM learning_records.statements WHERE id = $1`, [early]))[0].status).toBe('VOIDED');
    expect(await jp(budi.id)).toEqual({ jp: 10, rows: 1 });
  });

  it('refuses bad statements with xAPI’s codes, as problem+json, and changes nothing', async () => {
    const snapshot = () =>
      system.db.query(
        `SELECT (SELECT count(*) FROM learning_records.statements)::int AS statements, (SELECT count(*) FROM learning_records.review_queue)::int AS queue,
                (SELECT count(*) FROM learning_records.attempts)::int AS attempts, (SELECT count(*) FROM development.jp_ledger)::int AS ledger`,
      );
    const before = await snapshot();
    const good = courseCompletion(sari.nip);
    const { actor: _actor, ...noActor } = good;
    const cases: [string, Promise<Answer>, number][] = [
      ['missing actor', lrs('POST', noActor), 400],
      ['a verb as a word', lrs('POST', { ...good, verb: 'completed' }), 400],
      ['a verb without an IRI', lrs('POST', { ...good, verb: { id: 'completed', display: { en: 'completed' } } }), 400],
      ['a malformed object IRI', lrs('POST', { ...good, object: { objectType: 'Activity', id: 'course 42' } }), 400],
      ['one bad statement in a batch', lrs('POST', [courseCompletion(sari.nip, COURSE_77), noActor]), 400],
      [
        'one id twice in a batch',
        lrs('POST', [
          { ...good, id: 'a1b2c3d4-0000-4000-8000-000000000001' },
          { ...good, id: 'a1b2c3d4-0000-4000-8000-000000000001' },
        ]),
        400,
      ],
      ['an unsupported version header', lrs('POST', good, { version: '0.95' }), 400],
      ['no version header', lrs('POST', good, { version: null }), 400],
      ['PUT without a statementId', lrs('PUT', good), 400],
      [
        'PUT with another id in the body',
        lrs('PUT', { ...good, id: 'a1b2c3d4-0000-4000-8000-000000000002' }, { statementId: 'a1b2c3d4-0000-4000-8000-000000000003' }),
        400,
      ],
      ['a wrong secret', lrs('POST', good, { auth: `${platform.key}:wrong` }), 401],
      ['an unknown key', lrs('POST', good, { auth: 'lrs_nobody:secret' }), 401],
      ['no credentials', lrs('POST', good, { auth: null }), 401],
    ];
    for (const [what, answer, status] of cases) {
      const r = await answer;
      expect({ what, status: r.status }).toEqual({ what, status });
      expect(r.headers.get('content-type')).toContain('application/problem+json');
      expect(r.headers.get('x-experience-api-version')).toBe('1.0.3');
    }
    const unauthorised = await lrs('POST', good, { auth: null });
    expect(unauthorised.headers.get('www-authenticate')).toContain('Basic');
    const missingActor = await lrs('POST', noActor);
    expect(missingActor.body.errors).toEqual(expect.arrayContaining([expect.objectContaining({ field: 'statement.actor' })]));
    // A user's bearer token is no platform credential: a ministry admin's reads statements, never writes them.
    const bearer = await fetch(`${system.url}/xapi/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${ministry.token}`, 'x-experience-api-version': '1.0.3', 'content-type': 'application/json' },
      body: JSON.stringify(good),
    });
    expect(bearer.status).toBe(403);
    expect(await snapshot()).toEqual(before);
  });

  it('scopes platform credentials to posting statements: every other path refuses them', async () => {
    const basic = `Basic ${Buffer.from(`${platform.key}:${platform.secret}`).toString('base64')}`;
    const paths: [string, string][] = [
      ['GET', '/api/v1/employees'],
      ['GET', `/api/v1/employees/${budi.id}/course-history`],
      ['GET', '/api/v1/integrations/review-queue'],
      ['POST', '/api/v1/integrations/lrs-clients'],
      ['POST', '/api/v1/integrations/account-mappings'],
      ['POST', `/api/v1/training-programs/${course.id}/activity-ids`],
      ['GET', '/admin/queues'],
    ];
    for (const [method, path] of paths) {
      const r = await fetch(system.url + path, {
        method,
        headers: { authorization: basic, 'content-type': 'application/json' },
        body: method === 'POST' ? '{}' : undefined,
      });
      expect({ path, refused: [401, 403].includes(r.status) }).toEqual({ path, refused: true });
    }
    // The statement resource answers the platform (GET lists what it wrote); it does not live under /api/v1.
    expect((await lrs('GET', undefined)).status).toBe(200);
    expect((await lrs('POST', courseCompletion('1234'), { path: '/api/v1/xapi/statements' })).status).toBe(404);
  });

  it('lets an agency’s platform credit only that agency’s employees, and stops a revoked platform', async () => {
    const own = (await ministry.post('/api/v1/integrations/lrs-clients', { name: 'Moodle Agency B', agencyId: b.agencyId })).body;
    const auth = `${own.key}:${own.secret}`;
    const [id] = (await lrs('POST', courseCompletion(sari.nip, COURSE_77), { auth })).body;
    const [queued] = await system.db.query(`SELECT reason, agency_id FROM learning_records.review_queue WHERE statement_id = $1`, [id]);
    expect(queued).toEqual({ reason: 'UNKNOWN_ACTOR', agency_id: b.agencyId });
    expect((await a.admin.get('/api/v1/integrations/review-queue')).body.items.some((i: any) => i.statementId === id)).toBe(false);
    expect((await b.admin.get('/api/v1/integrations/review-queue')).body.items.some((i: any) => i.statementId === id)).toBe(true);
    expect(await jp(sari.id)).toEqual({ jp: 28, rows: 2 });
    expect((await ministry.request('DELETE', `/api/v1/integrations/lrs-clients/${own.id}`)).status).toBe(204);
    expect((await lrs('POST', courseCompletion(sari.nip), { auth })).status).toBe(401);
  });

  it('takes a program completed on a platform out of the recommendations and into Reporting’s JP; voiding undoes both', async () => {
    await publishStandard(ministry, a.positionId);
    // Only this file's programs develop M.04 from here on (earlier test files leave theirs, perhaps with sessions that rank higher).
    await system.db.query(
      `UPDATE development.programs SET active = false
        WHERE id <> ALL($1::uuid[]) AND id IN (SELECT program_id FROM development.program_competencies WHERE competency_code = 'M.04')`,
      [[course.id, quizzed.id, passed.id]],
    );
    const rina = await employee();
    // M.04 at 1 of the 3 required: every e-learning program of this suite would close the gap.
    await completeAssessment(ministry, rina.id, [3, 3, 3, 1, 3, 3, 3, 3, 3]);
    const recommended = async () => {
      const r = await ministry.get(`/api/v1/employees/${rina.id}/recommendations`);
      return (r.body.items ?? []).map((i: any) => i.programCode) as string[];
    };
    await eventually(async () => (await recommended()).includes(course.code), 20_000);
    const totalJp = async () =>
      (await system.db.query(`SELECT jp::float8 AS jp FROM reporting.jp_totals WHERE employee_id = $1 AND year = 2026`, [rina.id]))[0]
        ?.jp ?? 0;

    // A NIP account actor maps by itself: the completion credits 20 JP at once.
    const done = await lrs('POST', adl('completed', { objectType: 'Agent', account: { homePage: SITE, name: rina.nip } }, COURSE_42));
    expect(done.status).toBe(200);
    expect(await jp(rina.id)).toEqual({ jp: 20, rows: 1 });
    await eventually(async () => !(await recommended()).includes(course.code) && (await totalJp()) === 20, 20_000);

    await lrs('POST', voiding(done.body[0]));
    expect(await jp(rina.id)).toEqual({ jp: 0, rows: 0 });
    await eventually(async () => (await recommended()).includes(course.code) && (await totalJp()) === 0, 20_000);

    // Reporting's weekly rebuild from Development's ledger keeps the voided completion out, marked reversed.
    await system.worker!.get(ReadModelStore, { strict: false }).rebuildJpCredits();
    expect(await totalJp()).toBe(0);
    const [marker] = await system.db.query(`SELECT source, reversed FROM reporting.jp_credits WHERE employee_id = $1`, [rina.id]);
    expect(marker).toEqual({ source: 'PLATFORM', reversed: true });
  });

  it('answers About (xAPI 1.0.3 §2.7) without credentials or version header', async () => {
    const about = await fetch(`${system.url}/xapi/about`);
    expect(about.status).toBe(200);
    expect(about.headers.get('x-experience-api-version')).toBe('1.0.3');
    expect(await about.json()).toEqual({ version: ['1.0.3'] });
  });

  it('leaves the LRS out of the OpenAPI document (xAPI 1.0.3 is its contract) and documents its administration', async () => {
    const doc: any = await (await fetch(`${system.url}/docs-json`)).json();
    expect(Object.keys(doc.paths).filter((path) => path.startsWith('/xapi'))).toEqual([]);
    expect(doc.components.securitySchemes.lrs).toMatchObject({ type: 'http', scheme: 'basic' });
    expect(doc.paths['/api/v1/integrations/lrs-clients']).toBeDefined();
    expect(doc.paths['/api/v1/training-programs/{id}/activity-ids']).toBeDefined();
  });

  it('hands out the course history for the national personnel record, as JSON and CSV, scoped', async () => {
    await created(
      a.admin.post(`/api/v1/employees/${budi.id}/development-records`, {
        kind: 'WORKSHOP',
        name: 'Workshop "Analisis, Kebijakan"',
        provider: 'Universitas Indonesia',
        certificateNumber: 'UI/2026/001',
        days: 1,
        startDate: '2026-03-02',
        endDate: '2026-03-02',
      }),
      'record',
    );
    const history = await a.admin.get(`/api/v1/employees/${budi.id}/course-history`);
    expect(history.status).toBe(200);
    expect(history.body.nip).toBe(budi.nip);
    expect(history.body.items).toEqual([
      {
        source: 'RECORD',
        id: expect.any(String),
        employeeId: budi.id,
        provider: 'Universitas Indonesia',
        kind: 'WORKSHOP',
        name: 'Workshop "Analisis, Kebijakan"',
        certificateNumber: 'UI/2026/001',
        jp: 5,
        year: 2026,
        startDate: '2026-03-02',
        endDate: '2026-03-02',
      },
      {
        source: 'PLATFORM',
        id: expect.any(String),
        employeeId: budi.id,
        provider: 'LMS Nasional',
        kind: 'E_LEARNING',
        name: quizzed.title,
        certificateNumber: null,
        jp: 10,
        year: 2026,
        startDate: '2026-11-21',
        endDate: '2026-11-21',
      },
    ]);
    const csv = await a.admin.request('GET', `/api/v1/employees/${budi.id}/course-history`, undefined, { accept: 'text/csv' });
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('nip,employeeId,source,provider,kind,name,certificateNumber,jp,year,startDate,endDate');
    expect(lines[1]).toBe(
      `${budi.nip},${budi.id},RECORD,Universitas Indonesia,WORKSHOP,"Workshop ""Analisis, Kebijakan""",UI/2026/001,5,2026,2026-03-02,2026-03-02`,
    );

    const bulk = await a.admin.get(`/api/v1/agencies/${a.agencyId}/course-history?year=2026&limit=2`);
    expect(bulk.status).toBe(200);
    expect(bulk.body.items).toHaveLength(2);
    expect(bulk.body.nextCursor).toEqual(expect.any(String));
    const all: any[] = [...bulk.body.items];
    for (let cursor = bulk.body.nextCursor; cursor;) {
      const next = await a.admin.get(`/api/v1/agencies/${a.agencyId}/course-history?year=2026&limit=2&cursor=${cursor}`);
      all.push(...next.body.items);
      cursor = next.body.nextCursor;
    }
    // Budi: the quiz-counted course and the workshop; Sari: course 42 and the PUT pass; Dewi: the pass and course 42.
    expect(all.map((i) => `${i.nip}:${i.source}:${i.jp}`).sort()).toEqual(
      [
        `${budi.nip}:PLATFORM:10`,
        `${budi.nip}:RECORD:5`,
        `${sari.nip}:PLATFORM:20`,
        `${sari.nip}:PLATFORM:8`,
        `${dewi.nip}:PLATFORM:8`,
        `${dewi.nip}:PLATFORM:20`,
      ].sort(),
    );
    const bulkCsv = await ministry.request('GET', `/api/v1/agencies/${a.agencyId}/course-history?year=2026`, undefined, {
      accept: 'text/csv',
    });
    expect(bulkCsv.text.trim().split('\r\n')).toHaveLength(1 + all.length);
    expect((await ministry.get(`/api/v1/agencies/${a.agencyId}/course-history?year=2025`)).body.items).toEqual([]);

    expect((await b.admin.get(`/api/v1/agencies/${a.agencyId}/course-history`)).status).toBe(404);
    expect((await b.admin.get(`/api/v1/employees/${budi.id}/course-history`)).status).toBe(404);
    const email = `${unique('budi').toLowerCase()}@example.go.id`;
    await created(a.admin.post('/api/v1/users', { email, password: 'employee-pass-1', role: 'EMPLOYEE', employeeId: budi.id }), 'user');
    const self = await new Http(system.url).signIn(email, 'employee-pass-1');
    expect((await self.get(`/api/v1/employees/${budi.id}/course-history`)).status).toBe(200);
    expect((await self.get(`/api/v1/employees/${sari.id}/course-history`)).status).toBe(404);
    expect((await self.get(`/api/v1/agencies/${a.agencyId}/course-history`)).status).toBe(403);
    expect((await self.get('/api/v1/integrations/review-queue')).status).toBe(403);
  });
  /** A request to any xAPI resource with the platform's (or the given) credentials. */
  async function xapi(method: string, path: string, options: { body?: string; type?: string; auth?: string; bearer?: string } = {}) {
    const headers: Record<string, string> = { 'x-experience-api-version': '1.0.3' };
    headers.authorization = options.bearer
      ? `Bearer ${options.bearer}`
      : `Basic ${Buffer.from(options.auth ?? `${platform.key}:${platform.secret}`).toString('base64')}`;
    if (options.body !== undefined) headers['content-type'] = options.type ?? 'application/json';
    const response = await fetch(system.url + path, { method, headers, body: options.body });
    const text = await response.text();
    return { status: response.status, text, headers: response.headers, json: () => JSON.parse(text) };
  }

  it('takes a cmi5-style launch: the State written and read back, then the completion of the registration credits JP', async () => {
    const au = `${SITE}/cmi5/au/${unique('au')}`;
    const cmi5 = await program(5);
    await ministry.post(`/api/v1/training-programs/${cmi5.id}/activity-ids`, { activityId: au });
    const learner = await employee();
    const actor = { objectType: 'Agent', account: { homePage: SITE, name: learner.nip } };
    const registration = '6f1c3a2e-7b9d-4c1e-9a55-0d3b2c1a4e77';
    const state = `/xapi/activities/state?${new URLSearchParams({ activityId: au, agent: JSON.stringify(actor), registration, stateId: 'LMS.LaunchData' })}`;
    const launchData = { launchMode: 'Normal', moveOn: 'Completed', contextTemplate: { registration } };
    expect((await xapi('PUT', state, { body: JSON.stringify(launchData) })).status).toBe(204);
    const read = await xapi('GET', state);
    expect(read.status).toBe(200);
    expect(read.json()).toEqual(launchData);
    expect(read.headers.get('etag')).toMatch(/^"[0-9a-f]{40}"$/);
    const completed = {
      actor,
      verb: { id: ADL('completed'), display: { 'en-US': 'completed' } },
      object: { objectType: 'Activity', id: au },
      result: { completion: true, duration: 'PT20M' },
      context: { registration, contextActivities: { category: [{ id: 'https://w3id.org/xapi/cmi5/context/categories/moveon' }] } },
    };
    const [id] = (await lrs('POST', completed)).body;
    expect(await attempt(id)).toBe('CREDITED');
    const found = await xapi('GET', `/xapi/statements?${new URLSearchParams({ registration, verb: ADL('completed') })}`);
    expect(found.json().statements.map((x: any) => x.id)).toEqual([id]);
  });

  it('lets a platform read only what it wrote; a ministry admin reads all; another role nothing', async () => {
    const [id] = (await lrs('POST', courseCompletion('reader-1', `${SITE}/course/view.php?id=${unique('c')}`))).body;
    const other = (await ministry.post('/api/v1/integrations/lrs-clients', { name: 'Another platform' })).body;
    const otherAuth = `${other.key}:${other.secret}`;
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`)).status).toBe(200);
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`, { auth: otherAuth })).status).toBe(404);
    const list = await xapi('GET', '/xapi/statements?limit=0', { auth: otherAuth });
    expect(list.json()).toEqual({ statements: [], more: '' });
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`, { bearer: ministry.token })).status).toBe(200);
    expect((await xapi('GET', `/xapi/statements?statementId=${id}`, { bearer: a.admin.token })).status).toBe(403);
  });
});
