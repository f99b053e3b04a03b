import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

// Runs the built entry points (npm test builds before jest), as `npm start` would.
const root = join(__dirname, '..');
const api = join(root, 'dist/apps/api/src/main.js');

function start(entry: string, env: Record<string, string>) {
  const started = Date.now();
  const result = spawnSync(process.execPath, [entry], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });
  return { ...result, seconds: (Date.now() - started) / 1000 };
}

describe('starting a process', () => {
  beforeAll(() => {
    if (!existsSync(api)) throw new Error('Build first (npm test does): ' + api + ' is missing');
  });

  it('refuses a bad configuration, naming the variable', () => {
    const result = start(api, { PORT: 'not-a-port' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('PORT');
  });

  it('refuses to start in production without the bootstrap admin and a JWT secret', () => {
    const result = start(api, { NODE_ENV: 'production', KOMPETEN_ADMIN_EMAIL: '', KOMPETEN_ADMIN_PASSWORD: '', JWT_SECRET: '' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('KOMPETEN_ADMIN_EMAIL');
    expect(result.stderr).toContain('JWT_SECRET');
  });

  it('stops within seconds, naming the address, when PostgreSQL cannot be reached', () => {
    const result = start(api, { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/kompeten' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot reach PostgreSQL at 127.0.0.1:1');
    expect(result.stderr).toContain('pg_ctlcluster');
    expect(result.seconds).toBeLessThan(15);
  });

  it('stops within seconds, naming the address, when Redis cannot be reached', () => {
    const result = start(join(root, 'dist/apps/worker/src/main.js'), { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot reach Redis at 127.0.0.1:1');
    expect(result.stderr).toContain('redis-server');
    expect(result.seconds).toBeLessThan(15);
  });
});
