import { Body, Controller, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Actor } from '@kompeten/shared/kernel';
import { ApiProblems, Authenticated, CurrentActor, PageParams, Roles, uuidParam } from '@kompeten/shared/infrastructure';
import {
  CreateLrsClientCommand,
  ListAccountMappingsQuery,
  ListActivityMappingsQuery,
  ListLrsClientsQuery,
  ListReviewQueueQuery,
  MapAccountCommand,
  MapActivityCommand,
  RevokeLrsClientCommand,
} from '../application/integrations';
import {
  CreateLrsClientBody,
  ListAccountMappingsParams,
  LrsClientCreatedBody,
  MapAccountBody,
  MapActivityBody,
  ReviewQueueParams,
} from './integrations.dto';

const ADMINS = ['MINISTRY_ADMIN', 'AGENCY_ADMIN'] as const;

@ApiTags('Integrations: learning platforms (xAPI)')
@Authenticated()
@Controller('integrations')
export class IntegrationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('lrs-clients')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({
    summary: 'Issue a learning platform’s LRS credentials',
    description:
      'HTTP Basic key:secret for POST/PUT /xapi/statements, and for nothing else. The secret is shown once and kept only as a scrypt hash.',
  })
  @ApiCreatedResponse({ type: LrsClientCreatedBody })
  @ApiProblems(400, 401, 403)
  create(@CurrentActor() actor: Actor, @Body() body: CreateLrsClientBody) {
    return this.commands.execute(new CreateLrsClientCommand(actor, body));
  }

  @Get('lrs-clients')
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'The learning platforms’ credentials (never their secrets)' })
  @ApiProblems(400, 401, 403)
  list(@Query() q: PageParams) {
    return this.queries.execute(new ListLrsClientsQuery(q));
  }

  @Delete('lrs-clients/:id')
  @HttpCode(204)
  @Roles('MINISTRY_ADMIN')
  @ApiOperation({ summary: 'Revoke a platform’s credentials (its statements stay)' })
  @ApiNoContentResponse({ description: 'Revoked' })
  @ApiProblems(400, 401, 403, 404)
  async revoke(@Param('id', uuidParam('id')) id: string): Promise<void> {
    await this.commands.execute(new RevokeLrsClientCommand(id));
  }

  @Post('account-mappings')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Say once which employee a platform account is',
    description:
      'homePage (the site URL) + name (the platform’s user id) → employee of your agency. Statements of that account waiting in the review queue are applied at once (appliedStatements).',
  })
  @ApiCreatedResponse({ description: '{id, homePage, name, employeeId, agencyId, createdAt, appliedStatements}' })
  @ApiProblems(400, 401, 403, 404, 409)
  mapAccount(@CurrentActor() actor: Actor, @Body() body: MapAccountBody) {
    return this.commands.execute(new MapAccountCommand(actor, body));
  }

  @Get('account-mappings')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'Platform accounts mapped to your agency’s employees' })
  @ApiProblems(400, 401, 403)
  accountMappings(@CurrentActor() actor: Actor, @Query() q: ListAccountMappingsParams) {
    return this.queries.execute(new ListAccountMappingsQuery(actor, q));
  }

  @Get('review-queue')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Statements waiting for a mapping: an actor no employee is known for, or an activity no program is mapped to',
    description:
      'Mapping the account (POST /integrations/account-mappings) or the activity (POST /training-programs/{id}/activity-ids) applies them.',
  })
  @ApiOkResponse({
    description:
      '{items:[{id, statementId, reason, actor:{homePage,name,email}, verbId, activityId, parentActivityIds, employeeId, …}], nextCursor}',
  })
  @ApiProblems(400, 401, 403)
  reviewQueue(@CurrentActor() actor: Actor, @Query() q: ReviewQueueParams) {
    return this.queries.execute(new ListReviewQueueQuery(actor, q));
  }
}

@ApiTags('Integrations: learning platforms (xAPI)')
@Authenticated()
@Controller('training-programs')
export class ProgramActivitiesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post(':id/activity-ids')
  @Roles(...ADMINS)
  @ApiOperation({
    summary: 'Map a learning platform’s activity IRI to this program',
    description:
      'By default only statements whose object is the activity count; with includeChildren, statements whose context.contextActivities.parent names it count too, ' +
      'if they carry at least minScaledScore. Queued statements about it are applied at once (appliedStatements).',
  })
  @ApiCreatedResponse({ description: '{id, programId, activityId, includeChildren, minScaledScore, createdAt, appliedStatements}' })
  @ApiProblems(400, 401, 403, 404, 409)
  map(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string, @Body() body: MapActivityBody) {
    return this.commands.execute(new MapActivityCommand(actor, id, body));
  }

  @Get(':id/activity-ids')
  @Roles(...ADMINS)
  @ApiOperation({ summary: 'The activity IRIs mapped to this program' })
  @ApiProblems(400, 401, 403, 404)
  list(@CurrentActor() actor: Actor, @Param('id', uuidParam('id')) id: string) {
    return this.queries.execute(new ListActivityMappingsQuery(actor, id));
  }
}
