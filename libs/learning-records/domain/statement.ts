/**
 * xAPI 1.0.3 statements as Kompeten receives them (IEEE 9274.1.1): the checks
 * the statement resource must make before storing one, and the few facts the
 * rest of Kompeten needs from it. Plain TypeScript: the shapes stay here.
 */
export interface StatementProblem {
  field: string;
  message: string;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export const VOIDED_VERB = 'http://adlnet.gov/expapi/verbs/voided';
export const SUPPORTED_VERSION = '1.0.3';

const STATEMENT_KEYS = ['id', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'stored', 'authority', 'version', 'attachments'];
const AGENT_KEYS = ['objectType', 'name', 'mbox', 'mbox_sha1sum', 'openid', 'account'];
const GROUP_KEYS = [...AGENT_KEYS, 'member'];
const ACTIVITY_KEYS = ['objectType', 'id', 'definition'];
const DEFINITION_KEYS = [
  'name',
  'description',
  'type',
  'moreInfo',
  'extensions',
  'interactionType',
  'correctResponsesPattern',
  'choices',
  'scale',
  'source',
  'target',
  'steps',
];
const RESULT_KEYS = ['score', 'success', 'completion', 'response', 'duration', 'extensions'];
const SCORE_KEYS = ['scaled', 'raw', 'min', 'max'];
const CONTEXT_KEYS = [
  'registration',
  'instructor',
  'team',
  'contextActivities',
  'revision',
  'platform',
  'language',
  'statement',
  'extensions',
];
const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'];

/** An absolute IRI: a scheme, a colon, and no white space or characters IRIs exclude (RFC 3987). */
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** ISO 8601 date and time; "-00:00" is refused (xAPI: it names no offset). */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}(:?\d{2})?)?$/i;
/** ISO 8601 duration: weeks stand alone (P4W1D is not a duration). */
const DURATION =
  /^P(?:\d+(\.\d+)?W|(?=\d|T\d)(\d+(\.\d+)?Y)?(\d+(\.\d+)?M)?(\d+(\.\d+)?D)?(T(?=\d)(\d+(\.\d+)?H)?(\d+(\.\d+)?M)?(\d+(\.\d+)?S)?)?)$/;
const MEDIA_TYPE = /^[\w.+-]+\/[\w.+-]+(\s*;.*)?$/;
const INTERACTION_TYPES = [
  'true-false',
  'choice',
  'fill-in',
  'long-fill-in',
  'matching',
  'performance',
  'sequencing',
  'likert',
  'numeric',
  'other',
];
/** The interaction components each interaction type may have (xAPI 1.0.3 §2.4.4.1.1). */
const INTERACTION_COMPONENTS: Record<string, string[]> = {
  choice: ['choices'],
  sequencing: ['choices'],
  likert: ['scale'],
  matching: ['source', 'target'],
  performance: ['steps'],
};
const COMPONENT_KEYS = ['choices', 'scale', 'source', 'target', 'steps'];
const ATTACHMENT_KEYS = ['usageType', 'display', 'description', 'contentType', 'length', 'sha2', 'fileUrl'];
export const SIGNATURE_USAGE = 'http://adlnet.gov/expapi/attachments/signature';
const LANGUAGE_TAG = /^[a-z]{1,8}(-[a-z0-9]{1,8})*$/i;
const MAILTO = /^mailto:[^\s@]+@[^\s@]+$/i;
const SHA1 = /^[0-9a-f]{40}$/i;

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
export const isIri = (v: unknown): v is string => typeof v === 'string' && IRI.test(v);
export const isStatementId = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

export function isTimestamp(v: unknown): v is string {
  return typeof v === 'string' && TIMESTAMP.test(v) && !/-00:?00$/.test(v) && !Number.isNaN(Date.parse(v));
}

/** The version header (and a statement's `version`): 1.0.0 to 1.0.x. */
export function isSupportedVersion(v: unknown): boolean {
  return typeof v === 'string' && /^1\.0(\.\d+)?$/.test(v.trim());
}

