import { ReadModelStore } from '@kompeten/reporting';
import {
  AgencySetup,
  completeAssessment,
  NATIONAL_CODES,
  publishStandard,
  registerEmployee,
  setUpAgency,
  unique,
} from './support/fixtures';
import { ADMIN, eventually, Http, RunningSystem, startSystem } from './support/system';
import { expectProblem } from './support/workforce';

/**
 * Reports over HTTP with a worker running, checked against a hand computation.
 *
 * Agency A: units U1 (root) ⊃ UA ⊃ UA1, and U1 ⊃ UB. Position P1 (ADMINISTRATOR) requires 3 in the nine national
 * competencies and in TK (agency A's technical competency); P2 (PELAKSANA) requires 2 in the nine national ones.
 *
 *   employee  unit  position  levels M.01 … M.08, SK.01 | TK    gaps below (or above) the standard     JPM (category)
 *   e1        UA    P1        2 3 4 3 3 3 3 3 3 | 1            M.01 −1, M.03 +1, TK −2               28/30 = 93.33 (OPTIMAL)
 *   e2        UA    P1        1 3 3 2 3 3 3 3 3 | 2            M.01 −2, M.04 −1, TK −1               26/30 = 86.67 (CUKUP_OPTIMAL)
 *   e3        UB    P2        2 2 2 2 2 2 2 2 1              SK.01 −1                              17/18 = 94.44 (OPTIMAL)
 *   e4        UB    P1        3 3 3 3 3 3 3 3 3 | 3            none                                  30/30 = 100 (OPTIMAL)
 *   e5        UA1   P1        not assessed                                                          none (category null)
 *
 * JP this year: e1 20, e2 8, e3 0, e4 12 + 13 = 25, e5 0; last year: e2 30.
 */
