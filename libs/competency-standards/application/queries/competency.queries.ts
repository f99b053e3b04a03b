import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { Actor, InvalidInputError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';
import { keyset, Page, PageOrder, PageRequest, pageOf, UnitOfWork, whereEquals, whereSql } from '@kompeten/shared/infrastructure';
import { CompetencyType } from '../../contracts/types';
import { canRead } from '../../domain/ownership';
import {
  COMPETENCY_COLUMNS,
  COMPETENCY_FROM,
  competencyVersion,
  decodeVersionCursor,
  encodeVersionCursor,
} from '../../infrastructure/standards-sql';
import { CompetencyView } from '../views';

export class ListCompetenciesQuery extends Query<Page<CompetencyView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: PageRequest & { code?: string; type?: CompetencyType; agencyId?: string; national?: boolean },
  ) {
    super();
  }
}

export class GetCompetencyQuery extends Query<CompetencyView> {
  constructor(
    readonly actor: Actor,
    readonly code: string,
    readonly version?: number,
  ) {
    super();
  }
}

export class ListCompetencyVersionsQuery extends Query<Page<CompetencyView>> {
  constructor(
    readonly actor: Actor,
    readonly code: string,
    readonly page: PageRequest,
  ) {
    super();
  }
}

/** National competencies for everyone; an agency's technical ones for those who see the agency. */
function scopeToReadable(actor: Actor, where: string[], params: unknown[]): void {
  const agencies = readableAgencyIds(actor);
  if (agencies === null) return;
  params.push(agencies);
  where.push(`(c.agency_id IS NULL OR c.agency_id = ANY($${params.length}::uuid[]))`);
}

/** The dictionary's documented order: by code (the id breaks ties). */
const BY_CODE: PageOrder = { column: 'c.code', field: 'code' };

@QueryHandler(ListCompetenciesQuery)
export class ListCompetenciesHandler implements IQueryHandler<ListCompetenciesQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListCompetenciesQuery): Promise<Page<CompetencyView>> {
    const where = ['v.version = c.current_version'];
    const params: unknown[] = [];
    scopeToReadable(actor, where, params);
    whereEquals('c.code', filter.code, where, params);
    whereEquals('c.type', filter.type, where, params);
    whereEquals('c.agency_id', filter.agencyId, where, params, '::uuid');
    if (filter.national !== undefined) where.push(filter.national ? 'c.agency_id IS NULL' : 'c.agency_id IS NOT NULL');
    const page = keyset('c', filter, where, params, BY_CODE);
    const rows = await this.uow.query<CompetencyView>(
      `SELECT ${COMPETENCY_COLUMNS} FROM ${COMPETENCY_FROM} ${whereSql(where)} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit, BY_CODE);
  }
}

@QueryHandler(GetCompetencyQuery)
export class GetCompetencyHandler implements IQueryHandler<GetCompetencyQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, code, version }: GetCompetencyQuery): Promise<CompetencyView> {
    const view = await competencyVersion(this.uow, code, version);
    if (!view || !canRead(actor, view)) throw new NotFoundError('Competency', version ? `${code} version ${version}` : code);
    return view;
  }
}

@QueryHandler(ListCompetencyVersionsQuery)
export class ListCompetencyVersionsHandler implements IQueryHandler<ListCompetencyVersionsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, code, page }: ListCompetencyVersionsQuery): Promise<Page<CompetencyView>> {
    const current = await competencyVersion(this.uow, code);
    if (!current || !canRead(actor, current)) throw new NotFoundError('Competency', code);
    const before = decodeVersionCursor(page.cursor);
    if (Number.isNaN(before)) throw InvalidInputError.field('cursor', 'is not a cursor this API issued');
    const limit = Math.min(page.limit ?? 50, 500);
    const rows = await this.uow.query<CompetencyView>(
      `SELECT ${COMPETENCY_COLUMNS} FROM ${COMPETENCY_FROM}
        WHERE c.code = $1 AND ($2::int IS NULL OR v.version < $2) ORDER BY v.version DESC LIMIT $3`,
      [code, before, limit + 1],
    );
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? encodeVersionCursor(items[items.length - 1].version) : null };
  }
}

export const COMPETENCY_QUERY_HANDLERS = [ListCompetenciesHandler, GetCompetencyHandler, ListCompetencyVersionsHandler];
