import { MigrationInterface, QueryRunner } from 'typeorm';

export class Assessment1764300003000 implements MigrationInterface {
  name = 'Assessment1764300003000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS assessment`);
    await q.query(`
      CREATE TABLE assessment.assessments (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        purpose text NOT NULL CHECK (purpose IN ('MAPPING','COMPETENCY_TEST','PROMOTION')),
        target_position_id uuid NOT NULL,
        standard_version integer NOT NULL,
        standard_items jsonb NOT NULL,
        method text NOT NULL,
        provider_name text NOT NULL,
        provider_accredited boolean NOT NULL,
        official boolean NOT NULL,
        assessor_name text,
        assessed_at timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('DRAFT','COMPLETED','SUPERSEDED')),
        results jsonb NOT NULL DEFAULT '[]',
        version integer NOT NULL DEFAULT 1,
        completed_at timestamptz,
        source text NOT NULL DEFAULT 'API',
        -- For imports: (NIP, assessed-at, provider, method, purpose), so a re-import adds nothing.
        import_key text UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX assessments_employee ON assessment.assessments (employee_id, assessed_at DESC)`);
    await q.query(`CREATE INDEX assessments_agency ON assessment.assessments (agency_id, id)`);
    // The level each completed assessment concluded per competency: what profiles are computed from.
    await q.query(`
      CREATE TABLE assessment.achieved_levels (
        assessment_id uuid NOT NULL REFERENCES assessment.assessments(id),
        employee_id uuid NOT NULL,
        competency_code text NOT NULL,
        competency_type text NOT NULL,
        level smallint NOT NULL CHECK (level BETWEEN 1 AND 5),
        group_means jsonb,
        official boolean NOT NULL,
        purpose text NOT NULL,
        assessed_at timestamptz NOT NULL,
        valid_until timestamptz NOT NULL,
        PRIMARY KEY (assessment_id, competency_code)
      )`);
    await q.query(
      `CREATE INDEX achieved_levels_latest ON assessment.achieved_levels (employee_id, competency_code, assessed_at DESC) INCLUDE (level, valid_until, official)`,
    );
    // The competency profile read model (shape fixed in API.md), one row per employee.
    await q.query(`
      CREATE TABLE assessment.competency_profiles (
        employee_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        position_id uuid NOT NULL,
        standard_version integer NOT NULL,
        jpm numeric(7,2),
        category text,
        purpose text,
        reassessment_due boolean NOT NULL,
        items jsonb NOT NULL,
        self_assessment jsonb,
        fingerprint text NOT NULL,
        computed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX competency_profiles_agency ON assessment.competency_profiles (agency_id)`);
    await q.query(`CREATE INDEX competency_profiles_position ON assessment.competency_profiles (position_id)`);
    // ReassessmentDue is published once per assessment result.
    await q.query(`
      CREATE TABLE assessment.reassessment_notices (
        assessment_id uuid PRIMARY KEY REFERENCES assessment.assessments(id),
        published_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA assessment CASCADE`);
  }
}
