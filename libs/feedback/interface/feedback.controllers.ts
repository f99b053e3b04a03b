import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kompeten/shared/kernel';
import { ApiProblems, Authenticated, CurrentActor, Page, Roles, uuidParam } from '@kompeten/shared/infrastructure';
import { EvaluateTrainingCommand, EvaluationSummaryQuery, ListEvaluationsQuery } from '../application/evaluations';
import { DeclineNeedCommand, GetNeedQuery, ListNeedsQuery, SubmitNeedCommand } from '../application/needs';
import type { EvaluationSummaryView, EvaluationView, TrainingNeedView } from '../application/views';
import { DeclineNeedBody, EvaluateBody, ListEvaluationsParams, ListNeedsParams, SubmitNeedBody } from './feedback.dto';

const Id = (name = 'id') => Param(name, uuidParam(name));
const ADMINS = ['MINISTRY_ADMIN', 'AGENCY_ADMIN'] as const;
const PEOPLE = ['MINISTRY_ADMIN', 'AGENCY_ADMIN', 'EMPLOYEE'] as const;

@ApiTags('Feedback')
@Authenticated()
@Controller('training-needs')
export class TrainingNeedsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post()
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'State a training need: a competency of the dictionary or free text, a priority, and why',
    description:
      'An employee states their own; an admin of their agency (or the ministry) may state one on their behalf. One live (OPEN or PLANNED) need per employee and competency (409). ' +
      'The need becomes PLANNED when a program developing the competency is added to their plan or they enrol in one, ADDRESSED when they complete one; publishes TrainingNeedSubmitted, ' +
      'which lifts the programs developing the competency in the employee’s recommendations.',
  })
  @ApiCreatedResponse({ description: 'The need (status OPEN)' })
  @ApiProblems(400, 403, 404, 409)
  submit(@CurrentActor() actor: Actor, @Body() body: SubmitNeedBody): Promise<TrainingNeedView> {
    return this.commands.execute(new SubmitNeedCommand(actor, body));
  }

  @Get()
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'Training needs you may see: an employee their own, agency admins their agency’s, ministry admins all',
    description: 'Filters: employeeId, agencyId, competencyCode, status, priority, and q (text or reason containing it). Keyset-paged.',
  })
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() q: ListNeedsParams): Promise<Page<TrainingNeedView>> {
    return this.queries.execute(new ListNeedsQuery(actor, q));
  }

  @Get(':id')
  @Roles(...PEOPLE)
  @ApiProblems(400, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string): Promise<TrainingNeedView> {
    return this.queries.execute(new GetNeedQuery(actor, id));
  }

  @Post(':id/decline')
  @HttpCode(200)
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Decline an OPEN or PLANNED need, saying why (admins of the employee’s agency); audited' })
  @ApiOkResponse({ description: 'The need (status DECLINED)' })
  @ApiProblems(400, 403, 404, 409, 422)
  decline(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: DeclineNeedBody): Promise<TrainingNeedView> {
    return this.commands.execute(new DeclineNeedCommand(actor, id, body));
  }
}

@ApiTags('Feedback')
@Authenticated()
@Controller('enrollments')
export class EnrolmentEvaluationController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/evaluation')
  @Roles('EMPLOYEE')
  @ApiOperation({
    summary: 'Evaluate a training you completed, once: rating 1–5, relevance to your work 1–5, would you recommend it, a comment',
    description:
      'Only the employee whose enrolment it is (another’s is 404), once it is COMPLETED (422 before); a second evaluation is 409. Publishes TrainingEvaluated. ' +
      'Evaluations are anonymous to everyone but their author.',
  })
  @ApiCreatedResponse({ description: 'The evaluation' })
  @ApiProblems(400, 403, 404, 409, 422)
  evaluate(@CurrentActor() actor: Actor, @Id() id: string, @Body() body: EvaluateBody): Promise<EvaluationView> {
    return this.commands.execute(new EvaluateTrainingCommand(actor, id, body));
  }
}

@ApiTags('Feedback')
@Authenticated()
@Controller('training-evaluations')
export class TrainingEvaluationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  @Roles(...PEOPLE)
  @ApiOperation({
    summary:
      'Evaluations you may see: an employee their own; agency admins their agency’s, ministry admins all, without the author’s identity',
    description: 'Filters: programId, agencyId, q (comment containing it). Keyset-paged.',
  })
  @ApiProblems(400)
  list(@CurrentActor() actor: Actor, @Query() q: ListEvaluationsParams): Promise<Page<EvaluationView>> {
    return this.queries.execute(new ListEvaluationsQuery(actor, q));
  }
}

@ApiTags('Feedback')
@Authenticated()
@Controller('training-programs')
export class ProgramEvaluationsController {
  constructor(private readonly queries: QueryBus) {}

  @Get(':id/evaluations/summary')
  @Roles(...PEOPLE)
  @ApiOperation({
    summary: 'A program’s evaluations (count, means, distributions, share who would recommend it) and effectiveness',
    description:
      'Effectiveness: the change of participants’ achieved level in the competencies the program develops, from their last official assessment before the session to their first after completing it, ' +
      'with the participants it rests on; meaningful is false below minimumParticipants (EFFECTIVENESS_MIN_PARTICIPANTS, default 5). Comments for admins only (an agency admin: their agency’s employees’), never with the author’s identity.',
  })
  @ApiOkResponse({ description: 'The summary' })
  @ApiProblems(400, 403, 404)
  summary(@CurrentActor() actor: Actor, @Id() id: string): Promise<EvaluationSummaryView> {
    return this.queries.execute(new EvaluationSummaryQuery(actor, id));
  }
}
