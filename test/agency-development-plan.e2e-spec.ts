import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { completeAssessment, publishStandard, registerEmployee, setUpAgency, unique } from './support/fixtures';
import type { AgencySetup } from './support/fixtures';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem } from './support/system';
import { expectProblem } from './support/workforce';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/**
 * The agency development plan over HTTP with a worker running: drafted from
 * the AKPK, edited (a stale version is 409), submitted, approved by the
 * ministry (its sessions appear, PROPOSED or SCHEDULED, hosted by the agency),
 * immutable afterwards (422), revised into a new draft with the approved
 * version still readable; scoped to the agency; as CSV and as a workbook.
 */
describe('Development: the agency development plan', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  /** National, develops M.04; two seats a class, so the AKPK's three employees need two sessions. */
  let national: any;
  /** Agency a's own, develops M.01. */
  let own: any;
  /** Agency b's own: not open to agency a. */
  let foreign: any;
  let plan: any;

  async function created(answer: Promise<Answer>, what: string, status = 201): Promise<any> {
    const a = await answer;
    if (a.status !== status) throw new Error(`${what}: ${a.status} ${a.text}`);
    return a.body;
  }

  const program = (http: Http, competencyCode: string, body: Record<string, unknown> = {}) =>
    created(
      http.post('/api/v1/training-programs', {
        code: unique('ADP'),
        title: `Pelatihan ${competencyCode}`,
        deliveryMode: 'CLASSROOM',
        jp: 24,
        provider: 'LAN',
        maxClassSize: 30,
        competencies: [{ competencyCode, targetLevel: 3 }],
        ...body,
      }),
      'program',
    );

  const planPath = () => `/api/v1/development-plans/${plan.id}`;

  async function raw(http: Http, path: string, accept?: string): Promise<{ status: number; type: string; bytes: Buffer }> {
    const headers: Record<string, string> = { authorization: `Bearer ${http.token}` };
    if (accept) headers.accept = accept;
    const response = await fetch(system.url + path, { headers });
    return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
  }

  /** The worksheet of a workbook, read back with Python's zipfile (the XML checked well-formed). */
  function sheetOf(book: Buffer): string {
    const dir = mkdtempSync(join(tmpdir(), 'plan-'));
    try {
      const file = join(dir, 'plan.xlsx');
      writeFileSync(file, book);
      const script = [
        'import sys, zipfile, xml.dom.minidom',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'for n in z.namelist(): xml.dom.minidom.parseString(z.read(n))',
        'sys.stdout.write(z.read("xl/worksheets/sheet1.xml").decode("utf-8"))',
      ].join('\n');
      return execFileSync('python3', ['-c', script, file]).toString('utf8');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    await publishStandard(a.admin, a.positionId);
    national = await program(ministry, 'M.04', { maxClassSize: 2 });
    // The AKPK offers every active national program for M.04: earlier test files (one at a time) leave theirs, so they
    // are retired here and this file's catalogue is the one it states.
    await system.db.query(
      `UPDATE development.programs SET active = false
        WHERE agency_id IS NULL AND id <> $1 AND id IN (SELECT program_id FROM development.program_competencies WHERE competency_code = 'M.04')`,
      [national.id],
    );
    own = await program(a.admin, 'M.01');
    foreign = await program(b.admin, 'M.01');
    // Three employees one level short of the standard in M.04 (3): the AKPK's need.
    for (let i = 0; i < 3; i++) {
      const employee = await registerEmployee(a.admin, a, `Pegawai ${i}`);
      await completeAssessment(a.admin, employee.id, [3, 3, 3, 2, 3, 3, 3, 3, 3]);
    }
  });
  afterAll(() => system.close());

  it('drafts the plan from the AKPK: one item per need with a program, its participants and classes; one plan per agency and year', async () => {
    await eventually(async () => {
      const akpk = await a.admin.get(`/api/v1/reports/agencies/${a.agencyId}/development-needs?year=2027`);
      return akpk.body?.items?.some((n: any) => n.competencyCode === 'M.04' && n.employeesWithGap === 3);
    }, 30_000);
    // Another agency's admin is not told the agency's plans exist.
    expectProblem(await b.admin.post(`/api/v1/agencies/${a.agencyId}/development-plans?year=2027`), 404, { validation: false });
    expectProblem(await a.admin.post(`/api/v1/agencies/${a.agencyId}/development-plans?year=1999`), 400, { fields: ['year'] });

    plan = await created(a.admin.post(`/api/v1/agencies/${a.agencyId}/development-plans?year=2027`), 'draft');
    expect(plan).toMatchObject({ agencyId: a.agencyId, year: 2027, status: 'DRAFT', version: 1, revision: 1, approvedVersions: [] });
    expect(plan.items).toHaveLength(1);
    expect(plan.items[0]).toMatchObject({
      competencyCode: 'M.04',
      competencyType: 'MANAGERIAL',
      programId: national.id,
      programCode: national.code,
      provider: 'LAN',
      deliveryMode: 'CLASSROOM',
      kind: 'TRAINING',
      route: 'CLASSROOM',
      targetCount: 3,
      sessionCount: 2,
      budget: 0,
      plannedStart: null,
      origin: 'AKPK',
      sessionIds: [],
    });
    expect(plan.totals).toEqual({
      items: 1,
      participants: 3,
      sessions: 2,
      budget: 0,
      budgetByType: { TECHNICAL: 0, MANAGERIAL: 0, SOCIOCULTURAL: 0 },
    });

    expectProblem(await a.admin.post(`/api/v1/agencies/${a.agencyId}/development-plans?year=2027`), 409, { validation: false });
    const list = await a.admin.get(`/api/v1/agencies/${a.agencyId}/development-plans?year=2027`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((p: any) => [p.id, p.status, p.totals.sessions])).toEqual([[plan.id, 'DRAFT', 2]]);
    expectProblem(await b.admin.get(planPath()), 404, { validation: false });
    expectProblem(await b.admin.get(`/api/v1/agencies/${a.agencyId}/development-plans`), 404, { validation: false });
  });

  it('edits the draft: items added, changed and removed with the plan’s version; a stale version is 409; bad input 400', async () => {
    let answer = await a.admin.post(`${planPath()}/items`, {
      version: 1,
      competencyCode: 'SK.01',
      title: 'Coaching Perekat Bangsa',
      deliveryMode: 'COACHING',
      provider: 'Biro SDM',
      targetCount: 10,
      targetGroup: 'Pengawas',
      budget: 25_000_000,
    });
    expect(answer.status).toBe(201);
    plan = answer.body;
    expect(plan.version).toBe(2);
    expect(plan.items[1]).toMatchObject({
      competencyType: 'SOCIOCULTURAL',
      kind: 'TRAINING',
      route: 'NON_CLASSROOM',
      programId: null,
      sessionCount: 0,
      origin: 'MANUAL',
    });
    expectProblem(
      await a.admin.post(`${planPath()}/items`, {
        version: 1,
        competencyCode: 'M.02',
        title: 'x',
        deliveryMode: 'MENTORING',
        provider: 'y',
        targetCount: 1,
      }),
      409,
      {
        validation: false,
      },
    );

    const akpkItem = plan.items[0].id;
    answer = await a.admin.patch(`${planPath()}/items/${akpkItem}`, {
      version: 2,
      plannedStart: '2027-03-01',
      plannedEnd: '2027-03-03',
      budget: 60_000_000,
    });
    expect(answer.status).toBe(200);
    plan = answer.body;
    expect(plan.items[0]).toMatchObject({
      plannedStart: '2027-03-01',
      plannedEnd: '2027-03-03',
      budget: 60_000_000,
      programId: national.id,
    });

    // Bad input, each refused with the field named and nothing changed.
    expectProblem(await a.admin.patch(`${planPath()}/items/${akpkItem}`, { version: 3, budget: 1.5 }), 400, { fields: ['budget'] });
    expectProblem(await a.admin.patch(`${planPath()}/items/${akpkItem}`, { version: 3, plannedStart: '2026-12-30' }), 400, {
      fields: ['plannedStart'],
    });
    expectProblem(await a.admin.patch(`${planPath()}/items/${akpkItem}`, { version: 3, colour: 'red' }), 400);
    expectProblem(
      await a.admin.post(`${planPath()}/items`, { version: 3, competencyCode: 'M.01', programId: foreign.id, targetCount: 5 }),
      400,
      {
        fields: ['programId'],
      },
    );
    expectProblem(
      await a.admin.post(`${planPath()}/items`, { version: 3, competencyCode: 'M.02', programId: own.id, targetCount: 5 }),
      422,
      {
        validation: false,
      },
    );
    expectProblem(
      await a.admin.post(`${planPath()}/items`, {
        version: 3,
        competencyCode: 'NOPE.1',
        title: 'x',
        deliveryMode: 'MENTORING',
        provider: 'y',
        targetCount: 1,
      }),
      400,
      {
        fields: ['competencyCode'],
      },
    );

    const stranger = await registerEmployee(b.admin, b, 'Pegawai lain');
    expectProblem(
      await a.admin.post(`${planPath()}/items`, {
        version: 3,
        competencyCode: 'M.01',
        programId: own.id,
        targetEmployeeIds: [stranger.id],
      }),
      400,
      { fields: ['targetEmployeeIds'] },
    );
    // A target unit must be one of the agency's.
    expectProblem(
      await a.admin.post(`${planPath()}/items`, {
        version: 3,
        competencyCode: 'M.01',
        programId: own.id,
        targetCount: 5,
        targetUnitId: b.unitId,
      }),
      400,
      { fields: ['targetUnitId'] },
    );
    expectProblem(await a.admin.patch(`${planPath()}/items/${randomUUID()}`, { version: 3, budget: 1 }), 404, { validation: false });

    // An item of the agency's own program with a place: its session will be SCHEDULED.
    answer = await a.admin.post(`${planPath()}/items`, {
      version: 3,
      competencyCode: 'M.01',
      programId: own.id,
      targetCount: 5,
      plannedStart: '2027-05-10',
      plannedEnd: '2027-05-12',
      location: 'Bandung',
      budget: 40_000_000,
    });
    expect(answer.status).toBe(201);
    plan = answer.body;
    expect(plan.items[2]).toMatchObject({ title: own.title, provider: 'LAN', sessionCount: 1, location: 'Bandung' });

    // Added and removed again.
    answer = await a.admin.post(`${planPath()}/items`, {
      version: 4,
      competencyCode: 'M.06',
      title: 'Tugas belajar S2 Administrasi Publik',
      deliveryMode: 'DEGREE',
      provider: 'Universitas Indonesia',
      targetCount: 1,
      budget: 150_000_000,
    });
    expect(answer.body.items[3]).toMatchObject({ kind: 'EDUCATION', route: null });
    expectProblem(await a.admin.request('DELETE', `${planPath()}/items/${answer.body.items[3].id}?version=4`), 409, { validation: false });
    answer = await a.admin.request('DELETE', `${planPath()}/items/${answer.body.items[3].id}?version=5`);
    expect(answer.status).toBe(200);
    plan = answer.body;
    expect(plan).toMatchObject({ version: 6, status: 'DRAFT' });
    expect(plan.totals).toEqual({
      items: 3,
      participants: 18,
      sessions: 3,
      budget: 125_000_000,
      budgetByType: { TECHNICAL: 0, MANAGERIAL: 100_000_000, SOCIOCULTURAL: 25_000_000 },
    });
  });

  it('is submitted by the agency and approved by the ministry only; approval creates its sessions, hosted by the agency', async () => {
    // A draft is not approved before it is submitted.
    expectProblem(await ministry.post(`${planPath()}/approve`, { version: 6 }), 422, { validation: false });
    let answer = await a.admin.post(`${planPath()}/submit`, { version: 6 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status: 'SUBMITTED', version: 7 });
    expectProblem(await a.admin.patch(`${planPath()}/items/${plan.items[0].id}`, { version: 7, budget: 1 }), 422, { validation: false });
    expectProblem(await a.admin.post(`${planPath()}/approve`, { version: 7 }), 403, { validation: false });
    expectProblem(await ministry.post(`${planPath()}/approve`, { version: 6 }), 409, { validation: false });

    answer = await ministry.post(`${planPath()}/approve`, { version: 7 });
    expect(answer.status).toBe(200);
    plan = answer.body;
    expect(plan).toMatchObject({ status: 'APPROVED', version: 8, revision: 1, approvedBy: ADMIN.email });
    expect(plan.approvedVersions).toEqual([expect.objectContaining({ version: 8, revision: 1 })]);
    expect(plan.createdSessionIds).toHaveLength(3);

    const sessions = await Promise.all(
      plan.createdSessionIds.map(async (id: string) => (await a.admin.get(`/api/v1/training-sessions/${id}`)).body),
    );
    const ofNational = sessions.filter((s: any) => s.programId === national.id);
    expect(ofNational).toHaveLength(2);
    for (const s of ofNational) {
      expect(s).toMatchObject({
        status: 'PROPOSED',
        hostAgencyId: a.agencyId,
        capacity: 2,
        location: 'To be confirmed',
        startsAt: '2027-03-01T02:00:00.000Z',
        endsAt: '2027-03-03T10:00:00.000Z',
      });
    }
    expect(sessions.find((s: any) => s.programId === own.id)).toMatchObject({
      status: 'SCHEDULED',
      hostAgencyId: a.agencyId,
      capacity: 5,
      location: 'Bandung',
    });
    expect(plan.items[0].sessionIds.sort()).toEqual(ofNational.map((s: any) => s.id).sort());
    // The agency's admin manages the sessions (confirming a proposed one), as any session the agency hosts.
    expect((await a.admin.post(`/api/v1/training-sessions/${ofNational[0].id}/confirm`, { version: 1 })).body).toMatchObject({
      status: 'SCHEDULED',
    });

    const audit = await system.db.query(
      `SELECT action, count(*)::int AS n FROM audit.audit_log
        WHERE (entity_type = 'AgencyDevelopmentPlan' AND entity_id = $1) OR (entity_type = 'TrainingSession' AND entity_id = ANY($2::text[]) AND action = 'training-session.create')
        GROUP BY action ORDER BY action`,
      [plan.id, plan.createdSessionIds],
    );
    expect(audit).toEqual(
      expect.arrayContaining([
        { action: 'agency-development-plan.approve', n: 1 },
        { action: 'agency-development-plan.draft', n: 1 },
        { action: 'agency-development-plan.submit', n: 1 },
        { action: 'training-session.create', n: 3 },
      ]),
    );
  });

  it('refuses any edit once approved (422); a revision is a new draft, the approved version stays readable, and adds only missing sessions', async () => {
    const itemId = plan.items[0].id;
    expectProblem(await a.admin.patch(`${planPath()}/items/${itemId}`, { version: 8, budget: 1 }), 422, { validation: false });
    expectProblem(
      await a.admin.post(`${planPath()}/items`, {
        version: 8,
        competencyCode: 'M.02',
        title: 'x',
        deliveryMode: 'MENTORING',
        provider: 'y',
        targetCount: 1,
      }),
      422,
      {
        validation: false,
      },
    );
    expectProblem(await a.admin.request('DELETE', `${planPath()}/items/${itemId}?version=8`), 422, { validation: false });
    expectProblem(await a.admin.patch(planPath(), { version: 8, notes: 'x' }), 422, { validation: false });
    expectProblem(await a.admin.post(`${planPath()}/submit`, { version: 8 }), 422, { validation: false });

    let answer = await a.admin.post(`${planPath()}/revise`, { version: 8 });
    expect(answer.body).toMatchObject({ status: 'DRAFT', version: 9, revision: 2 });
    answer = await a.admin.patch(`${planPath()}/items/${itemId}`, { version: 9, budget: 75_000_000, sessionCount: 3, targetCount: 5 });
    expect(answer.status).toBe(200);
    expect((await a.admin.post(`${planPath()}/submit`, { version: 10 })).status).toBe(200);
    answer = await ministry.post(`${planPath()}/approve`, { version: 11 });
    expect(answer.body).toMatchObject({ status: 'APPROVED', version: 12, revision: 2 });
    // One more class of the national program: only it is created.
    expect(answer.body.createdSessionIds).toHaveLength(1);
    expect(answer.body.items[0].sessionIds).toHaveLength(3);
    plan = answer.body;

    const first = await a.admin.get(`${planPath()}?version=8`);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'APPROVED', version: 8, revision: 1 });
    expect(first.body.items[0]).toMatchObject({ budget: 60_000_000, sessionCount: 2 });
    expect((await a.admin.get(planPath())).body.items[0]).toMatchObject({ budget: 75_000_000, sessionCount: 3 });
    expect((await a.admin.get(planPath())).body.approvedVersions.map((v: any) => v.version)).toEqual([8, 12]);
    expectProblem(await a.admin.get(`${planPath()}?version=9`), 404, { validation: false });
    // The kept version cannot be rewritten, even by SQL.
    await expect(system.db.query(`UPDATE development.agency_plan_versions SET revision = 7 WHERE plan_id = $1`, [plan.id])).rejects.toThrow(
      /immutable/,
    );
  });

  it('answers CSV on Accept: text/csv and an .xlsx workbook a finance office can open', async () => {
    const csv = await raw(a.admin, planPath(), 'text/csv');
    expect(csv.status).toBe(200);
    expect(csv.type).toMatch(/^text\/csv/);
    const lines = csv.bytes.toString('utf8').trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'no,competencyCode,competencyName,competencyType,title,kind,route,deliveryMode,programCode,provider,targetCount,targetGroup,plannedStart,plannedEnd,sessionCount,budget,origin,note',
    );
    expect(lines).toHaveLength(4);
    expect(lines[1]).toContain(`,M.04,`);
    expect(lines[1]).toContain(`,2027-03-01,2027-03-03,3,75000000,AKPK,`);

    for (const [path, accept] of [
      [`${planPath()}.xlsx`, undefined],
      [planPath(), XLSX],
    ] as const) {
      const book = await raw(a.admin, path, accept);
      expect(book.status).toBe(200);
      expect(book.type).toBe(XLSX);
      expect(book.bytes.subarray(0, 2).toString()).toBe('PK');
      const sheet = sheetOf(book.bytes);
      expect(sheet).toContain('<t>M.04</t>');
      expect(sheet).toContain('<v>75000000</v>');
      expect(sheet).toContain('<t>TOTAL</t>');
      expect(sheet).toContain('<v>140000000</v>');
    }
    // An earlier approved version, as a workbook; another agency's admin gets nothing.
    expect(sheetOf((await raw(a.admin, `${planPath()}.xlsx?version=8`)).bytes)).toContain('<v>125000000</v>');
    expect((await raw(b.admin, `${planPath()}.xlsx`)).status).toBe(404);
    expect((await raw(ministry, planPath(), 'text/csv')).status).toBe(200);
  });

  it('documents the endpoints in the OpenAPI document', async () => {
    const doc = (await new Http(system.url).get('/docs-json')).body;
    const paths = Object.keys(doc.paths).filter((p) => p.includes('development-plans'));
    expect(paths).toEqual(
      expect.arrayContaining([
        '/api/v1/agencies/{id}/development-plans',
        '/api/v1/development-plans/{planId}',
        '/api/v1/development-plans/{planId}.xlsx',
        '/api/v1/development-plans/{planId}/items',
        '/api/v1/development-plans/{planId}/items/{itemId}',
        '/api/v1/development-plans/{planId}/approve',
      ]),
    );
    expect(Object.keys(doc.paths['/api/v1/development-plans/{planId}/items/{itemId}'])).toEqual(
      expect.arrayContaining(['patch', 'delete']),
    );
  });
});
