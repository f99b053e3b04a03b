import { MigrationInterface, QueryRunner } from 'typeorm';

/** Learning platforms name employees by e-mail (xAPI `mbox`): EmployeeContactsQuery looks them up by lower(email). */
export class EmployeeEmailLookup1764300010000 implements MigrationInterface {
  name = 'EmployeeEmailLookup1764300010000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX employees_email ON workforce.employees (lower(email)) WHERE email IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX workforce.employees_email`);
  }
}
