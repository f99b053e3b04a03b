import { MigrationInterface, QueryRunner } from 'typeorm';

export class Scheduling1764300006000 implements MigrationInterface {
  name = 'Scheduling1764300006000';

  async up(q: QueryRunner): Promise<void> {
    // A PROPOSED session the nightly job created where demand was unmet, with the employees behind that demand
    // (invited onto the waiting list when an admin confirms it).
    await q.query(`
      CREATE TABLE development.session_proposals (
        session_id uuid PRIMARY KEY REFERENCES development.sessions(id),
        program_id uuid NOT NULL REFERENCES development.programs(id),
        agency_id uuid NOT NULL,
        demand integer NOT NULL CHECK (demand > 0),
        employee_ids uuid[] NOT NULL,
        proposed_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        invited integer
      )`);
    await q.query(`CREATE INDEX session_proposals_open ON development.session_proposals (agency_id, program_id) WHERE decided_at IS NULL`);
    // TrainingSessionStartingSoon, once per enrolment.
    await q.query(`
      CREATE TABLE development.session_reminders (
        enrolment_id uuid PRIMARY KEY REFERENCES development.enrolments(id),
        session_id uuid NOT NULL REFERENCES development.sessions(id),
        sent_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX sessions_upcoming ON development.sessions (starts_at) WHERE status = 'SCHEDULED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX development.sessions_upcoming`);
    await q.query(`DROP TABLE development.session_reminders`);
    await q.query(`DROP TABLE development.session_proposals`);
  }
}