class Checker {
  readonly problems: StatementProblem[] = [];
  add(field: string, message: string): void {
    if (this.problems.length < 50) this.problems.push({ field, message });
  }
  keys(v: JsonObject, allowed: string[], path: string): void {
    for (const key of Object.keys(v)) if (!allowed.includes(key)) this.add(`${path}.${key}`, 'is not a property xAPI 1.0.3 allows here');
  }
  iri(v: unknown, path: string): void {
    if (!isIri(v)) this.add(path, 'must be an absolute IRI');
  }
  languageMap(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be a language map');
    for (const [tag, text] of Object.entries(v)) {
      if (!LANGUAGE_TAG.test(tag)) this.add(`${path}.${tag}`, 'is not an RFC 5646 language tag');
      if (typeof text !== 'string') this.add(`${path}.${tag}`, 'must be a string');
    }
  }
  extensions(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be an object keyed by IRIs');
    for (const key of Object.keys(v)) if (!isIri(key)) this.add(`${path}.${key}`, 'extension keys must be absolute IRIs');
  }

  agent(v: unknown, path: string, allowGroup = true): void {
    if (!isObject(v)) return this.add(path, 'must be an Agent or a Group');
    const type = v.objectType ?? 'Agent';
    if (type === 'Group' && allowGroup) return this.group(v, path);
    if (type !== 'Agent') return this.add(`${path}.objectType`, allowGroup ? 'must be Agent or Group' : 'must be Agent');
    this.keys(v, AGENT_KEYS, path);
    if (v.name !== undefined && typeof v.name !== 'string') this.add(`${path}.name`, 'must be a string');
    const ifis = this.ifis(v, path);
    if (ifis !== 1) this.add(path, 'an Agent must have exactly one of mbox, mbox_sha1sum, openid or account');
  }

  private group(v: JsonObject, path: string): void {
    this.keys(v, GROUP_KEYS, path);
    const ifis = this.ifis(v, path);
    if (ifis > 1) this.add(path, 'a Group has at most one of mbox, mbox_sha1sum, openid or account');
    if (v.member !== undefined) {
      if (!Array.isArray(v.member)) this.add(`${path}.member`, 'must be an array of Agents');
      else v.member.forEach((m, i) => this.agent(m, `${path}.member[${i}]`, false));
    } else if (ifis === 0) this.add(`${path}.member`, 'an anonymous Group must list its members');
  }

  private ifis(v: JsonObject, path: string): number {
    let n = 0;
    if (v.mbox !== undefined) {
      n++;
      if (typeof v.mbox !== 'string' || !MAILTO.test(v.mbox)) this.add(`${path}.mbox`, 'must be a mailto: IRI');
    }
    if (v.mbox_sha1sum !== undefined) {
      n++;
      if (typeof v.mbox_sha1sum !== 'string' || !SHA1.test(v.mbox_sha1sum)) this.add(`${path}.mbox_sha1sum`, 'must be a SHA-1 hex digest');
    }
    if (v.openid !== undefined) {
      n++;
      this.iri(v.openid, `${path}.openid`);
    }
    if (v.account !== undefined) {
      n++;
      if (!isObject(v.account)) this.add(`${path}.account`, 'must be an object with homePage and name');
      else {
        this.keys(v.account, ['homePage', 'name'], `${path}.account`);
        this.iri(v.account.homePage, `${path}.account.homePage`);
        if (typeof v.account.name !== 'string' || v.account.name === '') this.add(`${path}.account.name`, 'must be a non-empty string');
      }
    }
    return n;
  }

  verb(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be an object with an id (IRI)');
    this.keys(v, ['id', 'display'], path);
    this.iri(v.id, `${path}.id`);
    if (v.display !== undefined) this.languageMap(v.display, `${path}.display`);
  }

  activity(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be an Activity');
    if (v.objectType !== undefined && v.objectType !== 'Activity') return this.add(`${path}.objectType`, 'must be Activity');
    this.keys(v, ACTIVITY_KEYS, path);
    this.iri(v.id, `${path}.id`);
    const d = v.definition;
    if (d === undefined) return;
    if (!isObject(d)) return this.add(`${path}.definition`, 'must be an object');
    this.keys(d, DEFINITION_KEYS, `${path}.definition`);
    if (d.name !== undefined) this.languageMap(d.name, `${path}.definition.name`);
    if (d.description !== undefined) this.languageMap(d.description, `${path}.definition.description`);
    if (d.type !== undefined) this.iri(d.type, `${path}.definition.type`);
    if (d.moreInfo !== undefined) this.iri(d.moreInfo, `${path}.definition.moreInfo`);
    if (d.extensions !== undefined) this.extensions(d.extensions, `${path}.definition.extensions`);
    this.interaction(d, `${path}.definition`);
  }

