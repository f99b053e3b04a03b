import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { SessionState, TrainingSession } from '../domain/training-session';

interface SessionRow {
  id: string;
  program_id: string;
  host_agency_id: string | null;
  starts_at: Date;
  ends_at: Date;
  capacity: number;
  location: string | null;
  online_url: string | null;
  enrolment_deadline: Date;
  status: SessionState['status'];
  seats_taken: number;
  version: number;
}

function toState(row: SessionRow): SessionState {
  return {
    id: row.id,
    programId: row.program_id,
    hostAgencyId: row.host_agency_id,
    startsAt: new Date(row.starts_at),
    endsAt: new Date(row.ends_at),
    capacity: row.capacity,
    location: row.location,
    onlineUrl: row.online_url,
    enrolmentDeadline: new Date(row.enrolment_deadline),
    status: row.status,
    seatsTaken: row.seats_taken,
    version: row.version,
  };
}

/**
 * Loads and saves sessions. Every change to a session's seats happens while
 * its row is locked (`get(id, true)`), so enrolments into one session queue up
 * and the seat counter (CHECK seats_taken <= capacity) is never overrun.
 */
@Injectable()
export class SessionRepository {
  constructor(private readonly uow: UnitOfWork) {}

  async get(id: string, lock = false): Promise<TrainingSession> {
    const [row] = await this.uow.query<SessionRow>(`SELECT * FROM development.sessions WHERE id = $1 ${lock ? 'FOR NO KEY UPDATE' : ''}`, [
      id,
    ]);
    if (!row) throw new NotFoundError('Training session', id);
    return TrainingSession.restore(toState(row));
  }

  async insert(session: TrainingSession): Promise<void> {
    const s = session.state;
    await this.uow.query(
      `INSERT INTO development.sessions (id, program_id, host_agency_id, starts_at, ends_at, capacity, location, online_url, enrolment_deadline, status, seats_taken, version)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)`,
      [
        s.id,
        s.programId,
        s.hostAgencyId,
        s.startsAt,
        s.endsAt,
        s.capacity,
        s.location,
        s.onlineUrl,
        s.enrolmentDeadline,
        s.status,
        s.seatsTaken,
        s.version,
      ],
    );
  }

  /** Saves an edit made with `expectedVersion` (409 when someone else changed the session first). */
  async save(session: TrainingSession, expectedVersion: number): Promise<void> {
    const s = session.state;
    const rows = await this.uow.query(
      `UPDATE development.sessions SET starts_at = $3, ends_at = $4, capacity = $5, location = $6, online_url = $7, enrolment_deadline = $8,
              status = $9, seats_taken = $10, version = $11, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [
        s.id,
        expectedVersion,
        s.startsAt,
        s.endsAt,
        s.capacity,
        s.location,
        s.onlineUrl,
        s.enrolmentDeadline,
        s.status,
        s.seatsTaken,
        s.version,
      ],
    );
    if (rows.length === 0) throw new ConflictError('The session has changed since you read it; reload it and retry');
  }

  /** Seats are not an edit of the session: its version stays, so an admin's pending edit is not made stale by enrolments. */
  async saveSeats(session: TrainingSession): Promise<void> {
    await this.uow.query(`UPDATE development.sessions SET seats_taken = $2 WHERE id = $1`, [session.id, session.state.seatsTaken]);
  }
}
