import { Command, CommandHandler, ICommandHandler, QueryBus } from '@nestjs/cqrs';
import { Actor, seesAllAgencies } from '@kompeten/shared/kernel';
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
import { EmployeePlacementsQuery, EmployeeSummary } from '@kompeten/workforce/contracts';
import { AchievedLevel, Assessment, PinnedStandard } from '../../domain/assessment';
import { AssessmentMethod, AssessmentPurpose, METHODS, PURPOSES } from '../../domain/assessment-policy';
import { AssessmentPolicyProvider } from '../../infrastructure/assessment-policy.provider';
import { AssessmentRepository } from '../../infrastructure/assessment.repository';
import { assertCanAssess } from '../scope';
import { pinStandard } from './assessment.commands';

export const ASSESSMENT_IMPORT_COLUMNS = ['nip', 'competencyCode', 'level', 'assessedAt', 'providerName', 'method', 'purpose'] as const;
export const ASSESSMENT_IMPORT_OPTIONAL = ['providerAccredited', 'assessorName', 'evidence'] as const;
export const ASSESSMENT_CSV: CsvReadOptions = { required: ASSESSMENT_IMPORT_COLUMNS, optional: ASSESSMENT_IMPORT_OPTIONAL };

export interface AssessmentImportReport extends ImportReport {
  /** Assessments created, each completed. */
  created: number;
  /** Assessments already imported with the same results (re-imports change nothing). */
  unchanged: number;
  /**
   * The downstream work of the assessments created (profiles, gaps, recommendations, reports), followed at
   * GET /admin/jobs/{jobId} until it is current; null when nothing was created.
   */
  jobId: string | null;
}

export class ImportAssessmentsCommand extends Command<AssessmentImportReport> {
  constructor(
    readonly actor: Actor,
    readonly rows: CsvRows,
    readonly mode: ImportMode,
  ) {
    super();
  }
}

interface Group {
  key: string;
  nip: string;
  assessedAt: Date;
  providerName: string;
  providerAccredited: boolean;
  assessorName: string | null;
  method: AssessmentMethod;
  purpose: AssessmentPurpose;
  rows: { line: number; competencyCode: string; level: number; evidence: string | null }[];
}

const IMPORTABLE_METHODS = METHODS.filter((m) => m !== 'MULTI_RATER_360' && m !== 'SELF');
const IMPORTABLE_PURPOSES = PURPOSES.filter((p) => p !== 'PROMOTION');

/**
 * Completed results from an assessment center: one assessment per (NIP,
 * assessed-at, provider, method, purpose), pinned to the employee's current
 * SKJ, needing a level for every competency of it. Rows are checked in
 * memory, employees and standards fetched set-based, and everything written in
 * one transaction; all-or-nothing unless ?mode=partial.
 */
