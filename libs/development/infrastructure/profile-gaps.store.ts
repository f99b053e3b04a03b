import { Injectable } from '@nestjs/common';
import { newestProfileGapsSql, ProfileChangeSource, profileChanges } from '@kompeten/assessment/contracts';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

/**
 * Development's own copy of each employee's latest competency gaps, kept from
 * CompetencyProfileChanged. An older event arriving late (redelivery, retries)
 * never overwrites a newer one.
 */
@Injectable()
export class ProfileGapsStore {
  constructor(private readonly uow: UnitOfWork) {}

  /**
   * Many profiles at once (a batch of CompetencyProfileChanged): three statements whatever their number; of several
   * events of one employee the newest counts. Answers the employees whose stored profile changed.
   */
  async applyMany(source: ProfileChangeSource): Promise<string[]> {
    const changes = profileChanges(source, '$1');
    if (!changes) return [];
    return this.uow.transaction(async () => {
      const kept = await this.uow.query<{ employee_id: string }>(
        `INSERT INTO development.employee_profiles AS d (employee_id, agency_id, position_id, standard_version, jpm, category, occurred_at)
         SELECT DISTINCT ON (x."employeeId") x."employeeId", x."agencyId", x."positionId", x."standardVersion", x.jpm, x.category, x."occurredAt"
           FROM (${changes.sql}) AS x
          ORDER BY x."employeeId", x."occurredAt" DESC
         ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, position_id = EXCLUDED.position_id,
           standard_version = EXCLUDED.standard_version, jpm = EXCLUDED.jpm, category = EXCLUDED.category,
           occurred_at = EXCLUDED.occurred_at, received_at = now()
         WHERE d.occurred_at <= EXCLUDED.occurred_at
         RETURNING d.employee_id`,
        [changes.value],
      );
      if (kept.length === 0) return [];
      const ids = kept.map((k) => k.employee_id);
      await this.uow.query(`DELETE FROM development.employee_gaps WHERE employee_id = ANY($1::uuid[])`, [ids]);
      // The newest event of each kept employee supplies the gaps (the one its profile row took).
      await this.uow.query(
        `INSERT INTO development.employee_gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
         ${newestProfileGapsSql(changes.sql, '$2')}
         ON CONFLICT DO NOTHING`,
        [changes.value, ids],
      );
      return ids;
    });
  }
}
