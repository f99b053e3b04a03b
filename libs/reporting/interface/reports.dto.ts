import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, Max, Min } from 'class-validator';

export const POSITION_KINDS = ['JPT_UTAMA', 'JPT_MADYA', 'JPT_PRATAMA', 'ADMINISTRATOR', 'PENGAWAS', 'PELAKSANA', 'FUNGSIONAL'] as const;
export const COMPETENCY_TYPES = ['TECHNICAL', 'MANAGERIAL', 'SOCIOCULTURAL'] as const;

export class GapHeatmapParams {
  @ApiPropertyOptional({ enum: POSITION_KINDS, description: 'Only employees whose position is of this kind' })
  @IsOptional()
  @IsIn(POSITION_KINDS)
  positionKind?: string;

  @ApiPropertyOptional({ enum: COMPETENCY_TYPES, description: 'Only competencies of this type' })
  @IsOptional()
  @IsIn(COMPETENCY_TYPES)
  competencyType?: string;
}

export class ReportYearParams {
  @ApiPropertyOptional({ description: 'Default: the current year (WIB)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}
