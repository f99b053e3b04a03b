import { QueryBus } from '@nestjs/cqrs';
import { FeedbackSignals, INLINE_RECOMPUTE_LIMIT } from '@kompeten/development/application/subscribers/feedback-signals.subscriber';
import { ProgramEffectivenessQuery, StatedNeedCountsQuery } from '@kompeten/feedback/contracts';
import {
  completeAssessment,
  createTechnicalCompetency,
  NATIONAL_CODES,
  publishStandard,
  registerEmployee,
  setUpAgency,
  unique,
} from './support/fixtures';
import type { AgencySetup } from './support/fixtures';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem } from './support/system';
import { expectProblem, problemMismatches } from './support/workforce';

/**
 * Feedback with a worker running: an employee states a training need and
 * their recommendations say so within seconds; they enrol, complete and
 * evaluate (once; not before completing; not someone else's enrolment); the
 * need follows Development's events to ADDRESSED; the program's summary shows
 * the evaluation and, once five participants were assessed before and after,
 * its effectiveness. Scoping by agency and employee; bad input changes nothing.
 */
describe('Feedback: training needs, evaluations, effectiveness', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  /** A technical competency of agency a: only this file's programs develop it. */
  const TK = `TK.F${run}.1`;
  let program: any;
  let other: any;
  let heldSession: any;
  const DAY = 24 * 3600 * 1000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const dayOf = (days: number) => inDays(days).slice(0, 10);

  async function created(answer: Promise<Answer>, what: string, status = 201): Promise<any> {
    const a = await answer;
    if (a.status !== status) throw new Error(`${what}: ${a.status} ${a.text}`);
    return a.body;
  }

  async function employeeUser(setup: AgencySetup, employeeId: string): Promise<Http> {
    const email = `${unique('fb').toLowerCase()}@example.go.id`;
    await created(setup.admin.post('/api/v1/users', { email, password: 'employee-pass-1', role: 'EMPLOYEE', employeeId }), 'employee user');
    return new Http(system.url).signIn(email, 'employee-pass-1');
  }

  /** An official assessment on `day`: the national competencies at 3 (no gap), TK at `level`. */
  async function assess(employeeId: string, level: number, day: string): Promise<void> {
    await completeAssessment(
      a.admin,
      employeeId,
      NATIONAL_CODES.map(() => 3),
      { assessedAt: day, technical: [{ competencyCode: TK, level }] },
    );
  }

  const enrolAndComplete = async (employeeId: string): Promise<string> => {
    const enrolment = await created(a.admin.post(`/api/v1/training-sessions/${heldSession.id}/enrollments`, { employeeId }), 'enrol');
    await created(a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {}), 'complete enrolment', 200);
    return enrolment.id;
  };

  // Reasons in English (Indonesian is the default): this file pins their text.
  const recommendations = (employeeId: string) =>
    a.admin.request('GET', `/api/v1/employees/${employeeId}/recommendations`, undefined, { 'accept-language': 'en' });
  const itemOf = (body: any, programId: string) => body.items.find((i: any) => i.programId === programId);
  const needOf = async (http: Http, id: string) => (await http.get(`/api/v1/training-needs/${id}`)).body;
  const summaryOf = (http: Http) => http.get(`/api/v1/training-programs/${program.id}/evaluations/summary`);

  /** Feedback's own rows, and the events and audit rows it writes: what a refused request must leave as it was. */
  async function feedbackState(): Promise<string> {
    const [row] = await system.db.query(`
      SELECT (SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM feedback.training_needs t) AS needs,
             (SELECT coalesce(md5(string_agg(t::text, '|' ORDER BY t.id)), '') FROM feedback.evaluations t) AS evaluations,
             (SELECT count(*) FROM messaging.outbox WHERE event_name IN ('TrainingNeedSubmitted', 'TrainingEvaluated', 'TrainingNeedClosed')) AS events,
             (SELECT count(*) FROM audit.audit_log WHERE entity_type IN ('TrainingNeed', 'TrainingEvaluation')) AS audit`);
    return JSON.stringify(row);
  }

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    await createTechnicalCompetency(a.admin, TK);
    await publishStandard(
      a.admin,
      a.positionId,
      NATIONAL_CODES.map(() => 3),
      [{ competencyCode: TK, requiredLevel: 3 }],
    );
    const newProgram = (name: string) =>
      created(
        a.admin.post('/api/v1/training-programs', {
          code: `F${run}-${name}`,
          title: `Pelatihan ${name}`,
          deliveryMode: 'CLASSROOM',
          jp: 20,
          provider: 'BPSDM',
          maxClassSize: 30,
          competencies: [{ competencyCode: TK, targetLevel: 3 }],
        }),
        `program ${name}`,
      );
    program = await newProgram('P');
    other = await newProgram('Q');
    // A session that ran last week: admins enrol and complete into it (history).
    heldSession = await created(
      a.admin.post(`/api/v1/training-programs/${program.id}/sessions`, {
        startsAt: inDays(-5),
        endsAt: inDays(-4),
        capacity: 30,
        location: 'Jakarta',
        status: 'DONE',
      }),
      'held session',
    );
  });
  afterAll(() => system.close());

  let employee: { id: string };
  let me: Http;
  let need: any;
  let enrolmentId: string;
  let others: { id: string }[] = [];
  const enrolmentsOf = new Map<string, string>();

  it('end to end: a stated need lifts the recommendations with a reason; enrol, complete, evaluate once; the need is ADDRESSED', async () => {
    employee = await registerEmployee(a.admin, a);
    me = await employeeUser(a, employee.id);
    await assess(employee.id, 1, dayOf(-10));
    const before = await eventually(async () => {
      const r = await recommendations(employee.id);
      return r.status === 200 && itemOf(r.body, program.id) && r.body;
    }, 20_000);
    const scoreBefore = itemOf(before, program.id).score;
    expect(itemOf(before, program.id).reasons.join(' ')).not.toMatch(/training need/);

    // The employee states a need; free text is stored as given, never interpreted.
    const text = '<b>Analisis data</b> & "pelaporan" <script>alert(1)</script>';
    const stated = await me.post('/api/v1/training-needs', { competencyCode: TK, text, priority: 'HIGH', reason: 'Tugas baru di unit' });
    expect(stated.status).toBe(201);
    need = stated.body;
    expect(need).toMatchObject({
      employeeId: employee.id,
      agencyId: a.agencyId,
      competencyCode: TK,
      text,
      priority: 'HIGH',
      status: 'OPEN',
      submittedBy: 'SELF',
    });
    const [{ n: submitted }] = await system.db.query(
      `SELECT count(*)::int AS n FROM messaging.outbox WHERE event_name = 'TrainingNeedSubmitted' AND payload->>'needId' = $1`,
      [need.id],
    );
    expect(submitted).toBe(1);

    // Within seconds, both programs developing TK score 8 more (HIGH), and say why.
    const after = await eventually(async () => {
      const r = await recommendations(employee.id);
      return itemOf(r.body, program.id)?.score === scoreBefore + 8 && r.body;
    }, 20_000);
    for (const id of [program.id, other.id])
      expect(itemOf(after, id).reasons).toContain(`Stated as a training need for ${TK} (priority HIGH)`);

    // Enrolled (by an admin, into a session that ran): PLANNED; an evaluation before completing is refused.
    const enrolment = await created(
      a.admin.post(`/api/v1/training-sessions/${heldSession.id}/enrollments`, { employeeId: employee.id }),
      'enrol',
    );
    enrolmentId = enrolment.id;
    await eventually(async () => (await needOf(me, need.id)).status === 'PLANNED', 20_000);
    expectProblem(await me.post(`/api/v1/enrollments/${enrolmentId}/evaluation`, { rating: 4, relevance: 4, wouldRecommend: true }), 422);

    // Completed: ADDRESSED, and Development stops weighing the need.
    await created(a.admin.post(`/api/v1/enrollments/${enrolmentId}/complete`, {}), 'complete', 200);
    const addressed = await eventually(async () => {
      const n = await needOf(me, need.id);
      return n.status === 'ADDRESSED' && n;
    }, 20_000);
    expect(addressed.addressedAt).toEqual(expect.any(String));
    const audit = await system.db.query(`SELECT action, actor_role AS role FROM audit.audit_log WHERE entity_id = $1 ORDER BY id`, [
      need.id,
    ]);
    expect(audit).toEqual([
      { action: 'training-need.create', role: 'EMPLOYEE' },
      { action: 'training-need.planned', role: 'SYSTEM' },
      { action: 'training-need.addressed', role: 'SYSTEM' },
    ]);
    await eventually(async () => {
      const r = await recommendations(employee.id);
      return itemOf(r.body, other.id) && !itemOf(r.body, other.id).reasons.some((x: string) => /training need/.test(x));
    }, 20_000);

    // The employee evaluates it, once.
    const comment = '<i>Sangat</i> bermanfaat & relevan';
    const evaluation = await me.post(`/api/v1/enrollments/${enrolmentId}/evaluation`, {
      rating: 5,
      relevance: 4,
      wouldRecommend: true,
      comment,
    });
    expect(evaluation.status).toBe(201);
    expect(evaluation.body).toMatchObject({
      enrolmentId,
      employeeId: employee.id,
      programId: program.id,
      rating: 5,
      relevance: 4,
      wouldRecommend: true,
      comment,
    });
    expectProblem(await me.post(`/api/v1/enrollments/${enrolmentId}/evaluation`, { rating: 1, relevance: 1, wouldRecommend: false }), 409);
    const [{ n: evaluations }] = await system.db.query(`SELECT count(*)::int AS n FROM feedback.evaluations WHERE enrolment_id = $1`, [
      enrolmentId,
    ]);
    expect(evaluations).toBe(1);

    // Someone who did not complete cannot evaluate: not someone else's enrolment, not their own before completing it.
    const colleague = await registerEmployee(a.admin, a);
    const colleagueHttp = await employeeUser(a, colleague.id);
    expectProblem(
      await colleagueHttp.post(`/api/v1/enrollments/${enrolmentId}/evaluation`, { rating: 3, relevance: 3, wouldRecommend: true }),
      404,
    );
    const own = await created(
      a.admin.post(`/api/v1/training-sessions/${heldSession.id}/enrollments`, { employeeId: colleague.id }),
      'enrol colleague',
    );
    expectProblem(
      await colleagueHttp.post(`/api/v1/enrollments/${own.id}/evaluation`, { rating: 3, relevance: 3, wouldRecommend: true }),
      422,
    );
    // Already enrolled in a program developing it: a need stated now starts PLANNED.
    const colleagueNeed = await created(
      colleagueHttp.post('/api/v1/training-needs', { competencyCode: TK, priority: 'LOW' }),
      'colleague need',
    );
    expect(colleagueNeed).toMatchObject({ status: 'PLANNED', plannedAt: expect.any(String) });
    // A program developing it added to the plan: an OPEN need becomes PLANNED.
    const planner = await registerEmployee(a.admin, a);
    const plannerNeed = await created(
      a.admin.post('/api/v1/training-needs', { employeeId: planner.id, competencyCode: TK }),
      'planner need',
    );
    expect(plannerNeed.status).toBe('OPEN');
    await created(
      a.admin.post(`/api/v1/employees/${planner.id}/development-plan/items`, { competencyCode: TK, programId: other.id }),
      'plan item',
    );
    await eventually(async () => (await needOf(a.admin, plannerNeed.id)).status === 'PLANNED', 20_000);
    // Admins do not evaluate for them.
    expectProblem(
      await a.admin.post(`/api/v1/enrollments/${enrolmentId}/evaluation`, { rating: 3, relevance: 3, wouldRecommend: true }),
      403,
    );

    // One evaluation, fewer than EVALUATION_MIN_RESPONSES (5): the summary counts it and withholds the rest, so that
    // nobody's answer can be singled out (the summary with 4 and then 5 is in people.e2e-spec.ts).
    const summary = await summaryOf(a.admin);
    expect(summary.status).toBe(200);
    expect(summary.body).toMatchObject({
      programId: program.id,
      count: 1,
      minimumResponses: 5,
      withheld: true,
      meanRating: null,
      meanRelevance: null,
      ratingDistribution: null,
      relevanceDistribution: null,
      wouldRecommendShare: null,
      effectiveness: { participants: 0, meanLevelChange: null, meaningful: false, minimumParticipants: 5 },
    });
    expect(summary.body.comments).toEqual([]);
    expect(summary.text).not.toContain(comment);
    expect(JSON.stringify(summary.body)).not.toContain(employee.id);
    expect(JSON.stringify(summary.body)).not.toContain(enrolmentId);
    const asEmployee = await summaryOf(me);
    expect(asEmployee.status).toBe(200);
    expect(asEmployee.body.count).toBe(1);
    expect(asEmployee.body.comments).toBeUndefined();
  });

  it('effectiveness: after before/after assessments of five participants it is shown, and meaningful', async () => {
    // Four more participants: assessed at 1 before the session, completed, then all five reassessed at 3.
    others = await Promise.all([1, 2, 3, 4].map(() => registerEmployee(a.admin, a)));
    for (const o of others) {
      await assess(o.id, 1, dayOf(-10));
      enrolmentsOf.set(o.id, await enrolAndComplete(o.id));
    }
    for (const [i, p] of [employee, ...others].entries()) {
      await assess(p.id, 3, dayOf(0));
      const summary = await summaryOf(a.admin);
      // Four participants measured are not enough to say anything: shown, but not meaningful.
      if (i === 3) expect(summary.body.effectiveness).toMatchObject({ participants: 4, meanLevelChange: 2, meaningful: false });
    }
    const summary = await summaryOf(a.admin);
    expect(summary.body.effectiveness).toEqual({
      participants: 5,
      meanLevelChange: 2,
      competencies: [{ competencyCode: TK, participants: 5, meanLevelChange: 2 }],
      meaningful: true,
      minimumParticipants: 5,
    });

    // Reporting's contract query answers the same, with the evaluations.
    const [answer] = await system.api.get(QueryBus).execute(new ProgramEffectivenessQuery([program.id]));
    expect(answer).toEqual({ programId: program.id, participants: 5, meanLevelChange: 2, meaningful: true, evaluations: 1, meanRating: 5 });
  });

  it('the loop back: a program’s evaluations and effectiveness raise its score for everyone, with the reasons', async () => {
    // Someone already holding P in their set, from before the evaluations.
    const holder = await registerEmployee(a.admin, a);
    await assess(holder.id, 1, dayOf(0));
    const before = await eventually(async () => {
      const r = await recommendations(holder.id);
      return r.status === 200 && itemOf(r.body, program.id) && itemOf(r.body, other.id) && r.body;
    }, 20_000);
    expect(itemOf(before, program.id).reasons.join(' ')).not.toMatch(/Rated/);

    // Sets holding a program are re-ranked in the delivery up to a limit, by batch jobs beyond it: with the limit at
    // none, the holder's set can only change through Development's ProgramFeedbackChanged and its jobs.
    const signals = system.worker!.get(FeedbackSignals);
    signals.inlineRecomputeLimit = 0;
    try {
      // Three more evaluations (5, 4, 3; with the first 5: a mean of 4.25 from four): enough to count.
      for (const [i, rating] of [5, 4, 3].entries()) {
        const http = await employeeUser(a, others[i].id);
        await created(
          http.post(`/api/v1/enrollments/${enrolmentsOf.get(others[i].id)}/evaluation`, {
            rating,
            relevance: 4,
            wouldRecommend: rating > 3,
          }),
          'evaluation',
        );
      }
      const rescored = await eventually(async () => {
        const r = await recommendations(holder.id);
        return r.status === 200 && itemOf(r.body, program.id)?.reasons.includes('Rated 4.25 of 5 on average by 4 participant(s)') && r.body;
      }, 20_000);
      expect(itemOf(rescored, program.id).score).toBe(itemOf(rescored, other.id).score + 6.5);
      const [announced] = await system.db.query(
        `SELECT count(*)::int AS n FROM messaging.outbox WHERE event_name = 'development.ProgramFeedbackChanged' AND payload::jsonb->'programIds' ? $1`,
        [program.id],
      );
      expect(announced.n).toBeGreaterThan(0);
    } finally {
      signals.inlineRecomputeLimit = INLINE_RECOMPUTE_LIMIT;
    }
    const summary = (await summaryOf(a.admin)).body;
    // Four evaluations are still fewer than EVALUATION_MIN_RESPONSES: the summary withholds the figures the scores use.
    expect(summary).toMatchObject({ count: 4, withheld: true, meanRating: null, wouldRecommendShare: null, ratingDistribution: null });

    // A newcomer with the same gap: P (rated, effective) now scores above Q, which is alike but unheard of:
    // + 4 × (4.25 − 3) ÷ 2 = 2.5 for the ratings, + 4 × min(1, +2 levels) = 4 for the effectiveness.
    // Development's copy of the program's figures follows each TrainingEvaluated.
    await eventually(async () => {
      const [row] = await system.db.query(`SELECT evaluations, meaningful FROM development.program_feedback WHERE program_id = $1`, [
        program.id,
      ]);
      return row?.evaluations === 4 && row.meaningful;
    }, 20_000);
    const newcomer = await registerEmployee(a.admin, a);
    await assess(newcomer.id, 1, dayOf(0));
    const answer = await eventually(async () => {
      const r = await recommendations(newcomer.id);
      // Each evaluation refreshes the program's figures as it arrives: wait for the last one's.
      return r.status === 200 && itemOf(r.body, program.id)?.reasons.includes('Rated 4.25 of 5 on average by 4 participant(s)') && r.body;
    }, 20_000);
    const p = itemOf(answer, program.id);
    const q = itemOf(answer, other.id);
    expect(p.score).toBe(q.score + 6.5);
    expect(p.rank).toBeLessThan(q.rank);
    expect(p.reasons).toEqual(
      expect.arrayContaining([
        'Rated 4.25 of 5 on average by 4 participant(s)',
        "Participants' assessed level changed by +2 on average after it (5 participants)",
      ]),
    );
    expect(q.reasons.join(' ')).not.toMatch(/Rated|Participants/);
  });

  it('scoping: an agency admin sees only their agency’s needs and evaluations; an employee only their own', async () => {
    const colleague = await registerEmployee(a.admin, a);
    const colleagueHttp = await employeeUser(a, colleague.id);
    // An admin states a need on an employee's behalf (free text only).
    const onBehalf = await a.admin.post('/api/v1/training-needs', {
      employeeId: colleague.id,
      text: 'Penulisan naskah dinas',
      priority: 'LOW',
    });
    expect(onBehalf.status).toBe(201);
    expect(onBehalf.body).toMatchObject({ competencyCode: null, submittedBy: 'ADMIN', status: 'OPEN' });
    const bEmployee = await registerEmployee(b.admin, b);
    const bNeed = await created(
      b.admin.post('/api/v1/training-needs', { employeeId: bEmployee.id, competencyCode: 'M.01', priority: 'MEDIUM' }),
      'b need',
    );

    const ids = (answer: Answer) => answer.body.items.map((i: any) => i.id);
    const aList = await a.admin.get('/api/v1/training-needs?limit=500');
    expect(ids(aList)).toEqual(expect.arrayContaining([need.id, onBehalf.body.id]));
    expect(ids(aList)).not.toContain(bNeed.id);
    expect(aList.body.items.every((i: any) => i.agencyId === a.agencyId)).toBe(true);
    expect(ids(await b.admin.get('/api/v1/training-needs?limit=500'))).not.toContain(need.id);
    expect(ids(await ministry.get(`/api/v1/training-needs?agencyId=${b.agencyId}`))).toEqual([bNeed.id]);
    expectProblem(await b.admin.get(`/api/v1/training-needs/${need.id}`), 404);
    expectProblem(await b.admin.post(`/api/v1/training-needs/${need.id}/decline`, { reason: 'x' }), 404);
    expectProblem(await b.admin.get(`/api/v1/training-programs/${program.id}/evaluations/summary`), 404);

    // Filters, keyset paging and text search (admins).
    expect(ids(await a.admin.get(`/api/v1/training-needs?employeeId=${employee.id}`))).toEqual([need.id]);
    expect(ids(await a.admin.get(`/api/v1/training-needs?status=ADDRESSED&competencyCode=${encodeURIComponent(TK)}`))).toEqual([need.id]);
    expect(ids(await a.admin.get('/api/v1/training-needs?q=NASKAH%20dinas'))).toEqual([onBehalf.body.id]);
    expect(ids(await a.admin.get('/api/v1/training-needs?q=%25'))).toEqual([]); // wildcards are taken literally
    const first = await a.admin.get('/api/v1/training-needs?limit=1');
    expect(first.body.items).toHaveLength(1);
    const second = await a.admin.get(`/api/v1/training-needs?limit=1&cursor=${first.body.nextCursor}`);
    expect(second.body.items[0].id).not.toBe(first.body.items[0].id);

    // An employee: their own needs only; another's is not found, and they cannot state one for someone else.
    expect(ids(await colleagueHttp.get('/api/v1/training-needs'))).toEqual([onBehalf.body.id]);
    expect(ids(await me.get('/api/v1/training-needs'))).toEqual([need.id]);
    expectProblem(await colleagueHttp.get(`/api/v1/training-needs/${need.id}`), 404);
    expectProblem(await colleagueHttp.post('/api/v1/training-needs', { employeeId: employee.id, competencyCode: 'M.02' }), 404);

    // Evaluations: the author sees theirs with their identity; their admin sees their agency's anonymously; other agencies nothing.
    const mine = await me.get('/api/v1/training-evaluations');
    expect(mine.body.items).toEqual([expect.objectContaining({ enrolmentId, employeeId: employee.id, programId: program.id })]);
    expect((await colleagueHttp.get('/api/v1/training-evaluations')).body.items).toEqual([]);
    const asAdmin = await a.admin.get(`/api/v1/training-evaluations?programId=${program.id}&q=BERMANFAAT`);
    expect(asAdmin.body.items).toHaveLength(1);
    expect(asAdmin.body.items[0].employeeId).toBeUndefined();
    expect(asAdmin.body.items[0].enrolmentId).toBeUndefined();
    expect((await b.admin.get('/api/v1/training-evaluations')).body.items).toEqual([]);

    // Declining (admins of the employee's agency), audited; the employee may not; not twice.
    expectProblem(await colleagueHttp.post(`/api/v1/training-needs/${onBehalf.body.id}/decline`, { reason: 'self' }), 403);
    const declined = await a.admin.post(`/api/v1/training-needs/${onBehalf.body.id}/decline`, { reason: 'Tidak ada anggaran tahun ini' });
    expect(declined.status).toBe(200);
    expect(declined.body).toMatchObject({
      status: 'DECLINED',
      declineReason: 'Tidak ada anggaran tahun ini',
      declinedAt: expect.any(String),
    });
    expectProblem(await a.admin.post(`/api/v1/training-needs/${onBehalf.body.id}/decline`, { reason: 'again' }), 422);
    expectProblem(await a.admin.post(`/api/v1/training-needs/${need.id}/decline`, { reason: 'addressed already' }), 422);
    const [audit] = await system.db.query(
      `SELECT actor_email, before->>'status' AS before, after->>'status' AS after FROM audit.audit_log WHERE action = 'training-need.decline' AND entity_id = $1`,
      [onBehalf.body.id],
    );
    expect(audit).toEqual({ actor_email: a.adminEmail, before: 'OPEN', after: 'DECLINED' });

    // Reporting's counts: distinct employees per competency this year, declined ones left out, by agency or national.
    const bus = system.api.get(QueryBus);
    const year = Number(new Date(Date.now() + 7 * 3600 * 1000).toISOString().slice(0, 4));
    expect(await bus.execute(new StatedNeedCountsQuery(a.agencyId, year))).toEqual([{ competencyCode: TK, employees: 3 }]); // the employee, the colleague, the planner
    expect(await bus.execute(new StatedNeedCountsQuery(b.agencyId, year))).toEqual([{ competencyCode: 'M.01', employees: 1 }]);
    expect(await bus.execute(new StatedNeedCountsQuery(a.agencyId, year - 1))).toEqual([]);
    const national = await bus.execute(new StatedNeedCountsQuery(null, year));
    expect(national).toEqual(expect.arrayContaining([{ competencyCode: TK, employees: 3 }]));
  });

  it('a supervisor states a need on a direct subordinate’s behalf, and on no one else’s', async () => {
    const supervisor = await registerEmployee(a.admin, a);
    const subordinate = await registerEmployee(a.admin, a);
    const stranger = await registerEmployee(a.admin, a);
    const current = await a.admin.get(`/api/v1/employees/${subordinate.id}`);
    const moved = await a.admin.patch(`/api/v1/employees/${subordinate.id}`, {
      version: current.body.version,
      supervisorId: supervisor.id,
    });
    expect(moved.status).toBe(200);
    expect(moved.body.supervisorId).toBe(supervisor.id);
    // A supervisor must be an employee of the same agency, and not the employee.
    const other = await registerEmployee(b.admin, b);
    expectProblem(
      await a.admin.patch(`/api/v1/employees/${subordinate.id}`, { version: moved.body.version, supervisorId: other.id }),
      400,
      {
        fields: ['supervisorId'],
      },
    );
    expectProblem(
      await a.admin.patch(`/api/v1/employees/${subordinate.id}`, { version: moved.body.version, supervisorId: subordinate.id }),
      400,
      { fields: ['supervisorId'] },
    );

    const supervisorHttp = await employeeUser(a, supervisor.id);
    const stated = await supervisorHttp.post('/api/v1/training-needs', {
      employeeId: subordinate.id,
      competencyCode: 'M.03',
      priority: 'MEDIUM',
      reason: 'Laporan tim perlu lebih jelas',
    });
    expect(stated.status).toBe(201);
    expect(stated.body).toMatchObject({ employeeId: subordinate.id, submittedBy: 'SUPERVISOR', status: 'OPEN' });
    // Not their subordinate: as unknown to them as any other employee.
    expectProblem(
      await supervisorHttp.post('/api/v1/training-needs', { employeeId: stranger.id, competencyCode: 'M.03', priority: 'LOW' }),
      404,
      {
        validation: false,
      },
    );
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = await new Http(system.url).get('/docs-json');
    expect(doc.body.paths['/api/v1/training-needs'].post.responses['409']).toBeDefined();
    expect(doc.body.paths['/api/v1/training-needs'].get).toBeDefined();
    expect(doc.body.paths['/api/v1/training-needs/{id}/decline'].post).toBeDefined();
    expect(doc.body.paths['/api/v1/enrollments/{id}/evaluation'].post.responses['422']).toBeDefined();
    expect(doc.body.paths['/api/v1/training-programs/{id}/evaluations/summary'].get).toBeDefined();
    expect(doc.body.paths['/api/v1/training-evaluations'].get).toBeDefined();
  });

  it('bad input gets problem+json 4xx and changes nothing', async () => {
    const someone = await registerEmployee(a.admin, a);
    const someoneHttp = await employeeUser(a, someone.id);
    await created(someoneHttp.post('/api/v1/training-needs', { competencyCode: 'M.03', priority: 'LOW' }), 'a need');
    const otherAgencyCompetency = `TK.FB${run}.9`;
    await createTechnicalCompetency(b.admin, otherAgencyCompetency, [1]);
    const valid = { rating: 4, relevance: 4, wouldRecommend: true, comment: 'ok' };
    const evaluate = (http: Http, body: unknown, id = enrolmentId) => http.post(`/api/v1/enrollments/${id}/evaluation`, body);
    const cases: [string, () => Promise<Answer>, number, string[]?][] = [
      ['rating 0', () => evaluate(me, { ...valid, rating: 0 }), 400, ['rating']],
      ['rating 6', () => evaluate(me, { ...valid, rating: 6 }), 400, ['rating']],
      ['relevance 6', () => evaluate(me, { ...valid, relevance: 6 }), 400, ['relevance']],
      ['relevance 0', () => evaluate(me, { ...valid, relevance: 0 }), 400, ['relevance']],
      ['rating 2.5', () => evaluate(me, { ...valid, rating: 2.5 }), 400, ['rating']],
      ['rating as text', () => evaluate(me, { ...valid, rating: '5' }), 400, ['rating']],
      ['no wouldRecommend', () => evaluate(me, { rating: 4, relevance: 4 }), 400, ['wouldRecommend']],
      ['oversized comment', () => evaluate(me, { ...valid, comment: 'x'.repeat(2001) }), 400, ['comment']],
      ['unknown field', () => evaluate(me, { ...valid, author: 'x' }), 400],
      ['another employee’s enrolment', () => evaluate(someoneHttp, valid), 404],
      ['an enrolment that does not exist', () => evaluate(me, valid, '00000000-0000-4000-8000-000000000000'), 404],
      ['a malformed enrolment id', () => evaluate(me, valid, 'nope'), 400],
      ['a second evaluation', () => evaluate(me, valid), 409],
      [
        'unknown competency',
        () => someoneHttp.post('/api/v1/training-needs', { competencyCode: 'NOPE.99', priority: 'HIGH' }),
        400,
        ['competencyCode'],
      ],
      [
        'another agency’s competency',
        () => someoneHttp.post('/api/v1/training-needs', { competencyCode: otherAgencyCompetency, priority: 'HIGH' }),
        400,
        ['competencyCode'],
      ],
      ['oversized text', () => someoneHttp.post('/api/v1/training-needs', { text: 'x'.repeat(2001) }), 400, ['text']],
      ['oversized reason', () => someoneHttp.post('/api/v1/training-needs', { text: 'x', reason: 'y'.repeat(2001) }), 400, ['reason']],
      [
        'no competency nor text',
        () => someoneHttp.post('/api/v1/training-needs', { priority: 'HIGH', reason: 'why' }),
        400,
        ['competencyCode'],
      ],
      [
        'unknown priority',
        () => someoneHttp.post('/api/v1/training-needs', { competencyCode: 'M.01', priority: 'URGENT' }),
        400,
        ['priority'],
      ],
      [
        'a malformed employee id',
        () => a.admin.post('/api/v1/training-needs', { employeeId: 'x', competencyCode: 'M.01' }),
        400,
        ['employeeId'],
      ],
      ['another agency’s employee', () => b.admin.post('/api/v1/training-needs', { employeeId: someone.id, competencyCode: 'M.01' }), 404],
      ['a second live need for the competency', () => someoneHttp.post('/api/v1/training-needs', { competencyCode: 'M.03' }), 409],
      ['a decline without a reason', () => a.admin.post(`/api/v1/training-needs/${need.id}/decline`, { reason: '' }), 400, ['reason']],
      ['an unknown filter', () => a.admin.get('/api/v1/training-needs?colour=red'), 400],
      ['an unknown status filter', () => a.admin.get('/api/v1/training-needs?status=LOST'), 400, ['status']],
      ['a bad cursor', () => a.admin.get('/api/v1/training-needs?cursor=zzz'), 400, ['cursor']],
      [
        'a summary of no program',
        () => a.admin.get('/api/v1/training-programs/00000000-0000-4000-8000-000000000000/evaluations/summary'),
        404,
      ],
    ];
    const failures: string[] = [];
    for (const [label, send, status, fields] of cases) {
      const before = await feedbackState();
      const answer = await send();
      const mismatches = problemMismatches(answer, status, { fields });
      if ((await feedbackState()) !== before) mismatches.push('the database changed');
      if (mismatches.length) failures.push(`${label}: ${mismatches.join('; ')} → ${answer.status} ${answer.text.slice(0, 300)}`);
    }
    expect(failures).toEqual([]);
  });
});
