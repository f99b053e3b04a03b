import { MigrationInterface, QueryRunner } from 'typeorm';
import { JsonObject } from '../../domain/statement';
import { activitiesOf, indexOf } from '../../domain/statement-reading';

/**
 * The full LRS (ADR 0010, Later): the keys statement queries find statements by (each behind an index), activities'
 * definitions, attachments' content, and the State, Activity Profile and Agent Profile documents. Statements stored
 * before get their keys from their bodies here, so they stay readable.
 */
export class LrsReading1764300014500 implements MigrationInterface {
  name = 'LrsReading1764300014500';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE learning_records.statements
        ADD COLUMN agent_keys text[] NOT NULL DEFAULT '{}',
        ADD COLUMN related_agent_keys text[] NOT NULL DEFAULT '{}',
        ADD COLUMN related_activity_ids text[] NOT NULL DEFAULT '{}',
        ADD COLUMN registration uuid,
        ADD COLUMN target_statement_id uuid`);
    for (let after = '00000000-0000-0000-0000-000000000000'; ;) {
      const rows: { id: string; body: JsonObject }[] = await q.query(
        `SELECT id, body FROM learning_records.statements WHERE id > $1 ORDER BY id LIMIT 2000`,
        [after],
      );
      if (rows.length === 0) break;
      after = rows[rows.length - 1].id;
      const keys = rows.map((r) => ({ id: r.id, ...indexOf(r.body) }));
      await q.query(
        `UPDATE learning_records.statements s
            SET agent_keys = ARRAY(SELECT jsonb_array_elements_text(k."agentKeys")),
                related_agent_keys = ARRAY(SELECT jsonb_array_elements_text(k."relatedAgentKeys")),
                related_activity_ids = ARRAY(SELECT jsonb_array_elements_text(k."relatedActivityIds")),
                registration = k.registration, target_statement_id = k."targetStatementId"
           FROM jsonb_to_recordset($1::jsonb) AS k(id uuid, "agentKeys" jsonb, "relatedAgentKeys" jsonb, "relatedActivityIds" jsonb,
                registration uuid, "targetStatementId" uuid)
          WHERE s.id = k.id`,
        [JSON.stringify(keys)],
      );
      const activities = rows.flatMap((r) => activitiesOf(r.body)).filter((a) => a.definition);
      if (activities.length) await q.query(ACTIVITY_UPSERT_SQL_FOR_MIGRATION, [JSON.stringify(activities)]);
    }
    // Each query's filter has its index; every one is ordered by stored (then received_seq) for paging.
    await q.query(`CREATE INDEX statements_stored ON learning_records.statements (stored, received_seq)`);
    await q.query(`CREATE INDEX statements_client_stored ON learning_records.statements (lrs_client_id, stored, received_seq)`);
    await q.query(`CREATE INDEX statements_agent_keys ON learning_records.statements USING gin (agent_keys)`);
    await q.query(`CREATE INDEX statements_related_agent_keys ON learning_records.statements USING gin (related_agent_keys)`);
    await q.query(`CREATE INDEX statements_activity ON learning_records.statements (activity_id, stored)`);
    await q.query(`CREATE INDEX statements_related_activity_ids ON learning_records.statements USING gin (related_activity_ids)`);
    await q.query(`CREATE INDEX statements_verb ON learning_records.statements (verb_id, stored)`);
    await q.query(
      `CREATE INDEX statements_registration ON learning_records.statements (registration, stored) WHERE registration IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX statements_target ON learning_records.statements (target_statement_id) WHERE target_statement_id IS NOT NULL`,
    );
    // The LRS's definition of each Activity (GET /xapi/activities): the latest given, merged over the earlier.
    await q.query(`
      CREATE TABLE learning_records.activities (
        activity_id text PRIMARY KEY,
        definition jsonb NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    // Attachments' content, by SHA-2 (the same content sent twice is kept once).
    await q.query(`
      CREATE TABLE learning_records.attachments (
        sha2 text PRIMARY KEY,
        content_type text NOT NULL,
        content bytea NOT NULL,
        stored_at timestamptz NOT NULL DEFAULT now()
      )`);
    // State, Activity Profile and Agent Profile documents: each platform's own (ADR 0010, Later).
    await q.query(`
      CREATE TABLE learning_records.documents (
        id uuid PRIMARY KEY,
        lrs_client_id uuid NOT NULL REFERENCES learning_records.lrs_clients(id),
        kind text NOT NULL CHECK (kind IN ('STATE','ACTIVITY_PROFILE','AGENT_PROFILE')),
        activity_id text NOT NULL DEFAULT '',
        agent_key text NOT NULL DEFAULT '',
        registration text NOT NULL DEFAULT '',
        document_id text NOT NULL,
        content_type text NOT NULL,
        content bytea NOT NULL,
        etag text NOT NULL,
        updated timestamptz NOT NULL,
        UNIQUE (lrs_client_id, kind, activity_id, agent_key, registration, document_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE learning_records.documents, learning_records.attachments, learning_records.activities`);
    for (const index of [
      'statements_stored',
      'statements_client_stored',
      'statements_agent_keys',
      'statements_related_agent_keys',
      'statements_activity',
      'statements_related_activity_ids',
      'statements_verb',
      'statements_registration',
      'statements_target',
    ])
      await q.query(`DROP INDEX learning_records.${index}`);
    await q.query(`
      ALTER TABLE learning_records.statements
        DROP COLUMN agent_keys, DROP COLUMN related_agent_keys, DROP COLUMN related_activity_ids, DROP COLUMN registration,
        DROP COLUMN target_statement_id`);
  }
}

/** A migration keeps its own SQL (it must not change when the application's does): the last definition given wins, merged over the stored. */
const ACTIVITY_UPSERT_SQL_FOR_MIGRATION = `
  INSERT INTO learning_records.activities (activity_id, definition)
  SELECT DISTINCT ON (a.id) a.id, a.definition
    FROM jsonb_to_recordset($1::jsonb) WITH ORDINALITY AS a(id text, definition jsonb, ord bigint)
   ORDER BY a.id, a.ord DESC
  ON CONFLICT (activity_id) DO UPDATE SET definition = activities.definition || excluded.definition, updated_at = now()`;
