import {
  completeAssessment,
  createTechnicalCompetency,
  NATIONAL_CODES,
  publishStandard,
  registerEmployee,
  setUpAgency,
} from './support/fixtures';
import type { AgencySetup } from './support/fixtures';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem } from './support/system';
import { expectProblem } from './support/workforce';

/**
 * Recommendations with a worker running: an assessment with gaps yields
 * recommendations that follow the rule (candidates, order within a gap, three
 * per gap, gaps from the largest, ten at most; a session soon and the JP
 * shortfall in the score and the reasons); completing a training credits JP
 * once and takes the program out; accepting one adds a plan item once.
 */
describe('Development: recommendations', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  /** Four technical competencies of agency a, so only this file's programs can develop them. */
  const T = [1, 2, 3, 4].map((n) => `TK.R${run}.${n}`);
  const programs = new Map<string, any>();
  const DAY = 24 * 3600 * 1000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  async function created(answer: Promise<Answer>, what: string, status = 201): Promise<any> {
    const a = await answer;
    if (a.status !== status) throw new Error(`${what}: ${a.status} ${a.text}`);
    return a.body;
  }

  /** An agency-a program `R<run>-<name>` of 20 JP developing `competency` to `target`. */
  async function program(name: string, competency: string, target: number): Promise<any> {
    const body = await created(
      a.admin.post('/api/v1/training-programs', {
        code: `R${run}-${name}`,
        title: `Pelatihan ${name}`,
        deliveryMode: 'CLASSROOM',
        jp: 20,
        provider: 'BPSDM',
        maxClassSize: 10,
        competencies: [{ competencyCode: competency, targetLevel: target }],
      }),
      `program ${name}`,
    );
    programs.set(name, body);
    return body;
  }

  const session = (programId: string, body: Record<string, unknown>) =>
    created(a.admin.post(`/api/v1/training-programs/${programId}/sessions`, { capacity: 10, location: 'Jakarta', ...body }), 'session');

  /** An official assessment: the nine national competencies at 3 (no gap) and the technical ones at the levels given. */
  async function assess(employeeId: string, technical: number[]): Promise<void> {
    await completeAssessment(
      a.admin,
      employeeId,
      NATIONAL_CODES.map(() => 3),
      {
        technical: T.map((competencyCode, i) => ({ competencyCode, level: technical[i] })),
      },
    );
  }

  const recommendations = (http: Http, employeeId: string, language?: string) =>
    http.request('GET', `/api/v1/employees/${employeeId}/recommendations`, undefined, language ? { 'accept-language': language } : {});
  const english = (http: Http, employeeId: string) => recommendations(http, employeeId, 'en');
  const codes = (body: any) => body.items.map((i: any) => i.programCode.replace(`R${run}-`, ''));

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    for (const code of T) await createTechnicalCompetency(a.admin, code);
    // Required: national 3 each; T1 4, T2 3, T3 3, T4 2.
    await publishStandard(
      a.admin,
      a.positionId,
      NATIONAL_CODES.map(() => 3),
      T.map((competencyCode, i) => ({ competencyCode, requiredLevel: [4, 3, 3, 2][i] })),
    );
    // T1 (achieved 1, required 4): below-required A1, reaching B1 (5), C1 (4), D1 (4), E1 (1: not above achieved), 0X inactive.
    await program('A1', T[0], 2);
    await program('B1', T[0], 5);
    await program('C1', T[0], 4);
    await program('D1', T[0], 4);
    await program('E1', T[0], 1);
    const inactive = await program('0X', T[0], 4);
    await created(a.admin.post(`/api/v1/training-programs/${inactive.id}/deactivate`, { version: inactive.version }), 'deactivate', 200);
    // T2 (achieved 1, required 3); T3 (2 of 3); T4 (1 of 2).
    await program('T2a', T[1], 3);
    await program('T2b', T[1], 2);
    await program('T2c', T[1], 3);
    await program('T3a', T[2], 3);
    await program('T3b', T[2], 3);
    await program('T3c', T[2], 4);
    await program('T4a', T[3], 2);
    await program('T4b', T[3], 2);
    await program('T4c', T[3], 2);
    // A session with free seats in 20 days lifts T4b over T4a; one in 120 days (T3b) and a full one (T4c) do not count.
    await session(programs.get('T4b').id, { startsAt: inDays(20), endsAt: inDays(21) });
    await session(programs.get('T3b').id, { startsAt: inDays(120), endsAt: inDays(121) });
  });
  afterAll(() => system.close());

  it('follows the rule: candidates, order within a gap, three per gap, gaps from the largest, ten at most, with reasons', async () => {
    const employee = await registerEmployee(a.admin, a);
    await assess(employee.id, [1, 1, 2, 1]);
    const answer = await eventually(async () => {
      const r = await english(a.admin, employee.id);
      return r.status === 200 && r.body.items.length > 0 && r.body;
    }, 20_000);
    expect(answer.employeeId).toBe(employee.id);
    expect(typeof answer.generatedAt).toBe('string');
    // T1: reaching first, then the lower target (C1, D1 at 4; B1 at 5), then the code; A1 (below the required level) is the fourth: cut.
    // T2: T2a, T2c reach 3; T2b (2) after. T3 and T4 (gap −1 each) by competency code; the tenth item is T4's best: T4b, lifted by its session.
    expect(codes(answer)).toEqual(['C1', 'D1', 'B1', 'T2a', 'T2c', 'T2b', 'T3a', 'T3b', 'T3c', 'T4b']);
    expect(answer.items.map((i: any) => i.rank)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(answer.items.map((i: any) => i.gap)).toEqual([-3, -3, -3, -2, -2, -2, -1, -1, -1, -1]);
    expect(answer.items.map((i: any) => i.competencyCode)).toEqual([T[0], T[0], T[0], T[1], T[1], T[1], T[2], T[2], T[2], T[3]]);
    // Scores: 200 × the gaps after this one (T1 3, T2 2, T3 1, T4 0) + 100 reaching + 10 × (5 − target) + 5 session soon
    // + 4 × min(20 JP credit, 20 JP shortfall) ÷ 20: the order is the score's, descending.
    expect(answer.items.map((i: any) => i.score)).toEqual([714, 714, 704, 524, 524, 434, 324, 324, 314, 139]);
    const scores = answer.items.map((i: any) => i.score);
    expect([...scores].sort((x, y) => y - x)).toEqual(scores);
    const first = answer.items[0];
    expect(first).toMatchObject({
      programId: programs.get('C1').id,
      programTitle: 'Pelatihan C1',
      deliveryMode: 'CLASSROOM',
      jp: 20,
      competencyName: `Teknis ${T[0]}`,
      targetLevel: 4,
      sessionId: null,
      session: null,
    });
    expect(first.reasons).toEqual([
      `A gap of 3 in ${T[0]} (Teknis ${T[0]}): level 1 of the 4 required`,
      `Closes the gap: develops ${T[0]} to level 4, reaching the required level 4`,
      "Credits 20 JP towards this year's shortfall of 20 JP",
    ]);
    expect(first.explanations).toEqual([
      { code: 'GAP', competencyCode: T[0], competencyName: `Teknis ${T[0]}`, gap: 3, achievedLevel: 1, requiredLevel: 4 },
      { code: 'CLOSES_GAP', competencyCode: T[0], targetLevel: 4, requiredLevel: 4 },
      { code: 'JP_SHORTFALL', creditJp: 20, shortfallJp: 20 },
    ]);
    // Below the required level: it narrows the gap, and no reason says it closes it.
    expect(answer.items[5].reasons.slice(0, 2)).toEqual([
      `A gap of 2 in ${T[1]} (Teknis ${T[1]}): level 1 of the 3 required`,
      `Narrows the gap: develops ${T[1]} to level 2, towards the required level 3 (1 level(s) remain)`,
    ]);
    for (const item of answer.items) {
      const codes = item.explanations.map((e: any) => e.code);
      expect(codes.filter((c: string) => c === 'CLOSES_GAP' || c === 'NARROWS_GAP')).toEqual([
        item.targetLevel >= item.explanations[0].requiredLevel ? 'CLOSES_GAP' : 'NARROWS_GAP',
      ]);
      expect(new Set(codes).size).toBe(codes.length);
    }
    const last = answer.items[9];
    expect(last.sessionId).toEqual(expect.any(String));
    expect(last.session).toMatchObject({ id: last.sessionId, location: 'Jakarta', freeSeats: 10, startsAt: expect.any(String) });
    expect(last.reasons).toContainEqual(expect.stringMatching(/^A session starting \d{4}-\d{2}-\d{2} in Jakarta has 10 free seat\(s\)$/));
    expect(answer.items[7].sessionId).toBeNull();

    // Indonesian by default (and for id, or a language the API does not speak), the same explanations.
    for (const language of [undefined, 'id-ID,id;q=0.9', 'fr']) {
      const indonesian = (await recommendations(a.admin, employee.id, language)).body;
      expect(indonesian.items.map((i: any) => i.explanations)).toEqual(answer.items.map((i: any) => i.explanations));
      expect(indonesian.items[0].reasons).toEqual([
        `Kesenjangan 3 level pada ${T[0]} (Teknis ${T[0]}): level 1 dari 4 yang dipersyaratkan`,
        `Menutup kesenjangan: mengembangkan ${T[0]} sampai level 4, memenuhi level 4 yang dipersyaratkan`,
        'Memberikan 20 JP untuk kekurangan 20 JP tahun ini',
      ]);
      expect(indonesian.items[5].reasons[1]).toBe(
        `Mempersempit kesenjangan: mengembangkan ${T[1]} sampai level 2, menuju level 3 yang dipersyaratkan (tersisa 1 level)`,
      );
      expect(indonesian.items[9].reasons).toContainEqual(
        expect.stringMatching(/^Sesi yang dimulai \d{1,2} \S+ \d{4} di Jakarta masih memiliki 10 kursi kosong$/),
      );
    }
    expect((await recommendations(a.admin, employee.id, 'en-GB,en;q=0.9,id;q=0.5')).body.items[0].reasons[0]).toMatch(/^A gap of 3/);

    // Published through the outbox; one current set.
    const [{ n }] = await system.db.query(
      `SELECT count(*)::int AS n FROM messaging.outbox WHERE event_name = 'RecommendationsGenerated' AND aggregate_id = $1`,
      [employee.id],
    );
    expect(n).toBeGreaterThanOrEqual(1);
    const [{ sets }] = await system.db.query(`SELECT count(*)::int AS sets FROM development.recommendations WHERE employee_id = $1`, [
      employee.id,
    ]);
    expect(sets).toBe(1);

    // Scoped like the employee's other development data.
    expectProblem(await recommendations(b.admin, employee.id), 404);
    expect((await recommendations(ministry, employee.id)).status).toBe(200);
  });

  it('completing a training credits JP once and takes the program out of the recommendations', async () => {
    const employee = await registerEmployee(a.admin, a);
    await assess(employee.id, [1, 3, 3, 2]);
    const before = await eventually(async () => {
      const r = await recommendations(a.admin, employee.id);
      return r.body.items?.length > 0 && r.body;
    }, 20_000);
    expect(codes(before)).toEqual(['C1', 'D1', 'B1']);

    // A session that ran this week: the completion credits 20 JP this year.
    const held = await session(programs.get('C1').id, { startsAt: inDays(-3), endsAt: inDays(-2), status: 'DONE' });
    const enrolment = await created(a.admin.post(`/api/v1/training-sessions/${held.id}/enrollments`, { employeeId: employee.id }), 'enrol');
    expect((await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {})).status).toBe(200);
    expectProblem(await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {}), 422);

    const after = await eventually(async () => {
      const r = await english(a.admin, employee.id);
      // Enrolling already takes C1 out; the completion's JP credit follows through its own events.
      const credited = (r.body.items ?? []).every((i: any) => !(i.explanations ?? []).some((e: any) => e.code === 'JP_SHORTFALL'));
      return !codes(r.body).includes('C1') && credited && r.body;
    }, 20_000);
    // C1 is done; A1 (below the required level) moves up; the JP shortfall is gone from scores and reasons.
    expect(codes(after)).toEqual(['D1', 'B1', 'A1']);
    expect(after.items.map((i: any) => i.score)).toEqual([110, 100, 30]);
    // The JP reason is the one that credits JP; a random run code may itself contain "JP" (CI once drew one).
    expect(after.items.flatMap((i: any) => i.reasons).filter((r: string) => /^Credits .* JP /.test(r))).toEqual([]);
    const year = new Date(inDays(-2)).getUTCFullYear();
    const hours = await a.admin.get(`/api/v1/employees/${employee.id}/development-hours?year=${year}`);
    expect(hours.body).toMatchObject({ jp: 20, compliant: true });
    const [{ n }] = await system.db.query(`SELECT count(*)::int AS n FROM development.jp_ledger WHERE source_id = $1`, [enrolment.id]);
    expect(n).toBe(1);
  });

  it('an employee who enrols sees the program leave their recommendations within seconds, and others see the seat taken', async () => {
    const employee = await registerEmployee(a.admin, a);
    const colleague = await registerEmployee(a.admin, a);
    const email = `rec${run.toLowerCase()}.${Date.now()}@example.go.id`;
    await created(a.admin.post('/api/v1/users', { email, password: 'employee-pass-1', role: 'EMPLOYEE', employeeId: employee.id }), 'user');
    const me = await new Http(system.url).signIn(email, 'employee-pass-1');
    await assess(employee.id, [4, 3, 3, 1]);
    await assess(colleague.id, [4, 3, 3, 1]);
    const before = await eventually(async () => {
      const r = await recommendations(me, employee.id);
      return r.status === 200 && r.body.items.length > 0 && r.body;
    }, 20_000);
    expect(codes(before)).toEqual(['T4b', 'T4a', 'T4c']);
    const session = before.items[0].session;
    expect(session).toMatchObject({ id: before.items[0].sessionId, location: 'Jakarta' });
    const seats = session.freeSeats;

    const enrolled = await me.post(`/api/v1/training-sessions/${session.id}/enrollments`, {});
    expect(enrolled.status).toBe(201);
    const after = await eventually(async () => {
      const r = await recommendations(me, employee.id);
      return !codes(r.body).includes('T4b') && r.body;
    }, 10_000);
    expect(codes(after)).toEqual(['T4a', 'T4c']);
    expect(after.generatedAt).not.toBe(before.generatedAt);
    expect(after.items.map((i: any) => i.rank)).toEqual([1, 2]);
    // The colleague still has it, with the seat taken (free seats are read with the recommendations).
    const theirs = await eventually(async () => {
      const r = await recommendations(a.admin, colleague.id);
      return r.body.items?.length > 0 && r.body;
    }, 20_000);
    expect(theirs.items[0]).toMatchObject({ programId: programs.get('T4b').id, session: { id: session.id, freeSeats: seats - 1 } });
    expect(theirs.items[0].explanations).toContainEqual(expect.objectContaining({ code: 'SESSION_SOON', freeSeats: seats - 1 }));
  });

  it('accepting a recommendation adds a plan item (source RECOMMENDATION) once', async () => {
    const employee = await registerEmployee(a.admin, a);
    await assess(employee.id, [4, 3, 3, 1]);
    const set = await eventually(async () => {
      const r = await recommendations(a.admin, employee.id);
      return r.body.items?.length > 0 && r.body;
    }, 20_000);
    expect(codes(set)).toEqual(['T4b', 'T4a', 'T4c']);
    const accepted = await a.admin.post(`/api/v1/employees/${employee.id}/recommendations/1/accept`, {});
    expect(accepted.status).toBe(201);
    expect(accepted.body).toMatchObject({
      competencyCode: T[3],
      programId: programs.get('T4b').id,
      sessionId: set.items[0].sessionId,
      source: 'RECOMMENDATION',
      status: 'PLANNED',
    });
    const again = await a.admin.post(`/api/v1/employees/${employee.id}/recommendations/1/accept`, {});
    expect(again.body.id).toBe(accepted.body.id);
    const plan = await a.admin.get(`/api/v1/employees/${employee.id}/development-plan`);
    expect(plan.body.items.filter((i: any) => i.source === 'RECOMMENDATION')).toHaveLength(1);
    expectProblem(await a.admin.post(`/api/v1/employees/${employee.id}/recommendations/9/accept`, {}), 404);
    expectProblem(
      await a.admin.post(`/api/v1/employees/${employee.id}/recommendations/2/accept`, { programId: programs.get('T4b').id }),
      404,
    );
    expectProblem(await a.admin.post(`/api/v1/employees/${employee.id}/recommendations/x/accept`, {}), 400);
    expectProblem(await b.admin.post(`/api/v1/employees/${employee.id}/recommendations/1/accept`, {}), 404);
  });

  it('a full recompute (ministry admins) answers 202 with a job that completes', async () => {
    expectProblem(await a.admin.post('/api/v1/admin/recommendations/recompute', {}), 403);
    const started = await ministry.post('/api/v1/admin/recommendations/recompute', { agencyId: a.agencyId });
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ id: expect.any(String), state: 'queued', progress: { done: 0, total: 0 } });
    const job = await eventually(async () => {
      const r = await ministry.get(`/api/v1/admin/jobs/${started.body.id}`);
      return r.body.state === 'completed' && r.body;
    }, 20_000);
    expect(job.progress.done).toBe(job.progress.total);
    expect(job.progress.total).toBeGreaterThanOrEqual(3);
    // Agency admins follow their own imports' jobs; a recompute is not theirs, and reads as unknown.
    expectProblem(await a.admin.get(`/api/v1/admin/jobs/${started.body.id}`), 404);
    expectProblem(await ministry.get('/api/v1/admin/jobs/00000000-0000-4000-8000-000000000000'), 404);
  });
});
