import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, FieldError, InvalidInputError, newId } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { verbKind } from '../domain/completion-rules';
import { mergeDefinition } from '../domain/documents';
import { factsOf, isStatementId, JsonObject, sameStatement, statementProblems, toStored } from '../domain/statement';
import { activitiesOf, indexOf } from '../domain/statement-reading';
import { AttachmentPart, attachmentsToStore } from '../domain/attachments';
import { LearningRecordsPolicy } from '../infrastructure/learning-records-policy';
import { lockMappingsShared } from '../infrastructure/mappings-lock';
import { homePageKey, StatementProcessor } from './statement-processor';

/** The learning platform a request came from (its Basic credentials). */
export interface LrsClient {
  id: string;
  name: string;
  key: string;
  agencyId: string | null;
}

/**
 * Statements a platform sent: POST (one or an array) or PUT (one, with its id).
 * Answers the ids of all of them, in order.
 */
export class StoreStatementsCommand extends Command<string[]> {
  constructor(
    readonly client: LrsClient,
    readonly body: unknown,
    readonly put: { statementId: unknown } | null,
    /** The attachments' content sent with the statements (multipart/mixed). */
    readonly parts: AttachmentPart[] = [],
  ) {
    super();
  }
}

const invalid = (problems: FieldError[]) => new InvalidInputError(problems.map((p) => `${p.field}: ${p.message}`).join('; '), problems);

/**
 * The xAPI 1.0.3 statement resource's rules: every statement of a request is
 * checked before anything is stored (one bad statement refuses the batch,
 * 400); the LRS assigns missing ids; a known id with the same statement is a
 * no-op, with a different one 409 (nothing of the request is kept); a batch
 * naming one id twice is 400; a voiding statement may not target a voiding
 * statement (400). Stored statements are then processed in the same transaction.
 */
