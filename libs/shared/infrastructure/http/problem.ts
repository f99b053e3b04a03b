import { FieldError } from '@kompeten/shared/kernel';

/** RFC 9457 problem details: the only error body Kompeten answers with. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
const BASE = 'https://kompeten.go.id/problems/';

const TITLES: Record<number, [string, string]> = {
  400: ['invalid-request', 'The request is invalid'],
  401: ['unauthenticated', 'Authentication is required'],
  403: ['forbidden', 'Not allowed'],
  404: ['not-found', 'Not found'],
  405: ['method-not-allowed', 'Method not allowed'],
  406: ['not-acceptable', 'Not acceptable'],
  409: ['conflict', 'Conflict'],
  412: ['precondition-failed', 'A precondition (If-Match, If-None-Match) does not hold'],
  413: ['payload-too-large', 'The request body is too large'],
  415: ['unsupported-media-type', 'Unsupported media type'],
  422: ['rule-violation', 'A domain rule refused the change'],
  429: ['too-many-requests', 'Too many attempts'],
  500: ['internal-error', 'Internal error'],
  503: ['unavailable', 'Service unavailable'],
};

export function problem(status: number, detail: string, errors?: FieldError[]): ProblemDetails {
  const [slug, title] = TITLES[status] ?? [`status-${status}`, 'Error'];
  const body: ProblemDetails = { type: BASE + slug, title, status, detail };
  if (errors && errors.length) body.errors = errors;
  return body;
}
