import { QueryBus } from '@nestjs/cqrs';
import { CompetencySummary, CompetencySummaryQuery } from '@kompeten/competency-standards/contracts';
import { FieldError, InvalidInputError, NotFoundError } from '@kompeten/shared/kernel';
import { AgencySummaryQuery, EmployeeSummary, EmployeeSummaryQuery } from '@kompeten/workforce/contracts';
import { TargetedCompetency } from '../contracts/events';

/** Employees are Workforce's: Development knows them only through Workforce's contract queries. */
export async function findEmployee(queries: QueryBus, employeeId: string, options: { live?: boolean } = {}): Promise<EmployeeSummary> {
  const employee = await queries.execute(new EmployeeSummaryQuery({ id: employeeId }));
  if (!employee || (options.live && employee.retired)) throw new NotFoundError('Employee', employeeId);
  return employee;
}

export async function assertAgencyExists(queries: QueryBus, agencyId: string): Promise<void> {
  const agency = await queries.execute(new AgencySummaryQuery({ id: agencyId }));
  if (!agency || agency.retired) throw new NotFoundError('Agency', agencyId);
}

const LOOKUPS_AT_ONCE = 16;

async function summaries(queries: QueryBus, codes: string[]): Promise<(CompetencySummary | null)[]> {
  const answers: (CompetencySummary | null)[] = [];
  for (let i = 0; i < codes.length; i += LOOKUPS_AT_ONCE) {
    answers.push(
      ...(await Promise.all(codes.slice(i, i + LOOKUPS_AT_ONCE).map((code) => queries.execute(new CompetencySummaryQuery(code))))),
    );
  }
  return answers;
}

/**
 * The competencies a program develops must be in the dictionary (Competency
 * Standards, through its contract), usable by the program's owner (national,
 * or that agency's own technical ones), and define the target level.
 */
export async function checkTargetedCompetencies(
  queries: QueryBus,
  items: TargetedCompetency[],
  ownerAgencyId: string | null,
): Promise<TargetedCompetency[]> {
  const found = await summaries(
    queries,
    items.map((i) => i.competencyCode),
  );
  const errors: FieldError[] = [];
  const checked = items.map((item, i) => {
    const competency = found[i];
    if (!competency || (competency.agencyId !== null && competency.agencyId !== ownerAgencyId)) {
      errors.push({
        field: `competencies[${i}].competencyCode`,
        message: `${item.competencyCode} is not a competency of the dictionary` + (competency ? ' usable by this program’s owner' : ''),
      });
      return item;
    }
    if (!competency.definedLevels.includes(item.targetLevel)) {
      errors.push({
        field: `competencies[${i}].targetLevel`,
        message: `${competency.code} defines no level ${item.targetLevel} (levels: ${competency.definedLevels.join(', ')})`,
      });
    }
    return { competencyCode: competency.code, targetLevel: item.targetLevel };
  });
  if (errors.length) throw new InvalidInputError(errors.map((e) => `${e.field}: ${e.message}`).join('; '), errors);
  return checked;
}

export async function assertCompetencyExists(queries: QueryBus, code: string, field = 'competencyCode'): Promise<string> {
  const competency = await queries.execute(new CompetencySummaryQuery(code));
  if (!competency) throw InvalidInputError.field(field, `${code} is not a competency of the dictionary`);
  return competency.code;
}
