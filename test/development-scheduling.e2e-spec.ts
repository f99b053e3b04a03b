import { SessionProposalsJob, SessionRemindersJob } from '@kompeten/development/application/scheduling/session-scheduling';
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
 * Scheduling with a worker running: the nightly job proposes a session where
 * twenty employees of an agency have a program in their top-3 recommendations
 * and no seat in a session of it (sized to the demand, capped by the class
 * size), once; the agency admin confirms it (the twenty go on its waiting list)
 * or rejects it (CANCELLED). Reminders go once per enrolment 7 days ahead.
 */
describe('Development: scheduling', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let b: AgencySetup;
  const run = Math.random().toString(36).slice(2, 7).toUpperCase();
  const T = `TK.S${run}.1`;
  const DAY = 24 * 3600 * 1000;
  const inDays = (days: number) => new Date(Date.now() + days * DAY).toISOString();
  const employees: string[] = [];
  let p: any;
  let q: any;

  async function created(answer: Promise<Answer>, what: string, status = 201): Promise<any> {
    const r = await answer;
    if (r.status !== status) throw new Error(`${what}: ${r.status} ${r.text}`);
    return r.body;
  }

  const program = (name: string, maxClassSize: number) =>
    created(
      a.admin.post('/api/v1/training-programs', {
        code: `S${run}-${name}`,
        title: `Pelatihan ${name}`,
        deliveryMode: 'CLASSROOM',
        jp: 20,
        provider: 'BPSDM',
        maxClassSize,
        competencies: [{ competencyCode: T, targetLevel: 3 }],
      }),
      `program ${name}`,
    );

  async function assess(employeeId: string): Promise<void> {
    await completeAssessment(
      a.admin,
      employeeId,
      NATIONAL_CODES.map(() => 3),
      { technical: [{ competencyCode: T, level: 1 }] },
    );
  }

  const sessionsOf = async (programId: string) =>
    (await created(a.admin.get(`/api/v1/training-programs/${programId}/sessions?limit=500`), 'sessions', 200)).items;
  const proposeNow = () => system.worker!.get(SessionProposalsJob).run();

  beforeAll(async () => {
    system = await startSystem();
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    b = await setUpAgency(ministry);
    await createTechnicalCompetency(a.admin, T);
    await publishStandard(
      a.admin,
      a.positionId,
      NATIONAL_CODES.map(() => 3),
      [{ competencyCode: T, requiredLevel: 3 }],
    );
    // Two programs reaching the required level: both in every employee's top 3. P's class is smaller than the demand.
    p = await program('P', 15);
    q = await program('Q', 30);
    for (let i = 0; i < 20; i++) employees.push((await registerEmployee(a.admin, a, `Pegawai ${i}`)).id);
    for (const id of employees) await assess(id);
    // The worker recomputes each employee's recommendations after the new profile arrives.
    await eventually(
      async () => {
        const [row] = await system.db.query(
          `SELECT count(*)::int AS n FROM development.recommendations
          WHERE employee_id = ANY($1::uuid[]) AND items @> jsonb_build_array(jsonb_build_object('programId', $2::text))
            AND items @> jsonb_build_array(jsonb_build_object('programId', $3::text))`,
          [employees, p.id, q.id],
        );
        return row.n === employees.length;
      },
      60_000,
      250,
    );
  }, 180_000);
  afterAll(() => system.close());

  it('proposes one session per program with unmet demand, sized to it and capped by the class size, and not a second on a rerun', async () => {
    await proposeNow();
    const [ps] = [await sessionsOf(p.id)];
    expect(ps).toHaveLength(1);
    expect(ps[0]).toMatchObject({ status: 'PROPOSED', capacity: 15, hostAgencyId: a.agencyId, seatsTaken: 0 });
    expect(new Date(ps[0].startsAt).getTime()).toBeGreaterThanOrEqual(Date.now() + 30 * DAY);
    const qs = await sessionsOf(q.id);
    expect(qs).toHaveLength(1);
    expect(qs[0]).toMatchObject({ status: 'PROPOSED', capacity: 20 });
    const [stored] = await system.db.query(
      `SELECT demand, cardinality(employee_ids) AS n FROM development.session_proposals WHERE session_id = $1`,
      [ps[0].id],
    );
    expect(stored).toEqual({ demand: 20, n: 20 });

    await proposeNow();
    expect(await sessionsOf(p.id)).toHaveLength(1);
    expect(await sessionsOf(q.id)).toHaveLength(1);
    const audit = await system.db.query(`SELECT action FROM audit.audit_log WHERE entity_id = $1`, [ps[0].id]);
    expect(audit.map((r: any) => r.action)).toEqual(['training-session.propose']);
  });

  it('confirming schedules it and puts the employees behind the demand on its waiting list; stale and repeated answers are refused', async () => {
    const [session] = await sessionsOf(p.id);
    // Another agency's admin does not see it; a stale version is 409.
    await expectProblem(await b.admin.post(`/api/v1/training-sessions/${session.id}/confirm`, { version: session.version }), 404);
    await expectProblem(await a.admin.post(`/api/v1/training-sessions/${session.id}/confirm`, { version: session.version + 5 }), 409);
    const confirmed = await created(
      a.admin.post(`/api/v1/training-sessions/${session.id}/confirm`, { version: session.version }),
      'confirm',
      200,
    );
    expect(confirmed).toMatchObject({ status: 'SCHEDULED', version: session.version + 1, waitlisted: 20, seatsTaken: 0 });
    const list = await created(a.admin.get(`/api/v1/training-sessions/${session.id}/enrollments?limit=500`), 'enrolments', 200);
    expect(list.items.map((e: any) => e.status)).toEqual(Array(20).fill('WAITLISTED'));
    expect(list.items.map((e: any) => e.employeeId).sort()).toEqual([...employees].sort());
    // Answered already: 422 for a second confirmation or a rejection.
    await expectProblem(await a.admin.post(`/api/v1/training-sessions/${session.id}/confirm`, { version: confirmed.version }), 422);
    await expectProblem(await a.admin.post(`/api/v1/training-sessions/${session.id}/reject`, { version: confirmed.version }), 422);
    const audit = await system.db.query(`SELECT action FROM audit.audit_log WHERE entity_id = $1 ORDER BY at, action`, [session.id]);
    expect(audit.map((r: any) => r.action)).toContain('training-session.confirm');
    // The employees waiting for P's session are no longer unmet demand for P.
    await proposeNow();
    expect(await sessionsOf(p.id)).toHaveLength(1);
  });

  it('rejecting cancels it', async () => {
    const [session] = await sessionsOf(q.id);
    await expectProblem(await a.admin.post(`/api/v1/training-sessions/${session.id}/reject`, {}), 400);
    const rejected = await created(
      a.admin.post(`/api/v1/training-sessions/${session.id}/reject`, { version: session.version }),
      'reject',
      200,
    );
    expect(rejected).toMatchObject({ status: 'CANCELLED', waitlisted: 0 });
    const audit = await system.db.query(`SELECT action FROM audit.audit_log WHERE entity_id = $1`, [session.id]);
    expect(audit.map((r: any) => r.action)).toContain('training-session.reject');
  });

  it('reminds each seat of a session starting within 7 days once, across runs', async () => {
    const soon = await created(
      a.admin.post(`/api/v1/training-programs/${p.id}/sessions`, {
        capacity: 2,
        location: 'Jakarta',
        startsAt: inDays(5),
        endsAt: inDays(6),
      }),
      'session soon',
    );
    const later = await created(
      a.admin.post(`/api/v1/training-programs/${p.id}/sessions`, {
        capacity: 2,
        location: 'Jakarta',
        startsAt: inDays(10),
        endsAt: inDays(11),
      }),
      'session later',
    );
    const enrol = (sessionId: string, employeeId: string) =>
      created(a.admin.post(`/api/v1/training-sessions/${sessionId}/enrollments`, { employeeId }), 'enrol');
    const seated = [await enrol(soon.id, employees[0]), await enrol(soon.id, employees[1])];
    const waiting = await enrol(soon.id, employees[2]);
    expect(waiting.status).toBe('WAITLISTED');
    const notYet = await enrol(later.id, employees[3]);
    const ids = [...seated.map((e) => e.id), waiting.id, notYet.id];

    await system.worker!.get(SessionRemindersJob).run();
    await system.worker!.get(SessionRemindersJob).run();
    const events = await system.db.query(
      `SELECT aggregate_id, payload FROM messaging.outbox WHERE event_name = 'TrainingSessionStartingSoon' AND aggregate_id = ANY($1::text[])`,
      [ids],
    );
    expect(events.map((e: any) => e.aggregate_id).sort()).toEqual(seated.map((e) => e.id).sort());
    expect(events[0].payload).toMatchObject({ sessionId: soon.id, programId: p.id, agencyId: a.agencyId });
  });
});
