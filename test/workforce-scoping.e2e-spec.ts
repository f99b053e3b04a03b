import { ADMIN, Answer, Http, RunningSystem, startSystem, validNip } from './support/system';
import { AgencyFixture, createAgency, expectProblem, listAll, PASSWORD, snapshot, tag } from './support/workforce';

/**
 * Scoping over HTTP: an agency admin sees and changes only their own agency's
 * workforce records, and gets 404 (never the contents) for another's; an
 * employee sees only their own employee record.
 */
describe('Workforce scoping', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencyFixture;
  let b: AgencyFixture;
  let ministryAdminId: string;

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await createAgency(ministry, 'SCOPE-A');
    b = await createAgency(ministry, 'SCOPE-B');
    const me = await ministry.get(`/api/v1/users?email=${encodeURIComponent(ADMIN.email)}`);
    ministryAdminId = me.body.items[0].id;
  });
  afterAll(() => system.close());

  /** Every workforce record of an agency, with the path that reads it. */
  function recordsOf(f: AgencyFixture): { label: string; path: string; secrets: string[] }[] {
    return [
      { label: 'agency', path: `/api/v1/agencies/${f.agency.id}`, secrets: [f.agency.code, f.agency.name] },
      { label: 'agency units', path: `/api/v1/agencies/${f.agency.id}/units`, secrets: [f.rootUnit.name, f.childUnit.name] },
      { label: 'agency unit tree', path: `/api/v1/agencies/${f.agency.id}/units/tree`, secrets: [f.rootUnit.name, f.childUnit.name] },
      { label: 'root unit', path: `/api/v1/units/${f.rootUnit.id}`, secrets: [f.rootUnit.name] },
      { label: 'child unit', path: `/api/v1/units/${f.childUnit.id}`, secrets: [f.childUnit.name] },
      { label: 'position', path: `/api/v1/positions/${f.position.id}`, secrets: [f.position.code, f.position.name] },
      { label: 'functional position', path: `/api/v1/positions/${f.functionalPosition.id}`, secrets: [f.functionalPosition.code] },
      { label: 'employee', path: `/api/v1/employees/${f.employee.id}`, secrets: [f.employee.nip, f.employee.name] },
      { label: 'colleague', path: `/api/v1/employees/${f.colleague.id}`, secrets: [f.colleague.nip, f.colleague.name] },
      { label: 'admin user', path: `/api/v1/users/${f.adminUser.id}`, secrets: [f.adminEmail] },
      { label: 'employee user', path: `/api/v1/users/${f.employeeUser.id}`, secrets: [f.employeeEmail] },
    ];
  }

  function expectNotFound(answer: { status: number; text: string; headers: Headers; body: any }, secrets: string[], label: string): void {
    try {
      expectProblem(answer, 404);
    } catch (error) {
      throw new Error(`${label}: ${(error as Error).message}`);
    }
    for (const secret of secrets) expect({ label, leaked: answer.text.includes(secret) }).toEqual({ label, leaked: false });
  }

  it('the bootstrap admin set up two agencies, each with units, positions, employees and an agency admin', async () => {
    for (const f of [a, b]) {
      const tree = await ministry.get(`/api/v1/agencies/${f.agency.id}/units/tree`);
      expect(tree.status).toBe(200);
      expect(tree.body).toEqual([
        expect.objectContaining({ id: f.rootUnit.id, children: [expect.objectContaining({ id: f.childUnit.id, children: [] })] }),
      ]);
      const positions = await ministry.get(`/api/v1/positions?agencyId=${f.agency.id}`);
      expect(positions.body.items.map((p: any) => p.id).sort()).toEqual([f.position.id, f.functionalPosition.id].sort());
      expect(f.adminUser).toMatchObject({ role: 'AGENCY_ADMIN', agencyId: f.agency.id });
      expect(f.employeeUser).toMatchObject({ role: 'EMPLOYEE', agencyId: f.agency.id, employeeId: f.employee.id });
    }
  });

  it('an agency admin reads every record of their own agency', async () => {
    for (const [f] of [[a], [b]]) {
      for (const record of recordsOf(f)) {
        const answer = await f.admin.get(record.path);
        expect({ record: record.label, status: answer.status }).toEqual({ record: record.label, status: 200 });
      }
    }
  });

  it.each([
    ['A', 'B'],
    ['B', 'A'],
  ])('agency admin %s gets 404 for every one of agency %s’s workforce records', async (mine, theirs) => {
    const [me, other] = mine === 'A' ? [a, b] : [b, a];
    void theirs;
    for (const record of recordsOf(other)) {
      expectNotFound(await me.admin.get(record.path), record.secrets, `GET ${record.label}`);
    }
    // The ministry admin's own account is outside every agency too.
    expectNotFound(await me.admin.get(`/api/v1/users/${ministryAdminId}`), [ADMIN.email], 'GET ministry admin user');
  });

  it.each([
    ['A', 'B'],
    ['B', 'A'],
  ])('agency admin %s gets 404 for every write to agency %s’s records, and nothing changes', async (mine) => {
    const [me, other] = mine === 'A' ? [a, b] : [b, a];
    const before = await snapshot(system.db);
    const writes: [string, string, string, unknown][] = [
      ['PATCH agency', 'PATCH', `/api/v1/agencies/${other.agency.id}`, { version: other.agency.version, name: 'Taken over' }],
      ['POST unit', 'POST', `/api/v1/agencies/${other.agency.id}/units`, { code: 'INTRUDER', name: 'Intruder' }],
      ['PATCH unit', 'PATCH', `/api/v1/units/${other.childUnit.id}`, { version: other.childUnit.version, name: 'Taken over' }],
      ['PATCH unit (re-parent)', 'PATCH', `/api/v1/units/${other.childUnit.id}`, { version: other.childUnit.version, parentId: null }],
      ['retire unit', 'POST', `/api/v1/units/${other.childUnit.id}/retire`, { version: other.childUnit.version }],
      [
        'POST position',
        'POST',
        '/api/v1/positions',
        { code: `INTRUDER-${tag()}`, name: 'Intruder', kind: 'PELAKSANA', agencyId: other.agency.id },
      ],
      ['PATCH position', 'PATCH', `/api/v1/positions/${other.position.id}`, { version: other.position.version, name: 'Taken over' }],
      ['retire position', 'POST', `/api/v1/positions/${other.functionalPosition.id}/retire`, { version: other.functionalPosition.version }],
      [
        'POST employee',
        'POST',
        '/api/v1/employees',
        {
          nip: validNip(),
          name: 'Intruder',
          kind: 'PNS',
          agencyId: other.agency.id,
          unitId: other.rootUnit.id,
          positionId: other.position.id,
        },
      ],
      ['PATCH employee', 'PATCH', `/api/v1/employees/${other.employee.id}`, { version: other.employee.version, name: 'Taken over' }],
      [
        'PATCH employee (move to my unit)',
        'PATCH',
        `/api/v1/employees/${other.employee.id}`,
        { version: other.employee.version, unitId: me.rootUnit.id },
      ],
      ['retire employee', 'POST', `/api/v1/employees/${other.colleague.id}/retire`, { version: other.colleague.version }],
      [
        'POST agency admin for the other agency',
        'POST',
        '/api/v1/users',
        { email: `x.${tag()}@example.go.id`, password: PASSWORD, role: 'AGENCY_ADMIN', agencyId: other.agency.id },
      ],
      [
        'POST employee user for the other agency’s employee',
        'POST',
        '/api/v1/users',
        { email: `y.${tag()}@example.go.id`, password: PASSWORD, role: 'EMPLOYEE', employeeId: other.colleague.id },
      ],
      [
        'POST my agency admin linked to the other agency’s employee',
        'POST',
        '/api/v1/users',
        {
          email: `z.${tag()}@example.go.id`,
          password: PASSWORD,
          role: 'AGENCY_ADMIN',
          agencyId: me.agency.id,
          employeeId: other.colleague.id,
        },
      ],
      [
        'PATCH user (password)',
        'PATCH',
        `/api/v1/users/${other.adminUser.id}`,
        { version: other.adminUser.version, password: 'taken-over-password' },
      ],
      ['PATCH ministry admin (password)', 'PATCH', `/api/v1/users/${ministryAdminId}`, { version: 1, password: 'taken-over-password' }],
      ['retire user', 'POST', `/api/v1/users/${other.employeeUser.id}/retire`, { version: other.employeeUser.version }],
    ];
    const failures: string[] = [];
    for (const [label, method, path, body] of writes) {
      const answer = await me.admin.request(method, path, body);
      if (answer.status !== 404 || !(answer.headers.get('content-type') ?? '').startsWith('application/problem+json')) {
        failures.push(`${label}: ${answer.status} ${answer.text.slice(0, 300)}`);
      }
    }
    expect(failures).toEqual([]);
    // Retiring an agency is for ministry admins only: 403 whatever the agency.
    expectProblem(await me.admin.post(`/api/v1/agencies/${other.agency.id}/retire`, { version: other.agency.version }), 403);
    expect(await snapshot(system.db)).toEqual(before);
    // And the other agency's records are as they were.
    const check = await ministry.get(`/api/v1/employees/${other.employee.id}`);
    expect(check.body).toMatchObject({
      name: other.employee.name,
      unitId: other.employee.unitId,
      version: other.employee.version,
      retiredAt: null,
    });
  });

  it.each([
    ['A', 'B'],
    ['B', 'A'],
  ])('agency admin %s never sees agency %s’s records in lists, whatever the filter', async (mine) => {
    const [me, other] = mine === 'A' ? [a, b] : [b, a];
    const theirIds = new Set<string>(
      [
        other.agency,
        other.rootUnit,
        other.childUnit,
        other.position,
        other.functionalPosition,
        other.employee,
        other.colleague,
        other.adminUser,
        other.employeeUser,
      ].map((r) => r.id),
    );
    theirIds.add(ministryAdminId);
    const lists = [
      '/api/v1/agencies',
      '/api/v1/agencies?includeRetired=true',
      `/api/v1/agencies?code=${encodeURIComponent(other.agency.code)}`,
      '/api/v1/positions',
      `/api/v1/positions?agencyId=${other.agency.id}`,
      `/api/v1/positions?code=${encodeURIComponent(other.position.code)}`,
      '/api/v1/positions?kind=FUNGSIONAL&includeRetired=true',
      '/api/v1/employees',
      '/api/v1/employees?includeRetired=true',
      `/api/v1/employees?nip=${other.employee.nip}`,
      `/api/v1/employees?agencyId=${other.agency.id}`,
      `/api/v1/employees?unitId=${other.childUnit.id}`,
      `/api/v1/employees?positionId=${other.position.id}`,
      `/api/v1/employees?name=${encodeURIComponent(other.employee.name)}`,
      '/api/v1/users',
      '/api/v1/users?includeRetired=true',
      `/api/v1/users?email=${encodeURIComponent(other.adminEmail)}`,
      `/api/v1/users?agencyId=${other.agency.id}`,
      '/api/v1/users?role=MINISTRY_ADMIN',
      `/api/v1/agencies/${me.agency.id}/units?includeRetired=true`,
    ];
    for (const path of lists) {
      const items = await listAll(me.admin, path);
      const leaked = items.filter((item: any) => theirIds.has(item.id) || (item.agencyId && item.agencyId !== me.agency.id));
      expect({ path, leaked }).toEqual({ path, leaked: [] });
    }
    // The own agency is there; paging one by one with cursors does not escape the scope either.
    expect((await listAll(me.admin, '/api/v1/agencies')).map((x: any) => x.id)).toEqual([me.agency.id]);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: any = await me.admin.get(`/api/v1/employees?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.status).toBe(200);
      seen.push(...page.body.items.map((e: any) => e.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual([me.employee.id, me.colleague.id].sort());
    // A cursor taken from the ministry admin's view does not widen the scope.
    const wide = await ministry.get('/api/v1/employees?limit=1');
    if (wide.body.nextCursor) {
      const items = await listAll(me.admin, `/api/v1/employees?cursor=${wide.body.nextCursor}`);
      expect(items.filter((e: any) => e.agencyId !== me.agency.id)).toEqual([]);
    }
  });

  it('ids are ids whatever their letter case: an upper-case id is neither a way in nor a way to lock oneself out', async () => {
    const upper = (id: string) => id.toUpperCase();
    expect((await a.admin.get(`/api/v1/agencies/${upper(a.agency.id)}`)).status).toBe(200);
    expect((await a.admin.get(`/api/v1/agencies/${upper(a.agency.id)}/units`)).status).toBe(200);
    expect((await listAll(a.admin, `/api/v1/employees?agencyId=${upper(a.agency.id)}`)).length).toBe(2);
    expectNotFound(await a.admin.get(`/api/v1/agencies/${upper(b.agency.id)}`), [b.agency.name], 'other agency, upper case');
    expectNotFound(await a.admin.get(`/api/v1/employees/${upper(b.employee.id)}`), [b.employee.nip], 'other employee, upper case');
    const before = await snapshot(system.db);
    const unit = await a.admin.post(`/api/v1/agencies/${upper(b.agency.id)}/units`, { code: 'UPPER', name: 'Upper' });
    expectProblem(unit, 404);
    expect(await snapshot(system.db)).toEqual(before);
    // Naming the current position in upper case is no move.
    const current = (await a.admin.get(`/api/v1/employees/${a.colleague.id}`)).body;
    const same = await a.admin.patch(`/api/v1/employees/${upper(a.colleague.id)}`, {
      version: current.version,
      positionId: upper(current.positionId),
      unitId: upper(current.unitId),
    });
    expect(same.status).toBe(200);
    expect(same.body).toMatchObject({ positionId: current.positionId, unitId: current.unitId });
    const moves = await system.db.query(
      `SELECT 1 FROM messaging.outbox WHERE event_name = 'EmployeePositionChanged' AND aggregate_id = $1`,
      [a.colleague.id],
    );
    expect(moves).toEqual([]);
  });

  it('the ministry admin sees both agencies’ records', async () => {
    const agencies = (await listAll(ministry, '/api/v1/agencies')).map((x: any) => x.id);
    expect(agencies).toEqual(expect.arrayContaining([a.agency.id, b.agency.id]));
    const employees = (await listAll(ministry, '/api/v1/employees')).map((x: any) => x.id);
    expect(employees).toEqual(expect.arrayContaining([a.employee.id, a.colleague.id, b.employee.id, b.colleague.id]));
    const users = (await listAll(ministry, '/api/v1/users')).map((x: any) => x.id);
    expect(users).toEqual(expect.arrayContaining([a.adminUser.id, b.adminUser.id, a.employeeUser.id, b.employeeUser.id, ministryAdminId]));
  });

  describe('an employee user', () => {
    it('sees only their own employee record', async () => {
      for (const f of [a, b]) {
        const all = await listAll(f.asEmployee, '/api/v1/employees');
        expect(all.map((e: any) => e.id)).toEqual([f.employee.id]);
        expect(await listAll(f.asEmployee, '/api/v1/employees?includeRetired=true')).toHaveLength(1);
        expect(await listAll(f.asEmployee, `/api/v1/employees?nip=${f.colleague.nip}`)).toEqual([]);
        expect(await listAll(f.asEmployee, `/api/v1/employees?agencyId=${f.agency.id}`)).toHaveLength(1);
        const own = await f.asEmployee.get(`/api/v1/employees/${f.employee.id}`);
        expect(own.status).toBe(200);
        expect(own.body).toMatchObject({ id: f.employee.id, nip: f.employee.nip });
      }
    });

    it('gets 404 for a colleague’s record and for any record of another agency', async () => {
      expectNotFound(await a.asEmployee.get(`/api/v1/employees/${a.colleague.id}`), [a.colleague.nip, a.colleague.name], 'colleague');
      for (const record of recordsOf(b).filter((r) => !r.path.includes('/users/'))) {
        expectNotFound(await a.asEmployee.get(record.path), record.secrets, `other agency ${record.label}`);
      }
      expect((await listAll(a.asEmployee, '/api/v1/agencies')).map((x: any) => x.id)).toEqual([a.agency.id]);
      expect((await listAll(a.asEmployee, '/api/v1/positions')).every((p: any) => p.agencyId === a.agency.id)).toBe(true);
    });

    it('gets 403 from the user endpoints and every admin write, and nothing changes', async () => {
      const before = await snapshot(system.db);
      const calls: [string, string, unknown?][] = [
        ['GET', '/api/v1/users'],
        ['GET', `/api/v1/users/${a.employeeUser.id}`],
        ['PATCH', `/api/v1/users/${a.employeeUser.id}`, { version: 1, password: 'a-new-password-123' }],
        ['POST', `/api/v1/users/${a.employeeUser.id}/retire`, { version: 1 }],
        ['POST', '/api/v1/users', { email: `e.${tag()}@example.go.id`, password: PASSWORD, role: 'EMPLOYEE', employeeId: a.colleague.id }],
        ['POST', '/api/v1/agencies', { code: `E-${tag()}`, name: 'Mine', kind: 'AGENCY' }],
        ['PATCH', `/api/v1/agencies/${a.agency.id}`, { version: a.agency.version, name: 'Mine' }],
        ['POST', `/api/v1/agencies/${a.agency.id}/retire`, { version: a.agency.version }],
        ['POST', `/api/v1/agencies/${a.agency.id}/units`, { code: 'MINE', name: 'Mine' }],
        ['PATCH', `/api/v1/units/${a.childUnit.id}`, { version: a.childUnit.version, name: 'Mine' }],
        ['POST', `/api/v1/units/${a.childUnit.id}/retire`, { version: a.childUnit.version }],
        ['POST', '/api/v1/positions', { code: `E-${tag()}`, name: 'Mine', kind: 'PELAKSANA', agencyId: a.agency.id }],
        ['PATCH', `/api/v1/positions/${a.position.id}`, { version: a.position.version, name: 'Mine' }],
        ['POST', `/api/v1/positions/${a.position.id}/retire`, { version: a.position.version }],
        [
          'POST',
          '/api/v1/employees',
          { nip: validNip(), name: 'Mine', kind: 'PNS', agencyId: a.agency.id, unitId: a.rootUnit.id, positionId: a.position.id },
        ],
        ['PATCH', `/api/v1/employees/${a.employee.id}`, { version: a.employee.version, name: 'Promoted myself' }],
        ['POST', `/api/v1/employees/${a.employee.id}/retire`, { version: a.employee.version }],
        ['GET', '/api/v1/audit-log'],
      ];
      for (const [method, path, body] of calls) {
        const answer = await a.asEmployee.request(method, path, body);
        try {
          expectProblem(answer, 403);
        } catch (error) {
          throw new Error(`${method} ${path}: ${(error as Error).message}`);
        }
      }
      expect(await snapshot(system.db)).toEqual(before);
    });
  });

  describe('an assessor', () => {
    it('sees the employees of the agencies assigned to them, and no others', async () => {
      const email = `assessor.${tag().toLowerCase()}@example.go.id`;
      const created = await ministry.post('/api/v1/users', {
        email,
        password: PASSWORD,
        role: 'ASSESSOR',
        assessorAgencyIds: [a.agency.id],
      });
      expect(created.status).toBe(201);
      const assessor = await ministry.signIn(email, PASSWORD);
      const employees = await listAll(assessor, '/api/v1/employees');
      expect(employees.map((e: any) => e.id).sort()).toEqual([a.employee.id, a.colleague.id].sort());
      expectNotFound(await assessor.get(`/api/v1/employees/${b.employee.id}`), [b.employee.nip], 'other agency employee');
      expectNotFound(await assessor.get(`/api/v1/agencies/${b.agency.id}`), [b.agency.name], 'other agency');
      expectProblem(await assessor.get('/api/v1/users'), 403);
      expectProblem(await assessor.patch(`/api/v1/employees/${a.employee.id}`, { version: a.employee.version, name: 'x' }), 403);
    });
  });

  describe('within their own agency, an agency admin', () => {
    it('changes units, positions, employees and users, each change a new version', async () => {
      const c = await createAgency(ministry, 'SCOPE-C');
      const expectOk = async (answer: Promise<Answer>, status = 200) => {
        const done = await answer;
        if (done.status !== status) throw new Error(`${done.status} ${done.text}`);
        return done.body;
      };
      expect(await expectOk(c.admin.patch(`/api/v1/agencies/${c.agency.id}`, { version: 1, name: 'Renamed agency' }))).toMatchObject({
        name: 'Renamed agency',
        version: 2,
      });
      expect(await expectOk(c.admin.patch(`/api/v1/units/${c.childUnit.id}`, { version: 1, name: 'Renamed unit' }))).toMatchObject({
        version: 2,
      });
      expect(await expectOk(c.admin.patch(`/api/v1/positions/${c.position.id}`, { version: 1, name: 'Renamed position' }))).toMatchObject({
        version: 2,
      });
      const moved = await expectOk(
        c.admin.patch(`/api/v1/employees/${c.employee.id}`, {
          version: 1,
          unitId: c.rootUnit.id,
          positionId: c.functionalPosition.id,
          email: null,
        }),
      );
      expect(moved).toMatchObject({
        id: c.employee.id,
        unitId: c.rootUnit.id,
        positionId: c.functionalPosition.id,
        email: null,
        version: 2,
      });
      const events = await system.db.query(
        `SELECT payload FROM messaging.outbox WHERE event_name = 'EmployeePositionChanged' AND aggregate_id = $1`,
        [c.employee.id],
      );
      expect(events.map((e: any) => e.payload)).toEqual([
        expect.objectContaining({ employeeId: c.employee.id, fromPositionId: c.position.id, toPositionId: c.functionalPosition.id }),
      ]);
      // Now empty, the unit and the position can retire.
      expect(await expectOk(c.admin.post(`/api/v1/units/${c.childUnit.id}/retire`, { version: 2 }))).toMatchObject({
        retiredAt: expect.any(String),
        version: 3,
      });
      expect(await expectOk(c.admin.post(`/api/v1/positions/${c.position.id}/retire`, { version: 2 }))).toMatchObject({
        retiredAt: expect.any(String),
      });
      const user = await expectOk(
        c.admin.post('/api/v1/users', {
          email: `c.${tag().toLowerCase()}@example.go.id`,
          password: PASSWORD,
          role: 'EMPLOYEE',
          employeeId: c.colleague.id,
        }),
        201,
      );
      expect(user).toMatchObject({ role: 'EMPLOYEE', agencyId: c.agency.id, employeeId: c.colleague.id });
      expect(await expectOk(c.admin.patch(`/api/v1/users/${user.id}`, { version: 1, password: 'a-brand-new-password' }))).toMatchObject({
        version: 2,
      });
      expect(await expectOk(c.admin.post(`/api/v1/users/${user.id}/retire`, { version: 2 }))).toMatchObject({
        retiredAt: expect.any(String),
      });
      expect(await expectOk(c.admin.post(`/api/v1/employees/${c.colleague.id}/retire`, { version: 1 }))).toMatchObject({
        retiredAt: expect.any(String),
        version: 2,
      });
      // Retired records leave the lists unless asked for.
      expect((await listAll(c.admin, '/api/v1/employees')).map((e: any) => e.id)).toEqual([c.employee.id]);
      expect((await listAll(c.admin, '/api/v1/employees?includeRetired=true')).map((e: any) => e.id).sort()).toEqual(
        [c.employee.id, c.colleague.id].sort(),
      );
    });
  });

  describe('the audit log', () => {
    let started: string;
    let unit: any;
    let updated: any;
    let position: any;

    beforeAll(async () => {
      started = new Date(Date.now() - 1000).toISOString();
      const ok = async (answer: Promise<Answer>, status: number) => {
        const done = await answer;
        if (done.status !== status) throw new Error(`${done.status} ${done.text}`);
        return done.body;
      };
      unit = await ok(
        a.admin.post(`/api/v1/agencies/${a.agency.id}/units`, { code: `AUD-${tag()}`, name: 'Audit bureau', parentId: a.rootUnit.id }),
        201,
      );
      updated = await ok(a.admin.patch(`/api/v1/units/${unit.id}`, { version: unit.version, name: 'Audit and compliance bureau' }), 200);
      position = await ok(
        ministry.post('/api/v1/positions', { code: `AUD-${tag()}`, name: 'Auditor', kind: 'PELAKSANA', agencyId: b.agency.id }),
        201,
      );
      expect(updated.version).toBe(2);
    });

    it('shows who created and updated what, with before and after', async () => {
      const answer = await ministry.get(`/api/v1/audit-log?entityId=${unit.id}&order=asc`);
      expect(answer.status).toBe(200);
      expect(answer.body.items).toEqual([
        expect.objectContaining({
          action: 'org-unit.create',
          entityType: 'OrgUnit',
          entityId: unit.id,
          agencyId: a.agency.id,
          actorEmail: a.adminEmail,
          actorRole: 'AGENCY_ADMIN',
          actorUserId: a.adminUser.id,
          before: null,
          after: expect.objectContaining({ id: unit.id, name: 'Audit bureau', version: 1 }),
        }),
        expect.objectContaining({
          action: 'org-unit.update',
          actorEmail: a.adminEmail,
          before: expect.objectContaining({ name: 'Audit bureau', version: 1 }),
          after: expect.objectContaining({ name: 'Audit and compliance bureau', version: 2 }),
        }),
      ]);
      for (const entry of answer.body.items) {
        expect(typeof entry.at).toBe('string');
        expect(typeof entry.requestId).toBe('string');
      }
    });

    it('records the creation of users without their password', async () => {
      const answer = await ministry.get(`/api/v1/audit-log?entityId=${a.adminUser.id}&action=user.create`);
      expect(answer.body.items).toHaveLength(1);
      expect(answer.body.items[0]).toMatchObject({
        actorEmail: ADMIN.email.toLowerCase(),
        actorRole: 'MINISTRY_ADMIN',
        after: expect.objectContaining({ email: a.adminEmail }),
      });
      expect(JSON.stringify(answer.body.items[0])).not.toMatch(/password|scrypt|correct-horse/i);
    });

    it('filters by action, entity type, entity id, actor, agency and time', async () => {
      const ids = async (query: string) => {
        const items = await listAll(ministry, `/api/v1/audit-log?${query}`);
        return items;
      };
      const byAction = await ids(`action=org-unit.update&entityId=${unit.id}`);
      expect(byAction.map((e: any) => e.action)).toEqual(['org-unit.update']);
      const byType = await ids(`entityType=Position&from=${encodeURIComponent(started)}`);
      expect(byType.length).toBeGreaterThanOrEqual(1);
      expect(byType.every((e: any) => e.entityType === 'Position')).toBe(true);
      expect(byType.map((e: any) => e.entityId)).toContain(position.id);
      const byActor = await ids(`actorEmail=${encodeURIComponent(a.adminEmail.toUpperCase())}`);
      expect(byActor.length).toBeGreaterThanOrEqual(2);
      expect(byActor.every((e: any) => e.actorEmail === a.adminEmail)).toBe(true);
      const byAgency = await ids(`agencyId=${b.agency.id}`);
      expect(byAgency.every((e: any) => e.agencyId === b.agency.id)).toBe(true);
      expect(byAgency.map((e: any) => e.entityId)).toEqual(expect.arrayContaining([b.agency.id, b.employee.id, position.id]));
      expect(byAgency.map((e: any) => e.entityId)).not.toContain(unit.id);
      const future = new Date(Date.now() + 3_600_000).toISOString();
      expect(await ids(`from=${encodeURIComponent(future)}`)).toEqual([]);
      expect(await ids(`entityId=${unit.id}&to=${encodeURIComponent(started)}`)).toEqual([]);
      expect((await ids(`entityId=${unit.id}&from=${encodeURIComponent(started)}&to=${encodeURIComponent(future)}`)).length).toBe(2);
    });

    it('is for ministry admins only: agency admins and employees get 403', async () => {
      expectProblem(await a.admin.get('/api/v1/audit-log'), 403);
      expectProblem(await b.admin.get(`/api/v1/audit-log?agencyId=${b.agency.id}`), 403);
      expectProblem(await a.asEmployee.get('/api/v1/audit-log'), 403);
      expectProblem(await new Http(system.url).get('/api/v1/audit-log'), 401);
    });

    it('refuses bad filters with 400', async () => {
      expectProblem(await ministry.get('/api/v1/audit-log?agencyId=not-a-uuid'), 400, { fields: ['agencyId'] });
      expectProblem(await ministry.get('/api/v1/audit-log?from=yesterday'), 400, { fields: ['from'] });
      expectProblem(await ministry.get('/api/v1/audit-log?limit=0'), 400, { fields: ['limit'] });
      expectProblem(await ministry.get('/api/v1/audit-log?limit=501'), 400, { fields: ['limit'] });
      expectProblem(await ministry.get('/api/v1/audit-log?cursor=nonsense'), 400, { fields: ['cursor'] });
      expectProblem(await ministry.get('/api/v1/audit-log?actor=someone'), 400, { fields: ['actor'] });
    });
  });
});
