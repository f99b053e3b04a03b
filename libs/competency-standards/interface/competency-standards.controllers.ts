import { Body, Controller, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { InvalidInputError } from '@kompeten/shared/kernel';
import type { Actor } from '@kompeten/shared/kernel';
import { ApiProblems, Authenticated, CurrentActor, Page, PageParams, Roles, uuidParam } from '@kompeten/shared/infrastructure';
import { ApiCsvImport, csvImportOutcomes, csvRows, ImportParams } from '@kompeten/shared/infrastructure/csv';
import { PublishCompetencyCommand } from '../application/commands/competency.commands';
import { COMPETENCY_CSV, ImportCompetenciesCommand } from '../application/commands/import-competencies.command';
import { ImportStandardsCommand, STANDARD_CSV } from '../application/commands/import-standards.command';
import { PublishPositionStandardCommand } from '../application/commands/standard.commands';
import { GetCompetencyQuery, ListCompetenciesQuery, ListCompetencyVersionsQuery } from '../application/queries/competency.queries';
import { GetPositionStandardQuery, ListPositionStandardVersionsQuery } from '../application/queries/standard.queries';
import { CompetencyImportReport, CompetencyView, StandardImportReport, StandardView } from '../application/views';
import {
  CompetencyImportReportResponse,
  CompetencyPageResponse,
  CompetencyResponse,
  CreateCompetencyBody,
  ListCompetenciesParams,
  PutCompetencyBody,
  PutStandardBody,
  StandardImportReportResponse,
  StandardPageResponse,
  StandardResponse,
  VersionParams,
} from './competency-standards.dto';

const Id = (name = 'id') => Param(name, uuidParam(name));

const COMPETENCY_CSV_EXAMPLE = `code,name,type,definition,agencyId,level,levelDescription,indicatorNumber,indicatorText
TK.KEU.01,Pengelolaan Anggaran,TECHNICAL,Kemampuan mengelola anggaran unit.,,1,Memahami dasar anggaran.,1.1,Menjelaskan siklus anggaran.
TK.KEU.01,Pengelolaan Anggaran,TECHNICAL,Kemampuan mengelola anggaran unit.,,1,Memahami dasar anggaran.,1.2,Membaca dokumen anggaran.
TK.KEU.01,Pengelolaan Anggaran,TECHNICAL,Kemampuan mengelola anggaran unit.,,2,Menyusun anggaran kegiatan.,2.1,Menyusun RAB kegiatan.
`;

const STANDARD_CSV_EXAMPLE = `positionCode,competencyCode,requiredLevel
ANALIS-SDM-01,M.01,3
ANALIS-SDM-01,M.02,3
`;

@ApiTags('Competency standards')
@Authenticated()
@Controller('competencies')
export class CompetenciesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @ApiOperation({
    summary:
      'The dictionary at its current versions: national competencies and the technical ones of the agencies you see; ?code= finds one',
  })
  @ApiOkResponse({ type: CompetencyPageResponse })
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() q: ListCompetenciesParams): Promise<Page<CompetencyView>> {
    return this.queries.execute(new ListCompetenciesQuery(actor, q));
  }

  @Post()
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({
    summary: 'Create a competency (version 1); publishes CompetencyPublished',
    description:
      'National ones (every managerial and sociocultural competency) only by a ministry admin; an agency admin creates their agency’s technical ones.',
  })
  @ApiCreatedResponse({ type: CompetencyResponse })
  @ApiProblems(400, 403, 404, 409)
  async create(@CurrentActor() actor: Actor, @Body() body: CreateCompetencyBody): Promise<CompetencyView> {
    const { code, ...content } = body;
    const { view } = await this.commands.execute(new PublishCompetencyCommand(actor, code, content, 'create'));
    return view;
  }

  @Post('import')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiCsvImport({
    body:
      'UTF-8 CSV with a header row, one row per behavioural indicator: ' +
      '`code,name,type,definition,agencyId,level,levelDescription,indicatorNumber,indicatorText` (agencyId optional). ' +
      'The rows of one code are that competency’s whole content: name, type, definition and agencyId repeat on each row, ' +
      'levelDescription on each row of its level; indicatorNumber is L.1, L.2, … for level L without gaps. ' +
      'agencyId empty: national, or an agency admin’s own agency for a technical competency (for an existing competency: its owner). ' +
      'A competency whose content equals its current version publishes nothing, so importing the same file twice changes nothing.',
    example: COMPETENCY_CSV_EXAMPLE,
    report: CompetencyImportReportResponse,
  })
  @ApiOperation({
    summary: 'Import competencies with their levels and indicators (CSV); publishes a new version of each that changed',
    description:
      'Answers a report: rows accepted, rows refused with line and reason. A refused row refuses every row of its competency ' +
      '(a competency is imported whole). Agency admins import only their agency’s technical competencies. ' +
      csvImportOutcomes(COMPETENCY_CSV),
  })
  @ApiProblems(400, 403, 409, 413, 415)
  importCompetencies(@CurrentActor() actor: Actor, @Req() request: Request, @Query() q: ImportParams): Promise<CompetencyImportReport> {
    return this.commands.execute(new ImportCompetenciesCommand(actor, csvRows(request, COMPETENCY_CSV), q.mode ?? 'all-or-nothing'));
  }

  @Get(':code')
  @ApiOperation({ summary: 'A competency by code, at its current version or ?version=' })
  @ApiOkResponse({ type: CompetencyResponse })
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: VersionParams): Promise<CompetencyView> {
    return this.queries.execute(new GetCompetencyQuery(actor, code, q.version));
  }

  @Put(':code')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({
    summary: 'Publish a new version of a competency (or create it: 201); publishes CompetencyPublished',
    description:
      'Send the current version number as `version` (0 or absent to create); a stale one gets 409. Content equal to the current ' +
      'version publishes nothing. Earlier versions never change. Agency admins change only their agency’s technical competencies: ' +
      'national ones answer 403, another agency’s 404.',
  })
  @ApiOkResponse({ type: CompetencyResponse })
  @ApiCreatedResponse({ type: CompetencyResponse })
  @ApiProblems(400, 403, 404, 409, 422)
  async put(
    @CurrentActor() actor: Actor,
    @Param('code') code: string,
    @Body() body: PutCompetencyBody,
    @Res({ passthrough: true }) response: Response,
  ): Promise<CompetencyView> {
    const { code: bodyCode, version, ...content } = body;
    if (bodyCode !== undefined && bodyCode !== code)
      throw InvalidInputError.field('code', `must be ${code}, the code in the path (a code never changes)`);
    const { view, created } = await this.commands.execute(new PublishCompetencyCommand(actor, code, content, 'put', version));
    response.status(created ? 201 : 200);
    return view;
  }

  @Get(':code/versions')
  @ApiOperation({ summary: 'Every published version of a competency, newest first' })
  @ApiOkResponse({ type: CompetencyPageResponse })
  @ApiProblems(400, 404)
  versions(@CurrentActor() actor: Actor, @Param('code') code: string, @Query() q: PageParams): Promise<Page<CompetencyView>> {
    return this.queries.execute(new ListCompetencyVersionsQuery(actor, code, q));
  }
}

