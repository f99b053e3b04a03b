import { applyDecorators } from '@nestjs/common';
import { ApiOperation, ApiProperty } from '@nestjs/swagger';
import { ApiCsvImport, ApiProblems, csvImportOutcomes, ImportReportBody } from '@kompeten/shared/infrastructure';
import { EMPLOYEE_CSV } from '../application/commands/import-employees.command';
import { EMPLOYEE_IMPORT_HEADER } from '../domain/employee-import-row';

/** The report of an employee import; once applied, accepted = created + updated + unchanged. */
export class EmployeeImportReportBody extends ImportReportBody {
  @ApiProperty({ description: 'Employees registered; each publishes EmployeeRegistered' }) created: number;
  @ApiProperty({ description: 'Employees where a field differed; a new position publishes EmployeePositionChanged' }) updated: number;
  @ApiProperty({ description: 'Employees already exactly as the file says' }) unchanged: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The job following the import downstream (profiles, gaps, recommendations, reports) at GET /admin/jobs/{jobId}: `completed` when all are current; null when nothing changed',
  })
  jobId: string | null;
}

/** The OpenAPI description of POST /employees/import. */
export const ApiEmployeeImport = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Import employees from a CSV file (streamed); idempotent by NIP',
      description: [
        `The body is the file itself, \`text/csv\` in UTF-8, with the header row \`${EMPLOYEE_IMPORT_HEADER}\` (line 1); ` +
          'it is read as it arrives. `email` may be empty.',
        'Each row is checked like a single registration (NIP rules, kind PNS or PPPK, a name of at most 200 characters, an e-mail address), ' +
          'its agency, unit and position codes must name live records of one agency (an agency admin may import only into their own agency; ' +
          'a row of another agency is refused exactly like an unknown agency code), a NIP already registered with another agency is refused, ' +
          'and a NIP that repeats in the file is refused from its second line on.',
        'A row whose NIP is new registers the employee (publishing EmployeeRegistered); a row whose NIP exists updates name, kind, unit, ' +
          'position and e-mail only where they differ (publishing EmployeePositionChanged on a new position; retirement is left as it is); ' +
          'a row that changes nothing counts as unchanged, so importing the same file again changes nothing. Every change is audited.',
        csvImportOutcomes(EMPLOYEE_CSV) +
          ' 400 also: a file with no data rows. 409: an employee of the file changed while it was imported (retry).',
      ].join('\n\n'),
    }),
    ApiCsvImport({
      body: `UTF-8 CSV with the header row ${EMPLOYEE_IMPORT_HEADER}`,
      example: `${EMPLOYEE_IMPORT_HEADER}\n198503152010011001,Budi Santoso,PNS,KEMENKEU,SETJEN,ANALIS-SDM,budi@kemenkeu.go.id\n`,
      report: EmployeeImportReportBody,
    }),
    ApiProblems(400, 409, 413, 415),
  );
