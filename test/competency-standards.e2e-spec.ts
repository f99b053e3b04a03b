import { QueryBus } from '@nestjs/cqrs';
import {
  CompetencyLevelTextQuery,
  CompetencySummaryQuery,
  NATIONAL_COMPETENCY_CODES,
  PositionStandardQuery,
  PositionStandardsQuery,
  RequiredLevelQuery,
} from '@kompeten/competency-standards/contracts';
import { NationalDictionarySeeder } from '../libs/competency-standards/application/national-dictionary.seeder';
import { ADMIN, Http, RunningSystem, startSystem, validNip } from './support/system';

const run = Math.random().toString(36).slice(2, 7).toUpperCase();
const national = (level: number) => NATIONAL_COMPETENCY_CODES.map((competencyCode) => ({ competencyCode, requiredLevel: level }));
const PASSWORD = 'a-long-enough-password';

/** A technical competency body defining levels 1–3 only. */
const technical = (code: string, agencyId?: string | null, name = 'Pengelolaan Anggaran') => ({
  code,
  name,
  type: 'TECHNICAL',
  definition: 'Kemampuan mengelola anggaran unit kerja.',
  ...(agencyId !== undefined ? { agencyId } : {}),
  levels: [1, 2, 3].map((level) => ({
    level,
    description: `Level ${level}`,
    indicators: [
      { number: `${level}.1`, text: `Indikator ${level}.1` },
      { number: `${level}.2`, text: `Indikator ${level}.2` },
    ],
  })),
});

