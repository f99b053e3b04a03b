import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { Enrolment, EnrolmentState } from '../domain/enrolment';
import { gapSize, WaitlistCandidate } from '../domain/waiting-list';

interface EnrolmentRow {
  id: string;
  session_id: string;
  program_id: string;
  employee_id: string;
  agency_id: string;
  status: EnrolmentState['status'];
  enrolled_by: EnrolmentState['enrolledBy'];
  enrolled_at: Date | null;
  waitlisted_at: Date | null;
  cancelled_at: Date | null;
  completed_at: Date | null;
  credited_jp: number | null;
  jp_year: number | null;
  version: number;
}

const date = (d: Date | null) => (d ? new Date(d) : null);

function toState(row: EnrolmentRow): EnrolmentState {
  return {
    id: row.id,
    sessionId: row.session_id,
    programId: row.program_id,
    employeeId: row.employee_id,
    agencyId: row.agency_id,
    status: row.status,
    enrolledBy: row.enrolled_by,
    enrolledAt: date(row.enrolled_at),
    waitlistedAt: date(row.waitlisted_at),
    cancelledAt: date(row.cancelled_at),
    completedAt: date(row.completed_at),
    creditedJp: row.credited_jp === null ? null : Number(row.credited_jp),
    jpYear: row.jp_year,
    version: row.version,
  };
}

export interface RankedCandidate extends WaitlistCandidate {
  sessionId: string;
}

/** Loads and saves enrolments; completion events go to the outbox in the same transaction. */
@Injectable()
export class EnrolmentRepository {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  async get(id: string, lock = false): Promise<Enrolment> {
    const [row] = await this.uow.query<EnrolmentRow>(
      `SELECT * FROM development.enrolments WHERE id = $1 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError('Enrolment', id);
    return Enrolment.restore(toState(row));
  }

  async getMany(ids: string[], lock = false): Promise<Enrolment[]> {
    if (ids.length === 0) return [];
    const rows = await this.uow.query<EnrolmentRow>(
      `SELECT * FROM development.enrolments WHERE id = ANY($1::uuid[]) ORDER BY id ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [ids],
    );
    return rows.map((r) => Enrolment.restore(toState(r)));
  }

  /** 409 when the employee already holds a live enrolment in the session. */
  async insert(enrolment: Enrolment): Promise<void> {
    const s = enrolment.state;
    const rows = await this.uow.query(
      `INSERT INTO development.enrolments (id, session_id, program_id, employee_id, agency_id, status, enrolled_by, enrolled_at, waitlisted_at, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       ON CONFLICT (session_id, employee_id) WHERE status <> 'CANCELLED' DO NOTHING RETURNING id`,
      [s.id, s.sessionId, s.programId, s.employeeId, s.agencyId, s.status, s.enrolledBy, s.enrolledAt, s.waitlistedAt, s.version],
    );
    if (rows.length === 0)
      throw new ConflictError(`Employee ${s.employeeId} is already enrolled in (or waiting for) session ${s.sessionId}`);
  }

  /** Saves a transition made from `expectedVersion`; the aggregate's events go to the outbox. */
  async save(enrolment: Enrolment, expectedVersion: number): Promise<void> {
    const s = enrolment.state;
    const rows = await this.uow.query(
      `UPDATE development.enrolments SET status = $3, enrolled_at = $4, cancelled_at = $5, completed_at = $6, credited_jp = $7, jp_year = $8,
              version = $9, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [s.id, expectedVersion, s.status, s.enrolledAt, s.cancelledAt, s.completedAt, s.creditedJp, s.jpYear, s.version],
    );
    if (rows.length === 0) throw new ConflictError('The enrolment has changed since you read it; reload it and retry');
    await this.outbox.publish(...enrolment.pullEvents());
  }

  /** Cancels every live enrolment of a cancelled session (set-based); answers the ids cancelled. */
  async cancelAllOf(sessionId: string): Promise<{ id: string; agency_id: string; status: string }[]> {
    return this.uow.query(
      `WITH gone AS (
         SELECT id, status FROM development.enrolments WHERE session_id = $1 AND status IN ('ENROLLED', 'WAITLISTED') FOR NO KEY UPDATE
       )
       UPDATE development.enrolments e SET status = 'CANCELLED', cancelled_at = now(), version = e.version + 1, updated_at = now()
         FROM gone WHERE e.id = gone.id RETURNING e.id, e.agency_id, gone.status`,
      [sessionId],
    );
  }

  /**
   * The waiting lists of some sessions, each candidate with what ranks them:
   * their gap in the program's competencies (from the profiles Development
   * keeps) and their JP shortfall in `year`.
   */
  async waitlisted(sessionIds: string[], year: number, requiredJp: number): Promise<RankedCandidate[]> {
    if (sessionIds.length === 0) return [];
    const rows = await this.uow.query<{
      id: string;
      session_id: string;
      program_id: string;
      employee_id: string;
      waitlisted_at: Date;
      jp: number;
    }>(
      `SELECT e.id, e.session_id, e.program_id, e.employee_id, e.waitlisted_at,
              COALESCE((SELECT sum(l.jp) FROM development.jp_ledger l WHERE l.employee_id = e.employee_id AND l.year = $2), 0)::float8 AS jp
         FROM development.enrolments e
        WHERE e.session_id = ANY($1::uuid[]) AND e.status = 'WAITLISTED'`,
      [sessionIds, year],
    );
    if (rows.length === 0) return [];
    const programIds = [...new Set(rows.map((r) => r.program_id))];
    const targeted = await this.uow.query<{ program_id: string; codes: string[] }>(
      `SELECT program_id, array_agg(competency_code) AS codes FROM development.program_competencies WHERE program_id = ANY($1::uuid[]) GROUP BY program_id`,
      [programIds],
    );
    const codesOf = new Map(targeted.map((t) => [t.program_id, t.codes]));
    const gaps = await this.uow.query<{ employee_id: string; competency_code: string; gap: number }>(
      `SELECT employee_id, competency_code, gap FROM development.employee_gaps WHERE employee_id = ANY($1::uuid[]) AND gap < 0`,
      [[...new Set(rows.map((r) => r.employee_id))]],
    );
    const gapsOf = new Map<string, { competencyCode: string; gap: number }[]>();
    for (const g of gaps)
      gapsOf.set(g.employee_id, [...(gapsOf.get(g.employee_id) ?? []), { competencyCode: g.competency_code, gap: g.gap }]);
    return rows.map((r) => ({
      enrolmentId: r.id,
      employeeId: r.employee_id,
      sessionId: r.session_id,
      gap: gapSize(gapsOf.get(r.employee_id) ?? [], codesOf.get(r.program_id) ?? []),
      jpShortfall: Math.max(0, requiredJp - Number(r.jp)),
      waitlistedAt: new Date(r.waitlisted_at),
    }));
  }
}