@ApiTags('Competency standards')
@Authenticated()
@Controller('positions')
export class PositionStandardsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('standards/import')
  @HttpCode(200)
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiCsvImport({
    body:
      'UTF-8 CSV with the header `positionCode,competencyCode,requiredLevel`, one row per item. The rows of one position are its whole ' +
      'standard (all nine national competencies and any technical ones); positions not in the file are untouched. A position whose rows ' +
      'equal its current standard publishes nothing, so importing the same file twice changes nothing.',
    example: STANDARD_CSV_EXAMPLE,
    report: StandardImportReportResponse,
  })
  @ApiOperation({
    summary: 'Import the standards (SKJ) of many positions at once (CSV); publishes PositionStandardPublished for each that changed',
    description:
      'Answers a report: rows accepted, rows refused with line and reason. A refused row refuses every row of its position ' +
      '(a standard is imported whole). Agency admins import only their agency’s positions (another agency’s are “not found”). ' +
      csvImportOutcomes(STANDARD_CSV),
  })
  @ApiProblems(400, 403, 409, 413, 415)
  importStandards(@CurrentActor() actor: Actor, @Req() request: Request, @Query() q: ImportParams): Promise<StandardImportReport> {
    return this.commands.execute(new ImportStandardsCommand(actor, csvRows(request, STANDARD_CSV), q.mode ?? 'all-or-nothing'));
  }

  @Get(':id/standard')
  @ApiOperation({
    summary: 'The standard (SKJ) of a position: the current version, or ?version=',
    description:
      'A position without a published standard answers its draft (status DRAFT, version 0, publishedAt null): the nine national ' +
      'competencies at the usual level of its kind (JPT Utama/Madya 5, JPT Pratama 4, Administrator 3, Pengawas 2, Pelaksana 1; ' +
      'functional: Ahli Utama 4, Ahli Madya 3, Ahli Muda 2, Penyelia 2, Ahli Pertama/Mahir/Terampil/Pemula 1), ready to adjust and PUT.',
  })
  @ApiOkResponse({ type: StandardResponse })
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: VersionParams): Promise<StandardView> {
    return this.queries.execute(new GetPositionStandardQuery(actor, id, q.version));
  }

  @Put(':id/standard')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({
    summary: 'Publish a new version of a position’s standard, pinned to the current version of each competency it cites',
    description:
      'Send the current version as `version` (0 or absent for the first); a stale one gets 409. Items equal to the current version ' +
      'publish nothing. Publishes PositionStandardPublished with what changed.',
  })
  @ApiOkResponse({ type: StandardResponse })
  @ApiProblems(400, 404, 409, 422)
  put(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: PutStandardBody): Promise<StandardView> {
    return this.commands.execute(new PublishPositionStandardCommand(actor, id, body.items, body.version));
  }

  @Get(':id/standard/versions')
  @ApiOperation({ summary: 'Every published version of a position’s standard, newest first, each with its pinned competency versions' })
  @ApiOkResponse({ type: StandardPageResponse })
  @ApiProblems(400, 404)
  versions(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: PageParams): Promise<Page<StandardView>> {
    return this.queries.execute(new ListPositionStandardVersionsQuery(actor, id, q));
  }
}