@CommandHandler(StoreStatementsCommand)
export class StoreStatementsHandler implements ICommandHandler<StoreStatementsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly processor: StatementProcessor,
    private readonly policy: LearningRecordsPolicy,
    private readonly audit: AuditLog,
  ) {}

  async execute({ client, body, put, parts }: StoreStatementsCommand): Promise<string[]> {
    const statements = this.statementsOf(body, put);
    const attachments = attachmentsToStore(statements, parts);
    const ids = statements.map((s) => {
      if (put) return String(put.statementId).toLowerCase();
      return typeof s.id === 'string' ? s.id.toLowerCase() : newId();
    });
    const seen = new Set<string>();
    ids.forEach((id, i) => {
      if (seen.has(id)) throw invalid([{ field: `statements[${i}].id`, message: 'the batch names this statement id twice' }]);
      seen.add(id);
    });
    const stored = new Date();
    const authority: JsonObject = {
      objectType: 'Agent',
      name: client.name,
      account: { homePage: this.policy.authorityHomePage, name: client.key },
    };
    const rows = statements.map((s, i) => {
      const facts = factsOf(s);
      return {
        id: ids[i],
        facts,
        index: indexOf(s),
        kind: verbKind(facts, this.policy.verbs),
        body: toStored(s, { id: ids[i], stored, authority }),
        given: s,
      };
    });
    return this.uow.transaction(async () => {
      await this.refuseVoidingOfVoiding(rows.map((r) => ({ id: r.id, voids: r.facts.voidsStatementId })));
      const inserted = await this.uow.query<{ id: string }>(
        `INSERT INTO learning_records.statements (id, lrs_client_id, body, verb_id, verb_kind, activity_id, parent_activity_ids, voids_statement_id,
                actor_home_page, actor_account_name, actor_email, occurred_at, stored, status,
                agent_keys, related_agent_keys, related_activity_ids, registration, target_statement_id)
         SELECT r.id, $1, r.body, r.verb_id, r.verb_kind, r.activity_id, ARRAY(SELECT jsonb_array_elements_text(r.parents)), r.voids,
                r.home_page, r.account_name, r.email, r.occurred_at, $2, 'STORED',
                ARRAY(SELECT jsonb_array_elements_text(r.agents)), ARRAY(SELECT jsonb_array_elements_text(r.related_agents)),
                ARRAY(SELECT jsonb_array_elements_text(r.related_activities)), r.registration, r.target
           FROM jsonb_to_recordset($3::jsonb) AS r(ord int, id uuid, body jsonb, verb_id text, verb_kind text, activity_id text, parents jsonb, voids uuid,
                home_page text, account_name text, email text, occurred_at timestamptz,
                agents jsonb, related_agents jsonb, related_activities jsonb, registration uuid, target uuid)
          ORDER BY r.ord
         ON CONFLICT (id) DO NOTHING RETURNING id`,
        [
          client.id,
          stored,
          JSON.stringify(
            rows.map((r, ord) => ({
              ord,
              id: r.id,
              body: r.body,
              verb_id: r.facts.verbId,
              verb_kind: r.kind,
              activity_id: r.facts.activityId,
              parents: r.facts.parentActivityIds,
              voids: r.facts.voidsStatementId,
              home_page: r.facts.actor.account ? homePageKey(r.facts.actor.account.homePage) : null,
              account_name: r.facts.actor.account?.name ?? null,
              email: r.facts.actor.email,
              occurred_at: (r.facts.timestamp && r.facts.timestamp < stored ? r.facts.timestamp : stored).toISOString(),
              agents: r.index.agentKeys,
              related_agents: r.index.relatedAgentKeys,
              related_activities: r.index.relatedActivityIds,
              registration: r.index.registration,
              target: r.index.targetStatementId,
            })),
          ),
        ],
      );
      const fresh = new Set(inserted.map((r) => r.id));
      const known = rows.filter((r) => !fresh.has(r.id));
      if (known.length) {
        const existing = await this.uow.query<{ id: string; body: JsonObject }>(
          `SELECT id, body FROM learning_records.statements WHERE id = ANY($1::uuid[])`,
          [known.map((r) => r.id)],
        );
        const bodies = new Map(existing.map((e) => [e.id, e.body]));
        const differing = known.filter((r) => !bodies.has(r.id) || !sameStatement(bodies.get(r.id)!, r.given));
        if (differing.length) {
          throw new ConflictError(
            `The LRS already has a different statement with the id ${differing.map((r) => r.id).join(', ')}; statement ids are immutable`,
          );
        }
      }
      if (fresh.size) {
        const freshStatements = rows.filter((r) => fresh.has(r.id)).map((r) => r.given);
        await this.storeActivities(freshStatements);
        if (attachments.length)
          await this.uow.query(
            `INSERT INTO learning_records.attachments (sha2, content_type, content)
             SELECT a.sha2, a.content_type, decode(a.content, 'base64') FROM jsonb_to_recordset($1::jsonb) AS a(sha2 text, content_type text, content text)
             ON CONFLICT (sha2) DO NOTHING`,
            [
              JSON.stringify(
                attachments.map((a) => ({ sha2: a.sha2, content_type: a.contentType, content: a.content.toString('base64') })),
              ),
            ],
          );
        await this.audit.record({
          action: 'xapi-statement.store',
          entityType: 'XapiStatement',
          entityId: null,
          after: { lrsClientId: client.id, statementIds: [...fresh] },
        });
        await lockMappingsShared(this.uow);
        await this.processor.process(rows.filter((r) => fresh.has(r.id)).map((r) => r.id));
      }
      return ids;
    });
  }

  private statementsOf(body: unknown, put: { statementId: unknown } | null): JsonObject[] {
    if (put) {
      if (!isStatementId(put.statementId)) throw invalid([{ field: 'statementId', message: 'the query parameter must be a UUID' }]);
      if (Array.isArray(body)) throw invalid([{ field: '(body)', message: 'PUT takes one statement; POST takes an array' }]);
      const problems = statementProblems(body, 'statement');
      if (problems.length) throw invalid(problems);
      const s = body as JsonObject;
      if (typeof s.id === 'string' && s.id.toLowerCase() !== put.statementId.toLowerCase()) {
        throw invalid([{ field: 'statement.id', message: 'differs from the statementId parameter' }]);
      }
      return [s];
    }
    const list = Array.isArray(body) ? body : [body];
    if (body === undefined || list.length === 0)
      throw invalid([{ field: '(body)', message: 'send a statement or an array of statements' }]);
    const problems = list.flatMap((s, i) => statementProblems(s, Array.isArray(body) ? `statements[${i}]` : 'statement'));
    if (problems.length) throw invalid(problems);
    return list as JsonObject[];
  }

  /** The Activities' definitions as the LRS knows them (GET /xapi/activities): each merged over the stored one. */
  private async storeActivities(statements: JsonObject[]): Promise<void> {
    const given = statements.flatMap(activitiesOf).filter((a) => a.definition);
    if (given.length === 0) return;
    const ids = [...new Set(given.map((a) => a.id))];
    const stored = await this.uow.query<{ activity_id: string; definition: JsonObject }>(
      `SELECT activity_id, definition FROM learning_records.activities WHERE activity_id = ANY($1::text[]) FOR UPDATE`,
      [ids],
    );
    const merged = new Map(stored.map((r) => [r.activity_id, r.definition]));
    for (const a of given) merged.set(a.id, mergeDefinition(merged.get(a.id) ?? null, a.definition!));
    await this.uow.query(
      `INSERT INTO learning_records.activities (activity_id, definition)
       SELECT a.id, a.definition FROM jsonb_to_recordset($1::jsonb) AS a(id text, definition jsonb)
       ON CONFLICT (activity_id) DO UPDATE SET definition = excluded.definition, updated_at = now()`,
      [JSON.stringify(ids.map((id) => ({ id, definition: merged.get(id) })))],
    );
  }

  /** xAPI: a voiding statement cannot target another voiding statement (in this request or stored). */
  private async refuseVoidingOfVoiding(rows: { id: string; voids: string | null }[]): Promise<void> {
    const voiding = new Set(rows.filter((r) => r.voids).map((r) => r.id));
    const targets = rows.filter((r) => r.voids).map((r) => r.voids!);
    if (targets.length === 0) return;
    const stored = await this.uow.query<{ id: string }>(
      `SELECT id FROM learning_records.statements WHERE id = ANY($1::uuid[]) AND verb_kind = 'VOIDING'`,
      [targets],
    );
    const bad = targets.filter((t) => voiding.has(t) || stored.some((s) => s.id === t));
    if (bad.length) throw invalid([{ field: 'object.id', message: `statement ${bad[0]} is a voiding statement and cannot be voided` }]);
  }
}
