/**
 * The xAPI document resources' rules (State, Activity Profile, Agent Profile;
 * xAPI 1.0.3 §2.2, §3.1): ETags, the preconditions on them, and how a POST
 * merges JSON documents. Plain TypeScript.
 */
import { createHash } from 'node:crypto';
import { JsonObject } from './statement';

export type DocumentKind = 'STATE' | 'ACTIVITY_PROFILE' | 'AGENT_PROFILE';

/** An ETag: the quoted SHA-1 of the content, hexadecimal. */
export const etagOf = (content: Buffer): string => `"${createHash('sha1').update(content).digest('hex')}"`;

export interface Preconditions {
  ifMatch?: string;
  ifNoneMatch?: string;
}

const tags = (header: string): string[] => header.split(',').map((t) => t.trim().replace(/^W\//, ''));

export type PreconditionVerdict = 'ok' | 'failed' | 'conflict' | 'missing';

/**
 * RFC 2616's If-Match and If-None-Match against the current ETag (null: no
 * document). A profile PUT must send one of them (xAPI 1.0.3 §2.6, §3.1): without,
 * over an existing document it is a conflict (the client must say which version it
 * replaces), else a bad request.
 */
export function checkPreconditions(p: Preconditions, current: string | null, requireForOverwrite: boolean): PreconditionVerdict {
  if (p.ifMatch !== undefined) {
    const wanted = tags(p.ifMatch);
    if (current === null || !(wanted.includes('*') || wanted.includes(current))) return 'failed';
  }
  if (p.ifNoneMatch !== undefined) {
    const unwanted = tags(p.ifNoneMatch);
    if (current !== null && (unwanted.includes('*') || unwanted.includes(current))) return 'failed';
  }
  if (requireForOverwrite && p.ifMatch === undefined && p.ifNoneMatch === undefined) return current === null ? 'missing' : 'conflict';
  return 'ok';
}

export const isJsonType = (contentType: string | undefined): boolean => /^application\/json\s*(;|$)/i.test(contentType ?? '');

/** A document's content as a JSON object, or null when it is not one. */
export function jsonObjectOf(content: Buffer): JsonObject | null {
  try {
    const v: unknown = JSON.parse(content.toString('utf8'));
    return typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as JsonObject) : null;
  } catch {
    return null;
  }
}

/** An Activity's definitions as the LRS keeps them: a later one's properties win, its language maps add to the earlier ones'. */
export function mergeDefinition(earlier: JsonObject | null, later: JsonObject): JsonObject {
  if (!earlier) return later;
  const merged: JsonObject = { ...earlier, ...later };
  for (const key of ['name', 'description', 'extensions']) {
    const a = earlier[key];
    const b = later[key];
    if (isMap(a) && isMap(b)) merged[key] = { ...a, ...b };
  }
  return merged;
}

const isMap = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
