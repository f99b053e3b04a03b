import { Injectable } from '@nestjs/common';
import { CompetencyProfileChangedPayload } from '@kompeten/assessment/contracts';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

/**
 * Development's own copy of each employee's latest competency gaps, kept from
 * CompetencyProfileChanged. An older event arriving late (redelivery, retries)
 * never overwrites a newer one.
 */
@Injectable()
export class ProfileGapsStore {
  constructor(private readonly uow: UnitOfWork) {}

  async apply(payload: CompetencyProfileChangedPayload, occurredAt: Date): Promise<boolean> {
    const kept = await this.uow.query(
      `INSERT INTO development.employee_profiles (employee_id, agency_id, position_id, standard_version, jpm, category, occurred_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, position_id = EXCLUDED.position_id,
         standard_version = EXCLUDED.standard_version, jpm = EXCLUDED.jpm, category = EXCLUDED.category,
         occurred_at = EXCLUDED.occurred_at, received_at = now()
       WHERE development.employee_profiles.occurred_at <= EXCLUDED.occurred_at
       RETURNING employee_id`,
      [payload.employeeId, payload.agencyId, payload.positionId, payload.standardVersion, payload.jpm, payload.category, occurredAt],
    );
    if (kept.length === 0) return false;
    await this.uow.query(`DELETE FROM development.employee_gaps WHERE employee_id = $1`, [payload.employeeId]);
    const gaps = payload.gaps ?? [];
    if (gaps.length) {
      await this.uow.query(
        `INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
         SELECT $1, g.code, g.type, g.required, g.achieved, g.gap
           FROM unnest($2::text[], $3::text[], $4::smallint[], $5::smallint[], $6::smallint[]) AS g(code, type, required, achieved, gap)
         ON CONFLICT DO NOTHING`,
        [
          payload.employeeId,
          gaps.map((g) => g.competencyCode),
          gaps.map((g) => g.type),
          gaps.map((g) => g.requiredLevel),
          gaps.map((g) => g.achievedLevel),
          gaps.map((g) => g.gap),
        ],
      );
    }
    return true;
  }
}
