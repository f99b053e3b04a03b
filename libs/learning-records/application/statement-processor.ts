import { Injectable } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { RecordPlatformCompletionCommand, ReversePlatformCompletionCommand } from '@kompeten/development/contracts';
import { newId } from '@kompeten/shared/kernel';
import { UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeeContactsQuery, EmployeePlacementsQuery } from '@kompeten/workforce/contracts';
import { ActivityMapping, attemptOutcome, completedAt, matchMapping } from '../domain/completion-rules';
import { factsOf, isNip, JsonObject, StatementFacts } from '../domain/statement';

interface PendingRow {
  id: string;
  lrs_client_id: string;
  client_agency_id: string | null;
  body: JsonObject;
  verb_kind: 'COMPLETION' | 'FAILURE' | 'VOIDING' | 'OTHER';
  actor_home_page: string | null;
  actor_account_name: string | null;
  actor_email: string | null;
  stored: Date;
  voided: boolean;
}

interface Person {
  employeeId: string;
  agencyId: string;
}

/** homePage as compared: without a trailing slash. */
export const homePageKey = (homePage: string) => homePage.replace(/\/+$/, '');

/**
 * Applies stored statements: a completion, pass or failure of a mapped activity
 * by a known employee becomes an attempt (and, when it counts, a platform
 * completion in Development); one whose actor or activity is not known yet
 * waits in the review queue; a voiding statement reverses what its target
 * credited. Runs in the caller's transaction. Actors and mappings are resolved
 * for all the statements at once; each credit is one Development command.
 */
@Injectable()
export class StatementProcessor {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  /** Processes the statements (received now, or waiting in the queue); answers how many were applied. */
  async process(statementIds: string[]): Promise<number> {
    if (statementIds.length === 0) return 0;
    const rows = await this.uow.query<PendingRow>(
      `SELECT s.id, s.lrs_client_id, c.agency_id AS client_agency_id, s.body, s.verb_kind, s.actor_home_page, s.actor_account_name,
              s.actor_email, s.stored,
              EXISTS (SELECT 1 FROM learning_records.statements v
                       WHERE v.voids_statement_id = s.id AND v.lrs_client_id = s.lrs_client_id) AND s.verb_kind <> 'VOIDING' AS voided
         FROM learning_records.statements s
         JOIN learning_records.lrs_clients c ON c.id = s.lrs_client_id
        WHERE s.id = ANY($1::uuid[]) AND s.status IN ('STORED','QUEUED')
        ORDER BY s.received_seq
          FOR UPDATE OF s`,
      [statementIds],
    );
    const voided = rows.filter((r) => r.voided);
    if (voided.length) {
      await this.uow.query(`UPDATE learning_records.statements SET status = 'VOIDED' WHERE id = ANY($1::uuid[])`, [
        voided.map((r) => r.id),
      ]);
      await this.uow.query(`DELETE FROM learning_records.review_queue WHERE statement_id = ANY($1::uuid[])`, [voided.map((r) => r.id)]);
    }
    const attempts = rows.filter((r) => !r.voided && (r.verb_kind === 'COMPLETION' || r.verb_kind === 'FAILURE'));
    let applied = await this.applyAttempts(attempts);
    for (const voiding of rows.filter((r) => r.verb_kind === 'VOIDING')) {
      await this.applyVoiding(voiding);
      applied++;
    }
    return applied;
  }

