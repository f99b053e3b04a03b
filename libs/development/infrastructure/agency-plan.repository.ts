import { Injectable } from '@nestjs/common';
import { ConflictError, NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { AgencyDevelopmentPlan, AgencyPlanItem, AgencyPlanState } from '../domain/agency-development-plan';
import { TrainingSession } from '../domain/training-session';

interface PlanRow {
  id: string;
  agency_id: string;
  year: number;
  status: AgencyPlanState['status'];
  version: number;
  revision: number;
  notes: string | null;
  submitted_at: Date | null;
  approved_at: Date | null;
  approved_by: string | null;
}

/** The item columns, in the camelCase of AgencyPlanItem. */
const ITEM_COLUMNS = `i.id, i.competency_code AS "competencyCode", i.competency_name AS "competencyName", i.competency_type AS "competencyType",
  i.title, i.delivery_mode AS "deliveryMode", i.program_id AS "programId", i.provider, i.target_count AS "targetCount",
  i.target_employee_ids::text[] AS "targetEmployeeIds", i.target_unit_id AS "targetUnitId", i.target_group AS "targetGroup",
  to_char(i.planned_start, 'YYYY-MM-DD') AS "plannedStart", to_char(i.planned_end, 'YYYY-MM-DD') AS "plannedEnd",
  i.session_count AS "sessionCount", i.location, i.online_url AS "onlineUrl", i.budget::float8 AS budget, i.origin, i.note`;

/** The items as a set, for one INSERT … SELECT (no statement per item). */
const ITEM_RECORD = `id uuid, ordinal int, "competencyCode" text, "competencyName" text, "competencyType" text, title text, "deliveryMode" text,
  "programId" uuid, provider text, "targetCount" int, "targetEmployeeIds" uuid[], "targetUnitId" uuid, "targetGroup" text,
  "plannedStart" date, "plannedEnd" date, "sessionCount" int, location text, "onlineUrl" text, budget bigint, origin text, note text`;

/**
 * Loads and saves agency development plans: the plan row (its version guards
 * every change: a stale one is 409) and its items, rewritten as one set.
 * Approved versions are kept as documents that triggers keep immutable.
 */
@Injectable()
export class AgencyPlanRepository {
  constructor(private readonly uow: UnitOfWork) {}

  /** The plan, locked for the change to come when `lock`. */
  async get(id: string, lock = false): Promise<AgencyDevelopmentPlan> {
    const [row] = await this.uow.query<PlanRow>(
      `SELECT id, agency_id, year, status, version, revision, notes, submitted_at, approved_at, approved_by
         FROM development.agency_plans WHERE id = $1 ${lock ? 'FOR NO KEY UPDATE' : ''}`,
      [id],
    );
    if (!row) throw new NotFoundError('Development plan', id);
    const items = await this.uow.query<AgencyPlanItem>(
      `SELECT ${ITEM_COLUMNS} FROM development.agency_plan_items i WHERE i.plan_id = $1 ORDER BY i.ordinal`,
      [id],
    );
    return AgencyDevelopmentPlan.restore({
      id: row.id,
      agencyId: row.agency_id,
      year: row.year,
      status: row.status,
      version: row.version,
      revision: row.revision,
      notes: row.notes,
      items: items.map((i) => ({ ...i, targetEmployeeIds: i.targetEmployeeIds ?? [] })),
      submittedAt: row.submitted_at,
      approvedAt: row.approved_at,
      approvedBy: row.approved_by,
    });
  }

  /** A new plan; a second one for the same agency and year is refused by the key (409). */
  async insert(plan: AgencyDevelopmentPlan): Promise<void> {
    const s = plan.state;
    const [existing] = await this.uow.query<{ id: string }>(`SELECT id FROM development.agency_plans WHERE agency_id = $1 AND year = $2`, [
      s.agencyId,
      s.year,
    ]);
    if (existing)
      throw new ConflictError(`The agency already has a development plan for ${s.year} (${existing.id}); edit or revise that one`);
    await this.uow.query(
      `INSERT INTO development.agency_plans (id, agency_id, year, status, version, revision, notes) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [s.id, s.agencyId, s.year, s.status, s.version, s.revision, s.notes],
    );
    await this.writeItems(plan);
  }

  /** Saves a change made at `expectedVersion`. */
  async save(plan: AgencyDevelopmentPlan, expectedVersion: number, itemsChanged: boolean): Promise<void> {
    const s = plan.state;
    const rows = await this.uow.query(
      `UPDATE development.agency_plans
          SET status = $3, version = $4, revision = $5, notes = $6, submitted_at = $7, approved_at = $8, approved_by = $9, updated_at = now()
        WHERE id = $1 AND version = $2 RETURNING id`,
      [s.id, expectedVersion, s.status, s.version, s.revision, s.notes, s.submittedAt, s.approvedAt, s.approvedBy],
    );
    if (rows.length === 0) throw new ConflictError('The development plan has changed since you read it; reload it and retry');
    if (itemsChanged) {
      await this.uow.query(`DELETE FROM development.agency_plan_items WHERE plan_id = $1`, [s.id]);
      await this.writeItems(plan);
    }
  }

  private async writeItems(plan: AgencyDevelopmentPlan): Promise<void> {
    const items = plan.state.items.map((item, ordinal) => ({ ...item, ordinal }));
    if (items.length === 0) return;
    await this.uow.query(
      `INSERT INTO development.agency_plan_items (id, plan_id, ordinal, competency_code, competency_name, competency_type, title, delivery_mode,
              program_id, provider, target_count, target_employee_ids, target_unit_id, target_group, planned_start, planned_end, session_count,
              location, online_url, budget, origin, note)
       SELECT r.id, $1, r.ordinal, r."competencyCode", r."competencyName", r."competencyType", r.title, r."deliveryMode", r."programId",
              r.provider, r."targetCount", r."targetEmployeeIds", r."targetUnitId", r."targetGroup", r."plannedStart", r."plannedEnd",
              r."sessionCount", r.location, r."onlineUrl", r.budget, r.origin, r.note
         FROM jsonb_to_recordset($2::jsonb) AS r(${ITEM_RECORD})`,
      [plan.id, JSON.stringify(items)],
    );
  }

  /** Keeps the approved version as it was approved (the document clients read with ?version=). */
  async keepApprovedVersion(plan: AgencyDevelopmentPlan, document: unknown): Promise<void> {
    const s = plan.state;
    await this.uow.query(
      `INSERT INTO development.agency_plan_versions (plan_id, version, revision, document, approved_at, approved_by) VALUES ($1, $2, $3, $4, $5, $6)`,
      [s.id, s.version, s.revision, JSON.stringify(document), s.approvedAt, s.approvedBy],
    );
  }

  /** Sessions earlier approvals created, per item. */
  async sessionsCreated(planId: string): Promise<Map<string, number>> {
    const rows = await this.uow.query<{ item_id: string; n: number }>(
      `SELECT item_id, count(*)::int AS n FROM development.agency_plan_sessions WHERE plan_id = $1 GROUP BY item_id`,
      [planId],
    );
    return new Map(rows.map((r) => [r.item_id, r.n]));
  }

  /**
   * The sessions of an approval, in one statement: each was built (and
   * checked) by TrainingSession.create, as any session is; the link to its
   * plan item is kept beside it.
   */
  async insertSessions(planId: string, planVersion: number, sessions: { itemId: string; session: TrainingSession }[]): Promise<void> {
    if (sessions.length === 0) return;
    const rows = sessions.map(({ itemId, session }) => {
      const s = session.state;
      return {
        id: s.id,
        itemId,
        programId: s.programId,
        hostAgencyId: s.hostAgencyId,
        startsAt: s.startsAt.toISOString(),
        endsAt: s.endsAt.toISOString(),
        capacity: s.capacity,
        location: s.location,
        onlineUrl: s.onlineUrl,
        enrolmentDeadline: s.enrolmentDeadline.toISOString(),
        status: s.status,
        seatsTaken: s.seatsTaken,
        version: s.version,
      };
    });
    await this.uow.query(
      `WITH r AS (
         SELECT * FROM jsonb_to_recordset($1::jsonb) AS r(id uuid, "itemId" uuid, "programId" uuid, "hostAgencyId" uuid, "startsAt" timestamptz,
                "endsAt" timestamptz, capacity int, location text, "onlineUrl" text, "enrolmentDeadline" timestamptz, status text,
                "seatsTaken" int, version int)
       ), created AS (
         INSERT INTO development.sessions (id, program_id, host_agency_id, starts_at, ends_at, capacity, location, online_url, enrolment_deadline, status, seats_taken, version)
         SELECT id, "programId", "hostAgencyId", "startsAt", "endsAt", capacity, location, "onlineUrl", "enrolmentDeadline", status, "seatsTaken", version
           FROM r
         RETURNING id
       )
       INSERT INTO development.agency_plan_sessions (session_id, plan_id, item_id, plan_version)
       SELECT r.id, $2, r."itemId", $3 FROM r JOIN created c ON c.id = r.id`,
      [JSON.stringify(rows), planId, planVersion],
    );
  }
}
