/**
 * Errors a domain or application layer raises. The HTTP layer maps each kind to
 * one problem+json status; nothing below the interface layer knows about HTTP.
 */
export interface FieldError {
  field: string;
  message: string;
}

export abstract class KompetenError extends Error {
  abstract readonly kind: 'invalid' | 'unauthenticated' | 'not-found' | 'conflict' | 'rule' | 'forbidden' | 'too-many' | 'precondition';
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The request is malformed or a value is out of its domain (400). */
export class InvalidInputError extends KompetenError {
  readonly kind = 'invalid' as const;
  constructor(
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
  }
  static field(field: string, message: string): InvalidInputError {
    return new InvalidInputError(`${field}: ${message}`, [{ field, message }]);
  }
}

/** The thing does not exist, or the actor may not know that it exists (404). */
export class NotFoundError extends KompetenError {
  readonly kind = 'not-found' as const;
  constructor(entity: string, key: string) {
    super(`${entity} ${key} was not found`);
  }
}

/** A duplicate business key or a stale version (409). */
export class ConflictError extends KompetenError {
  readonly kind = 'conflict' as const;
}

/** The client's precondition (an ETag it sent in If-Match or If-None-Match) does not hold (412). */
export class PreconditionFailedError extends KompetenError {
  readonly kind = 'precondition' as const;
}

/** A domain rule refused the change (422). */
export class RuleViolationError extends KompetenError {
  readonly kind = 'rule' as const;
  /** `extensions` go out as extension members of the problem (RFC 9457 §3.2), e.g. an import's `report`. */
  constructor(
    message: string,
    readonly extensions?: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The actor is known but the role may not do this (403). */
export class ForbiddenError extends KompetenError {
  readonly kind = 'forbidden' as const;
}

/** Too many attempts (429); retryAfterSeconds goes out as Retry-After. */
export class TooManyAttemptsError extends KompetenError {
  readonly kind = 'too-many' as const;
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

/** Wrong credentials (401); one answer for a wrong email and a wrong password. */
export class UnauthenticatedError extends KompetenError {
  readonly kind = 'unauthenticated' as const;
}
