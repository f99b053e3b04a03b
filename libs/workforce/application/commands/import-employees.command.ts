import type { Readable } from 'node:stream';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { Actor, RuleViolationError, seesAllAgencies } from '@kompeten/shared/kernel';
import { AuditLog, UnitOfWork } from '@kompeten/shared/infrastructure';
import { EmployeeImportStore, RefusedEmployeeRow } from '../../infrastructure/employee-import';

export const EMPLOYEE_IMPORT_MODES = ['all-or-nothing', 'partial'] as const;
export type EmployeeImportMode = (typeof EMPLOYEE_IMPORT_MODES)[number];

/** What an import answers (200), or carries as the `report` member of its 422 problem. */
export interface EmployeeImportReport {
  mode: EmployeeImportMode;
  /** Data rows in the file (blank lines aside). */
  rows: number;
  /** Rows that passed every check; when the import applied, created + updated + unchanged. */
  accepted: number;
  /** Employees registered (each publishes EmployeeRegistered). */
  created: number;
  /** Employees where a field differed (a new position publishes EmployeePositionChanged). */
  updated: number;
  /** Employees already exactly as the file says. */
  unchanged: number;
  /** Every refused row, by line. */
  refused: RefusedEmployeeRow[];
}

/** Imports employees from a streamed CSV file (see EmployeeImportStore); `csv` is read once, as it arrives. */
export class ImportEmployeesCommand extends Command<EmployeeImportReport> {
  constructor(
    readonly actor: Actor,
    readonly csv: Readable,
    readonly mode: EmployeeImportMode = 'all-or-nothing',
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
  ) {}

  execute({ actor, csv, mode }: ImportEmployeesCommand): Promise<EmployeeImportReport> {
    return this.uow.transaction(async () => {
      const rows = await this.store.stage(csv);
      await this.store.resolve(writableAgencyIds(actor));
      const refused = await this.store.refusals();
      const accepted = rows - refused.length;
      if (refused.length > 0 && mode === 'all-or-nothing') {
        const report: EmployeeImportReport = { mode, rows, accepted, created: 0, updated: 0, unchanged: 0, refused };
        throw new RuleViolationError(
          `${refused.length} of ${rows} rows were refused (the first at line ${refused[0].line}), so nothing was imported; ` +
            'fix them, or send ?mode=partial to import the other rows',
          { report },
        );
      }
      const counts = await this.store.apply();
      if (counts.created + counts.updated > 0) {
        await this.audit.recordSelected('employee.import', 'Employee', this.store.auditSelectSql, []);
      }
      return { mode, rows, accepted, ...counts, refused };
    });
  }
}
