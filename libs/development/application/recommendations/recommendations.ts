import { Command, CommandBus, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, assertCanReadEmployee, ForbiddenError, NotFoundError, seesAllAgencies } from '@kompeten/shared/kernel';
import { AuditLog, DownstreamTraces, TraceView, UnitOfWork } from '@kompeten/shared/infrastructure';
import { recommendationRef } from '../../domain/recommendation-scoring';
import { AddPlanItemCommand } from '../commands/plan.commands';
import { assertAgencyExists, findEmployee } from '../lookups';
import { PlanItemView } from '../views';
import { RecomputeJobView, RecomputeRuns } from './recompute-runs';

/** The Recommendations shape of API.md (items also carry `targetLevel`). */
export interface RecommendationItemView {
  rank: number;
  programId: string;
  programCode: string;
  competencyCode: string;
  gap: number;
  targetLevel: number;
  score: number;
  reasons: string[];
  sessionId: string | null;
}
export interface RecommendationsView {
  employeeId: string;
  /** When the current set was generated; null before the first (no profile received yet). */
  generatedAt: string | null;
  items: RecommendationItemView[];
}

async function currentSet(uow: UnitOfWork, employeeId: string): Promise<RecommendationsView> {
  const [row] = await uow.query<{ generatedAt: string; items: RecommendationItemView[] }>(
    `SELECT generated_at AS "generatedAt", items FROM development.recommendations WHERE employee_id = $1`,
    [employeeId],
  );
  return { employeeId, generatedAt: row?.generatedAt ?? null, items: row?.items ?? [] };
}

export class GetRecommendationsQuery extends Query<RecommendationsView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
  ) {
    super();
  }
}

@QueryHandler(GetRecommendationsQuery)
export class GetRecommendationsHandler implements IQueryHandler<GetRecommendationsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  async execute({ actor, employeeId }: GetRecommendationsQuery): Promise<RecommendationsView> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    return currentSet(this.uow, employeeId);
  }
}

/**
 * Accepting a recommendation adds it to the employee's development plan through
 * the plan's own command (source RECOMMENDATION, one item per program and
 * competency however often it is accepted). `programId`, when given, must be
 * the program at that rank (the set may have been regenerated since it was read).
 */
export class AcceptRecommendationCommand extends Command<PlanItemView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly rank: number,
    readonly programId?: string,
  ) {
    super();
  }
}

@CommandHandler(AcceptRecommendationCommand)
export class AcceptRecommendationHandler implements ICommandHandler<AcceptRecommendationCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
  ) {}

  async execute({ actor, employeeId, rank, programId }: AcceptRecommendationCommand): Promise<PlanItemView> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    const item = (await currentSet(this.uow, employeeId)).items.find((i) => i.rank === rank);
    if (!item) throw new NotFoundError('Recommendation', String(rank));
    if (programId && programId !== item.programId) throw new NotFoundError('Recommendation', `${rank} of program ${programId}`);
    return this.commands.execute(
      new AddPlanItemCommand(actor, employeeId, {
        competencyCode: item.competencyCode,
        programId: item.programId,
        sessionId: item.sessionId,
        source: 'RECOMMENDATION',
        sourceRef: recommendationRef(item.programId, item.competencyCode),
        note: item.reasons.join('; ').slice(0, 1000),
      }),
    );
  }
}

function assertMinistry(actor: Actor): void {
  if (!seesAllAgencies(actor) || (actor.role !== 'MINISTRY_ADMIN' && actor.role !== 'SYSTEM'))
    throw new ForbiddenError('Only ministry admins run recomputes');
}

export class StartRecomputeCommand extends Command<RecomputeJobView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string | null,
  ) {
    super();
  }
}

@CommandHandler(StartRecomputeCommand)
export class StartRecomputeHandler implements ICommandHandler<StartRecomputeCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly runs: RecomputeRuns,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, agencyId }: StartRecomputeCommand): Promise<RecomputeJobView> {
    assertMinistry(actor);
    if (agencyId) await assertAgencyExists(this.queries, agencyId);
    const id = await this.uow.transaction(async () => {
      const runId = await this.runs.create(agencyId, actor.email);
      await this.audit.record({
        action: 'recommendations.recompute',
        entityType: 'RecomputeJob',
        entityId: runId,
        agencyId,
        after: { agencyId },
      });
      return runId;
    });
    await this.runs.enqueue(id);
    return (await this.runs.view(id))!;
  }
}

/** A background job: a full recompute, or the downstream work of a bulk operation (an import) until every read model is current. */
export class GetRecomputeJobQuery extends Query<RecomputeJobView | TraceView> {
  constructor(
    readonly actor: Actor,
    readonly id: string,
  ) {
    super();
  }
}

@QueryHandler(GetRecomputeJobQuery)
export class GetRecomputeJobHandler implements IQueryHandler<GetRecomputeJobQuery> {
  constructor(
    private readonly runs: RecomputeRuns,
    private readonly traces: DownstreamTraces,
  ) {}

  /** Ministry admins see every job; an agency admin the downstream work of their agency's imports (others read as unknown). */
  async execute({ actor, id }: GetRecomputeJobQuery): Promise<RecomputeJobView | TraceView> {
    const ministry = seesAllAgencies(actor) && (actor.role === 'MINISTRY_ADMIN' || actor.role === 'SYSTEM');
    if (!ministry && actor.role !== 'AGENCY_ADMIN') throw new ForbiddenError('Only admins follow jobs');
    const run = ministry ? await this.runs.view(id) : undefined;
    if (run) return run;
    const trace = await this.traces.view(id);
    if (!trace || (!ministry && trace.agencyId !== actor.agencyId)) throw new NotFoundError('Job', id);
    return trace;
  }
}

export const RECOMMENDATION_COMMAND_HANDLERS = [AcceptRecommendationHandler, StartRecomputeHandler];
export const RECOMMENDATION_QUERY_HANDLERS = [GetRecommendationsHandler, GetRecomputeJobHandler];
