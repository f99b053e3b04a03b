import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { EXPORT_FORMATS } from '../csv/csv-writer';
import type { ExportFormat } from '../csv/csv-writer';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '../database/paging';

/** `?limit=` and `?cursor=` of every list (API.md): extend it with the list's filters. */
export class PageParams {
  @ApiPropertyOptional({ default: DEFAULT_PAGE_SIZE, minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

/** `?format=` of every JSON-or-CSV endpoint: `csv` downloads the rows as a file (a browser link needs no Accept header). */
export class ExportFormatParams {
  @ApiPropertyOptional({
    enum: EXPORT_FORMATS,
    description: 'csv: the rows as a CSV download (Content-Disposition: attachment, named by scope and date); json (default): JSON',
  })
  @IsOptional()
  @IsIn(EXPORT_FORMATS)
  format?: ExportFormat;
}
