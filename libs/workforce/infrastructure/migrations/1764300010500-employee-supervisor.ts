import { MigrationInterface, QueryRunner } from 'typeorm';

/** An employee's direct supervisor (atasan langsung), who may state training needs on their behalf. */
export class EmployeeSupervisor1764300010500 implements MigrationInterface {
  name = 'EmployeeSupervisor1764300010500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workforce.employees ADD COLUMN supervisor_id uuid REFERENCES workforce.employees(id)`);
    await q.query(`ALTER TABLE workforce.employees ADD CONSTRAINT employees_not_own_supervisor CHECK (supervisor_id <> id)`);
    await q.query(`CREATE INDEX employees_supervisor ON workforce.employees (supervisor_id) WHERE supervisor_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workforce.employees DROP COLUMN supervisor_id`);
  }
}