  private async applyAttempts(rows: PendingRow[]): Promise<number> {
    if (rows.length === 0) return 0;
    const facts = new Map(rows.map((r) => [r.id, factsOf(r.body)]));
    const people = await this.resolveActors(rows);
    const mappings = await this.mappingsFor([...facts.values()]);
    let applied = 0;
    for (const row of rows) {
      const f = facts.get(row.id)!;
      let person = people.get(row.id) ?? null;
      // An agency's platform speaks for that agency's employees only.
      if (person && row.client_agency_id && person.agencyId !== row.client_agency_id) person = null;
      if (!person) {
        await this.enqueue(row.id, 'UNKNOWN_ACTOR', row.client_agency_id, null);
        continue;
      }
      const match = matchMapping(f, mappings);
      if (!match) {
        await this.enqueue(row.id, 'UNMAPPED_ACTIVITY', person.agencyId, person.employeeId);
        continue;
      }
      const outcome = attemptOutcome(row.verb_kind as 'COMPLETION' | 'FAILURE', f, match);
      const at = completedAt(f, new Date(row.stored));
      let recorded: string = outcome;
      let completionId: string | null = null;
      if (outcome === 'CREDIT') {
        const result = await this.commands.execute(
          new RecordPlatformCompletionCommand({
            employeeId: person.employeeId,
            programId: match.mapping.programId,
            completedAt: at,
            statementId: row.id,
            lrsClientId: row.lrs_client_id,
          }),
        );
        recorded = result.outcome;
        completionId = result.completionId;
      }
      await this.uow.query(
        `INSERT INTO learning_records.attempts (statement_id, employee_id, program_id, verb_kind, success, scaled_score, outcome, platform_completion_id, occurred_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
         ON CONFLICT (statement_id) DO UPDATE SET outcome = EXCLUDED.outcome, platform_completion_id = EXCLUDED.platform_completion_id`,
        [row.id, person.employeeId, match.mapping.programId, row.verb_kind, f.success, f.scaledScore, recorded, completionId, at],
      );
      await this.uow.query(`UPDATE learning_records.statements SET status = 'APPLIED', employee_id = $2, program_id = $3 WHERE id = $1`, [
        row.id,
        person.employeeId,
        match.mapping.programId,
      ]);
      await this.uow.query(`DELETE FROM learning_records.review_queue WHERE statement_id = $1`, [row.id]);
      applied++;
    }
    return applied;
  }

  /**
   * Voids the target (a statement of the same platform that is not itself a
   * voiding one). If it had credited a completion, Development reverses it, and
   * the next statement that found the program already credited (the earliest
   * not voided) credits it instead: the completion is still true.
   */
  private async applyVoiding(row: PendingRow): Promise<void> {
    const targetId = factsOf(row.body).voidsStatementId!;
    await this.uow.query(`UPDATE learning_records.statements SET status = 'APPLIED' WHERE id = $1`, [row.id]);
    const [target] = await this.uow.query<{ id: string }>(
      `UPDATE learning_records.statements SET status = 'VOIDED'
        WHERE id = $1 AND lrs_client_id = $2 AND verb_kind <> 'VOIDING' RETURNING id`,
      [targetId, row.lrs_client_id],
    );
    if (!target) return;
    await this.uow.query(`DELETE FROM learning_records.review_queue WHERE statement_id = $1`, [targetId]);
    const [attempt] = await this.uow.query<{ employee_id: string; program_id: string; outcome: string }>(
      `UPDATE learning_records.attempts a SET outcome = CASE WHEN old.outcome = 'CREDITED' THEN 'REVERSED' ELSE 'VOIDED' END
         FROM learning_records.attempts old
        WHERE a.statement_id = $1 AND old.statement_id = a.statement_id
        RETURNING a.employee_id, a.program_id, old.outcome`,
      [targetId],
    );
    if (!attempt || attempt.outcome !== 'CREDITED') return;
    const { reversed } = await this.commands.execute(new ReversePlatformCompletionCommand(targetId));
    if (!reversed) return;
    const [next] = await this.uow.query<{ statement_id: string; lrs_client_id: string; occurred_at: Date }>(
      `SELECT a.statement_id, s.lrs_client_id, a.occurred_at FROM learning_records.attempts a
         JOIN learning_records.statements s ON s.id = a.statement_id
        WHERE a.employee_id = $1 AND a.program_id = $2 AND a.outcome = 'ALREADY_CREDITED' AND s.status = 'APPLIED'
        ORDER BY a.occurred_at, s.received_seq LIMIT 1`,
      [attempt.employee_id, attempt.program_id],
    );
    if (!next) return;
    const result = await this.commands.execute(
      new RecordPlatformCompletionCommand({
        employeeId: attempt.employee_id,
        programId: attempt.program_id,
        completedAt: new Date(next.occurred_at),
        statementId: next.statement_id,
        lrsClientId: next.lrs_client_id,
      }),
    );
    await this.uow.query(`UPDATE learning_records.attempts SET outcome = $2, platform_completion_id = $3 WHERE statement_id = $1`, [
      next.statement_id,
      result.outcome,
      result.completionId,
    ]);
  }

