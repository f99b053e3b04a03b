import { getMetadataStorage } from 'class-validator';
import type { OpenAPIObject } from '@nestjs/swagger';

/** What a validator says a field is: its OpenAPI type (and format). */
const VALIDATOR_TYPES: Record<string, { type: string; format?: string }> = {
  isString: { type: 'string' },
  isNotEmpty: { type: 'string' },
  maxLength: { type: 'string' },
  minLength: { type: 'string' },
  matches: { type: 'string' },
  isEmail: { type: 'string', format: 'email' },
  isUrl: { type: 'string', format: 'uri' },
  isUuid: { type: 'string', format: 'uuid' },
  isDateString: { type: 'string', format: 'date-time' },
  isIso8601: { type: 'string', format: 'date-time' },
  isInt: { type: 'integer' },
  isNumber: { type: 'number' },
  isBoolean: { type: 'boolean' },
};

type Schema = { type?: string; format?: string; properties?: Record<string, Schema>; [key: string]: unknown };

/**
 * A request field typed `string | null` (or `number | null`) has no runtime type for Swagger to read, so it is
 * documented as an untyped `object`. Its validators say what it really is: this gives each such property of a
 * documented body the type (and format) its class-validator decorators check, so a generated client gets
 * `string | null`, not `Record<string, never>`. Response shapes state their types themselves.
 */
export function typeNullableFields(document: OpenAPIObject): OpenAPIObject {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<abstract new (...args: never[]) => unknown, { propertyName: string; name?: string }[]>;
  };
  const byName = new Map<string, { propertyName: string; name?: string }[]>();
  for (const [target, metadata] of storage.validationMetadatas) byName.set(target.name, [...(byName.get(target.name) ?? []), ...metadata]);
  // A DTO's validators include those of the classes it extends.
  const parents = (name: string) => {
    const found = [...storage.validationMetadatas.keys()].find((t) => t.name === name);
    const chain: string[] = [];
    for (let c = found ? Object.getPrototypeOf(found) : null; c && c.name; c = Object.getPrototypeOf(c)) chain.push(c.name);
    return chain;
  };
  for (const [name, schema] of Object.entries((document.components?.schemas ?? {}) as Record<string, Schema>)) {
    for (const [property, field] of Object.entries(schema.properties ?? {})) {
      if (field.type !== 'object' || field.properties || field.additionalProperties || field.$ref) continue;
      const metadata = [name, ...parents(name)].flatMap((n) => byName.get(n) ?? []).filter((m) => m.propertyName === property);
      const known = metadata.map((m) => VALIDATOR_TYPES[m.name ?? '']).filter(Boolean);
      // The most specific: a format beats a bare string; integer beats number.
      const chosen = known.find((k) => k.format) ?? known.find((k) => k.type === 'integer') ?? known[0];
      if (!chosen) continue;
      field.type = chosen.type;
      if (chosen.format && !field.format) field.format = chosen.format;
    }
  }
  return document;
}
