import { MigrationInterface, QueryRunner } from 'typeorm';

const MODES = `'CLASSROOM','E_LEARNING','BLENDED','COACHING','MENTORING','INTERNSHIP','SELF_LEARNING','COMMUNITY_OF_PRACTICE','SEMINAR','WORKSHOP','DEGREE'`;

export class AgencyDevelopmentPlans1764300009500 implements MigrationInterface {
  name = 'AgencyDevelopmentPlans1764300009500';

  async up(q: QueryRunner): Promise<void> {
    // One plan per agency and year; `version` moves with every change, `revision` with every revision after approval.
    await q.query(`
      CREATE TABLE development.agency_plans (
        id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        year smallint NOT NULL CHECK (year BETWEEN 2000 AND 2100),
        status text NOT NULL CHECK (status IN ('DRAFT','SUBMITTED','APPROVED')),
        version integer NOT NULL,
        revision integer NOT NULL CHECK (revision >= 1),
        notes text,
        submitted_at timestamptz,
        approved_at timestamptz,
        approved_by text,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (agency_id, year)
      )`);
    // The current items (a draft's, or the approved plan's); rewritten as a set on every change of the plan.
    await q.query(`
      CREATE TABLE development.agency_plan_items (
        id uuid PRIMARY KEY,
        plan_id uuid NOT NULL REFERENCES development.agency_plans(id) ON DELETE CASCADE,
        ordinal integer NOT NULL,
        competency_code text NOT NULL,
        competency_name text NOT NULL,
        competency_type text NOT NULL CHECK (competency_type IN ('TECHNICAL','MANAGERIAL','SOCIOCULTURAL')),
        title text NOT NULL,
        delivery_mode text NOT NULL CHECK (delivery_mode IN (${MODES})),
        program_id uuid REFERENCES development.programs(id),
        provider text NOT NULL,
        target_count integer NOT NULL CHECK (target_count > 0),
        target_employee_ids uuid[] NOT NULL DEFAULT '{}',
        target_unit_id uuid,
        target_group text,
        planned_start date,
        planned_end date,
        session_count integer NOT NULL CHECK (session_count >= 0),
        location text,
        online_url text,
        budget bigint NOT NULL CHECK (budget >= 0),
        origin text NOT NULL CHECK (origin IN ('AKPK','MANUAL')),
        note text,
        CHECK (planned_end >= planned_start)
      )`);
    await q.query(`CREATE INDEX agency_plan_items_plan ON development.agency_plan_items (plan_id, ordinal)`);
    // Every approved version, as it was approved: never changed nor removed.
    await q.query(`
      CREATE TABLE development.agency_plan_versions (
        plan_id uuid NOT NULL REFERENCES development.agency_plans(id),
        version integer NOT NULL,
        revision integer NOT NULL,
        document jsonb NOT NULL,
        approved_at timestamptz NOT NULL,
        approved_by text NOT NULL,
        PRIMARY KEY (plan_id, version)
      )`);
    await q.query(`
      CREATE FUNCTION development.refuse_plan_version_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'an approved development plan version is immutable';
      END $$`);
    await q.query(`
      CREATE TRIGGER agency_plan_versions_immutable BEFORE UPDATE OR DELETE ON development.agency_plan_versions
        FOR EACH ROW EXECUTE FUNCTION development.refuse_plan_version_change()`);
    // The sessions approvals created, per item (so a later approval of a revision creates only the missing ones).
    await q.query(`
      CREATE TABLE development.agency_plan_sessions (
        session_id uuid PRIMARY KEY REFERENCES development.sessions(id),
        plan_id uuid NOT NULL REFERENCES development.agency_plans(id),
        item_id uuid NOT NULL,
        plan_version integer NOT NULL
      )`);
    await q.query(`CREATE INDEX agency_plan_sessions_item ON development.agency_plan_sessions (plan_id, item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE development.agency_plan_sessions`);
    await q.query(`DROP TABLE development.agency_plan_versions`);
    await q.query(`DROP FUNCTION development.refuse_plan_version_change()`);
    await q.query(`DROP TABLE development.agency_plan_items`);
    await q.query(`DROP TABLE development.agency_plans`);
  }
}
