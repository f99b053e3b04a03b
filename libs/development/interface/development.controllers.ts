import { Body, Controller, Get, HttpCode, Param, Patch, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '@kompeten/shared/kernel';
import type { Actor } from '@kompeten/shared/kernel';
import { ApiProblems, Authenticated, CurrentActor, Page, Roles, uuidParam } from '@kompeten/shared/infrastructure';
import { CancelEnrolmentCommand, CompleteEnrolmentCommand, EnrolCommand } from '../application/commands/enrolment.commands';
import { AddPlanItemCommand, UpdatePlanItemCommand } from '../application/commands/plan.commands';
import { CreateProgramCommand, SetProgramActiveCommand, UpdateProgramCommand } from '../application/commands/program.commands';
import { CreateRecordCommand, VerifyRecordCommand } from '../application/commands/record.commands';
import { CreateSessionCommand, UpdateSessionCommand } from '../application/commands/session.commands';
import { DecideProposalCommand } from '../application/scheduling/session-scheduling';
import {
  GetDevelopmentHoursQuery,
  GetDevelopmentPlanQuery,
  GetEnrolmentQuery,
  GetProgramQuery,
  GetRecordQuery,
  GetSessionQuery,
  ListEnrolmentsQuery,
  ListProgramsQuery,
  ListRecordsQuery,
  ListSessionsQuery,
} from '../application/queries/development.queries';
import type {
  DevelopmentHoursView,
  DevelopmentPlanView,
  DevelopmentRecordView,
  EnrolmentView,
  PlanItemView,
  ProgramView,
  SessionView,
} from '../application/views';
import {
  AddPlanItemBody,
  CompleteEnrolmentBody,
  CreateProgramBody,
  CreateRecordBody,
  CreateSessionBody,
  DevelopmentHoursParams,
  EnrolBody,
  ListEnrolmentsParams,
  ListProgramsParams,
  ListRecordsParams,
  ListSessionEnrolmentsParams,
  ListSessionsParams,
  OptionalVersionBody,
  UpdatePlanItemBody,
  UpdateProgramBody,
  UpdateSessionBody,
  VersionBody,
} from './development.dto';

const Id = (name = 'id') => Param(name, uuidParam(name));
const ADMINS = ['MINISTRY_ADMIN', 'AGENCY_ADMIN'] as const;
const PEOPLE = ['MINISTRY_ADMIN', 'AGENCY_ADMIN', 'EMPLOYEE'] as const;

@ApiTags('Development')
@Authenticated()
@Controller('training-programs')
export class TrainingProgramsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Add a program to the catalogue',
    description:
      'National programs (agencyId null) are the ministry’s; an agency admin adds their agency’s own. Give jp, or days for a SEMINAR or WORKSHOP; creditJp answers what one completion credits by the JP rules ' +
      '(a training at its own JP, international +20 %; a seminar day 4 JP, 6 international; a workshop day 5 JP, 7 international). Every competency must be in the dictionary and define its target level.',
  })
  @ApiCreatedResponse({ description: 'The program' })
  @ApiProblems(400, 403, 404, 409)
  create(@CurrentActor() actor: Actor, @Body() body: CreateProgramBody): Promise<ProgramView> {
    return this.commands.execute(new CreateProgramCommand(actor, body));
  }

  @Get()
  @ApiOperation({ summary: 'The catalogue you can see: national programs and your agency’s; ?code= finds one by its business key' })
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() q: ListProgramsParams): Promise<Page<ProgramView>> {
    return this.queries.execute(new ListProgramsQuery(actor, q));
  }

  @Get(':id')
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<ProgramView> {
    return this.queries.execute(new GetProgramQuery(actor, id));
  }

  @Patch(':id')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Change a program (code and owner are fixed); the JP of completions already credited stay as they were' })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateProgramBody): Promise<ProgramView> {
    return this.commands.execute(new UpdateProgramCommand(actor, id, body));
  }

  @Post(':id/deactivate')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Take a program out of the catalogue: no new sessions, no new self-enrolments; its history stays' })
  @ApiProblems(400, 403, 404, 409, 422)
  deactivate(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<ProgramView> {
    return this.commands.execute(new SetProgramActiveCommand(actor, id, false, body.version));
  }

  @Post(':id/activate')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiProblems(400, 403, 404, 409, 422)
  activate(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<ProgramView> {
    return this.commands.execute(new SetProgramActiveCommand(actor, id, true, body.version));
  }

  @Post(':id/sessions')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Schedule a session of the program',
    description:
      'Ministry admins schedule any program’s sessions; an agency admin their agency’s programs’ and hosts sessions of national ones (hostAgencyId: their agency; its admins manage the session). ' +
      'Capacity at most the program’s maxClassSize; a location or an onlineUrl; endsAt after startsAt. An admin may record a session that already ran (status DONE).',
  })
  @ApiCreatedResponse({ description: 'The session' })
  @ApiProblems(400, 403, 404, 422)
  createSession(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: CreateSessionBody): Promise<SessionView> {
    return this.commands.execute(new CreateSessionCommand(actor, id, body));
  }

  @Get(':id/sessions')
  @ApiProblems(400, 404)
  sessions(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: ListSessionsParams): Promise<Page<SessionView>> {
    return this.queries.execute(new ListSessionsQuery(actor, id, q));
  }
}

