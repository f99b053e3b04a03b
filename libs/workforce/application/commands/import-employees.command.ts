import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, InvalidInputError, seesAllAgencies } from '@kompeten/shared/kernel';
import {
  AuditLog,
  CsvReadOptions,
  CsvRows,
  DownstreamTraces,
  ImportMode,
  ImportReport,
  ImportTally,
  refuseUnlessPartial,
  UnitOfWork,
} from '@kompeten/shared/infrastructure';
import { EMPLOYEE_IMPORT_COLUMNS } from '../../domain/employee-import-row';
import { EmployeeImportStore } from '../../infrastructure/employee-import';

/** The employee import file: its columns, up to 200 MiB (about two million rows; no cap on the rows themselves). */
export const EMPLOYEE_CSV: CsvReadOptions = {
  required: EMPLOYEE_IMPORT_COLUMNS,
  maxBytes: 200 * 1024 * 1024,
  maxRows: Number.POSITIVE_INFINITY,
};

export interface EmployeeImportReport extends ImportReport {
  /** Employees registered (each publishes EmployeeRegistered). */
  created: number;
  /** Employees where a field differed (a new position publishes EmployeePositionChanged). */
  updated: number;
  /** Employees already exactly as the file says. */
  unchanged: number;
  /**
   * The downstream work of what the import changed (profiles, gaps, recommendations, reports), followed at
   * GET /admin/jobs/{jobId} until it is current; null when nothing changed.
   */
  jobId: string | null;
}

/** Imports employees from the rows of a streamed CSV file (see EmployeeImportStore); they are read once, as they arrive. */
export class ImportEmployeesCommand extends Command<EmployeeImportReport> {
  constructor(
    readonly actor: Actor,
    readonly rows: CsvRows,
    readonly mode: ImportMode,
  ) {
    super();
  }
}

/** The agencies an actor may import into: all for a ministry admin, their own for an agency admin, none otherwise. */
function writableAgencyIds(actor: Actor): string[] | null {
  if (seesAllAgencies(actor)) return null;
  return actor.role === 'AGENCY_ADMIN' && actor.agencyId ? [actor.agencyId] : [];
}

/**
 * One transaction: stage the file, check every row, and then either refuse
 * the whole file (all-or-nothing, the default: 422 with the report, nothing
 * written) or write the accepted rows, their outbox events and their audit
 * entries, all set-based. Re-importing the same file changes nothing.
 */
@CommandHandler(ImportEmployeesCommand)
export class ImportEmployeesHandler implements ICommandHandler<ImportEmployeesCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly store: EmployeeImportStore,
    private readonly audit: AuditLog,
    private readonly traces: DownstreamTraces,
  ) {}

  execute({ actor, rows, mode }: ImportEmployeesCommand): Promise<EmployeeImportReport> {
    return this.uow.transaction(async () => {
      const tally = new ImportTally();
      await this.store.stage(tally.readable(rows));
      if (tally.rows === 0) {
        throw new InvalidInputError('The file has a header row but no employees', [{ field: 'file', message: 'has no data rows' }]);
      }
      await this.store.resolve(writableAgencyIds(actor));
      for (const { line, reason } of await this.store.refusals()) tally.refuse(line, reason);
      const report = tally.report(mode, { created: 0, updated: 0, unchanged: 0, jobId: null as string | null });
      refuseUnlessPartial(report);
      // Everything the import publishes, and all that follows from it downstream, belongs to this job.
      report.jobId = await this.traces.begin('employee-import', seesAllAgencies(actor) ? null : actor.agencyId, actor.userId);
      const counts = await this.store.apply();
      if (counts.created + counts.updated > 0) {
        await this.audit.recordSelected('employee.import', 'Employee', this.store.auditSelectSql, []);
      } else report.jobId = null;
      return Object.assign(report, counts);
    });
  }
}
