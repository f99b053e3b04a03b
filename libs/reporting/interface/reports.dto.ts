import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';
import { ExportFormatParams } from '@kompeten/shared/infrastructure';

export const POSITION_KINDS = ['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL'] as const;
export const COMPETENCY_TYPES = ['TECHNICAL', 'MANAGERIAL', 'SOCIOCULTURAL'] as const;

export class GapHeatmapParams extends ExportFormatParams {
  @ApiPropertyOptional({ enum: POSITION_KINDS, description: 'Only employees whose position is of this kind' })
  @IsOptional()
  @IsIn(POSITION_KINDS)
  positionKind?: string;

  @ApiPropertyOptional({ enum: COMPETENCY_TYPES, description: 'Only competencies of this type' })
  @IsOptional()
  @IsIn(COMPETENCY_TYPES)
  competencyType?: string;
}

export class ReportYearParams extends ExportFormatParams {
  @ApiPropertyOptional({ description: 'Default: the current year (WIB)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}
