import { MigrationInterface, QueryRunner } from 'typeorm';

export class Recommendations1764300005000 implements MigrationInterface {
  name = 'Recommendations1764300005000';

  async up(q: QueryRunner): Promise<void> {
    // One current set of recommendations per employee: recomputing replaces it, never adds a second.
    await q.query(`
      CREATE TABLE development.recommendations (
        employee_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        items jsonb NOT NULL,
        generated_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX recommendations_agency ON development.recommendations (agency_id, employee_id)`);
    await q.query(`CREATE INDEX employee_profiles_agency ON development.employee_profiles (agency_id, employee_id)`);
    // Full recomputes (GET /admin/jobs/{id}): a run split into chunks; each chunk counts its employees once when it commits.
    await q.query(`
      CREATE TABLE development.recompute_runs (
        id uuid PRIMARY KEY,
        agency_id uuid,
        state text NOT NULL CHECK (state IN ('queued','running','completed','failed')),
        total integer NOT NULL DEFAULT 0,
        done integer NOT NULL DEFAULT 0,
        chunks integer,
        error text,
        requested_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE development.recompute_chunks (
        run_id uuid NOT NULL REFERENCES development.recompute_runs(id) ON DELETE CASCADE,
        chunk integer NOT NULL,
        after_id uuid,
        until_id uuid NOT NULL,
        employees integer NOT NULL,
        done boolean NOT NULL DEFAULT false,
        PRIMARY KEY (run_id, chunk)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE development.recompute_chunks`);
    await q.query(`DROP TABLE development.recompute_runs`);
    await q.query(`DROP INDEX development.employee_profiles_agency`);
    await q.query(`DROP TABLE development.recommendations`);
  }
}
