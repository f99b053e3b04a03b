import { MigrationInterface, QueryRunner } from 'typeorm';

/** Development's own copy of the Feedback signals its recommendations weigh (fed by `development.feedback-signals`). */
export class FeedbackSignals1764300007500 implements MigrationInterface {
  name = 'FeedbackSignals1764300007500';

  async up(q: QueryRunner): Promise<void> {
    // Live stated needs for a competency (TrainingNeedSubmitted; gone on TrainingNeedClosed).
    await q.query(`
      CREATE TABLE development.stated_needs (
        need_id uuid PRIMARY KEY,
        employee_id uuid NOT NULL,
        competency_code text NOT NULL,
        priority text NOT NULL CHECK (priority IN ('LOW','MEDIUM','HIGH')),
        submitted_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX stated_needs_employee ON development.stated_needs (employee_id, competency_code)`);
    // Needs closed before their submission arrived (events may be delivered in any order): never stored again.
    await q.query(`CREATE TABLE development.closed_needs (need_id uuid PRIMARY KEY)`);
    // Per program: its evaluations and effectiveness as Feedback last answered them (TrainingEvaluated).
    await q.query(`
      CREATE TABLE development.program_feedback (
        program_id uuid PRIMARY KEY REFERENCES development.programs(id),
        evaluations integer NOT NULL,
        mean_rating numeric(4,2),
        participants integer NOT NULL,
        mean_level_change numeric(5,2),
        meaningful boolean NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Effectiveness reads each employee's completions of a program.
    await q.query(`CREATE INDEX enrolments_completed ON development.enrolments (program_id, employee_id) WHERE status = 'COMPLETED'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX development.enrolments_completed`);
    await q.query(`DROP TABLE development.program_feedback`);
    await q.query(`DROP TABLE development.closed_needs`);
    await q.query(`DROP TABLE development.stated_needs`);
  }
}