  private interaction(d: JsonObject, path: string): void {
    const type = d.interactionType;
    const components = COMPONENT_KEYS.filter((k) => d[k] !== undefined);
    if (type === undefined) {
      if (d.correctResponsesPattern !== undefined) this.add(`${path}.correctResponsesPattern`, 'needs an interactionType');
      for (const k of components) this.add(`${path}.${k}`, 'needs an interactionType');
      return;
    }
    if (typeof type !== 'string' || !INTERACTION_TYPES.includes(type))
      return this.add(`${path}.interactionType`, `must be one of ${INTERACTION_TYPES.join(', ')}`);
    const crp = d.correctResponsesPattern;
    if (crp !== undefined && (!Array.isArray(crp) || crp.some((r) => typeof r !== 'string')))
      this.add(`${path}.correctResponsesPattern`, 'must be an array of strings');
    const allowed = INTERACTION_COMPONENTS[type] ?? [];
    for (const k of components) {
      if (!allowed.includes(k)) {
        this.add(`${path}.${k}`, `is not a component of a ${type} interaction`);
        continue;
      }
      const list = d[k];
      if (!Array.isArray(list)) {
        this.add(`${path}.${k}`, 'must be an array of interaction components');
        continue;
      }
      const ids = new Set<string>();
      list.forEach((c, i) => {
        const at = `${path}.${k}[${i}]`;
        if (!isObject(c)) return this.add(at, 'must be an interaction component');
        this.keys(c, ['id', 'description'], at);
        if (typeof c.id !== 'string' || c.id === '') this.add(`${at}.id`, 'must be a non-empty string');
        else if (ids.has(c.id)) this.add(`${at}.id`, 'repeats another component’s id');
        else ids.add(c.id);
        if (c.description !== undefined) this.languageMap(c.description, `${at}.description`);
      });
    }
  }

  attachments(v: unknown, path: string): void {
    if (!Array.isArray(v)) return this.add(path, 'must be an array');
    v.forEach((a, i) => {
      const at = `${path}[${i}]`;
      if (!isObject(a)) return this.add(at, 'must be an attachment object');
      this.keys(a, ATTACHMENT_KEYS, at);
      this.iri(a.usageType, `${at}.usageType`);
      this.languageMap(a.display, `${at}.display`);
      if (a.description !== undefined) this.languageMap(a.description, `${at}.description`);
      if (typeof a.contentType !== 'string' || !MEDIA_TYPE.test(a.contentType))
        this.add(`${at}.contentType`, 'must be an Internet media type');
      if (typeof a.length !== 'number' || !Number.isInteger(a.length) || a.length < 0) this.add(`${at}.length`, 'must be a whole number');
      if (typeof a.sha2 !== 'string' || !/^[0-9a-f]{56,128}$/i.test(a.sha2)) this.add(`${at}.sha2`, 'must be a SHA-2 hex digest');
      if (a.fileUrl !== undefined) this.iri(a.fileUrl, `${at}.fileUrl`);
    });
  }

  /** xAPI 1.0.3 §2.4.9: an Agent, or an anonymous Group of two Agents (OAuth's consumer and user). */
  authority(v: unknown, path: string): void {
    if (isObject(v) && v.objectType === 'Group') {
      this.agent(v, path);
      const ifis = ['mbox', 'mbox_sha1sum', 'openid', 'account'].filter((k) => v[k] !== undefined).length;
      if (ifis > 0 || !Array.isArray(v.member) || v.member.length !== 2)
        this.add(path, 'a Group authority must be anonymous with exactly two members');
      return;
    }
    this.agent(v, path, false);
  }

