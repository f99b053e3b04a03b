import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CompetencyProfilesPageQuery, newestProfileGapsSql, ProfileChangeSource, profileChanges } from '@kompeten/assessment/contracts';
import { JpCredit, JpCreditsPageQuery } from '@kompeten/development/contracts';
import { EmployeeReportingPlacement, EmployeeReportingPlacementsQuery } from '@kompeten/workforce/contracts';
import { UnitOfWork } from '@kompeten/shared/infrastructure';

/** A JP credit as an event tells it (Development's ledger entry without its id and reversal). */
export type JpCreditFact = Omit<JpCredit, 'id' | 'reversed'>;

/** Pages through an owner's rows by key (after the last row's key), applying each page; answers the sum of what apply answered. */
async function eachPage<T>(
  fetch: (after: string | null) => Promise<T[]>,
  keyOf: (row: T) => string,
  apply: (page: T[]) => Promise<number>,
): Promise<number> {
  let after: string | null = null;
  let applied = 0;
  for (;;) {
    const page = await fetch(after);
    if (page.length === 0) return applied;
    applied += await apply(page);
    after = keyOf(page[page.length - 1]);
  }
}

/**
 * Writes Reporting's read models, set-based: a subscriber hands over one event's
 * facts, a rebuild (or the benchmark's fast seed) thousands at once, through the
 * same statements. Every write is idempotent: placements and profiles are
 * upserts (a profile only by a newer event), JP credits are keyed by their source.
 */
