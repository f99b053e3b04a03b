import { INestApplication, RequestMethod } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { getQueueToken } from '@nestjs/bullmq';
import { JwtService } from '@nestjs/jwt';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { createBullBoard } from '@bull-board/api';
import { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { ExpressAdapter } from '@bull-board/express';
import type { NextFunction, Request, Response } from 'express';
import { Queue } from 'bullmq';
import { Environment } from '@config/environment';
import { newId } from '@kompeten/shared/kernel';
import {
  AccessTokenClaims,
  actorFromClaims,
  bearerToken,
  JsonLogger,
  Metrics,
  problem,
  PROBLEM_CONTENT_TYPE,
  ProblemDetailsFilter,
  QUEUES,
  requestContext,
  typeNullableFields,
  validationPipe,
} from '@kompeten/shared/infrastructure';
import { SYSTEM_ACTOR } from '@kompeten/shared/kernel';
import { xapiHttpMiddleware } from '@kompeten/system';

export const OPERATIONS_PATHS = ['health/live', 'health/ready', 'metrics'];
/** The xAPI resources: an LRS endpoint root for learning platforms (statements with their own Basic credentials, not a token; About open). */
export const LRS_PATHS = [
  'xapi/statements',
  'xapi/activities/state',
  'xapi/activities/profile',
  'xapi/agents/profile',
  'xapi/agents',
  'xapi/activities',
  'xapi/about',
];

/** Bytes of a size such as 16mb or 512kb. */
const bytesOf = (size: string): number => {
  const [, n, unit] = /^(\d+)(b|kb|mb)$/i.exec(size)!;
  return Number(n) * { b: 1, kb: 1024, mb: 1024 * 1024 }[unit.toLowerCase() as 'b' | 'kb' | 'mb'];
};

/** Request id, JSON access log and latency metric for every request. */
function requestMiddleware(logger: JsonLogger, metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction) => {
    const given = req.headers['x-request-id'];
    const requestId = typeof given === 'string' && /^[\w.-]{1,100}$/.test(given) ? given : newId();
    res.setHeader('X-Request-Id', requestId);
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const route = (req as Request & { route?: { path?: string } }).route?.path ?? 'unmatched';
      metrics.httpDuration.observe({ method: req.method, route, status: String(res.statusCode) }, seconds);
      if (res.statusCode >= 500) metrics.httpErrors.inc();
      if (!OPERATIONS_PATHS.some((p) => req.path === '/' + p)) {
        requestContext.run({ requestId, actor: SYSTEM_ACTOR }, () =>
          logger.access({ method: req.method, path: req.originalUrl, status: res.statusCode, ms: Math.round(seconds * 1000) }),
        );
      }
    });
    requestContext.run({ requestId, actor: SYSTEM_ACTOR, clientAddress: req.ip }, () => next());
  };
}

/** /admin/queues: Bull Board, for ministry admins (bearer token, or the cookie the sign-in form sets). */
function queueDashboard(app: INestApplication, jwt: JwtService) {
  const adapter = new ExpressAdapter();
  adapter.setBasePath('/admin/queues');
  createBullBoard({
    queues: [QUEUES.integrationEvents, QUEUES.integrationEventBatches, QUEUES.maintenance].map(
      (name) => new BullMQAdapter(app.get<Queue>(getQueueToken(name))),
    ),
    serverAdapter: adapter,
  });
  const guard = async (req: Request, res: Response, next: NextFunction) => {
    const cookie = /(?:^|;\s*)kompeten_token=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
    const token = bearerToken(req) ?? (cookie ? decodeURIComponent(cookie) : undefined);
    const deny = (status: number, detail: string) =>
      res
        .status(status)
        .type(PROBLEM_CONTENT_TYPE)
        .send(JSON.stringify(problem(status, detail)));
    if (!token) return deny(401, 'Sign in as a ministry admin: send a bearer token or the kompeten_token cookie');
    try {
      const actor = actorFromClaims(await jwt.verifyAsync<AccessTokenClaims>(token));
      if (actor.role !== 'MINISTRY_ADMIN') return deny(403, 'The queue dashboard is for ministry admins only');
      next();
    } catch {
      deny(401, 'The token is invalid or expired');
    }
  };
  app.use('/admin/queues', guard, adapter.getRouter());
}

/** Everything HTTP about the API app; main.ts and the end-to-end tests both use it. */
export function configureHttp(app: NestExpressApplication, env: Environment, logger: JsonLogger): void {
  const metrics = app.get(Metrics);
  app.use(requestMiddleware(logger, metrics));
  // The LRS reads its own bodies (documents are any media type, statements may be multipart/mixed) and its alternate request syntax.
  const xapi = xapiHttpMiddleware(bytesOf(env.XAPI_BODY_LIMIT));
  app.use((req: Request, res: Response, next: NextFunction) => (/^\/xapi(\/|$)/.test(req.path) ? xapi(req, res, next) : next()));
  app.useBodyParser('json', { limit: env.BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  app.setGlobalPrefix('api/v1', {
    exclude: [
      ...OPERATIONS_PATHS.map((path) => ({ path, method: RequestMethod.GET })),
      ...LRS_PATHS.map((path) => ({ path, method: RequestMethod.ALL })),
    ],
  });
  app.useGlobalPipes(validationPipe());
  app.disable('x-powered-by');
  app.set('query parser', 'simple');
  queueDashboard(app, app.get(JwtService));

  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Kompeten admin API')
      .setDescription(
        'The national system of record for the competencies of Indonesian civil servants (ASN). ' +
          'Errors are application/problem+json (RFC 9457). Lists are cursor-paged: ?limit= (default 50, max 500) and ?cursor=, answering {items, nextCursor}.',
      )
      .setVersion('1')
      .addBearerAuth()
      .addBasicAuth(
        { type: 'http', scheme: 'basic', description: 'A learning platform’s LRS key:secret (xAPI statement resource only)' },
        'lrs',
      )
      .build(),
  );
  SwaggerModule.setup('docs', app, typeNullableFields(document), { jsonDocumentUrl: 'docs-json' });
  app.enableShutdownHooks();
}

/** Errors raised before Nest's router (e.g. by the body parser) still answer problem+json. */
export function lastResortErrorHandler() {
  const filter = new ProblemDetailsFilter();
  return (error: unknown, req: Request, res: Response, _next: NextFunction) => {
    const body = filter.toProblem(error);
    body.instance = req.originalUrl;
    res.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  };
}
