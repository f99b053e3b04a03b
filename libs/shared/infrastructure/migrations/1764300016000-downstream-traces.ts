import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Bulk work is followed downstream until it is current (ADR 0003, "traces"):
 * - `messaging.traces`: one per bulk operation (an import), the job its caller follows at GET /admin/jobs/{id};
 * - `messaging.outbox.origin`: the trace an event belongs to, taken from the transaction's `kompeten.origin` setting, which
 *   the bulk operation sets and every delivery of a traced event sets again, so an event's consequences carry it too;
 * - `messaging.subscriptions`: which subscriber takes which event, written by the workers at start, so SQL can tell which
 *   deliveries an event is owed (and which of them are still missing from the inbox).
 */
export class DownstreamTraces1764300016000 implements MigrationInterface {
  name = 'DownstreamTraces1764300016000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE messaging.traces (
        id uuid PRIMARY KEY,
        kind text NOT NULL,
        agency_id uuid,
        requested_by uuid,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz,
        done integer NOT NULL DEFAULT 0,
        total integer NOT NULL DEFAULT 0
      )`);
    await q.query(`
      ALTER TABLE messaging.outbox
        ADD COLUMN origin uuid DEFAULT NULLIF(current_setting('kompeten.origin', true), '')::uuid`);
    await q.query(`CREATE INDEX outbox_origin ON messaging.outbox (origin) WHERE origin IS NOT NULL`);
    await q.query(`
      CREATE TABLE messaging.subscriptions (
        subscriber text NOT NULL,
        event_name text NOT NULL,
        seen_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (event_name, subscriber)
      )`);
    // Work a traced delivery hands on outside its own transaction (maintenance jobs): removed by the job that does it.
    await q.query(`
      CREATE TABLE messaging.trace_work (
        trace_id uuid NOT NULL,
        work_id text NOT NULL,
        PRIMARY KEY (trace_id, work_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE messaging.trace_work`);
    await q.query(`DROP TABLE messaging.subscriptions`);
    await q.query(`ALTER TABLE messaging.outbox DROP COLUMN origin`);
    await q.query(`DROP TABLE messaging.traces`);
  }
}
