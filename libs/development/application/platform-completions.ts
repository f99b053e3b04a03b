import { CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { integrationEvent, newId } from '@kompeten/shared/kernel';
import { AuditLog, Outbox, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DEVELOPMENT_EVENTS, TrainingCompletedPayload, TrainingCompletionReversedPayload } from '../contracts/events';
import {
  PlatformCompletionResult,
  RecordPlatformCompletionCommand,
  ReversePlatformCompletionCommand,
} from '../contracts/learning-platform';
import { jpYearOf } from '../domain/calendar';
import { DevelopmentPolicy } from '../infrastructure/development-policy.provider';
import { JpLedger } from '../infrastructure/jp-ledger';
import { ProgramRepository } from '../infrastructure/program.repository';
import { RecommendationEngine } from '../infrastructure/recommendation-engine';
import { findEmployee } from './lookups';

interface CompletionRow {
  id: string;
  employee_id: string;
  agency_id: string;
  program_id: string;
  year: number;
  credited_jp: string;
  status: 'CREDITED' | 'REVERSED';
}

const result = (row: CompletionRow, outcome: PlatformCompletionResult['outcome']): PlatformCompletionResult => ({
  outcome,
  completionId: row.id,
  jp: Number(row.credited_jp),
  year: Number(row.year),
});

/**
 * A learning platform's completion of a catalogue program: the program's JP
 * (by the JP rules in force) are credited once per employee and program — the
 * partial unique index refuses a second credited completion whatever races
 * above it — for the year of completion in WIB, and TrainingCompleted (source
 * PLATFORM) goes to the outbox in the same transaction.
 */
@CommandHandler(RecordPlatformCompletionCommand)
export class RecordPlatformCompletionHandler implements ICommandHandler<RecordPlatformCompletionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly programs: ProgramRepository,
    private readonly ledger: JpLedger,
    private readonly policy: DevelopmentPolicy,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async execute({ input }: RecordPlatformCompletionCommand): Promise<PlatformCompletionResult> {
    return this.uow.transaction(async () => {
      const [same] = await this.uow.query<CompletionRow>(`SELECT * FROM development.platform_completions WHERE statement_id = $1`, [
        input.statementId,
      ]);
      if (same) return result(same, same.status === 'CREDITED' ? 'CREDITED' : 'ALREADY_CREDITED');
      const found = await this.programs.get(input.programId);
      const program = found.state;
      const employee = await findEmployee(this.queries, input.employeeId);
      const jp = found.creditJp(this.policy.jpRules);
      const year = jpYearOf(input.completedAt);
      const id = newId();
      const [inserted] = await this.uow.query<CompletionRow>(
        `INSERT INTO development.platform_completions (id, employee_id, agency_id, program_id, completed_at, year, credited_jp, statement_id, lrs_client_id, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'CREDITED')
         ON CONFLICT (employee_id, program_id) WHERE status = 'CREDITED' DO NOTHING RETURNING *`,
        [id, employee.id, employee.agencyId, program.id, input.completedAt, year, jp, input.statementId, input.lrsClientId],
      );
      if (!inserted) {
        const [held] = await this.uow.query<CompletionRow>(
          `SELECT * FROM development.platform_completions WHERE employee_id = $1 AND program_id = $2 AND status = 'CREDITED'`,
          [employee.id, program.id],
        );
        return result(held, 'ALREADY_CREDITED');
      }
      await this.ledger.credit({ employeeId: employee.id, agencyId: employee.agencyId, year, jp, source: 'TRAINING', sourceId: id });
      const payload: TrainingCompletedPayload = {
        enrolmentId: null,
        sessionId: null,
        source: 'PLATFORM',
        platformCompletionId: id,
        employeeId: employee.id,
        agencyId: employee.agencyId,
        programId: program.id,
        programCode: program.code,
        deliveryMode: program.deliveryMode,
        competencies: program.competencies.map((c) => ({ competencyCode: c.competencyCode, targetLevel: c.targetLevel })),
        jp,
        completedAt: input.completedAt.toISOString(),
        year,
      };
      await this.outbox.publish(integrationEvent(DEVELOPMENT_EVENTS.TrainingCompleted, employee.id, payload));
      await this.audit.record({
        action: 'platform-completion.record',
        entityType: 'PlatformCompletion',
        entityId: id,
        agencyId: employee.agencyId,
        after: { ...payload, statementId: input.statementId, lrsClientId: input.lrsClientId },
      });
      return result(inserted, 'CREDITED');
    });
  }
}

/**
 * The statement behind a platform completion was voided: the completion turns
 * REVERSED, its ledger row goes (the JP of that year drop), the employee's
 * recommendations are recomputed in the same transaction, and
 * TrainingCompletionReversed tells the other contexts.
 */
@CommandHandler(ReversePlatformCompletionCommand)
export class ReversePlatformCompletionHandler implements ICommandHandler<ReversePlatformCompletionCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly engine: RecommendationEngine,
    private readonly outbox: Outbox,
    private readonly audit: AuditLog,
  ) {}

  async execute({ statementId }: ReversePlatformCompletionCommand) {
    return this.uow.transaction(async () => {
      const [row] = await this.uow.query<CompletionRow>(
        `UPDATE development.platform_completions SET status = 'REVERSED', reversed_at = now()
          WHERE statement_id = $1 AND status = 'CREDITED' RETURNING *`,
        [statementId],
      );
      if (!row) return { reversed: false, employeeId: null, programId: null };
      await this.uow.query(`DELETE FROM development.jp_ledger WHERE source = 'TRAINING' AND source_id = $1`, [row.id]);
      const payload: TrainingCompletionReversedPayload = {
        platformCompletionId: row.id,
        employeeId: row.employee_id,
        agencyId: row.agency_id,
        programId: row.program_id,
        jp: Number(row.credited_jp),
        year: Number(row.year),
        reversedAt: new Date().toISOString(),
      };
      await this.outbox.publish(integrationEvent(DEVELOPMENT_EVENTS.TrainingCompletionReversed, row.employee_id, payload));
      await this.audit.record({
        action: 'platform-completion.reverse',
        entityType: 'PlatformCompletion',
        entityId: row.id,
        agencyId: row.agency_id,
        before: { status: 'CREDITED', jp: payload.jp, year: payload.year, statementId },
        after: { status: 'REVERSED' },
      });
      await this.engine.recompute([row.employee_id]);
      return { reversed: true, employeeId: row.employee_id, programId: row.program_id };
    });
  }
}

export const PLATFORM_COMPLETION_HANDLERS = [RecordPlatformCompletionHandler, ReversePlatformCompletionHandler];
