import { Command, CommandBus, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, assertCanReadEmployee, ForbiddenError, NotFoundError, seesAllAgencies } from '@kompeten/shared/kernel';
import { AuditLog, DownstreamTraces, TraceView, UnitOfWork } from '@kompeten/shared/infrastructure';
import { CompetencySummaryQuery } from '@kompeten/competency-standards/contracts';
import { DeliveryMode, RecommendedItem } from '../../contracts/events';
import { jpYearOf } from '../../domain/calendar';
import { creditJp, roundJp } from '../../domain/jp-rules';
import { explainRecommendation, RecommendationExplanation, ReasonLanguage, renderReason } from '../../domain/recommendation-explanations';
import { recommendationRef } from '../../domain/recommendation-scoring';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';
import { AddPlanItemCommand } from '../commands/plan.commands';
import { assertAgencyExists, findEmployee } from '../lookups';
import { PlanItemView } from '../views';
import { RecomputeJobView, RecomputeRuns } from './recompute-runs';

/** The Recommendations shape of API.md, with names beside ids and the reasons' structured explanations. */
export interface RecommendationItemView {
  rank: number;
  programId: string;
  programCode: string;
  programTitle: string;
  deliveryMode: DeliveryMode;
  /** The JP one completion credits. */
  jp: number;
  competencyCode: string;
  competencyName: string | null;
  gap: number;
  targetLevel: number;
  score: number;
  /** Rendered in the reader's language from `explanations`. */
  reasons: string[];
  explanations: RecommendationExplanation[];
  sessionId: string | null;
  /** The suggested session as it is now (its free seats are read with the recommendations). */
  session: { id: string; startsAt: string; endsAt: string; location: string | null; freeSeats: number } | null;
}
export interface RecommendationsView {
  employeeId: string;
  /** When the current set was generated; null before the first (no profile received yet). */
  generatedAt: string | null;
  items: RecommendationItemView[];
}

interface ItemRow {
  generatedAt: string;
  item: RecommendedItem | null;
  title: string;
  deliveryMode: DeliveryMode;
  international: boolean;
  jp: string | null;
  days: string | null;
  requiredLevel: number | null;
  startsAt: string | null;
  endsAt: string | null;
  location: string | null;
  freeSeats: number | null;
  statedNeed: 'HIGH' | 'MEDIUM' | 'LOW' | null;
  evaluations: number | null;
  meanRating: string | null;
  participants: number | null;
  meanLevelChange: string | null;
  meaningful: boolean | null;
  jpDone: string;
}

/** The stored set with what its explanations are made from, read now: one statement. $1 employee, $2 JP year. */
const CURRENT_SET_SQL = `
  SELECT r.generated_at AS "generatedAt", i.item, p.title, p.delivery_mode AS "deliveryMode", p.international, p.jp, p.days,
         g.required_level AS "requiredLevel", s.starts_at AS "startsAt", s.ends_at AS "endsAt", s.location,
         s.capacity - s.seats_taken AS "freeSeats", n.priority AS "statedNeed", f.evaluations, f.mean_rating AS "meanRating",
         f.participants, f.mean_level_change AS "meanLevelChange", f.meaningful,
         (SELECT COALESCE(sum(l.jp), 0) FROM development.jp_ledger l WHERE l.employee_id = r.employee_id AND l.year = $2) AS "jpDone"
    FROM development.recommendations r
    LEFT JOIN LATERAL jsonb_array_elements(r.items) WITH ORDINALITY AS i(item, n) ON true
    LEFT JOIN development.programs p ON p.id = (i.item->>'programId')::uuid
    LEFT JOIN development.employee_gaps g ON g.employee_id = r.employee_id AND g.competency_code = i.item->>'competencyCode'
    LEFT JOIN development.sessions s ON s.id = (i.item->>'sessionId')::uuid
    LEFT JOIN LATERAL (
      SELECT x.priority FROM development.stated_needs x WHERE x.employee_id = r.employee_id AND x.competency_code = i.item->>'competencyCode'
       ORDER BY CASE x.priority WHEN 'HIGH' THEN 1 WHEN 'MEDIUM' THEN 2 ELSE 3 END LIMIT 1) n ON true
    LEFT JOIN development.program_feedback f ON f.program_id = p.id
   WHERE r.employee_id = $1
   ORDER BY i.n`;