  /** context.revision and context.platform describe an Activity: not allowed when the object is not one. */
  contextForObject(context: unknown, object: unknown, path: string): void {
    if (!isObject(context) || !isObject(object) || (object.objectType ?? 'Activity') === 'Activity') return;
    for (const key of ['revision', 'platform'])
      if (context[key] !== undefined) this.add(`${path}.${key}`, 'is only allowed when the object is an Activity');
  }

  statementRef(v: JsonObject, path: string): void {
    this.keys(v, ['objectType', 'id'], path);
    if (!isStatementId(v.id)) this.add(`${path}.id`, 'must be a UUID');
  }

  object(v: unknown, path: string, nested: boolean): void {
    if (!isObject(v)) return this.add(path, 'must be an Activity, Agent, Group, StatementRef or SubStatement');
    switch (v.objectType ?? 'Activity') {
      case 'Activity':
        return this.activity(v, path);
      case 'Agent':
      case 'Group':
        return this.agent(v, path);
      case 'StatementRef':
        return this.statementRef(v, path);
      case 'SubStatement':
        if (nested) return this.add(`${path}.objectType`, 'a SubStatement cannot contain a SubStatement');
        this.keys(v, ['objectType', 'actor', 'verb', 'object', 'result', 'context', 'timestamp', 'attachments'], path);
        this.agent(v.actor, `${path}.actor`);
        this.verb(v.verb, `${path}.verb`);
        this.object(v.object, `${path}.object`, true);
        if (v.result !== undefined) this.result(v.result, `${path}.result`);
        if (v.context !== undefined) this.context(v.context, `${path}.context`);
        this.contextForObject(v.context, v.object, `${path}.context`);
        if (v.timestamp !== undefined && !isTimestamp(v.timestamp)) this.add(`${path}.timestamp`, 'must be an ISO 8601 timestamp');
        if (v.attachments !== undefined) this.attachments(v.attachments, `${path}.attachments`);
        return;
      default:
        this.add(`${path}.objectType`, 'must be Activity, Agent, Group, StatementRef or SubStatement');
    }
  }

  result(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be an object');
    this.keys(v, RESULT_KEYS, path);
    if (v.success !== undefined && typeof v.success !== 'boolean') this.add(`${path}.success`, 'must be true or false');
    if (v.completion !== undefined && typeof v.completion !== 'boolean') this.add(`${path}.completion`, 'must be true or false');
    if (v.response !== undefined && typeof v.response !== 'string') this.add(`${path}.response`, 'must be a string');
    if (v.duration !== undefined && (typeof v.duration !== 'string' || !DURATION.test(v.duration)))
      this.add(`${path}.duration`, 'must be an ISO 8601 duration');
    if (v.extensions !== undefined) this.extensions(v.extensions, `${path}.extensions`);
    if (v.score === undefined) return;
    const s = v.score;
    if (!isObject(s)) return this.add(`${path}.score`, 'must be an object');
    this.keys(s, SCORE_KEYS, `${path}.score`);
    for (const key of SCORE_KEYS) {
      if (s[key] !== undefined && (typeof s[key] !== 'number' || !Number.isFinite(s[key])))
        this.add(`${path}.score.${key}`, 'must be a number');
    }
    const { scaled, raw, min, max } = s as Record<string, number | undefined>;
    if (typeof scaled === 'number' && (scaled < -1 || scaled > 1)) this.add(`${path}.score.scaled`, 'must be between -1 and 1');
    if (typeof min === 'number' && typeof max === 'number' && min >= max) this.add(`${path}.score.max`, 'must be greater than min');
    if (typeof raw === 'number' && typeof min === 'number' && raw < min) this.add(`${path}.score.raw`, 'must not be below min');
    if (typeof raw === 'number' && typeof max === 'number' && raw > max) this.add(`${path}.score.raw`, 'must not be above max');
  }

