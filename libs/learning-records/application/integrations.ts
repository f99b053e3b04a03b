import { randomBytes } from 'node:crypto';
import { Command, CommandHandler, ICommandHandler, IQueryHandler, Query, QueryBus, QueryHandler } from '@nestjs/cqrs';
import { TrainingProgramSummaryQuery } from '@kompeten/development/contracts';
import { Actor, ConflictError, NotFoundError, newId, readableAgencyIds } from '@kompeten/shared/kernel';
import { AuditLog, keyset, Page, pageOf, scryptSecret, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeeSummaryQuery } from '@kompeten/workforce/contracts';
import { homePageKey, StatementProcessor } from './statement-processor';
import { lockMappingsExclusive } from '../infrastructure/mappings-lock';

// ---------- LRS clients ----------
export interface LrsClientView {
  id: string;
  name: string;
  key: string;
  agencyId: string | null;
  createdAt: string;
  revokedAt: string | null;
}

export class CreateLrsClientCommand extends Command<LrsClientView & { secret: string }> {
  constructor(
    readonly actor: Actor,
    readonly input: { name: string; agencyId?: string | null },
  ) {
    super();
  }
}

/** A platform's credentials: a key and a secret shown once, kept as a scrypt hash like passwords. */
@CommandHandler(CreateLrsClientCommand)
export class CreateLrsClientHandler implements ICommandHandler<CreateLrsClientCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  async execute({ input }: CreateLrsClientCommand) {
    const id = newId();
    const key = `lrs_${randomBytes(12).toString('hex')}`;
    const secret = randomBytes(24).toString('base64url');
    const hash = await scryptSecret.hash(secret);
    return this.uow.transaction(async () => {
      const [row] = await this.uow.query<LrsClientView>(
        `INSERT INTO learning_records.lrs_clients (id, name, key, secret_hash, agency_id) VALUES ($1, $2, $3, $4, $5)
         RETURNING id, name, key, agency_id AS "agencyId", created_at AS "createdAt", revoked_at AS "revokedAt"`,
        [id, input.name, key, hash, input.agencyId ?? null],
      );
      await this.audit.record({ action: 'lrs-client.create', entityType: 'LrsClient', entityId: id, agencyId: row.agencyId, after: row });
      return { ...row, secret };
    });
  }
}

export class RevokeLrsClientCommand extends Command<void> {
  constructor(readonly id: string) {
    super();
  }
}

@CommandHandler(RevokeLrsClientCommand)
export class RevokeLrsClientHandler implements ICommandHandler<RevokeLrsClientCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly audit: AuditLog,
  ) {}

  async execute({ id }: RevokeLrsClientCommand): Promise<void> {
    await this.uow.transaction(async () => {
      const [row] = await this.uow.query<{ id: string; agency_id: string | null }>(
        `UPDATE learning_records.lrs_clients SET revoked_at = COALESCE(revoked_at, now()) WHERE id = $1 RETURNING id, agency_id`,
        [id],
      );
      if (!row) throw new NotFoundError('LRS client', id);
      await this.audit.record({ action: 'lrs-client.revoke', entityType: 'LrsClient', entityId: id, agencyId: row.agency_id });
    });
  }
}

export class ListLrsClientsQuery extends Query<Page<LrsClientView>> {
  constructor(readonly request: { limit?: number; cursor?: string }) {
    super();
  }
}

