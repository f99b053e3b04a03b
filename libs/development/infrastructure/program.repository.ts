import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { ProgramState, TrainingProgram } from '../domain/training-program';
import { PROGRAM_COLUMNS } from './development-sql';

type ProgramRow = ProgramState & { createdAt: Date; updatedAt: Date };

/** Loads and saves training programs (the row and its targeted competencies). */
@Injectable()
export class ProgramRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async get(id: string, lock = false): Promise<TrainingProgram> {
    const [row] = await this.uow.query<ProgramRow>(
      `SELECT ${PROGRAM_COLUMNS} FROM development.programs p WHERE p.id = $1 ${lock ? 'FOR NO KEY UPDATE OF p' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError('Training program', id);
    const { createdAt: _c, updatedAt: _u, ...state } = row;
    return TrainingProgram.restore(state);
  }

  async insert(program: TrainingProgram): Promise<void> {
    const s = program.state;
    const rows = await this.uow.query(
      `INSERT INTO development.programs (id, code, title, delivery_mode, international, provider, jp, days, max_class_size, agency_id, active, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING RETURNING id`,
      [s.id, s.code, s.title, s.deliveryMode, s.international, s.provider, s.jp, s.days, s.maxClassSize, s.agencyId, s.active, s.version],
    );
    if (rows.length === 0) throw new ConflictError(`A training program with code ${s.code} already exists`);
    await this.writeCompetencies(program);
  }

  /** Saves a changed program if the stored version is still `expectedVersion`. */
  async save(program: TrainingProgram, expectedVersion: number, competenciesChanged: boolean): Promise<void> {
    const s = program.state;
    const rows = await this.uow.query(
      `UPDATE development.programs SET title = $3, delivery_mode = $4, international = $5, provider = $6, jp = $7, days = $8,
              max_class_size = $9, active = $10, version = $11, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [s.id, expectedVersion, s.title, s.deliveryMode, s.international, s.provider, s.jp, s.days, s.maxClassSize, s.active, s.version],
    );
    if (rows.length === 0) throw new ConflictError(`Training program ${s.code} has changed since you read it; reload it and retry`);
    if (competenciesChanged) {
      await this.uow.query(`DELETE FROM development.program_competencies WHERE program_id = $1`, [s.id]);
      await this.writeCompetencies(program);
    }
  }

  /** The most seats any live session of the program offers (0 when none). */
  async largestSessionCapacity(programId: string): Promise<number> {
    const [row] = await this.uow.query<{ n: number }>(
      `SELECT COALESCE(max(capacity), 0)::int AS n FROM development.sessions WHERE program_id = $1 AND status IN ('PROPOSED', 'SCHEDULED')`,
      [programId],
    );
    return row.n;
  }

  private async writeCompetencies(program: TrainingProgram): Promise<void> {
    const s = program.state;
    await this.uow.query(
      `INSERT INTO development.program_competencies (program_id, competency_code, target_level, ordinal)
       SELECT $1, c.code, c.level, c.ordinal FROM unnest($2::text[], $3::smallint[]) WITH ORDINALITY AS c(code, level, ordinal)`,
      [s.id, s.competencies.map((c) => c.competencyCode), s.competencies.map((c) => c.targetLevel)],
    );
  }
}
