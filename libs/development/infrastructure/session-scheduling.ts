import { Injectable } from '@nestjs/common';
import { AuditLog, Outbox, outboxInsertSql, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS } from '../contracts/events';
import { DevelopmentPolicy } from './development-policy.provider';

/** Days ahead of which nobody holding a seat counts as unmet demand. */
export const DEMAND_WINDOW_DAYS = 90;
/** A proposed session starts at least this many days ahead (time to confirm, announce and enrol). */
export const PROPOSAL_LEAD_DAYS = 30;
/** Reminders go this many days before a session starts. */
export const REMINDER_DAYS = 7;
/** Recommendations counted as demand: the top 3 of each employee's current set. */
export const DEMAND_TOP_RANKS = 3;

/**
 * One proposal per (agency, program) with unmet demand, in one statement: the
 * employees of the agency whose top-3 recommendations include the program and
 * who hold no seat in a session of it starting within 90 days (nor a place on
 * its waiting list: those a confirmed proposal invited are not asked for twice); at or above
 * PROPOSAL_MIN_DEMAND, a PROPOSED session hosted by the agency, sized to the
 * demand (capped by the class size), starting 30 days ahead at 09:00 WIB, with
 * its demand stored. None while an earlier proposal of the same agency and
 * program is still PROPOSED. $1 now, $2 threshold, $3 window days, $4 lead days, $5 top ranks.
 */
export const PROPOSE_SESSIONS_SQL = `
  WITH wanted AS (
    SELECT DISTINCT r.agency_id, (i->>'programId')::uuid AS program_id, r.employee_id
      FROM development.recommendations r
      CROSS JOIN LATERAL jsonb_array_elements(r.items) i
     WHERE (i->>'rank')::int <= $5
  ), unmet AS (
    SELECT w.* FROM wanted w
     WHERE NOT EXISTS (
       SELECT 1 FROM development.enrolments e JOIN development.sessions s ON s.id = e.session_id
        WHERE e.employee_id = w.employee_id AND e.program_id = w.program_id AND e.status IN ('ENROLLED', 'WAITLISTED')
          AND s.status IN ('PROPOSED', 'SCHEDULED') AND s.starts_at > $1::timestamptz AND s.starts_at <= $1::timestamptz + make_interval(days => $3::int))
  ), demand AS (
    SELECT u.agency_id, u.program_id, count(*)::int AS demand, array_agg(u.employee_id ORDER BY u.employee_id) AS employee_ids
      FROM unmet u GROUP BY u.agency_id, u.program_id HAVING count(*) >= $2
  ), fresh AS MATERIALIZED (
    SELECT d.*, uuid_v7() AS session_id, p.max_class_size,
           (date_trunc('day', $1::timestamptz AT TIME ZONE 'Asia/Jakarta') + make_interval(days => $4::int + 1, hours => 9)) AT TIME ZONE 'Asia/Jakarta' AS starts_at
      FROM demand d JOIN development.programs p ON p.id = d.program_id AND p.active
     WHERE NOT EXISTS (
       SELECT 1 FROM development.session_proposals sp JOIN development.sessions s ON s.id = sp.session_id
        WHERE sp.agency_id = d.agency_id AND sp.program_id = d.program_id AND s.status = 'PROPOSED')
  ), created AS (
    INSERT INTO development.sessions (id, program_id, host_agency_id, starts_at, ends_at, capacity, location, enrolment_deadline, status)
    SELECT f.session_id, f.program_id, f.agency_id, f.starts_at, f.starts_at + interval '8 hours', least(f.demand, f.max_class_size),
           'To be confirmed', f.starts_at, 'PROPOSED'
      FROM fresh f
    RETURNING id
  ), proposed AS (
    INSERT INTO development.session_proposals (session_id, program_id, agency_id, demand, employee_ids, proposed_at)
    SELECT f.session_id, f.program_id, f.agency_id, f.demand, f.employee_ids, $1 FROM fresh f JOIN created c ON c.id = f.session_id
    RETURNING session_id, program_id, agency_id, demand
  )
  SELECT (SELECT count(*) FROM demand)::int AS demanded,
         COALESCE((SELECT array_agg(session_id) FROM proposed), '{}') AS proposed`;

/**
 * TrainingSessionStartingSoon for every seat (ENROLLED) in a SCHEDULED session
 * starting within 7 days, once per enrolment (development.session_reminders),
 * in one statement that writes the outbox rows. $1 now, $2 days.
 */
