import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ImportReportBody } from '@kompeten/shared/infrastructure';
import { METHODS, PURPOSES, RATER_GROUPS } from '../domain/assessment-policy';
import type { AssessmentMethod, AssessmentPurpose, RaterGroup } from '../domain/assessment-policy';

export class CreateAssessmentBody {
  @ApiProperty() @IsUUID() employeeId: string;
  @ApiProperty({ enum: PURPOSES }) @IsIn(PURPOSES) purpose: AssessmentPurpose;
  @ApiPropertyOptional({ nullable: true, description: 'Default: the employee’s current position; PROMOTION needs another' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  targetPositionId?: string | null;
  @ApiProperty({ enum: METHODS }) @IsIn(METHODS) method: AssessmentMethod;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) providerName: string;
  @ApiProperty({ description: 'Only accredited, non-self assessments count officially' }) @IsBoolean() providerAccredited: boolean;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(200) assessorName?:
    string | null;
  @ApiProperty({ example: '2026-06-01' }) @IsISO8601({ strict: true }) assessedAt: string;
}

export class ResultItemBody {
  @ApiProperty({ example: 'M.01' }) @IsString() @IsNotEmpty() @MaxLength(50) competencyCode: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) level: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsString() @MaxLength(4000) evidence?:
    string | null;
  @ApiPropertyOptional({ enum: RATER_GROUPS, description: 'MULTI_RATER_360 only' })
  @IsOptional()
  @IsIn(RATER_GROUPS)
  raterGroup?: RaterGroup;
  @ApiPropertyOptional({ description: 'MULTI_RATER_360 only: tells two raters of one group apart' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  raterName?: string;
}

export class RecordResultsBody {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' }) @IsInt() @Min(1) version: number;
  @ApiProperty({ type: [ResultItemBody] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(2000)
  @ValidateNested({ each: true })
  @Type(() => ResultItemBody)
  items: ResultItemBody[];
}

export class CompleteAssessmentBody {
  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409' }) @IsOptional() @IsInt() @Min(1) version?: number;
}

export class ListAssessmentsParams {
  @ApiPropertyOptional() @IsOptional() @IsUUID() employeeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ enum: ['DRAFT', 'COMPLETED', 'SUPERSEDED'] })
  @IsOptional()
  @IsIn(['DRAFT', 'COMPLETED', 'SUPERSEDED'])
  status?: string;
  @ApiPropertyOptional({ enum: PURPOSES }) @IsOptional() @IsIn(PURPOSES) purpose?: string;
  @ApiPropertyOptional({ default: 50, maximum: 500 }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(500) limit?: number;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200) cursor?: string;
}

export class AssessmentImportReportBody extends ImportReportBody {
  @ApiProperty({ description: 'Assessments created, each completed' }) created: number;
  @ApiProperty({ description: 'Assessments already imported with the same results (re-imports change nothing)' }) unchanged: number;
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The job following the created assessments downstream (profiles, gaps, recommendations, reports) at GET /admin/jobs/{jobId}: `completed` when all are current; null when nothing was created',
  })
  jobId: string | null;
}
