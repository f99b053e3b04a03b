import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The index of the latest results leads with `official` before the competency, and carries the purpose: the profile
 * projector's latest official and latest self-assessed result per competency (DISTINCT ON (official, competency_code))
 * then reads in index order, with no sort per employee, and the official levels around a moment
 * (OfficialLevelsAroundQuery: employee, official = true, competency, assessed-at) read as before.
 */
export class AchievedLevelsLatestByKind1764300013000 implements MigrationInterface {
  name = 'AchievedLevelsLatestByKind1764300013000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assessment.achieved_levels_latest`);
    await q.query(
      `CREATE INDEX achieved_levels_latest ON assessment.achieved_levels (employee_id, official, competency_code, assessed_at DESC) INCLUDE (level, valid_until, purpose)`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX assessment.achieved_levels_latest`);
    await q.query(
      `CREATE INDEX achieved_levels_latest ON assessment.achieved_levels (employee_id, competency_code, assessed_at DESC) INCLUDE (level, valid_until, official)`,
    );
  }
}
