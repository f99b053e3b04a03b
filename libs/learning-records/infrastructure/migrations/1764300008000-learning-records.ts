import { MigrationInterface, QueryRunner } from 'typeorm';

export class LearningRecords1764300008000 implements MigrationInterface {
  name = 'LearningRecords1764300008000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS learning_records`);
    // Learning platforms that post statements: HTTP Basic key:secret, the secret kept as a scrypt hash.
    await q.query(`
      CREATE TABLE learning_records.lrs_clients (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        key text NOT NULL UNIQUE,
        secret_hash text NOT NULL,
        -- The agency whose platform it is; null: a national platform.
        agency_id uuid,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Statements as received (plus the LRS's id, stored, authority, version), and what Kompeten read from them.
    await q.query(`
      CREATE TABLE learning_records.statements (
        id uuid PRIMARY KEY,
        lrs_client_id uuid NOT NULL REFERENCES learning_records.lrs_clients(id),
        body jsonb NOT NULL,
        verb_id text NOT NULL,
        verb_kind text NOT NULL CHECK (verb_kind IN ('COMPLETION','FAILURE','VOIDING','OTHER')),
        activity_id text,
        parent_activity_ids text[] NOT NULL DEFAULT '{}',
        voids_statement_id uuid,
        actor_home_page text,
        actor_account_name text,
        actor_email text,
        occurred_at timestamptz NOT NULL,
        stored timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('STORED','QUEUED','APPLIED','VOIDED')),
        employee_id uuid,
        program_id uuid,
        received_seq bigserial NOT NULL
      )`);
    await q.query(`CREATE INDEX statements_voids ON learning_records.statements (voids_statement_id) WHERE voids_statement_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX statements_employee_program ON learning_records.statements (employee_id, program_id) WHERE employee_id IS NOT NULL`,
    );
    // Statements kept for an agency admin: an actor nobody is mapped to, or an activity no program is mapped to.
    await q.query(`
      CREATE TABLE learning_records.review_queue (
        id uuid PRIMARY KEY,
        statement_id uuid NOT NULL UNIQUE REFERENCES learning_records.statements(id),
        reason text NOT NULL CHECK (reason IN ('UNKNOWN_ACTOR','UNMAPPED_ACTIVITY')),
        -- Who sees it: the employee's agency, else the platform's; null: every agency admin (a national platform's unknown actor).
        agency_id uuid,
        queued_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX review_queue_agency ON learning_records.review_queue (agency_id, id)`);
    await q.query(
      `CREATE INDEX review_queue_account ON learning_records.statements (actor_home_page, actor_account_name) WHERE status = 'QUEUED'`,
    );
    await q.query(`CREATE INDEX review_queue_activity ON learning_records.statements (activity_id) WHERE status = 'QUEUED'`);
    await q.query(
      `CREATE INDEX review_queue_parents ON learning_records.statements USING gin (parent_activity_ids) WHERE status = 'QUEUED'`,
    );
    await q.query(`
      CREATE TABLE learning_records.activity_mappings (
        id uuid PRIMARY KEY,
        activity_id text NOT NULL UNIQUE,
        program_id uuid NOT NULL,
        program_agency_id uuid,
        include_children boolean NOT NULL DEFAULT false,
        min_scaled_score numeric(6,5) CHECK (min_scaled_score BETWEEN -1 AND 1),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX activity_mappings_program ON learning_records.activity_mappings (program_id, id)`);
    await q.query(`
      CREATE TABLE learning_records.account_mappings (
        id uuid PRIMARY KEY,
        home_page text NOT NULL,
        account_name text NOT NULL,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (home_page, account_name)
      )`);
    await q.query(`CREATE INDEX account_mappings_agency ON learning_records.account_mappings (agency_id, id)`);
    // Every completion, pass or failure of a mapped activity by a known employee, and what came of it.
    await q.query(`
      CREATE TABLE learning_records.attempts (
        statement_id uuid PRIMARY KEY REFERENCES learning_records.statements(id),
        employee_id uuid NOT NULL,
        program_id uuid NOT NULL,
        verb_kind text NOT NULL,
        success boolean,
        scaled_score numeric,
        outcome text NOT NULL CHECK (outcome IN ('CREDITED','ALREADY_CREDITED','FAILED','BELOW_SCORE','REVERSED','VOIDED')),
        platform_completion_id uuid,
        occurred_at timestamptz NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX attempts_employee_program ON learning_records.attempts (employee_id, program_id, occurred_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA learning_records CASCADE`);
  }
}
