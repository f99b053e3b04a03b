import { Controller, Delete, Get, Header, Post, Put, Req, Res, UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { Public } from '@kompeten/shared/infrastructure';
import {
  ActivityQuery,
  DeleteDocumentsCommand,
  DocumentIdsQuery,
  DocumentQuery,
  DocumentScope,
  StoreDocumentCommand,
} from '../application/documents';
import { StoreStatementsCommand } from '../application/statement-intake';
import { StatementsQuery } from '../application/statement-reading';
import { AttachmentPart } from '../domain/attachments';
import { DocumentKind, Preconditions } from '../domain/documents';
import { isIri, isStatementId, isTimestamp, JsonObject, statementProblems, SUPPORTED_VERSION } from '../domain/statement';
import { acceptedLanguages, agentKey } from '../domain/statement-reading';
import { LrsBasicGuard, LrsRequest } from './lrs-basic.guard';
import { multipartAnswer, multipartParts, XapiRequest } from './xapi-http';

type Request = LrsRequest & XapiRequest;
const bad = (field: string, message: string) => InvalidInputError.field(field, message);

/** The query parameters, each given once. */
function paramsOf(request: Request, allowed?: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(request.query)) {
    if (typeof value !== 'string') throw bad(key, 'must be given once');
    if (allowed && !allowed.includes(key)) throw bad(key, 'is not a parameter of this resource');
    out[key] = value;
  }
  return out;
}

function jsonBody(request: Request): unknown {
  const body = request.xapiBody;
  if (!body || body.raw.length === 0) throw bad('(body)', 'send a statement or an array of statements');
  try {
    return JSON.parse(body.raw.toString('utf8'));
  } catch {
    throw bad('(body)', 'is not valid JSON');
  }
}

/** A statements request's body: JSON, or multipart/mixed with the statements first and the attachments' content after. */
function statementsBody(request: Request): { body: unknown; parts: AttachmentPart[] } {
  const contentType = request.xapiBody?.contentType ?? '';
  if (/^multipart\/mixed/i.test(contentType)) {
    const parts = multipartParts(request.xapiBody!);
    if (!parts || parts.length === 0) throw bad('(body)', 'is not a multipart/mixed body with the statements first');
    const [first, ...rest] = parts;
    if (!/^application\/json/i.test(first.headers['content-type'] ?? ''))
      throw bad('(body)', 'the first part must be the statements, application/json');
    let body: unknown;
    try {
      body = JSON.parse(first.content.toString('utf8'));
    } catch {
      throw bad('(body)', 'the first part is not valid JSON');
    }
    return {
      body,
      parts: rest.map((p, i) => {
        const sha2 = p.headers['x-experience-api-hash'];
        if (!sha2) throw bad(`parts[${i + 1}]`, 'needs an X-Experience-API-Hash header');
        if (p.headers['content-transfer-encoding'] && p.headers['content-transfer-encoding'].toLowerCase() !== 'binary')
          throw bad(`parts[${i + 1}]`, 'Content-Transfer-Encoding must be binary');
        return { sha2, contentType: p.headers['content-type'] ?? 'application/octet-stream', content: p.content };
      }),
    };
  }
  if (!/^application\/json/i.test(contentType)) throw bad('Content-Type', 'must be application/json or multipart/mixed');
  return { body: jsonBody(request), parts: [] };
}

function agentParam(value: string | undefined, field = 'agent'): string {
  if (value === undefined) throw bad(field, 'is required');
  let agent: unknown;
  try {
    agent = JSON.parse(value);
  } catch {
    throw bad(field, 'must be an Agent as JSON');
  }
  const problems = statementProblems({ actor: agent as JsonObject, verb: { id: 'urn:x' }, object: { id: 'urn:x' } }).filter((p) =>
    p.field.startsWith('statement.actor'),
  );
  const key = agentKey(agent);
  if (problems.length || !key) throw bad(field, 'must be an Agent with one inverse functional identifier');
  return key;
}

function iriParam(value: string | undefined, field: string): string {
  if (value === undefined) throw bad(field, 'is required');
  if (!isIri(value)) throw bad(field, 'must be an IRI');
  return value;
}

const preconditionsOf = (request: Request): Preconditions => ({
  ifMatch: typeof request.headers['if-match'] === 'string' ? request.headers['if-match'] : undefined,
  ifNoneMatch: typeof request.headers['if-none-match'] === 'string' ? request.headers['if-none-match'] : undefined,
});

