import { Injectable } from '@nestjs/common';
import { ConflictError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { NATIONAL_COMPETENCY_CODES } from '../contracts/types';
import { CatalogueEntry, PositionRef, PositionStandard, StandardItem } from '../domain/position-standard';

/** Items of a standard version with the type and name of each pinned competency version. */
export const ITEM_COLUMNS = `i.competency_code AS "competencyCode", i.competency_id AS "competencyId", i.competency_version AS "competencyVersion",
  c.type AS "competencyType", cv.name AS "competencyName", i.required_level AS "requiredLevel"`;
export const ITEM_JOINS = `JOIN competency_standards.competencies c ON c.id = i.competency_id
  JOIN competency_standards.competency_versions cv ON cv.competency_id = i.competency_id AND cv.version = i.competency_version`;

/**
 * Loads position standards at their current version and saves what a unit of
 * work published: set-based for one position or a whole import, with the
 * events in the outbox in the same transaction.
 */
@Injectable()
export class PositionStandardRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  /** The standards of these positions (an empty one for a position without); locked until the transaction ends when `lock`. */
  async loadMany(positions: readonly PositionRef[], lock = false): Promise<Map<string, PositionStandard>> {
    const ids = positions.map((p) => p.id);
    const heads = ids.length
      ? await this.uow.query<{ positionId: string; version: number; publishedAt: Date }>(
          `SELECT s.position_id AS "positionId", s.current_version AS version, v.published_at AS "publishedAt"
             FROM competency_standards.position_standards s
             JOIN competency_standards.position_standard_versions v ON v.position_id = s.position_id AND v.version = s.current_version
            WHERE s.position_id = ANY($1::uuid[]) ORDER BY s.position_id ${lock ? 'FOR UPDATE OF s' : ''}`,
          [ids],
        )
      : [];
    const items = heads.length
      ? await this.uow.query<StandardItem & { positionId: string }>(
          `SELECT i.position_id AS "positionId", ${ITEM_COLUMNS}
             FROM competency_standards.position_standards s
             JOIN competency_standards.position_standard_items i ON i.position_id = s.position_id AND i.version = s.current_version
             ${ITEM_JOINS}
            WHERE s.position_id = ANY($1::uuid[])`,
          [heads.map((h) => h.positionId)],
        )
      : [];
    const itemsOf = new Map<string, StandardItem[]>();
    for (const { positionId, ...item } of items) {
      const list = itemsOf.get(positionId) ?? [];
      list.push(item);
      itemsOf.set(positionId, list);
    }
    const headOf = new Map(heads.map((h) => [h.positionId, h]));
    return new Map(
      positions.map((p) => {
        const head = headOf.get(p.id);
        const standard = head
          ? PositionStandard.restore({
              positionId: p.id,
              positionCode: p.code,
              agencyId: p.agencyId,
              version: head.version,
              publishedAt: new Date(head.publishedAt),
              items: itemsOf.get(p.id) ?? [],
            })
          : PositionStandard.none(p);
        return [p.id, standard];
      }),
    );
  }

  /**
   * The competencies a standard may cite, at their current version: those
   * with these codes and the nine national ones, by code. Whether a technical
   * one belongs to the position's agency is the domain's check.
   */
  async catalogue(codes: readonly string[]): Promise<Map<string, CatalogueEntry>> {
    const rows = await this.uow.query<CatalogueEntry>(
      `SELECT c.id, c.code, v.name, c.type, c.agency_id AS "agencyId", c.current_version AS version, v.defined_levels AS "definedLevels"
         FROM competency_standards.competencies c
         JOIN competency_standards.competency_versions v ON v.competency_id = c.id AND v.version = c.current_version
        WHERE c.code = ANY($1::text[])`,
      [[...new Set([...codes, ...NATIONAL_COMPETENCY_CODES])]],
    );
    return new Map(rows.map((r) => [r.code, { ...r, definedLevels: r.definedLevels.map(Number) }]));
  }

  /** Stores every version published in this unit of work; the rest are untouched. */
  async saveAll(standards: readonly PositionStandard[], publishedBy: string): Promise<PositionStandard[]> {
    const changed = standards.filter((s) => s.hasNewVersion);
    if (changed.length === 0) return [];
    const created = changed.filter((s) => s.storedVersion === 0);
    const revised = changed.filter((s) => s.storedVersion > 0);
    if (created.length) {
      const inserted = await this.uow.query(
        `INSERT INTO competency_standards.position_standards (position_id, agency_id, current_version)
         SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::int[]) ON CONFLICT DO NOTHING RETURNING position_id`,
        [created.map((s) => s.positionId), created.map((s) => s.state.agencyId), created.map((s) => s.state.version)],
      );
      if (inserted.length !== created.length) {
        throw new ConflictError('Another request published a standard for one of these positions at the same time; reload and retry');
      }
    }
    if (revised.length) {
      const updated = await this.uow.query(
        // As a CTE, so the driver answers the rows (a bare UPDATE answers [rows, count]).
        `WITH updated AS (
           UPDATE competency_standards.position_standards s SET current_version = u.version, updated_at = now()
             FROM unnest($1::uuid[], $2::int[], $3::int[]) u(id, expected, version)
            WHERE s.position_id = u.id AND s.current_version = u.expected RETURNING s.position_id)
         SELECT position_id FROM updated`,
        [revised.map((s) => s.positionId), revised.map((s) => s.storedVersion), revised.map((s) => s.state.version)],
      );
      if (updated.length !== revised.length) {
        throw new ConflictError('Another request published a standard for one of these positions at the same time; reload and retry');
      }
    }
    await this.uow.query(
      `INSERT INTO competency_standards.position_standard_versions (position_id, version, position_code, agency_id, published_at, published_by)
       SELECT n.*, $6 FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::timestamptz[]) n`,
      [
        changed.map((s) => s.positionId),
        changed.map((s) => s.state.version),
        changed.map((s) => s.state.positionCode),
        changed.map((s) => s.state.agencyId),
        changed.map((s) => s.state.publishedAt!.toISOString()),
        publishedBy,
      ],
    );
    const rows = changed.flatMap((s) => s.state.items.map((item) => ({ positionId: s.positionId, version: s.state.version, item })));
    await this.uow.query(
      `INSERT INTO competency_standards.position_standard_items
              (position_id, version, competency_code, competency_id, competency_version, required_level)
       SELECT * FROM unnest($1::uuid[], $2::int[], $3::text[], $4::uuid[], $5::int[], $6::smallint[])`,
      [
        rows.map((r) => r.positionId),
        rows.map((r) => r.version),
        rows.map((r) => r.item.competencyCode),
        rows.map((r) => r.item.competencyId),
        rows.map((r) => r.item.competencyVersion),
        rows.map((r) => r.item.requiredLevel),
      ],
    );
    await this.outbox.publish(...changed.flatMap((s) => s.pullEvents()));
    return changed;
  }
}
