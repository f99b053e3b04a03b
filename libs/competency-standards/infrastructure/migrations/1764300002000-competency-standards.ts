import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The dictionary and the position standards. Published versions are
 * immutable: triggers refuse any UPDATE or DELETE of a version row and of a
 * standard's items, so nothing can rewrite what a standard or an assessment cites.
 */
export class CompetencyStandards1764300002000 implements MigrationInterface {
  name = 'CompetencyStandards1764300002000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE SCHEMA IF NOT EXISTS competency_standards`);
    await q.query(`
      CREATE FUNCTION competency_standards.refuse_rewrite() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'published versions are immutable: % on %.% refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
          USING ERRCODE = 'restrict_violation';
      END $$`);
    // The identity of a competency: its code, type and owner never change; current_version moves forward.
    await q.query(`
      CREATE TABLE competency_standards.competencies (
        id uuid PRIMARY KEY,
        code text NOT NULL,
        type text NOT NULL CHECK (type IN ('TECHNICAL','MANAGERIAL','SOCIOCULTURAL')),
        agency_id uuid,
        current_version integer NOT NULL CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CHECK (type = 'TECHNICAL' OR agency_id IS NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX competencies_code ON competency_standards.competencies (code)`);
    await q.query(`CREATE UNIQUE INDEX competencies_code_folded ON competency_standards.competencies (upper(code))`);
    await q.query(`CREATE INDEX competencies_agency ON competency_standards.competencies (agency_id, id)`);
    await q.query(`
      CREATE FUNCTION competency_standards.keep_identity() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF NEW.id <> OLD.id OR NEW.code <> OLD.code OR NEW.type <> OLD.type OR NEW.agency_id IS DISTINCT FROM OLD.agency_id
           OR NEW.current_version < OLD.current_version THEN
          RAISE EXCEPTION 'a competency''s code, type and owner never change, and its version only grows'
            USING ERRCODE = 'restrict_violation';
        END IF;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER competencies_keep_identity BEFORE UPDATE ON competency_standards.competencies
        FOR EACH ROW EXECUTE FUNCTION competency_standards.keep_identity()`);
    await q.query(`
      CREATE TABLE competency_standards.competency_versions (
        competency_id uuid NOT NULL REFERENCES competency_standards.competencies(id),
        version integer NOT NULL CHECK (version >= 1),
        name text NOT NULL,
        definition text NOT NULL,
        levels jsonb NOT NULL,
        defined_levels smallint[] NOT NULL,
        summary boolean NOT NULL DEFAULT false,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        PRIMARY KEY (competency_id, version)
      )`);
    await q.query(`
      CREATE TRIGGER competency_versions_immutable BEFORE UPDATE OR DELETE ON competency_standards.competency_versions
        FOR EACH ROW EXECUTE FUNCTION competency_standards.refuse_rewrite()`);

    await q.query(`
      CREATE TABLE competency_standards.position_standards (
        position_id uuid PRIMARY KEY,
        agency_id uuid NOT NULL,
        current_version integer NOT NULL CHECK (current_version >= 1),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX position_standards_agency ON competency_standards.position_standards (agency_id, position_id)`);
    await q.query(`
      CREATE TABLE competency_standards.position_standard_versions (
        position_id uuid NOT NULL REFERENCES competency_standards.position_standards(position_id),
        version integer NOT NULL CHECK (version >= 1),
        position_code text NOT NULL,
        agency_id uuid NOT NULL,
        published_at timestamptz NOT NULL DEFAULT now(),
        published_by text NOT NULL,
        PRIMARY KEY (position_id, version)
      )`);
    await q.query(`
      CREATE TABLE competency_standards.position_standard_items (
        position_id uuid NOT NULL,
        version integer NOT NULL,
        competency_code text NOT NULL,
        competency_id uuid NOT NULL,
        competency_version integer NOT NULL,
        required_level smallint NOT NULL CHECK (required_level BETWEEN 1 AND 5),
        PRIMARY KEY (position_id, version, competency_code),
        FOREIGN KEY (position_id, version) REFERENCES competency_standards.position_standard_versions(position_id, version),
        FOREIGN KEY (competency_id, competency_version) REFERENCES competency_standards.competency_versions(competency_id, version)
      )`);
    await q.query(
      `CREATE INDEX position_standard_items_competency ON competency_standards.position_standard_items (competency_id, competency_version)`,
    );
    for (const table of ['position_standard_versions', 'position_standard_items']) {
      await q.query(`
        CREATE TRIGGER ${table}_immutable BEFORE UPDATE OR DELETE ON competency_standards.${table}
          FOR EACH ROW EXECUTE FUNCTION competency_standards.refuse_rewrite()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA competency_standards CASCADE`);
  }
}