interface DocumentResource {
  kind: DocumentKind;
  idParam: 'stateId' | 'profileId';
  params: string[];
  scope(p: Record<string, string>, clientId: string): DocumentScope;
}

const STATE: DocumentResource = {
  kind: 'STATE',
  idParam: 'stateId',
  params: ['activityId', 'agent', 'registration', 'stateId', 'since'],
  scope: (p, clientId) => {
    if (p.registration !== undefined && !isStatementId(p.registration)) throw bad('registration', 'must be a UUID');
    return {
      clientId,
      kind: 'STATE',
      activityId: iriParam(p.activityId, 'activityId'),
      agentKey: agentParam(p.agent),
      registration: p.registration?.toLowerCase(),
      documentId: p.stateId,
    };
  },
};
const ACTIVITY_PROFILE: DocumentResource = {
  kind: 'ACTIVITY_PROFILE',
  idParam: 'profileId',
  params: ['activityId', 'profileId', 'since'],
  scope: (p, clientId) => ({
    clientId,
    kind: 'ACTIVITY_PROFILE',
    activityId: iriParam(p.activityId, 'activityId'),
    documentId: p.profileId,
  }),
};
const AGENT_PROFILE: DocumentResource = {
  kind: 'AGENT_PROFILE',
  idParam: 'profileId',
  params: ['agent', 'profileId', 'since'],
  scope: (p, clientId) => ({ clientId, kind: 'AGENT_PROFILE', agentKey: agentParam(p.agent), documentId: p.profileId }),
};

/**
 * The xAPI 1.0.3 LRS (an endpoint root outside /api/v1, like /health):
 * statements, the State, Activity Profile and Agent Profile documents, Agents
 * and Activities. Learning platforms use it with their own Basic credentials,
 * not a user's token. Left out of the OpenAPI document: xAPI 1.0.3
 * (IEEE 9274.1.1) is its contract, and the ADL conformance suite its test.
 */