describe('Competency standards (end to end)', () => {
  let system: RunningSystem;
  let admin: Http;
  let agencyA: string;
  let agencyB: string;
  let adminA: Http;
  let adminB: Http;
  let employeeA: Http;
  let positionA: { id: string; code: string };
  let positionFunctional: { id: string; code: string };
  let positionB: { id: string; code: string };
  const techA = `TK.A.${run}`;

  const outbox = (name: string, aggregateId: string) =>
    system.db.query(`SELECT payload FROM messaging.outbox WHERE event_name = $1 AND aggregate_id = $2 ORDER BY seq`, [name, aggregateId]);

  beforeAll(async () => {
    system = await startSystem();
    admin = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    const agency = async (code: string) => (await admin.post('/api/v1/agencies', { code, name: code, kind: 'AGENCY' })).body.id as string;
    agencyA = await agency(`CSA-${run}`);
    agencyB = await agency(`CSB-${run}`);
    const position = async (code: string, agencyId: string, kind = 'ADMINISTRATOR', functionalGrade?: string) => {
      const answer = await admin.post('/api/v1/positions', {
        code,
        name: code,
        kind,
        agencyId,
        ...(functionalGrade ? { functionalGrade } : {}),
      });
      expect(answer.status).toBe(201);
      return { id: answer.body.id as string, code };
    };
    positionA = await position(`PA-${run}`, agencyA);
    positionFunctional = await position(`PF-${run}`, agencyA, 'FUNGSIONAL', 'AHLI_MUDA');
    positionB = await position(`PB-${run}`, agencyB, 'PENGAWAS');
    const user = async (email: string, body: object) => {
      const answer = await admin.post('/api/v1/users', { email, password: PASSWORD, ...body });
      expect(answer.status).toBe(201);
      return new Http(system.url).signIn(email, PASSWORD);
    };
    adminA = await user(`a-${run}@example.go.id`.toLowerCase(), { role: 'AGENCY_ADMIN', agencyId: agencyA });
    adminB = await user(`b-${run}@example.go.id`.toLowerCase(), { role: 'AGENCY_ADMIN', agencyId: agencyB });
    const unit = await admin.post(`/api/v1/agencies/${agencyA}/units`, { code: 'U1', name: 'Unit' });
    const employee = await admin.post('/api/v1/employees', {
      nip: validNip(),
      name: 'Pegawai',
      kind: 'PNS',
      agencyId: agencyA,
      unitId: unit.body.id,
      positionId: positionA.id,
    });
    expect(employee.status).toBe(201);
    employeeA = await user(`e-${run}@example.go.id`.toLowerCase(), { role: 'EMPLOYEE', employeeId: employee.body.id, agencyId: agencyA });
  });
  afterAll(() => system.close());

  describe('the national dictionary', () => {
    it('is there on a fresh start: the nine national competencies, all five levels, marked as summary', async () => {
      const list = await admin.get('/api/v1/competencies?national=true&limit=500');
      expect(list.status).toBe(200);
      const seeded = list.body.items.filter((c: any) => (NATIONAL_COMPETENCY_CODES as readonly string[]).includes(c.code));
      expect(seeded.map((c: any) => c.code).sort()).toEqual([...NATIONAL_COMPETENCY_CODES].sort());
      // Version 1 is the seed (other test files may have published later ones).
      const m01 = await admin.get('/api/v1/competencies/M.01?version=1');
      expect(m01.body).toMatchObject({ code: 'M.01', name: 'Integritas', type: 'MANAGERIAL', agencyId: null, summary: true });
      expect(m01.body.levels.map((l: any) => l.level)).toEqual([1, 2, 3, 4, 5]);
      expect(m01.body.levels[0].indicators[0]).toEqual({ number: '1.1', text: expect.any(String) });
      const sk = await admin.get('/api/v1/competencies/SK.01');
      expect(sk.body).toMatchObject({ name: 'Perekat Bangsa', type: 'SOCIOCULTURAL' });
    });

    it('seeding again leaves one copy of each', async () => {
      const seeder = system.api.get(NationalDictionarySeeder);
      expect(await seeder.seed()).toEqual([]);
      expect(await seeder.seed()).toEqual([]);
      const [counts] = await system.db.query(
        `SELECT count(DISTINCT c.id)::int AS competencies, count(*)::int AS versions
           FROM competency_standards.competencies c JOIN competency_standards.competency_versions v ON v.competency_id = c.id
          WHERE c.code = ANY($1) AND v.version = 1`,
        [[...NATIONAL_COMPETENCY_CODES]],
      );
      expect(counts).toEqual({ competencies: 9, versions: 9 });
    });
  });

  describe('scoping of competencies', () => {
    it('an agency admin creates their agency’s technical competencies, reads national ones but cannot change them (403)', async () => {
      const created = await adminA.post('/api/v1/competencies', technical(techA));
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: techA, type: 'TECHNICAL', agencyId: agencyA, version: 1 });

      const m01 = await adminA.get('/api/v1/competencies/M.01');
      expect(m01.status).toBe(200);
      const put = await adminA.put('/api/v1/competencies/M.01', {
        ...m01.body,
        id: undefined,
        summary: undefined,
        publishedAt: undefined,
        currentVersion: undefined,
      });
      expect(put.status).toBe(403);
      expect(put.headers.get('content-type')).toContain('application/problem+json');
      const createNational = await adminA.post('/api/v1/competencies', { ...technical(`TK.N.${run}`), agencyId: null });
      expect(createNational.status).toBe(403);
      const managerial = await adminA.post('/api/v1/competencies', { ...technical(`M.X.${run}`), type: 'MANAGERIAL' });
      expect(managerial.status).toBe(403);
    });

    it('another agency’s technical competencies are not found (404), to read or to change', async () => {
      expect((await adminB.get(`/api/v1/competencies/${techA}`)).status).toBe(404);
      expect((await adminB.get(`/api/v1/competencies/${techA}/versions`)).status).toBe(404);
      const { code: _, ...body } = technical(techA);
      expect((await adminB.put(`/api/v1/competencies/${techA}`, { ...body, version: 1 })).status).toBe(404);
      expect((await adminB.post('/api/v1/competencies', technical(`TK.B.${run}`, agencyA))).status).toBe(404);
      const list = await adminB.get('/api/v1/competencies?limit=500');
      expect(list.body.items.some((c: any) => c.code === techA)).toBe(false);
      expect((await employeeA.get(`/api/v1/competencies/${techA}`)).status).toBe(200);
      expect((await employeeA.post('/api/v1/competencies', technical(`TK.E.${run}`))).status).toBe(403);
    });
  });

  describe('competency versions', () => {
    it('PUT publishes a new version; earlier ones never change; a stale version is 409', async () => {
      const code = `TK.V.${run}`;
      const { code: _, ...body } = technical(code, agencyA);
      const first = await admin.put(`/api/v1/competencies/${code}`, body);
      expect(first.status).toBe(201);
      expect(first.body.version).toBe(1);

      const same = await admin.put(`/api/v1/competencies/${code}`, { ...body, version: 1 });
      expect(same.status).toBe(200);
      expect(same.body.version).toBe(1);

      const second = await admin.put(`/api/v1/competencies/${code}`, { ...body, name: 'Anggaran Lanjut', version: 1 });
      expect(second.status).toBe(200);
      expect(second.body).toMatchObject({ version: 2, name: 'Anggaran Lanjut', id: first.body.id });

      const stale = await admin.put(`/api/v1/competencies/${code}`, { ...body, name: 'Lagi', version: 1 });
      expect(stale.status).toBe(409);
      const absent = await admin.put(`/api/v1/competencies/${code}`, { ...body, name: 'Lagi' });
      expect(absent.status).toBe(409);

      const v1 = await admin.get(`/api/v1/competencies/${code}?version=1`);
      expect(v1.body).toEqual({ ...first.body, currentVersion: 2 });
      const versions = await admin.get(`/api/v1/competencies/${code}/versions`);
      expect(versions.body.items.map((v: any) => [v.version, v.name])).toEqual([
        [2, 'Anggaran Lanjut'],
        [1, 'Pengelolaan Anggaran'],
      ]);
      expect((await admin.get(`/api/v1/competencies/${code}?version=3`)).status).toBe(404);

      await expect(
        system.db.query(`UPDATE competency_standards.competency_versions SET name = 'x' WHERE competency_id = $1`, [first.body.id]),
      ).rejects.toThrow(/immutable/);
      await expect(
        system.db.query(`DELETE FROM competency_standards.competency_versions WHERE competency_id = $1`, [first.body.id]),
      ).rejects.toThrow(/immutable/);

      const events = await outbox('CompetencyPublished', first.body.id);
      expect(events.map((e: any) => e.payload)).toEqual([
        expect.objectContaining({
          code,
          version: 1,
          previousVersion: null,
          agencyId: agencyA,
          type: 'TECHNICAL',
          definedLevels: [1, 2, 3],
        }),
        expect.objectContaining({ code, version: 2, previousVersion: 1, name: 'Anggaran Lanjut' }),
      ]);
      const [audit] = await system.db.query(
        `SELECT count(*)::int AS n FROM audit.audit_log WHERE entity_type = 'Competency' AND entity_id = $1`,
        [first.body.id],
      );
      expect(audit.n).toBe(2);
    });

    it('refuses a type or owner change (422) and invalid content with field errors (400)', async () => {
      const code = `TK.R.${run}`;
      const { code: _, ...body } = technical(code, agencyA);
      await admin.put(`/api/v1/competencies/${code}`, body);
      expect((await admin.put(`/api/v1/competencies/${code}`, { ...body, agencyId: agencyB, version: 1 })).status).toBe(422);
      const bad = await admin.put(`/api/v1/competencies/${code}`, {
        ...body,
        version: 1,
        levels: [{ level: 1, description: 'x', indicators: [{ number: '1.2', text: 'y' }] }],
      });
      expect(bad.status).toBe(400);
      expect(bad.body.errors).toEqual([{ field: 'levels[0].indicators[0].number', message: expect.stringContaining('1.1') }]);
    });
    it('refuses wrong types, unknown fields and malformed JSON with problem+json, and changes nothing', async () => {
      const code = `TK.BAD.${run}`;
      const { code: _, ...body } = technical(code, agencyA);
      expect((await admin.put(`/api/v1/competencies/${code}`, body)).status).toBe(201);
      const attempts: [unknown, string][] = [
        [{ ...body, version: 1, levels: [{ level: '1', description: 'x', indicators: [{ text: 'y' }] }] }, 'levels[0].level'],
        [{ ...body, version: 1, colour: 'red' }, 'colour'],
        [{ ...body, version: 1, type: 'OTHER' }, 'type'],
        [{ ...body, version: 1, name: 42 }, 'name'],
        [
          { ...body, version: 1, levels: [{ level: 1, description: 'x', indicators: [{ text: 'y', weight: 2 }] }] },
          'levels[0].indicators[0].weight',
        ],
        [{ ...body, version: 1, code: 'OTHER' }, 'code'],
      ];
      for (const [attempt, field] of attempts) {
        const answer = await admin.put(`/api/v1/competencies/${code}`, attempt);
        expect(answer.status).toBe(400);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.errors.map((e: any) => e.field)).toContain(field);
      }
      const malformed = await admin.request('PUT', `/api/v1/competencies/${code}`, '{"name": ', { 'content-type': 'application/json' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      const after = await admin.get(`/api/v1/competencies/${code}`);
      expect(after.body.version).toBe(1);
    });
  });

  describe('position standards', () => {
    it('a new position has a draft at the usual levels of its kind', async () => {
      const draft = await adminA.get(`/api/v1/positions/${positionA.id}/standard`);
      expect(draft.status).toBe(200);
      expect(draft.body).toMatchObject({ positionId: positionA.id, version: 0, publishedAt: null, status: 'DRAFT' });
      expect(draft.body.items).toHaveLength(9);
      expect(draft.body.items.every((i: any) => i.requiredLevel === 3 && i.competencyVersion >= 1)).toBe(true);
      const functional = await adminA.get(`/api/v1/positions/${positionFunctional.id}/standard`);
      expect(functional.body.items.every((i: any) => i.requiredLevel === 2)).toBe(true);
      const pengawas = await admin.get(`/api/v1/positions/${positionB.id}/standard`);
      expect(pengawas.body.items.every((i: any) => i.requiredLevel === 2)).toBe(true);
    });

    it('gets its SKJ, changes it, and both versions stay readable with their competency versions', async () => {
      const current: Record<string, number> = {};
      for (const code of NATIONAL_COMPETENCY_CODES) current[code] = (await admin.get(`/api/v1/competencies/${code}`)).body.version;
      const first = await adminA.put(`/api/v1/positions/${positionA.id}/standard`, {
        version: 0,
        items: [...national(3), { competencyCode: techA, requiredLevel: 2 }],
      });
      expect(first.status).toBe(200);
      expect(first.body).toMatchObject({ positionId: positionA.id, version: 1, status: 'PUBLISHED' });
      expect(first.body.items).toHaveLength(10);
      expect(first.body.items[0]).toEqual({
        competencyCode: 'M.01',
        competencyVersion: current['M.01'],
        requiredLevel: 3,
        competencyType: 'MANAGERIAL',
        competencyName: 'Integritas',
      });

      // The ministry publishes a new version of M.02: the published standard stays pinned to version 1.
      const m02 = (await admin.get('/api/v1/competencies/M.02')).body;
      const revised = await admin.put('/api/v1/competencies/M.02', {
        name: m02.name,
        type: m02.type,
        definition: m02.definition + ' (revisi)',
        levels: m02.levels,
        version: m02.version,
      });
      expect(revised.status).toBe(200);
      expect(revised.body.version).toBe(m02.version + 1);
      expect(
        (await adminA.get(`/api/v1/positions/${positionA.id}/standard`)).body.items.find((i: any) => i.competencyCode === 'M.02')
          .competencyVersion,
      ).toBe(m02.version);

      const items = national(3);
      items[3] = { competencyCode: 'M.04', requiredLevel: 4 };
      const second = await adminA.put(`/api/v1/positions/${positionA.id}/standard`, { version: 1, items });
      expect(second.status).toBe(200);
      expect(second.body.version).toBe(2);
      expect(second.body.items.find((i: any) => i.competencyCode === 'M.02').competencyVersion).toBe(m02.version + 1);

      const v1 = await employeeA.get(`/api/v1/positions/${positionA.id}/standard?version=1`);
      expect(v1.status).toBe(200);
      expect(v1.body).toEqual(first.body);
      const versions = await adminA.get(`/api/v1/positions/${positionA.id}/standard/versions`);
      expect(versions.body.items.map((v: any) => v.version)).toEqual([2, 1]);
      expect(versions.body.items[1].items.find((i: any) => i.competencyCode === 'M.02').competencyVersion).toBe(m02.version);

      const stale = await adminA.put(`/api/v1/positions/${positionA.id}/standard`, { version: 1, items });
      expect(stale.status).toBe(409);
      const same = await adminA.put(`/api/v1/positions/${positionA.id}/standard`, { version: 2, items });
      expect(same.body.version).toBe(2);

      const events = await outbox('PositionStandardPublished', positionA.id);
      expect(events).toHaveLength(2);
      expect(events[1].payload).toMatchObject({
        positionId: positionA.id,
        positionCode: positionA.code,
        agencyId: agencyA,
        version: 2,
        previousVersion: 1,
        changes: {
          added: [],
          removed: [{ competencyCode: techA, requiredLevel: 2, competencyVersion: 1 }],
          changed: expect.arrayContaining([
            {
              competencyCode: 'M.04',
              oldRequiredLevel: 3,
              newRequiredLevel: 4,
              oldCompetencyVersion: current['M.04'],
              newCompetencyVersion: current['M.04'],
            },
            {
              competencyCode: 'M.02',
              oldRequiredLevel: 3,
              newRequiredLevel: 3,
              oldCompetencyVersion: m02.version,
              newCompetencyVersion: m02.version + 1,
            },
          ]),
        },
      });
      expect(events[1].payload.changes.changed).toHaveLength(2);
      await expect(
        system.db.query(`UPDATE competency_standards.position_standard_items SET required_level = 1 WHERE position_id = $1`, [
          positionA.id,
        ]),
      ).rejects.toThrow(/immutable/);
    });

    it('answers the contract queries other contexts use', async () => {
      const queries = system.worker!.get(QueryBus);
      const snapshot = await queries.execute(new PositionStandardQuery(positionA.id));
      expect(snapshot).toMatchObject({ positionId: positionA.id, agencyId: agencyA, version: 2, status: 'PUBLISHED' });
      expect(snapshot!.items.find((i) => i.competencyCode === 'SK.01')).toMatchObject({
        competencyType: 'SOCIOCULTURAL',
        requiredLevel: 3,
      });
      expect((await queries.execute(new PositionStandardQuery(positionA.id, { version: 1 })))!.items).toHaveLength(10);
      expect(await queries.execute(new PositionStandardQuery(positionFunctional.id))).toBeNull();
      expect(await queries.execute(new PositionStandardQuery(positionFunctional.id, { draftWhenNone: true }))).toMatchObject({
        status: 'DRAFT',
        version: 0,
      });
      const many = await queries.execute(new PositionStandardsQuery([positionA.id, positionFunctional.id]));
      expect(many).toEqual([snapshot]);
      expect(await queries.execute(new RequiredLevelQuery(positionA.id, 'M.04'))).toMatchObject({
        standardVersion: 2,
        requiredLevel: 4,
      });
      expect(await queries.execute(new RequiredLevelQuery(positionA.id, techA))).toBeNull();
      const text = await queries.execute(new CompetencyLevelTextQuery('M.01', 1, 2));
      expect(text).toMatchObject({ code: 'M.01', version: 1, level: 2, name: 'Integritas', type: 'MANAGERIAL' });
      expect(text!.indicators[0].number).toBe('2.1');
      expect(await queries.execute(new CompetencyLevelTextQuery(techA, 1, 5))).toBeNull();
      expect(await queries.execute(new CompetencySummaryQuery(techA))).toMatchObject({ agencyId: agencyA, definedLevels: [1, 2, 3] });
    });

    it('refuses a bad standard with field-level problems and changes nothing', async () => {
      const path = `/api/v1/positions/${positionFunctional.id}/standard`;
      const expectProblem = async (body: unknown, field: string, status = 400) => {
        const answer = await adminA.put(path, body);
        expect(answer.status).toBe(status);
        expect(answer.headers.get('content-type')).toContain('application/problem+json');
        expect(answer.body.errors.map((e: any) => e.field)).toContain(field);
      };
      await expectProblem({ items: national(2).slice(1) }, 'items');
      const zero = national(2);
      zero[3] = { competencyCode: 'M.04', requiredLevel: 0 };
      await expectProblem({ items: zero }, 'items[3].requiredLevel');
      const six = national(2);
      six[3] = { competencyCode: 'M.04', requiredLevel: 6 };
      await expectProblem({ items: six }, 'items[3].requiredLevel');
      await expectProblem({ items: [...national(2), { competencyCode: 'NOPE.99', requiredLevel: 1 }] }, 'items[9].competencyCode');
      await expectProblem({ items: [...national(2), { competencyCode: techA, requiredLevel: 5 }] }, 'items[9].requiredLevel');
      await expectProblem({ items: [...national(2), { competencyCode: 'M.01', requiredLevel: 2 }] }, 'items[9].competencyCode');
      // Wrong types and unknown fields.
      const text = national(2) as any[];
      text[3] = { competencyCode: 'M.04', requiredLevel: '3' };
      await expectProblem({ items: text }, 'items[3].requiredLevel');
      await expectProblem({ items: national(2), extra: true }, 'extra');
      await expectProblem({ items: 'M.01' }, 'items');
      await expectProblem({ items: national(2), version: 'one' }, 'version');
      const malformed = await adminA.request('PUT', path, '{"items": [', { 'content-type': 'application/json' });
      expect(malformed.status).toBe(400);
      expect(malformed.headers.get('content-type')).toContain('application/problem+json');
      expect((await adminA.get(path)).body).toMatchObject({ status: 'DRAFT', version: 0 });
      expect(await outbox('PositionStandardPublished', positionFunctional.id)).toHaveLength(0);
    });

    it('keeps agency admins to their own agency’s positions (404) and employees to reading', async () => {
      expect((await adminB.get(`/api/v1/positions/${positionA.id}/standard`)).status).toBe(404);
      expect((await adminB.get(`/api/v1/positions/${positionA.id}/standard/versions`)).status).toBe(404);
      expect((await adminB.put(`/api/v1/positions/${positionA.id}/standard`, { version: 2, items: national(1) })).status).toBe(404);
      expect((await adminA.put(`/api/v1/positions/${positionB.id}/standard`, { items: national(1) })).status).toBe(404);
      expect((await employeeA.get(`/api/v1/positions/${positionA.id}/standard`)).status).toBe(200);
      expect((await employeeA.put(`/api/v1/positions/${positionA.id}/standard`, { version: 2, items: national(1) })).status).toBe(403);
      expect((await admin.get(`/api/v1/positions/00000000-0000-7000-8000-000000000000/standard`)).status).toBe(404);
    });
  });

  describe('imports', () => {
    const competencyCsv = (code: string, description = 'Memahami dasar') =>
      [
        'code,name,type,definition,agencyId,level,levelDescription,indicatorNumber,indicatorText',
        `${code},"Audit Keuangan, Dasar",TECHNICAL,Kemampuan mengaudit.,,1,${description},1.1,Menjelaskan standar audit.`,
        `${code},"Audit Keuangan, Dasar",TECHNICAL,Kemampuan mengaudit.,,1,${description},1.2,"Menyusun kertas kerja
dengan rapi."`,
        `${code},"Audit Keuangan, Dasar",TECHNICAL,Kemampuan mengaudit.,,2,Melaksanakan audit,2.1,Melaksanakan audit sederhana.`,
      ].join('\n') + '\n';
    const csv = (http: Http, path: string, body: string, mode?: string) =>
      http.post(`/api/v1${path}${mode ? `?mode=${mode}` : ''}`, body, { 'content-type': 'text/csv' });

    it('imports competencies with levels and indicators; the same file twice changes nothing', async () => {
      const code = `TK.IMP.${run}`;
      const first = await csv(adminA, '/competencies/import', competencyCsv(code));
      expect(first.status).toBe(200);
      expect(first.body).toEqual({
        mode: 'all-or-nothing',
        rows: 3,
        accepted: 3,
        created: 1,
        updated: 0,
        unchanged: 0,
        published: [{ code, version: 1 }],
        refused: [],
      });
      const imported = await adminA.get(`/api/v1/competencies/${code}`);
      expect(imported.body).toMatchObject({ name: 'Audit Keuangan, Dasar', agencyId: agencyA, version: 1, summary: false });
      expect(imported.body.levels[0].indicators).toEqual([
        { number: '1.1', text: 'Menjelaskan standar audit.' },
        { number: '1.2', text: 'Menyusun kertas kerja\ndengan rapi.' },
      ]);
      const again = await csv(adminA, '/competencies/import', competencyCsv(code));
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 1, published: [] });
      const changed = await csv(adminA, '/competencies/import', competencyCsv(code, 'Memahami dasar audit'));
      expect(changed.body).toMatchObject({ updated: 1, published: [{ code, version: 2 }] });
      const versions = await adminA.get(`/api/v1/competencies/${code}/versions`);
      expect(versions.body.items).toHaveLength(2);
    });

    it('refuses rows by line; a refused row changes nothing unless ?mode=partial', async () => {
      const good = `TK.OK.${run}`;
      const body = [
        'code,name,type,definition,level,levelDescription,indicatorNumber,indicatorText',
        `${good},Baik,TECHNICAL,Definisi.,1,Dasar,1.1,Indikator.`,
        `TK.BAD.${run},Buruk,TECHNICAL,Definisi.,7,Dasar,7.1,Indikator.`,
        `M.03,Komunikasi,MANAGERIAL,Definisi.,1,Dasar,1.1,Indikator.`,
        `TK.SHORT.${run},Pendek`,
      ].join('\n');
      const m03Before = (await admin.get('/api/v1/competencies/M.03')).body.version;
      const refused = await csv(adminA, '/competencies/import', body);
      expect(refused.status).toBe(422);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body.report).toMatchObject({ mode: 'all-or-nothing', rows: 4, accepted: 1, created: 0 });
      expect(refused.body.report.refused).toEqual([
        { line: 3, reason: expect.stringContaining('level') },
        { line: 4, reason: expect.stringMatching(/M\.03/) },
        { line: 5, reason: expect.stringContaining('fields') },
      ]);
      expect((await adminA.get(`/api/v1/competencies/${good}`)).status).toBe(404);
      const partial = await csv(adminA, '/competencies/import', body, 'partial');
      expect(partial.status).toBe(200);
      expect(partial.body).toMatchObject({ mode: 'partial', accepted: 1, created: 1 });
      expect(partial.body.refused).toHaveLength(3);
      expect((await adminA.get(`/api/v1/competencies/${good}`)).status).toBe(200);
      expect((await admin.get('/api/v1/competencies/M.03')).body.version).toBe(m03Before);
    });

    it('imports the standards of many positions; the same file twice changes nothing', async () => {
      const p1 = (await admin.post('/api/v1/positions', { code: `IMP1-${run}`, name: 'Imp 1', kind: 'PELAKSANA', agencyId: agencyA })).body;
      const p2 = (await admin.post('/api/v1/positions', { code: `IMP2-${run}`, name: 'Imp 2', kind: 'PENGAWAS', agencyId: agencyA })).body;
      const rows = (code: string, level: number, extra: string[] = []) => [
        ...NATIONAL_COMPETENCY_CODES.map((c) => `${code},${c},${level}`),
        ...extra,
      ];
      const file = ['positionCode,competencyCode,requiredLevel', ...rows(p1.code, 1), ...rows(p2.code, 2, [`${p2.code},${techA},3`])].join(
        '\r\n',
      );
      const first = await csv(adminA, '/positions/standards/import', file);
      expect(first.body).toMatchObject({ rows: 19, accepted: 19, created: 2, updated: 0, unchanged: 0, refused: [] });
      expect((await adminA.get(`/api/v1/positions/${p2.id}/standard`)).body).toMatchObject({ version: 1, status: 'PUBLISHED' });
      const again = await csv(adminA, '/positions/standards/import', file);
      expect(again.body).toMatchObject({ created: 0, updated: 0, unchanged: 2, published: [] });
      expect((await adminA.get(`/api/v1/positions/${p2.id}/standard/versions`)).body.items).toHaveLength(1);

      // One bad row (a level the technical competency does not define) and nothing changes.
      const bad = ['positionCode,competencyCode,requiredLevel', ...rows(p1.code, 2), ...rows(p2.code, 3, [`${p2.code},${techA},5`])].join(
        '\n',
      );
      const refused = await csv(adminA, '/positions/standards/import', bad);
      expect(refused.status).toBe(422);
      expect(refused.body.report).toMatchObject({ rows: 19, accepted: 9 });
      expect(refused.body.report.refused).toHaveLength(10);
      expect(refused.body.report.refused.find((r: any) => r.line === 20)).toEqual({
        line: 20,
        reason: expect.stringContaining('does not define level 5'),
      });
      expect((await adminA.get(`/api/v1/positions/${p1.id}/standard`)).body.version).toBe(1);
      const partial = await csv(adminA, '/positions/standards/import', bad, 'partial');
      expect(partial.body).toMatchObject({ updated: 1, published: [{ positionCode: p1.code, version: 2 }] });

      // Another agency's positions are not found; a missing national competency refuses the position.
      const foreign = ['positionCode,competencyCode,requiredLevel', ...rows(positionB.code, 2), ...rows(p1.code, 2).slice(1)].join('\n');
      const answer = await csv(adminA, '/positions/standards/import', foreign);
      expect(answer.body.report.refused[0]).toEqual({ line: 2, reason: `position ${positionB.code} was not found` });
      expect(answer.body.report.refused[9].reason).toContain('missing M.01');
    });

    it('documents the imports in OpenAPI', async () => {
      const doc = (await new Http(system.url).get('/docs-json')).body;
      for (const path of ['/api/v1/competencies/import', '/api/v1/positions/standards/import']) {
        const body = doc.paths[path].post.requestBody.content['text/csv'];
        expect(body.schema.example).toContain(
          path.includes('standards') ? 'positionCode,competencyCode,requiredLevel' : 'indicatorNumber,indicatorText',
        );
      }
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          '/api/v1/competencies/{code}',
          '/api/v1/competencies/{code}/versions',
          '/api/v1/positions/{id}/standard',
          '/api/v1/positions/{id}/standard/versions',
        ]),
      );
    });

    it('audits every import change, and the events go through the outbox', async () => {
      const [audit] = await system.db.query(
        `SELECT count(*)::int AS n FROM audit.audit_log WHERE action IN ('competency.import', 'position-standard.import') AND actor_email LIKE $1`,
        [`a-${run}@%`.toLowerCase()],
      );
      expect(audit.n).toBeGreaterThanOrEqual(5);
      const events = await system.db.query(
        `SELECT payload->>'version' AS version FROM messaging.outbox WHERE event_name = 'CompetencyPublished' AND payload->>'code' = $1 ORDER BY seq`,
        [`TK.IMP.${run}`],
      );
      expect(events.map((e: any) => e.version)).toEqual(['1', '2']);
      const standards = await system.db.query(
        `SELECT payload->>'version' AS version FROM messaging.outbox WHERE event_name = 'PositionStandardPublished' AND payload->>'positionCode' = $1 ORDER BY seq`,
        [`IMP1-${run}`],
      );
      expect(standards.map((e: any) => e.version)).toEqual(['1', '2']);
    });

    it('refuses a wrong content type (415), a bad header (400), and another role (403)', async () => {
      const json = await adminA.post('/api/v1/positions/standards/import', { rows: [] });
      expect(json.status).toBe(415);
      expect(json.headers.get('content-type')).toContain('application/problem+json');
      const header = await csv(adminA, '/positions/standards/import', 'position,competency,level\nx,y,1\n');
      expect(header.status).toBe(400);
      expect(header.body.errors[0].field).toBe('header');
      const quote = await csv(adminA, '/positions/standards/import', 'positionCode,competencyCode,requiredLevel\n"x,y,1\n');
      expect(quote.status).toBe(400);
      expect((await csv(employeeA, '/competencies/import', competencyCsv('X'))).status).toBe(403);
      expect((await adminA.post('/api/v1/competencies/import?mode=sometimes', 'a', { 'content-type': 'text/csv' })).status).toBe(400);
    });
  });
});
