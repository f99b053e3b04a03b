import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Actor } from '@kompeten/shared/kernel';
import {
  ApiCreated,
  ApiCsvImport,
  ApiOk,
  ApiPageResponse,
  ApiProblems,
  Authenticated,
  csvImportOutcomes,
  csvRows,
  CurrentActor,
  ImportParams,
  Page,
  Roles,
} from '@kompeten/shared/infrastructure';
import {
  ASSESSMENT_CSV,
  AssessmentImportReport,
  ASSESSMENT_IMPORT_COLUMNS,
  ASSESSMENT_IMPORT_OPTIONAL,
  ImportAssessmentsCommand,
} from '../application/commands/import-assessments.command';
import { CompleteAssessmentCommand, CreateAssessmentCommand, RecordResultsCommand } from '../application/commands/assessment.commands';
import { GetAssessmentQuery, GetCompetencyProfileQuery, ListAssessmentsQuery } from '../application/queries/assessment.queries';
import { AssessmentView, CompetencyProfileView } from '../application/views';
import {
  AssessmentImportReportBody,
  CompleteAssessmentBody,
  CreateAssessmentBody,
  ListAssessmentsParams,
  RecordResultsBody,
} from './assessment.dto';
import { AssessmentResponse, CompetencyProfileResponse } from './assessment.responses';

const Id = () => Param('id', new ParseUUIDPipe());

@ApiTags('Assessment')
@Authenticated()
@Controller('assessments')
export class AssessmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @ApiOperation({
    summary: 'Start an assessment (draft) pinned to the current SKJ version of the target position',
    description:
      'Admins of the agency and its assigned assessors; an employee may record a SELF assessment of themself (kept beside, never counted in the JPM).',
  })
  @ApiProblems(400, 403, 404, 422)
  @ApiCreated(AssessmentResponse)
  create(@CurrentActor() actor: Actor, @Body() body: CreateAssessmentBody): Promise<AssessmentView> {
    return this.commands.execute(new CreateAssessmentCommand(actor, body));
  }

  @Post('import')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN', 'ASSESSOR')
  @ApiOperation({
    summary: 'Import completed results from an assessment center (CSV)',
    description:
      'Rows with the same NIP, assessedAt, providerName, method and purpose form one assessment, pinned to the employee’s current SKJ, which needs a level (1–5) for every competency of it; it is stored completed. ' +
      'Answers a report (rows, accepted, refused rows by line with the reason, created, unchanged); a refused row refuses every row of its assessment (an assessment is imported whole). Re-importing a file creates nothing new. ' +
      csvImportOutcomes(ASSESSMENT_CSV),
  })
  @ApiCsvImport({
    body: `UTF-8 CSV with the header \`${ASSESSMENT_IMPORT_COLUMNS.join(',')}\` (optional: ${ASSESSMENT_IMPORT_OPTIONAL.join(', ')}; providerAccredited defaults to true).`,
    example:
      'nip,competencyCode,level,assessedAt,providerName,method,purpose\n198503152010011001,M.01,3,2026-06-01,UPT Penilaian,ASSESSMENT_CENTER,MAPPING',
    report: AssessmentImportReportBody,
  })
  @ApiProblems(400, 403, 413, 415)
  import(@CurrentActor() actor: Actor, @Req() request: Request, @Query() q: ImportParams): Promise<AssessmentImportReport> {
    return this.commands.execute(new ImportAssessmentsCommand(actor, csvRows(request, ASSESSMENT_CSV), q.mode ?? 'all-or-nothing'));
  }

  @Get()
  @ApiProblems(400)
  @ApiPageResponse(AssessmentResponse)
  list(@CurrentActor() actor: Actor, @Query() q: ListAssessmentsParams): Promise<Page<AssessmentView>> {
    return this.queries.execute(new ListAssessmentsQuery(actor, q));
  }

  @Get(':id')
  @ApiProblems(400, 404)
  @ApiOk(AssessmentResponse)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<AssessmentView> {
    return this.queries.execute(new GetAssessmentQuery(actor, id));
  }

  @Put(':id/results')
  @ApiOperation({ summary: 'Replace the results of a draft: a level 1–5 per competency of the pinned SKJ (per rater for 360)' })
  @ApiProblems(400, 404, 409, 422)
  @ApiOk(AssessmentResponse)
  results(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: RecordResultsBody): Promise<AssessmentView> {
    const items = body.items.map((i) => ({
      competencyCode: i.competencyCode,
      level: i.level,
      evidence: i.evidence ?? null,
      raterGroup: i.raterGroup ?? null,
      raterName: i.raterName ?? null,
    }));
    return this.commands.execute(new RecordResultsCommand(actor, id, body.version, items));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @ApiOperation({ summary: 'Complete: final and immutable from then on; publishes AssessmentCompleted, which updates the profile' })
  @ApiProblems(400, 404, 409, 422)
  @ApiOk(AssessmentResponse)
  complete(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: CompleteAssessmentBody): Promise<AssessmentView> {
    return this.commands.execute(new CompleteAssessmentCommand(actor, id, body.version));
  }
}

@ApiTags('Assessment')
@Authenticated()
@Controller('employees')
export class CompetencyProfileController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/competency-profile')
  @ApiOperation({
    summary:
      'The competency profile: per competency of the current SKJ the latest valid official result and the gap; the JPM and its category',
    description:
      'JPM = Σ achieved ÷ Σ required × 100, two decimals (null until every competency has a valid official result). The category follows the purpose of the latest official assessment. reassessmentDue: a competency has no valid result or its result expires within 90 days.',
  })
  @ApiProblems(400, 404)
  @ApiOk(CompetencyProfileResponse)
  profile(@CurrentActor() actor: Actor, @Id() id: string): Promise<CompetencyProfileView> {
    return this.queries.execute(new GetCompetencyProfileQuery(actor, id));
  }
}
