import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Job, Queue } from 'bullmq';
import {
  FEEDBACK_EVENTS,
  ProgramEffectivenessQuery,
  TrainingEvaluatedPayload,
  TrainingNeedClosedPayload,
  TrainingNeedSubmittedPayload,
} from '@kompeten/feedback/contracts';
import { DeliveredEvent } from '@kompeten/shared/kernel';
import {
  IntegrationEventHandler,
  IntegrationEventSubscriber,
  MAINTENANCE_JOB_OPTIONS,
  MaintenanceJob,
  MaintenanceJobRunner,
  Outbox,
  QUEUES,
  UnitOfWork,
} from '@kompeten/shared/infrastructure';
import { RECOMMENDATION_SCORING as S } from '../../domain/recommendation-scoring';
import { RECOMPUTE_CHUNK_SIZE } from '../recommendations/recompute-runs';
import { RecommendationEngine } from '../../infrastructure/recommendation-engine';

/**
 * At most this many employees (one statement) are recomputed at once, in the
 * delivery's transaction, when a program's feedback term changes. A program in
 * more sets than that (a popular national one) is re-ranked for them by batch
 * jobs instead (PROGRAM_FEEDBACK_CHANGED), so one delivery's transaction is
 * never held for minutes.
 */
export const INLINE_RECOMPUTE_LIMIT = 2000;

/**
 * Development's own event (not in the catalogue): the feedback term of programs
 * in more than INLINE_RECOMPUTE_LIMIT sets changed. Written to the outbox with
 * the new figures, so the batch jobs it starts run after they are committed.
 */
export const PROGRAM_FEEDBACK_CHANGED = 'development.ProgramFeedbackChanged';
export const RERANK_BATCH_JOB = 'development.recommendations-rerank';

/** Employees whose current recommendations include one of the programs, by id after $2 (null: from the first). */
const HOLDERS_SQL = `SELECT r.employee_id FROM development.recommendations r
  WHERE ($2::uuid IS NULL OR r.employee_id > $2::uuid)
    AND EXISTS (SELECT 1 FROM jsonb_array_elements(r.items) i WHERE (i->>'programId')::uuid = ANY($1::uuid[]))
  ORDER BY r.employee_id LIMIT $3`;

/**
 * Development's copy of the Feedback signals its recommendations weigh
 * (domain/recommendation-scoring.ts): employees' live stated needs per
 * competency, and each program's evaluations and effectiveness as Feedback
 * answers them (ProgramEffectivenessQuery). Idempotent in effect: needs are
 * keyed by their id (a closed one never comes back), a program's figures are
 * replaced by Feedback's current answer.
 */
@Injectable()
export class FeedbackSignals {
  /** INLINE_RECOMPUTE_LIMIT; a test lowers it to take the batch path with a few employees. */
  inlineRecomputeLimit = INLINE_RECOMPUTE_LIMIT;

  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly engine: RecommendationEngine,
    private readonly outbox: Outbox,
  ) {}

  async needSubmitted(p: TrainingNeedSubmittedPayload): Promise<void> {
    if (!p.competencyCode) return;
    const stored = await this.uow.query(
      `INSERT INTO development.stated_needs (need_id, employee_id, competency_code, priority, submitted_at)
       SELECT $1, $2, $3, $4, $5 WHERE NOT EXISTS (SELECT 1 FROM development.closed_needs c WHERE c.need_id = $1)
       ON CONFLICT (need_id) DO NOTHING RETURNING need_id`,
      [p.needId, p.employeeId, p.competencyCode, p.priority, p.submittedAt],
    );
    if (stored.length) await this.engine.recompute([p.employeeId]);
  }

  async needClosed(p: TrainingNeedClosedPayload): Promise<void> {
    await this.uow.query(`INSERT INTO development.closed_needs (need_id) VALUES ($1) ON CONFLICT DO NOTHING`, [p.needId]);
    const gone = await this.uow.query(`DELETE FROM development.stated_needs WHERE need_id = $1 RETURNING need_id`, [p.needId]);
    if (gone.length) await this.engine.recompute([p.employeeId]);
  }

  /**
   * Refreshes the programs' figures; where the feedback part of a program's
   * score changes, the employees whose current recommendations include it are
   * recomputed, so its score changes for everyone: at once up to
   * INLINE_RECOMPUTE_LIMIT employees, beyond that by batch jobs after commit.
   */
  async refreshPrograms(programIds: string[], recompute = true): Promise<{ changed: number }> {
    if (programIds.length === 0) return { changed: 0 };
    const answers = await this.queries.execute(new ProgramEffectivenessQuery(programIds));
    const changed = await this.uow.query<{ program_id: string }>(
      `WITH fresh AS (
         SELECT * FROM unnest($1::uuid[], $2::int[], $3::numeric[], $4::int[], $5::numeric[], $6::boolean[])
                AS f(program_id, evaluations, mean_rating, participants, mean_level_change, meaningful)
          WHERE EXISTS (SELECT 1 FROM development.programs p WHERE p.id = f.program_id)
       ), old AS (
         SELECT f.program_id,
                CASE WHEN o.evaluations >= $7 THEN o.mean_rating END AS rating, CASE WHEN o.meaningful THEN o.mean_level_change END AS change
           FROM fresh f LEFT JOIN development.program_feedback o ON o.program_id = f.program_id
       ), stored AS (
         INSERT INTO development.program_feedback AS t (program_id, evaluations, mean_rating, participants, mean_level_change, meaningful, updated_at)
         SELECT program_id, evaluations, round(mean_rating, 2), participants, round(mean_level_change, 2), meaningful, now() FROM fresh
         ON CONFLICT (program_id) DO UPDATE SET evaluations = EXCLUDED.evaluations, mean_rating = EXCLUDED.mean_rating,
                participants = EXCLUDED.participants, mean_level_change = EXCLUDED.mean_level_change, meaningful = EXCLUDED.meaningful,
                updated_at = now()
         RETURNING t.program_id, CASE WHEN t.evaluations >= $7 THEN t.mean_rating END AS rating,
                   CASE WHEN t.meaningful THEN t.mean_level_change END AS change
       )
       SELECT s.program_id FROM stored s JOIN old o ON o.program_id = s.program_id
        WHERE s.rating IS DISTINCT FROM o.rating OR s.change IS DISTINCT FROM o.change`,
      [
        answers.map((a) => a.programId),
        answers.map((a) => a.evaluations),
        answers.map((a) => a.meanRating),
        answers.map((a) => a.participants),
        answers.map((a) => a.meanLevelChange),
        answers.map((a) => a.meaningful),
        S.MIN_EVALUATIONS,
      ],
    );
    if (changed.length === 0 || !recompute) return { changed: changed.length };
    const rescored = changed.map((c) => c.program_id);
    const employees = await this.holdersOf(rescored, null, this.inlineRecomputeLimit + 1);
    if (employees.length <= this.inlineRecomputeLimit) await this.engine.recompute(employees);
    else
      await this.outbox.publish({
        name: PROGRAM_FEEDBACK_CHANGED,
        aggregateId: rescored[0],
        payload: { programIds: rescored },
        occurredAt: new Date(),
      });
    return { changed: changed.length };
  }

  async holdersOf(programIds: string[], afterId: string | null, limit: number): Promise<string[]> {
    const rows = await this.uow.query<{ employee_id: string }>(HOLDERS_SQL, [programIds, afterId, limit]);
    return rows.map((r) => r.employee_id);
  }
}

