import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A profile's items are stored as columns (ProfileItemColumns: one array per field, in SKJ order, instants in epoch
 * milliseconds) instead of an object per competency: a third of the text, so an SKJ change that rewrites every
 * holder's profile writes a third of the bytes (ADR 0006). The API still shows an object per competency; the query
 * turns the columns back.
 *
 * The rows are rewritten in one statement, each profile's items in the order they were stored. At about 1.8 KB a row
 * the items were never compressed (PostgreSQL compresses only rows over its 2 KB threshold, whatever the table's
 * toast_tuple_target), nor will the columns be.
 */
export class ProfileItemsColumns1764300015000 implements MigrationInterface {
  name = 'ProfileItemsColumns1764300015000';

  async up(q: QueryRunner): Promise<void> {
    // The text the projector writes (no spaces, keys in this order), so that recomputing an unchanged profile still
    // finds it unchanged and publishes nothing.
    const fields: [string, string][] = [
      ['competencyCode', `i->'competencyCode'`],
      ['type', `i->'type'`],
      ['requiredLevel', `i->'requiredLevel'`],
      ['achievedLevel', `i->'achievedLevel'`],
      ['gap', `i->'gap'`],
      ['assessedAt', `(date_part('epoch', date_trunc('milliseconds', (i->>'assessedAt')::timestamptz)) * 1000)::int8`],
      ['validUntil', `(date_part('epoch', date_trunc('milliseconds', (i->>'validUntil')::timestamptz)) * 1000)::int8`],
      ['selfAssessedLevel', `i->'selfAssessedLevel'`],
    ];
    const columns = fields
      .map(
        ([name, value], k) =>
          `'${k ? ',' : '{'}"${name}":[' || coalesce(string_agg(coalesce((${value})::text, 'null'), ',' ORDER BY n), '') || ']'`,
      )
      .join(' || ');
    await q.query(`
      UPDATE assessment.competency_profiles
         SET items = (SELECT (${columns} || '}')::json FROM json_array_elements(items) WITH ORDINALITY AS e(i, n))
       WHERE json_typeof(items) = 'array'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Written as PostgreSQL writes JSON: the older projector finds each profile's text changed and rewrites it once.
    const at = (field: string) => `items->'${field}'->(n::int - 1)`;
    const iso = (field: string) =>
      `to_char(to_timestamp((items->'${field}'->>(n::int - 1))::numeric / 1000) AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
    await q.query(`
      UPDATE assessment.competency_profiles
         SET items = (
             SELECT coalesce(json_agg(json_build_object(
                      'competencyCode', code, 'type', ${at('type')}, 'requiredLevel', ${at('requiredLevel')},
                      'achievedLevel', ${at('achievedLevel')}, 'gap', ${at('gap')}, 'assessedAt', ${iso('assessedAt')},
                      'validUntil', ${iso('validUntil')}, 'selfAssessedLevel', ${at('selfAssessedLevel')}) ORDER BY n), '[]')
               FROM json_array_elements(items->'competencyCode') WITH ORDINALITY AS e(code, n))
       WHERE json_typeof(items) = 'object'`);
  }
}