  context(v: unknown, path: string): void {
    if (!isObject(v)) return this.add(path, 'must be an object');
    this.keys(v, CONTEXT_KEYS, path);
    if (v.registration !== undefined && !isStatementId(v.registration)) this.add(`${path}.registration`, 'must be a UUID');
    if (v.instructor !== undefined) this.agent(v.instructor, `${path}.instructor`);
    if (v.team !== undefined) {
      if (!isObject(v.team) || v.team.objectType !== 'Group') this.add(`${path}.team`, 'must be a Group');
      else this.agent(v.team, `${path}.team`);
    }
    for (const key of ['revision', 'platform', 'language'] as const) {
      if (v[key] !== undefined && typeof v[key] !== 'string') this.add(`${path}.${key}`, 'must be a string');
    }
    if (typeof v.language === 'string' && !LANGUAGE_TAG.test(v.language)) this.add(`${path}.language`, 'must be an RFC 5646 language tag');
    if (v.statement !== undefined) {
      if (!isObject(v.statement) || v.statement.objectType !== 'StatementRef') this.add(`${path}.statement`, 'must be a StatementRef');
      else this.statementRef(v.statement, `${path}.statement`);
    }
    if (v.extensions !== undefined) this.extensions(v.extensions, `${path}.extensions`);
    const ca = v.contextActivities;
    if (ca === undefined) return;
    if (!isObject(ca)) return this.add(`${path}.contextActivities`, 'must be an object');
    this.keys(ca, CONTEXT_ACTIVITY_KEYS, `${path}.contextActivities`);
    for (const key of CONTEXT_ACTIVITY_KEYS) {
      const value = ca[key];
      if (value === undefined) continue;
      const list = Array.isArray(value) ? value : [value];
      list.forEach((a, i) => this.activity(a, `${path}.contextActivities.${key}${Array.isArray(value) ? `[${i}]` : ''}`));
    }
  }
}

/** Checks one statement as xAPI 1.0.3 requires of an LRS; answers every problem found (none: valid). */
export function statementProblems(value: unknown, path = 'statement'): StatementProblem[] {
  const c = new Checker();
  if (!isObject(value)) {
    c.add(path, 'must be a statement object');
    return c.problems;
  }
  c.keys(value, STATEMENT_KEYS, path);
  if (value.id !== undefined && !isStatementId(value.id)) c.add(`${path}.id`, 'must be a UUID');
  if (value.actor === undefined) c.add(`${path}.actor`, 'is required');
  else c.agent(value.actor, `${path}.actor`);
  if (value.verb === undefined) c.add(`${path}.verb`, 'is required');
  else c.verb(value.verb, `${path}.verb`);
  if (value.object === undefined) c.add(`${path}.object`, 'is required');
  else c.object(value.object, `${path}.object`, false);
  if (value.result !== undefined) c.result(value.result, `${path}.result`);
  if (value.context !== undefined) c.context(value.context, `${path}.context`);
  c.contextForObject(value.context, value.object, `${path}.context`);
  for (const key of ['timestamp', 'stored'] as const) {
    if (value[key] !== undefined && !isTimestamp(value[key])) c.add(`${path}.${key}`, 'must be an ISO 8601 timestamp');
  }
  if (value.version !== undefined && !isSupportedVersion(value.version)) c.add(`${path}.version`, 'must be 1.0.x');
  if (value.authority !== undefined) c.authority(value.authority, `${path}.authority`);
  if (value.attachments !== undefined) c.attachments(value.attachments, `${path}.attachments`);
  if (isObject(value.verb) && value.verb.id === VOIDED_VERB && (!isObject(value.object) || value.object.objectType !== 'StatementRef')) {
    c.add(`${path}.object`, 'a voiding statement’s object must be a StatementRef');
  }
  return c.problems;
}

/** What Kompeten reads from a valid statement. */
export interface StatementFacts {
  verbId: string;
  /** The object, when it is an Activity. */
  activityId: string | null;
  /** context.contextActivities.parent ids. */
  parentActivityIds: string[];
  /** For a voiding statement: the statement it voids. */
  voidsStatementId: string | null;
  actor: ActorKey;
  success: boolean | null;
  scaledScore: number | null;
  timestamp: Date | null;
}

export interface ActorKey {
  /** account.homePage and account.name */
  account: { homePage: string; name: string } | null;
  /** the mbox address, lower case, without mailto: */
  email: string | null;
}

