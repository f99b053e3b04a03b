import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DevelopmentRecord, RecordState } from '../domain/development-record';

interface RecordRow {
  id: string;
  employee_id: string;
  agency_id: string;
  kind: RecordState['kind'];
  name: string;
  provider: string;
  certificate_number: string | null;
  international: boolean;
  jp: number | null;
  days: number | null;
  credited_jp: number;
  start_date: string;
  end_date: string;
  year: number;
  status: RecordState['status'];
  submitted_by: RecordState['submittedBy'];
  verified_at: Date | null;
  verified_by: string | null;
  version: number;
}

/** Loads and saves development records; their events go to the outbox in the same transaction. */
@Injectable()
export class RecordRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async get(id: string, lock = false): Promise<DevelopmentRecord> {
    const [row] = await this.uow.query<RecordRow>(
      `SELECT id, employee_id, agency_id, kind, name, provider, certificate_number, international, jp::float8 AS jp, days::float8 AS days,
              credited_jp::float8 AS credited_jp, to_char(start_date, 'YYYY-MM-DD') AS start_date, to_char(end_date, 'YYYY-MM-DD') AS end_date,
              year, status, submitted_by, verified_at, verified_by, version
         FROM development.records WHERE id = $1 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError('Development record', id);
    return DevelopmentRecord.restore({
      id: row.id,
      employeeId: row.employee_id,
      agencyId: row.agency_id,
      kind: row.kind,
      name: row.name,
      provider: row.provider,
      certificateNumber: row.certificate_number,
      international: row.international,
      jp: row.jp,
      days: row.days,
      creditedJp: row.credited_jp,
      startDate: row.start_date,
      endDate: row.end_date,
      year: row.year,
      status: row.status,
      submittedBy: row.submitted_by,
      verifiedAt: row.verified_at ? new Date(row.verified_at) : null,
      verifiedBy: row.verified_by,
      version: row.version,
    });
  }

  async insert(record: DevelopmentRecord): Promise<void> {
    const s = record.state;
    await this.uow.query(
      `INSERT INTO development.records (id, employee_id, agency_id, kind, name, provider, certificate_number, international, jp, days, credited_jp,
         start_date, end_date, year, status, submitted_by, verified_at, verified_by, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)`,
      [
        s.id,
        s.employeeId,
        s.agencyId,
        s.kind,
        s.name,
        s.provider,
        s.certificateNumber,
        s.international,
        s.jp,
        s.days,
        s.creditedJp,
        s.startDate,
        s.endDate,
        s.year,
        s.status,
        s.submittedBy,
        s.verifiedAt,
        s.verifiedBy,
        s.version,
      ],
    );
    await this.outbox.publish(...record.pullEvents());
  }

  async saveVerification(record: DevelopmentRecord, expectedVersion: number): Promise<void> {
    const s = record.state;
    const rows = await this.uow.query(
      `UPDATE development.records SET status = $3, verified_at = $4, verified_by = $5, version = $6, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [s.id, expectedVersion, s.status, s.verifiedAt, s.verifiedBy, s.version],
    );
    if (rows.length === 0) throw new ConflictError('The record has changed since you read it; reload it and retry');
    await this.outbox.publish(...record.pullEvents());
  }
}
