import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ConflictError, InvalidInputError, newId, NotFoundError, PreconditionFailedError } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { checkPreconditions, DocumentKind, etagOf, isJsonType, jsonObjectOf, Preconditions } from '../domain/documents';
import { JsonObject } from '../domain/statement';

/**
 * Where documents live (xAPI 1.0.3 §2.3, §2.6, §2.7): a State by activity,
 * agent, registration and stateId; an Activity Profile by activity and
 * profileId; an Agent Profile by agent and profileId. Every document is its
 * platform's own (ADR 0010, Later). `documentId` undefined: every document of
 * the scope (a list, or a State DELETE without stateId).
 */
export interface DocumentScope {
  clientId: string;
  kind: DocumentKind;
  activityId?: string;
  agentKey?: string;
  /** A State's registration; undefined: any (for list and delete), none (for one document). */
  registration?: string;
  documentId?: string;
}

export interface StoredDocument {
  content: Buffer;
  contentType: string;
  etag: string;
  updated: Date;
}

const columns = (s: DocumentScope) => [s.clientId, s.kind, s.activityId ?? '', s.agentKey ?? '', s.registration ?? ''];
const KEY_WHERE = `lrs_client_id = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND registration = $5`;

/** PUT (replace) or POST (merge JSON objects) of one document. */
export class StoreDocumentCommand extends Command<void> {
  constructor(
    readonly scope: DocumentScope & { documentId: string },
    readonly content: Buffer,
    readonly contentType: string,
    readonly preconditions: Preconditions,
    readonly merge: boolean,
  ) {
    super();
  }
}

@CommandHandler(StoreDocumentCommand)
export class StoreDocumentHandler implements ICommandHandler<StoreDocumentCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ scope, content, contentType, preconditions, merge }: StoreDocumentCommand): Promise<void> {
    let posted: JsonObject | null = null;
    if (merge && isJsonType(contentType)) {
      posted = jsonObjectOf(content);
      if (!posted) throw InvalidInputError.field('(body)', 'a JSON document posted to merge must be a JSON object');
    }
    await this.uow.transaction(async () => {
      const [current] = await this.uow.query<{ content: Buffer; content_type: string; etag: string }>(
        `SELECT content, content_type, etag FROM learning_records.documents WHERE ${KEY_WHERE} AND document_id = $6 FOR UPDATE`,
        [...columns(scope), scope.documentId],
      );
      const verdict = checkPreconditions(preconditions, current?.etag ?? null, !merge && scope.kind !== 'STATE');
      if (verdict === 'failed')
        throw new PreconditionFailedError('The document’s ETag does not match If-Match / If-None-Match; nothing changed');
      if (verdict === 'missing')
        throw InvalidInputError.field(
          'If-Match',
          'a profile PUT needs If-Match with the ETag it replaces, or If-None-Match: * for a new one',
        );
      if (verdict === 'conflict')
        throw new ConflictError('The document exists: send If-Match with its ETag (or If-None-Match: *) to say which version you replace');
      let stored = content;
      let type = contentType;
      if (merge && current) {
        const existing = isJsonType(current.content_type) ? jsonObjectOf(current.content) : null;
        if (!posted || !existing)
          throw InvalidInputError.field(
            '(body)',
            'POST merges JSON objects: the stored and the posted document must both be application/json objects',
          );
        stored = Buffer.from(JSON.stringify({ ...existing, ...posted }));
        type = 'application/json';
      }
      await this.uow.query(
        `INSERT INTO learning_records.documents (id, lrs_client_id, kind, activity_id, agent_key, registration, document_id, content_type, content, etag, updated)
         VALUES ($7, $1, $2, $3, $4, $5, $6, $8, $9, $10, now())
         ON CONFLICT (lrs_client_id, kind, activity_id, agent_key, registration, document_id)
         DO UPDATE SET content_type = excluded.content_type, content = excluded.content, etag = excluded.etag, updated = now()`,
        [...columns(scope), scope.documentId, newId(), type, stored, etagOf(stored)],
      );
    });
  }
}

