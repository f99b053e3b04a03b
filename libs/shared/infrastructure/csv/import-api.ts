import { applyDecorators, Type } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiOkResponse, ApiProperty, ApiPropertyOptional, ApiResponse } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { CsvReadOptions, DEFAULT_CSV_MAX_BYTES, DEFAULT_CSV_MAX_ROWS } from './csv-reader';
import { IMPORT_MODES } from './import-report';
import type { ImportMode } from './import-report';

/** The query of every CSV import. */
export class ImportParams {
  @ApiPropertyOptional({
    enum: IMPORT_MODES,
    default: 'all-or-nothing',
    description: 'all-or-nothing: any refused row and nothing changes. partial: the accepted records are imported, the refused reported.',
  })
  @IsOptional()
  @IsIn(IMPORT_MODES)
  mode?: ImportMode;
}

export class RefusedRowBody {
  @ApiProperty({ description: 'The physical line of the file; the header is line 1' }) line: number;
  @ApiProperty() reason: string;
}

/** The report every CSV import answers (ImportReport); an import's report body extends it with its own counts. */
export class ImportReportBody {
  @ApiProperty({ enum: IMPORT_MODES }) mode: ImportMode;
  @ApiProperty({ description: 'Data rows in the file (blank lines aside)' }) rows: number;
  @ApiProperty({ description: 'Rows that passed every check' }) accepted: number;
  @ApiProperty({ type: [RefusedRowBody], description: 'Every refused row, by line' }) refused: RefusedRowBody[];
}

/** The limits of a CSV format, in words. */
function limitsOf(format: CsvReadOptions): string {
  const bytes = `${(format.maxBytes ?? DEFAULT_CSV_MAX_BYTES) / 1024 / 1024} MiB`;
  const rows = format.maxRows ?? DEFAULT_CSV_MAX_ROWS;
  return Number.isFinite(rows) ? `over ${bytes} or ${rows.toLocaleString('en')} rows` : `over ${bytes}`;
}

/** What every CSV import answers, for its OpenAPI description. */
export function csvImportOutcomes(format: CsvReadOptions): string {
  return (
    '`?mode=all-or-nothing` (the default): if any row is refused, nothing changes and the answer is **422** application/problem+json ' +
    'whose extension member `report` is the report, listing every refused row by line with its reason. `?mode=partial`: the accepted ' +
    'records are imported and the answer is **200** with the report, refused rows listed. Either way one transaction. ' +
    `400: a bad header row, an empty file, or malformed CSV (e.g. an unclosed quote). 413: ${limitsOf(format)}. ` +
    '415: not text/csv, not UTF-8, or compressed.'
  );
}

/**
 * The OpenAPI description of a CSV import's body and answers: a text/csv body
 * (`body` says what its rows mean), 200 with the report, 422 with the report
 * as the problem's `report` member.
 */
export const ApiCsvImport = (doc: { body: string; example: string; report: Type<ImportReportBody> }) =>
  applyDecorators(
    ApiConsumes('text/csv'),
    ApiBody({ description: doc.body, schema: { type: 'string', example: doc.example } }),
    ApiOkResponse({ type: doc.report, description: 'The import applied (in partial mode, refused rows are listed)' }),
    ApiResponse({
      status: 422,
      description:
        'All-or-nothing: a row was refused and nothing changed. application/problem+json with the extension member `report` ' +
        `(a ${doc.report.name} listing every refused row)`,
    }),
  );
