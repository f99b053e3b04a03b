import { Logger } from '@nestjs/common';
import { IQueryHandler, Query, QueryBus, QueryHandler, QueryHandlerNotFoundException } from '@nestjs/cqrs';
import { environment } from '@config/environment';
import { CompetencySummaryQuery } from '@kompeten/competency-standards/contracts';
import { CatalogueProgramsQuery } from '@kompeten/development/contracts';
import { ProgramEffectivenessQuery, StatedNeedCountsQuery } from '@kompeten/feedback/contracts';
import type { ProgramEffectiveness, StatedNeedCount } from '@kompeten/feedback/contracts';
import { AgencySummaryQuery, OrgUnitNode, OrgUnitTreeQuery } from '@kompeten/workforce/contracts';
import { Actor, ForbiddenError, NotFoundError, readableAgencyIds } from '@kompeten/shared/kernel';
import { DevelopmentNeed, DevelopmentNeedProgram, DevelopmentNeedsQuery } from '../../contracts/development-needs';
import { HeatmapFilter, ReportReadModel, ReportScope } from '../../infrastructure/report.read-model';

// ---------- views ----------
export interface UnitColumns {
  unitId: string;
  unitCode: string;
  unitName: string;
  parentId: string | null;
}

/** A national report's group: the agency, with its code and name (null only if Workforce no longer knows it). */
export interface AgencyColumns {
  agencyId: string;
  agencyCode: string | null;
  agencyName: string | null;
}

export type GroupColumns = UnitColumns | AgencyColumns;

export interface GapHeatmapView {
  agencyId: string | null;
  generatedAt: string;
  positionKind: string | null;
  competencyType: string | null;
  items: (GroupColumns & {
    competencyCode: string;
    competencyName: string | null;
    competencyType: string;
    employeesAssessed: number;
    /** The mean gap over every employee assessed (surplus and shortfall alike); the AKPK's meanShortfall averages only those below. */
    meanGap: number;
    shareBelowStandard: number;
  })[];
}

export interface DevelopmentNeedsView {
  agencyId: string | null;
  year: number;
  generatedAt: string;
  items: DevelopmentNeed[];
  /** SKP ratings are not recorded in Kompeten yet: the performance-gap half of the AKPK cannot be computed. */
  performanceGaps: null;
  notes: string[];
}

export interface JpComplianceView {
  agencyId: string | null;
  year: number;
  requiredJp: number;
  generatedAt: string;
  items: (GroupColumns & { employees: number; reaching: number; notReaching: number; shortfallJp: number; rate: number })[];
}

export interface JpmDistributionView {
  agencyId: string | null;
  generatedAt: string;
  items: { positionKind: string; category: string | null; employees: number }[];
}

export const PERFORMANCE_GAPS_NOTE =
  'Performance gaps (SKP ratings) are not recorded in Kompeten yet; this AKPK rests on competency gaps and stated needs only.';

// ---------- queries (scoped to the actor; agencyId null: the national report) ----------
export class GapHeatmapQuery extends Query<GapHeatmapView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string | null,
    readonly filter: HeatmapFilter,
  ) {
    super();
  }
}

export class DevelopmentNeedsReportQuery extends Query<DevelopmentNeedsView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string | null,
    readonly year: number,
  ) {
    super();
  }
}

export class JpComplianceQuery extends Query<JpComplianceView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string | null,
    readonly year: number,
  ) {
    super();
  }
}

export class JpmDistributionQuery extends Query<JpmDistributionView> {
  constructor(
    readonly actor: Actor,
    readonly agencyId: string | null,
  ) {
    super();
  }
}

/** The current year in WIB (the JP year of Development). */
export function currentYear(now = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Jakarta', year: 'numeric' }).format(now));
}

/**
 * An agency's reports for its admins (another agency: 404, as if it did not
 * exist) and the ministry's; the national ones for the ministry only.
 */
async function assertCanReport(queries: QueryBus, actor: Actor, agencyId: string | null): Promise<void> {
  const readable = readableAgencyIds(actor);
  if (agencyId === null) {
    if (readable !== null) throw new ForbiddenError('National reports are for ministry admins');
    return;
  }
  if (readable !== null && !readable.includes(agencyId)) throw new NotFoundError('Agency', agencyId);
  if (!(await queries.execute(new AgencySummaryQuery({ id: agencyId })))) throw new NotFoundError('Agency', agencyId);
}

/** Units in tree order (parents before children, siblings by code), to order an agency's rows. */
function treeOrder(units: OrgUnitNode[]): Map<string, { unit: OrgUnitNode; order: number }> {
  const children = new Map<string | null, OrgUnitNode[]>();
  const ids = new Set(units.map((u) => u.id));
  for (const unit of units) {
    const parent = unit.parentId && ids.has(unit.parentId) ? unit.parentId : null;
    children.set(parent, [...(children.get(parent) ?? []), unit]);
  }
  const ordered = new Map<string, { unit: OrgUnitNode; order: number }>();
  const visit = (parent: string | null) => {
    for (const unit of (children.get(parent) ?? []).sort((a, b) => a.code.localeCompare(b.code))) {
      ordered.set(unit.id, { unit, order: ordered.size });
      visit(unit.id);
    }
  };
  visit(null);
  return ordered;
}

