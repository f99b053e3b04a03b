import { ReassessmentDueJob } from '../libs/assessment/application/subscribers/reassessment-due.job';
import { AgencySetup, NATIONAL_CODES, publishStandard, registerEmployee, setUpAgency } from './support/fixtures';
import { ADMIN, eventually, Http, RunningSystem, startSystem } from './support/system';

const HEADER = 'nip,competencyCode,level,assessedAt,providerName,method,purpose';

function rowsFor(nip: string, levels: number[], assessedAt = '2026-05-04', purpose = 'MAPPING'): string[] {
  return NATIONAL_CODES.map(
    (code, i) => `${nip},${code},${levels[i]},${assessedAt},UPT Penilaian Kompetensi BKN,ASSESSMENT_CENTER,${purpose}`,
  );
}

describe('Assessment import (CSV from an assessment center)', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    await publishStandard(a.admin, a.positionId);
    await publishStandard(b.admin, b.positionId);
  });
  afterAll(() => system.close());

  const post = (http: Http, csv: string, query = '') =>
    http.post(`/api/v1/assessments/import${query}`, csv, { 'content-type': 'text/csv' });
  const count = async (sql: string, params: unknown[] = []) => Number((await system.db.query(sql, params))[0].count);

  it('imports completed assessments, computes the profiles, and a re-import changes nothing', async () => {
    const e1 = await registerEmployee(a.admin, a);
    const e2 = await registerEmployee(a.admin, a);
    const csv = [
      HEADER,
      ...rowsFor(e1.nip, [3, 3, 3, 3, 3, 3, 2, 2, 3]),
      ...rowsFor(e2.nip, [2, 2, 2, 2, 2, 2, 2, 2, 3], '2026-05-05', 'COMPETENCY_TEST'),
    ].join('\n');
    const first = await post(a.admin, csv);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ mode: 'all-or-nothing', rows: 18, accepted: 18, refused: [], created: 2, unchanged: 0 });
    const profile = await eventually(async () => {
      const body = (await a.admin.get(`/api/v1/employees/${e1.id}/competency-profile`)).body;
      return body.jpm ? body : null;
    });
    expect(profile).toMatchObject({ jpm: 92.59, category: 'OPTIMAL' });
    expect((await a.admin.get(`/api/v1/employees/${e2.id}/competency-profile`)).body).toMatchObject({
      jpm: 70.37,
      category: 'MASIH_MEMENUHI_SYARAT',
    });
    const completed = await count(
      `SELECT count(*) FROM messaging.outbox WHERE event_name = 'AssessmentCompleted' AND payload->>'employeeId' = ANY($1)`,
      [[e1.id, e2.id]],
    );
    expect(completed).toBe(2);

    const again = await post(a.admin, csv);
    expect(again.body).toMatchObject({ created: 0, unchanged: 2 });
    expect(await count(`SELECT count(*) FROM assessment.assessments WHERE employee_id = ANY($1)`, [[e1.id, e2.id]])).toBe(2);
  });

  it('refuses the whole file when a row is bad, naming the line, and changes nothing', async () => {
    const e1 = await registerEmployee(a.admin, a);
    const e2 = await registerEmployee(a.admin, a);
    const rows = [...rowsFor(e1.nip, [3, 3, 3, 3, 3, 3, 3, 3, 3]), ...rowsFor(e2.nip, [3, 3, 3, 3, 3, 3, 3, 3, 3])];
    rows[12] = rows[12].replace(',3,2026', ',7,2026'); // line 14
    const before = await count(`SELECT count(*) FROM assessment.assessments`);
    const answer = await post(a.admin, [HEADER, ...rows].join('\n'));
    expect(answer.status).toBe(422);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    const refused = answer.body.report.refused;
    expect(refused).toHaveLength(9);
    expect(refused.find((r: { line: number }) => r.line === 14)).toEqual({ line: 14, reason: 'level must be a whole number from 1 to 5' });
    expect(refused.find((r: { line: number }) => r.line === 11).reason).toContain('line 14');
    expect(await count(`SELECT count(*) FROM assessment.assessments`)).toBe(before);

    const partial = await post(a.admin, [HEADER, ...rows].join('\n'), '?mode=partial');
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ created: 1, accepted: 9 });
    expect(partial.body.refused).toHaveLength(9);
  });

  it('refuses an assessment that misses a competency of the SKJ, unknown NIPs and another agency’s employees', async () => {
    const own = await registerEmployee(a.admin, a);
    const other = await registerEmployee(b.admin, b);
    const csv = [
      HEADER,
      ...rowsFor(own.nip, [3, 3, 3, 3, 3, 3, 3, 3, 3]).slice(0, 8),
      ...rowsFor(other.nip, [3, 3, 3, 3, 3, 3, 3, 3, 3]),
      ...rowsFor('198001012005011999', [3, 3, 3, 3, 3, 3, 3, 3, 3]),
    ].join('\n');
    const answer = await post(a.admin, csv);
    expect(answer.status).toBe(422);
    const reasons = answer.body.report.refused.map((r: { reason: string }) => r.reason);
    expect(reasons.slice(0, 8).every((r: string) => r.includes('SK.01'))).toBe(true);
    expect(reasons[8]).toBe(`no employee with NIP ${other.nip}`);
    expect(reasons[17]).toBe('no employee with NIP 198001012005011999');
    expect(answer.body.report.refused).toHaveLength(26);
    expect(answer.body.report).toMatchObject({ rows: 26, accepted: 0 });
  });

  it('answers 415 for another media type and 400 for a wrong header', async () => {
    expect((await a.admin.post('/api/v1/assessments/import', { nip: 'x' })).status).toBe(415);
    const wrong = await post(a.admin, 'nip,level\n1,2');
    expect(wrong.status).toBe(400);
    expect(wrong.body.detail).toContain('competencyCode');
  });

  it('publishes ReassessmentDue once per result that expires within 90 days', async () => {
    const employee = await registerEmployee(a.admin, a);
    const old = new Date();
    old.setUTCFullYear(old.getUTCFullYear() - 3);
    old.setUTCDate(old.getUTCDate() + 30);
    const answer = await post(
      a.admin,
      [HEADER, ...rowsFor(employee.nip, [3, 3, 3, 3, 3, 3, 3, 3, 3], old.toISOString().slice(0, 10))].join('\n'),
    );
    expect(answer.body).toMatchObject({ created: 1 });
    const job = system.worker!.get(ReassessmentDueJob);
    await job.run();
    await job.run();
    const due = await system.db.query(`SELECT payload FROM messaging.outbox WHERE event_name = 'ReassessmentDue' AND aggregate_id = $1`, [
      employee.id,
    ]);
    expect(due).toHaveLength(1);
    const profile = await eventually(async () => {
      const body = (await a.admin.get(`/api/v1/employees/${employee.id}/competency-profile`)).body;
      return body.jpm !== null ? body : null;
    });
    expect(profile).toMatchObject({ jpm: 100, reassessmentDue: true });
  });
});