@ApiTags('Development')
@Authenticated()
@Controller('training-sessions')
export class TrainingSessionsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<SessionView> {
    return this.queries.execute(new GetSessionQuery(actor, id));
  }

  @Patch(':id')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Change a session: more seats go to the head of the waiting list; CANCELLED cancels its enrolments' })
  @ApiProblems(400, 403, 404, 409, 422)
  update(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: UpdateSessionBody): Promise<SessionView> {
    return this.commands.execute(new UpdateSessionCommand(actor, id, body));
  }

  @Post(':id/confirm')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Confirm a PROPOSED session: it becomes SCHEDULED',
    description:
      'For the admins of the host agency (or the ministry). A session the nightly job proposed where demand was unmet (PROPOSAL_MIN_DEMAND) puts the employees behind that demand on its waiting list. ' +
      'A session that is not PROPOSED is 422; a stale version 409.',
  })
  @ApiOkResponse({ description: 'The session' })
  @ApiProblems(400, 403, 404, 409, 422)
  confirm(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<SessionView> {
    return this.commands.execute(new DecideProposalCommand(actor, id, 'CONFIRM', body.version));
  }

  @Post(':id/reject')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Reject a PROPOSED session: it becomes CANCELLED (with any enrolments)',
    description: 'For the admins of the host agency (or the ministry). A session that is not PROPOSED is 422; a stale version 409.',
  })
  @ApiOkResponse({ description: 'The session' })
  @ApiProblems(400, 403, 404, 409, 422)
  reject(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: VersionBody): Promise<SessionView> {
    return this.commands.execute(new DecideProposalCommand(actor, id, 'REJECT', body.version));
  }

  @Post(':id/enrollments')
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'Enrol an employee: ENROLLED while seats last, else WAITLISTED',
    description:
      'One live enrolment per employee per session (409 on a second). Employees enrol themselves until the enrolment deadline; admins of their agency any time. ' +
      'The waiting list is ordered by the employee’s gap in the program’s competencies (latest competency profile; 0 when unknown), then their JP shortfall this year, then first come.',
  })
  @ApiCreatedResponse({ description: 'The enrolment: {id, status: ENROLLED | WAITLISTED, waitlistPosition, …}' })
  @ApiProblems(400, 403, 404, 409, 422)
  async enrol(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: EnrolBody): Promise<EnrolmentView> {
    const employeeId = body.employeeId ?? actor.employeeId;
    if (!employeeId) throw InvalidInputError.field('employeeId', 'is required');
    const view: EnrolmentView = await this.commands.execute(new EnrolCommand(actor, id, employeeId));
    return this.queries.execute(new GetEnrolmentQuery(actor, view.id));
  }

  @Get(':id/enrollments')
  @Roles(...PEOPLE)
  @ApiOperation({ summary: 'The session’s enrolments you can see (your agency’s employees; yourself), waiting-list positions included' })
  @ApiProblems(400, 403, 404)
  enrolments(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: ListSessionEnrolmentsParams): Promise<Page<EnrolmentView>> {
    return this.queries.execute(new ListEnrolmentsQuery(actor, { ...q, sessionId: id }));
  }
}

@ApiTags('Development')
@Authenticated()
@Controller('enrollments')
export class EnrolmentsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get()
  @Roles(...PEOPLE)
  @ApiProblems(400, 403, 404)
  list(@CurrentActor() actor: Actor, @Query() q: ListEnrolmentsParams): Promise<Page<EnrolmentView>> {
    return this.queries.execute(new ListEnrolmentsQuery(actor, q));
  }

  @Get(':id')
  @Roles(...PEOPLE)
  @ApiProblems(400, 403, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<EnrolmentView> {
    return this.queries.execute(new GetEnrolmentQuery(actor, id));
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'Cancel an enrolment: a seat freed goes to the head of the waiting list. Employees until the session starts; admins any time.',
  })
  @ApiProblems(400, 403, 404, 409, 422)
  async cancel(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: OptionalVersionBody): Promise<EnrolmentView> {
    await this.commands.execute(new CancelEnrolmentCommand(actor, id, body.version));
    return this.queries.execute(new GetEnrolmentQuery(actor, id));
  }

  @Post(':id/complete')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Record that the employee attended and passed: credits the program’s JP once, publishes TrainingCompleted',
    description: 'Only an ENROLLED enrolment of a session that has started; a second completion is refused (422) and changes nothing.',
  })
  @ApiOkResponse({ description: 'The completed enrolment, with creditedJp and jpYear' })
  @ApiProblems(400, 403, 404, 409, 422)
  async complete(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: CompleteEnrolmentBody): Promise<EnrolmentView> {
    await this.commands.execute(new CompleteEnrolmentCommand(actor, id, body));
    return this.queries.execute(new GetEnrolmentQuery(actor, id));
  }
}

