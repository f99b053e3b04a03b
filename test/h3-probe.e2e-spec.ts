import { ADMIN, Http, RunningSystem, startSystem } from './support/system';

describe('probe', () => {
  let system: RunningSystem;
  beforeAll(async () => {
    system = await startSystem({ worker: false });
  });
  afterAll(() => system.close());

  it('probes', async () => {
    const admin = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    const show = (label: string, a: any) => console.log(label, a.status, a.headers.get('content-type'), a.text.slice(0, 300));
    show('proto', await admin.post('/api/v1/agencies', '{"code":"PR1","name":"x","kind":"AGENCY","__proto__":{"x":1}}'));
    show('ctor', await admin.post('/api/v1/agencies', '{"code":"PR2","name":"x","kind":"AGENCY","constructor":{"x":1}}'));
    show('nulq', await admin.get('/api/v1/agencies?code=%00'));
    const a = await admin.post('/api/v1/agencies', { code: 'PROBE2', name: 'Probe', kind: 'AGENCY' });
    show('nullname', await admin.patch(`/api/v1/agencies/${a.body.id}`, { version: 1, name: null }));
    show('nullkind', await admin.patch(`/api/v1/agencies/${a.body.id}`, { version: 1, kind: null }));
    show('emptyq', await admin.get('/api/v1/agencies?limit='));
    show('badct', await admin.post('/api/v1/agencies', '{}', { 'content-type': 'application/json; charset=latin1' }));
    show('gzip', await admin.post('/api/v1/agencies', 'garbage', { 'content-type': 'application/json', 'content-encoding': 'gzip' }));
    show('weirdenc', await admin.post('/api/v1/agencies', 'garbage', { 'content-type': 'application/json', 'content-encoding': 'foo' }));
    show('nested', await admin.post('/api/v1/users', { email: 'x@y.zz', password: '1234567890', role: 'EMPLOYEE', assessorAgencyIds: [{}] }));
  });
});
