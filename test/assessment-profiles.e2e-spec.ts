import { profileGaps } from '@kompeten/assessment/contracts';
import { ProfileItemsColumns1764300015000 } from '../libs/assessment/infrastructure/migrations/1764300015000-profile-items-columns';
import { ProfileProjector } from '../libs/assessment/infrastructure/profile-projector';
import { AgencySetup, completeAssessment, publishStandard, registerEmployee, setUpAgency, unique } from './support/fixtures';
import { ADMIN, Http, RunningSystem, startSystem } from './support/system';

/**
 * The projection itself, without a worker (so nothing recomputes behind the
 * test's back): a profile is written, and CompetencyProfileChanged published
 * with it, only when it changed; a retired employee's profile goes; a moved
 * employee's profile follows the SKJ of the new position.
 */
describe('Assessment: profile projection', () => {
  let system: RunningSystem;
  let ministry: Http;
  let a: AgencySetup;
  let projector: ProfileProjector;

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await setUpAgency(ministry);
    await publishStandard(a.admin, a.positionId);
    projector = system.api.get(ProfileProjector);
  });
  afterAll(() => system.close());

  const events = async (ids: string[]) =>
    (await system.db.query(
      `SELECT aggregate_id AS "employeeId", payload FROM messaging.outbox
        WHERE event_name = 'CompetencyProfileChanged' AND aggregate_id = ANY($1) ORDER BY seq`,
      [ids],
    )) as { employeeId: string; payload: any }[];
  const stored = async (id: string) =>
    (
      (await system.db.query(
        `SELECT position_id AS "positionId", standard_version AS "standardVersion", jpm, items FROM assessment.competency_profiles WHERE employee_id = $1`,
        [id],
      )) as any[]
    )[0];

  it('writes and publishes only what changed, drops a retired employee’s profile and follows a moved one to the new SKJ', async () => {
    const [stays, retires, moves] = [
      await registerEmployee(a.admin, a),
      await registerEmployee(a.admin, a),
      await registerEmployee(a.admin, a),
    ];
    const ids = [stays.id, retires.id, moves.id];
    for (const id of ids) await completeAssessment(a.admin, id, [3, 3, 3, 3, 3, 3, 3, 3, 3]);

    expect(await projector.recompute(ids)).toEqual({ changed: 3 });
    const first = await events(ids);
    expect(first.map((e) => e.employeeId).sort()).toEqual([...ids].sort());
    expect(first[0].payload).toMatchObject({
      agencyId: a.agencyId,
      positionId: a.positionId,
      jpm: 100,
      category: 'OPTIMAL',
      reassessmentDue: false,
    });
    expect(profileGaps(first[0].payload.gaps)).toHaveLength(9);
    expect(profileGaps(first[0].payload.gaps)[0]).toEqual({
      competencyCode: 'M.01',
      type: 'MANAGERIAL',
      requiredLevel: 3,
      achievedLevel: 3,
      gap: 0,
    });

    // Unchanged: nothing written, nothing published.
    expect(await projector.recompute(ids)).toEqual({ changed: 0 });
    expect(await events(ids)).toHaveLength(3);

    // Retired: the profile goes, and nothing is published.
    const retired = (await a.admin.get(`/api/v1/employees/${retires.id}`)).body;
    expect((await a.admin.post(`/api/v1/employees/${retires.id}/retire`, { version: retired.version })).status).toBe(200);
    expect(await projector.recompute([retires.id])).toEqual({ changed: 0 });
    expect(await stored(retires.id)).toBeUndefined();
    expect(await events([retires.id])).toHaveLength(1);

    // Moved: the profile follows the SKJ of the new position, and its gaps are published.
    const position = await ministry.post('/api/v1/positions', {
      code: unique('POS'),
      name: 'Analis Madya',
      kind: 'ADMINISTRATOR',
      agencyId: a.agencyId,
    });
    expect(position.status).toBe(201);
    const standard = await publishStandard(a.admin, position.body.id, [4, 3, 3, 3, 3, 3, 3, 3, 3]);
    const moving = (await a.admin.get(`/api/v1/employees/${moves.id}`)).body;
    expect((await a.admin.patch(`/api/v1/employees/${moves.id}`, { version: moving.version, positionId: position.body.id })).status).toBe(
      200,
    );
    expect(await projector.recompute([moves.id, stays.id])).toEqual({ changed: 1 });
    expect(await stored(moves.id)).toMatchObject({ positionId: position.body.id, standardVersion: standard.version, jpm: '96.43' });
    const moved = (await events([moves.id])).at(-1)!.payload;
    expect(moved).toMatchObject({ positionId: position.body.id, standardVersion: standard.version, jpm: 96.43 });
    expect(profileGaps(moved.gaps)[0]).toEqual({ competencyCode: 'M.01', type: 'MANAGERIAL', requiredLevel: 4, achievedLevel: 3, gap: -1 });
    expect(await events([stays.id])).toHaveLength(1);
  });

  it('the migration to columns writes the projector’s own text: after it, an unchanged profile is still unchanged and nothing is published', async () => {
    const employee = await registerEmployee(a.admin, a);
    await completeAssessment(a.admin, employee.id, [3, 4, 2, 3, 3, 5, 3, 3, 1]);
    expect(await projector.recompute([employee.id])).toEqual({ changed: 1 });
    const profile = async () => (await a.admin.get(`/api/v1/employees/${employee.id}/competency-profile`)).body;
    const before = await profile();
    expect(before.items[1]).toMatchObject({ competencyCode: 'M.02', requiredLevel: 3, achievedLevel: 4, gap: 1 });

    // Back to one object per competency and forward again, in one transaction (no reader sees the old format).
    const runner = system.db.createQueryRunner();
    await runner.connect();
    try {
      await runner.startTransaction();
      const migration = new ProfileItemsColumns1764300015000();
      await migration.down(runner);
      const [legacy] = await runner.query(
        `SELECT json_typeof(items) AS kind, items->1 AS item FROM assessment.competency_profiles WHERE employee_id = $1`,
        [employee.id],
      );
      // The stored item is the projection's; the answer adds the competency's name beside its code.
      const { competencyName, ...stored } = before.items[1];
      expect(competencyName).toBe('Kerjasama');
      expect(legacy).toEqual({ kind: 'array', item: stored });
      await migration.up(runner);
      await runner.commitTransaction();
    } finally {
      if (runner.isTransactionActive) await runner.rollbackTransaction();
      await runner.release();
    }

    expect(await projector.recompute([employee.id])).toEqual({ changed: 0 });
    expect(await profile()).toEqual(before);
    expect(await events([employee.id])).toHaveLength(1);
  });
});
