import { ADMIN, Http, RunningSystem, startSystem } from './support/system';

describe('operations endpoints', () => {
  let system: RunningSystem;
  let anonymous: Http;
  let admin: Http;

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    anonymous = new Http(system.url);
    admin = await anonymous.signIn(ADMIN.email, ADMIN.password);
  });
  afterAll(() => system.close());

  it('answers liveness and readiness without a token', async () => {
    expect((await anonymous.get('/health/live')).body).toEqual({ status: 'ok' });
    const ready = await anonymous.get('/health/ready');
    expect(ready.status).toBe(200);
    expect(ready.body.checks).toEqual({ database: 'ok', redis: 'ok' });
  });

  it('exposes Prometheus metrics with HTTP latency, outbox lag and queue depth', async () => {
    await anonymous.get('/api/v1/agencies');
    const metrics = await anonymous.get('/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain('kompeten_http_request_duration_seconds_bucket');
    expect(metrics.text).toMatch(/kompeten_outbox_lag_seconds \d/);
    expect(metrics.text).toMatch(/kompeten_queue_jobs\{queue="integration-events",state="waiting"\} \d/);
  });

  it('serves an OpenAPI 3 document describing every endpoint with its error answers', async () => {
    const doc = await anonymous.get('/docs-json');
    expect(doc.status).toBe(200);
    expect(doc.body.openapi).toMatch(/^3\./);
    const employees = doc.body.paths['/api/v1/employees'];
    expect(employees.post.responses['400']).toBeDefined();
    expect(employees.get.responses['401']).toBeDefined();
    expect(doc.body.paths['/api/v1/auth/token'].post.responses['429']).toBeDefined();
    expect((await anonymous.get('/docs')).status).toBe(200);
  });

  it('shows the queue dashboard to ministry admins only', async () => {
    const none = await anonymous.get('/admin/queues');
    expect(none.status).toBe(401);
    expect(none.headers.get('content-type')).toContain('application/problem+json');
    const agency = await admin.post('/api/v1/agencies', { code: 'OPS-AG', name: 'Ops agency', kind: 'AGENCY' });
    await admin.post('/api/v1/users', {
      email: 'ops-agency-admin@example.go.id',
      password: 'ops-admin-pass',
      role: 'AGENCY_ADMIN',
      agencyId: agency.body.id,
    });
    const agencyAdmin = await anonymous.signIn('ops-agency-admin@example.go.id', 'ops-admin-pass');
    expect((await agencyAdmin.get('/admin/queues')).status).toBe(403);
    const board = await admin.get('/admin/queues');
    expect(board.status).toBe(200);
    expect(board.text).toContain('<html');
  });

  it('answers an unknown path with a problem+json 404 and echoes a request id', async () => {
    const missing = await admin.get('/api/v1/no-such-thing');
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('application/problem+json');
    expect(missing.body).toMatchObject({ status: 404, title: expect.any(String), detail: expect.any(String) });
    expect(missing.headers.get('x-request-id')).toBeTruthy();
  });
});
