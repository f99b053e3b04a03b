import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Patch, Post, Query, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Actor } from '@kompeten/shared/kernel';
import {
  accepts,
  ApiProblems,
  Authenticated,
  CSV_CONTENT_TYPE,
  csvText,
  CurrentActor,
  Page,
  Roles,
  uuidParam,
  XLSX_CONTENT_TYPE,
  xlsxWorkbook,
} from '@kompeten/shared/infrastructure';
import {
  AddAgencyPlanItemCommand,
  AgencyPlanStep,
  ChangeAgencyPlanItemCommand,
  DraftAgencyPlanCommand,
  MoveAgencyPlanCommand,
  RemoveAgencyPlanItemCommand,
  UpdateAgencyPlanCommand,
} from '../application/commands/agency-plan.commands';
import type { ApprovedPlanView } from '../application/commands/agency-plan.commands';
import {
  AGENCY_PLAN_TABLE_HEADER,
  agencyPlanRows,
  agencyPlanTotalsRow,
  GetAgencyPlanQuery,
  ListAgencyPlansQuery,
} from '../application/queries/agency-plan.queries';
import type { AgencyPlanSummaryView, AgencyPlanView } from '../application/queries/agency-plan.queries';
import {
  AddAgencyPlanItemBody,
  ChangeAgencyPlanItemBody,
  DraftAgencyPlanParams,
  GetAgencyPlanParams,
  ListAgencyPlansParams,
  UpdateAgencyPlanBody,
  VersionParams,
} from './agency-plan.dto';
import { VersionBody } from './development.dto';

const Id = (name: string) => Param(name, uuidParam(name));
const ADMINS = ['MINISTRY_ADMIN', 'AGENCY_ADMIN'] as const;

const PLAN_SHAPE =
  '{id, agencyId, year, status: DRAFT | SUBMITTED | APPROVED, version, revision, notes, items: [{id, competencyCode, competencyName, competencyType, ' +
  'title, deliveryMode, kind: EDUCATION | TRAINING, route: CLASSROOM | NON_CLASSROOM | null, programId, programCode, provider, targetCount, ' +
  'targetEmployeeIds, targetUnitId, targetGroup, plannedStart, plannedEnd, sessionCount, location, onlineUrl, budget (whole rupiah), origin: AKPK | MANUAL, ' +
  'note, sessionIds}], totals: {items, participants, sessions, budget, budgetByType: {TECHNICAL, MANAGERIAL, SOCIOCULTURAL}}, submittedAt, approvedAt, ' +
  'approvedBy, approvedVersions: [{version, revision, approvedAt, approvedBy}], createdAt, updatedAt}';

const LIFECYCLE =
  'One plan per agency and year. DRAFT (edited by the agency’s admins or the ministry: items added, changed, removed, each edit with the plan’s ' +
  '`version`; a stale one is 409) → submit → SUBMITTED (unchanged until returned to DRAFT) → approve (ministry admins) → APPROVED: immutable (any edit ' +
  '422) and kept as a version readable with ?version=. revise starts the next revision (revision + 1) as a DRAFT with the same items. Agency admins see ' +
  'and keep their agency’s plans only (404 otherwise).';

const TABLE = `CSV columns (and the workbook's): ${AGENCY_PLAN_TABLE_HEADER.join(',')}; the workbook adds a TOTAL row (participants, sessions, budget).`;