async function currentSet(
  uow: UnitOfWork,
  queries: QueryBus,
  policy: DevelopmentPolicy,
  employeeId: string,
  language: ReasonLanguage,
  now = new Date(),
): Promise<RecommendationsView> {
  const rows = await uow.query<ItemRow>(CURRENT_SET_SQL, [employeeId, jpYearOf(now)]);
  if (rows.length === 0) return { employeeId, generatedAt: null, items: [] };
  const present = rows.filter((r): r is ItemRow & { item: RecommendedItem } => r.item !== null);
  const codes = [...new Set(present.map((r) => r.item.competencyCode))];
  const names = new Map<string, string>();
  for (const summary of await Promise.all(codes.map((code) => queries.execute(new CompetencySummaryQuery(code)))))
    if (summary) names.set(summary.code, summary.name);
  const shortfallJp = Math.max(0, roundJp(policy.requiredJp - Number(rows[0].jpDone)));
  const items = present.map(({ item, ...r }): RecommendationItemView => {
    const jp = creditJp(
      {
        deliveryMode: r.deliveryMode,
        international: r.international,
        jp: r.jp === null ? null : Number(r.jp),
        days: r.days === null ? null : Number(r.days),
      },
      policy.jpRules,
    );
    const session =
      item.sessionId && r.startsAt && r.endsAt
        ? {
            id: item.sessionId,
            startsAt: new Date(r.startsAt).toISOString(),
            endsAt: new Date(r.endsAt).toISOString(),
            location: r.location,
            freeSeats: Math.max(0, r.freeSeats ?? 0),
          }
        : null;
    const explanations = explainRecommendation({
      competencyCode: item.competencyCode,
      competencyName: names.get(item.competencyCode) ?? null,
      gap: item.gap,
      // The gaps may have moved since the set was computed (a recompute follows): the stored gap and target stay the item's.
      requiredLevel: r.requiredLevel ?? item.targetLevel,
      targetLevel: item.targetLevel,
      session,
      creditJp: jp,
      shortfallJp,
      statedNeed: r.statedNeed,
      feedback:
        r.evaluations === null
          ? null
          : {
              evaluations: r.evaluations,
              meanRating: r.meanRating === null ? null : Number(r.meanRating),
              participants: r.participants ?? 0,
              meanLevelChange: r.meanLevelChange === null ? null : Number(r.meanLevelChange),
              meaningful: r.meaningful ?? false,
            },
    });
    return {
      rank: item.rank,
      programId: item.programId,
      programCode: item.programCode,
      programTitle: r.title,
      deliveryMode: r.deliveryMode,
      jp,
      competencyCode: item.competencyCode,
      competencyName: names.get(item.competencyCode) ?? null,
      gap: item.gap,
      targetLevel: item.targetLevel,
      score: item.score,
      reasons: explanations.map((e) => renderReason(e, language)),
      explanations,
      sessionId: item.sessionId,
      session,
    };
  });
  return { employeeId, generatedAt: rows[0].generatedAt, items };
}

export class GetRecommendationsQuery extends Query<RecommendationsView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly language: ReasonLanguage = 'id',
  ) {
    super();
  }
}

@QueryHandler(GetRecommendationsQuery)
export class GetRecommendationsHandler implements IQueryHandler<GetRecommendationsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly policy: DevelopmentPolicy,
  ) {}

  async execute({ actor, employeeId, language }: GetRecommendationsQuery): Promise<RecommendationsView> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    return currentSet(this.uow, this.queries, this.policy, employeeId, language);
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
    private readonly policy: DevelopmentPolicy,
  ) {}

  async execute({ actor, employeeId, rank, programId }: AcceptRecommendationCommand): Promise<PlanItemView> {
    assertCanReadEmployee(actor, await findEmployee(this.queries, employeeId));
    const item = (await currentSet(this.uow, this.queries, this.policy, employeeId, 'id')).items.find((i) => i.rank === rank);
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
