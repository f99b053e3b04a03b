import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@kompeten/shared/kernel';
import {
  ApiProblems,
  Authenticated,
  CurrentActor,
  downloadName,
  ExportFormatParams,
  jsonOrCsv,
  Roles,
  todayWib,
  uuidParam,
} from '@kompeten/shared/infrastructure';
import { AgencySummaryQuery } from '@kompeten/workforce/contracts';
import {
  currentYear,
  DevelopmentNeedsReportQuery,
  GapHeatmapQuery,
  GroupColumns,
  JpComplianceQuery,
  JpmDistributionQuery,
  PERFORMANCE_GAPS_NOTE,
} from '../application/queries/report.queries';
import { GapHeatmapParams, ReportYearParams } from './reports.dto';

/** The grouping columns of a row: the unit (agency report) or the agency (national report). */
const GROUP_HEADER = {
  agency: ['unitId', 'unitCode', 'unitName', 'parentId'],
  national: ['agencyId', 'agencyCode', 'agencyName'],
};
const groupCells = (g: GroupColumns) =>
  'unitId' in g ? [g.unitId, g.unitCode, g.unitName, g.parentId] : [g.agencyId, g.agencyCode, g.agencyName];

const HEATMAP =
  'For each org unit (its figures include every unit below it) and each competency: the employees whose latest profile has an achieved level ' +
  '(employeesAssessed), their mean gap (achieved − required), and the share of them below the required level. `positionKind` and ' +
  '`competencyType` filter. Read models kept by events (seconds behind the writes).';
const NEEDS =
  'The AKPK of the year: competencies ranked by the employees with a gap (then the mean gap of those, then stated needs), with the employees who ' +
  'stated a need for it in the year, the active programs that develop it (the agency’s and national ones; the most effective first, by Feedback’s ' +
  'measured level change), estimatedParticipants = max(employees with a gap, stated needs) and jpNeeded = estimatedParticipants × the first program’s JP credit. ' +
  PERFORMANCE_GAPS_NOTE;
const COMPLIANCE =
  'Per org unit (including the units below it): employees, those reaching the yearly JP (REQUIRED_JP_PER_YEAR, 20) in the year, those not, ' +
  'their total shortfall in JP, and the rate (reaching ÷ employees).';
const JPM =
  'Employees per position kind and JPM category of their latest profile (category null: no JPM yet, i.e. not every competency of the SKJ assessed).';

const HEATMAP_COLUMNS = ['competencyCode', 'competencyType', 'employeesAssessed', 'meanGap', 'shareBelowStandard', 'competencyName'];
const NEEDS_HEADER = [
  'rank',
  'competencyCode',
  'competencyName',
  'competencyType',
  'employeesWithGap',
  'meanShortfall',
  'statedNeeds',
  'estimatedParticipants',
  'jpNeeded',
  'programCodes',
];
const COMPLIANCE_COLUMNS = ['employees', 'reaching', 'notReaching', 'shortfallJp', 'rate'];
const JPM_HEADER = ['positionKind', 'category', 'employees'];

@ApiTags('Reports')
@Authenticated()
@Controller('reports')
export class ReportsController {
  constructor(private readonly queries: QueryBus) {}

