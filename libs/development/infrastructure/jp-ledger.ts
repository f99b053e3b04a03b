import { Injectable } from '@nestjs/common';
import { ConflictError, newId } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

export interface JpCredit {
  employeeId: string;
  agencyId: string;
  year: number;
  jp: number;
  source: 'TRAINING' | 'RECORD';
  sourceId: string;
}

/**
 * JP per employee per year. Each completion and each verified record is
 * credited once: (source, source id) is unique, so a second credit of the same
 * thing is refused by the database whatever races above it.
 */
@Injectable()
export class JpLedger {
  constructor(private readonly uow: UnitOfWork) {}

  async credit(entry: JpCredit): Promise<void> {
    const rows = await this.uow.query(
      `INSERT INTO development.jp_ledger (id, employee_id, agency_id, year, jp, source, source_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (source, source_id) DO NOTHING RETURNING id`,
      [newId(), entry.employeeId, entry.agencyId, entry.year, entry.jp, entry.source, entry.sourceId],
    );
    if (rows.length === 0) throw new ConflictError(`The JP of ${entry.source.toLowerCase()} ${entry.sourceId} were already credited`);
  }

  /** The JP credited to an employee in a year, by source. */
  async totals(employeeId: string, year: number): Promise<{ training: number; record: number }> {
    const [row] = await this.uow.query<{ training: number; record: number }>(
      `SELECT COALESCE(sum(jp) FILTER (WHERE source = 'TRAINING'), 0)::float8 AS training,
              COALESCE(sum(jp) FILTER (WHERE source = 'RECORD'), 0)::float8 AS record
         FROM development.jp_ledger WHERE employee_id = $1 AND year = $2`,
      [employeeId, year],
    );
    return { training: Number(row.training), record: Number(row.record) };
  }
}
