import { MigrationInterface, QueryRunner } from 'typeorm';

export class Workforce1764300001000 implements MigrationInterface {
  name = 'Workforce1764300001000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS workforce`);
    await q.query(`
      CREATE TABLE workforce.agencies (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('MINISTRY','AGENCY','PROVINCE','REGENCY','CITY')),
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX agencies_code ON workforce.agencies (code)`);
    await q.query(`
      CREATE TABLE workforce.org_units (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        agency_id uuid NOT NULL REFERENCES workforce.agencies(id),
        parent_id uuid REFERENCES workforce.org_units(id),
        code text NOT NULL,
        name text NOT NULL,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX org_units_agency_code ON workforce.org_units (agency_id, code)`);
    await q.query(`CREATE INDEX org_units_parent ON workforce.org_units (parent_id)`);
    await q.query(`
      CREATE TABLE workforce.positions (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        agency_id uuid NOT NULL REFERENCES workforce.agencies(id),
        code text NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('JPT_UTAMA','JPT_MADYA','JPT_PRATAMA','ADMINISTRATOR','PENGAWAS','PELAKSANA','FUNGSIONAL')),
        functional_grade text CHECK (functional_grade IN ('AHLI_UTAMA','AHLI_MADYA','AHLI_MUDA','AHLI_PERTAMA','PENYELIA','MAHIR','TERAMPIL','PEMULA')),
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX positions_code ON workforce.positions (code)`);
    await q.query(`CREATE INDEX positions_agency ON workforce.positions (agency_id)`);
    await q.query(`
      CREATE TABLE workforce.employees (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        nip char(18) NOT NULL,
        name text NOT NULL,
        kind text NOT NULL CHECK (kind IN ('PNS','PPPK')),
        agency_id uuid NOT NULL REFERENCES workforce.agencies(id),
        unit_id uuid NOT NULL REFERENCES workforce.org_units(id),
        position_id uuid NOT NULL REFERENCES workforce.positions(id),
        email text,
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1
      )`);
    await q.query(`CREATE UNIQUE INDEX employees_nip ON workforce.employees (nip)`);
    await q.query(`CREATE INDEX employees_agency ON workforce.employees (agency_id, id)`);
    await q.query(`CREATE INDEX employees_unit ON workforce.employees (unit_id)`);
    await q.query(`CREATE INDEX employees_position ON workforce.employees (position_id)`);
    await q.query(`
      CREATE TABLE workforce.users (
        id uuid PRIMARY KEY DEFAULT uuid_v7(),
        email text NOT NULL,
        password_hash text NOT NULL,
        role text NOT NULL CHECK (role IN ('MINISTRY_ADMIN','AGENCY_ADMIN','ASSESSOR','EMPLOYEE')),
        agency_id uuid REFERENCES workforce.agencies(id),
        employee_id uuid REFERENCES workforce.employees(id),
        assessor_agency_ids uuid[] NOT NULL DEFAULT '{}',
        retired_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        version integer NOT NULL DEFAULT 1,
        CHECK (role <> 'AGENCY_ADMIN' OR agency_id IS NOT NULL),
        CHECK (role <> 'EMPLOYEE' OR employee_id IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email ON workforce.users (lower(email))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA workforce CASCADE`);
  }
}