  private async enqueue(
    statementId: string,
    reason: 'UNKNOWN_ACTOR' | 'UNMAPPED_ACTIVITY',
    agencyId: string | null,
    employeeId: string | null,
  ) {
    await this.uow.query(
      `INSERT INTO learning_records.review_queue (id, statement_id, reason, agency_id) VALUES ($1, $2, $3, $4)
       ON CONFLICT (statement_id) DO UPDATE SET reason = EXCLUDED.reason, agency_id = EXCLUDED.agency_id`,
      [newId(), statementId, reason, agencyId],
    );
    await this.uow.query(`UPDATE learning_records.statements SET status = 'QUEUED', employee_id = $2 WHERE id = $1`, [
      statementId,
      employeeId,
    ]);
  }

  /** Who each statement's actor is: an account mapping first, then an account name that is a NIP, then the mbox e-mail. */
  private async resolveActors(rows: PendingRow[]): Promise<Map<string, Person>> {
    const answer = new Map<string, Person>();
    const accounts = rows.filter((r) => r.actor_home_page !== null && r.actor_account_name !== null);
    const mapped = accounts.length
      ? await this.uow.query<{ home_page: string; account_name: string; employee_id: string }>(
          `SELECT m.home_page, m.account_name, m.employee_id FROM learning_records.account_mappings m
             JOIN unnest($1::text[], $2::text[]) AS k(home_page, account_name) ON k.home_page = m.home_page AND k.account_name = m.account_name`,
          [accounts.map((r) => r.actor_home_page), accounts.map((r) => r.actor_account_name)],
        )
      : [];
    const byAccount = new Map(mapped.map((m) => [`${m.home_page}\n${m.account_name}`, m.employee_id]));
    const nips = accounts.map((r) => r.actor_account_name!).filter(isNip);
    const emails = rows.map((r) => r.actor_email).filter((e): e is string => !!e);
    const mappedIds = [...new Set(mapped.map((m) => m.employee_id))];
    const [placements, contacts] = await Promise.all([
      mappedIds.length ? this.queries.execute(new EmployeePlacementsQuery({ ids: mappedIds })) : Promise.resolve([]),
      nips.length || emails.length ? this.queries.execute(new EmployeeContactsQuery({ nips, emails })) : Promise.resolve([]),
    ]);
    const agencyOf = new Map(placements.map((p) => [p.id, p.agencyId]));
    const byNip = new Map(contacts.map((c) => [c.nip.trim(), c]));
    const byEmail = new Map(contacts.filter((c) => c.email).map((c) => [c.email!.toLowerCase(), c]));
    for (const row of rows) {
      const mappedId = byAccount.get(`${row.actor_home_page}\n${row.actor_account_name}`);
      if (mappedId && agencyOf.has(mappedId)) {
        answer.set(row.id, { employeeId: mappedId, agencyId: agencyOf.get(mappedId)! });
        continue;
      }
      const found = (row.actor_account_name && byNip.get(row.actor_account_name)) || (row.actor_email && byEmail.get(row.actor_email));
      if (found) answer.set(row.id, { employeeId: found.id, agencyId: found.agencyId });
    }
    return answer;
  }

  private async mappingsFor(facts: StatementFacts[]): Promise<Map<string, ActivityMapping>> {
    const ids = [...new Set(facts.flatMap((f) => [...(f.activityId ? [f.activityId] : []), ...f.parentActivityIds]))];
    if (ids.length === 0) return new Map();
    const rows = await this.uow.query<{
      activity_id: string;
      program_id: string;
      include_children: boolean;
      min_scaled_score: string | null;
    }>(
      `SELECT activity_id, program_id, include_children, min_scaled_score FROM learning_records.activity_mappings WHERE activity_id = ANY($1::text[])`,
      [ids],
    );
    return new Map(
      rows.map((r) => [
        r.activity_id,
        {
          activityId: r.activity_id,
          programId: r.program_id,
          includeChildren: r.include_children,
          minScaledScore: r.min_scaled_score === null ? null : Number(r.min_scaled_score),
        },
      ]),
    );
  }
}