@ApiTags('Development')
@Authenticated()
@Roles(...ADMINS)
@Controller()
export class AgencyDevelopmentPlansController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('agencies/:id/development-plans')
  @ApiOperation({
    summary: 'Draft the agency’s development plan for a year from its AKPK',
    description:
      'One item per competency of the AKPK (GET /reports/agencies/{id}/development-needs) that a program of the catalogue develops: its most ' +
      'effective program, the estimated participants, sessions = participants ÷ the program’s maxClassSize (rounded up), budget 0 for the admin to ' +
      'fill, no schedule yet. A second plan for the same agency and year is 409 (its id in the detail): edit it, or revise it once approved. ' +
      LIFECYCLE,
  })
  @ApiCreatedResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409)
  draft(@CurrentActor() actor: Actor, @Id('id') agencyId: string, @Query() q: DraftAgencyPlanParams): Promise<AgencyPlanView> {
    return this.commands.execute(new DraftAgencyPlanCommand(actor, agencyId, q.year));
  }

  @Get('agencies/:id/development-plans')
  @ApiOperation({ summary: 'The agency’s development plans (?year=, ?status=), each with its totals (not its items)' })
  @ApiOkResponse({ description: '{items: [plan without items and approvedVersions], nextCursor}' })
  @ApiProblems(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Id('id') agencyId: string, @Query() q: ListAgencyPlansParams): Promise<Page<AgencyPlanSummaryView>> {
    return this.queries.execute(new ListAgencyPlansQuery(actor, agencyId, q));
  }

  // Before development-plans/:planId, which would take "<id>.xlsx" for an id.
  @Get('development-plans/:planId.xlsx')
  @ApiOperation({ summary: 'The plan as an .xlsx workbook for the finance office (one sheet: header, items, totals)', description: TABLE })
  @ApiProduces(XLSX_CONTENT_TYPE)
  @ApiProblems(400, 403, 404)
  async workbook(
    @CurrentActor() actor: Actor,
    @Id('planId') planId: string,
    @Query() q: GetAgencyPlanParams,
    @Res({ passthrough: true }) res: Response,
  ): Promise<StreamableFile> {
    return this.asWorkbook(await this.queries.execute(new GetAgencyPlanQuery(actor, planId, q.version)), res);
  }

  @Get('development-plans/:planId')
  @ApiOperation({
    summary: 'A development plan: the current one, or an approved version (?version=)',
    description: `JSON; \`Accept: text/csv\` answers the items as CSV, \`Accept: ${XLSX_CONTENT_TYPE}\` the workbook. ${TABLE} ${LIFECYCLE}`,
  })
  @ApiProduces('application/json', 'text/csv', XLSX_CONTENT_TYPE)
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404)
  async get(
    @CurrentActor() actor: Actor,
    @Id('planId') planId: string,
    @Query() q: GetAgencyPlanParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AgencyPlanView | string | StreamableFile> {
    const plan = await this.queries.execute(new GetAgencyPlanQuery(actor, planId, q.version));
    res.vary('Accept');
    if (accepts(accept, XLSX_CONTENT_TYPE)) return this.asWorkbook(plan, res);
    if (accepts(accept, 'text/csv')) {
      res.type(CSV_CONTENT_TYPE);
      res.attachment(`${fileName(plan)}.csv`);
      return csvText(AGENCY_PLAN_TABLE_HEADER, agencyPlanRows(plan));
    }
    return plan;
  }

  @Patch('development-plans/:planId')
  @ApiOperation({ summary: 'Change a draft’s notes (its basis, e.g. the performance-gap analysis)' })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: UpdateAgencyPlanBody): Promise<AgencyPlanView> {
    return this.commands.execute(new UpdateAgencyPlanCommand(actor, planId, body));
  }

  @Post('development-plans/:planId/items')
  @ApiOperation({
    summary: 'Add an item to a draft: competency, target employees, kind and route, program or provider, schedule, budget',
    description:
      'Send the plan’s version. With a programId (national or the agency’s, developing the competency: else 400 / 422) title, provider and ' +
      'deliveryMode default to the program’s and sessionCount to the participants over its maxClassSize; without one, title, deliveryMode and ' +
      'provider are required and no sessions run. Answers the plan.',
  })
  @ApiCreatedResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  addItem(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: AddAgencyPlanItemBody): Promise<AgencyPlanView> {
    const { version, ...item } = body;
    return this.commands.execute(new AddAgencyPlanItemCommand(actor, planId, version, item));
  }

  @Patch('development-plans/:planId/items/:itemId')
  @ApiOperation({ summary: 'Change an item of a draft (what is sent; null clears); answers the plan' })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  changeItem(
    @CurrentActor() actor: Actor,
    @Id('planId') planId: string,
    @Id('itemId') itemId: string,
    @Body() body: ChangeAgencyPlanItemBody,
  ): Promise<AgencyPlanView> {
    const { version, ...changes } = body;
    return this.commands.execute(new ChangeAgencyPlanItemCommand(actor, planId, itemId, version, changes));
  }

  @Delete('development-plans/:planId/items/:itemId')
  @ApiOperation({ summary: 'Remove an item of a draft (?version= the plan’s version); answers the plan' })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  removeItem(
    @CurrentActor() actor: Actor,
    @Id('planId') planId: string,
    @Id('itemId') itemId: string,
    @Query() q: VersionParams,
  ): Promise<AgencyPlanView> {
    return this.commands.execute(new RemoveAgencyPlanItemCommand(actor, planId, itemId, q.version));
  }

  @Post('development-plans/:planId/submit')
  @HttpCode(200)
  @ApiOperation({ summary: 'Submit a draft for approval: it needs an item, and every item that runs sessions its schedule (else 422)' })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  submit(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: VersionBody): Promise<AgencyPlanView> {
    return this.move(actor, planId, 'submit', body.version);
  }

  @Post('development-plans/:planId/return')
  @HttpCode(200)
  @ApiOperation({ summary: 'Take a submitted plan back to draft (withdrawn by the agency, or returned by the ministry)' })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  returnToDraft(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: VersionBody): Promise<AgencyPlanView> {
    return this.move(actor, planId, 'return', body.version);
  }

  @Post('development-plans/:planId/approve')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Approve a submitted plan (ministry admins): it becomes immutable, and its sessions are created',
    description:
      'In one transaction: the version is kept as approved (read it later with ?version=), and for every item of a catalogue program the sessions ' +
      'it schedules are created, hosted by the agency: plannedStart 09:00 to plannedEnd 17:00 WIB, capacity = participants ÷ sessions (rounded up) ' +
      'within the program’s maxClassSize, SCHEDULED where the item names a location or onlineUrl, else PROPOSED (location "To be confirmed", for the ' +
      'agency’s admins to confirm). Approving a later revision adds only the sessions not created before. Answers the plan with createdSessionIds.',
  })
  @ApiOkResponse({ description: `${PLAN_SHAPE} + createdSessionIds` })
  @ApiProblems(400, 403, 404, 409, 422)
  approve(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: VersionBody): Promise<ApprovedPlanView> {
    return this.move(actor, planId, 'approve', body.version) as Promise<ApprovedPlanView>;
  }

  @Post('development-plans/:planId/revise')
  @HttpCode(200)
  @ApiOperation({
    summary: 'Start a revision of an approved plan: a new DRAFT (revision + 1) with the same items; the approved version stays readable',
  })
  @ApiOkResponse({ description: PLAN_SHAPE })
  @ApiProblems(400, 403, 404, 409, 422)
  revise(@CurrentActor() actor: Actor, @Id('planId') planId: string, @Body() body: VersionBody): Promise<AgencyPlanView> {
    return this.move(actor, planId, 'revise', body.version);
  }

  private move(actor: Actor, planId: string, step: AgencyPlanStep, version: number): Promise<AgencyPlanView> {
    return this.commands.execute(new MoveAgencyPlanCommand(actor, planId, step, version));
  }

  private asWorkbook(plan: AgencyPlanView, res: Response): StreamableFile {
    const budget = AGENCY_PLAN_TABLE_HEADER.indexOf('budget');
    const book = xlsxWorkbook({
      name: `Plan ${plan.year} v${plan.version}`,
      header: AGENCY_PLAN_TABLE_HEADER,
      rows: agencyPlanRows(plan),
      footer: agencyPlanTotalsRow(plan),
      moneyColumns: [budget],
    });
    res.type(XLSX_CONTENT_TYPE);
    res.attachment(`${fileName(plan)}.xlsx`);
    return new StreamableFile(book);
  }
}

function fileName(plan: AgencyPlanView): string {
  return `development-plan-${plan.year}-v${plan.version}`;
}