@ApiTags('Development')
@Authenticated()
@Controller('development-records')
export class DevelopmentRecordsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id')
  @Roles(...PEOPLE)
  @ApiProblems(400, 403, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<DevelopmentRecordView> {
    return this.queries.execute(new GetRecordQuery(actor, id));
  }

  @Post(':id/verify')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({
    summary:
      'Verify an employee’s own record: from now it counts (JP credited for the year of its end date; DevelopmentRecorded published)',
  })
  @ApiProblems(400, 403, 404, 409, 422)
  verify(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: OptionalVersionBody): Promise<DevelopmentRecordView> {
    return this.commands.execute(new VerifyRecordCommand(actor, id, body.version));
  }
}

@ApiTags('Development')
@Authenticated()
@Controller('employees')
export class EmployeeDevelopmentController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/development-records')
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'Record development done outside the catalogue (the course history: kind, name, provider, certificate number, JP, dates)',
    description:
      'An admin’s record counts at once (DevelopmentRecorded); an employee’s own stays PENDING, and counts only once an admin of their agency verifies it.',
  })
  @ApiCreatedResponse({ description: 'The record' })
  @ApiProblems(400, 403, 404)
  createRecord(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: CreateRecordBody): Promise<DevelopmentRecordView> {
    return this.commands.execute(new CreateRecordCommand(actor, id, body));
  }

  @Get(':id/development-records')
  @Roles(...PEOPLE)
  @ApiProblems(400, 403, 404)
  records(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: ListRecordsParams): Promise<Page<DevelopmentRecordView>> {
    return this.queries.execute(new ListRecordsQuery(actor, id, q));
  }

  @Get(':id/development-hours')
  @Roles(...PEOPLE)
  @ApiOperation({
    summary:
      'The JP of a year (completions and verified records, by the year of completion or end date) against the yearly duty (REQUIRED_JP_PER_YEAR, 20)',
  })
  @ApiOkResponse({ description: '{employeeId, year, jp, requiredJp, compliant, shortfallJp, fromTrainings, fromRecords}' })
  @ApiProblems(400, 403, 404)
  hours(@CurrentActor() actor: Actor, @Id() id: string, @Query() q: DevelopmentHoursParams): Promise<DevelopmentHoursView> {
    return this.queries.execute(new GetDevelopmentHoursQuery(actor, id, q.year));
  }

  @Get(':id/development-plan')
  @Roles(...PEOPLE)
  @ApiOperation({ summary: 'The individual development plan: its items, and the gaps of the latest competency profile it should cover' })
  @ApiProblems(400, 403, 404)
  plan(@CurrentActor() actor: Actor, @Id() id: string): Promise<DevelopmentPlanView> {
    return this.queries.execute(new GetDevelopmentPlanQuery(actor, id));
  }

  @Post(':id/development-plan/items')
  @Roles(...PEOPLE)
  @ApiOperation({ summary: 'Add a plan item: a competency to develop, through a program (or one of its sessions) that develops it' })
  @ApiCreatedResponse({ description: 'The item' })
  @ApiProblems(400, 403, 404, 422)
  addItem(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: AddPlanItemBody): Promise<PlanItemView> {
    return this.commands.execute(new AddPlanItemCommand(actor, id, { ...body, source: 'MANUAL' }));
  }

  @Patch(':id/development-plan/items/:itemId')
  @Roles(...PEOPLE)
  @ApiOperation({ summary: 'Move a plan item on: PLANNED, IN_PROGRESS, DONE (final) or DROPPED' })
  @ApiProblems(400, 403, 404, 409, 422)
  updateItem(
    @CurrentActor() actor: Actor,
    @Id() id: string,
    @Id('itemId') itemId: string,
    @Body() body: UpdatePlanItemBody,
  ): Promise<PlanItemView> {
    return this.commands.execute(new UpdatePlanItemCommand(actor, id, itemId, body));
  }
}