@ApiExcludeController()
@Public()
@UseGuards(LrsBasicGuard)
@Controller('xapi')
export class StatementsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Post('statements')
  async post(@Req() request: Request, @Res() res: Response): Promise<void> {
    paramsOf(request, []);
    const { body, parts } = statementsBody(request);
    const ids = await this.commands.execute(new StoreStatementsCommand(this.client(request), body, null, parts));
    res.status(200).json(ids);
  }

  @Put('statements')
  async put(@Req() request: Request, @Res() res: Response): Promise<void> {
    const { statementId } = paramsOf(request, ['statementId']);
    if (statementId === undefined) throw bad('statementId', 'is required: PUT stores the statement with this id');
    const { body, parts } = statementsBody(request);
    await this.commands.execute(new StoreStatementsCommand(this.client(request), body, { statementId }, parts));
    res.status(204).end();
  }

  @Get('statements')
  async get(@Req() request: Request, @Res() res: Response): Promise<void> {
    const answer = await this.queries.execute(
      new StatementsQuery(request.lrsReader!, paramsOf(request), acceptedLanguages(request.headers['accept-language'])),
    );
    const json = answer.kind === 'one' ? answer.statement : answer.result;
    if (answer.kind === 'one') res.setHeader('Last-Modified', new Date(answer.stored).toUTCString());
    else res.setHeader('X-Experience-API-Consistent-Through', answer.consistentThrough);
    if (answer.attachments) {
      const multipart = multipartAnswer(json, answer.attachments);
      res.status(200).type(multipart.contentType).send(multipart.body);
      return;
    }
    res.status(200).json(json);
  }

  @Get('activities/state')
  getState(@Req() request: Request, @Res() res: Response) {
    return this.getDocument(STATE, request, res);
  }
  @Put('activities/state')
  putState(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(STATE, request, res, false);
  }
  @Post('activities/state')
  postState(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(STATE, request, res, true);
  }
  @Delete('activities/state')
  deleteState(@Req() request: Request, @Res() res: Response) {
    return this.deleteDocument(STATE, request, res);
  }

  @Get('activities/profile')
  getActivityProfile(@Req() request: Request, @Res() res: Response) {
    return this.getDocument(ACTIVITY_PROFILE, request, res);
  }
  @Put('activities/profile')
  putActivityProfile(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(ACTIVITY_PROFILE, request, res, false);
  }
  @Post('activities/profile')
  postActivityProfile(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(ACTIVITY_PROFILE, request, res, true);
  }
  @Delete('activities/profile')
  deleteActivityProfile(@Req() request: Request, @Res() res: Response) {
    return this.deleteDocument(ACTIVITY_PROFILE, request, res);
  }

  @Get('agents/profile')
  getAgentProfile(@Req() request: Request, @Res() res: Response) {
    return this.getDocument(AGENT_PROFILE, request, res);
  }
  @Put('agents/profile')
  putAgentProfile(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(AGENT_PROFILE, request, res, false);
  }
  @Post('agents/profile')
  postAgentProfile(@Req() request: Request, @Res() res: Response) {
    return this.storeDocument(AGENT_PROFILE, request, res, true);
  }
  @Delete('agents/profile')
  deleteAgentProfile(@Req() request: Request, @Res() res: Response) {
    return this.deleteDocument(AGENT_PROFILE, request, res);
  }

  /** xAPI 1.0.3 §2.4: the Person the LRS knows by this agent (here: the agent's own identifiers). */
  @Get('agents')
  agents(@Req() request: Request, @Res() res: Response): void {
    const { agent } = paramsOf(request, ['agent']);
    agentParam(agent);
    const given = JSON.parse(agent) as JsonObject;
    const person: JsonObject = { objectType: 'Person' };
    for (const key of ['name', 'mbox', 'mbox_sha1sum', 'openid', 'account']) if (given[key] !== undefined) person[key] = [given[key]];
    res.status(200).json(person);
  }

  @Get('activities')
  async activities(@Req() request: Request, @Res() res: Response): Promise<void> {
    const { activityId } = paramsOf(request, ['activityId']);
    res.status(200).json(await this.queries.execute(new ActivityQuery(iriParam(activityId, 'activityId'))));
  }

  private client(request: Request) {
    if (!request.lrsClient) throw bad('Authorization', 'writing takes a platform’s LRS credentials');
    return request.lrsClient;
  }

  private async getDocument(resource: DocumentResource, request: Request, res: Response): Promise<void> {
    const p = paramsOf(request, resource.params);
    const scope = resource.scope(p, this.client(request).id);
    if (scope.documentId !== undefined) {
      if (p.since !== undefined) throw bad('since', `lists documents: send it without ${resource.idParam}`);
      const doc = await this.queries.execute(new DocumentQuery({ ...scope, documentId: scope.documentId }));
      res.setHeader('ETag', doc.etag);
      res.setHeader('Last-Modified', doc.updated.toUTCString());
      res.status(200).type(doc.contentType).send(doc.content);
      return;
    }
    if (p.since !== undefined && !isTimestamp(p.since)) throw bad('since', 'must be an ISO 8601 timestamp');
    res.status(200).json(await this.queries.execute(new DocumentIdsQuery(scope, p.since)));
  }

  private async storeDocument(resource: DocumentResource, request: Request, res: Response, merge: boolean): Promise<void> {
    const p = paramsOf(
      request,
      resource.params.filter((k) => k !== 'since'),
    );
    const scope = resource.scope(p, this.client(request).id);
    if (scope.documentId === undefined) throw bad(resource.idParam, 'is required');
    const body = request.xapiBody ?? { contentType: '', raw: Buffer.alloc(0) };
    await this.commands.execute(
      new StoreDocumentCommand(
        { ...scope, documentId: scope.documentId },
        body.raw,
        body.contentType || 'application/octet-stream',
        preconditionsOf(request),
        merge,
      ),
    );
    res.status(204).end();
  }

  private async deleteDocument(resource: DocumentResource, request: Request, res: Response): Promise<void> {
    const p = paramsOf(
      request,
      resource.params.filter((k) => k !== 'since'),
    );
    const scope = resource.scope(p, this.client(request).id);
    if (scope.documentId === undefined && resource.kind !== 'STATE') throw bad(resource.idParam, 'is required');
    await this.commands.execute(new DeleteDocumentsCommand(scope, preconditionsOf(request)));
    res.status(204).end();
  }
}

/**
 * xAPI 1.0.3 §2.7, About: the versions this LRS speaks. The one xAPI resource
 * without credentials or version header; platforms ask it before they send.
 */
@ApiExcludeController()
@Public()
@Controller('xapi/about')
export class AboutController {
  @Get()
  @Header('X-Experience-API-Version', SUPPORTED_VERSION)
  about(): { version: string[] } {
    return { version: [SUPPORTED_VERSION] };
  }
}
