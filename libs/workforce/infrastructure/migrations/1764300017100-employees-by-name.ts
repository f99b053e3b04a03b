import { MigrationInterface, QueryRunner } from 'typeorm';

/** Employee lists are ordered by name (then id), within an agency for most readers: keep that order indexed. */
export class EmployeesByName1764300017100 implements MigrationInterface {
  name = 'EmployeesByName1764300017100';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX employees_agency_name ON workforce.employees (agency_id, name, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workforce.employees_agency_name`);
  }
}