const asArray = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** A scaled score: given, or computed from raw within min..max. */
export function scaledScoreOf(score: Json | undefined): number | null {
  if (!isObject(score)) return null;
  if (typeof score.scaled === 'number') return score.scaled;
  const { raw, min, max } = score;
  if (typeof raw === 'number' && typeof min === 'number' && typeof max === 'number' && max > min) return (raw - min) / (max - min);
  return null;
}

export function factsOf(statement: JsonObject): StatementFacts {
  const verb = statement.verb as JsonObject;
  const object = statement.object as JsonObject;
  const actor = statement.actor as JsonObject;
  const objectType = object.objectType ?? 'Activity';
  const context = isObject(statement.context) ? statement.context : {};
  const contextActivities = isObject(context.contextActivities) ? context.contextActivities : {};
  const result = isObject(statement.result) ? statement.result : {};
  const account = isObject(actor.account) ? { homePage: String(actor.account.homePage), name: String(actor.account.name) } : null;
  return {
    verbId: String(verb.id),
    activityId: objectType === 'Activity' ? String(object.id) : null,
    parentActivityIds: asArray(contextActivities.parent)
      .filter(isObject)
      .map((a) => String(a.id)),
    voidsStatementId: verb.id === VOIDED_VERB && objectType === 'StatementRef' ? String(object.id).toLowerCase() : null,
    actor: {
      account,
      email: typeof actor.mbox === 'string' ? actor.mbox.slice('mailto:'.length).toLowerCase() : null,
    },
    success: typeof result.success === 'boolean' ? result.success : null,
    scaledScore: scaledScoreOf(result.score),
    timestamp: typeof statement.timestamp === 'string' ? new Date(statement.timestamp) : null,
  };
}

/** The statement as stored: contextActivities as arrays (xAPI: the LRS returns them so), with the LRS's id, stored, authority and version. */
export function toStored(statement: JsonObject, lrs: { id: string; stored: Date; authority: JsonObject }): JsonObject {
  const copy = structuredClone(statement);
  const sub = isObject(copy.object) && copy.object.objectType === 'SubStatement' ? copy.object : null;
  for (const context of [copy.context, sub?.context]) {
    if (!isObject(context) || !isObject(context.contextActivities)) continue;
    for (const key of CONTEXT_ACTIVITY_KEYS) {
      const value = context.contextActivities[key];
      if (value !== undefined && !Array.isArray(value)) context.contextActivities[key] = [value];
    }
  }
  return { ...copy, id: lrs.id, stored: lrs.stored.toISOString(), authority: lrs.authority, version: copy.version ?? '1.0.0' };
}

/**
 * Whether two statements are the same statement (xAPI 1.0.3, statement
 * comparison): what the LRS assigns (id, stored, authority, version) is
 * ignored, as are the case of UUIDs, the way a timestamp is written (the same
 * instant), and whether context activities came as one or as an array.
 */
export function sameStatement(a: JsonObject, b: JsonObject): boolean {
  return canonical(comparable(a)) === canonical(comparable(b));
}

function comparable(statement: JsonObject): JsonObject {
  const stored = toStored(statement, { id: '', stored: new Date(0), authority: {} });
  const { id: _i, stored: _s, authority: _a, version: _v, ...rest } = stored;
  if (typeof rest.timestamp === 'string') rest.timestamp = new Date(rest.timestamp).toISOString();
  return rest;
}

function canonical(v: Json): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (isObject(v))
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(',')}}`;
  if (typeof v === 'string' && UUID.test(v)) return JSON.stringify(v.toLowerCase());
  return JSON.stringify(v);
}

/** A NIP (GLOSSARY): 18 digits — birth date, appointment year and month, sex (1 or 2), serial. */
export function isNip(value: string): boolean {
  if (!/^\d{18}$/.test(value)) return false;
  const birth = new Date(`${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}T00:00:00Z`);
  if (
    Number.isNaN(birth.getTime()) ||
    birth.toISOString().slice(0, 10) !== `${value.slice(0, 4)}-${value.slice(4, 6)}-${value.slice(6, 8)}`
  )
    return false;
  const month = Number(value.slice(12, 14));
  return month >= 1 && month <= 12 && (value[14] === '1' || value[14] === '2');
}
