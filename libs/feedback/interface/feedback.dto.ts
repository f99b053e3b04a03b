import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsNotEmpty, IsOptional, IsString, IsUUID, Max, MaxLength, Min, ValidateIf } from 'class-validator';
import { PageParams } from '@kompeten/shared/infrastructure';
import { NEED_PRIORITIES } from '../contracts/events';
import type { NeedPriority } from '../contracts/events';
import { COMMENT_MAX, SCALE } from '../domain/evaluation';
import { DECLINE_REASON_MAX, NEED_REASON_MAX, NEED_STATUSES, NEED_TEXT_MAX } from '../domain/training-need';
import type { NeedStatus } from '../domain/training-need';

const MAX_VERSION = 2_147_483_647;
const lowerId = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);
const IsId = () => applyDecorators(Transform(lowerId), IsUUID());
/** May be null ("not given"); when a value, it must be valid. */
const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);

// ---------- training needs ----------
export class SubmitNeedBody {
  @ApiPropertyOptional({
    description: 'Whose need it is; absent: yourself (an EMPLOYEE user). Admins of the employee’s agency may state one on their behalf.',
  })
  @IsOptional()
  @IsId()
  employeeId?: string;
  @ApiPropertyOptional({
    nullable: true,
    example: 'M.04',
    description: 'A competency of the dictionary usable in the employee’s agency; or null with text',
  })
  @IsOptional()
  @Nullable()
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  competencyCode?: string | null;
  @ApiPropertyOptional({
    nullable: true,
    maxLength: NEED_TEXT_MAX,
    description: 'What is needed, in the employee’s words (stored as given, never interpreted as HTML)',
  })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(NEED_TEXT_MAX)
  text?: string | null;
  @ApiPropertyOptional({ enum: NEED_PRIORITIES, default: 'MEDIUM' }) @IsOptional() @IsIn(NEED_PRIORITIES) priority?: NeedPriority;
  @ApiPropertyOptional({ nullable: true, maxLength: NEED_REASON_MAX, description: 'Why it is needed (stored as given)' })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(NEED_REASON_MAX)
  reason?: string | null;
}

export class DeclineNeedBody {
  @ApiProperty({ maxLength: DECLINE_REASON_MAX, description: 'Why the need is declined (shown to the employee)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(DECLINE_REASON_MAX)
  reason: string;
  @ApiPropertyOptional({ description: 'The version read; a stale one is 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

export class ListNeedsParams extends PageParams {
  @ApiPropertyOptional() @IsOptional() @IsId() employeeId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) competencyCode?: string;
  @ApiPropertyOptional({ enum: NEED_STATUSES }) @IsOptional() @IsIn(NEED_STATUSES) status?: NeedStatus;
  @ApiPropertyOptional({ enum: NEED_PRIORITIES }) @IsOptional() @IsIn(NEED_PRIORITIES) priority?: NeedPriority;
  @ApiPropertyOptional({ description: 'Needs whose text or reason contains this (case-insensitive, taken literally)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}

// ---------- evaluations ----------
const OnScale = () => applyDecorators(IsInt(), Min(SCALE.min), Max(SCALE.max));

export class EvaluateBody {
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Overall rating' }) @OnScale() rating: number;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'Relevance to your work' }) @OnScale() relevance: number;
  @ApiProperty() @IsBoolean() wouldRecommend: boolean;
  @ApiPropertyOptional({ nullable: true, maxLength: COMMENT_MAX, description: 'Stored as given, never interpreted as HTML' })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(COMMENT_MAX)
  comment?: string | null;
}

export class ListEvaluationsParams extends PageParams {
  @ApiPropertyOptional() @IsOptional() @IsId() programId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
  @ApiPropertyOptional({ description: 'Evaluations whose comment contains this (case-insensitive, taken literally)' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  q?: string;
}
