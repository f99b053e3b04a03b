import { Readable, Transform } from 'node:stream';
import { applyDecorators, PayloadTooLargeException, UnsupportedMediaTypeException } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiOperation, ApiProperty, ApiResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { ApiProblems } from '@kompeten/shared/infrastructure';
import { EMPLOYEE_IMPORT_MODES } from '../application/commands/import-employees.command';
import type { EmployeeImportMode } from '../application/commands/import-employees.command';
import { EMPLOYEE_IMPORT_HEADER } from '../domain/employee-import-row';

/** The largest employee file accepted: about two million rows. */
export const EMPLOYEE_IMPORT_MAX_BYTES = 200 * 1024 * 1024;

function tooLarge(request: Request, maxBytes: number): PayloadTooLargeException {
  // The rest of the body is not worth reading: answer, then close the connection.
  if (!request.res?.headersSent) request.res?.setHeader('Connection', 'close');
  return new PayloadTooLargeException(`The file is larger than ${maxBytes} bytes; split it into several imports`);
}

/**
 * The body of a text/csv upload as the stream it is. The API's body parser
 * reads JSON types only, so a CSV arrives unread; this checks its media type
 * (415), refuses a declared length over the cap before reading (413), and
 * counts the bytes as they flow, failing with 413 past the cap. The request
 * itself is never destroyed, so the error still reaches the client.
 */
export function csvUpload(request: Request, maxBytes = EMPLOYEE_IMPORT_MAX_BYTES): Readable {
  if (!request.is('text/csv')) {
    throw new UnsupportedMediaTypeException(`Send the file as text/csv (UTF-8) with the header row ${EMPLOYEE_IMPORT_HEADER}`);
  }
  const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1]?.toLowerCase();
  if (charset && charset !== 'utf-8' && charset !== 'utf8') {
    throw new UnsupportedMediaTypeException(`The file must be UTF-8 (charset=${charset} was sent)`);
  }
  const encoding = request.headers['content-encoding'];
  if (encoding && encoding.toLowerCase() !== 'identity') {
    throw new UnsupportedMediaTypeException(`Content-Encoding ${encoding} is not accepted; send the file uncompressed`);
  }
  const declared = Number(request.headers['content-length']);
  if (Number.isFinite(declared) && declared > maxBytes) throw tooLarge(request, maxBytes);

  let seen = 0;
  const limited = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(tooLarge(request, maxBytes));
      else done(null, chunk);
    },
  });
  const interrupted = () => {
    if (!request.complete) limited.destroy(new InvalidInputError('The upload ended before the file was complete'));
  };
  request.on('error', interrupted);
  request.on('close', interrupted);
  request.pipe(limited);
  return limited;
}

class RefusedEmployeeRowBody {
  @ApiProperty({ description: 'The physical line in the file; the header is line 1', example: 73001 }) line: number;
  @ApiProperty({ description: 'The NIP as the row has it', example: '198503152010011001' }) nip: string;
  @ApiProperty({ example: 'nip: digit 15 must be 1 (male) or 2 (female)' }) reason: string;
}

export class EmployeeImportReportBody {
  @ApiProperty({ enum: EMPLOYEE_IMPORT_MODES }) mode: EmployeeImportMode;
  @ApiProperty({ description: 'Data rows in the file (blank lines aside)' }) rows: number;
  @ApiProperty({ description: 'Rows that passed every check; once applied, created + updated + unchanged' }) accepted: number;
  @ApiProperty({ description: 'Employees registered; each publishes EmployeeRegistered' }) created: number;
  @ApiProperty({ description: 'Employees where a field differed; a new position publishes EmployeePositionChanged' }) updated: number;
  @ApiProperty({ description: 'Employees already exactly as the file says' }) unchanged: number;
  @ApiProperty({ type: [RefusedEmployeeRowBody], description: 'Every refused row, by line' }) refused: RefusedEmployeeRowBody[];
}

/** The OpenAPI description of POST /employees/import. */
export const ApiEmployeeImport = () =>
  applyDecorators(
    ApiOperation({
      summary: 'Import employees from a CSV file (streamed); idempotent by NIP',
      description: [
        `The body is the file itself, \`text/csv\` in UTF-8, with the header row \`${EMPLOYEE_IMPORT_HEADER}\` (line 1); ` +
          `it is read as it arrives, up to ${EMPLOYEE_IMPORT_MAX_BYTES / 1024 / 1024} MiB. \`email\` may be empty.`,
        'Each row is checked like a single registration (NIP rules, kind PNS or PPPK, a name of at most 200 characters, an e-mail address), ' +
          'its agency, unit and position codes must name live records of one agency (an agency admin may import only into their own agency; ' +
          'a row of another agency is refused exactly like an unknown agency code), a NIP already registered with another agency is refused, ' +
          'and a NIP that repeats in the file is refused from its second line on.',
        'A row whose NIP is new registers the employee (publishing EmployeeRegistered); a row whose NIP exists updates name, kind, unit, ' +
          'position and e-mail only where they differ (publishing EmployeePositionChanged on a new position; retirement is left as it is); ' +
          'a row that changes nothing counts as unchanged, so importing the same file again changes nothing. Every change is audited.',
        '`?mode=all-or-nothing` (the default): if any row is refused, nothing changes and the answer is **422** application/problem+json whose ' +
          'extension member `report` is the report below, listing every refused row. `?mode=partial`: the accepted rows are imported and the ' +
          'answer is **200** with the report, refused rows listed. Either way one transaction: the import applies entirely or not at all.',
        '400: the first line is not the header row, the file is empty or has no data rows, or it is not valid CSV (e.g. an unclosed quote). ' +
          '413: the file is over the limit. 415: the body is not text/csv, not UTF-8, or compressed. 409: an employee of the file changed while it was imported (retry).',
      ].join('\n\n'),
    }),
    ApiConsumes('text/csv'),
    ApiBody({
      description: `UTF-8 CSV with the header row ${EMPLOYEE_IMPORT_HEADER}`,
      schema: {
        type: 'string',
        example: `${EMPLOYEE_IMPORT_HEADER}\n198503152010011001,Budi Santoso,PNS,KEMENKEU,SETJEN,ANALIS-SDM,budi@kemenkeu.go.id\n`,
      },
    }),
    ApiOkResponse({ type: EmployeeImportReportBody, description: 'The import applied (in partial mode, refused rows are listed)' }),
    ApiResponse({
      status: 422,
      description:
        'All-or-nothing: a row was refused and nothing changed. application/problem+json with the extension member `report` ' +
        '(an EmployeeImportReportBody listing every refused row)',
    }),
    ApiProblems(400, 409, 413, 415),
  );
