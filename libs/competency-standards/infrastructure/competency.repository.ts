import { Injectable } from '@nestjs/common';
import { ConflictError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { CompetencyType } from '../contracts/types';
import { Competency, ProficiencyLevel } from '../domain/competency';

interface CompetencyRow {
  id: string;
  code: string;
  type: CompetencyType;
  agencyId: string | null;
  version: number;
  name: string;
  definition: string;
  levels: ProficiencyLevel[];
  summary: boolean;
  publishedAt: Date;
}

/**
 * Loads competencies at their current version and saves what a unit of work
 * published: set-based, whether it is one competency or a whole import, with
 * the events in the outbox in the same transaction.
 */
@Injectable()
export class CompetencyRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  /** The competencies with these codes, by code; locked until the transaction ends when `lock`. */
  async loadByCodes(codes: readonly string[], lock = false): Promise<Map<string, Competency>> {
    if (codes.length === 0) return new Map();
    const rows = await this.uow.query<CompetencyRow>(
      `SELECT c.id, c.code, c.type, c.agency_id AS "agencyId", c.current_version AS version,
              v.name, v.definition, v.levels, v.summary, v.published_at AS "publishedAt"
         FROM competency_standards.competencies c
         JOIN competency_standards.competency_versions v ON v.competency_id = c.id AND v.version = c.current_version
        WHERE c.code = ANY($1::text[])
        ORDER BY c.code ${lock ? 'FOR UPDATE OF c' : ''}`,
      [[...new Set(codes)]],
    );
    return new Map(
      rows.map((r) => [
        r.code,
        Competency.restore({
          id: r.id,
          code: r.code,
          version: r.version,
          content: { name: r.name, type: r.type, definition: r.definition, agencyId: r.agencyId, levels: r.levels },
          summary: r.summary,
          publishedAt: new Date(r.publishedAt),
        }),
      ]),
    );
  }

  /** Of these codes, those another competency already holds in a different letter case: code → the stored code. */
  async lookalikes(codes: readonly string[]): Promise<Map<string, string>> {
    if (codes.length === 0) return new Map();
    const rows = await this.uow.query<{ asked: string; code: string }>(
      `SELECT a.asked, c.code FROM unnest($1::text[]) a(asked)
         JOIN competency_standards.competencies c ON upper(c.code) = upper(a.asked) AND c.code <> a.asked`,
      [[...new Set(codes)]],
    );
    return new Map(rows.map((r) => [r.asked, r.code]));
  }

  /** Stores every version published in this unit of work; the rest are untouched. */
  async saveAll(competencies: readonly Competency[], publishedBy: string): Promise<Competency[]> {
    const changed = competencies.filter((c) => c.hasNewVersion);
    if (changed.length === 0) return [];
    const created = changed.filter((c) => c.isNew);
    const revised = changed.filter((c) => !c.isNew);
    if (created.length) {
      const inserted = await this.uow.query(
        `INSERT INTO competency_standards.competencies (id, code, type, agency_id, current_version)
         SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::int[])
         ON CONFLICT DO NOTHING RETURNING id`,
        [
          created.map((c) => c.id),
          created.map((c) => c.code),
          created.map((c) => c.state.content.type),
          created.map((c) => c.state.content.agencyId),
          created.map((c) => c.state.version),
        ],
      );
      if (inserted.length !== created.length) {
        throw new ConflictError('Another request created a competency with one of these codes at the same time; retry');
      }
    }
    if (revised.length) {
      const updated = await this.uow.query(
        // As a CTE, so the driver answers the rows (a bare UPDATE answers [rows, count]).
        `WITH updated AS (
           UPDATE competency_standards.competencies c SET current_version = u.version, updated_at = now()
             FROM unnest($1::uuid[], $2::int[], $3::int[]) u(id, expected, version)
            WHERE c.id = u.id AND c.current_version = u.expected RETURNING c.id)
         SELECT id FROM updated`,
        [revised.map((c) => c.id), revised.map((c) => c.storedVersion), revised.map((c) => c.state.version)],
      );
      if (updated.length !== revised.length) {
        throw new ConflictError('Another request published one of these competencies at the same time; reload and retry');
      }
    }
    await this.uow.query(
      `INSERT INTO competency_standards.competency_versions
              (competency_id, version, name, definition, levels, defined_levels, summary, published_at, published_by)
       SELECT n.id, n.version, n.name, n.definition, n.levels,
              ARRAY(SELECT (l->>'level')::smallint FROM jsonb_array_elements(n.levels) l ORDER BY 1),
              n.summary, n.published_at, $8
         FROM unnest($1::uuid[], $2::int[], $3::text[], $4::text[], $5::jsonb[], $6::boolean[], $7::timestamptz[])
              n(id, version, name, definition, levels, summary, published_at)`,
      [
        changed.map((c) => c.id),
        changed.map((c) => c.state.version),
        changed.map((c) => c.state.content.name),
        changed.map((c) => c.state.content.definition),
        changed.map((c) => JSON.stringify(c.state.content.levels)),
        changed.map((c) => c.state.summary),
        changed.map((c) => c.state.publishedAt.toISOString()),
        publishedBy,
      ],
    );
    await this.outbox.publish(...changed.flatMap((c) => c.pullEvents()));
    return changed;
  }
}