@Injectable()
export class ReadModelStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}

  /** Asks Workforce where the employees work now and stores it. */
  async refreshPlacements(employeeIds: string[]): Promise<number> {
    if (employeeIds.length === 0) return 0;
    const placements = await this.queries.execute(new EmployeeReportingPlacementsQuery({ ids: employeeIds }));
    return this.storePlacements(placements);
  }

  /** Asks Workforce only for the employees Reporting does not know yet (a profile may arrive before the registration). */
  async ensurePlacements(employeeIds: string[]): Promise<number> {
    if (employeeIds.length === 0) return 0;
    const known = await this.uow.query<{ employee_id: string }>(
      `SELECT employee_id FROM reporting.employees WHERE employee_id = ANY($1::uuid[])`,
      [employeeIds],
    );
    const knownIds = new Set(known.map((k) => k.employee_id));
    return this.refreshPlacements(employeeIds.filter((id) => !knownIds.has(id)));
  }

  /** Every employee's placement, paged by id (a fresh deployment's backfill, and the nightly catch-up of unit moves). */
  async rebuildPlacements(pageSize = 5_000): Promise<number> {
    return eachPage(
      (afterId) => this.queries.execute(new EmployeeReportingPlacementsQuery({ afterId, limit: pageSize })),
      (placement) => placement.employeeId,
      (page) => this.storePlacements(page),
    );
  }

  async storePlacements(placements: EmployeeReportingPlacement[]): Promise<number> {
    if (placements.length === 0) return 0;
    const rows = await this.uow.query(
      `INSERT INTO reporting.employees AS r (employee_id, agency_id, unit_id, position_id, position_kind, employee_kind, retired)
       SELECT x."employeeId", x."agencyId", x."unitId", x."positionId", x."positionKind", x."employeeKind", x.retired
         FROM jsonb_to_recordset($1::jsonb) AS x("employeeId" uuid, "agencyId" uuid, "unitId" uuid, "positionId" uuid,
                                                  "positionKind" text, "employeeKind" text, retired boolean)
       ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, unit_id = EXCLUDED.unit_id, position_id = EXCLUDED.position_id,
         position_kind = EXCLUDED.position_kind, employee_kind = EXCLUDED.employee_kind, retired = EXCLUDED.retired, refreshed_at = now()
       WHERE (r.agency_id, r.unit_id, r.position_id, r.position_kind, r.employee_kind, r.retired)
             IS DISTINCT FROM (EXCLUDED.agency_id, EXCLUDED.unit_id, EXCLUDED.position_id, EXCLUDED.position_kind, EXCLUDED.employee_kind, EXCLUDED.retired)
       RETURNING 1`,
      [JSON.stringify(placements)],
    );
    return rows.length;
  }

  /** The latest profile of each employee and its gaps; an event older than the stored one changes nothing. */
  async applyProfiles(source: ProfileChangeSource): Promise<number> {
    const changes = profileChanges(source, '$1');
    if (!changes) return 0;
    return this.uow.transaction(async () => {
      const kept = await this.uow.query<{ employee_id: string }>(
        `INSERT INTO reporting.profiles AS r (employee_id, agency_id, position_id, jpm, category, occurred_at)
         SELECT DISTINCT ON (x."employeeId") x."employeeId", x."agencyId", x."positionId", x.jpm, x.category, x."occurredAt"
           FROM (${changes.sql}) AS x
          ORDER BY x."employeeId", x."occurredAt" DESC
         ON CONFLICT (employee_id) DO UPDATE SET agency_id = EXCLUDED.agency_id, position_id = EXCLUDED.position_id, jpm = EXCLUDED.jpm,
           category = EXCLUDED.category, occurred_at = EXCLUDED.occurred_at
         WHERE r.occurred_at <= EXCLUDED.occurred_at
         RETURNING r.employee_id`,
        [changes.value],
      );
      if (kept.length === 0) return 0;
      const ids = kept.map((k) => k.employee_id);
      await this.uow.query(`DELETE FROM reporting.gaps WHERE employee_id = ANY($1::uuid[])`, [ids]);
      // The newest fact of each kept employee supplies the gaps (the same one the profile row took).
      await this.uow.query(
        `INSERT INTO reporting.gaps (employee_id, competency_code, competency_type, required_level, achieved_level, gap)
         ${newestProfileGapsSql(changes.sql, '$2')}
         ON CONFLICT DO NOTHING`,
        [changes.value, ids],
      );
      return ids.length;
    });
  }

  /**
   * Every stored profile again, from Assessment, a page at a time: a profile Reporting missed or holds wrongly is
   * put right (one newer than Assessment's stored one is left alone). Profiles of employees Assessment no longer
   * holds stay; the reports read only employees whose placement is live.
   */
  async rebuildProfiles(pageSize = 5_000): Promise<number> {
    return eachPage(
      (afterEmployeeId) => this.queries.execute(new CompetencyProfilesPageQuery({ afterEmployeeId, limit: pageSize })),
      (profile) => profile.employeeId,
      (page) => this.applyProfiles({ changes: page.map(({ computedAt, ...payload }) => ({ payload, occurredAt: new Date(computedAt) })) }),
    );
  }

  /**
   * JP credits and totals again, from Development's ledger, in one transaction that holds Reporting's JP tables
   * (the subscriber waits meanwhile, then applies what came after idempotently): every credit keyed as its event
   * keys it, voided platform completions kept as reversed (a late credit event of one adds nothing), and each
   * year's total summed from the credits.
   */
  async rebuildJpCredits(pageSize = 5_000): Promise<number> {
    return this.uow.transaction(async () => {
      await this.uow.query(`LOCK TABLE reporting.jp_credits, reporting.jp_totals IN EXCLUSIVE MODE`);
      await this.uow.query(`DELETE FROM reporting.jp_credits`);
      await this.uow.query(`DELETE FROM reporting.jp_totals`);
      const store = async (page: JpCredit[]) => {
        await this.uow.query(
          `INSERT INTO reporting.jp_credits (source, source_id, employee_id, agency_id, year, jp, reversed)
           SELECT x.source, x."sourceId", x."employeeId", x."agencyId", x.year, x.jp, x.reversed
             FROM jsonb_to_recordset($1::jsonb)
                  AS x(source text, "sourceId" uuid, "employeeId" uuid, "agencyId" uuid, year smallint, jp numeric, reversed boolean)
           ON CONFLICT (source, source_id) DO UPDATE SET reversed = reporting.jp_credits.reversed OR EXCLUDED.reversed`,
          [JSON.stringify(page)],
        );
        return page.length;
      };
      // The ledger's credits, then the voided platform completions: each read once, in the order of its own key.
      let credits = 0;
      for (const reversed of [false, true]) {
        credits += await eachPage(
          (afterId) => this.queries.execute(new JpCreditsPageQuery({ reversed, afterId, limit: pageSize })),
          (credit) => credit.id,
          store,
        );
      }
      await this.uow.query(
        `INSERT INTO reporting.jp_totals (employee_id, year, jp)
         SELECT employee_id, year, sum(jp) FROM reporting.jp_credits WHERE NOT reversed GROUP BY employee_id, year`,
      );
      return credits;
    });
  }

  async applyJpCredits(credits: JpCreditFact[]): Promise<number> {
    if (credits.length === 0) return 0;
    const rows = await this.uow.query(
      `WITH credited AS (
         INSERT INTO reporting.jp_credits (source, source_id, employee_id, agency_id, year, jp)
         SELECT DISTINCT ON (x.source, x."sourceId") x.source, x."sourceId", x."employeeId", x."agencyId", x.year, x.jp
           FROM jsonb_to_recordset($1::jsonb) AS x(source text, "sourceId" uuid, "employeeId" uuid, "agencyId" uuid, year smallint, jp numeric)
         ON CONFLICT (source, source_id) DO NOTHING
         RETURNING employee_id, year, jp
       )
       INSERT INTO reporting.jp_totals AS t (employee_id, year, jp)
       SELECT employee_id, year, sum(jp) FROM credited GROUP BY 1, 2
       ON CONFLICT (year, employee_id) DO UPDATE SET jp = t.jp + EXCLUDED.jp
       RETURNING 1`,
      [JSON.stringify(credits)],
    );
    return rows.length;
  }

  /**
   * Takes a voided platform completion's JP back out of its year's total, once. The credit row stays, marked
   * reversed, so a credit event delivered after its reversal adds nothing either.
   */
  async reverseJpCredit(credit: JpCreditFact): Promise<boolean> {
    const rows = await this.uow.query(
      `WITH prior AS (
         SELECT jp FROM reporting.jp_credits WHERE source = $1 AND source_id = $2 AND NOT reversed FOR UPDATE
       ), marked AS (
         INSERT INTO reporting.jp_credits AS c (source, source_id, employee_id, agency_id, year, jp, reversed)
         VALUES ($1, $2, $3, $4, $5, $6, true)
         ON CONFLICT (source, source_id) DO UPDATE SET reversed = true WHERE NOT c.reversed
         RETURNING 1
       )
       UPDATE reporting.jp_totals t SET jp = t.jp - p.jp FROM prior p
        WHERE t.employee_id = $3 AND t.year = $5
       RETURNING (SELECT count(*) FROM marked) AS marked`,
      [credit.source, credit.sourceId, credit.employeeId, credit.agencyId, credit.year, credit.jp],
    );
    return rows.length > 0;
  }
}