export const REMIND_SQL = `
  WITH due AS (
    SELECT e.id AS enrolment_id, e.employee_id, e.agency_id, s.id AS session_id, s.starts_at, s.ends_at, s.location, s.online_url,
           p.id AS program_id, p.code AS program_code, p.title AS program_title
      FROM development.sessions s
      JOIN development.programs p ON p.id = s.program_id
      JOIN development.enrolments e ON e.session_id = s.id AND e.status = 'ENROLLED'
     WHERE s.status = 'SCHEDULED' AND s.starts_at > $1 AND s.starts_at <= $1 + make_interval(days => $2)
  ), sent AS (
    INSERT INTO development.session_reminders (enrolment_id, session_id, sent_at)
    SELECT enrolment_id, session_id, $1 FROM due
    ON CONFLICT (enrolment_id) DO NOTHING
    RETURNING enrolment_id
  ), published AS (
    ${outboxInsertSql(`
      SELECT '${DEVELOPMENT_EVENTS.TrainingSessionStartingSoon}'::text AS event_name, d.enrolment_id::text AS aggregate_id,
             json_build_object('enrolmentId', d.enrolment_id, 'sessionId', d.session_id, 'employeeId', d.employee_id, 'agencyId', d.agency_id,
               'programId', d.program_id, 'programCode', d.program_code, 'programTitle', d.program_title,
               'startsAt', d.starts_at, 'endsAt', d.ends_at, 'location', d.location, 'onlineUrl', d.online_url) AS payload
        FROM sent x JOIN due d ON d.enrolment_id = x.enrolment_id`)}
    RETURNING 1
  )
  SELECT (SELECT count(*) FROM published)::int AS sent`;

/** The set-based SQL of the nightly proposals, confirmation's invitations and the reminders. */
@Injectable()
export class SessionScheduling {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  /** Creates the proposals due (one transaction; two workers running it at once wait for each other). */
  async propose(now: Date = new Date()): Promise<{ demanded: number; proposed: string[] }> {
    return this.uow.transaction(async () => {
      await this.uow.query(`SELECT pg_advisory_xact_lock(hashtext('development.session-proposals'))`);
      const [row] = await this.uow.query<{ demanded: number; proposed: string[] }>(PROPOSE_SESSIONS_SQL, [
        now,
        this.policy.proposalMinDemand,
        DEMAND_WINDOW_DAYS,
        PROPOSAL_LEAD_DAYS,
        DEMAND_TOP_RANKS,
      ]);
      if (row.proposed.length) {
        await this.audit.recordSelected(
          'training-session.propose',
          'TrainingSession',
          `SELECT sp.session_id AS entity_id, sp.agency_id, NULL::jsonb AS before,
                  jsonb_build_object('programId', sp.program_id, 'status', 'PROPOSED', 'capacity', s.capacity, 'startsAt', s.starts_at,
                                     'demand', sp.demand, 'employeeIds', to_jsonb(sp.employee_ids)) AS after
             FROM development.session_proposals sp JOIN development.sessions s ON s.id = sp.session_id
            WHERE sp.session_id = ANY($1::uuid[])`,
          [row.proposed],
        );
      }
      return { demanded: row.demanded, proposed: row.proposed };
    });
  }

  /** The proposal behind a session, if the nightly job made it (caller's transaction). */
  async proposal(sessionId: string, lock = false): Promise<{ agencyId: string; employeeIds: string[]; demand: number } | undefined> {
    const [row] = await this.uow.query<{ agency_id: string; employee_ids: string[]; demand: number }>(
      `SELECT agency_id, employee_ids, demand FROM development.session_proposals WHERE session_id = $1 ${lock ? 'FOR UPDATE' : ''}`,
      [sessionId],
    );
    return row && { agencyId: row.agency_id, employeeIds: row.employee_ids, demand: row.demand };
  }

  /**
   * Puts the employees behind a proposal on the session's waiting list (those
   * without a live enrolment in it), set-based, and records the decision.
   * Answers the enrolments created (id, employee).
   */
  async invite(sessionId: string, now: Date): Promise<{ id: string; employee_id: string; agency_id: string }[]> {
    const rows = await this.uow.query<{ id: string; employee_id: string; agency_id: string }>(
      `INSERT INTO development.enrolments (id, session_id, program_id, employee_id, agency_id, status, enrolled_by, waitlisted_at)
       SELECT uuid_v7(), s.id, s.program_id, x.employee_id, sp.agency_id, 'WAITLISTED', 'ADMIN', $2
         FROM development.session_proposals sp
         JOIN development.sessions s ON s.id = sp.session_id
         CROSS JOIN LATERAL unnest(sp.employee_ids) AS x(employee_id)
        WHERE sp.session_id = $1
       ON CONFLICT (session_id, employee_id) WHERE status <> 'CANCELLED' DO NOTHING
       RETURNING id, employee_id, agency_id`,
      [sessionId, now],
    );
    await this.uow.query(`UPDATE development.session_proposals SET decided_at = $2, invited = $3 WHERE session_id = $1`, [
      sessionId,
      now,
      rows.length,
    ]);
    return rows;
  }

  async closeProposal(sessionId: string, now: Date): Promise<void> {
    await this.uow.query(`UPDATE development.session_proposals SET decided_at = $2 WHERE session_id = $1`, [sessionId, now]);
  }

  /** Sends the reminders due (one transaction). */
  async remind(now: Date = new Date()): Promise<{ sent: number }> {
    return this.uow.transaction(async () => {
      const [row] = await this.uow.query<{ sent: number }>(REMIND_SQL, [now, REMINDER_DAYS]);
      if (row.sent > 0) await this.outbox.wakeRelay();
      return { sent: row.sent };
    });
  }
}
