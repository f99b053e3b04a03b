import { ArgumentMetadata, BadRequestException, ParseUUIDPipe, ValidationError, ValidationPipe } from '@nestjs/common';
import { FieldError } from '@kompeten/shared/kernel';

/** At most this many field errors go out in one answer; a body of 100 000 unknown fields gets the first ones. */
export const MAX_FIELD_ERRORS = 100;
/** Request bodies and query strings nest no deeper than this (the API's own shapes nest three levels). */
export const MAX_NESTING = 32;
/** Keys that would reach an object's prototype; never a field of ours, so always refused. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

function flatten(errors: ValidationError[], prefix = ''): FieldError[] {
  return errors.flatMap((e) => {
    const property = e.property ?? '';
    const field = prefix ? (/^\d+$/.test(property) ? `${prefix}[${property}]` : `${prefix}.${property}`) : property || '(body)';
    const own = Object.values(e.constraints ?? {}).map((message) => ({ field, message }));
    return [...own, ...flatten(e.children ?? [], field)];
  });
}

function invalid(errors: FieldError[]): BadRequestException {
  const shown = errors.slice(0, MAX_FIELD_ERRORS);
  const more = errors.length > shown.length ? ` (and ${errors.length - shown.length} more)` : '';
  return new BadRequestException({
    detail: (shown.map((e) => `${e.field}: ${e.message}`).join('; ') || 'The request is invalid') + more,
    errors: shown.length ? shown : [{ field: '(body)', message: 'is invalid' }],
  });
}

/**
 * What class-validator cannot see, checked on the raw value (iteratively, so no
 * nesting can exhaust the stack): prototype keys (class-transformer drops them
 * silently, so they would pass as if absent), NUL characters (PostgreSQL cannot
 * store them in text) and absurd nesting.
 */
export function inspectRaw(value: unknown, root = ''): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: string; depth: number }[] = [{ value, path: root, depth: 0 }];
  const name = (path: string) => path || '(body)';
  while (stack.length && errors.length < MAX_FIELD_ERRORS) {
    const { value: v, path, depth } = stack.pop()!;
    if (typeof v === 'string') {
      if (v.includes('\u0000')) errors.push({ field: name(path), message: 'must not contain NUL (\\u0000) characters' });
      continue;
    }
    if (v === null || typeof v !== 'object') continue;
    // Only what JSON and query strings produce is walked; a raw body (Buffer) or any other object is left alone.
    const proto = Object.getPrototypeOf(v);
    if (!Array.isArray(v) && proto !== Object.prototype && proto !== null) continue;
    if (depth >= MAX_NESTING) {
      errors.push({ field: name(path), message: `nests deeper than ${MAX_NESTING} levels` });
      continue;
    }
    if (Array.isArray(v)) {
      v.forEach((item, i) => stack.push({ value: item, path: `${path}[${i}]`, depth: depth + 1 }));
      continue;
    }
    for (const key of Object.keys(v)) {
      const field = path ? `${path}.${key}` : key;
      if (PROTOTYPE_KEYS.has(key)) errors.push({ field, message: `property ${key} should not exist` });
      else if (key.includes('\u0000')) errors.push({ field: name(path), message: 'has a property name with a NUL (\\u0000) character' });
      else stack.push({ value: (v as Record<string, unknown>)[key], path: field, depth: depth + 1 });
    }
  }
  return errors;
}

/** The global pipe: unknown fields refused, types checked, every failing field named. */
class KompetenValidationPipe extends ValidationPipe {
  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      const errors = inspectRaw(value, metadata.type === 'param' ? (metadata.data ?? '') : '');
      if (errors.length) throw invalid(errors);
    }
    return super.transform(value, metadata);
  }
}

export function validationPipe(): ValidationPipe {
  return new KompetenValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    forbidUnknownValues: true,
    transform: true,
    transformOptions: { enableImplicitConversion: false },
    validationError: { target: false, value: false },
    exceptionFactory: (errors) => invalid(flatten(errors)),
  });
}

/** ParseUUIDPipe, answering the id in lower case (ids are compared as text in scopes and events). */
class LowerCaseUuidPipe extends ParseUUIDPipe {
  override async transform(value: string, metadata: ArgumentMetadata): Promise<string> {
    const id = await super.transform(value, metadata);
    return typeof id === 'string' ? id.toLowerCase() : id!;
  }
}

/** A path parameter that must be a UUID; a malformed one is a 400 naming the parameter. */
export function uuidParam(field: string): ParseUUIDPipe {
  return new LowerCaseUuidPipe({
    exceptionFactory: () => invalid([{ field, message: 'must be a UUID' }]),
  });
}
