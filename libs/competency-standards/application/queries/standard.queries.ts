import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, InvalidInputError, NotFoundError } from '@kompeten/shared/kernel';
import { Page, PageRequest, UnitOfWork } from '@kompeten/shared/infrastructure';
import type { PositionSummary } from '@kompeten/workforce/contracts';
import { NATIONAL_COMPETENCY_CODES } from '../../contracts/types';
import { draftItems } from '../../domain/usual-levels';
import { PositionStandardRepository } from '../../infrastructure/standard.repository';
import { decodeVersionCursor, encodeVersionCursor, standardViews } from '../../infrastructure/standards-sql';
import { readablePosition } from '../positions';
import { StandardView } from '../views';

export class GetPositionStandardQuery extends Query<StandardView> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
    readonly version?: number,
  ) {
    super();
  }
}

export class ListPositionStandardVersionsQuery extends Query<Page<StandardView>> {
  constructor(
    readonly actor: Actor,
    readonly positionId: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** The current version of a position's standard; 0 when none is published. */
export async function currentStandardVersion(uow: UnitOfWork, positionId: string): Promise<number> {
  const [row] = await uow.query<{ version: number }>(
    `SELECT current_version AS version FROM competency_standards.position_standards WHERE position_id = $1`,
    [positionId],
  );
  return row?.version ?? 0;
}

/** The draft of a position without a standard: the nine national competencies at the usual level of its kind. */
export async function draftStandard(standards: PositionStandardRepository, position: PositionSummary): Promise<StandardView> {
  const catalogue = await standards.catalogue([]);
  const national = NATIONAL_COMPETENCY_CODES.flatMap((code) => catalogue.get(code) ?? []);
  return {
    positionId: position.id,
    version: 0,
    publishedAt: null,
    items: draftItems(position.kind, position.functionalGrade, national).map(({ competencyId: _, ...item }) => item),
    status: 'DRAFT',
    positionCode: position.code,
    agencyId: position.agencyId,
  };
}

@QueryHandler(GetPositionStandardQuery)
export class GetPositionStandardHandler implements IQueryHandler<GetPositionStandardQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly standards: PositionStandardRepository,
  ) {}
  async execute({ actor, positionId, version }: GetPositionStandardQuery): Promise<StandardView> {
    const position = await readablePosition(this.queries, actor, positionId);
    const wanted = version ?? (await currentStandardVersion(this.uow, positionId));
    if (wanted === 0) return draftStandard(this.standards, position);
    const [view] = await standardViews(this.uow, [{ positionId, version: wanted }]);
    if (!view) throw new NotFoundError('Position standard', `${positionId} version ${wanted}`);
    return view;
  }
}

@QueryHandler(ListPositionStandardVersionsQuery)
export class ListPositionStandardVersionsHandler implements IQueryHandler<ListPositionStandardVersionsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, positionId, page }: ListPositionStandardVersionsQuery): Promise<Page<StandardView>> {
    await readablePosition(this.queries, actor, positionId);
    const before = decodeVersionCursor(page.cursor);
    if (Number.isNaN(before)) throw InvalidInputError.field('cursor', 'is not a cursor this API issued');
    const limit = Math.min(page.limit ?? 50, 500);
    const versions = await this.uow.query<{ version: number }>(
      `SELECT version FROM competency_standards.position_standard_versions
        WHERE position_id = $1 AND ($2::int IS NULL OR version < $2) ORDER BY version DESC LIMIT $3`,
      [positionId, before, limit + 1],
    );
    const items = await standardViews(
      this.uow,
      versions.slice(0, limit).map((v) => ({ positionId, version: v.version })),
    );
    return { items, nextCursor: versions.length > limit ? encodeVersionCursor(items[items.length - 1].version) : null };
  }
}

export const STANDARD_QUERY_HANDLERS = [GetPositionStandardHandler, ListPositionStandardVersionsHandler];
