import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { ensureDatabase } from '@kompeten/shared/infrastructure';
import { environment } from '@config/environment';

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

  it('creates a missing database once when the API and a worker start at the same moment', async () => {
    const url = new URL(environment().DATABASE_URL);
    const name = `kompeten_startup_${process.pid}`;
    url.pathname = `/${name}`;
    const admin = new Client({ connectionString: environment().DATABASE_URL });
    await admin.connect();
    try {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await Promise.all(Array.from({ length: 4 }, () => ensureDatabase(url.toString())));
      expect((await admin.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name])).rowCount).toBe(1);
    } finally {
      await admin.query(`DROP DATABASE IF EXISTS ${name}`);
      await admin.end();
    }
  });

  it('stops within seconds, naming the address, when Redis cannot be reached', () => {
    const result = start(join(root, 'dist/apps/worker/src/main.js'), { REDIS_URL: 'redis://127.0.0.1:1' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('Cannot reach Redis at 127.0.0.1:1');
    expect(result.stderr).toContain('redis-server');
    expect(result.seconds).toBeLessThan(15);
  });
});
