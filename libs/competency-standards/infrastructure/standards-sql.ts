import { UnitOfWork } from '@kompeten/shared/infrastructure';
import type { CompetencyView, StandardItemView, StandardView } from '../application/views';

/** A competency version read as its view shape; `c` the competency, `v` the version. */
export const COMPETENCY_COLUMNS = `c.id, c.code, v.name, c.type, v.definition, v.version, c.agency_id AS "agencyId", v.levels,
  v.summary, v.published_at AS "publishedAt", c.current_version AS "currentVersion"`;
export const COMPETENCY_FROM = `competency_standards.competencies c JOIN competency_standards.competency_versions v ON v.competency_id = c.id`;

export async function competencyVersion(uow: UnitOfWork, code: string, version?: number): Promise<CompetencyView | null> {
  const [row] = await uow.query<CompetencyView>(
    `SELECT ${COMPETENCY_COLUMNS} FROM ${COMPETENCY_FROM} AND v.version = COALESCE($2::int, c.current_version) WHERE c.code = $1`,
    [code, version ?? null],
  );
  return row ?? null;
}

/** Standard versions with their items, in the order asked; (positionId, version) pairs. */
export async function standardViews(uow: UnitOfWork, keys: readonly { positionId: string; version: number }[]): Promise<StandardView[]> {
  if (keys.length === 0) return [];
  const params = [keys.map((k) => k.positionId), keys.map((k) => k.version)];
  const versions = await uow.query<{ positionId: string; version: number; positionCode: string; agencyId: string; publishedAt: Date }>(
    `SELECT s.position_id AS "positionId", s.version, s.position_code AS "positionCode", s.agency_id AS "agencyId", s.published_at AS "publishedAt"
       FROM competency_standards.position_standard_versions s
       JOIN unnest($1::uuid[], $2::int[]) k(position_id, version) ON k.position_id = s.position_id AND k.version = s.version`,
    params,
  );
  const items = await uow.query<StandardItemView & { positionId: string; version: number }>(
    `SELECT i.position_id AS "positionId", i.version, i.competency_code AS "competencyCode", i.competency_version AS "competencyVersion",
            i.required_level AS "requiredLevel", c.type AS "competencyType", cv.name AS "competencyName"
       FROM competency_standards.position_standard_items i
       JOIN unnest($1::uuid[], $2::int[]) k(position_id, version) ON k.position_id = i.position_id AND k.version = i.version
       JOIN competency_standards.competencies c ON c.id = i.competency_id
       JOIN competency_standards.competency_versions cv ON cv.competency_id = i.competency_id AND cv.version = i.competency_version
      ORDER BY CASE c.type WHEN 'MANAGERIAL' THEN 0 WHEN 'SOCIOCULTURAL' THEN 1 ELSE 2 END, i.competency_code COLLATE "C"`,
    params,
  );
  const key = (positionId: string, version: number) => `${positionId}/${version}`;
  const itemsOf = new Map<string, StandardItemView[]>();
  for (const { positionId, version, ...item } of items) {
    const list = itemsOf.get(key(positionId, version)) ?? [];
    list.push(item);
    itemsOf.set(key(positionId, version), list);
  }
  const byKey = new Map(versions.map((v) => [key(v.positionId, v.version), v]));
  return keys.flatMap((k) => {
    const v = byKey.get(key(k.positionId, k.version));
    if (!v) return [];
    return [
      {
        positionId: v.positionId,
        version: v.version,
        publishedAt: v.publishedAt,
        items: itemsOf.get(key(v.positionId, v.version)) ?? [],
        status: 'PUBLISHED' as const,
        positionCode: v.positionCode,
        agencyId: v.agencyId,
      },
    ];
  });
}

/** Cursors of version lists: the last version seen, opaque to clients. */
export function encodeVersionCursor(version: number): string {
  return Buffer.from(`v${version}`, 'utf8').toString('base64url');
}

export function decodeVersionCursor(cursor: string | undefined): number | null {
  if (!cursor) return null;
  const match = /^v(\d{1,9})$/.exec(Buffer.from(cursor, 'base64url').toString('utf8'));
  return match ? Number(match[1]) : NaN;
}