/** DELETE of one document, or of every State of an activity and agent (and registration). */
export class DeleteDocumentsCommand extends Command<void> {
  constructor(
    readonly scope: DocumentScope,
    readonly preconditions: Preconditions,
  ) {
    super();
  }
}

@CommandHandler(DeleteDocumentsCommand)
export class DeleteDocumentsHandler implements ICommandHandler<DeleteDocumentsCommand> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ scope, preconditions }: DeleteDocumentsCommand): Promise<void> {
    await this.uow.transaction(async () => {
      if (scope.documentId !== undefined) {
        const [current] = await this.uow.query<{ etag: string }>(
          `SELECT etag FROM learning_records.documents WHERE ${KEY_WHERE} AND document_id = $6 FOR UPDATE`,
          [...columns(scope), scope.documentId],
        );
        if (checkPreconditions(preconditions, current?.etag ?? null, false) !== 'ok')
          throw new PreconditionFailedError('The document’s ETag does not match If-Match / If-None-Match; nothing was deleted');
        await this.uow.query(`DELETE FROM learning_records.documents WHERE ${KEY_WHERE} AND document_id = $6`, [
          ...columns(scope),
          scope.documentId,
        ]);
        return;
      }
      const [clientId, kind, activityId, agentKey] = columns(scope);
      await this.uow.query(
        `DELETE FROM learning_records.documents
          WHERE lrs_client_id = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND ($5::text IS NULL OR registration = $5)`,
        [clientId, kind, activityId, agentKey, scope.registration ?? null],
      );
    });
  }
}

export class DocumentQuery extends Query<StoredDocument> {
  constructor(readonly scope: DocumentScope & { documentId: string }) {
    super();
  }
}

@QueryHandler(DocumentQuery)
export class DocumentHandler implements IQueryHandler<DocumentQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ scope }: DocumentQuery): Promise<StoredDocument> {
    const [row] = await this.uow.query<StoredDocument>(
      `SELECT content, content_type AS "contentType", etag, updated FROM learning_records.documents WHERE ${KEY_WHERE} AND document_id = $6`,
      [...columns(scope), scope.documentId],
    );
    if (!row) throw new NotFoundError('Document', scope.documentId);
    return row;
  }
}

/** The ids of a scope's documents, those updated after `since` if given. */
export class DocumentIdsQuery extends Query<string[]> {
  constructor(
    readonly scope: DocumentScope,
    readonly since: string | undefined,
  ) {
    super();
  }
}

@QueryHandler(DocumentIdsQuery)
export class DocumentIdsHandler implements IQueryHandler<DocumentIdsQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ scope, since }: DocumentIdsQuery): Promise<string[]> {
    const [clientId, kind, activityId, agentKey] = columns(scope);
    const rows = await this.uow.query<{ document_id: string }>(
      `SELECT document_id FROM learning_records.documents
        WHERE lrs_client_id = $1 AND kind = $2 AND activity_id = $3 AND agent_key = $4 AND ($5::text IS NULL OR registration = $5)
          AND ($6::timestamptz IS NULL OR updated > $6)
        ORDER BY document_id`,
      [clientId, kind, activityId, agentKey, scope.registration ?? null, since ?? null],
    );
    return rows.map((r) => r.document_id);
  }
}

/** The LRS's definition of an Activity (GET /xapi/activities): merged from every statement naming it. */
export class ActivityQuery extends Query<JsonObject> {
  constructor(readonly activityId: string) {
    super();
  }
}

@QueryHandler(ActivityQuery)
export class ActivityHandler implements IQueryHandler<ActivityQuery> {
  constructor(private readonly uow: UnitOfWork) {}

  async execute({ activityId }: ActivityQuery): Promise<JsonObject> {
    const [row] = await this.uow.query<{ definition: JsonObject }>(
      `SELECT definition FROM learning_records.activities WHERE activity_id = $1`,
      [activityId],
    );
    return { objectType: 'Activity', id: activityId, ...(row ? { definition: row.definition } : {}) };
  }
}

export const DOCUMENT_HANDLERS = [StoreDocumentHandler, DeleteDocumentsHandler, DocumentHandler, DocumentIdsHandler, ActivityHandler];