describe('Reports: gap heatmap, AKPK, JP compliance, JPM distribution', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  let units: Record<'U1' | 'UA' | 'UA1' | 'UB', string>;
  let tk: string;
  let p2: string;
  const e: Record<string, string> = {};
  const programs: Record<string, any> = {};

  const year = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
  const report = (http: Http, path: string) => http.get(`/api/v1/reports/${path}`);

  async function created(answer: Promise<{ status: number; body: any; text: string }>, what: string, status = 201): Promise<any> {
    const got = await answer;
    if (got.status !== status) throw new Error(`${what}: ${got.status} ${got.text}`);
    return got.body;
  }

  async function assess(employeeId: string, levels: number[], tkLevel?: number): Promise<void> {
    await completeAssessment(a.admin, employeeId, levels, {
      technical: tkLevel === undefined ? [] : [{ competencyCode: tk, level: tkLevel }],
    });
  }

  const record = (employeeId: string, jp: number, inYear = year) =>
    created(
      a.admin.post(`/api/v1/employees/${employeeId}/development-records`, {
        kind: 'E_LEARNING',
        name: 'ASN Belajar',
        provider: 'LAN',
        jp,
        startDate: `${inYear}-01-10`,
        endDate: `${inYear}-01-12`,
      }),
      'record',
    );

  const program = (http: Http, body: Record<string, unknown>) =>
    created(
      http.post('/api/v1/training-programs', {
        code: unique('RPT'),
        title: 'Pelatihan',
        deliveryMode: 'CLASSROOM',
        provider: 'LAN',
        international: false,
        maxClassSize: 30,
        ...body,
      }),
      'program',
    );

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    const unit = (code: string, parentId: string) =>
      created(a.admin.post(`/api/v1/agencies/${a.agencyId}/units`, { code, name: `Bidang ${code}`, parentId }), 'unit').then(
        (u) => u.id as string,
      );
    const ua = await unit('UA', a.unitId);
    units = { U1: a.unitId, UA: ua, UA1: await unit('UA1', ua), UB: await unit('UB', a.unitId) };

    tk = unique('TK');
    await created(
      a.admin.post('/api/v1/competencies', {
        code: tk,
        name: 'Pengelolaan Anggaran',
        type: 'TECHNICAL',
        definition: 'Kemampuan mengelola anggaran unit kerja.',
        levels: [1, 2, 3, 4, 5].map((level) => ({
          level,
          description: `Level ${level}`,
          indicators: [{ number: `${level}.1`, text: `Indikator ${level}.1` }],
        })),
      }),
      'technical competency',
    );
    await publishStandard(a.admin, a.positionId, undefined, [{ competencyCode: tk, requiredLevel: 3 }]);
    p2 = (
      await created(
        a.admin.post('/api/v1/positions', { code: unique('POS'), name: 'Pengadministrasi', kind: 'PELAKSANA', agencyId: a.agencyId }),
        'position',
      )
    ).id;
    await publishStandard(
      a.admin,
      p2,
      NATIONAL_CODES.map(() => 2),
    );

    const hire = async (name: string, unitId: string, positionId: string) =>
      (e[name] = (await registerEmployee(a.admin, { agencyId: a.agencyId, unitId, positionId }, name)).id);
    await hire('e1', units.UA, a.positionId);
    await hire('e2', units.UA, a.positionId);
    await hire('e3', units.UB, p2);
    await hire('e4', units.UB, a.positionId);
    await hire('e5', units.UA1, a.positionId);
    // Agency B: one assessed employee with a gap, which agency A's reports must never count.
    await publishStandard(b.admin, b.positionId);
    const other = await registerEmployee(b.admin, b);
    const bAssessment = await created(
      b.admin.post('/api/v1/assessments', {
        employeeId: other.id,
        purpose: 'MAPPING',
        method: 'ASSESSMENT_CENTER',
        providerName: 'UPT',
        providerAccredited: true,
        assessorName: 'Asesor',
        assessedAt: new Date().toISOString().slice(0, 10),
      }),
      'assessment B',
    );
    const bResults = await created(
      b.admin.put(`/api/v1/assessments/${bAssessment.id}/results`, {
        version: bAssessment.version,
        items: NATIONAL_CODES.map((competencyCode) => ({ competencyCode, level: 1, evidence: 'x' })),
      }),
      'results B',
      200,
    );
    await created(b.admin.post(`/api/v1/assessments/${bAssessment.id}/complete`, { version: bResults.version }), 'complete B', 200);

    await assess(e.e1, [2, 3, 4, 3, 3, 3, 3, 3, 3], 1);
    await assess(e.e2, [1, 3, 3, 2, 3, 3, 3, 3, 3], 2);
    await assess(e.e3, [2, 2, 2, 2, 2, 2, 2, 2, 1]);
    await assess(e.e4, [3, 3, 3, 3, 3, 3, 3, 3, 3], 3);

    await record(e.e1, 20);
    await record(e.e2, 8);
    await record(e.e4, 12);
    await record(e.e4, 13);
    await record(e.e2, 30, year - 1);

    // The catalogue for TK (agency A's own programs) and M.01.
    programs.tkClassroom = await program(a.admin, { jp: 16, international: true, competencies: [{ competencyCode: tk, targetLevel: 3 }] }); // credits 19.2
    programs.tkWorkshop = await program(a.admin, {
      deliveryMode: 'WORKSHOP',
      days: 2,
      competencies: [{ competencyCode: tk, targetLevel: 4 }],
    }); // credits 10
    programs.tkInactive = await program(a.admin, { jp: 10, competencies: [{ competencyCode: tk, targetLevel: 5 }] });
    await created(
      a.admin.post(`/api/v1/training-programs/${programs.tkInactive.id}/deactivate`, { version: programs.tkInactive.version }),
      'deactivate',
      200,
    );
    programs.national = await program(ministry, { jp: 20, competencies: [{ competencyCode: 'M.01', targetLevel: 4 }] });
    programs.ofB = await program(b.admin, { jp: 20, competencies: [{ competencyCode: 'M.01', targetLevel: 4 }] });

    // Stated needs (Feedback): e3 and e4 need M.04.
    for (const employeeId of [e.e3, e.e4]) {
      await created(a.admin.post('/api/v1/training-needs', { employeeId, competencyCode: 'M.04', priority: 'MEDIUM' }), 'training need');
    }

    // The read models follow the events: wait until the last facts arrived.
    await eventually(
      async () => {
        const heatmap = await report(ministry, `agencies/${a.agencyId}/gap-heatmap`);
        const compliance = await report(ministry, `agencies/${a.agencyId}/jp-compliance?year=${year}`);
        const jpm = await report(ministry, `agencies/${a.agencyId}/jpm-distribution`);
        const root = (code: string) => heatmap.body.items?.find((i: any) => i.unitId === units.U1 && i.competencyCode === code);
        const placed = jpm.body.items?.reduce((n: number, i: any) => n + i.employees, 0);
        return (
          root('M.01')?.employeesAssessed === 4 &&
          root(tk)?.employeesAssessed === 3 &&
          compliance.body.items?.[0]?.reaching === 2 &&
          placed === 5
        );
      },
      30_000,
      250,
    );
  });
  afterAll(() => system.close());

  it('the gap heatmap: per unit (rolled up the tree) and competency, as computed by hand', async () => {
    const answer = await report(a.admin, `agencies/${a.agencyId}/gap-heatmap`);
    expect(answer.status).toBe(200);
    const zero = (n: number) => [n, 0, 0];
    // [employeesAssessed, meanGap, shareBelowStandard]
    const expected: Record<string, Record<string, number[]>> = {
      [units.U1]: {
        'M.01': [4, -0.75, 0.5],
        'M.02': zero(4),
        'M.03': [4, 0.25, 0],
        'M.04': [4, -0.25, 0.25],
        'M.05': zero(4),
        'M.06': zero(4),
        'M.07': zero(4),
        'M.08': zero(4),
        'SK.01': [4, -0.25, 0.25],
        [tk]: [3, -1, 0.6667],
      },
      [units.UA]: {
        'M.01': [2, -1.5, 1],
        'M.02': zero(2),
        'M.03': [2, 0.5, 0],
        'M.04': [2, -0.5, 0.5],
        'M.05': zero(2),
        'M.06': zero(2),
        'M.07': zero(2),
        'M.08': zero(2),
        'SK.01': zero(2),
        [tk]: [2, -1.5, 1],
      },
      [units.UB]: {
        'M.01': zero(2),
        'M.02': zero(2),
        'M.03': zero(2),
        'M.04': zero(2),
        'M.05': zero(2),
        'M.06': zero(2),
        'M.07': zero(2),
        'M.08': zero(2),
        'SK.01': [2, -0.5, 0.5],
        [tk]: zero(1),
      },
    };
    const got: Record<string, Record<string, number[]>> = {};
    for (const i of answer.body.items) (got[i.unitId] ??= {})[i.competencyCode] = [i.employeesAssessed, i.meanGap, i.shareBelowStandard];
    expect(got).toEqual(expected); // UA1 has nobody assessed: no rows
    // Tree order: U1, UA (UA1 has no rows), UB; each row names its unit and its place in the tree.
    expect([...new Set(answer.body.items.map((i: any) => i.unitCode))]).toEqual(['U1', 'UA', 'UB']);
    expect(answer.body.items.find((i: any) => i.unitId === units.UA)).toMatchObject({ unitName: 'Bidang UA', parentId: units.U1 });
    expect(answer.body.items.find((i: any) => i.competencyCode === tk).competencyType).toBe('TECHNICAL');
  });

  it('filters the heatmap by position kind and competency type', async () => {
    const pelaksana = await report(a.admin, `agencies/${a.agencyId}/gap-heatmap?positionKind=PELAKSANA&competencyType=SOCIOCULTURAL`);
    expect(pelaksana.status).toBe(200);
    expect(
      pelaksana.body.items.map((i: any) => [i.unitCode, i.competencyCode, i.employeesAssessed, i.meanGap, i.shareBelowStandard]),
    ).toEqual([
      ['U1', 'SK.01', 1, -1, 1],
      ['UB', 'SK.01', 1, -1, 1],
    ]);
    const technical = await report(a.admin, `agencies/${a.agencyId}/gap-heatmap?competencyType=TECHNICAL`);
    expect(technical.body.items.map((i: any) => [i.unitCode, i.employeesAssessed, i.meanGap])).toEqual([
      ['U1', 3, -1],
      ['UA', 2, -1.5],
      ['UB', 1, 0],
    ]);
    expectProblem(await report(a.admin, `agencies/${a.agencyId}/gap-heatmap?positionKind=KEPALA`), 400, { fields: ['positionKind'] });
  });

  it('the AKPK: competencies ranked by employees with a gap, stated needs, the programs that close them, JP and participants', async () => {
    const answer = await report(a.admin, `agencies/${a.agencyId}/development-needs?year=${year}`);
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ agencyId: a.agencyId, year, performanceGaps: null });
    expect(answer.body.notes.join(' ')).toMatch(/SKP/);
    const rows = answer.body.items.map((i: any) => [
      i.competencyCode,
      i.employeesWithGap,
      i.meanShortfall,
      i.statedNeeds,
      i.estimatedParticipants,
    ]);
    // M.01 and TK: 2 employees, mean −1.5 (by code); M.04: 1 employee (−1) and 2 stated needs before SK.01: 1 (−1), none stated.
    expect(rows).toEqual([
      ['M.01', 2, -1.5, 0, 2],
      [tk, 2, -1.5, 0, 2],
      ['M.04', 1, -1, 2, 2],
      ['SK.01', 1, -1, 0, 1],
    ]);
    const tkRow = answer.body.items[1];
    expect(tkRow).toMatchObject({ competencyName: 'Pengelolaan Anggaran', competencyType: 'TECHNICAL' });
    // Active programs only, the higher target level first (no measured effectiveness yet); JP = 2 participants × 10.
    expect(tkRow.programs.map((p: any) => [p.programCode, p.creditJp, p.targetLevel])).toEqual([
      [programs.tkWorkshop.code, 10, 4],
      [programs.tkClassroom.code, 19.2, 3],
    ]);
    expect(tkRow.programs[0]).toMatchObject({ programId: programs.tkWorkshop.id, title: 'Pelatihan' });
    expect(tkRow.jpNeeded).toBe(20);
    // M.01: the national program is open to A, agency B's is not.
    const m01 = answer.body.items[0].programs.map((p: any) => p.programCode);
    expect(m01).toContain(programs.national.code);
    expect(m01).not.toContain(programs.ofB.code);
    expect(answer.body.items[2].programs.every((p: any) => p.programCode !== programs.tkInactive.code)).toBe(true);
  });

  it('JP compliance per unit (rolled up), for the year asked', async () => {
    const figures = async (y: number) => {
      const answer = await report(a.admin, `agencies/${a.agencyId}/jp-compliance?year=${y}`);
      expect(answer.status).toBe(200);
      expect(answer.body).toMatchObject({ year: y, requiredJp: 20 });
      return answer.body.items.map((i: any) => [i.unitCode, i.employees, i.reaching, i.notReaching, i.shortfallJp, i.rate]);
    };
    // This year: UA1 e5 (0); UA e1 (20), e2 (8), e5; UB e3 (0), e4 (25); U1 all five.
    expect(await figures(year)).toEqual([
      ['U1', 5, 2, 3, 52, 0.4],
      ['UA', 3, 1, 2, 32, 0.3333],
      ['UA1', 1, 0, 1, 20, 0],
      ['UB', 2, 1, 1, 20, 0.5],
    ]);
    // Last year only e2 had 30 JP.
    expect(await figures(year - 1)).toEqual([
      ['U1', 5, 1, 4, 80, 0.2],
      ['UA', 3, 1, 2, 40, 0.3333],
      ['UA1', 1, 0, 1, 20, 0],
      ['UB', 2, 0, 2, 40, 0],
    ]);
  });

  it('the JPM distribution: employees per position kind and category', async () => {
    const answer = await report(a.admin, `agencies/${a.agencyId}/jpm-distribution`);
    expect(answer.status).toBe(200);
    expect(answer.body.items).toEqual([
      { positionKind: 'ADMINISTRATOR', category: 'CUKUP_OPTIMAL', employees: 1 },
      { positionKind: 'ADMINISTRATOR', category: 'OPTIMAL', employees: 2 },
      { positionKind: 'ADMINISTRATOR', category: null, employees: 1 },
      { positionKind: 'PELAKSANA', category: 'OPTIMAL', employees: 1 },
    ]);
  });

  it('answers every report as CSV on Accept: text/csv', async () => {
    const csv = (path: string) =>
      a.admin.request('GET', `/api/v1/reports/agencies/${a.agencyId}/${path}`, undefined, { accept: 'text/csv' });
    const heatmap = await csv('gap-heatmap');
    expect(heatmap.status).toBe(200);
    expect(heatmap.headers.get('content-type')).toMatch(/^text\/csv/);
    const lines = heatmap.text.trimEnd().split('\r\n');
    expect(lines[0]).toBe(
      'unitId,unitCode,unitName,parentId,competencyCode,competencyType,employeesAssessed,meanGap,shareBelowStandard,competencyName',
    );
    expect(lines).toContain(`${units.U1},U1,Unit 1,,M.01,MANAGERIAL,4,-0.75,0.5,Integritas`);
    expect(lines).toHaveLength(1 + 30);

    const needs = (await csv(`development-needs?year=${year}`)).text.trimEnd().split('\r\n');
    expect(needs[0]).toBe(
      'rank,competencyCode,competencyName,competencyType,employeesWithGap,meanShortfall,statedNeeds,estimatedParticipants,jpNeeded,programCodes',
    );
    expect(needs[2]).toBe(`2,${tk},Pengelolaan Anggaran,TECHNICAL,2,-1.5,0,2,20,${programs.tkWorkshop.code} ${programs.tkClassroom.code}`);

    const compliance = (await csv(`jp-compliance?year=${year}`)).text.trimEnd().split('\r\n');
    expect(compliance.slice(0, 2)).toEqual([
      'unitId,unitCode,unitName,parentId,employees,reaching,notReaching,shortfallJp,rate',
      `${units.U1},U1,Unit 1,,5,2,3,52,0.4`,
    ]);

    const jpm = (await csv('jpm-distribution')).text.trimEnd().split('\r\n');
    expect(jpm).toEqual([
      'positionKind,category,employees',
      'ADMINISTRATOR,CUKUP_OPTIMAL,1',
      'ADMINISTRATOR,OPTIMAL,2',
      'ADMINISTRATOR,,1',
      'PELAKSANA,OPTIMAL,1',
    ]);
  });

  it('scoping: an agency admin sees their agency only (another is 404); national reports are the ministry’s (403 for others)', async () => {
    for (const path of ['gap-heatmap', `development-needs?year=${year}`, `jp-compliance?year=${year}`, 'jpm-distribution']) {
      expectProblem(await report(b.admin, `agencies/${a.agencyId}/${path}`), 404);
      expect((await report(ministry, `agencies/${a.agencyId}/${path}`)).status).toBe(200);
      expectProblem(await report(a.admin, `national/${path}`), 403);
      expect((await report(ministry, `national/${path}`)).status).toBe(200);
    }
    expectProblem(await report(ministry, `agencies/${'0'.repeat(8)}-0000-7000-8000-${'0'.repeat(12)}/gap-heatmap`), 404);
    expectProblem(await report(ministry, 'agencies/not-a-uuid/gap-heatmap'), 400);
    expectProblem(await report(ministry, `agencies/${a.agencyId}/jp-compliance?year=twenty`), 400);

    // An employee (even of agency A) reads no agency report.
    const email = `${unique('emp').toLowerCase()}@example.go.id`;
    await created(
      a.admin.post('/api/v1/users', { email, password: 'employee-pass-1', role: 'EMPLOYEE', employeeId: e.e1 }),
      'employee user',
    );
    const employee = await new Http(system.url).signIn(email, 'employee-pass-1');
    expectProblem(await report(employee, `agencies/${a.agencyId}/gap-heatmap`), 403);
  });

  it('the read models take each fact once: a redelivered credit adds nothing, an older profile never overwrites a newer one', async () => {
    const store = system.worker!.get(ReadModelStore, { strict: false });
    const [credit] = await system.db.query(
      `SELECT source, source_id AS "sourceId", employee_id AS "employeeId", agency_id AS "agencyId", year, jp::float8 AS jp
         FROM reporting.jp_credits WHERE employee_id = $1 AND year = $2`,
      [e.e1, year],
    );
    expect(await store.applyJpCredits([credit, credit])).toBe(0);
    const [profile] = await system.db.query(`SELECT occurred_at FROM reporting.profiles WHERE employee_id = $1`, [e.e1]);
    const stale = {
      employeeId: e.e1,
      agencyId: a.agencyId,
      positionId: a.positionId,
      standardVersion: 1,
      jpm: 10,
      category: 'KURANG_OPTIMAL',
      reassessmentDue: false,
      gaps: { competencyCode: ['M.01'], type: ['MANAGERIAL' as const], requiredLevel: [3], achievedLevel: [1], gap: [-2] },
    };
    expect(
      await store.applyProfiles({ changes: [{ payload: stale, occurredAt: new Date(new Date(profile.occurred_at).getTime() - 60_000) }] }),
    ).toBe(0);
    const compliance = await report(a.admin, `agencies/${a.agencyId}/jp-compliance?year=${year}`);
    expect(compliance.body.items[0]).toMatchObject({ unitCode: 'U1', reaching: 2, shortfallJp: 52 });
    const heatmap = await report(a.admin, `agencies/${a.agencyId}/gap-heatmap`);
    expect(heatmap.body.items.find((i: any) => i.unitId === units.U1 && i.competencyCode === 'M.01')).toMatchObject({
      employeesAssessed: 4,
      meanGap: -0.75,
    });
  });

  it('reads the gaps of a CompetencyProfileChanged written before they travelled as columns (one object per competency)', async () => {
    const store = system.worker!.get(ReadModelStore, { strict: false });
    // An employee Reporting holds no placement of, so no report moves.
    const employeeId = '00000000-0000-7000-8000-00000000e01d';
    const legacy = {
      employeeId,
      agencyId: a.agencyId,
      positionId: a.positionId,
      standardVersion: 1,
      jpm: null,
      category: null,
      reassessmentDue: true,
      gaps: [
        { competencyCode: 'M.01', type: 'MANAGERIAL', requiredLevel: 3, achievedLevel: 2, gap: -1 },
        { competencyCode: 'SK.01', type: 'SOCIOCULTURAL', requiredLevel: 3, achievedLevel: null, gap: null },
      ],
    };
    try {
      expect(await store.applyProfiles({ changes: [{ payload: legacy as any, occurredAt: new Date() }] })).toBe(1);
      expect(
        await system.db.query(
          `SELECT competency_code, competency_type, required_level, achieved_level, gap FROM reporting.gaps WHERE employee_id = $1 ORDER BY 1`,
          [employeeId],
        ),
      ).toEqual([
        { competency_code: 'M.01', competency_type: 'MANAGERIAL', required_level: 3, achieved_level: 2, gap: -1 },
        { competency_code: 'SK.01', competency_type: 'SOCIOCULTURAL', required_level: 3, achieved_level: null, gap: null },
      ]);
    } finally {
      await system.db.query(`DELETE FROM reporting.gaps WHERE employee_id = $1`, [employeeId]);
      await system.db.query(`DELETE FROM reporting.profiles WHERE employee_id = $1`, [employeeId]);
    }
  });

  it('rebuilds profiles and JP from their owners: a read model that lost or misapplied facts gives the same reports again', async () => {
    const store = system.worker!.get(ReadModelStore, { strict: false });
    const reports = async () =>
      Promise.all(
        [`gap-heatmap`, `jp-compliance?year=${year}`, `jpm-distribution`, `development-needs?year=${year}`].map(async (path) => ({
          ...(await report(a.admin, `agencies/${a.agencyId}/${path}`)).body,
          generatedAt: undefined,
        })),
      );
    const before = await reports();
    const ids = Object.values(e);
    // Lost: A's profiles and gaps, and one credit; misapplied: a total.
    await system.db.query(`DELETE FROM reporting.gaps WHERE employee_id = ANY($1::uuid[])`, [ids]);
    await system.db.query(`DELETE FROM reporting.profiles WHERE employee_id = ANY($1::uuid[])`, [ids]);
    await system.db.query(
      `DELETE FROM reporting.jp_credits WHERE (source, source_id) IN (SELECT source, source_id FROM reporting.jp_credits WHERE employee_id = $1 LIMIT 1)`,
      [e.e1],
    );
    await system.db.query(`UPDATE reporting.jp_totals SET jp = jp + 100 WHERE employee_id = $1`, [e.e2]);
    expect(await reports()).not.toEqual(before);

    expect(await store.rebuildProfiles(2)).toBeGreaterThanOrEqual(ids.length);
    expect(await store.rebuildJpCredits(3)).toBeGreaterThan(0);
    expect(await reports()).toEqual(before);
    // Again: nothing changes.
    await store.rebuildProfiles();
    await store.rebuildJpCredits();
    expect(await reports()).toEqual(before);
  });

  it('national reports: one row per agency, with the same figures as the agency’s root unit', async () => {
    const heatmap = await report(ministry, 'national/gap-heatmap');
    expect(heatmap.body.items.find((i: any) => i.agencyId === a.agencyId && i.competencyCode === 'M.01')).toEqual({
      agencyId: a.agencyId,
      agencyCode: expect.any(String),
      agencyName: expect.any(String),
      competencyCode: 'M.01',
      competencyName: 'Integritas',
      competencyType: 'MANAGERIAL',
      employeesAssessed: 4,
      meanGap: -0.75,
      shareBelowStandard: 0.5,
    });
    expect(heatmap.body.items.find((i: any) => i.agencyId === b.agencyId && i.competencyCode === 'M.01')).toMatchObject({
      employeesAssessed: 1,
      meanGap: -2,
    });
    const compliance = await report(ministry, `national/jp-compliance?year=${year}`);
    expect(compliance.body.items.find((i: any) => i.agencyId === a.agencyId)).toEqual({
      agencyId: a.agencyId,
      agencyCode: expect.any(String),
      agencyName: expect.any(String),
      employees: 5,
      reaching: 2,
      notReaching: 3,
      shortfallJp: 52,
      rate: 0.4,
    });
    // The national AKPK offers national programs only: TK's are agency A's.
    const needs = await report(ministry, `national/development-needs?year=${year}`);
    expect(needs.body.items.find((i: any) => i.competencyCode === tk)).toMatchObject({
      employeesWithGap: 2,
      meanShortfall: -1.5,
      programs: [],
      jpNeeded: null,
    });
    const jpm = await report(ministry, 'national/jpm-distribution');
    expect(jpm.body.items.find((i: any) => i.positionKind === 'PELAKSANA' && i.category === 'OPTIMAL').employees).toBeGreaterThanOrEqual(1);
  });
});
