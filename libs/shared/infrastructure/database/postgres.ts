import { Client } from 'pg';

/** host:port of a postgres URL, for messages that say where we looked. */
export function describeAddress(url: string): string {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || '5432'}${u.pathname}`;
  } catch {
    return url;
  }
}

export const START_POSTGRES_HINT =
  "start it with 'pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start' (or 'docker compose up -d postgres'), or set DATABASE_URL";

/** Creates the database named in the URL when it is missing; fails fast when PostgreSQL cannot be reached. */
export async function ensureDatabase(url: string, timeoutMs = 5000): Promise<void> {
  const target = new URL(url);
  const name = decodeURIComponent(target.pathname.replace(/^\//, '')) || 'postgres';
  const admin = new URL(url);
  admin.pathname = '/postgres';
  const client = new Client({ connectionString: admin.toString(), connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
  } catch (error) {
    throw new Error(`Cannot reach PostgreSQL at ${describeAddress(url)}: ${(error as Error).message}. ${START_POSTGRES_HINT}`);
  }
  try {
    // `npm start` starts the API and a worker at once: two CREATE DATABASE at the same moment collide in the catalogue
    // (a unique violation, not "already exists"). One at a time, under a lock of the server's maintenance database.
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [`kompeten.create-database.${name}`]);
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (found.rowCount === 0) {
      try {
        await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
      } catch (error) {
        // Created meanwhile by a process that does not take the lock.
        if ((error as { code?: string }).code !== '42P04') throw error;
      }
    }
  } finally {
    // Ending the session releases the lock.
    await client.end();
  }
}
