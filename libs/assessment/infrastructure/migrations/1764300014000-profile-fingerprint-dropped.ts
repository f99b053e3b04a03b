import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A stored profile is compared with its recomputation column by column, the items by their text, instead of by a
 * SHA-1 fingerprint the projector computed in node for every profile (a twentieth of the worker's time during an
 * SKJ change's recompute).
 */
export class ProfileFingerprintDropped1764300014000 implements MigrationInterface {
  name = 'ProfileFingerprintDropped1764300014000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE assessment.competency_profiles DROP COLUMN fingerprint`);
  }

  async down(q: QueryRunner): Promise<void> {
    // An empty fingerprint differs from any computed one: the older projector rewrites each profile once.
    await q.query(`ALTER TABLE assessment.competency_profiles ADD COLUMN fingerprint text NOT NULL DEFAULT ''`);
    await q.query(`ALTER TABLE assessment.competency_profiles ALTER COLUMN fingerprint DROP DEFAULT`);
  }
}
