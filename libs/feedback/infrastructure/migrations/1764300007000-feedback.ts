import { MigrationInterface, QueryRunner } from 'typeorm';

export class Feedback1764300007000 implements MigrationInterface {
  name = 'Feedback1764300007000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS feedback`);
    // Trigram indexes make admins' free-text search (?q=) an index scan.
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`
      CREATE TABLE feedback.training_needs (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        competency_code text,
        text text CHECK (char_length(text) <= 2000),
        priority text NOT NULL CHECK (priority IN ('LOW','MEDIUM','HIGH')),
        reason text CHECK (char_length(reason) <= 2000),
        status text NOT NULL CHECK (status IN ('OPEN','PLANNED','ADDRESSED','DECLINED')),
        submitted_by text NOT NULL CHECK (submitted_by IN ('SELF','SUPERVISOR','ADMIN')),
        submitted_at timestamptz NOT NULL,
        planned_at timestamptz,
        addressed_at timestamptz,
        declined_at timestamptz,
        decline_reason text CHECK (char_length(decline_reason) <= 2000),
        version integer NOT NULL DEFAULT 1,
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (competency_code IS NOT NULL OR text IS NOT NULL),
        CHECK ((status = 'DECLINED') = (declined_at IS NOT NULL AND decline_reason IS NOT NULL))
      )`);
    // One live (OPEN or PLANNED) need per employee and competency.
    await q.query(
      `CREATE UNIQUE INDEX training_needs_live ON feedback.training_needs (employee_id, competency_code) WHERE status IN ('OPEN','PLANNED')`,
    );
    await q.query(`CREATE INDEX training_needs_employee ON feedback.training_needs (employee_id, id)`);
    await q.query(`CREATE INDEX training_needs_agency ON feedback.training_needs (agency_id, id)`);
    await q.query(
      `CREATE INDEX training_needs_counts ON feedback.training_needs (agency_id, submitted_at) INCLUDE (competency_code, employee_id) WHERE status <> 'DECLINED' AND competency_code IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX training_needs_counts_national ON feedback.training_needs (submitted_at) INCLUDE (competency_code, employee_id) WHERE status <> 'DECLINED' AND competency_code IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX training_needs_search ON feedback.training_needs USING gin ((coalesce(text, '') || ' ' || coalesce(reason, '')) gin_trgm_ops)`,
    );
    await q.query(`
      CREATE TABLE feedback.evaluations (
        id uuid PRIMARY KEY,
        enrolment_id uuid NOT NULL UNIQUE,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        program_id uuid NOT NULL,
        rating smallint NOT NULL CHECK (rating BETWEEN 1 AND 5),
        relevance smallint NOT NULL CHECK (relevance BETWEEN 1 AND 5),
        would_recommend boolean NOT NULL,
        comment text CHECK (char_length(comment) <= 2000),
        evaluated_at timestamptz NOT NULL
      )`);
    await q.query(
      `CREATE INDEX evaluations_program ON feedback.evaluations (program_id) INCLUDE (rating, relevance, would_recommend, agency_id)`,
    );
    await q.query(`CREATE INDEX evaluations_agency ON feedback.evaluations (agency_id, id)`);
    await q.query(`CREATE INDEX evaluations_employee ON feedback.evaluations (employee_id, id)`);
    await q.query(`CREATE INDEX evaluations_search ON feedback.evaluations USING gin (coalesce(comment, '') gin_trgm_ops)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA feedback CASCADE`);
  }
}
