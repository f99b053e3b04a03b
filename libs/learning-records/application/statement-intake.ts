import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { ConflictError, FieldError, InvalidInputError, newId } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { verbKind } from '../domain/completion-rules';
import { factsOf, isStatementId, JsonObject, sameStatement, statementProblems, toStored } from '../domain/statement';
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

  async execute({ client, body, put }: StoreStatementsCommand): Promise<string[]> {
    const statements = this.statementsOf(body, put);
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
        kind: verbKind(facts, this.policy.verbs),
        body: toStored(s, { id: ids[i], stored, authority }),
        given: s,
      };
    });
    return this.uow.transaction(async () => {
      await this.refuseVoidingOfVoiding(rows.map((r) => ({ id: r.id, voids: r.facts.voidsStatementId })));
      const inserted = await this.uow.query<{ id: string }>(
        `INSERT INTO learning_records.statements (id, lrs_client_id, body, verb_id, verb_kind, activity_id, parent_activity_ids, voids_statement_id,
                actor_home_page, actor_account_name, actor_email, occurred_at, stored, status)
         SELECT r.id, $1, r.body, r.verb_id, r.verb_kind, r.activity_id, ARRAY(SELECT jsonb_array_elements_text(r.parents)), r.voids,
                r.home_page, r.account_name, r.email, r.occurred_at, $2, 'STORED'
           FROM jsonb_to_recordset($3::jsonb) AS r(ord int, id uuid, body jsonb, verb_id text, verb_kind text, activity_id text, parents jsonb, voids uuid,
                home_page text, account_name text, email text, occurred_at timestamptz)
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
