import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { AchievedLevel, Assessment, AssessmentState } from '../domain/assessment';

interface AssessmentRow {
  id: string;
  employee_id: string;
  agency_id: string;
  purpose: AssessmentState['purpose'];
  target_position_id: string;
  standard_version: number;
  standard_items: AssessmentState['standard']['items'];
  method: AssessmentState['method'];
  provider_name: string;
  provider_accredited: boolean;
  assessor_name: string | null;
  assessed_at: Date;
  status: AssessmentState['status'];
  results: AssessmentState['results'];
  version: number;
  completed_at: Date | null;
}

function toState(row: AssessmentRow): AssessmentState {
  return {
    id: row.id,
    employeeId: row.employee_id,
    agencyId: row.agency_id,
    purpose: row.purpose,
    targetPositionId: row.target_position_id,
    standard: { positionId: row.target_position_id, version: row.standard_version, items: row.standard_items },
    method: row.method,
    providerName: row.provider_name,
    providerAccredited: row.provider_accredited,
    assessorName: row.assessor_name,
    assessedAt: new Date(row.assessed_at),
    status: row.status,
    results: row.results,
    version: row.version,
    completedAt: row.completed_at ? new Date(row.completed_at) : null,
  };
}

/** Loads and saves the Assessment aggregate; its events go to the outbox in the same transaction. */
@Injectable()
export class AssessmentRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async get(id: string, lock = false): Promise<Assessment> {
    const [row] = await this.uow.query<AssessmentRow>(`SELECT * FROM assessment.assessments WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [
      id,
    ]);
    if (!row) throw new NotFoundError('Assessment', id);
    return Assessment.restore(toState(row));
  }

  async insert(assessment: Assessment, source: 'API' | 'IMPORT' = 'API'): Promise<void> {
    const s = assessment.state;
    await this.uow.query(
      `INSERT INTO assessment.assessments (id, employee_id, agency_id, purpose, target_position_id, standard_version, standard_items, method,
         provider_name, provider_accredited, official, assessor_name, assessed_at, status, results, version, source)
       VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)`,
      [
        s.id,
        s.employeeId,
        s.agencyId,
        s.purpose,
        s.targetPositionId,
        s.standard.version,
        JSON.stringify(s.standard.items),
        s.method,
        s.providerName,
        s.providerAccredited,
        assessment.official,
        s.assessorName,
        s.assessedAt,
        s.status,
        JSON.stringify(s.results),
        s.version,
        source,
      ],
    );
    await this.outbox.publish(...assessment.pullEvents());
  }

  /** Saves a changed draft when the stored version is still `expectedVersion`; answers the new version. */
  async saveResults(assessment: Assessment, expectedVersion: number): Promise<number> {
    const rows = await this.uow.query<{ version: number }>(
      `UPDATE assessment.assessments SET results = $3, version = version + 1, updated_at = now()
        WHERE id = $1 AND version = $2 AND status = 'DRAFT' RETURNING version`,
      [assessment.id, expectedVersion, JSON.stringify(assessment.state.results)],
    );
    if (rows.length === 0) throw new ConflictError('The assessment has changed since you read it; reload it and retry');
    return rows[0].version;
  }

  /** Records a completion: the status, the concluded level per competency, the superseding, the event. */
  async saveCompletion(assessment: Assessment, levels: AchievedLevel[], validityYears: number): Promise<void> {
    const s = assessment.state;
    const updated = await this.uow.query(
      `UPDATE assessment.assessments SET status = 'COMPLETED', completed_at = $2, version = version + 1, updated_at = now()
        WHERE id = $1 AND status = 'DRAFT' RETURNING id`,
      [s.id, s.completedAt],
    );
    if (updated.length === 0) throw new ConflictError('The assessment was completed by someone else at the same time');
    await this.insertAchievedLevels([{ assessment, levels }], validityYears);
    await this.supersedeOlder([s.employeeId]);
    await this.outbox.publish(...assessment.pullEvents());
  }

  /**
   * Completed assessments from an import, set-based. An assessment whose import
   * key is already stored is skipped (a re-import changes nothing); answers the ids created.
   */
  async insertImported(
    items: { assessment: Assessment; levels: AchievedLevel[]; importKey: string }[],
    validityYears: number,
  ): Promise<{ created: string[] }> {
    if (items.length === 0) return { created: [] };
    const column = <T>(f: (s: Assessment['state'], a: Assessment) => T) => items.map((i) => f(i.assessment.state, i.assessment));
    const rows = await this.uow.query<{ id: string }>(
      `INSERT INTO assessment.assessments (id, employee_id, agency_id, purpose, target_position_id, standard_version, standard_items, method,
         provider_name, provider_accredited, official, assessor_name, assessed_at, status, results, version, completed_at, import_key, source)
       SELECT *, 'IMPORT' FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::uuid[], $6::int[], $7::jsonb[], $8::text[],
         $9::text[], $10::boolean[], $11::boolean[], $12::text[], $13::timestamptz[], $14::text[], $15::jsonb[], $16::int[], $17::timestamptz[], $18::text[])
       ON CONFLICT (import_key) DO NOTHING RETURNING id`,
      [
        column((s) => s.id),
        column((s) => s.employeeId),
        column((s) => s.agencyId),
        column((s) => s.purpose),
        column((s) => s.targetPositionId),
        column((s) => s.standard.version),
        column((s) => JSON.stringify(s.standard.items)),
        column((s) => s.method),
        column((s) => s.providerName),
        column((s) => s.providerAccredited),
        column((_, a) => a.official),
        column((s) => s.assessorName),
        column((s) => s.assessedAt),
        column((s) => s.status),
        column((s) => JSON.stringify(s.results)),
        column((s) => s.version),
        column((s) => s.completedAt),
        items.map((i) => i.importKey),
      ],
    );
    const created = new Set(rows.map((r) => r.id));
    const kept = items.filter((i) => created.has(i.assessment.id));
    await this.insertAchievedLevels(kept, validityYears);
    await this.supersedeOlder([...new Set(kept.map((i) => i.assessment.state.employeeId))]);
    await this.outbox.publish(...kept.flatMap((i) => i.assessment.pullEvents()));
    return { created: [...created] };
  }

  private async insertAchievedLevels(items: { assessment: Assessment; levels: AchievedLevel[] }[], validityYears: number): Promise<void> {
    const flat = items.flatMap(({ assessment, levels }) => levels.map((level) => ({ assessment, level })));
    if (flat.length === 0) return;
    await this.uow.query(
      `INSERT INTO assessment.achieved_levels (assessment_id, employee_id, competency_code, competency_type, level, group_means, official, purpose, assessed_at, valid_until)
       SELECT l.assessment_id, l.employee_id, l.code, l.type, l.level, l.means, l.official, l.purpose, l.assessed_at, l.assessed_at + make_interval(years => $11)
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::smallint[], $6::jsonb[], $7::boolean[], $8::text[], $9::timestamptz[], $10::int[])
           AS l(assessment_id, employee_id, code, type, level, means, official, purpose, assessed_at, _)`,
      [
        flat.map((f) => f.assessment.id),
        flat.map((f) => f.assessment.state.employeeId),
        flat.map((f) => f.level.competencyCode),
        flat.map((f) => f.level.competencyType),
        flat.map((f) => f.level.level),
        flat.map((f) => (f.level.groupMeans ? JSON.stringify(f.level.groupMeans) : null)),
        flat.map((f) => f.assessment.official),
        flat.map((f) => f.assessment.state.purpose),
        flat.map((f) => f.assessment.state.assessedAt),
        flat.map(() => 0),
        validityYears,
      ],
    );
  }

  /** An official completed assessment is superseded once the employee has a later official one. */
  private async supersedeOlder(employeeIds: string[]): Promise<void> {
    if (employeeIds.length === 0) return;
    await this.uow.query(
      `UPDATE assessment.assessments a SET status = 'SUPERSEDED', updated_at = now()
        WHERE a.employee_id = ANY($1::uuid[]) AND a.official AND a.status = 'COMPLETED'
          AND EXISTS (SELECT 1 FROM assessment.assessments b
                       WHERE b.employee_id = a.employee_id AND b.official AND b.status IN ('COMPLETED', 'SUPERSEDED')
                         AND (b.assessed_at, b.id) > (a.assessed_at, a.id))`,
      [employeeIds],
    );
  }
}
