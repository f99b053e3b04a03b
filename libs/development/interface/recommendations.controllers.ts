import { Body, Controller, Get, Headers, HttpCode, Param, ParseIntPipe, Post } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiAcceptedResponse, ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { InvalidInputError } from '@kompeten/shared/kernel';
import type { Actor } from '@kompeten/shared/kernel';
import { ApiProblems, Authenticated, CurrentActor, Roles, uuidParam } from '@kompeten/shared/infrastructure';
import {
  AcceptRecommendationCommand,
  GetRecommendationsQuery,
  GetRecomputeJobQuery,
  StartRecomputeCommand,
} from '../application/recommendations/recommendations';
import type { RecommendationsView } from '../application/recommendations/recommendations';
import type { RecomputeJobView } from '../application/recommendations/recompute-runs';
import type { PlanItemView } from '../application/views';
import { reasonLanguage } from '../domain/recommendation-explanations';
import { AcceptRecommendationBody, JobDto, RecommendationsDto, RecomputeBody } from './recommendations.dto';

const Id = (name = 'id') => Param(name, uuidParam(name));
const Rank = () =>
  Param('rank', new ParseIntPipe({ exceptionFactory: () => InvalidInputError.field('rank', 'must be a whole number from 1') }));

const SCORING = [
  'Candidates: for each competency with a negative gap in the latest profile, the active programs open to the employee (national or their agency’s) that develop it',
  'to a target level above the achieved one, except programs completed or with a live enrolment or waiting-list place (enrolling takes a program out within seconds).',
  'Score (items are ordered by it, descending): 200 × the number of the employee’s gaps listed after this one (gaps from the largest, equal gaps by competency code),',
  'so every program of a larger gap comes before every program of a smaller one; + 100 when the target reaches the required level, + 10 × (5 − target level);',
  '+ 5 when a session has a free seat, starts within 90 days and still takes enrolments (its id is sessionId); + up to 4 × min(the program’s JP credit, this year’s',
  'JP shortfall) ÷ the yearly 20 JP; + the feedback terms: a stated training need (8 HIGH, 6 MEDIUM, 4 LOW), 4 × (mean rating − 3) ÷ 2 once 3 evaluations,',
  '4 × the participants’ mean level change (capped at ±1) once meaningful. Within a gap, without feedback, programs reaching the required level come first, then',
  'the lower target level, then (signals, then) the program code. Up to 3 programs per gap, at most 10 items, ranked 1…n in score order.',
  'Each item’s reasons (in the Accept-Language asked for: id by default, en) are rendered from its `explanations` ({code, …params}: GAP, CLOSES_GAP or NARROWS_GAP,',
  'SESSION_SOON, JP_SHORTFALL, STATED_NEED, EVALUATION, EFFECTIVENESS), made when read from current data, so a session’s free seats are those of now.',
].join(' ');

@ApiTags('Development')
@Authenticated()
@Controller('employees')
export class EmployeeRecommendationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Get(':id/recommendations')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN', 'EMPLOYEE')
  @ApiOperation({
    summary: 'The employee’s current recommendations (recomputed by the worker when the profile, completions or JP change)',
    description: SCORING,
  })
  @ApiHeader({ name: 'Accept-Language', required: false, description: 'The language of the reasons: id (default) or en' })
  @ApiOkResponse({ type: RecommendationsDto })
  @ApiProblems(400, 403, 404)
  get(@CurrentActor() actor: Actor, @Id() id: string, @Headers('accept-language') language?: string): Promise<RecommendationsView> {
    return this.queries.execute(new GetRecommendationsQuery(actor, id, reasonLanguage(language)));
  }

  @Post(':id/recommendations/:rank/accept')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN', 'EMPLOYEE')
  @ApiOperation({
    summary:
      'Accept a recommendation: it becomes a development-plan item (source RECOMMENDATION); accepting it again answers the same item',
  })
  @ApiCreatedResponse({ description: 'The plan item' })
  @ApiProblems(400, 403, 404, 422)
  accept(
    @CurrentActor() actor: Actor,
    @Id() id: string,
    @Rank() rank: number,
    @Body() body: AcceptRecommendationBody,
  ): Promise<PlanItemView> {
    return this.commands.execute(new AcceptRecommendationCommand(actor, id, rank, body.programId));
  }
}

@ApiTags('Jobs')
@Authenticated()
@Controller('admin')
export class RecommendationJobsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('recommendations/recompute')
  @HttpCode(202)
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Recompute every employee’s recommendations (or one agency’s) in the background; a nightly job does the same',
    description: `Split into chunks of 2,000 employees run by the workers; follow it at GET /admin/jobs/{id}. ${SCORING}`,
  })
  @ApiAcceptedResponse({ type: JobDto })
  @ApiProblems(400, 403, 404)
  recompute(@CurrentActor() actor: Actor, @Body() body: RecomputeBody): Promise<RecomputeJobView> {
    return this.commands.execute(new StartRecomputeCommand(actor, body.agencyId ?? null));
  }

  @Get('jobs/:id')
  @Roles('MINISTRY_ADMIN', 'AGENCY_ADMIN')
  @ApiOperation({
    summary: 'A background job: state (queued, running, completed, failed) and progress',
    description:
      'A full recompute (ministry admins): progress counts employees done of the total. The downstream work of an import ' +
      '(the `jobId` of its report; ministry admins, or the agency admin of its agency): progress counts the deliveries of its ' +
      'events, and of the events they caused, handled of those owed so far; `completed` means every profile, gap, ' +
      'recommendation and reporting read model the import touched is current.',
  })
  @ApiOkResponse({ type: JobDto })
  @ApiProblems(400, 403, 404)
  job(@CurrentActor() actor: Actor, @Id() id: string): Promise<RecomputeJobView> {
    return this.queries.execute(new GetRecomputeJobQuery(actor, id));
  }
}
