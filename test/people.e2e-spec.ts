import { ADMIN, Answer, Http, RunningSystem, startSystem } from './support/system';
import {
  AgencySetup,
  completeAssessment,
  NATIONAL_CODES,
  publishStandard,
  registerEmployee,
  setUpAgency,
  unique,
} from './support/fixtures';
import { expectProblem } from './support/workforce';

/**
 * Answers made for people (issue 17): who am I, names beside ids and codes, the documented orders with their cursors,
 * downloads a browser link can fetch, and the privacy of employees' voice (evaluation summaries withheld below
 * EVALUATION_MIN_RESPONSES; stated needs only for the employee and their agency's HR).
 */
describe('Answers made for people', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  const DAY = 24 * 3600 * 1000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  /** The file name a browser saves a download as (Content-Disposition: attachment). */
  const attachmentName = (answer: Answer) =>
    /^attachment; filename="?([^";]+)"?$/.exec(answer.headers.get('content-disposition') ?? '')?.[1];

  async function ok(answer: Promise<Answer>, what: string, status = 201): Promise<any> {
    const got = await answer;
    if (got.status !== status) throw new Error(`${what}: ${got.status} ${got.text}`);
    return got.body;
  }

  async function userOf(role: string, body: Record<string, unknown>, by: Http = ministry): Promise<Http> {
    const email = `${unique(role.toLowerCase()).toLowerCase()}@example.go.id`;
    await ok(by.post('/api/v1/users', { email, password: 'people-pass-123', role, ...body }), `${role} user`);
    return new Http(system.url).signIn(email, 'people-pass-123');
  }

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
  });
  afterAll(() => system.close());

  it('GET /me answers who you are, for every role', async () => {
    const me = await ministry.get('/api/v1/me');
    expect(me.status).toBe(200);
    expect(me.body).toMatchObject({ email: ADMIN.email, role: 'MINISTRY_ADMIN', agency: null, assessorAgencies: [], employee: null });

    const agencyAdmin = await a.admin.get('/api/v1/me');
    const agency = (await ministry.get(`/api/v1/agencies/${a.agencyId}`)).body;
    expect(agencyAdmin.body).toMatchObject({
      email: a.adminEmail,
      role: 'AGENCY_ADMIN',
      agency: { id: a.agencyId, code: agency.code, name: agency.name },
      employee: null,
    });

    const assessor = await userOf('ASSESSOR', { assessorAgencyIds: [a.agencyId, b.agencyId] });
    const asAssessor = (await assessor.get('/api/v1/me')).body;
    expect(asAssessor.role).toBe('ASSESSOR');
    expect(asAssessor.assessorAgencies.map((x: any) => x.id).sort()).toEqual([a.agencyId, b.agencyId].sort());
    expect(asAssessor.assessorAgencies[0]).toEqual({ id: expect.any(String), code: expect.any(String), name: expect.any(String) });

    const employee = await registerEmployee(a.admin, a, 'Siti Rahayu');
    const asEmployee = (await (await userOf('EMPLOYEE', { employeeId: employee.id }, a.admin)).get('/api/v1/me')).body;
    expect(asEmployee).toMatchObject({
      role: 'EMPLOYEE',
      agency: { id: a.agencyId, code: agency.code, name: agency.name },
      employee: {
        id: employee.id,
        nip: employee.nip,
        name: 'Siti Rahayu',
        unitId: a.unitId,
        unitCode: 'U1',
        unitName: 'Unit 1',
        positionId: a.positionId,
        positionName: 'Analis',
        agencyCode: agency.code,
        agencyName: agency.name,
      },
    });
    expectProblem(await new Http(system.url).get('/api/v1/me'), 401);
  });

  it('employees come by name, with the names of their agency, unit and position; paging is stable under that order', async () => {
    const unit = await ok(ministry.post(`/api/v1/agencies/${b.agencyId}/units`, { code: 'U2', name: 'Bagian Umum' }), 'unit');
    const names = ['Yusuf', 'andi', 'Budi', 'Citra', 'Budi', 'Dewi', 'Eko'];
    for (const name of names) await registerEmployee(b.admin, { ...b, unitId: unit.id }, name);
    const seen: any[] = [];
    let cursor: string | null = null;
    do {
      const page: Answer = await b.admin.get(`/api/v1/employees?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items);
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(names.length);
    expect(new Set(seen.map((e) => e.id)).size).toBe(names.length);
    const [{ sorted }] = await system.db.query(
      `SELECT array_agg(name ORDER BY name, id) AS sorted FROM workforce.employees WHERE agency_id = $1`,
      [b.agencyId],
    );
    expect(seen.map((e) => e.name)).toEqual(sorted);
    expect(seen[0]).toMatchObject({ unitId: unit.id, unitCode: 'U2', unitName: 'Bagian Umum', positionName: 'Analis' });
    expectProblem(await b.admin.get('/api/v1/employees?cursor=bm90LWEtY3Vyc29y'), 400);
  });

  it('the dictionary, positions and programs come by code; the audit log newest first, or oldest with ?order=asc', async () => {
    const codes = (items: any[]) => items.map((i) => i.code);
    const byCode = (list: string[]) => [...list].sort((x, y) => x.localeCompare(y));
    const dictionary = (await ministry.get('/api/v1/competencies?limit=500')).body.items;
    const [{ sorted }] = await system.db.query(`SELECT array_agg(code ORDER BY code, id) AS sorted FROM competency_standards.competencies`);
    expect(codes(dictionary)).toEqual(sorted);
    for (const code of [`Z${run}`, `A${run}`, `M${run}`])
      await ok(ministry.post('/api/v1/positions', { code, name: 'Pengelola', kind: 'PELAKSANA', agencyId: b.agencyId }), 'position');
    const positions = codes((await b.admin.get('/api/v1/positions')).body.items);
    expect(positions).toEqual(byCode(positions));
    for (const code of [`PZ${run}`, `PA${run}`])
      await ok(
        b.admin.post('/api/v1/training-programs', {
          code,
          title: `Pelatihan ${code}`,
          deliveryMode: 'CLASSROOM',
          jp: 10,
          provider: 'BPSDM',
          maxClassSize: 30,
          competencies: [{ competencyCode: 'M.01', targetLevel: 3 }],
        }),
        'program',
      );
    const programs = codes((await b.admin.get(`/api/v1/training-programs?agencyId=${b.agencyId}`)).body.items);
    expect(programs).toEqual([`PA${run}`, `PZ${run}`]);

    const newest = (await ministry.get('/api/v1/audit-log?limit=3')).body;
    const times = newest.items.map((e: any) => Date.parse(e.at));
    expect(times).toEqual([...times].sort((x, y) => y - x));
    const next = (await ministry.get(`/api/v1/audit-log?limit=3&cursor=${newest.nextCursor}`)).body;
    expect(next.items[0].id < newest.items[2].id).toBe(true);
    const oldest = (await ministry.get('/api/v1/audit-log?limit=2&order=asc')).body;
    expect(oldest.items[0].id < oldest.items[1].id).toBe(true);
    expectProblem(await ministry.get('/api/v1/audit-log?order=sideways'), 400);
  });

  describe('with assessments, programs and evaluations', () => {
    let program: any;
    let session: any;
    const evaluators: { employee: { id: string; nip: string }; http: Http; enrolment: any }[] = [];

    beforeAll(async () => {
      await publishStandard(a.admin, a.positionId);
      program = await ok(
        a.admin.post('/api/v1/training-programs', {
          code: `PPL${run}`,
          title: 'Pelatihan Integritas',
          deliveryMode: 'CLASSROOM',
          jp: 20,
          provider: 'BPSDM',
          maxClassSize: 30,
          competencies: [{ competencyCode: 'M.01', targetLevel: 3 }],
        }),
        'program',
      );
      session = await ok(
        a.admin.post(`/api/v1/training-programs/${program.id}/sessions`, {
          startsAt: inDays(-5),
          endsAt: inDays(-4),
          capacity: 30,
          location: 'Jakarta',
          status: 'DONE',
        }),
        'session',
      );
      for (let i = 0; i < 5; i++) {
        const employee = await registerEmployee(a.admin, a, `Peserta ${i}`);
        const http = await userOf('EMPLOYEE', { employeeId: employee.id }, a.admin);
        const enrolment = await ok(
          a.admin.post(`/api/v1/training-sessions/${session.id}/enrollments`, { employeeId: employee.id }),
          'enrol',
        );
        evaluators.push({ employee, http, enrolment });
      }
    });

    it('profile items carry the competency’s name; enrolments the program’s title and the session’s dates', async () => {
      const { employee, http, enrolment } = evaluators[0];
      await completeAssessment(
        a.admin,
        employee.id,
        NATIONAL_CODES.map(() => 2),
      );
      const profile = (await http.get(`/api/v1/employees/${employee.id}/competency-profile`)).body;
      expect(profile.items.find((i: any) => i.competencyCode === 'M.01')).toMatchObject({
        competencyName: 'Integritas',
        type: 'MANAGERIAL',
      });
      expect(profile.items.every((i: any) => typeof i.competencyName === 'string')).toBe(true);
      const expected = {
        programId: program.id,
        programCode: program.code,
        programTitle: 'Pelatihan Integritas',
        sessionStartsAt: session.startsAt,
        sessionEndsAt: session.endsAt,
      };
      expect(enrolment).toMatchObject(expected);
      expect((await http.get(`/api/v1/enrollments/${enrolment.id}`)).body).toMatchObject(expected);
      expect((await http.get('/api/v1/enrollments')).body.items[0]).toMatchObject(expected);
    });

    it('an evaluation summary withholds comments, distributions and means at 4 evaluations and shows them at 5, never who', async () => {
      for (const { enrolment } of evaluators) await ok(a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {}), 'complete', 200);
      const summary = () => a.admin.get(`/api/v1/training-programs/${program.id}/evaluations/summary`);
      for (const [i, { http, enrolment }] of evaluators.slice(0, 4).entries())
        await ok(
          http.post(`/api/v1/enrollments/${enrolment.id}/evaluation`, {
            rating: 5 - (i % 2),
            relevance: 4,
            wouldRecommend: true,
            comment: `Komentar ${i}`,
          }),
          'evaluation',
        );
      const four = await summary();
      expect(four.body).toMatchObject({
        count: 4,
        minimumResponses: 5,
        withheld: true,
        meanRating: null,
        meanRelevance: null,
        ratingDistribution: null,
        relevanceDistribution: null,
        wouldRecommendShare: null,
        comments: [],
      });
      expect(four.text).not.toContain('Komentar');

      const last = evaluators[4];
      await ok(
        last.http.post(`/api/v1/enrollments/${last.enrolment.id}/evaluation`, {
          rating: 3,
          relevance: 3,
          wouldRecommend: false,
          comment: 'Komentar 4',
        }),
        'evaluation',
      );
      const five = await summary();
      expect(five.body).toMatchObject({
        count: 5,
        withheld: false,
        meanRating: 4.2,
        ratingDistribution: { '1': 0, '2': 0, '3': 1, '4': 2, '5': 2 },
        wouldRecommendShare: 0.8,
      });
      expect(five.body.comments.map((c: any) => c.comment)).toEqual([0, 1, 2, 3, 4].map((i) => `Komentar ${i}`));
      for (const c of five.body.comments) expect(Object.keys(c).sort()).toEqual(['comment', 'rating', 'relevance', 'wouldRecommend']);
      for (const { employee, enrolment } of evaluators) {
        expect(five.text).not.toContain(employee.id);
        expect(five.text).not.toContain(enrolment.id);
      }
    });

    it('a stated need is seen by the employee and their agency’s HR, with name and NIP, and by nobody else', async () => {
      const [{ employee, http }, { http: colleague }] = evaluators;
      const need = await ok(http.post('/api/v1/training-needs', { competencyCode: 'M.03', priority: 'HIGH', reason: 'Rapat' }), 'need');
      const expected = { id: need.id, employeeId: employee.id, employeeName: 'Peserta 0', employeeNip: employee.nip };
      expect((await http.get(`/api/v1/training-needs/${need.id}`)).body).toMatchObject(expected);
      expect((await a.admin.get('/api/v1/training-needs?competencyCode=M.03')).body.items).toEqual([expect.objectContaining(expected)]);
      expectProblem(await colleague.get(`/api/v1/training-needs/${need.id}`), 404);
      expect((await colleague.get('/api/v1/training-needs')).body.items.map((n: any) => n.id)).not.toContain(need.id);
      expectProblem(await b.admin.get(`/api/v1/training-needs/${need.id}`), 404);
      const assessor = await userOf('ASSESSOR', { assessorAgencyIds: [a.agencyId] });
      expect((await assessor.get('/api/v1/training-needs')).body.items ?? []).toEqual([]);
    });

    it('reports: a browser-style ?format=csv download named by agency and date; cells and national rows carry names', async () => {
      const agency = (await a.admin.get(`/api/v1/agencies/${a.agencyId}`)).body;
      const download = await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/gap-heatmap?format=csv`);
      expect(download.status).toBe(200);
      expect(download.headers.get('content-type')).toMatch(/^text\/csv/);
      const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
      expect(attachmentName(download)).toBe(`${agency.code}_peta-kesenjangan_${today}.csv`);
      expect(download.text.split('\r\n')[0]).toContain('competencyName');
      const year = new Date().getFullYear();
      const akpk = await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/development-needs?format=csv&year=${year}`);
      expect(attachmentName(akpk)).toBe(`${agency.code}_akpk_${year}_${today}.csv`);
      expect(akpk.text.split('\r\n')[0]).toContain('meanShortfall');
      const json = await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/gap-heatmap?format=json`);
      expect(json.headers.get('content-disposition')).toBeNull();
      expectProblem(await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/jpm-distribution?format=pdf`), 400);

      const heatmap = await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/gap-heatmap`);
      const cell = await (async () => {
        for (let i = 0; i < 100; i++) {
          const got = (await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/gap-heatmap`)).body.items.find(
            (c: any) => c.competencyCode === 'M.01',
          );
          if (got) return got;
          await new Promise((r) => setTimeout(r, 100));
        }
        return heatmap.body.items[0];
      })();
      expect(cell).toMatchObject({ unitCode: 'U1', unitName: 'Unit 1', competencyCode: 'M.01', competencyName: 'Integritas' });
      const national = (await ministry.get('/api/v1/reports/national/jp-compliance')).body;
      expect(national.items.find((r: any) => r.agencyId === a.agencyId)).toMatchObject({
        agencyCode: agency.code,
        agencyName: agency.name,
      });
      const nationalCsv = await ministry.get('/api/v1/reports/national/jpm-distribution?format=csv');
      expect(attachmentName(nationalCsv)).toBe(`nasional_sebaran-jpm_${today}.csv`);
    });
  });
});
