import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The Reporting context's read models: copies of other contexts' facts, kept by
 * integration events (docs/adr/0011), shaped so that each report is one statement
 * filtered by agency.
 */
export class Reporting1764300009000 implements MigrationInterface {
  name = 'Reporting1764300009000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS reporting`);
    // Where each employee works (Workforce's EmployeeReportingPlacementsQuery).
    await q.query(`
      CREATE TABLE reporting.employees (
        employee_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        unit_id uuid NOT NULL,
        position_id uuid NOT NULL,
        position_kind text NOT NULL,
        employee_kind text NOT NULL,
        retired boolean NOT NULL DEFAULT false,
        refreshed_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(
      `CREATE INDEX employees_agency ON reporting.employees (agency_id) INCLUDE (employee_id, unit_id, position_kind) WHERE NOT retired`,
    );
    // The latest competency profile of each employee (CompetencyProfileChanged); a late older event never overwrites a newer one.
    await q.query(`
      CREATE TABLE reporting.profiles (
        employee_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        position_id uuid NOT NULL,
        jpm numeric(6,2),
        category text,
        occurred_at timestamptz NOT NULL
      )`);
    await q.query(`
      CREATE TABLE reporting.gaps (
        employee_id uuid NOT NULL,
        competency_code text NOT NULL,
        competency_type text NOT NULL,
        required_level smallint NOT NULL,
        achieved_level smallint,
        gap smallint,
        PRIMARY KEY (employee_id, competency_code)
      )`);
    // JP credited (TrainingCompleted from a session or a learning platform, DevelopmentRecorded), once per source.
    await q.query(`
      CREATE TABLE reporting.jp_credits (
        source text NOT NULL CHECK (source IN ('TRAINING','PLATFORM','RECORD')),
        source_id uuid NOT NULL,
        employee_id uuid NOT NULL,
        agency_id uuid NOT NULL,
        year smallint NOT NULL,
        jp numeric(9,2) NOT NULL,
        -- A voided platform completion: kept (so a late credit of it adds nothing), no longer in the totals.
        reversed boolean NOT NULL DEFAULT false,
        PRIMARY KEY (source, source_id)
      )`);
    // Each employee's JP of a year, added to as credits arrive (only a credit not seen before adds).
    await q.query(`
      CREATE TABLE reporting.jp_totals (
        employee_id uuid NOT NULL,
        year smallint NOT NULL,
        jp numeric(9,2) NOT NULL,
        PRIMARY KEY (year, employee_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA reporting CASCADE`);
  }
}
