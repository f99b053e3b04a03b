import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The outbox keeps each payload as the JSON text it was written as (`json`), not parsed into `jsonb`: nothing queries
 * inside a payload on the write path, and for 100,000 events writing `json` takes about half the time (PostgreSQL
 * only checks the text) and reading it back for the relay about a third (ADR 0003).
 */
export class OutboxPayloadJson1764300011000 implements MigrationInterface {
  name = 'OutboxPayloadJson1764300011000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.outbox ALTER COLUMN payload TYPE json USING payload::json`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE messaging.outbox ALTER COLUMN payload TYPE jsonb USING payload::jsonb`);
  }
}
