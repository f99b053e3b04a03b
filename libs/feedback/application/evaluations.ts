import { environment } from '@config/environment';
import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { EnrolmentSummaryQuery, TrainingProgramSummaryQuery } from '@kompeten/development/contracts';
import {
  Actor,
  canReadAgencyOwned,
  ConflictError,
  ForbiddenError,
  integrationEvent,
  newId,
  NotFoundError,
  readableAgencyIds,
} from '@kompeten/shared/kernel';
import {
  AuditLog,
  containsPattern,
  keyset,
  Outbox,
  Page,
  pageOf,
  PageRequest,
  scopeToEmployees,
  UnitOfWork,
  whereEquals,
  whereSql,
} from '@kompeten/shared/infrastructure';
import { FEEDBACK_EVENTS, TrainingEvaluatedPayload } from '../contracts/events';
import { assertMayEvaluate, assertOnScale, EvaluationInput } from '../domain/evaluation';
import { EffectivenessService } from './effectiveness.service';
import { isAdmin } from './scope';
import { EvaluationSummaryView, EvaluationView } from './views';

const EVALUATED_AT = `to_char(e.evaluated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
/** The author's view; others get it without enrolmentId and employeeId. */
const EVALUATION_COLUMNS = `e.id, e.enrolment_id AS "enrolmentId", e.employee_id AS "employeeId", e.agency_id AS "agencyId", e.program_id AS "programId",
  e.rating::int AS rating, e.relevance::int AS relevance, e.would_recommend AS "wouldRecommend", e.comment, ${EVALUATED_AT} AS "evaluatedAt"`;

function asSeenBy(actor: Actor, view: EvaluationView): EvaluationView {
  if (actor.role === 'EMPLOYEE' && actor.employeeId === view.employeeId) return view;
  const { enrolmentId: _enrolment, employeeId: _employee, ...anonymous } = view;
  return anonymous;
}

export class EvaluateTrainingCommand extends Command<EvaluationView> {
  constructor(
    readonly actor: Actor,
    readonly enrolmentId: string,
    readonly input: EvaluationInput,
  ) {
    super();
  }
}

/**
 * Only the employee who completed the enrolment evaluates it, once: someone
 * else's enrolment is not found (404), one not completed is refused (422), a
 * second evaluation is a conflict (409; the unique enrolment id settles races).
 */
@CommandHandler(EvaluateTrainingCommand)
export class EvaluateTrainingHandler implements ICommandHandler<EvaluateTrainingCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, enrolmentId, input }: EvaluateTrainingCommand): Promise<EvaluationView> {
    if (actor.role !== 'EMPLOYEE') throw new ForbiddenError('Only the employee who completed the training evaluates it');
    assertOnScale(input);
    const enrolment = await this.queries.execute(new EnrolmentSummaryQuery(enrolmentId));
    const [done] = await this.uow.query(`SELECT 1 FROM feedback.evaluations WHERE enrolment_id = $1`, [enrolmentId]);
    assertMayEvaluate(enrolment, actor.employeeId, enrolmentId, Boolean(done));
    return this.uow.transaction(async () => {
      const id = newId();
      const evaluatedAt = new Date();
      const inserted = await this.uow.query(
        `INSERT INTO feedback.evaluations (id, enrolment_id, employee_id, agency_id, program_id, rating, relevance, would_recommend, comment, evaluated_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (enrolment_id) DO NOTHING RETURNING id`,
        [
          id,
          enrolmentId,
          enrolment!.employeeId,
          enrolment!.agencyId,
          enrolment!.programId,
          input.rating,
          input.relevance,
          input.wouldRecommend,
          input.comment ?? null,
          evaluatedAt,
        ],
      );
      if (inserted.length === 0) throw new ConflictError('This training has already been evaluated');
      const [view] = await this.uow.query<EvaluationView>(`SELECT ${EVALUATION_COLUMNS} FROM feedback.evaluations e WHERE e.id = $1`, [id]);
      await this.audit.record({
        action: 'training-evaluation.create',
        entityType: 'TrainingEvaluation',
        entityId: id,
        agencyId: view.agencyId,
        after: view,
      });
      const payload: TrainingEvaluatedPayload = {
        evaluationId: id,
        enrolmentId,
        employeeId: view.employeeId!,
        agencyId: view.agencyId,
        programId: view.programId,
        rating: view.rating,
        relevance: view.relevance,
        wouldRecommend: view.wouldRecommend,
        evaluatedAt: evaluatedAt.toISOString(),
      };
      await this.outbox.publish(integrationEvent(FEEDBACK_EVENTS.TrainingEvaluated, view.programId, payload));
      return view;
    });
  }
}

export interface EvaluationFilter extends PageRequest {
  programId?: string;
  agencyId?: string;
  q?: string;
}
export class ListEvaluationsQuery extends Query<Page<EvaluationView>> {
  constructor(
    readonly actor: Actor,
    readonly filter: EvaluationFilter,
  ) {
    super();
  }
}

/** An employee lists their own evaluations; admins their agency's (the ministry all), anonymously. */
@QueryHandler(ListEvaluationsQuery)
export class ListEvaluationsHandler implements IQueryHandler<ListEvaluationsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, filter }: ListEvaluationsQuery): Promise<Page<EvaluationView>> {
    const where: string[] = [];
    const params: unknown[] = [];
    scopeToEmployees(actor, 'e.employee_id', 'e.agency_id', where, params);
    whereEquals('e.program_id', filter.programId, where, params, '::uuid');
    whereEquals('e.agency_id', filter.agencyId, where, params, '::uuid');
    if (filter.q) {
      params.push(containsPattern(filter.q));
      where.push(`coalesce(e.comment, '') ILIKE $${params.length}`);
    }
    const page = keyset('e', filter, where, params);
    const rows = await this.uow.query<EvaluationView>(
      `SELECT ${EVALUATION_COLUMNS} FROM feedback.evaluations e ${whereSql(where)} ${page.sql}`,
      params,
    );
    const result = pageOf(rows, page.limit);
    return { ...result, items: result.items.map((v) => asSeenBy(actor, v)) };
  }
}

export class EvaluationSummaryQuery extends Query<EvaluationSummaryView> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
  ) {
    super();
  }
}

/** Comments shown in a summary, at most. */
const SUMMARY_COMMENTS = 100;

/**
 * A program's evaluations over everyone who evaluated it (anonymous
 * aggregates: count, means, distributions, the share who would recommend it)
 * and its effectiveness. Comments go to admins only (an agency admin: those of
 * their agency's employees), without author, enrolment or agency.
 */
@QueryHandler(EvaluationSummaryQuery)
export class EvaluationSummaryHandler implements IQueryHandler<EvaluationSummaryQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly effectiveness: EffectivenessService,
  ) {}

  /** EVALUATION_MIN_RESPONSES. */
  private readonly minimumResponses = environment().EVALUATION_MIN_RESPONSES;

  async execute({ actor, programId }: EvaluationSummaryQuery): Promise<EvaluationSummaryView> {
    const program = await this.queries.execute(new TrainingProgramSummaryQuery(programId));
    if (!program || actor.role === 'ASSESSOR' || !canReadAgencyOwned(actor, program.agencyId))
      throw new NotFoundError('Training program', programId);
    const [agg] = await this.uow.query<{
      count: number;
      mean_rating: number | null;
      mean_relevance: number | null;
      recommend_share: number | null;
      ratings: number[];
      relevances: number[];
    }>(
      `SELECT count(*)::int AS count, round(avg(rating), 2)::float8 AS mean_rating, round(avg(relevance), 2)::float8 AS mean_relevance,
              round(avg(CASE WHEN would_recommend THEN 1 ELSE 0 END), 2)::float8 AS recommend_share,
              ARRAY[${[1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE e.rating = ${k})::int`).join(', ')}] AS ratings,
              ARRAY[${[1, 2, 3, 4, 5].map((k) => `count(*) FILTER (WHERE e.relevance = ${k})::int`).join(', ')}] AS relevances
         FROM feedback.evaluations e WHERE e.program_id = $1`,
      [programId],
    );
    const [measured] = await this.effectiveness.of([programId]);
    const withheld = agg.count < this.minimumResponses;
    const distribution = (counts: number[]) => (withheld ? null : Object.fromEntries(counts.map((n, i) => [String(i + 1), n])));
    const summary: EvaluationSummaryView = {
      programId,
      count: agg.count,
      minimumResponses: this.minimumResponses,
      withheld,
      meanRating: withheld ? null : agg.mean_rating,
      meanRelevance: withheld ? null : agg.mean_relevance,
      ratingDistribution: distribution(agg.ratings),
      relevanceDistribution: distribution(agg.relevances),
      wouldRecommendShare: withheld ? null : agg.recommend_share,
      effectiveness: {
        participants: measured.participants,
        meanLevelChange: measured.meanLevelChange,
        competencies: measured.competencies,
        meaningful: measured.meaningful,
        minimumParticipants: measured.minimumParticipants,
      },
    };
    if (isAdmin(actor)) {
      // The comments an admin may read come from the evaluations they may read (an agency admin: their agency's), so
      // that set too must hold at least minimumResponses answers; no time, no order by time, nothing naming the author.
      const agencies = readableAgencyIds(actor);
      const [scoped] = await this.uow.query<{ count: number }>(
        `SELECT count(*)::int AS count FROM feedback.evaluations e WHERE e.program_id = $1 AND ($2::uuid[] IS NULL OR e.agency_id = ANY($2::uuid[]))`,
        [programId, agencies],
      );
      summary.comments =
        withheld || scoped.count < this.minimumResponses
          ? []
          : await this.uow.query(
              `SELECT e.comment, e.rating::int AS rating, e.relevance::int AS relevance, e.would_recommend AS "wouldRecommend"
                 FROM feedback.evaluations e
                WHERE e.program_id = $1 AND e.comment IS NOT NULL AND e.comment <> '' AND ($2::uuid[] IS NULL OR e.agency_id = ANY($2::uuid[]))
                ORDER BY e.comment, e.id LIMIT ${SUMMARY_COMMENTS}`,
              [programId, agencies],
            );
    }
    return summary;
  }
}

export const EVALUATION_HANDLERS = [EvaluateTrainingHandler, ListEvaluationsHandler, EvaluationSummaryHandler];
