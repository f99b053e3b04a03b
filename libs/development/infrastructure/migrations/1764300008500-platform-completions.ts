import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Completions reported by learning platforms (through Learning Records): one
 * credited completion per employee and program at a time (a partial unique
 * index), each credited in the JP ledger as a TRAINING with the completion's id
 * as source id. A voided statement reverses it: the ledger row goes, the
 * completion stays as REVERSED (history and audit keep both).
 */
export class PlatformCompletions1764300008500 implements MigrationInterface {
  name = 'PlatformCompletions1764300008500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE development.platform_completions (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        program_id uuid NOT NULL REFERENCES development.programs(id),
        completed_at timestamptz NOT NULL,
        year smallint NOT NULL,
        credited_jp numeric(9,2) NOT NULL CHECK (credited_jp > 0),
        statement_id uuid NOT NULL UNIQUE,
        lrs_client_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('CREDITED','REVERSED')),
        reversed_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'REVERSED') = (reversed_at IS NOT NULL))
      )`);
    await q.query(
      `CREATE UNIQUE INDEX platform_completions_once ON development.platform_completions (employee_id, program_id) WHERE status = 'CREDITED'`,
    );
    await q.query(`CREATE INDEX platform_completions_employee ON development.platform_completions (employee_id, id)`);
    await q.query(`CREATE INDEX platform_completions_program ON development.platform_completions (program_id) WHERE status = 'CREDITED'`);
    await q.query(`CREATE INDEX platform_completions_agency_year ON development.platform_completions (agency_id, year)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE development.platform_completions`);
  }
}
