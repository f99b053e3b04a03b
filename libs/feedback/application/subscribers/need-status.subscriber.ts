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
 */
@Injectable()
@IntegrationEventSubscriber({
  name: 'feedback.need-status',
  events: [DEVELOPMENT_EVENTS.DevelopmentPlanItemAdded, DEVELOPMENT_EVENTS.TrainingEnrolled, DEVELOPMENT_EVENTS.TrainingCompleted],
})
export class NeedStatusSubscriber implements IntegrationEventHandler {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async handle(event: DeliveredEvent): Promise<void> {
    let employeeId: string;
    let codes: string[];
    let fact: DevelopmentFact = 'PLANNED';
    if (event.name === DEVELOPMENT_EVENTS.DevelopmentPlanItemAdded) {
      const p = event.payload as DevelopmentPlanItemAddedPayload;
      employeeId = p.employeeId;
      codes = p.competencyCodes?.length ? p.competencyCodes : [p.competencyCode];
    } else if (event.name === DEVELOPMENT_EVENTS.TrainingEnrolled) {
      const p = event.payload as TrainingEnrolledPayload;
      employeeId = p.employeeId;
      codes = p.competencies.map((c) => c.competencyCode);
    } else {
      const p = event.payload as TrainingCompletedPayload;
      employeeId = p.employeeId;
      codes = p.competencies.map((c) => c.competencyCode);
      fact = 'COMPLETED';
    }
    if (codes.length === 0) return;
    const target = fact === 'COMPLETED' ? 'ADDRESSED' : 'PLANNED';
    await this.uow.transaction(async () => {
      const moved = await this.uow.query<{ id: string; old_status: string }>(
        `WITH old AS (
           SELECT id, status FROM feedback.training_needs
            WHERE employee_id = $1 AND competency_code = ANY($2::text[]) AND status = ANY($3::text[]) FOR NO KEY UPDATE
         )
         UPDATE feedback.training_needs n
            SET status = $4, planned_at = CASE WHEN $4 = 'PLANNED' THEN now() ELSE n.planned_at END,
                addressed_at = CASE WHEN $4 = 'ADDRESSED' THEN now() ELSE n.addressed_at END, version = n.version + 1, updated_at = now()
           FROM old WHERE n.id = old.id
         RETURNING n.id, old.status AS old_status`,
        [employeeId, codes, movableBy(fact), target],
      );
      if (moved.length === 0) return;
      const views = await this.uow.query<TrainingNeedView>(
        `SELECT ${NEED_COLUMNS} FROM feedback.training_needs n WHERE n.id = ANY($1::uuid[])`,
        [moved.map((m) => m.id)],
      );
      for (const view of views) {
        const oldStatus = moved.find((m) => m.id === view.id)!.old_status;
        await this.audit.record({
          action: `training-need.${target.toLowerCase()}`,
          entityType: 'TrainingNeed',
          entityId: view.id,
          agencyId: view.agencyId,
          before: { status: oldStatus },
          after: view,
        });
      }
      const closed = views
        .filter((v) => v.status === 'ADDRESSED')
        .map((v) =>
          integrationEvent<TrainingNeedClosedPayload>(FEEDBACK_EVENTS.TrainingNeedClosed, v.employeeId, {
            needId: v.id,
            employeeId: v.employeeId,
            agencyId: v.agencyId,
            competencyCode: v.competencyCode,
            status: 'ADDRESSED',
            closedAt: v.addressedAt!,
          }),
        );
      await this.outbox.publish(...closed);
    });
  }
}