@QueryHandler(ListLrsClientsQuery)
export class ListLrsClientsHandler implements IQueryHandler<ListLrsClientsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ request }: ListLrsClientsQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    const page = keyset('c', request, where, params);
    const rows = await this.uow.query<LrsClientView>(
      `SELECT c.id, c.name, c.key, c.agency_id AS "agencyId", c.created_at AS "createdAt", c.revoked_at AS "revokedAt"
         FROM learning_records.lrs_clients c ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

// ---------- activity mappings ----------
export interface ActivityMappingView {
  id: string;
  programId: string;
  activityId: string;
  includeChildren: boolean;
  minScaledScore: number | null;
  createdAt: string;
}

export class MapActivityCommand extends Command<ActivityMappingView & { appliedStatements: number }> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
    readonly input: { activityId: string; includeChildren?: boolean; minScaledScore?: number | null },
  ) {
    super();
  }
}

const MAPPING_COLUMNS = `id, program_id AS "programId", activity_id AS "activityId", include_children AS "includeChildren",
  min_scaled_score::float8 AS "minScaledScore", created_at AS "createdAt"`;

/** A program the actor may map: the ministry any, an agency admin their agency's and national ones; else 404. */
async function mappableProgram(queries: QueryBus, actor: Actor, programId: string) {
  const program = await queries.execute(new TrainingProgramSummaryQuery(programId));
  const agencies = readableAgencyIds(actor);
  if (!program || (program.agencyId !== null && agencies !== null && !agencies.includes(program.agencyId))) {
    throw new NotFoundError('Training program', programId);
  }
  return program;
}

/** Maps an activity IRI to a program, then applies the queued statements about it (or its children). */
@CommandHandler(MapActivityCommand)
export class MapActivityHandler implements ICommandHandler<MapActivityCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly processor: StatementProcessor,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, programId, input }: MapActivityCommand) {
    const program = await mappableProgram(this.queries, actor, programId);
    return this.uow.transaction(async () => {
      await lockMappingsExclusive(this.uow);
      const [row] = await this.uow.query<ActivityMappingView>(
        `INSERT INTO learning_records.activity_mappings (id, activity_id, program_id, program_agency_id, include_children, min_scaled_score)
         VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (activity_id) DO NOTHING RETURNING ${MAPPING_COLUMNS}`,
        [newId(), input.activityId, program.id, program.agencyId, input.includeChildren ?? false, input.minScaledScore ?? null],
      );
      if (!row) throw new ConflictError(`The activity ${input.activityId} is already mapped to a program`);
      await this.audit.record({
        action: 'activity-mapping.create',
        entityType: 'ActivityMapping',
        entityId: row.id,
        agencyId: program.agencyId,
        after: row,
      });
      const queued = await this.uow.query<{ id: string }>(
        `SELECT id FROM learning_records.statements
          WHERE status = 'QUEUED' AND (activity_id = $1 OR parent_activity_ids @> ARRAY[$1]::text[]) ORDER BY received_seq`,
        [input.activityId],
      );
      const appliedStatements = await this.processor.process(queued.map((q) => q.id));
      return { ...row, appliedStatements };
    });
  }
}

export class ListActivityMappingsQuery extends Query<{ items: ActivityMappingView[] }> {
  constructor(
    readonly actor: Actor,
    readonly programId: string,
  ) {
    super();
  }
}

@QueryHandler(ListActivityMappingsQuery)
export class ListActivityMappingsHandler implements IQueryHandler<ListActivityMappingsQuery> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
  ) {}
  async execute({ actor, programId }: ListActivityMappingsQuery) {
    await mappableProgram(this.queries, actor, programId);
    const items = await this.uow.query<ActivityMappingView>(
      `SELECT ${MAPPING_COLUMNS} FROM learning_records.activity_mappings WHERE program_id = $1 ORDER BY id`,
      [programId],
    );
    return { items };
  }
}

// ---------- account mappings ----------
export interface AccountMappingView {
  id: string;
  homePage: string;
  name: string;
  employeeId: string;
  agencyId: string;
  createdAt: string;
}

export class MapAccountCommand extends Command<AccountMappingView & { appliedStatements: number }> {
  constructor(
    readonly actor: Actor,
    readonly input: { homePage: string; name: string; employeeId: string },
  ) {
    super();
  }
}

/** A platform's account (site URL + its user id) is an employee, once; the queued statements of that account are then applied. */
@CommandHandler(MapAccountCommand)
export class MapAccountHandler implements ICommandHandler<MapAccountCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly processor: StatementProcessor,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, input }: MapAccountCommand) {
    const employee = await this.queries.execute(new EmployeeSummaryQuery({ id: input.employeeId }));
    const agencies = readableAgencyIds(actor);
    if (!employee || (agencies !== null && !agencies.includes(employee.agencyId))) throw new NotFoundError('Employee', input.employeeId);
    const homePage = homePageKey(input.homePage);
    return this.uow.transaction(async () => {
      await lockMappingsExclusive(this.uow);
      const [row] = await this.uow.query<AccountMappingView>(
        `INSERT INTO learning_records.account_mappings (id, home_page, account_name, employee_id, agency_id) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (home_page, account_name) DO NOTHING
         RETURNING id, home_page AS "homePage", account_name AS name, employee_id AS "employeeId", agency_id AS "agencyId", created_at AS "createdAt"`,
        [newId(), homePage, input.name, employee.id, employee.agencyId],
      );
      if (!row) throw new ConflictError(`The account ${input.name} of ${homePage} is already mapped to an employee`);
      await this.audit.record({
        action: 'account-mapping.create',
        entityType: 'AccountMapping',
        entityId: row.id,
        agencyId: employee.agencyId,
        after: row,
      });
      const queued = await this.uow.query<{ id: string }>(
        `SELECT id FROM learning_records.statements WHERE status = 'QUEUED' AND actor_home_page = $1 AND actor_account_name = $2 ORDER BY received_seq`,
        [homePage, input.name],
      );
      const appliedStatements = await this.processor.process(queued.map((q) => q.id));
      return { ...row, appliedStatements };
    });
  }
}

export class ListAccountMappingsQuery extends Query<Page<AccountMappingView>> {
  constructor(
    readonly actor: Actor,
    readonly request: { limit?: number; cursor?: string; employeeId?: string },
  ) {
    super();
  }
}

@QueryHandler(ListAccountMappingsQuery)
export class ListAccountMappingsHandler implements IQueryHandler<ListAccountMappingsQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, request }: ListAccountMappingsQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    const agencies = readableAgencyIds(actor);
    if (agencies !== null) {
      params.push(agencies);
      where.push(`m.agency_id = ANY($${params.length}::uuid[])`);
    }
    if (request.employeeId) {
      params.push(request.employeeId);
      where.push(`m.employee_id = $${params.length}`);
    }
    const page = keyset('m', request, where, params);
    const rows = await this.uow.query<AccountMappingView>(
      `SELECT m.id, m.home_page AS "homePage", m.account_name AS name, m.employee_id AS "employeeId", m.agency_id AS "agencyId", m.created_at AS "createdAt"
         FROM learning_records.account_mappings m ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${page.sql}`,
      params,
    );
    return pageOf(rows, page.limit);
  }
}

// ---------- the review queue ----------
export interface ReviewItemView {
  id: string;
  statementId: string;
  reason: 'UNKNOWN_ACTOR' | 'UNMAPPED_ACTIVITY';
  queuedAt: string;
  lrsClientId: string;
  lrsClientName: string;
  verbId: string;
  activityId: string | null;
  parentActivityIds: string[];
  actor: { homePage: string | null; name: string | null; email: string | null };
  employeeId: string | null;
  agencyId: string | null;
  timestamp: string;
  stored: string;
}

export class ListReviewQueueQuery extends Query<Page<ReviewItemView>> {
  constructor(
    readonly actor: Actor,
    readonly request: { limit?: number; cursor?: string; reason?: string },
  ) {
    super();
  }
}

/**
 * Statements waiting for a mapping. Agency admins see their agency's (the
 * employee's agency, or the agency's own platform's unknown actors) and the
 * unknown actors of national platforms, which any agency may claim.
 */
@QueryHandler(ListReviewQueueQuery)
export class ListReviewQueueHandler implements IQueryHandler<ListReviewQueueQuery> {
  constructor(private readonly uow: UnitOfWork) {}
  async execute({ actor, request }: ListReviewQueueQuery) {
    const where: string[] = [];
    const params: unknown[] = [];
    const agencies = readableAgencyIds(actor);
    if (agencies !== null) {
      params.push(agencies);
      where.push(`(q.agency_id = ANY($${params.length}::uuid[]) OR q.agency_id IS NULL)`);
    }
    if (request.reason) {
      params.push(request.reason);
      where.push(`q.reason = $${params.length}`);
    }
    const page = keyset('q', request, where, params);
    const rows = await this.uow.query<ReviewItemView & { home_page: string | null; account_name: string | null; email: string | null }>(
      `SELECT q.id, q.statement_id AS "statementId", q.reason, q.queued_at AS "queuedAt", s.lrs_client_id AS "lrsClientId", c.name AS "lrsClientName",
              s.verb_id AS "verbId", s.activity_id AS "activityId", s.parent_activity_ids AS "parentActivityIds",
              s.actor_home_page AS home_page, s.actor_account_name AS account_name, s.actor_email AS email,
              s.employee_id AS "employeeId", q.agency_id AS "agencyId", s.occurred_at AS timestamp, s.stored
         FROM learning_records.review_queue q
         JOIN learning_records.statements s ON s.id = q.statement_id
         JOIN learning_records.lrs_clients c ON c.id = s.lrs_client_id
         ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ${page.sql}`,
      params,
    );
    const items = rows.map(({ home_page, account_name, email, ...item }) => ({
      ...item,
      actor: { homePage: home_page, name: account_name, email },
    }));
    return pageOf(items, page.limit);
  }
}

export const INTEGRATION_COMMAND_HANDLERS = [CreateLrsClientHandler, RevokeLrsClientHandler, MapActivityHandler, MapAccountHandler];
export const INTEGRATION_QUERY_HANDLERS = [
  ListLrsClientsHandler,
  ListActivityMappingsHandler,
  ListAccountMappingsHandler,
  ListReviewQueueHandler,
];
