import { IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { Actor, assertCanReadEmployee, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';
import { decodeCursor, Page, pageOf, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeePlacementsQuery } from '@kompeten/workforce/contracts';
import type { DeliveryMode } from '../../contracts/events';
import { JP_TIME_ZONE } from '../../domain/calendar';
import { assertAgencyExists, findEmployee } from '../lookups';

/** One course of the national personnel record's course history (RULES.md, Development). */
export interface CourseHistoryEntry {
  /** What it came from: a completed enrolment, a learning platform's completion, or a record that counts. */
  source: 'ENROLMENT' | 'PLATFORM' | 'RECORD';
  id: string;
  employeeId: string;
  provider: string;
  kind: DeliveryMode;
  name: string;
  certificateNumber: string | null;
  jp: number;
  year: number;
  startDate: string;
  endDate: string;
}

export interface AgencyCourseHistoryEntry extends CourseHistoryEntry {
  nip: string | null;
  agencyId: string;
}

export const COURSE_HISTORY_CSV_HEADER = [
  'nip',
  'employeeId',
  'source',
  'provider',
  'kind',
  'name',
  'certificateNumber',
  'jp',
  'year',
  'startDate',
  'endDate',
] as const;

/**
 * Every course that counted, from Development's own data: completed enrolments
 * (the session's dates), platform completions still credited (the completion
 * date), and records that count (verified). Dates are calendar dates in WIB.
 */
const HISTORY_SQL = `
  SELECT 'ENROLMENT' AS source, e.id, e.employee_id AS "employeeId", e.agency_id AS "agencyId", p.provider, p.delivery_mode AS kind,
         p.title AS name, NULL::text AS "certificateNumber", e.credited_jp::float8 AS jp, e.jp_year::int AS year,
         to_char(s.starts_at AT TIME ZONE '${JP_TIME_ZONE}', 'YYYY-MM-DD') AS "startDate",
         to_char(s.ends_at AT TIME ZONE '${JP_TIME_ZONE}', 'YYYY-MM-DD') AS "endDate"
    FROM development.enrolments e
    JOIN development.sessions s ON s.id = e.session_id
    JOIN development.programs p ON p.id = e.program_id
   WHERE e.status = 'COMPLETED'
  UNION ALL
  SELECT 'PLATFORM', c.id, c.employee_id, c.agency_id, p.provider, p.delivery_mode, p.title, NULL, c.credited_jp::float8, c.year::int,
         to_char(c.completed_at AT TIME ZONE '${JP_TIME_ZONE}', 'YYYY-MM-DD'),
         to_char(c.completed_at AT TIME ZONE '${JP_TIME_ZONE}', 'YYYY-MM-DD')
    FROM development.platform_completions c
    JOIN development.programs p ON p.id = c.program_id
   WHERE c.status = 'CREDITED'
  UNION ALL
  SELECT 'RECORD', r.id, r.employee_id, r.agency_id, r.provider, r.kind, r.name, r.certificate_number, r.credited_jp::float8, r.year::int,
         to_char(r.start_date, 'YYYY-MM-DD'), to_char(r.end_date, 'YYYY-MM-DD')
    FROM development.records r
   WHERE r.status = 'VERIFIED'`;

export class EmployeeCourseHistoryQuery extends Query<{ employeeId: string; nip: string; items: CourseHistoryEntry[] }> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly year?: number,
  ) {
    super();
  }
}

/** One employee's course history, oldest first: ministry admins, the admins of the employee's agency, the employee. */
@QueryHandler(EmployeeCourseHistoryQuery)
export class EmployeeCourseHistoryHandler implements IQueryHandler<EmployeeCourseHistoryQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  async execute({ actor, employeeId, year }: EmployeeCourseHistoryQuery) {
    const employee = await findEmployee(this.queries, employeeId);
    assertCanReadEmployee(actor, employee);
    const rows = await this.uow.query<CourseHistoryEntry & { agencyId?: string }>(
      `SELECT * FROM (${HISTORY_SQL}) h WHERE h."employeeId" = $1 AND ($2::int IS NULL OR h.year = $2) ORDER BY h."startDate", h.id`,
      [employeeId, year ?? null],
    );
    return { employeeId, nip: employee.nip, items: rows.map(({ agencyId: _a, ...entry }) => entry) };
  }
}

export class AgencyCourseHistoryQuery extends Query<Page<AgencyCourseHistoryEntry>> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string,
    readonly request: { year?: number; limit?: number; cursor?: string; all?: boolean },
  ) {
    super();
  }
}

/**
 * An agency's course history (by the agency the employee belonged to when the
 * course counted), optionally of one year, keyset-paged by entry id; `all`
 * answers every entry at once (the CSV export). NIPs come from Workforce for
 * the page's employees in one query.
 */
@QueryHandler(AgencyCourseHistoryQuery)
export class AgencyCourseHistoryHandler implements IQueryHandler<AgencyCourseHistoryQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  async execute({ actor, agencyId, request }: AgencyCourseHistoryQuery): Promise<Page<AgencyCourseHistoryEntry>> {
    const readable = readableAgencyIds(actor);
    if (actor.role === 'EMPLOYEE' || actor.role === 'ASSESSOR' || (readable !== null && !readable.includes(agencyId))) {
      throw new NotFoundError('Agency', agencyId);
    }
    await assertAgencyExists(this.queries, agencyId);
    const limit = request.all ? null : Math.min(request.limit ?? 50, 500);
    const after = request.all ? null : decodeCursor(request.cursor);
    const rows = await this.uow.query<Omit<AgencyCourseHistoryEntry, 'nip'>>(
      `SELECT * FROM (${HISTORY_SQL}) h
        WHERE h."agencyId" = $1 AND ($2::int IS NULL OR h.year = $2) AND ($3::uuid IS NULL OR h.id > $3)
        ORDER BY h.id ${limit === null ? '' : `LIMIT ${limit + 1}`}`,
      [agencyId, request.year ?? null, after],
    );
    const page = limit === null ? { items: rows, nextCursor: null } : pageOf(rows, limit);
    const ids = [...new Set(page.items.map((r) => r.employeeId))];
    const nips = new Map((await this.queries.execute(new EmployeePlacementsQuery({ ids }))).map((e) => [e.id, e.nip]));
    return { items: page.items.map((r) => ({ ...r, nip: nips.get(r.employeeId) ?? null })), nextCursor: page.nextCursor };
  }
}

export const COURSE_HISTORY_QUERY_HANDLERS = [EmployeeCourseHistoryHandler, AgencyCourseHistoryHandler];