/** The scope of a report: an agency with its unit tree, or every agency. */
class Scopes {
  constructor(private readonly queries: QueryBus) {}

  async of(actor: Actor, agencyId: string | null) {
    await assertCanReport(this.queries, actor, agencyId);
    if (agencyId === null) {
      const agencies = new Map<string, { code: string; name: string } | null>();
      return {
        scope: { agencyId: null } as ReportScope,
        /** Reads the code and name of the agencies the rows name, once each, before `group` is called. */
        load: async (ids: string[]) => {
          const missing = [...new Set(ids)].filter((id) => !agencies.has(id));
          const found = await Promise.all(missing.map((id) => this.queries.execute(new AgencySummaryQuery({ id }))));
          missing.forEach((id, i) => agencies.set(id, found[i]));
        },
        group: (id: string): GroupColumns => ({
          agencyId: id,
          agencyCode: agencies.get(id)?.code ?? null,
          agencyName: agencies.get(id)?.name ?? null,
        }),
        order: () => 0,
      };
    }
    const units = await this.queries.execute(new OrgUnitTreeQuery([agencyId]));
    const tree = treeOrder(units);
    const scope: ReportScope = { agencyId, units: { ids: units.map((u) => u.id), parentIds: units.map((u) => u.parentId) } };
    const group = (id: string): GroupColumns => {
      const unit = tree.get(id)?.unit;
      return { unitId: id, unitCode: unit?.code ?? '', unitName: unit?.name ?? '', parentId: unit?.parentId ?? null };
    };
    return { scope, load: async (_ids: string[]) => {}, group, order: (id: string) => tree.get(id)?.order ?? Number.MAX_SAFE_INTEGER };
  }
}

@QueryHandler(GapHeatmapQuery)
export class GapHeatmapHandler implements IQueryHandler<GapHeatmapQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly reports: ReportReadModel,
  ) {}

  async execute({ actor, agencyId, filter }: GapHeatmapQuery): Promise<GapHeatmapView> {
    const { scope, load, group, order } = await new Scopes(this.queries).of(actor, agencyId);
    const cells = await this.reports.gapHeatmap(scope, filter);
    await load(cells.map((c) => c.groupId));
    const codes = [...new Set(cells.map((c) => c.competencyCode))];
    const competencies = await Promise.all(codes.map((code) => this.queries.execute(new CompetencySummaryQuery(code))));
    const nameOf = new Map(codes.map((code, i) => [code, competencies[i]?.name ?? null]));
    cells.sort(
      (a, b) =>
        order(a.groupId) - order(b.groupId) || a.groupId.localeCompare(b.groupId) || a.competencyCode.localeCompare(b.competencyCode),
    );
    return {
      agencyId,
      generatedAt: new Date().toISOString(),
      positionKind: filter.positionKind ?? null,
      competencyType: filter.competencyType ?? null,
      items: cells.map(({ groupId, competencyCode, ...figures }) => ({
        ...group(groupId),
        competencyCode,
        competencyName: nameOf.get(competencyCode) ?? null,
        ...figures,
      })),
    };
  }
}

@QueryHandler(JpComplianceQuery)
export class JpComplianceHandler implements IQueryHandler<JpComplianceQuery> {
  private readonly requiredJp = environment().REQUIRED_JP_PER_YEAR;

  constructor(
    private readonly queries: QueryBus,
    private readonly reports: ReportReadModel,
  ) {}

  async execute({ actor, agencyId, year }: JpComplianceQuery): Promise<JpComplianceView> {
    const { scope, load, group, order } = await new Scopes(this.queries).of(actor, agencyId);
    const rows = await this.reports.jpCompliance(scope, year, this.requiredJp);
    await load(rows.map((r) => r.groupId));
    rows.sort((a, b) => order(a.groupId) - order(b.groupId) || a.groupId.localeCompare(b.groupId));
    return {
      agencyId,
      year,
      requiredJp: this.requiredJp,
      generatedAt: new Date().toISOString(),
      items: rows.map(({ groupId, ...figures }) => ({ ...group(groupId), ...figures })),
    };
  }
}

@QueryHandler(JpmDistributionQuery)
export class JpmDistributionHandler implements IQueryHandler<JpmDistributionQuery> {
  constructor(
    private readonly queries: QueryBus,
    private readonly reports: ReportReadModel,
  ) {}

  async execute({ actor, agencyId }: JpmDistributionQuery): Promise<JpmDistributionView> {
    await assertCanReport(this.queries, actor, agencyId);
    return { agencyId, generatedAt: new Date().toISOString(), items: await this.reports.jpmDistribution(agencyId) };
  }
}

@QueryHandler(DevelopmentNeedsReportQuery)
export class DevelopmentNeedsReportHandler implements IQueryHandler<DevelopmentNeedsReportQuery> {
  constructor(private readonly queries: QueryBus) {}

