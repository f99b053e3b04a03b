import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A profile's items are kept as the JSON text the projector wrote (`json`), not parsed into `jsonb`: they are read
 * whole (the profile) or element by element (a page of gaps), never searched inside. Rows are compressed from 256
 * bytes (lz4 where the server has it), so the text takes less room than the `jsonb` did, and pages are half full so
 * that recomputing every holder of a position updates in place (HOT) without touching the three indexes (ADR 0006).
 */
export class ProfileItemsJson1764300012000 implements MigrationInterface {
  name = 'ProfileItemsJson1764300012000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment.competency_profiles SET (fillfactor = 50, toast_tuple_target = 256)`);
    const [{ lz4 }] = await q.query(
      `SELECT coalesce(bool_or('lz4' = ANY(enumvals)), false) AS lz4 FROM pg_settings WHERE name = 'default_toast_compression'`,
    );
    // One rewrite of the table: the new type, the compression and the fill factor together.
    await q.query(
      `ALTER TABLE assessment.competency_profiles ALTER COLUMN items TYPE json USING items::json${
        lz4 ? ', ALTER COLUMN items SET COMPRESSION lz4' : ''
      }`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE assessment.competency_profiles ALTER COLUMN items TYPE jsonb USING items::jsonb, ALTER COLUMN items SET COMPRESSION default`,
    );
    await q.query(`ALTER TABLE assessment.competency_profiles RESET (fillfactor, toast_tuple_target)`);
  }
}
