import { IQueryHandler, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import {
  CompetencyLevelText,
  CompetencyLevelTextQuery,
  CompetencySummary,
  CompetencySummaryQuery,
  PositionStandardItem,
  PositionStandardQuery,
  PositionStandardSnapshot,
  PositionStandardsQuery,
  RequiredLevel,
  RequiredLevelQuery,
} from '../../contracts/queries';
import { NATIONAL_COMPETENCY_CODES } from '../../contracts/types';
import { draftItems } from '../../domain/usual-levels';
import { ITEM_COLUMNS, ITEM_JOINS, PositionStandardRepository } from '../../infrastructure/standard.repository';
import { findPosition } from '../positions';

@QueryHandler(PositionStandardQuery)
export class PositionStandardHandler implements IQueryHandler<PositionStandardQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly standards: PositionStandardRepository,
  ) {}

  async execute({ positionId, options }: PositionStandardQuery): Promise<PositionStandardSnapshot | null> {
    const [head] = await this.uow.query<{ agencyId: string; version: number; publishedAt: Date }>(
      `SELECT v.agency_id AS "agencyId", v.version, v.published_at AS "publishedAt"
         FROM competency_standards.position_standards s
         JOIN competency_standards.position_standard_versions v ON v.position_id = s.position_id AND v.version = COALESCE($2::int, s.current_version)
        WHERE s.position_id = $1`,
      [positionId, options.version ?? null],
    );
    if (head) {
      const items = await this.uow.query<PositionStandardItem>(
        `SELECT ${ITEM_COLUMNS} FROM competency_standards.position_standard_items i ${ITEM_JOINS}
          WHERE i.position_id = $1 AND i.version = $2
          ORDER BY CASE c.type WHEN 'MANAGERIAL' THEN 0 WHEN 'SOCIOCULTURAL' THEN 1 ELSE 2 END, i.competency_code COLLATE "C"`,
        [positionId, head.version],
      );
      return {
        positionId,
        agencyId: head.agencyId,
        version: head.version,
        publishedAt: new Date(head.publishedAt).toISOString(),
        status: 'PUBLISHED',
        items,
      };
    }
    if (options.version !== undefined || !options.draftWhenNone) return null;
    const position = await findPosition(this.queries, positionId);
    if (!position) return null;
    const catalogue = await this.standards.catalogue([]);
    const national = NATIONAL_COMPETENCY_CODES.flatMap((code) => catalogue.get(code) ?? []);
    return {
      positionId,
      agencyId: position.agencyId,
      version: 0,
      publishedAt: null,
      status: 'DRAFT',
      items: draftItems(position.kind, position.functionalGrade, national),
    };
  }
}

@QueryHandler(PositionStandardsQuery)
export class PositionStandardsHandler implements IQueryHandler<PositionStandardsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ positionIds }: PositionStandardsQuery): Promise<PositionStandardSnapshot[]> {
    if (positionIds.length === 0) return [];
    const heads = await this.uow.query<{ positionId: string; agencyId: string; version: number; publishedAt: Date }>(
      `SELECT s.position_id AS "positionId", v.agency_id AS "agencyId", v.version, v.published_at AS "publishedAt"
         FROM competency_standards.position_standards s
         JOIN competency_standards.position_standard_versions v ON v.position_id = s.position_id AND v.version = s.current_version
        WHERE s.position_id = ANY($1::uuid[])`,
      [positionIds],
    );
    const items = await this.uow.query<PositionStandardItem & { positionId: string }>(
      `SELECT i.position_id AS "positionId", ${ITEM_COLUMNS}
         FROM competency_standards.position_standards s
         JOIN competency_standards.position_standard_items i ON i.position_id = s.position_id AND i.version = s.current_version
         ${ITEM_JOINS}
        WHERE s.position_id = ANY($1::uuid[])
        ORDER BY CASE c.type WHEN 'MANAGERIAL' THEN 0 WHEN 'SOCIOCULTURAL' THEN 1 ELSE 2 END, i.competency_code COLLATE "C"`,
      [positionIds],
    );
    const itemsOf = new Map<string, PositionStandardItem[]>();
    for (const { positionId, ...item } of items) {
      const list = itemsOf.get(positionId) ?? [];
      list.push(item);
      itemsOf.set(positionId, list);
    }
    return heads.map((h) => ({
      positionId: h.positionId,
      agencyId: h.agencyId,
      version: h.version,
      publishedAt: new Date(h.publishedAt).toISOString(),
      status: 'PUBLISHED' as const,
      items: itemsOf.get(h.positionId) ?? [],
    }));
  }
}

@QueryHandler(CompetencyLevelTextQuery)
export class CompetencyLevelTextHandler implements IQueryHandler<CompetencyLevelTextQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ code, version, level }: CompetencyLevelTextQuery): Promise<CompetencyLevelText | null> {
    const [row] = await this.uow.query<CompetencyLevelText>(
      `SELECT c.id AS "competencyId", c.code, v.version, v.name, c.type, (l->>'level')::int AS level, l->>'description' AS description,
              l->'indicators' AS indicators
         FROM competency_standards.competencies c
         JOIN competency_standards.competency_versions v ON v.competency_id = c.id AND v.version = $2
         CROSS JOIN LATERAL jsonb_array_elements(v.levels) l
        WHERE c.code = $1 AND (l->>'level')::int = $3`,
      [code, version, level],
    );
    return row ?? null;
  }
}

@QueryHandler(RequiredLevelQuery)
export class RequiredLevelHandler implements IQueryHandler<RequiredLevelQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ positionId, competencyCode }: RequiredLevelQuery): Promise<RequiredLevel | null> {
    const [row] = await this.uow.query<RequiredLevel>(
      `SELECT s.position_id AS "positionId", s.current_version AS "standardVersion", i.competency_code AS "competencyCode",
              i.competency_version AS "competencyVersion", i.required_level AS "requiredLevel"
         FROM competency_standards.position_standards s
         JOIN competency_standards.position_standard_items i ON i.position_id = s.position_id AND i.version = s.current_version
        WHERE s.position_id = $1 AND i.competency_code = $2`,
      [positionId, competencyCode],
    );
    return row ?? null;
  }
}

@QueryHandler(CompetencySummaryQuery)
export class CompetencySummaryHandler implements IQueryHandler<CompetencySummaryQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ code, version }: CompetencySummaryQuery): Promise<CompetencySummary | null> {
    const [row] = await this.uow.query<CompetencySummary>(
      `SELECT c.id, c.code, v.name, c.type, c.agency_id AS "agencyId", v.version, c.current_version AS "currentVersion",
              v.defined_levels AS "definedLevels"
         FROM competency_standards.competencies c
         JOIN competency_standards.competency_versions v ON v.competency_id = c.id AND v.version = COALESCE($2::int, c.current_version)
        WHERE c.code = $1`,
      [code, version ?? null],
    );
    return row ? { ...row, definedLevels: row.definedLevels.map(Number) } : null;
  }
}

/** Registered in both the API and the worker modules: other contexts ask them from either process. */
export const COMPETENCY_STANDARDS_CONTRACT_QUERY_HANDLERS = [
  PositionStandardHandler,
  PositionStandardsHandler,
  CompetencyLevelTextHandler,
  RequiredLevelHandler,
  CompetencySummaryHandler,
];
