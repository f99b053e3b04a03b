import { ADMIN, Http, RunningSystem, startSystem } from './support/system';

describe('smoke', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem();
  });
  afterAll(() => system.close());

  it('signs in the bootstrap admin and creates an agency', async () => {
    const admin = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    const created = await admin.post('/api/v1/agencies', { code: 'SMOKE', name: 'Smoke', kind: 'AGENCY' });
    expect(created.status).toBe(201);
    const listed = await admin.get('/api/v1/agencies?code=SMOKE');
    expect(listed.body.items).toHaveLength(1);
  });
});