  @Get('agencies/:id/gap-heatmap')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Competency gaps per org unit and competency', description: HEATMAP })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{agencyId, generatedAt, positionKind, competencyType, items:[{unitId, unitCode, unitName, parentId, competencyCode, competencyType, employeesAssessed, meanGap, shareBelowStandard}]}',
  })
  @ApiProblems(400, 401, 403, 404)
  async heatmap(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: GapHeatmapParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.heatmapOf(actor, id, q, accept, res);
  }

  @Get('agencies/:id/development-needs')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'The AKPK: development needs of the year', description: NEEDS })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{agencyId, year, generatedAt, items:[{competencyCode, competencyName, competencyType, employeesWithGap, meanShortfall, statedNeeds, programs:[{programId, programCode, title, creditJp, targetLevel, effectiveness:{participants, meanLevelChange, meaningful}|null}], jpNeeded, estimatedParticipants}], performanceGaps: null, notes}',
  })
  @ApiProblems(400, 401, 403, 404)
  async needs(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: ReportYearParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.needsOf(actor, id, q, accept, res);
  }

  @Get('agencies/:id/jp-compliance')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Who reached the yearly JP, per org unit', description: COMPLIANCE })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{agencyId, year, requiredJp, generatedAt, items:[{unitId, unitCode, unitName, parentId, employees, reaching, notReaching, shortfallJp, rate}]}',
  })
  @ApiProblems(400, 401, 403, 404)
  async compliance(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: ReportYearParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.complianceOf(actor, id, q, accept, res);
  }

  @Get('agencies/:id/jpm-distribution')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({ summary: 'Employees per JPM category and position kind', description: JPM })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{agencyId, generatedAt, items:[{positionKind, category, employees}]}' })
  @ApiProblems(400, 401, 403, 404)
  async jpm(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: ExportFormatParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.jpmOf(actor, id, q, accept, res);
  }

  @Get('national/gap-heatmap')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Competency gaps per agency and competency (every agency)',
    description: HEATMAP.replace('org unit (its figures include every unit below it)', 'agency'),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{agencyId: null, generatedAt, positionKind, competencyType, items:[{agencyId, competencyCode, …}]}' })
  @ApiProblems(400, 401, 403)
  async nationalHeatmap(
    @CurrentActor() actor: Actor,
    @Query() q: GapHeatmapParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.heatmapOf(actor, null, q, accept, res);
  }

  @Get('national/development-needs')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'The national AKPK (every agency; national programs)', description: NEEDS })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: 'As the agency AKPK, with agencyId null' })
  @ApiProblems(400, 401, 403)
  async nationalNeeds(
    @CurrentActor() actor: Actor,
    @Query() q: ReportYearParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.needsOf(actor, null, q, accept, res);
  }

  @Get('national/jp-compliance')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Who reached the yearly JP, per agency',
    description: COMPLIANCE.replace('org unit (including the units below it)', 'agency'),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description: '{agencyId: null, year, requiredJp, generatedAt, items:[{agencyId, employees, reaching, notReaching, shortfallJp, rate}]}',
  })
  @ApiProblems(400, 401, 403)
  async nationalCompliance(
    @CurrentActor() actor: Actor,
    @Query() q: ReportYearParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.complianceOf(actor, null, q, accept, res);
  }

  @Get('national/jpm-distribution')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'Employees per JPM category and position kind (every agency)', description: JPM })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({ description: '{agencyId: null, generatedAt, items:[{positionKind, category, employees}]}' })
  @ApiProblems(400, 401, 403)
  async nationalJpm(
    @CurrentActor() actor: Actor,
    @Query() q: ExportFormatParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    return this.jpmOf(actor, null, q, accept, res);
  }

  /** A download's name: the agency's code (or "nasional"), the report, its year if any, and today's date. */
  private async filename(agencyId: string | null, report: string, year?: number): Promise<string> {
    const agency = agencyId ? await this.queries.execute(new AgencySummaryQuery({ id: agencyId })) : null;
    return downloadName(agency?.code ?? (agencyId ? agencyId : 'nasional'), report, year, todayWib());
  }

  private async heatmapOf(actor: Actor, agencyId: string | null, q: GapHeatmapParams, accept: string | undefined, res: Response) {
    const view = await this.queries.execute(
      new GapHeatmapQuery(actor, agencyId, { positionKind: q.positionKind, competencyType: q.competencyType }),
    );
    return jsonOrCsv(
      accept,
      res,
      view,
      [...GROUP_HEADER[agencyId ? 'agency' : 'national'], ...HEATMAP_COLUMNS],
      (v) =>
        v.items.map((i) => [
          ...groupCells(i),
          i.competencyCode,
          i.competencyType,
          i.employeesAssessed,
          i.meanGap,
          i.shareBelowStandard,
          i.competencyName,
        ]),
      { format: q.format, filename: await this.filename(agencyId, 'peta-kesenjangan') },
    );
  }

  private async needsOf(actor: Actor, agencyId: string | null, q: ReportYearParams, accept: string | undefined, res: Response) {
    const year = q.year ?? currentYear();
    const view = await this.queries.execute(new DevelopmentNeedsReportQuery(actor, agencyId, year));
    return jsonOrCsv(
      accept,
      res,
      view,
      NEEDS_HEADER,
      (v) =>
        v.items.map((i, n) => [
          n + 1,
          i.competencyCode,
          i.competencyName,
          i.competencyType,
          i.employeesWithGap,
          i.meanShortfall,
          i.statedNeeds,
          i.estimatedParticipants,
          i.jpNeeded,
          i.programs.map((p) => p.programCode).join(' '),
        ]),
      { format: q.format, filename: await this.filename(agencyId, 'akpk', year) },
    );
  }

  private async complianceOf(actor: Actor, agencyId: string | null, q: ReportYearParams, accept: string | undefined, res: Response) {
    const year = q.year ?? currentYear();
    const view = await this.queries.execute(new JpComplianceQuery(actor, agencyId, year));
    return jsonOrCsv(
      accept,
      res,
      view,
      [...GROUP_HEADER[agencyId ? 'agency' : 'national'], ...COMPLIANCE_COLUMNS],
      (v) => v.items.map((i) => [...groupCells(i), i.employees, i.reaching, i.notReaching, i.shortfallJp, i.rate]),
      { format: q.format, filename: await this.filename(agencyId, 'kepatuhan-jp', year) },
    );
  }

  private async jpmOf(actor: Actor, agencyId: string | null, q: ExportFormatParams, accept: string | undefined, res: Response) {
    const view = await this.queries.execute(new JpmDistributionQuery(actor, agencyId));
    return jsonOrCsv(accept, res, view, JPM_HEADER, (v) => v.items.map((i) => [i.positionKind, i.category, i.employees]), {
      format: q.format,
      filename: await this.filename(agencyId, 'sebaran-jpm'),
    });
  }
}
