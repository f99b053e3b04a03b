import { Injectable } from '@nestjs/common';
import { newId } from '@kompeten/shared/kernel';
import { UnitOfWork } from '../database/unit-of-work';

/** The transaction setting an outbox row's `origin` defaults to (migration 1764300016000). */
const ORIGIN_SETTING = 'kompeten.origin';

export type TraceState = 'queued' | 'running' | 'completed';

/** A trace as the Job shape of the API (GET /admin/jobs/{id}). */
export interface TraceView {
  id: string;
  kind: string;
  state: TraceState;
  /** Deliveries of the trace's events (and of the events they caused) handled, of those owed so far. */
  progress: { done: number; total: number };
  agencyId: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  error: string | null;
}

/**
 * Follows a bulk operation downstream until every read model is current (ADR 0003, "traces"). The operation begins a
 * trace in its transaction; every event it publishes carries the trace (`messaging.outbox.origin`), every delivery of
 * such an event runs under it again (the processors call `follow`), so the events a subscriber publishes in reply carry
 * it too, and work handed to a maintenance job is recorded until that job commits. The trace is complete when every
 * delivery its events are owed (`messaging.subscriptions`) is in the inbox and no handed-on work is left: a delivery
 * commits its inbox row with the events it causes, so nothing of the trace can still appear after that.
 */
@Injectable()
export class DownstreamTraces {
  constructor(private readonly uow: UnitOfWork) {}

  /** Starts a trace in the caller's transaction: what it publishes from here on belongs to it. */
  async begin(kind: string, agencyId: string | null, requestedBy: string | null): Promise<string> {
    if (!this.uow.inTransaction) throw new Error('DownstreamTraces.begin must run inside a transaction');
    const id = newId();
    await this.uow.query(`INSERT INTO messaging.traces (id, kind, agency_id, requested_by) VALUES ($1, $2, $3, $4)`, [
      id,
      kind,
      agencyId,
      requestedBy,
    ]);
    await this.follow(id);
    return id;
  }

  /** Runs the rest of the current transaction under `origin` (none: untraced). */
  async follow(origin: string | null | undefined): Promise<void> {
    await this.uow.query(`SELECT set_config('${ORIGIN_SETTING}', $1, true)`, [origin ?? '']);
  }

  /** The trace the current transaction runs under, if any. */
  async current(): Promise<string | null> {
    const [row] = await this.uow.query<{ origin: string | null }>(
      `SELECT NULLIF(current_setting('${ORIGIN_SETTING}', true), '') AS origin`,
    );
    return row.origin;
  }

  /** Work the current transaction hands to a job of its own (its id), owed to the current trace until `workDone`. */
  async handOn(workIds: string[]): Promise<void> {
    if (workIds.length === 0) return;
    await this.uow.query(
      `INSERT INTO messaging.trace_work (trace_id, work_id)
       SELECT NULLIF(current_setting('${ORIGIN_SETTING}', true), '')::uuid, w FROM unnest($1::text[]) w
        WHERE NULLIF(current_setting('${ORIGIN_SETTING}', true), '') IS NOT NULL
       ON CONFLICT DO NOTHING`,
      [workIds],
    );
  }

  /** A handed-on job's work is done, in that job's transaction; it runs under the trace from here on. */
  async workDone(origin: string | null | undefined, workId: string): Promise<void> {
    if (!origin) return;
    await this.follow(origin);
    await this.uow.query(`DELETE FROM messaging.trace_work WHERE trace_id = $1 AND work_id = $2`, [origin, workId]);
  }

  /**
   * The trace's state. Completed is recorded once seen, so it is never computed again; before that, one pass over
   * the trace's events (an index on origin) and their inbox rows.
   */
  async view(id: string): Promise<TraceView | undefined> {
    const [trace] = await this.uow.query<{
      id: string;
      kind: string;
      agency_id: string | null;
      created_at: Date;
      finished_at: Date | null;
      done: number;
      total: number;
    }>(`SELECT id, kind, agency_id, created_at, finished_at, done, total FROM messaging.traces WHERE id = $1`, [id]);
    if (!trace) return undefined;
    let { done, total } = trace;
    let finishedAt = trace.finished_at;
    let state: TraceState = 'completed';
    if (!finishedAt) {
      const [owed] = await this.uow.query<{ total: number; done: number; work: number; workers: boolean }>(
        `SELECT count(*)::int AS total, count(i.message_id)::int AS done,
                (SELECT count(*) FROM messaging.trace_work w WHERE w.trace_id = $1)::int AS work,
                EXISTS (SELECT 1 FROM messaging.subscriptions) AS workers
           FROM messaging.outbox o
           JOIN messaging.subscriptions s ON s.event_name = o.event_name
           LEFT JOIN messaging.inbox i ON i.message_id = o.id AND i.subscriber = s.subscriber
          WHERE o.origin = $1`,
        [id],
      );
      ({ done, total } = owed);
      if (!owed.workers) state = 'queued';
      else if (done < total || owed.work > 0) state = 'running';
      else {
        const [finished] = await this.uow.query<{ finished_at: Date }>(
          `UPDATE messaging.traces SET finished_at = COALESCE(finished_at, now()), done = $2, total = $3 WHERE id = $1 RETURNING finished_at`,
          [id, done, total],
        );
        finishedAt = finished.finished_at;
      }
    }
    return {
      id: trace.id,
      kind: trace.kind,
      state,
      progress: { done, total },
      agencyId: trace.agency_id,
      createdAt: trace.created_at.toISOString(),
      startedAt: trace.created_at.toISOString(),
      finishedAt: finishedAt ? finishedAt.toISOString() : null,
      error: null,
    };
  }

  /** The workers' subscriptions (what each event is owed), written at start; a subscriber no longer run is removed. */
  async registerSubscriptions(subscriptions: { subscriber: string; eventName: string }[]): Promise<void> {
    await this.uow.transaction(async () => {
      await this.uow.query(`DELETE FROM messaging.subscriptions WHERE NOT (subscriber = ANY($1::text[]))`, [
        [...new Set(subscriptions.map((s) => s.subscriber))],
      ]);
      await this.uow.query(
        `INSERT INTO messaging.subscriptions (subscriber, event_name)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (event_name, subscriber) DO UPDATE SET seen_at = now()`,
        [subscriptions.map((s) => s.subscriber), subscriptions.map((s) => s.eventName)],
      );
    });
  }
}
