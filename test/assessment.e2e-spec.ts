import { profileGaps } from '@kompeten/assessment/contracts';
import { AgencySetup, completeAssessment, NATIONAL_CODES, publishStandard, registerEmployee, setUpAgency } from './support/fixtures';
import { ADMIN, eventually, Http, RunningSystem, startSystem } from './support/system';

describe('Assessment: results, JPM, profile', () => {
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

  const profileOf = (http: Http, employeeId: string) => http.get(`/api/v1/employees/${employeeId}/competency-profile`);

  it('completes an assessment over HTTP and shows the profile with its gaps, JPM and category', async () => {
    const employee = await registerEmployee(a.admin, a);
    await completeAssessment(a.admin, employee.id, [3, 2, 2, 3, 2, 3, 2, 3, 2]);
    const profile = await eventually(async () => {
      const answer = await profileOf(a.admin, employee.id);
      return answer.body.jpm !== null && answer.body.jpm !== undefined ? answer.body : null;
    });
    expect(profile).toMatchObject({
      employeeId: employee.id,
      positionId: a.positionId,
      jpm: 81.48,
      category: 'CUKUP_OPTIMAL',
      reassessmentDue: false,
    });
    expect(profile.items).toHaveLength(9);
    expect(profile.items.map((i: { gap: number }) => i.gap)).toEqual([0, -1, -1, 0, -1, 0, -1, 0, -1]);
    expect(profile.items[0]).toMatchObject({ competencyCode: 'M.01', requiredLevel: 3, achievedLevel: 3, type: 'MANAGERIAL' });
    expect(profile.items[0].validUntil.slice(0, 4)).toBe(String(new Date().getUTCFullYear() + 3));

    const changed = await system.db.query(
      `SELECT payload FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged' AND aggregate_id = $1 ORDER BY seq DESC LIMIT 1`,
      [employee.id],
    );
    expect(profileGaps(changed[0].payload.gaps).filter((g) => g.gap! < 0)).toHaveLength(5);
  });

  it('uses the competency-test category set for a competency test', async () => {
    const employee = await registerEmployee(a.admin, a);
    await completeAssessment(a.admin, employee.id, [2, 2, 2, 2, 2, 2, 2, 2, 3], { purpose: 'COMPETENCY_TEST' });
    const profile = await eventually(async () =>
      (await profileOf(a.admin, employee.id)).body.jpm ? (await profileOf(a.admin, employee.id)).body : null,
    );
    expect(profile).toMatchObject({ jpm: 70.37, category: 'MASIH_MEMENUHI_SYARAT' });
  });

  it('keeps self-assessments beside the profile, never in the JPM', async () => {
    const employee = await registerEmployee(a.admin, a);
    await completeAssessment(a.admin, employee.id, [5, 5, 5, 5, 5, 5, 5, 5, 5], { method: 'SELF' });
    const profile = await eventually(async () => {
      const body = (await profileOf(a.admin, employee.id)).body;
      return body.items?.[0]?.selfAssessedLevel === 5 ? body : null;
    });
    expect(profile.jpm).toBeNull();
    expect(profile.items[0].achievedLevel).toBeNull();
    expect(profile.reassessmentDue).toBe(true);
  });

  it('takes per competency the latest official result, with the latest self-assessment beside it', async () => {
    const employee = await registerEmployee(a.admin, a);
    await completeAssessment(a.admin, employee.id, [2, 2, 2, 2, 2, 2, 2, 2, 2], { assessedAt: '2026-06-01' });
    await completeAssessment(a.admin, employee.id, [3, 3, 3, 3, 3, 3, 3, 3, 4], { assessedAt: '2026-09-01', purpose: 'COMPETENCY_TEST' });
    await completeAssessment(a.admin, employee.id, [5, 5, 5, 5, 5, 5, 5, 5, 1], { assessedAt: '2026-10-01', method: 'SELF' });
    const profile = await eventually(async () => {
      const body = (await profileOf(a.admin, employee.id)).body;
      return body.items?.[0]?.selfAssessedLevel === 5 && body.items[0].achievedLevel === 3 ? body : null;
    });
    expect(profile.items.map((i: { achievedLevel: number }) => i.achievedLevel)).toEqual([3, 3, 3, 3, 3, 3, 3, 3, 4]);
    expect(profile.items.map((i: { selfAssessedLevel: number }) => i.selfAssessedLevel)).toEqual([5, 5, 5, 5, 5, 5, 5, 5, 1]);
    expect(new Set(profile.items.map((i: { assessedAt: string }) => i.assessedAt.slice(0, 10)))).toEqual(new Set(['2026-09-01']));
    // The category set of the latest official result's purpose.
    expect(['MEMENUHI_SYARAT', 'MASIH_MEMENUHI_SYARAT', 'KURANG_MEMENUHI_SYARAT']).toContain(profile.category);
  });

  it('refuses any change to a completed assessment (422)', async () => {
    const employee = await registerEmployee(a.admin, a);
    const id = await completeAssessment(a.admin, employee.id, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    const current = await a.admin.get(`/api/v1/assessments/${id}`);
    expect(current.body.status).toBe('COMPLETED');
    const change = await a.admin.put(`/api/v1/assessments/${id}/results`, {
      version: current.body.version,
      items: NATIONAL_CODES.map((competencyCode) => ({ competencyCode, level: 1 })),
    });
    expect(change.status).toBe(422);
    expect(change.headers.get('content-type')).toContain('application/problem+json');
    expect((await a.admin.post(`/api/v1/assessments/${id}/complete`, {})).status).toBe(422);
    expect((await a.admin.get(`/api/v1/assessments/${id}`)).body.results[0].level).toBe(3);
  });

  it('gives 409 to the second of two assessors saving results with the same version', async () => {
    const employee = await registerEmployee(a.admin, a);
    const draft = await a.admin.post('/api/v1/assessments', {
      employeeId: employee.id,
      purpose: 'MAPPING',
      method: 'INTERVIEW',
      providerName: 'UPT',
      providerAccredited: true,
      assessedAt: '2026-10-01',
    });
    const save = (level: number) =>
      a.admin.put(`/api/v1/assessments/${draft.body.id}/results`, {
        version: draft.body.version,
        items: NATIONAL_CODES.map((competencyCode) => ({ competencyCode, level })),
      });
    const answers = await Promise.all([save(2), save(4)]);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 409]);
  });

  it('refuses bad results field by field and changes nothing', async () => {
    const employee = await registerEmployee(a.admin, a);
    const draft = await a.admin.post('/api/v1/assessments', {
      employeeId: employee.id,
      purpose: 'MAPPING',
      method: 'CAT',
      providerName: 'UPT',
      providerAccredited: true,
      assessedAt: '2026-10-01',
    });
    const bad = await a.admin.put(`/api/v1/assessments/${draft.body.id}/results`, {
      version: draft.body.version,
      items: [
        { competencyCode: 'M.01', level: 6 },
        { competencyCode: 'NOPE', level: 3 },
      ],
    });
    expect(bad.status).toBe(400);
    expect(bad.body.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['items[0].level']));
    const unknown = await a.admin.put(`/api/v1/assessments/${draft.body.id}/results`, {
      version: draft.body.version,
      items: [{ competencyCode: 'NOPE', level: 3 }],
    });
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].field).toBe('items[0].competencyCode');
    const incomplete = await a.admin.post(`/api/v1/assessments/${draft.body.id}/complete`, {});
    expect(incomplete.status).toBe(422);
    const promotion = await a.admin.post('/api/v1/assessments', {
      employeeId: employee.id,
      purpose: 'PROMOTION',
      method: 'CAT',
      providerName: 'UPT',
      providerAccredited: true,
      assessedAt: '2026-10-01',
    });
    expect(promotion.status).toBe(400);
    expect((await a.admin.get(`/api/v1/assessments/${draft.body.id}`)).body).toMatchObject({ version: draft.body.version, results: [] });
  });

  it('recomputes every holder’s profile when the position’s SKJ changes, and only then', async () => {
    const holders = [await registerEmployee(a.admin, a), await registerEmployee(a.admin, a), await registerEmployee(a.admin, a)];
    for (const h of holders) await completeAssessment(a.admin, h.id, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    for (const h of holders) await eventually(async () => (await profileOf(a.admin, h.id)).body.jpm === 100);
    const before = Number(
      (await system.db.query(`SELECT count(*) FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged'`))[0].count,
    );

    await publishStandard(a.admin, a.positionId, [4, 3, 3, 3, 3, 3, 3, 3, 3]);
    for (const h of holders) {
      const profile = await eventually(async () => {
        const body = (await profileOf(a.admin, h.id)).body;
        return body.items?.[0]?.requiredLevel === 4 ? body : null;
      });
      expect(profile.items[0]).toMatchObject({ competencyCode: 'M.01', requiredLevel: 4, achievedLevel: 3, gap: -1 });
      expect(profile.jpm).toBe(96.43);
    }
    const events = await system.db.query(
      `SELECT aggregate_id FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged' AND aggregate_id = ANY($1)
         AND payload->>'standardVersion' = (SELECT max((payload->>'standardVersion')::int)::text FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged' AND aggregate_id = $2)`,
      [holders.map((h) => h.id), holders[0].id],
    );
    expect(events.length).toBeGreaterThanOrEqual(3);
    // Recomputing an unchanged profile publishes nothing.
    const after = Number(
      (await system.db.query(`SELECT count(*) FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged'`))[0].count,
    );
    await profileOf(a.admin, holders[0].id);
    await new Promise((r) => setTimeout(r, 500));
    expect(
      Number((await system.db.query(`SELECT count(*) FROM messaging.outbox WHERE event_name = 'CompetencyProfileChanged'`))[0].count),
    ).toBe(after);
    expect(after).toBeGreaterThan(before);
  });

  it('keeps each agency’s assessments and profiles to itself; assessors see only assigned agencies', async () => {
    const employee = await registerEmployee(a.admin, a);
    const id = await completeAssessment(a.admin, employee.id, [3, 3, 3, 3, 3, 3, 3, 3, 3]);
    expect((await b.admin.get(`/api/v1/assessments/${id}`)).status).toBe(404);
    expect((await profileOf(b.admin, employee.id)).status).toBe(404);
    expect((await b.admin.get('/api/v1/assessments')).body.items.map((x: { id: string }) => x.id)).not.toContain(id);

    await ministry.post('/api/v1/users', {
      email: `assessor-${a.agencyId}@example.go.id`,
      password: 'assessor-pass',
      role: 'ASSESSOR',
      assessorAgencyIds: [b.agencyId],
    });
    const assessor = await ministry.signIn(`assessor-${a.agencyId}@example.go.id`, 'assessor-pass');
    expect((await assessor.get(`/api/v1/assessments/${id}`)).status).toBe(404);
    const other = await registerEmployee(b.admin, b);
    const created = await assessor.post('/api/v1/assessments', {
      employeeId: other.id,
      purpose: 'MAPPING',
      method: 'INTERVIEW',
      providerName: 'UPT',
      providerAccredited: true,
      assessedAt: '2026-10-01',
    });
    expect(created.status).toBe(201);
    const refused = await assessor.post('/api/v1/assessments', {
      employeeId: employee.id,
      purpose: 'MAPPING',
      method: 'INTERVIEW',
      providerName: 'UPT',
      providerAccredited: true,
      assessedAt: '2026-10-01',
    });
    expect(refused.status).toBe(404);
  });
});
