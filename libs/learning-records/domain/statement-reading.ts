/**
 * What the statement resource's queries need (xAPI 1.0.3 §2.1.3): the keys a
 * stored statement is found by, and the formats it is answered in. Plain
 * TypeScript, like the rest of domain/.
 */
import { Json, JsonObject, VOIDED_VERB } from './statement';

const isObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);
const asArray = (v: Json | undefined): Json[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const CONTEXT_ACTIVITY_KEYS = ['parent', 'grouping', 'category', 'other'];
const IFI_KEYS = ['mbox', 'mbox_sha1sum', 'openid', 'account'] as const;

/**
 * An Agent's or identified Group's inverse functional identifier as one
 * string (null for an anonymous Group): two agents are the same when these are.
 */
export function agentKey(agent: unknown): string | null {
  if (!isObject(agent)) return null;
  if (typeof agent.mbox === 'string') return `mbox:${agent.mbox.toLowerCase()}`;
  if (typeof agent.mbox_sha1sum === 'string') return `sha1:${agent.mbox_sha1sum.toLowerCase()}`;
  if (typeof agent.openid === 'string') return `openid:${agent.openid}`;
  if (isObject(agent.account)) return `account:${String(agent.account.homePage)}|${String(agent.account.name)}`;
  return null;
}

/** The agent itself and, for a Group, its members. */
function agentKeys(agent: unknown): string[] {
  if (!isObject(agent)) return [];
  const keys = [agentKey(agent), ...asArray(agent.member).map(agentKey)];
  return keys.filter((k): k is string => k !== null);
}

export interface StatementIndex {
  /** Actor and object (when an Agent or Group): the `agent` filter. */
  agentKeys: string[];
  /** Also authority, instructor, team and a SubStatement's: `related_agents`. */
  relatedAgentKeys: string[];
  /** Object, context activities, and a SubStatement's: `related_activities`. */
  relatedActivityIds: string[];
  registration: string | null;
  /** The statement a StatementRef object targets (voiding or not). */
  targetStatementId: string | null;
}

function contextActivityIds(context: unknown): string[] {
  if (!isObject(context) || !isObject(context.contextActivities)) return [];
  const ca = context.contextActivities;
  return CONTEXT_ACTIVITY_KEYS.flatMap((k) => asArray(ca[k]))
    .filter(isObject)
    .map((a) => String(a.id));
}

function contextAgents(context: unknown): string[] {
  if (!isObject(context)) return [];
  return [...agentKeys(context.instructor), ...agentKeys(context.team)];
}

const objectAgents = (object: JsonObject): string[] =>
  object.objectType === 'Agent' || object.objectType === 'Group' ? agentKeys(object) : [];
const objectActivity = (object: JsonObject): string[] => ((object.objectType ?? 'Activity') === 'Activity' ? [String(object.id)] : []);

export function indexOf(statement: JsonObject): StatementIndex {
  const object = isObject(statement.object) ? statement.object : {};
  const agents = [...agentKeys(statement.actor), ...objectAgents(object)];
  const related = [...agents, ...agentKeys(statement.authority), ...contextAgents(statement.context)];
  const activities = [...objectActivity(object), ...contextActivityIds(statement.context)];
  if (object.objectType === 'SubStatement') {
    const sub = isObject(object.object) ? object.object : {};
    related.push(...agentKeys(object.actor), ...objectAgents(sub), ...contextAgents(object.context));
    activities.push(...objectActivity(sub), ...contextActivityIds(object.context));
  }
  const context = isObject(statement.context) ? statement.context : {};
  return {
    agentKeys: [...new Set(agents)],
    relatedAgentKeys: [...new Set(related)],
    relatedActivityIds: [...new Set(activities)],
    registration: typeof context.registration === 'string' ? context.registration.toLowerCase() : null,
    targetStatementId: object.objectType === 'StatementRef' && typeof object.id === 'string' ? object.id.toLowerCase() : null,
  };
}

/** Every Activity a statement names (object, context activities, a SubStatement's), with its definition if given. */
export function activitiesOf(statement: JsonObject): { id: string; definition: JsonObject | null }[] {
  const found: JsonObject[] = [];
  const collect = (s: JsonObject) => {
    const object = isObject(s.object) ? s.object : {};
    if ((object.objectType ?? 'Activity') === 'Activity') found.push(object);
    const context = isObject(s.context) ? s.context : {};
    if (isObject(context.contextActivities))
      for (const k of CONTEXT_ACTIVITY_KEYS) found.push(...asArray(context.contextActivities[k]).filter(isObject));
    if (object.objectType === 'SubStatement') collect(object);
  };
  collect(statement);
  return found.map((a) => ({ id: String(a.id), definition: isObject(a.definition) ? a.definition : null }));
}

export const isVoiding = (statement: JsonObject): boolean => isObject(statement.verb) && statement.verb.id === VOIDED_VERB;

export type StatementFormat = 'exact' | 'ids' | 'canonical';

/** The statement as answered: the stored one, with `timestamp` = `stored` when none was given (xAPI 1.0.3 §2.4.7). */
export function asAnswered(stored: JsonObject, format: StatementFormat, languages: string[]): JsonObject {
  const s: JsonObject = stored.timestamp === undefined ? { ...stored, timestamp: stored.stored } : stored;
  if (format === 'ids') return idsOnly(s);
  if (format === 'canonical') return languageFiltered(s, languages) as JsonObject;
  return s;
}

function idsOfAgent(agent: Json): Json {
  if (!isObject(agent)) return agent;
  const out: JsonObject = {};
  if (agent.objectType !== undefined) out.objectType = agent.objectType;
  for (const k of IFI_KEYS) if (agent[k] !== undefined) out[k] = agent[k];
  if (agent.objectType === 'Group' && Array.isArray(agent.member) && !IFI_KEYS.some((k) => agent[k] !== undefined))
    out.member = agent.member.map(idsOfAgent);
  return out;
}

const idsOfActivity = (a: Json): Json => (isObject(a) ? { id: a.id } : a);

function idsOfObject(object: Json): Json {
  if (!isObject(object)) return object;
  switch (object.objectType ?? 'Activity') {
    case 'Activity':
      return idsOfActivity(object);
    case 'Agent':
    case 'Group':
      return idsOfAgent(object);
    case 'SubStatement':
      return idsOnly(object);
    default:
      return object;
  }
}

function idsOnly(s: JsonObject): JsonObject {
  const out: JsonObject = { ...s };
  if (s.actor !== undefined) out.actor = idsOfAgent(s.actor);
  if (isObject(s.verb)) out.verb = { id: s.verb.id };
  if (s.object !== undefined) out.object = idsOfObject(s.object);
  if (s.authority !== undefined) out.authority = idsOfAgent(s.authority);
  if (isObject(s.context)) {
    const c: JsonObject = { ...s.context };
    if (c.instructor !== undefined) c.instructor = idsOfAgent(c.instructor);
    if (c.team !== undefined) c.team = idsOfAgent(c.team);
    if (isObject(c.contextActivities)) {
      const ca: JsonObject = {};
      for (const [k, v] of Object.entries(c.contextActivities)) ca[k] = asArray(v).map(idsOfActivity);
      c.contextActivities = ca;
    }
    out.context = c;
  }
  return out;
}

const LANGUAGE_MAP_KEYS = new Set(['display', 'name', 'description']);

/** Picks one entry of a language map: the first of the reader's languages found, else `und`, else the first. */
export function pickLanguage(map: JsonObject, languages: string[]): JsonObject {
  const tags = Object.keys(map);
  if (tags.length <= 1) return map;
  for (const wanted of [...languages, 'und']) {
    const exact = tags.find((t) => t.toLowerCase() === wanted.toLowerCase());
    if (exact) return { [exact]: map[exact] };
    const prefix = tags.find((t) => t.toLowerCase().split('-')[0] === wanted.toLowerCase().split('-')[0]);
    if (prefix) return { [prefix]: map[prefix] };
  }
  return { [tags[0]]: map[tags[0]] };
}

function languageFiltered(v: Json, languages: string[], key = ''): Json {
  if (Array.isArray(v)) return v.map((x) => languageFiltered(x, languages));
  if (!isObject(v)) return v;
  if (LANGUAGE_MAP_KEYS.has(key) && Object.values(v).every((x) => typeof x === 'string')) return pickLanguage(v, languages);
  const out: JsonObject = {};
  for (const [k, x] of Object.entries(v)) out[k] = k === 'extensions' ? x : languageFiltered(x, languages, k);
  return out;
}

/** The reader's languages from Accept-Language, best first. */
export function acceptedLanguages(header: string | undefined): string[] {
  if (!header) return [];
  return header
    .split(',')
    .map((part) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => /^\s*q=([\d.]+)/.exec(p)?.[1]).find(Boolean);
      return { tag: tag.trim(), q: q === undefined ? 1 : Number(q) };
    })
    .filter((l) => l.tag && l.tag !== '*' && l.q > 0)
    .sort((a, b) => b.q - a.q)
    .map((l) => l.tag);
}
