import { Body, Controller, Get, Header, HttpCode, Post, Put, Query, Req, UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBasicAuth, ApiBody, ApiHeader, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiProblems, Public } from '@kompeten/shared/infrastructure';
import { LrsClient, StoreStatementsCommand } from '../application/statement-intake';
import { SUPPORTED_VERSION } from '../domain/statement';
import { LrsBasicGuard, VERSION_HEADER } from './lrs-basic.guard';

const STATEMENT_SCHEMA = {
  description:
    'An xAPI 1.0.3 statement (actor, verb, object, and optionally id, result, context, timestamp…), or for POST an array of them',
  schema: { oneOf: [{ type: 'object' }, { type: 'array', items: { type: 'object' } }] },
};

/**
 * The xAPI statement resource (an LRS endpoint root outside /api/v1, like
 * /health): learning platforms send completions here with their own Basic
 * credentials, not a user's token.
 */
@ApiTags('xAPI statement resource (LRS)')
@ApiBasicAuth('lrs')
@ApiHeader({ name: VERSION_HEADER, required: true, description: 'The xAPI version: 1.0.x (1.0.3 answered)' })
@Public()
@UseGuards(LrsBasicGuard)
@Controller('xapi/statements')
export class StatementsController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(200)
  @ApiOperation({
    summary: 'Store one statement or an array (xAPI 1.0.3 §2.1.2, POST Statements)',
    description:
      'Answers the statement ids in order; the LRS assigns ids that are missing. The batch is all or nothing: one invalid statement is 400, a known id ' +
      'with a different statement 409 (an identical re-send is not an error), one id twice in the batch 400. Completions, passes and failures of mapped ' +
      'activities by known employees credit JP (once per employee and program); the rest waits in the review queue; `voided` reverses.',
  })
  @ApiBody(STATEMENT_SCHEMA)
  @ApiOkResponse({
    description: 'The ids, e.g. ["fd41c918-b88b-4b20-a0a5-a4c32391aaa0"]',
    schema: { type: 'array', items: { type: 'string', format: 'uuid' } },
  })
  @ApiProblems(400, 401, 409, 413)
  post(@Req() request: Request & { lrsClient: LrsClient }, @Body() body: unknown): Promise<string[]> {
    return this.commands.execute(new StoreStatementsCommand(request.lrsClient, body, null));
  }

  @Put()
  @HttpCode(204)
  @ApiOperation({
    summary: 'Store one statement with the given id (xAPI 1.0.3 §2.1.1, PUT Statements)',
    description: 'The same statement again is 204; another one with that id 409.',
  })
  @ApiQuery({ name: 'statementId', required: true, description: 'The statement’s id (UUID)' })
  @ApiBody(STATEMENT_SCHEMA)
  @ApiNoContentResponse({ description: 'Stored (or already stored, identical)' })
  @ApiProblems(400, 401, 409, 413)
  async put(
    @Req() request: Request & { lrsClient: LrsClient },
    @Query('statementId') statementId: string | undefined,
    @Body() body: unknown,
  ): Promise<void> {
    await this.commands.execute(new StoreStatementsCommand(request.lrsClient, body, { statementId }));
  }
}

/**
 * xAPI 1.0.3 §2.7, About: the versions this LRS speaks. The one xAPI resource
 * without credentials or version header; platforms ask it before they send.
 */
@ApiTags('xAPI statement resource (LRS)')
@Public()
@Controller('xapi/about')
export class AboutController {
  @Get()
  @Header(VERSION_HEADER, SUPPORTED_VERSION)
  @ApiOperation({ summary: 'The xAPI versions this LRS speaks (xAPI 1.0.3 §2.7, About); no credentials needed' })
  @ApiOkResponse({
    description: 'e.g. {"version":["1.0.3"]}',
    schema: { type: 'object', properties: { version: { type: 'array', items: { type: 'string' } } } },
  })
  about(): { version: string[] } {
    return { version: [SUPPORTED_VERSION] };
  }
}