@CommandHandler(ImportAssessmentsCommand)
export class ImportAssessmentsHandler implements ICommandHandler<ImportAssessmentsCommand> {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly queries: QueryBus,
    private readonly assessments: AssessmentRepository,
    private readonly policies: AssessmentPolicyProvider,
    private readonly audit: AuditLog,
    private readonly traces: DownstreamTraces,
  ) {}

  async execute({ actor, rows, mode }: ImportAssessmentsCommand): Promise<AssessmentImportReport> {
    const refusals = new ImportTally();
    const groups = new Map<string, Group>();
    // An assessment is imported whole: a refused row refuses the other rows of its assessment.
    const badLinesOf = new Map<string, number[]>();
    for await (const row of refusals.readable(rows)) {
      const v = row.values;
      const level = Number(v.level);
      const assessedAt = new Date(v.assessedAt);
      const accredited = (v.providerAccredited ?? 'true').toLowerCase();
      const problem = !/^\d{18}$/.test(v.nip)
        ? 'nip must be 18 digits'
        : !v.competencyCode
          ? 'competencyCode is empty'
          : !/^[1-5]$/.test(v.level)
            ? 'level must be a whole number from 1 to 5'
            : !/^\d{4}-\d{2}-\d{2}/.test(v.assessedAt) || Number.isNaN(assessedAt.getTime())
              ? 'assessedAt must be an ISO-8601 date'
              : assessedAt.getTime() > Date.now() + 24 * 3600 * 1000
                ? 'assessedAt cannot be in the future'
                : !v.providerName || v.providerName.length > 200
                  ? 'providerName must be 1-200 characters'
                  : !(IMPORTABLE_METHODS as readonly string[]).includes(v.method)
                    ? `method must be one of ${IMPORTABLE_METHODS.join(', ')}`
                    : !(IMPORTABLE_PURPOSES as readonly string[]).includes(v.purpose)
                      ? `purpose must be one of ${IMPORTABLE_PURPOSES.join(', ')} (a PROMOTION names its target position: record it through POST /assessments)`
                      : !['true', 'false'].includes(accredited)
                        ? 'providerAccredited must be true or false'
                        : (v.evidence ?? '').length > 4000
                          ? 'evidence is longer than 4000 characters'
                          : null;
      const key = [
        v.nip,
        Number.isNaN(assessedAt.getTime()) ? v.assessedAt : assessedAt.toISOString(),
        v.providerName,
        v.method,
        v.purpose,
      ].join('|');
      if (problem) {
        refusals.refuse(row.line, problem);
        badLinesOf.set(key, [...(badLinesOf.get(key) ?? []), row.line]);
        continue;
      }
      const group = groups.get(key) ?? {
        key,
        nip: v.nip,
        assessedAt,
        providerName: v.providerName,
        providerAccredited: accredited === 'true',
        assessorName: v.assessorName || null,
        method: v.method as AssessmentMethod,
        purpose: v.purpose as AssessmentPurpose,
        rows: [],
      };
      group.rows.push({ line: row.line, competencyCode: v.competencyCode, level, evidence: v.evidence || null });
      groups.set(key, group);
    }

    const employees = new Map<string, EmployeeSummary>();
    const nips = [...new Set([...groups.values()].map((g) => g.nip))];
    if (nips.length) for (const e of await this.queries.execute(new EmployeePlacementsQuery({ nips }))) employees.set(e.nip.trim(), e);
    const standards = new Map<string, PinnedStandard | string>();
    const built: { group: Group; assessment: Assessment; levels: AchievedLevel[] }[] = [];
    for (const group of groups.values()) {
      const refuseGroup = (reason: string) => group.rows.forEach((r) => refusals.refuse(r.line, reason));
      const badLines = badLinesOf.get(group.key);
      if (badLines) {
        refuseGroup(`line ${badLines[0]} of the same assessment was refused, and an assessment is imported whole`);
        continue;
      }
      const employee = employees.get(group.nip);
      if (!employee || employee.retired) {
        refuseGroup(`no employee with NIP ${group.nip}`);
        continue;
      }
      try {
        assertCanAssess(actor, employee.agencyId, employee.id, group.method);
      } catch {
        refuseGroup(`no employee with NIP ${group.nip}`);
        continue;
      }
      if (!standards.has(employee.positionId)) {
        standards.set(employee.positionId, await pinStandard(this.queries, employee, null).catch((error: Error) => error.message));
      }
      const standard = standards.get(employee.positionId)!;
      if (typeof standard === 'string') {
        refuseGroup(standard);
        continue;
      }
      try {
        const assessment = Assessment.create({
          employeeId: employee.id,
          agencyId: employee.agencyId,
          currentPositionId: employee.positionId,
          purpose: group.purpose,
          targetPositionId: employee.positionId,
          standard,
          method: group.method,
          providerName: group.providerName,
          providerAccredited: group.providerAccredited,
          assessorName: group.assessorName,
          assessedAt: group.assessedAt,
        });
        assessment.recordResults(
          group.rows.map((r) => ({
            competencyCode: r.competencyCode,
            level: r.level,
            evidence: r.evidence,
            raterGroup: null,
            raterName: null,
          })),
          1,
        );
        built.push({ group, assessment, levels: assessment.complete(this.policies.policy) });
      } catch (error) {
        refuseGroup((error as Error).message);
      }
    }

    const report: AssessmentImportReport = refusals.report(mode, { created: 0, unchanged: 0, jobId: null });
    refuseUnlessPartial(report);
    const keep = built.filter((b) => !b.group.rows.some((r) => refusals.has(r.line)));
    return this.uow.transaction(async () => {
      // The completions it publishes, and the profiles, gaps, recommendations and reports that follow, belong to this job.
      const jobId = await this.traces.begin('assessment-import', seesAllAgencies(actor) ? null : actor.agencyId, actor.userId);
      const { created } = await this.assessments.insertImported(
        keep.map((b) => ({ assessment: b.assessment, levels: b.levels, importKey: b.group.key })),
        this.policies.policy.validityYears,
      );
      report.created = created.length;
      report.unchanged = keep.length - created.length;
      report.jobId = created.length > 0 ? jobId : null;
      await this.audit.recordSelected(
        'assessment.import',
        'Assessment',
        `SELECT a.id::text AS entity_id, a.agency_id, NULL::jsonb AS before, to_jsonb(a) AS after FROM assessment.assessments a WHERE a.id = ANY($1::uuid[])`,
        [created],
      );
      return report;
    });
  }
}
