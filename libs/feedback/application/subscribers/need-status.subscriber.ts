import { Injectable } from '@nestjs/common';
import {
  DEVELOPMENT_EVENTS,
  DevelopmentPlanItemAddedPayload,
  TrainingCompletedPayload,
  TrainingEnrolledPayload,
} from '@kompeten/development/contracts';
import { DeliveredEvent, integrationEvent } from '@kompeten/shared/kernel';
import { AuditLog, IntegrationEventHandler, IntegrationEventSubscriber, Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { FEEDBACK_EVENTS, TrainingNeedClosedPayload } from '../../contracts/events';
import { DevelopmentFact, movableBy } from '../../domain/training-need';
import { NEED_COLUMNS } from '../needs';
import { TrainingNeedView } from '../views';

/**
 * Development's events drive the status of stated needs: a program developing
 * the competency added to the employee's plan, or an enrolment in one, makes
 * their live need PLANNED; completing one makes it ADDRESSED (and tells
 * Development through TrainingNeedClosed). Idempotent: a need already past the
 * target status is left alone. Each change is audited (actor SYSTEM).
 *
 * Taken in batches (a session's completions, an approved plan's items): one statement per target status for every
 * event of the batch, completions first, so a batch that enrols and then completes ends ADDRESSED as one by one would.
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'feedback.need-status',
  events: [DEVELOPMENT_EVENTS.DevelopmentPlanItemAdded, DEVELOPMENT_EVENTS.TrainingEnrolled, DEVELOPMENT_EVENTS.TrainingCompleted],
  batch: 500,
})
export class NeedStatusSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  handle(event: DeliveredEvent): Promise<void> {
    return this.handleBatch([event]);
  }

  async handleBatch(events: DeliveredEvent[]): Promise<void> {
    const facts: Record<DevelopmentFact, { employeeIds: string[]; codes: string[] }> = {
      COMPLETED: { employeeIds: [], codes: [] },
      PLANNED: { employeeIds: [], codes: [] },
    };
    for (const event of events) {
      const { fact, employeeId, codes } = factOf(event);
      for (const code of codes) {
        facts[fact].employeeIds.push(employeeId);
        facts[fact].codes.push(code);
      }
    }
    await this.uow.transaction(async () => {
      for (const fact of ['COMPLETED', 'PLANNED'] as const) if (facts[fact].codes.length) await this.move(fact, facts[fact]);
    });
  }

  /** Moves every live need named by (employee, competency) that the fact may move; audits and publishes what moved. */
  private async move(fact: DevelopmentFact, named: { employeeIds: string[]; codes: string[] }): Promise<void> {
    const target = fact === 'COMPLETED' ? 'ADDRESSED' : 'PLANNED';
    const moved = await this.uow.query<{ id: string; old_status: string }>(
      `WITH named AS (
         SELECT DISTINCT employee_id, competency_code FROM unnest($1::uuid[], $2::text[]) AS t(employee_id, competency_code)
       ), old AS (
         SELECT n.id, n.status FROM feedback.training_needs n JOIN named USING (employee_id, competency_code)
          WHERE n.status = ANY($3::text[]) FOR NO KEY UPDATE OF n
       )
       UPDATE feedback.training_needs n
          SET status = $4, planned_at = CASE WHEN $4 = 'PLANNED' THEN now() ELSE n.planned_at END,
              addressed_at = CASE WHEN $4 = 'ADDRESSED' THEN now() ELSE n.addressed_at END, version = n.version + 1, updated_at = now()
         FROM old WHERE n.id = old.id
       RETURNING n.id, old.status AS old_status`,
      [named.employeeIds, named.codes, movableBy(fact), target],
    );
    if (moved.length === 0) return;
    const ids = moved.map((m) => m.id);
    await this.audit.recordSelected(
      `training-need.${target.toLowerCase()}`,
      'TrainingNeed',
      `SELECT v."id"::text AS entity_id, v."agencyId" AS agency_id, json_build_object('status', m.old_status)::jsonb AS before, to_jsonb(v) AS after
         FROM (SELECT ${NEED_COLUMNS} FROM feedback.training_needs n WHERE n.id = ANY($1::uuid[])) v
         JOIN unnest($1::uuid[], $2::text[]) AS m(id, old_status) ON m.id = v."id"`,
      [ids, moved.map((m) => m.old_status)],
    );
    if (target !== 'ADDRESSED') return;
    const views = await this.uow.query<TrainingNeedView>(
      `SELECT ${NEED_COLUMNS} FROM feedback.training_needs n WHERE n.id = ANY($1::uuid[])`,
      [ids],
    );
    await this.outbox.publish(
      ...views.map((v) =>
        integrationEvent<TrainingNeedClosedPayload>(FEEDBACK_EVENTS.TrainingNeedClosed, v.employeeId, {
          needId: v.id,
          employeeId: v.employeeId,
          agencyId: v.agencyId,
          competencyCode: v.competencyCode,
          status: 'ADDRESSED',
          closedAt: v.addressedAt!,
        }),
      ),
    );
  }
}

/** What one of Development's events says of an employee's competencies. */
function factOf(event: DeliveredEvent): { fact: DevelopmentFact; employeeId: string; codes: string[] } {
  if (event.name === DEVELOPMENT_EVENTS.DevelopmentPlanItemAdded) {
    const p = event.payload as DevelopmentPlanItemAddedPayload;
    return { fact: 'PLANNED', employeeId: p.employeeId, codes: p.competencyCodes?.length ? p.competencyCodes : [p.competencyCode] };
  }
  if (event.name === DEVELOPMENT_EVENTS.TrainingEnrolled) {
    const p = event.payload as TrainingEnrolledPayload;
    return { fact: 'PLANNED', employeeId: p.employeeId, codes: p.competencies.map((c) => c.competencyCode) };
  }
  const p = event.payload as TrainingCompletedPayload;
  return { fact: 'COMPLETED', employeeId: p.employeeId, codes: p.competencies.map((c) => c.competencyCode) };
}
