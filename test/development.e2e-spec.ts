import { AgencySetup, completeAssessment, publishStandard, registerEmployee, setUpAgency, unique } from './support/fixtures';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem } from './support/system';
import { expectProblem } from './support/workforce';

/**
 * Development over HTTP with a worker running: the catalogue, sessions, seats
 * and waiting lists under concurrency, JP credited exactly once, self-submitted
 * records, bad input, and scoping between agencies.
 */
describe('Development: programs, sessions, enrolments, JP', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  /** A national program: 20 JP, international (credits 24), 10 seats a class, developing M.01 (to 4) and M.04 (to 3). */
  let program: any;

  const DAY = 24 * 3600 * 1000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();

  async function created(answer: Promise<Answer>, what: string): Promise<any> {
    const a = await answer;
    if (a.status !== 201) throw new Error(`${what}: ${a.status} ${a.text}`);
    return a.body;
  }

  async function newProgram(http: Http, body: Record<string, unknown> = {}): Promise<any> {
    return created(
      http.post('/api/v1/training-programs', {
        code: unique('PRG'),
        title: 'Pelatihan Kepemimpinan',
        deliveryMode: 'CLASSROOM',
        jp: 20,
        provider: 'LAN',
        international: false,
        maxClassSize: 10,
        competencies: [
          { competencyCode: 'M.01', targetLevel: 4 },
          { competencyCode: 'M.04', targetLevel: 3 },
        ],
        ...body,
      }),
      'program',
    );
  }

  async function newSession(http: Http, programId: string, body: Record<string, unknown> = {}): Promise<any> {
    return created(
      http.post(`/api/v1/training-programs/${programId}/sessions`, {
        startsAt: inDays(30),
        endsAt: inDays(32),
        capacity: 10,
        location: 'Jakarta',
        ...body,
      }),
      'session',
    );
  }

  /** A session that already ran (2025), for recording history. */
  const pastSession = (http: Http, programId: string, capacity = 10) =>
    newSession(http, programId, { startsAt: '2025-03-03T01:00:00Z', endsAt: '2025-03-05T09:00:00Z', capacity, status: 'DONE' });

  const enrol = (http: Http, sessionId: string, employeeId?: string) =>
    http.post(`/api/v1/training-sessions/${sessionId}/enrollments`, employeeId ? { employeeId } : {});

  const hours = (http: Http, employeeId: string, year: number) =>
    http.get(`/api/v1/employees/${employeeId}/development-hours?year=${year}`);

  async function employeeUser(setup: AgencySetup, employeeId: string): Promise<Http> {
    const email = `${unique('emp').toLowerCase()}@example.go.id`;
    await created(setup.admin.post('/api/v1/users', { email, password: 'employee-pass-1', role: 'EMPLOYEE', employeeId }), 'employee user');
    return new Http(system.url).signIn(email, 'employee-pass-1');
  }

  const count = async (sql: string, params: unknown[]) => Number((await system.db.query(sql, params))[0].n);

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    await publishStandard(a.admin, a.positionId);
    program = await newProgram(ministry, { international: true });
  });
  afterAll(() => system.close());

  it('creates a national program: 20 JP international credits 24; seminar days convert by the JP rules', async () => {
    expect(program).toMatchObject({
      agencyId: null,
      deliveryMode: 'CLASSROOM',
      jp: 20,
      days: null,
      creditJp: 24,
      international: true,
      active: true,
      version: 1,
    });
    expect(program.competencies).toEqual([
      { competencyCode: 'M.01', targetLevel: 4 },
      { competencyCode: 'M.04', targetLevel: 3 },
    ]);
    const seminar = await newProgram(a.admin, { deliveryMode: 'SEMINAR', jp: undefined, days: 2 });
    expect(seminar).toMatchObject({ agencyId: a.agencyId, jp: null, days: 2, creditJp: 8 });
    const workshop = await newProgram(a.admin, { deliveryMode: 'WORKSHOP', jp: undefined, days: 3, international: true });
    expect(workshop.creditJp).toBe(21);
    const byCode = await a.admin.get(`/api/v1/training-programs?code=${program.code.toLowerCase()}`);
    expect(byCode.body.items.map((p: any) => p.id)).toEqual([program.id]);
    // Agency b sees the national program, not agency a's own.
    expect((await b.admin.get(`/api/v1/training-programs/${program.id}`)).status).toBe(200);
    expectProblem(await b.admin.get(`/api/v1/training-programs/${seminar.id}`), 404);
    // An agency admin reads a national program but does not change it.
    expectProblem(await a.admin.patch(`/api/v1/training-programs/${program.id}`, { version: 1, title: 'x' }), 403);
    const renamed = await ministry.patch(`/api/v1/training-programs/${seminar.id}`, { version: 1, title: 'Seminar Nasional' });
    expect(renamed.status).toBe(200);
    expect(renamed.body).toMatchObject({ title: 'Seminar Nasional', version: 2, creditJp: 8 });
    expectProblem(await ministry.patch(`/api/v1/training-programs/${seminar.id}`, { version: 1, title: 'stale' }), 409);
  });

  it('fifty concurrent enrolments into a ten-seat session: ten ENROLLED, forty WAITLISTED; a cancelled seat goes to the head of the list', async () => {
    const session = await newSession(a.admin, program.id);
    expect(session).toMatchObject({ capacity: 10, seatsTaken: 0, seatsLeft: 10, status: 'SCHEDULED', programAgencyId: null });
    const employees: { id: string }[] = [];
    for (let i = 0; i < 50; i++) employees.push(await registerEmployee(a.admin, a, `Peserta ${i}`));

    const answers = await Promise.all(employees.map((e) => enrol(a.admin, session.id, e.id)));
    expect(answers.map((r) => r.status)).toEqual(employees.map(() => 201));
    const statuses = answers.map((r) => r.body.status);
    expect(statuses.filter((s) => s === 'ENROLLED')).toHaveLength(10);
    expect(statuses.filter((s) => s === 'WAITLISTED')).toHaveLength(40);
    const [row] = await system.db.query(
      `SELECT s.seats_taken, (SELECT count(*)::int FROM development.enrolments e WHERE e.session_id = s.id AND e.status = 'ENROLLED') AS enrolled
         FROM development.sessions s WHERE s.id = $1`,
      [session.id],
    );
    expect(row).toEqual({ seats_taken: 10, enrolled: 10 });
    expect((await a.admin.get(`/api/v1/training-sessions/${session.id}`)).body).toMatchObject({
      seatsTaken: 10,
      seatsLeft: 0,
      waitlisted: 40,
    });

    // One live enrolment per employee per session.
    expectProblem(await enrol(a.admin, session.id, employees[0].id), 409);

    // The waiting list is ordered by the gap in the program's competencies, then the JP shortfall.
    const enrolmentOf = new Map(answers.map((r) => [r.body.employeeId, r.body]));
    const waiting = employees.filter((e) => enrolmentOf.get(e.id).status === 'WAITLISTED');
    const [big, small, credited] = waiting;
    // Required 3 everywhere; big: M.01 1 and M.04 1 (a gap of 4 in the program's competencies), small: M.01 2 (1); M.02 is not the program's.
    await completeAssessment(a.admin, big.id, [1, 3, 3, 1, 3, 3, 3, 3, 3]);
    await completeAssessment(a.admin, small.id, [2, 1, 3, 3, 3, 3, 3, 3, 3]);
    // Development's copy of their profiles follows CompetencyProfileChanged (through the outbox and the worker).
    await eventually(
      async () =>
        (await count(`SELECT count(*) AS n FROM development.employee_gaps WHERE employee_id = ANY($1::uuid[]) AND gap < 0`, [
          [big.id, small.id],
        ])) === 4,
    );
    // credited has 10 JP this year already: a smaller shortfall than the rest of the no-gap waiting list.
    const thisYear = Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(new Date()));
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta' }).format(new Date());
    await created(
      a.admin.post(`/api/v1/employees/${credited.id}/development-records`, {
        kind: 'E_LEARNING',
        name: 'ASN Belajar',
        provider: 'LAN',
        jp: 10,
        startDate: `${thisYear}-01-01`,
        endDate: today,
      }),
      'record',
    );
    const position = async (employeeId: string) =>
      (await a.admin.get(`/api/v1/enrollments/${enrolmentOf.get(employeeId).id}`)).body.waitlistPosition;
    expect(await position(big.id)).toBe(1);
    expect(await position(small.id)).toBe(2);
    expect(await position(credited.id)).toBe(40);

    const seated = employees.find((e) => enrolmentOf.get(e.id).status === 'ENROLLED')!;
    const cancelled = await a.admin.post(`/api/v1/enrollments/${enrolmentOf.get(seated.id).id}/cancel`, {});
    expect(cancelled.status).toBe(200);
    expect(cancelled.body.status).toBe('CANCELLED');
    expect((await a.admin.get(`/api/v1/enrollments/${enrolmentOf.get(big.id).id}`)).body).toMatchObject({
      status: 'ENROLLED',
      waitlistPosition: null,
    });
    expect(await position(small.id)).toBe(1);
    expect((await a.admin.get(`/api/v1/training-sessions/${session.id}`)).body).toMatchObject({
      seatsTaken: 10,
      seatsLeft: 0,
      waitlisted: 39,
    });
    expect(
      await count(`SELECT count(*) AS n FROM development.enrolments WHERE session_id = $1 AND status = 'ENROLLED'`, [session.id]),
    ).toBe(10);
    expect(
      await count(`SELECT count(*) AS n FROM audit.audit_log WHERE action = 'enrolment.promote' AND entity_id = $1`, [
        enrolmentOf.get(big.id).id,
      ]),
    ).toBe(1);
    // A cancelled enrolment is cancelled once; the employee may enrol again (into the waiting list).
    expectProblem(await a.admin.post(`/api/v1/enrollments/${enrolmentOf.get(seated.id).id}/cancel`, {}), 422);
    expect((await enrol(a.admin, session.id, seated.id)).body.status).toBe('WAITLISTED');

    // Seats never drop below those taken, nor grow past the program's class size.
    const current = (await a.admin.get(`/api/v1/training-sessions/${session.id}`)).body;
    expectProblem(await a.admin.patch(`/api/v1/training-sessions/${session.id}`, { version: current.version, capacity: 9 }), 422);
    expectProblem(await a.admin.patch(`/api/v1/training-sessions/${session.id}`, { version: current.version, capacity: 11 }), 400, {
      fields: ['capacity'],
    });
  });

  it('completing credits the JP exactly once and publishes TrainingCompleted once; development-hours follows the year', async () => {
    const employee = await registerEmployee(a.admin, a);
    const session = await pastSession(a.admin, program.id);
    const enrolment = await created(enrol(a.admin, session.id, employee.id), 'enrolment');
    expect(enrolment.status).toBe('ENROLLED');
    expect((await hours(a.admin, employee.id, 2025)).body).toEqual(
      expect.objectContaining({ employeeId: employee.id, year: 2025, jp: 0, requiredJp: 20, compliant: false }),
    );

    const done = await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {});
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ status: 'COMPLETED', creditedJp: 24, jpYear: 2025, completedAt: '2025-03-05T09:00:00.000Z' });
    const again = await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {});
    expectProblem(again, 422);
    expect((await a.admin.get(`/api/v1/enrollments/${enrolment.id}`)).body.version).toBe(done.body.version);

    expect(await count(`SELECT count(*) AS n FROM development.jp_ledger WHERE source_id = $1`, [enrolment.id])).toBe(1);
    const events = await system.db.query(
      `SELECT payload FROM messaging.outbox WHERE event_name = 'TrainingCompleted' AND payload->>'enrolmentId' = $1`,
      [enrolment.id],
    );
    expect(events).toHaveLength(1);
    expect(events[0].payload).toMatchObject({
      employeeId: employee.id,
      agencyId: a.agencyId,
      programId: program.id,
      programCode: program.code,
      jp: 24,
      year: 2025,
      completedAt: '2025-03-05T09:00:00.000Z',
      competencies: [
        { competencyCode: 'M.01', targetLevel: 4 },
        { competencyCode: 'M.04', targetLevel: 3 },
      ],
    });
    expect((await hours(a.admin, employee.id, 2025)).body).toEqual(
      expect.objectContaining({ year: 2025, jp: 24, requiredJp: 20, compliant: true }),
    );
    expect((await hours(a.admin, employee.id, 2024)).body).toEqual(expect.objectContaining({ jp: 0, compliant: false }));

    // Two admins completing one enrolment at once: one succeeds, the other changes nothing.
    const other = await registerEmployee(a.admin, a);
    const second = await created(enrol(a.admin, session.id, other.id), 'enrolment');
    const raced = await Promise.all([
      a.admin.post(`/api/v1/enrollments/${second.id}/complete`, {}),
      ministry.post(`/api/v1/enrollments/${second.id}/complete`, {}),
    ]);
    expect(raced.map((r) => r.status).sort()).toEqual([200, 422]);
    expect(await count(`SELECT count(*) AS n FROM development.jp_ledger WHERE source_id = $1`, [second.id])).toBe(1);
    expect(
      await count(`SELECT count(*) AS n FROM messaging.outbox WHERE event_name = 'TrainingCompleted' AND payload->>'enrolmentId' = $1`, [
        second.id,
      ]),
    ).toBe(1);

    // A two-day seminar credits 8 JP: not enough on its own.
    const seminar = await newProgram(a.admin, { deliveryMode: 'SEMINAR', jp: undefined, days: 2 });
    const third = await registerEmployee(a.admin, a);
    const seminarSession = await pastSession(a.admin, seminar.id);
    const seat = await created(enrol(a.admin, seminarSession.id, third.id), 'enrolment');
    expect((await a.admin.post(`/api/v1/enrollments/${seat.id}/complete`, {})).body.creditedJp).toBe(8);
    expect((await hours(a.admin, third.id, 2025)).body).toEqual(expect.objectContaining({ jp: 8, requiredJp: 20, compliant: false }));
  });

  it('a waitlisted or a future session’s enrolment cannot be completed, nor by employees; more seats and a cancelled session move the list', async () => {
    const session = await newSession(a.admin, program.id, { capacity: 1 });
    const [first, second] = [await registerEmployee(a.admin, a), await registerEmployee(a.admin, a)];
    const seated = await created(enrol(a.admin, session.id, first.id), 'enrolment');
    const waiting = await created(enrol(a.admin, session.id, second.id), 'enrolment');
    expect(waiting).toMatchObject({ status: 'WAITLISTED', waitlistPosition: 1 });
    expectProblem(await a.admin.post(`/api/v1/enrollments/${seated.id}/complete`, {}), 422);
    expectProblem(await a.admin.post(`/api/v1/enrollments/${waiting.id}/complete`, {}), 422);
    const asFirst = await employeeUser(a, first.id);
    expectProblem(await asFirst.post(`/api/v1/enrollments/${seated.id}/complete`, {}), 403);
    expect(
      await count(`SELECT count(*) AS n FROM development.jp_ledger WHERE source_id = ANY($1::uuid[])`, [[seated.id, waiting.id]]),
    ).toBe(0);
    // A second seat goes to the head of the waiting list.
    const grown = await a.admin.patch(`/api/v1/training-sessions/${session.id}`, { version: session.version, capacity: 2 });
    expect(grown.body).toMatchObject({ capacity: 2, seatsTaken: 2, waitlisted: 0 });
    expect((await a.admin.get(`/api/v1/enrollments/${waiting.id}`)).body.status).toBe('ENROLLED');
    // Cancelling the session cancels its enrolments.
    const cancelled = await a.admin.patch(`/api/v1/training-sessions/${session.id}`, { version: grown.body.version, status: 'CANCELLED' });
    expect(cancelled.body).toMatchObject({ status: 'CANCELLED', seatsTaken: 0, seatsLeft: 0 });
    expect((await a.admin.get(`/api/v1/enrollments/${seated.id}`)).body.status).toBe('CANCELLED');
    expectProblem(await enrol(a.admin, session.id, first.id), 422);
  });

  it('employees enrol themselves until the enrolment deadline; admins any time', async () => {
    const employee = await registerEmployee(a.admin, a);
    const asEmployee = await employeeUser(a, employee.id);
    const open = await newSession(a.admin, program.id);
    const mine = await enrol(asEmployee, open.id);
    expect(mine.status).toBe(201);
    expect(mine.body).toMatchObject({ employeeId: employee.id, status: 'ENROLLED', enrolledBy: 'SELF' });
    const closed = await pastSession(a.admin, program.id);
    expectProblem(await enrol(asEmployee, closed.id), 422);
    const colleague = await registerEmployee(a.admin, a);
    expectProblem(await enrol(asEmployee, open.id, colleague.id), 404);
    expect((await enrol(a.admin, closed.id, employee.id)).body).toMatchObject({ status: 'ENROLLED', enrolledBy: 'ADMIN' });
    // The employee sees their own enrolments only.
    const listed = await asEmployee.get(`/api/v1/training-sessions/${open.id}/enrollments`);
    expect(listed.status).toBe(200);
    expect(listed.body.items.map((e: any) => e.employeeId)).toEqual([employee.id]);
    // An employee may cancel their own before the session starts.
    expect((await asEmployee.post(`/api/v1/enrollments/${mine.body.id}/cancel`, { version: mine.body.version })).body.status).toBe(
      'CANCELLED',
    );
  });

  it('a self-submitted record counts only after an admin of the agency verifies it', async () => {
    const employee = await registerEmployee(a.admin, a);
    const asEmployee = await employeeUser(a, employee.id);
    const submitted = await asEmployee.post(`/api/v1/employees/${employee.id}/development-records`, {
      kind: 'WORKSHOP',
      name: 'Workshop Analisis Kebijakan',
      provider: 'Universitas Indonesia',
      certificateNumber: 'UI/2025/0042',
      days: 4,
      startDate: '2025-06-02',
      endDate: '2025-06-05',
    });
    expect(submitted.status).toBe(201);
    expect(submitted.body).toMatchObject({
      status: 'PENDING',
      counts: false,
      creditedJp: 20,
      year: 2025,
      submittedBy: 'SELF',
      startDate: '2025-06-02',
      endDate: '2025-06-05',
    });
    const id = submitted.body.id;
    expect((await hours(asEmployee, employee.id, 2025)).body).toEqual(expect.objectContaining({ jp: 0, compliant: false }));
    expect(
      await count(`SELECT count(*) AS n FROM messaging.outbox WHERE event_name = 'DevelopmentRecorded' AND payload->>'recordId' = $1`, [
        id,
      ]),
    ).toBe(0);

    expectProblem(await asEmployee.post(`/api/v1/development-records/${id}/verify`, {}), 403);
    expectProblem(await b.admin.post(`/api/v1/development-records/${id}/verify`, {}), 404);
    expect((await hours(a.admin, employee.id, 2025)).body.jp).toBe(0);

    const verified = await a.admin.post(`/api/v1/development-records/${id}/verify`, { version: submitted.body.version });
    expect(verified.status).toBe(200);
    expect(verified.body).toMatchObject({ status: 'VERIFIED', counts: true, verifiedBy: a.adminEmail });
    expect((await hours(asEmployee, employee.id, 2025)).body).toEqual({
      employeeId: employee.id,
      year: 2025,
      jp: 20,
      requiredJp: 20,
      compliant: true,
      shortfallJp: 0,
      fromTrainings: 0,
      fromRecords: 20,
    });
    expectProblem(await a.admin.post(`/api/v1/development-records/${id}/verify`, {}), 422);
    expect(
      await count(`SELECT count(*) AS n FROM messaging.outbox WHERE event_name = 'DevelopmentRecorded' AND payload->>'recordId' = $1`, [
        id,
      ]),
    ).toBe(1);
    expect(await count(`SELECT count(*) AS n FROM development.jp_ledger WHERE source_id = $1`, [id])).toBe(1);

    // An admin's record counts at once.
    const byAdmin = await a.admin.post(`/api/v1/employees/${employee.id}/development-records`, {
      kind: 'COACHING',
      name: 'Coaching',
      provider: 'Biro SDM',
      jp: 6,
      startDate: '2025-08-01',
      endDate: '2025-08-01',
    });
    expect(byAdmin.body).toMatchObject({ status: 'VERIFIED', counts: true, submittedBy: 'ADMIN' });
    expect((await hours(a.admin, employee.id, 2025)).body.jp).toBe(26);
    const listed = await asEmployee.get(`/api/v1/employees/${employee.id}/development-records`);
    expect(listed.body.items.map((r: any) => r.id)).toEqual([id, byAdmin.body.id]);
  });

  it('keeps an individual development plan: items link a competency to a program that develops it', async () => {
    const employee = await registerEmployee(a.admin, a);
    const asEmployee = await employeeUser(a, employee.id);
    const session = await newSession(a.admin, program.id);
    const item = await asEmployee.post(`/api/v1/employees/${employee.id}/development-plan/items`, {
      competencyCode: 'M.01',
      sessionId: session.id,
      note: 'tahun ini',
    });
    expect(item.status).toBe(201);
    expect(item.body).toMatchObject({
      competencyCode: 'M.01',
      programId: program.id,
      programCode: program.code,
      sessionId: session.id,
      status: 'PLANNED',
      source: 'MANUAL',
    });
    expectProblem(
      await asEmployee.post(`/api/v1/employees/${employee.id}/development-plan/items`, { competencyCode: 'M.02', programId: program.id }),
      422,
    );
    const moved = await a.admin.patch(`/api/v1/employees/${employee.id}/development-plan/items/${item.body.id}`, {
      version: 1,
      status: 'IN_PROGRESS',
    });
    expect(moved.body).toMatchObject({ status: 'IN_PROGRESS', version: 2, note: 'tahun ini' });
    expectProblem(
      await a.admin.patch(`/api/v1/employees/${employee.id}/development-plan/items/${item.body.id}`, { version: 1, status: 'DONE' }),
      409,
    );
    expect(
      (await a.admin.patch(`/api/v1/employees/${employee.id}/development-plan/items/${item.body.id}`, { version: 2, status: 'DONE' }))
        .status,
    ).toBe(200);
    expectProblem(
      await a.admin.patch(`/api/v1/employees/${employee.id}/development-plan/items/${item.body.id}`, { version: 3, status: 'PLANNED' }),
      422,
    );
    const plan = await asEmployee.get(`/api/v1/employees/${employee.id}/development-plan`);
    expect(plan.body).toMatchObject({ employeeId: employee.id, agencyId: a.agencyId });
    expect(plan.body.items.map((i: any) => [i.id, i.status])).toEqual([[item.body.id, 'DONE']]);
    expectProblem(await b.admin.get(`/api/v1/employees/${employee.id}/development-plan`), 404);
  });

  describe('bad input', () => {
    let session: any;
    let agencyProgram: any;
    let employee: { id: string };
    let enrolment: any;
    let other: { id: string };

    /** Row counts and checksums of Development's tables and of Development's audit rows and events. */
    async function development(): Promise<Record<string, string>> {
      const tables = ['programs', 'program_competencies', 'sessions', 'enrolments', 'records', 'jp_ledger', 'plan_items'];
      const answer: Record<string, string> = {};
      for (const t of tables) {
        const [row] = await system.db.query(
          `SELECT count(*)::int AS n, coalesce(md5(string_agg(r::text, '|' ORDER BY r::text)), '') AS sum FROM development.${t} r`,
        );
        answer[t] = `${row.n}:${row.sum}`;
      }
      const [audit] = await system.db.query(
        `SELECT count(*)::int AS n FROM audit.audit_log WHERE entity_type IN ('TrainingProgram','TrainingSession','Enrolment','DevelopmentRecord','PlanItem')`,
      );
      const [events] = await system.db.query(
        `SELECT count(*)::int AS n FROM messaging.outbox WHERE event_name IN ('TrainingCompleted','DevelopmentRecorded')`,
      );
      answer.audit = String(audit.n);
      answer.events = String(events.n);
      return answer;
    }

    beforeAll(async () => {
      agencyProgram = await newProgram(a.admin);
      session = await newSession(a.admin, agencyProgram.id);
      employee = await registerEmployee(a.admin, a);
      other = await registerEmployee(b.admin, b);
      enrolment = await created(enrol(a.admin, session.id, employee.id), 'enrolment');
    });

    const validProgram = () => ({
      code: unique('BAD'),
      title: 'Program',
      deliveryMode: 'CLASSROOM',
      jp: 10,
      provider: 'LAN',
      maxClassSize: 10,
      competencies: [{ competencyCode: 'M.01', targetLevel: 3 }],
    });
    const validSession = () => ({ startsAt: inDays(10), endsAt: inDays(11), capacity: 5, location: 'Bandung' });
    const validRecord = () => ({
      kind: 'SEMINAR',
      name: 'Seminar',
      provider: 'LAN',
      jp: 4,
      startDate: '2025-02-01',
      endDate: '2025-02-01',
    });

    it.each([
      ['jp as a string', { jp: '10' }, ['jp']],
      ['maxClassSize as a string', { maxClassSize: '10' }, ['maxClassSize']],
      ['competencies not a list', { competencies: 'M.01' }, ['competencies']],
      ['an unknown field', { budget: 1000 }, ['budget']],
      ['an unknown delivery mode', { deliveryMode: 'OUTBOUND' }, ['deliveryMode']],
      ['a target level of 6', { competencies: [{ competencyCode: 'M.01', targetLevel: 6 }] }, ['competencies[0].targetLevel']],
      ['an unknown competency code', { competencies: [{ competencyCode: 'ZZ.99', targetLevel: 3 }] }, ['competencies[0].competencyCode']],
      [
        'a competency twice',
        {
          competencies: [
            { competencyCode: 'M.01', targetLevel: 3 },
            { competencyCode: 'M.01', targetLevel: 2 },
          ],
        },
        ['competencies[1].competencyCode'],
      ],
      ['days for a classroom training', { jp: undefined, days: 2 }, ['days']],
      ['both jp and days', { deliveryMode: 'SEMINAR', days: 2 }, ['days']],
      ['neither jp nor days', { jp: undefined }, ['jp']],
      ['a negative jp', { jp: -4 }, ['jp']],
      ['a maxClassSize of 0', { maxClassSize: 0 }, ['maxClassSize']],
      ['a code with spaces', { code: 'has space' }, ['code']],
    ])('a program with %s: 400, nothing changes', async (_label, change, fields) => {
      const before = await development();
      expectProblem(await a.admin.post('/api/v1/training-programs', { ...validProgram(), ...change }), 400, { fields });
      expect(await development()).toEqual(before);
    });

    it.each([
      ['capacity above the class size', { capacity: 11 }, ['capacity']],
      ['end before start', { startsAt: inDays(12), endsAt: inDays(11) }, ['endsAt']],
      ['no location nor online link', { location: undefined }, ['location']],
      ['a date that is no date', { startsAt: 'next monday' }, ['startsAt']],
      ['capacity as a string', { capacity: '5' }, ['capacity']],
      ['an unknown field', { room: 'A1' }, ['room']],
      ['a link that is no URL', { onlineUrl: 'zoom' }, ['onlineUrl']],
    ])('a session with %s: 400, nothing changes', async (_label, change, fields) => {
      const before = await development();
      expectProblem(await a.admin.post(`/api/v1/training-programs/${agencyProgram.id}/sessions`, { ...validSession(), ...change }), 400, {
        fields,
      });
      expect(await development()).toEqual(before);
    });

    it.each([
      ['end before start', { startDate: '2025-02-03', endDate: '2025-02-01' }, ['endDate']],
      ['an end in the future', { endDate: '2999-01-01' }, ['endDate']],
      ['a date that does not exist', { startDate: '2025-02-30' }, ['startDate']],
      ['an unknown kind', { kind: 'OUTBOUND' }, ['kind']],
      ['jp as a string', { jp: '4' }, ['jp']],
      ['an unknown field', { grade: 'A' }, ['grade']],
    ])('a record with %s: 400, nothing changes', async (_label, change, fields) => {
      const before = await development();
      expectProblem(await a.admin.post(`/api/v1/employees/${employee.id}/development-records`, { ...validRecord(), ...change }), 400, {
        fields,
      });
      expect(await development()).toEqual(before);
    });

    it('other mistakes: 4xx problem+json, nothing changes', async () => {
      const before = await development();
      // Another agency's employee, program, session, enrolment: not found.
      expectProblem(await enrol(a.admin, session.id, other.id), 404);
      expectProblem(await enrol(b.admin, session.id, other.id), 404);
      expectProblem(await a.admin.post(`/api/v1/employees/${other.id}/development-records`, validRecord()), 404);
      expectProblem(await b.admin.post(`/api/v1/enrollments/${enrolment.id}/cancel`, {}), 404);
      expectProblem(await b.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {}), 404);
      expectProblem(await b.admin.post(`/api/v1/training-programs/${agencyProgram.id}/sessions`, validSession()), 404);
      expectProblem(await b.admin.post('/api/v1/training-programs', { ...validProgram(), agencyId: a.agencyId }), 404);
      // An agency admin does not create national programs; ids must be UUIDs; unknown ones are not found.
      expectProblem(await a.admin.post('/api/v1/training-programs', { ...validProgram(), agencyId: null }), 403);
      expectProblem(await a.admin.post('/api/v1/training-sessions/not-a-uuid/enrollments', { employeeId: employee.id }), 400, {
        fields: ['id'],
      });
      expectProblem(await enrol(a.admin, session.id, 'nope'), 400, { fields: ['employeeId'] });
      expectProblem(await enrol(a.admin, '00000000-0000-4000-8000-000000000000', employee.id), 404);
      expectProblem(
        await a.admin.post('/api/v1/training-programs', { ...validProgram(), agencyId: '00000000-0000-4000-8000-000000000000' }),
        404,
      );
      // Duplicates and stale versions: 409.
      expectProblem(await a.admin.post('/api/v1/training-programs', { ...validProgram(), code: agencyProgram.code.toLowerCase() }), 409);
      expectProblem(await enrol(a.admin, session.id, employee.id), 409);
      expectProblem(await a.admin.patch(`/api/v1/training-programs/${agencyProgram.id}`, { version: 99, title: 'x' }), 409);
      expectProblem(await a.admin.patch(`/api/v1/training-sessions/${session.id}`, { version: 99, capacity: 6 }), 409);
      expectProblem(await a.admin.post(`/api/v1/enrollments/${enrolment.id}/cancel`, { version: 99 }), 409);
      // Rules: a smaller class than a session's seats, a session that has not started, a plan item of a program that does not develop it.
      expectProblem(
        await a.admin.patch(`/api/v1/training-programs/${agencyProgram.id}`, { version: agencyProgram.version, maxClassSize: 5 }),
        422,
      );
      expectProblem(await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, {}), 422);
      expectProblem(
        await a.admin.post(`/api/v1/employees/${employee.id}/development-plan/items`, {
          competencyCode: 'SK.01',
          programId: agencyProgram.id,
        }),
        422,
      );
      expectProblem(
        await a.admin.post(`/api/v1/employees/${employee.id}/development-plan/items`, {
          competencyCode: 'ZZ.99',
          programId: agencyProgram.id,
        }),
        400,
        { fields: ['competencyCode'] },
      );
      expectProblem(await a.admin.post(`/api/v1/employees/${employee.id}/development-plan/items`, { competencyCode: 'M.01' }), 400, {
        fields: ['programId'],
      });
      // Query strings.
      expectProblem(await a.admin.get(`/api/v1/employees/${employee.id}/development-hours?year=abc`), 400, { fields: ['year'] });
      expectProblem(await a.admin.get('/api/v1/training-programs?active=maybe'), 400, { fields: ['active'] });
      expectProblem(await a.admin.get('/api/v1/training-programs?limit=501'), 400, { fields: ['limit'] });
      expectProblem(await a.admin.post(`/api/v1/enrollments/${enrolment.id}/complete`, { completedAt: 'yesterday' }), 400, {
        fields: ['completedAt'],
      });
      // Malformed JSON.
      expectProblem(await a.admin.post('/api/v1/training-programs', '{"code":', { 'content-type': 'application/json' }), 400, {
        validation: false,
      });
      expect(await development()).toEqual(before);
    });

    it('agency admins never see another agency’s enrolments, records, JP or plans (404)', async () => {
      const record = await created(a.admin.post(`/api/v1/employees/${employee.id}/development-records`, validRecord()), 'record');
      for (const path of [
        `/api/v1/enrollments/${enrolment.id}`,
        `/api/v1/development-records/${record.id}`,
        `/api/v1/employees/${employee.id}/development-records`,
        `/api/v1/employees/${employee.id}/development-hours?year=2025`,
        `/api/v1/employees/${employee.id}/development-plan`,
        `/api/v1/training-programs/${agencyProgram.id}`,
        `/api/v1/training-programs/${agencyProgram.id}/sessions`,
        `/api/v1/training-sessions/${session.id}`,
        `/api/v1/training-sessions/${session.id}/enrollments`,
      ]) {
        const answer = await b.admin.get(path);
        expectProblem(answer, 404);
        expect({ path, leaked: answer.text.includes(employee.id) && !path.includes(employee.id) }).toEqual({ path, leaked: false });
      }
      // In lists of what both can see, only their own agency's.
      const national = await newSession(ministry, program.id);
      await created(enrol(a.admin, national.id, employee.id), 'enrolment');
      await created(enrol(b.admin, national.id, other.id), 'enrolment');
      const seenByB = await b.admin.get(`/api/v1/training-sessions/${national.id}/enrollments`);
      expect(seenByB.body.items.map((e: any) => e.employeeId)).toEqual([other.id]);
      const allByB = await b.admin.get(`/api/v1/enrollments?employeeId=${employee.id}`);
      expect(allByB.body.items).toEqual([]);
      const seenByMinistry = await ministry.get(`/api/v1/training-sessions/${national.id}/enrollments`);
      expect(seenByMinistry.body.items.map((e: any) => e.employeeId).sort()).toEqual([employee.id, other.id].sort());
    });
  });
});