@Injectable()
@IntegrationEventSubscriber({
  name: 'development.feedback-signals',
  events: [FEEDBACK_EVENTS.TrainingNeedSubmitted, FEEDBACK_EVENTS.TrainingNeedClosed, FEEDBACK_EVENTS.TrainingEvaluated],
})
export class FeedbackSignalsSubscriber implements IntegrationEventHandler {
  constructor(private readonly signals: FeedbackSignals) {}

  async handle(event: DeliveredEvent): Promise<void> {
    if (event.name === FEEDBACK_EVENTS.TrainingNeedSubmitted)
      await this.signals.needSubmitted(event.payload as TrainingNeedSubmittedPayload);
    else if (event.name === FEEDBACK_EVENTS.TrainingNeedClosed) await this.signals.needClosed(event.payload as TrainingNeedClosedPayload);
    else await this.signals.refreshPrograms([(event.payload as TrainingEvaluatedPayload).programId]);
  }
}

/**
 * Effectiveness moves when participants are reassessed, not only when someone
 * evaluates: every night (01:30 WIB, before the 02:30 recompute) the figures of
 * every program with a completion or an evaluation are refreshed.
 */
@MaintenanceJob({ name: 'development.feedback-signals-nightly', cron: '30 1 * * *' })
export class FeedbackSignalsNightlyJob implements MaintenanceJobRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly signals: FeedbackSignals,
  ) {}

  async run(): Promise<{ programs: number; changed: number }> {
    const programs = await this.uow.query<{ program_id: string }>(
      `SELECT DISTINCT program_id FROM development.enrolments WHERE status = 'COMPLETED'
       UNION SELECT program_id FROM development.program_feedback`,
    );
    let changed = 0;
    for (let i = 0; i < programs.length; i += 500) {
      const ids = programs.slice(i, i + 500).map((p) => p.program_id);
      // Figures only: the nightly recompute (02:30 WIB) that follows carries them into everyone's set.
      changed += (await this.uow.transaction(() => this.signals.refreshPrograms(ids, false))).changed;
    }
    return { programs: programs.length, changed };
  }
}

/**
 * Re-ranks every set that includes programs whose feedback term changed, when
 * there are too many to do in the delivery: the holders are split into batches
 * of RECOMPUTE_CHUNK_SIZE by employee id, each a job with a deterministic id, so
 * a redelivery adds nothing and several workers share the work.
 */
@Injectable()
@IntegrationEventSubscriber({ name: 'development.rerank-program-holders', events: [PROGRAM_FEEDBACK_CHANGED] })
export class ProgramHoldersRerankSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly signals: FeedbackSignals,
    @InjectQueue(QUEUES.maintenance) private readonly queue: Queue,
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    const { programIds } = event.payload as { programIds: string[] };
    let after: string | null = null;
    for (let batch = 0; ; batch++) {
      const ids: string[] = await this.signals.holdersOf(programIds, after, RECOMPUTE_CHUNK_SIZE);
      if (ids.length === 0) break;
      await this.queue.add(RERANK_BATCH_JOB, { employeeIds: ids }, { ...MAINTENANCE_JOB_OPTIONS, jobId: `rerank.${event.id}.${batch}` });
      after = ids[ids.length - 1];
    }
  }
}

@Injectable()
@MaintenanceJob({ name: RERANK_BATCH_JOB })
export class RerankBatchJob implements MaintenanceJobRunner {
  constructor(private readonly engine: RecommendationEngine) {}

  run(job: Job<{ employeeIds: string[] }>): Promise<{ computed: number; changed: number }> {
    return this.engine.recompute(job.data.employeeIds);
  }
}
