import { MigrationInterface, QueryRunner } from 'typeorm';

export class MessagingAndAudit1764300000000 implements MigrationInterface {
  name = 'MessagingAndAudit1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pgcrypto`);
    // Time-ordered UUIDs (RFC 9562 v7) for set-based inserts; the application makes the same in kernel/ids.ts.
    await q.query(`
      CREATE OR REPLACE FUNCTION public.uuid_v7() RETURNS uuid LANGUAGE sql VOLATILE AS $$
        SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid())
               PLACING substring(int8send(floor(extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3)
               FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
      $$`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS messaging`);
    await q.query(`
      CREATE TABLE messaging.outbox (
        id uuid PRIMARY KEY,
        seq bigserial NOT NULL,
        event_name text NOT NULL,
        aggregate_id text NOT NULL,
        payload jsonb NOT NULL,
        occurred_at timestamptz NOT NULL DEFAULT now(),
        published_at timestamptz
      )`);
    await q.query(`CREATE INDEX outbox_unpublished ON messaging.outbox (seq) WHERE published_at IS NULL`);
    await q.query(`CREATE INDEX outbox_published_at ON messaging.outbox (published_at) WHERE published_at IS NOT NULL`);
    await q.query(`
      CREATE TABLE messaging.inbox (
        message_id uuid NOT NULL,
        subscriber text NOT NULL,
        event_name text NOT NULL,
        handled_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (message_id, subscriber)
      )`);
    await q.query(`CREATE INDEX inbox_handled_at ON messaging.inbox (handled_at)`);
    await q.query(`
      CREATE TABLE messaging.probe_receipt (
        probe_id text PRIMARY KEY,
        deliveries integer NOT NULL,
        first_at timestamptz NOT NULL DEFAULT now(),
        last_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE SCHEMA IF NOT EXISTS audit`);
    await q.query(`
      CREATE TABLE audit.audit_log (
        id uuid PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor_user_id uuid,
        actor_email text NOT NULL,
        actor_role text NOT NULL,
        request_id text,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        agency_id uuid,
        before jsonb,
        after jsonb
      )`);
    await q.query(`CREATE INDEX audit_log_entity ON audit.audit_log (entity_type, entity_id)`);
    await q.query(`CREATE INDEX audit_log_actor ON audit.audit_log (actor_email)`);
    await q.query(`CREATE INDEX audit_log_at ON audit.audit_log (at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP SCHEMA audit CASCADE`);
    await q.query(`DROP SCHEMA messaging CASCADE`);
    await q.query(`DROP FUNCTION IF EXISTS public.uuid_v7()`);
  }
}
