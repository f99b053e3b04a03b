import { Injectable } from '@nestjs/common';
import { MaintenanceJob, MaintenanceJobRunner, Outbox, outboxInsertSql, UnitOfWork } from '@kompeten/shared/infrastructure';
import { ASSESSMENT_EVENTS } from '../../contracts/events';
import { AssessmentPolicyProvider } from '../../infrastructure/assessment-policy.provider';

/**
 * Daily: ReassessmentDue for each employee's latest official assessment whose
 * results expire within the notice period, once per assessment (set-based).
 */
@Injectable()
@MaintenanceJob({ name: 'assessment.reassessment-due', cron: '0 1 * * *' })
export class ReassessmentDueJob implements MaintenanceJobRunner {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly policies: AssessmentPolicyProvider,
  ) {}

  run(): Promise<{ published: number }> {
    return this.uow.transaction(async () => {
      const rows = await this.uow.query<{ n: number }>(
        `WITH due AS (
           SELECT a.id, a.employee_id, a.agency_id, a.assessed_at + make_interval(years => $1) AS valid_until
             FROM assessment.assessments a
            WHERE a.official AND a.status = 'COMPLETED'
              AND a.assessed_at + make_interval(years => $1) <= now() + make_interval(days => $2)
              AND NOT EXISTS (SELECT 1 FROM assessment.reassessment_notices n WHERE n.assessment_id = a.id)
         ), noted AS (
           INSERT INTO assessment.reassessment_notices (assessment_id) SELECT id FROM due ON CONFLICT DO NOTHING RETURNING assessment_id
         ), published AS (
           ${outboxInsertSql(`
             SELECT '${ASSESSMENT_EVENTS.ReassessmentDue}'::text AS event_name, d.employee_id::text AS aggregate_id,
                    json_build_object('assessmentId', d.id, 'employeeId', d.employee_id, 'agencyId', d.agency_id, 'validUntil', d.valid_until) AS payload
               FROM due d JOIN noted n ON n.assessment_id = d.id`)}
           RETURNING 1
         )
         SELECT count(*)::int AS n FROM published`,
        [this.policies.policy.validityYears, this.policies.policy.reassessmentNoticeDays],
      );
      const published = rows[0]?.n ?? 0;
      if (published) await this.outbox.wakeRelay();
      return { published };
    });
  }
}
