import { QueryBus } from '@nestjs/cqrs';
import { Actor, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';
import { PositionSummary, PositionSummaryQuery } from '@kompeten/workforce/contracts';

/** Positions are Workforce's: this context knows them only through Workforce's contract queries. */
export function findPosition(queries: QueryBus, id: string): Promise<PositionSummary | null> {
  return queries.execute(new PositionSummaryQuery({ id }));
}

const LOOKUPS_AT_ONCE = 16;

/** Positions by code, a bounded number of lookups at a time. */
export async function findPositionsByCode(queries: QueryBus, codes: readonly string[]): Promise<Map<string, PositionSummary>> {
  const found = new Map<string, PositionSummary>();
  const distinct = [...new Set(codes)];
  for (let i = 0; i < distinct.length; i += LOOKUPS_AT_ONCE) {
    const batch = distinct.slice(i, i + LOOKUPS_AT_ONCE);
    const answers = await Promise.all(batch.map((code) => queries.execute(new PositionSummaryQuery({ code }))));
    answers.forEach((position, k) => position && found.set(batch[k], position));
  }
  return found;
}

export function canReadPosition(actor: Actor, position: PositionSummary): boolean {
  const agencies = readableAgencyIds(actor);
  return agencies === null || agencies.includes(position.agencyId);
}

/** Ministry admins write every position's standard; an agency admin only their agency's. */
export function canWritePosition(actor: Actor, position: PositionSummary): boolean {
  if (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM') return true;
  return actor.role === 'AGENCY_ADMIN' && actor.agencyId === position.agencyId;
}

/** The position, when the actor may read it; 404 otherwise (another agency's positions are not theirs to know). */
export async function readablePosition(queries: QueryBus, actor: Actor, id: string): Promise<PositionSummary> {
  const position = await findPosition(queries, id);
  if (!position || !canReadPosition(actor, position)) throw new NotFoundError('Position', id);
  return position;
}
