import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { InvalidInputError, NotFoundError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { isIri, isStatementId, isTimestamp, JsonObject, statementProblems } from '../domain/statement';
import { agentKey, asAnswered, StatementFormat } from '../domain/statement-reading';

/**
 * Who reads (ADR 0010, Later): a platform reads what it wrote, an agency's
 * platform what its agency's platforms wrote, a ministry admin everything.
 * `clientIds` null: everything.
 */
export interface LrsReader {
  clientIds: string[] | null;
}

export interface StoredAttachment {
  sha2: string;
  contentType: string;
  content: Buffer;
}

export type StatementsAnswer =
  | { kind: 'one'; statement: JsonObject; stored: string; attachments: StoredAttachment[] | null }
  | {
      kind: 'list';
      result: { statements: JsonObject[]; more: string };
      consistentThrough: string;
      attachments: StoredAttachment[] | null;
    };

/** GET /xapi/statements with its query parameters (xAPI 1.0.3 §2.1.3). */
export class StatementsQuery extends Query<StatementsAnswer> {
  constructor(
    readonly reader: LrsReader,
    readonly params: Record<string, string>,
    readonly languages: string[],
  ) {
    super();
  }
}

const PARAMS = [
  'statementId',
  'voidedStatementId',
  'agent',
  'verb',
  'activity',
  'registration',
  'related_activities',
  'related_agents',
  'since',
  'until',
  'limit',
  'format',
  'attachments',
  'ascending',
  'more',
];
const SINGLE_PARAMS = ['statementId', 'voidedStatementId', 'format', 'attachments'];
/** The most statements one page holds (limit=0 or above asks for this). */
export const MAX_PAGE = 500;
const DEFAULT_PAGE = 100;

const bad = (field: string, message: string) => InvalidInputError.field(field, message);

function booleanParam(params: Record<string, string>, name: string): boolean {
  const v = params[name];
  if (v === undefined) return false;
  if (v !== 'true' && v !== 'false') throw bad(name, 'must be true or false');
  return v === 'true';
}

function formatParam(params: Record<string, string>): StatementFormat {
  const f = params.format ?? 'exact';
  if (f !== 'exact' && f !== 'ids' && f !== 'canonical') throw bad('format', 'must be exact, ids or canonical');
  return f;
}

/** The filters of a list query, as parsed (also what a `more` token carries). */
interface ListFilter {
  agent?: string;
  verb?: string;
  activity?: string;
  registration?: string;
  relatedActivities: boolean;
  relatedAgents: boolean;
  since?: string;
  until?: string;
  limit: number;
  format: StatementFormat;
  attachments: boolean;
  ascending: boolean;
  /** Paging position: the last statement answered (stored, received_seq). */
  after?: [string, string];
}

function parseFilter(params: Record<string, string>): ListFilter {
  const f: ListFilter = {
    relatedActivities: booleanParam(params, 'related_activities'),
    relatedAgents: booleanParam(params, 'related_agents'),
    attachments: booleanParam(params, 'attachments'),
    ascending: booleanParam(params, 'ascending'),
    format: formatParam(params),
    limit: DEFAULT_PAGE,
  };
  if (params.agent !== undefined) {
    let agent: unknown;
    try {
      agent = JSON.parse(params.agent);
    } catch {
      throw bad('agent', 'must be an Agent or identified Group as JSON');
    }
    const problems = statementProblems({ actor: agent as JsonObject, verb: { id: 'urn:x' }, object: { id: 'urn:x' } }).filter((p) =>
      p.field.startsWith('statement.actor'),
    );
    const key = agentKey(agent);
    if (problems.length || !key) throw bad('agent', 'must be an Agent or identified Group (one inverse functional identifier)');
    f.agent = key;
  }
  if (params.verb !== undefined) {
    if (!isIri(params.verb)) throw bad('verb', 'must be an IRI');
    f.verb = params.verb;
  }
  if (params.activity !== undefined) {
    if (!isIri(params.activity)) throw bad('activity', 'must be an IRI');
    f.activity = params.activity;
  }
  if (params.registration !== undefined) {
    if (!isStatementId(params.registration)) throw bad('registration', 'must be a UUID');
    f.registration = params.registration.toLowerCase();
  }
  for (const key of ['since', 'until'] as const) {
    if (params[key] === undefined) continue;
    if (!isTimestamp(params[key])) throw bad(key, 'must be an ISO 8601 timestamp');
    f[key] = new Date(params[key]).toISOString();
  }
  if (params.limit !== undefined) {
    if (!/^\d+$/.test(params.limit)) throw bad('limit', 'must be a whole number');
    const n = Number(params.limit);
    f.limit = n === 0 || n > MAX_PAGE ? MAX_PAGE : n;
  }
  return f;
}

interface Row {
  body: JsonObject;
  stored: Date;
  seq: string;
}

/**
 * Statements a reader may see: one by id (voided ones only by
 * voidedStatementId), or a page of those matching the filters, newest stored
 * first unless `ascending`. Voided statements are never listed; a statement
 * targeting a matching one (StatementRef, voiding included) matches too,
 * recursively, as xAPI 1.0.3 §2.1.3 says. Every filter has its index.
 */
@QueryHandler(StatementsQuery)
export class StatementsHandler implements IQueryHandler<StatementsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ reader, params, languages }: StatementsQuery): Promise<StatementsAnswer> {
    for (const key of Object.keys(params)) if (!PARAMS.includes(key)) throw bad(key, 'is not a parameter of GET /xapi/statements');
    if (params.statementId !== undefined || params.voidedStatementId !== undefined) return this.one(reader, params, languages);
    if (params.more !== undefined) {
      if (Object.keys(params).length > 1) throw bad('more', 'stands alone: the token carries the query');
      return this.list(reader, moreToken.read(params.more), languages);
    }
    return this.list(reader, parseFilter(params), languages);
  }

  private async one(reader: LrsReader, params: Record<string, string>, languages: string[]): Promise<StatementsAnswer> {
    for (const key of Object.keys(params))
      if (!SINGLE_PARAMS.includes(key)) throw bad(key, 'is not allowed with statementId or voidedStatementId');
    if (params.statementId !== undefined && params.voidedStatementId !== undefined)
      throw bad('statementId', 'send statementId or voidedStatementId, not both');
    const voided = params.voidedStatementId !== undefined;
    const id = voided ? params.voidedStatementId : params.statementId;
    if (!isStatementId(id)) throw bad(voided ? 'voidedStatementId' : 'statementId', 'must be a UUID');
    const format = formatParam(params);
    const attachments = booleanParam(params, 'attachments');
    const [row] = await this.uow.query<Row>(
      `SELECT body, stored FROM learning_records.statements
        WHERE id = $1 AND (status = 'VOIDED') = $2 AND ($3::uuid[] IS NULL OR lrs_client_id = ANY($3::uuid[]))`,
      [id.toLowerCase(), voided, reader.clientIds],
    );
    if (!row) throw new NotFoundError('Statement', id);
    const statement = asAnswered(row.body, format, languages);
    return {
      kind: 'one',
      statement,
      stored: row.stored.toISOString(),
      attachments: attachments ? await this.attachmentsOf([row.body]) : null,
    };
  }

  private async list(reader: LrsReader, f: ListFilter, languages: string[]): Promise<StatementsAnswer> {
    const consistentThrough = new Date().toISOString();
    const args: unknown[] = [];
    const arg = (v: unknown) => {
      args.push(v);
      return `$${args.length}`;
    };
    const matches: string[] = [];
    if (f.agent) matches.push(`${f.relatedAgents ? 'related_agent_keys' : 'agent_keys'} @> ARRAY[${arg(f.agent)}]::text[]`);
    if (f.verb) matches.push(`verb_id = ${arg(f.verb)}`);
    if (f.activity)
      matches.push(f.relatedActivities ? `related_activity_ids @> ARRAY[${arg(f.activity)}]::text[]` : `activity_id = ${arg(f.activity)}`);
    if (f.registration) matches.push(`registration = ${arg(f.registration)}::uuid`);
    const where = [`s.status <> 'VOIDED'`];
    if (reader.clientIds) where.push(`s.lrs_client_id = ANY(${arg(reader.clientIds)}::uuid[])`);
    if (f.since) where.push(`s.stored > ${arg(f.since)}::timestamptz`);
    if (f.until) where.push(`s.stored <= ${arg(f.until)}::timestamptz`);
    const order = f.ascending ? 'ASC' : 'DESC';
    if (f.after)
      where.push(`(s.stored, s.received_seq) ${f.ascending ? '>' : '<'} (${arg(f.after[0])}::timestamptz, ${arg(f.after[1])}::bigint)`);
    const matched = matches.length
      ? `WITH RECURSIVE matched(id) AS (
           SELECT id FROM learning_records.statements WHERE ${matches.join(' AND ')}
           UNION
           SELECT t.id FROM learning_records.statements t JOIN matched m ON t.target_statement_id = m.id
         ) `
      : '';
    const rows = await this.uow.query<Row>(
      `${matched}SELECT s.body, s.stored, s.received_seq::text AS seq
         FROM learning_records.statements s ${matches.length ? 'JOIN matched USING (id)' : ''}
        WHERE ${where.join(' AND ')}
        ORDER BY s.stored ${order}, s.received_seq ${order}
        LIMIT ${arg(f.limit + 1)}`,
      args,
    );
    const page = rows.slice(0, f.limit);
    const last = page[page.length - 1];
    const more =
      rows.length > f.limit ? `/xapi/statements?more=${moreToken.write({ ...f, after: [last.stored.toISOString(), last.seq] })}` : '';
    return {
      kind: 'list',
      result: { statements: page.map((r) => asAnswered(r.body, f.format, languages)), more },
      consistentThrough,
      attachments: f.attachments ? await this.attachmentsOf(page.map((r) => r.body)) : null,
    };
  }

  /** The stored content of the statements' attachments (those sent in the request, not by fileUrl), each once. */
  private async attachmentsOf(bodies: JsonObject[]): Promise<StoredAttachment[]> {
    const hashes = [...new Set(bodies.flatMap(attachmentHashes))];
    if (hashes.length === 0) return [];
    return this.uow.query<StoredAttachment>(
      `SELECT sha2, content_type AS "contentType", content FROM learning_records.attachments WHERE sha2 = ANY($1::text[])`,
      [hashes],
    );
  }
}

export function attachmentHashes(body: JsonObject): string[] {
  const list = [body.attachments, (body.object as JsonObject | undefined)?.attachments];
  return list
    .flatMap((a) => (Array.isArray(a) ? a : []))
    .flatMap((a) => (a && typeof a === 'object' && !Array.isArray(a) ? [String(a.sha2)] : []));
}

/** A `more` link's token: the query and the position it reached, opaque to the platform. */
const moreToken = {
  write(f: ListFilter): string {
    return Buffer.from(JSON.stringify(f)).toString('base64url');
  },
  read(token: string): ListFilter {
    try {
      const f = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as ListFilter;
      if (typeof f.limit !== 'number' || !Array.isArray(f.after)) throw new Error('not a token');
      return f;
    } catch {
      throw bad('more', 'is not a link this LRS gave');
    }
  },
};
