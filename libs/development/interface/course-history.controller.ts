import { Controller, Get, Headers, Param, Query, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Max, Min } from 'class-validator';
import type { Response } from 'express';
import type { Actor } from '@kompeten/shared/kernel';
import {
  accepts,
  ApiProblems,
  Authenticated,
  CurrentActor,
  jsonOrCsv,
  PageParams,
  Roles,
  uuidParam,
} from '@kompeten/shared/infrastructure';
import {
  AgencyCourseHistoryQuery,
  COURSE_HISTORY_CSV_HEADER,
  CourseHistoryEntry,
  EmployeeCourseHistoryQuery,
} from '../application/queries/course-history';

export class CourseHistoryParams extends PageParams {
  @ApiPropertyOptional({ description: 'Only the courses of this JP year' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

const row = (nip: string | null, e: CourseHistoryEntry) => [
  nip,
  e.employeeId,
  e.source,
  e.provider,
  e.kind,
  e.name,
  e.certificateNumber,
  e.jp,
  e.year,
  e.startDate,
  e.endDate,
];

/**
 * The course history for the national personnel record (RULES.md: provider,
 * kind, name, certificate number, JP, year, start and end dates), as JSON or,
 * on `Accept: text/csv`, as CSV.
 */
@ApiTags('Development')
@Authenticated()
@Controller()
export class CourseHistoryController {
  constructor(private readonly queries: QueryBus) {}

  @Get('employees/:id/course-history')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN', 'EMPLOYEE')
  @ApiOperation({
    summary: 'An employee’s course history: completed enrolments, learning platforms’ completions and records that count',
    description:
      'Oldest first; `?year=` keeps one JP year. `Accept: text/csv` answers CSV with the header ' + COURSE_HISTORY_CSV_HEADER.join(','),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{employeeId, nip, items:[{source, id, employeeId, provider, kind, name, certificateNumber, jp, year, startDate, endDate}]}',
  })
  @ApiProblems(400, 401, 403, 404)
  async employee(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: CourseHistoryParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const history = await this.queries.execute(new EmployeeCourseHistoryQuery(actor, id, q.year));
    return jsonOrCsv(accept, res, history, COURSE_HISTORY_CSV_HEADER, (h) => h.items.map((e) => row(h.nip, e)));
  }

  @Get('agencies/:id/course-history')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({
    summary: 'An agency’s course history for the national personnel record (bulk), by the agency the employee belonged to when it counted',
    description:
      'JSON is cursor-paged ({items, nextCursor}; each item with the employee’s nip); `Accept: text/csv` answers every entry (of `?year=`) at once, header ' +
      COURSE_HISTORY_CSV_HEADER.join(','),
  })
  @ApiProduces('application/json', 'text/csv')
  @ApiOkResponse({
    description:
      '{items:[{nip, employeeId, agencyId, source, id, provider, kind, name, certificateNumber, jp, year, startDate, endDate}], nextCursor}',
  })
  @ApiProblems(400, 401, 403, 404)
  async agency(
    @CurrentActor() actor: Actor,
    @Param('id', uuidParam('id')) id: string,
    @Query() q: CourseHistoryParams,
    @Headers('accept') accept: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    // CSV answers every entry at once; JSON a page.
    const all = accepts(accept, 'text/csv');
    const page = await this.queries.execute(new AgencyCourseHistoryQuery(actor, id, { ...q, all }));
    return jsonOrCsv(accept, res, page, COURSE_HISTORY_CSV_HEADER, (p) => p.items.map((e) => row(e.nip, e)));
  }
}
