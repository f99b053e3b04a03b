import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { QueryFailedError } from 'typeorm';
import { FieldError, KompetenError, RuleViolationError, TooManyAttemptsError } from '@kompeten/shared/kernel';
import { requestContext } from '../context/request-context';
import { PROBLEM_CONTENT_TYPE, problem, ProblemDetails } from './problem';

const KIND_STATUS: Record<KompetenError['kind'], number> = {
  invalid: 400,
  unauthenticated: 401,
  'not-found': 404,
  conflict: 409,
  rule: 422,
  forbidden: 403,
  'too-many': 429,
  precondition: 412,
};

/** Postgres error codes that can only come from what a client sent. */
const PG_CLIENT_ERRORS: Record<string, [number, string]> = {
  '23505': [409, 'A record with the same key already exists'],
  '23503': [409, 'The record refers to, or is referred to by, another record'],
  '22P02': [400, 'A value has the wrong format'],
  '22001': [400, 'A value is too long'],
  '22003': [400, 'A number is out of range'],
  '22007': [400, 'A date or time has the wrong format'],
  '22008': [400, 'A date or time is out of range'],
  '22021': [400, 'A value contains a character that cannot be stored (e.g. NUL)'],
  '22P05': [400, 'A value contains a character that cannot be stored'],
  '40001': [409, 'The record was changed by someone else at the same time; retry'],
};

/** Turns every error into one problem+json answer. Only a real fault of ours is a 500. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const body = this.toProblem(error);
    body.instance = request.originalUrl ?? request.url;
    body.requestId = requestContext.requestId();
    if (body.status >= 500) {
      this.logger.error(`${request.method} ${body.instance}: ${(error as Error)?.stack ?? String(error)}`);
    }
    if (error instanceof TooManyAttemptsError) response.setHeader('Retry-After', String(error.retryAfterSeconds));
    if (response.headersSent) {
      response.end();
      return;
    }
    response.status(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body));
  }

  toProblem(error: unknown): ProblemDetails {
    if (error instanceof KompetenError) {
      const errors = 'errors' in error ? (error.errors as FieldError[]) : undefined;
      const body = problem(KIND_STATUS[error.kind], error.message, errors);
      // Extension members never replace the standard ones.
      return error instanceof RuleViolationError && error.extensions ? { ...error.extensions, ...body } : body;
    }
    if (error instanceof HttpException) {
      const status = error.getStatus();
      const response = error.getResponse();
      if (typeof response === 'object' && response && 'errors' in response) {
        const r = response as { detail?: string; errors: FieldError[] };
        return problem(status, r.detail ?? 'The request is invalid', r.errors);
      }
      const message = typeof response === 'string' ? response : ((response as { message?: string | string[] }).message ?? error.message);
      return problem(status, Array.isArray(message) ? message.join('; ') : message);
    }
    // body-parser errors carry the status and a type.
    const bodyError = error as { type?: string; status?: number; statusCode?: number };
    if (bodyError && typeof bodyError === 'object' && bodyError.type) {
      const status = bodyError.status ?? bodyError.statusCode ?? 400;
      if (bodyError.type === 'entity.too.large') return problem(413, 'The request body is larger than this endpoint accepts');
      if (bodyError.type === 'entity.parse.failed') return problem(400, 'The request body is not valid JSON');
      if (status >= 400 && status < 500) return problem(status, (error as Error).message);
    }
    if (error instanceof QueryFailedError) {
      const code = (error as QueryFailedError & { driverError?: { code?: string } }).driverError?.code ?? '';
      const known = PG_CLIENT_ERRORS[code];
      if (known) return problem(known[0], known[1]);
    }
    return problem(500, 'An internal error occurred; it has been logged with the request id');
  }
}
