import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, assertAdminOf, assertCanReadEmployee, ForbiddenError, isAdminOf } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { DeliveryMode } from '../../contracts/events';
import { DevelopmentRecord } from '../../domain/development-record';
import { DevelopmentPolicy } from '../../infrastructure/development-policy.provider';
import { JpLedger } from '../../infrastructure/jp-ledger';
import { RecordRepository } from '../../infrastructure/record.repository';
import { findEmployee } from '../lookups';
import { readRecord } from '../queries/record-views';
import { DevelopmentRecordView } from '../views';

export interface NewRecordInput {
  kind: DeliveryMode;
  name: string;
  provider: string;
  certificateNumber?: string | null;
  international?: boolean;
  jp?: number | null;
  days?: number | null;
  startDate: string;
  endDate: string;
}

export class CreateRecordCommand extends Command<DevelopmentRecordView> {
  constructor(
    readonly actor: Actor,
    readonly employeeId: string,
    readonly input: NewRecordInput,
  ) {
    super();
  }
}
export class VerifyRecordCommand extends Command<DevelopmentRecordView> {
  constructor(
    readonly actor: Actor,
    readonly recordId: string,
    readonly version?: number,
  ) {
    super();
  }
}

/** Credits a record that counts, once, for the year of its end date. */
async function creditIfCounted(ledger: JpLedger, record: DevelopmentRecord): Promise<void> {
  if (!record.counts) return;
  const s = record.state;
  await ledger.credit({ employeeId: s.employeeId, agencyId: s.agencyId, year: s.year, jp: s.creditedJp, source: 'RECORD', sourceId: s.id });
}

/** An admin's record counts at once; an employee's own waits for an admin of their agency to verify it. */
@CommandHandler(CreateRecordCommand)
export class CreateRecordHandler implements ICommandHandler<CreateRecordCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly records: RecordRepository,
    private readonly ledger: JpLedger,
    private readonly policy: DevelopmentPolicy,
    private readonly audit: AuditLog,
  ) {}

  async execute({ actor, employeeId, input }: CreateRecordCommand): Promise<DevelopmentRecordView> {
    const employee = await findEmployee(this.queries, employeeId, { live: true });
    assertCanReadEmployee(actor, employee);
    const admin = isAdminOf(actor, employee.agencyId);
    if (!admin && actor.employeeId !== employee.id)
      throw new ForbiddenError('Only the employee or an admin of their agency records their development');
    const record = DevelopmentRecord.submit(
      {
        employeeId,
        agencyId: employee.agencyId,
        kind: input.kind,
        name: input.name,
        provider: input.provider,
        certificateNumber: input.certificateNumber ?? null,
        international: input.international ?? false,
        jp: input.jp ?? null,
        days: input.days ?? null,
        startDate: input.startDate,
        endDate: input.endDate,
      },
      { role: admin ? 'ADMIN' : 'SELF', email: actor.email },
      this.policy.jpRules,
    );
    return this.uow.transaction(async () => {
      await this.records.insert(record);
      await creditIfCounted(this.ledger, record);
      const view = await readRecord(this.uow, record.id);
      await this.audit.record({
        action: 'development-record.create',
        entityType: 'DevelopmentRecord',
        entityId: record.id,
        agencyId: employee.agencyId,
        after: view,
      });
      return view;
    });
  }
}

@CommandHandler(VerifyRecordCommand)
export class VerifyRecordHandler implements ICommandHandler<VerifyRecordCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly records: RecordRepository,
    private readonly ledger: JpLedger,
    private readonly audit: AuditLog,
  ) {}

  execute({ actor, recordId, version }: VerifyRecordCommand): Promise<DevelopmentRecordView> {
    return this.uow.transaction(async () => {
      const record = await this.records.get(recordId, true);
      const s = record.state;
      assertAdminOf(actor, { id: s.employeeId, agencyId: s.agencyId }, 'Development record', recordId);
      const before = await readRecord(this.uow, recordId);
      const current = s.version;
      record.verify(actor.email, version);
      await this.records.saveVerification(record, current);
      await creditIfCounted(this.ledger, record);
      const after = await readRecord(this.uow, recordId);
      await this.audit.record({
        action: 'development-record.verify',
        entityType: 'DevelopmentRecord',
        entityId: recordId,
        agencyId: s.agencyId,
        before,
        after,
      });
      return after;
    });
  }
}
