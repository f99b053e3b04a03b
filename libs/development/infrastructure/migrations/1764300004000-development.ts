import { MigrationInterface, QueryRunner } from 'typeorm';

const MODES = `'CLASSROOM','E_LEARNING','BLENDED','COACHING','MENTORING','INTERNSHIP','SELF_LEARNING','COMMUNITY_OF_PRACTICE','SEMINAR','WORKSHOP','DEGREE'`;

export class Development1764300004000 implements MigrationInterface {
  name = 'Development1764300004000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS development`);
    // The catalogue: national programs (agency_id NULL) and agencies' own.
    await q.query(`
      CREATE TABLE development.programs (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        title text NOT NULL,
        delivery_mode text NOT NULL CHECK (delivery_mode IN (${MODES})),
        international boolean NOT NULL DEFAULT false,
        provider text NOT NULL,
        jp numeric(9,2) CHECK (jp > 0),
        days numeric(6,2) CHECK (days > 0),
        max_class_size integer NOT NULL CHECK (max_class_size > 0),
        agency_id uuid,
        active boolean NOT NULL DEFAULT true,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((jp IS NULL) <> (days IS NULL)),
        CHECK (days IS NULL OR delivery_mode IN ('SEMINAR','WORKSHOP'))
      )`);
    await q.query(`CREATE UNIQUE INDEX programs_code ON development.programs (lower(code))`);
    await q.query(`CREATE INDEX programs_agency ON development.programs (agency_id, id)`);
    await q.query(`
      CREATE TABLE development.program_competencies (
        program_id uuid NOT NULL REFERENCES development.programs(id) ON DELETE CASCADE,
        competency_code text NOT NULL,
        target_level smallint NOT NULL CHECK (target_level BETWEEN 1 AND 5),
        ordinal smallint NOT NULL,
        PRIMARY KEY (program_id, competency_code)
      )`);
    await q.query(`CREATE INDEX program_competencies_code ON development.program_competencies (competency_code)`);
    // Sessions: the seat counter is kept under the session's row lock, and the CHECK makes overbooking impossible.
    await q.query(`
      CREATE TABLE development.sessions (
        id uuid PRIMARY KEY,
        program_id uuid NOT NULL REFERENCES development.programs(id),
        -- The agency that runs the session (an agency may host a national program); null: the ministry.
        host_agency_id uuid,
        starts_at timestamptz NOT NULL,
        ends_at timestamptz NOT NULL,
        capacity integer NOT NULL CHECK (capacity > 0),
        location text,
        online_url text,
        enrolment_deadline timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('PROPOSED','SCHEDULED','CANCELLED','DONE')),
        seats_taken integer NOT NULL DEFAULT 0,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (ends_at > starts_at),
        CHECK (location IS NOT NULL OR online_url IS NOT NULL),
        CHECK (seats_taken >= 0 AND seats_taken <= capacity)
      )`);
    await q.query(`CREATE INDEX sessions_program ON development.sessions (program_id, starts_at)`);
    await q.query(`
      CREATE TABLE development.enrolments (
        id uuid PRIMARY KEY,
        session_id uuid NOT NULL REFERENCES development.sessions(id),
        program_id uuid NOT NULL REFERENCES development.programs(id),
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        status text NOT NULL CHECK (status IN ('ENROLLED','WAITLISTED','CANCELLED','COMPLETED')),
        enrolled_by text NOT NULL CHECK (enrolled_by IN ('SELF','ADMIN')),
        enrolled_at timestamptz,
        waitlisted_at timestamptz,
        cancelled_at timestamptz,
        completed_at timestamptz,
        credited_jp numeric(9,2),
        jp_year smallint,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK ((status = 'COMPLETED') = (completed_at IS NOT NULL AND credited_jp IS NOT NULL))
      )`);
    // One live enrolment per employee per session; a cancelled one does not stop a new one.
    await q.query(
      `CREATE UNIQUE INDEX enrolments_one_per_session ON development.enrolments (session_id, employee_id) WHERE status <> 'CANCELLED'`,
    );
    await q.query(`CREATE INDEX enrolments_waiting ON development.enrolments (session_id) WHERE status = 'WAITLISTED'`);
    await q.query(`CREATE INDEX enrolments_session ON development.enrolments (session_id, id)`);
    await q.query(`CREATE INDEX enrolments_employee ON development.enrolments (employee_id, id)`);
    await q.query(`CREATE INDEX enrolments_agency ON development.enrolments (agency_id, id)`);
    // Development outside the catalogue.
    await q.query(`
      CREATE TABLE development.records (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        kind text NOT NULL CHECK (kind IN (${MODES})),
        name text NOT NULL,
        provider text NOT NULL,
        certificate_number text,
        international boolean NOT NULL DEFAULT false,
        jp numeric(9,2),
        days numeric(6,2),
        credited_jp numeric(9,2) NOT NULL CHECK (credited_jp > 0),
        start_date date NOT NULL,
        end_date date NOT NULL,
        year smallint NOT NULL,
        status text NOT NULL CHECK (status IN ('PENDING','VERIFIED')),
        submitted_by text NOT NULL CHECK (submitted_by IN ('SELF','ADMIN')),
        verified_at timestamptz,
        verified_by text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (end_date >= start_date),
        CHECK ((jp IS NULL) <> (days IS NULL))
      )`);
    await q.query(`CREATE INDEX records_employee ON development.records (employee_id, id)`);
    await q.query(`CREATE INDEX records_agency_pending ON development.records (agency_id, id) WHERE status = 'PENDING'`);
    // The JP ledger: one credit per completion or verified record, never two (the unique source).
    await q.query(`
      CREATE TABLE development.jp_ledger (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        year smallint NOT NULL,
        jp numeric(9,2) NOT NULL CHECK (jp > 0),
        source text NOT NULL CHECK (source IN ('TRAINING','RECORD')),
        source_id uuid NOT NULL,
        credited_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (source, source_id)
      )`);
    await q.query(`CREATE INDEX jp_ledger_employee_year ON development.jp_ledger (employee_id, year) INCLUDE (jp)`);
    await q.query(`CREATE INDEX jp_ledger_agency_year ON development.jp_ledger (agency_id, year)`);
    // The latest competency profile of each employee, from CompetencyProfileChanged: what waiting lists and plans rank by.
    await q.query(`
      CREATE TABLE development.employee_profiles (
        employee_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        position_id uuid NOT NULL,
        standard_version integer NOT NULL,
        jpm numeric(7,2),
        category text,
        occurred_at timestamptz NOT NULL,
        received_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE development.employee_gaps (
        employee_id uuid NOT NULL REFERENCES development.employee_profiles(employee_id) ON DELETE CASCADE,
        competency_code text NOT NULL,
        competency_type text NOT NULL,
        required_level smallint NOT NULL,
        achieved_level smallint,
        gap smallint,
        PRIMARY KEY (employee_id, competency_code)
      )`);
    await q.query(`CREATE INDEX employee_gaps_needs ON development.employee_gaps (competency_code, gap) WHERE gap < 0`);
    // The individual development plan (IDP).
    await q.query(`
      CREATE TABLE development.plan_items (
        id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        competency_code text NOT NULL,
        program_id uuid REFERENCES development.programs(id),
        session_id uuid REFERENCES development.sessions(id),
        status text NOT NULL CHECK (status IN ('PLANNED','IN_PROGRESS','DONE','DROPPED')),
        source text NOT NULL CHECK (source IN ('MANUAL','RECOMMENDATION')),
        source_ref text,
        note text,
        version integer NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (program_id IS NOT NULL OR session_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX plan_items_employee ON development.plan_items (employee_id, id)`);
    await q.query(
      `CREATE UNIQUE INDEX plan_items_source_ref ON development.plan_items (employee_id, source_ref) WHERE source_ref IS NOT NULL`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA development CASCADE`);
  }
}