  async execute({ actor, agencyId, year }: DevelopmentNeedsReportQuery): Promise<DevelopmentNeedsView> {
    await assertCanReport(this.queries, actor, agencyId);
    const items = await this.queries.execute(new DevelopmentNeedsQuery(agencyId, year));
    return { agencyId, year, generatedAt: new Date().toISOString(), items, performanceGaps: null, notes: [PERFORMANCE_GAPS_NOTE] };
  }
}

/** The AKPK rows (the contract query H3b's agency plan is drafted from): competency gaps, stated needs, programs. */
@QueryHandler(DevelopmentNeedsQuery)
export class DevelopmentNeedsHandler implements IQueryHandler<DevelopmentNeedsQuery> {
  private readonly logger = new Logger('Reporting');

  constructor(
    private readonly queries: QueryBus,
    private readonly reports: ReportReadModel,
  ) {}

  async execute({ agencyId, year }: DevelopmentNeedsQuery): Promise<DevelopmentNeed[]> {
    const [gaps, stated] = await Promise.all([
      this.reports.competencyNeeds(agencyId),
      this.fromFeedback<StatedNeedCount[]>(() => this.queries.execute(new StatedNeedCountsQuery(agencyId, year)), []),
    ]);
    const codes = [
      ...new Set([...gaps.map((g) => g.competencyCode), ...stated.filter((s) => s.employees > 0).map((s) => s.competencyCode)]),
    ];
    if (codes.length === 0) return [];
    const [catalogue, competencies] = await Promise.all([
      this.queries.execute(new CatalogueProgramsQuery(codes, agencyId)),
      Promise.all(codes.map((code) => this.queries.execute(new CompetencySummaryQuery(code)))),
    ]);
    const programIds = [...new Set(catalogue.map((p) => p.programId))];
    const effectiveness = programIds.length
      ? await this.fromFeedback<ProgramEffectiveness[]>(() => this.queries.execute(new ProgramEffectivenessQuery(programIds)), [])
      : [];
    const effectOf = new Map(effectiveness.map((e) => [e.programId, e]));
    const gapOf = new Map(gaps.map((g) => [g.competencyCode, g]));
    const statedOf = new Map(stated.map((s) => [s.competencyCode, s.employees]));
    const competencyOf = new Map(competencies.filter((c) => c !== null).map((c) => [c.code, c]));

    const needs = codes.map((code): DevelopmentNeed => {
      const gap = gapOf.get(code);
      const programs: DevelopmentNeedProgram[] = catalogue
        .filter((p) => p.competencyCode === code)
        .map((p) => {
          const e = effectOf.get(p.programId);
          return {
            programId: p.programId,
            programCode: p.programCode,
            title: p.title,
            creditJp: p.creditJp,
            targetLevel: p.targetLevel,
            effectiveness: e ? { participants: e.participants, meanLevelChange: e.meanLevelChange, meaningful: e.meaningful } : null,
          };
        })
        .sort(byEffect);
      const employeesWithGap = gap?.employeesWithGap ?? 0;
      const statedNeeds = statedOf.get(code) ?? 0;
      const estimatedParticipants = Math.max(employeesWithGap, statedNeeds);
      return {
        competencyCode: code,
        competencyName: competencyOf.get(code)?.name ?? null,
        competencyType: gap?.competencyType ?? competencyOf.get(code)?.type ?? null,
        employeesWithGap,
        meanShortfall: gap?.meanShortfall ?? null,
        statedNeeds,
        programs,
        jpNeeded: programs.length ? Math.round(estimatedParticipants * programs[0].creditJp * 100) / 100 : null,
        estimatedParticipants,
      };
    });
    return needs.sort(
      (a, b) =>
        b.employeesWithGap - a.employeesWithGap ||
        (a.meanShortfall ?? 0) - (b.meanShortfall ?? 0) ||
        b.statedNeeds - a.statedNeeds ||
        a.competencyCode.localeCompare(b.competencyCode),
    );
  }

  /** Feedback answers stated needs and effectiveness; a deployment without it still answers the AKPK (without them). */
  private async fromFeedback<T>(ask: () => Promise<T>, otherwise: T): Promise<T> {
    try {
      return await ask();
    } catch (error) {
      if (!(error instanceof QueryHandlerNotFoundException)) throw error;
      this.logger.warn('The Feedback context does not answer: the AKPK is given without stated needs and effectiveness');
      return otherwise;
    }
  }
}

/** Meaningfully effective programs first (the larger mean level change), then the higher target level, the smaller JP credit, the code. */
function byEffect(a: DevelopmentNeedProgram, b: DevelopmentNeedProgram): number {
  const effect = (p: DevelopmentNeedProgram) => (p.effectiveness?.meaningful ? (p.effectiveness.meanLevelChange ?? 0) : -Infinity);
  return effect(b) - effect(a) || b.targetLevel - a.targetLevel || a.creditJp - b.creditJp || a.programCode.localeCompare(b.programCode);
}

export const REPORT_QUERY_HANDLERS = [
  GapHeatmapHandler,
  JpComplianceHandler,
  JpmDistributionHandler,
  DevelopmentNeedsReportHandler,
  DevelopmentNeedsHandler,
];
