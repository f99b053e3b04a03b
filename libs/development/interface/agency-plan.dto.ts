import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';
import { DELIVERY_MODES } from '../contracts/events';
import type { DeliveryMode } from '../contracts/events';
import { AGENCY_PLAN_STATUSES, MAX_BUDGET, MAX_SESSIONS_PER_ITEM, MAX_TARGET_EMPLOYEES } from '../domain/agency-development-plan';
import type { AgencyPlanStatus } from '../domain/agency-development-plan';
import { VersionBody } from './development.dto';
import { PageParams } from '@kompeten/shared/infrastructure';

const MAX_VERSION = 2_147_483_647;
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lowerId = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);
/** Sent: must be valid (null refused); absent: unchanged. */
const IfPresent = () => ValidateIf((_, value) => value !== undefined);
/** May be null (cleared); when a value, it must be valid. */
const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);
const IsId = () => applyDecorators(Transform(lowerId), IsUUID());
const IsDay = () =>
  applyDecorators(
    Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date (YYYY-MM-DD)' }),
    IsISO8601({ strict: true }, { message: 'must be a real date' }),
  );
const IsYear = () =>
  applyDecorators(
    Type(() => Number),
    IsInt(),
    Min(2000),
    Max(2100),
  );

export class DraftAgencyPlanParams {
  @ApiProperty({ example: 2027, description: 'The year the plan is for' }) @IsYear() year: number;
}

export class ListAgencyPlansParams extends PageParams {
  @ApiPropertyOptional({ example: 2027 }) @IsOptional() @IsYear() year?: number;
  @ApiPropertyOptional({ enum: AGENCY_PLAN_STATUSES }) @IsOptional() @IsIn(AGENCY_PLAN_STATUSES) status?: AgencyPlanStatus;
}

export class GetAgencyPlanParams {
  @ApiPropertyOptional({ description: 'An approved version (see approvedVersions); absent: the current plan' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

export class VersionParams {
  @ApiProperty({ description: 'The plan’s version you read; a stale one gets 409' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;
}

export class UpdateAgencyPlanBody extends VersionBody {
  @ApiPropertyOptional({ nullable: true, description: 'The plan’s basis and remarks (e.g. the performance-gap analysis)' })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(10_000)
  notes?: string | null;
}

/** The fields of a plan item, each optional here: a change sends what changes; AddAgencyPlanItemBody requires the competency. */
class AgencyPlanItemFields {
  @ApiPropertyOptional({ example: 'Pelatihan Kepemimpinan Administrator', description: 'Default: the program’s title' })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title?: string;

  @ApiPropertyOptional({
    enum: DELIVERY_MODES,
    description:
      'The development route: DEGREE is education (kind EDUCATION); the rest training (kind TRAINING), CLASSROOM and BLENDED classroom ' +
      '(klasikal), the others non-classroom. Default (and, with a program, required to match): the program’s mode.',
  })
  @IfPresent()
  @IsIn(DELIVERY_MODES)
  deliveryMode?: DeliveryMode;

  @ApiPropertyOptional({
    nullable: true,
    description: 'A program of the catalogue (national or the agency’s) that develops the competency',
  })
  @IsOptional()
  @Nullable()
  @IsId()
  programId?: string | null;

  @ApiPropertyOptional({ example: 'LAN', description: 'Default: the program’s provider' })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  provider?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_TARGET_EMPLOYEES, description: 'Employees to develop; default: the employees named' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(MAX_TARGET_EMPLOYEES)
  targetCount?: number;

  @ApiPropertyOptional({ type: [String], description: 'Named employees of the agency (at most the count)' })
  @IfPresent()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID(undefined, { each: true })
  targetEmployeeIds?: string[];

  @ApiPropertyOptional({ nullable: true, description: 'The org unit the item targets' })
  @IsOptional()
  @Nullable()
  @IsId()
  targetUnitId?: string | null;

  @ApiPropertyOptional({ nullable: true, example: 'Pejabat Administrator', description: 'The target group in words' })
  @IsOptional()
  @Nullable()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  targetGroup?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2027-03-01', description: 'First day, in the plan’s year' })
  @IsOptional()
  @Nullable()
  @IsDay()
  plannedStart?: string | null;

  @ApiPropertyOptional({ nullable: true, example: '2027-03-05', description: 'Last day, in the plan’s year, not before plannedStart' })
  @IsOptional()
  @Nullable()
  @IsDay()
  plannedEnd?: string | null;

  @ApiPropertyOptional({
    minimum: 0,
    maximum: MAX_SESSIONS_PER_ITEM,
    description: 'Sessions (classes) of the program approval creates; default: the participants over the program’s maxClassSize',
  })
  @IfPresent()
  @IsInt()
  @Min(0)
  @Max(MAX_SESSIONS_PER_ITEM)
  sessionCount?: number;

  @ApiPropertyOptional({
    nullable: true,
    description: 'Where the sessions run; with a location or an onlineUrl they are created SCHEDULED, else PROPOSED',
  })
  @IsOptional()
  @Nullable()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location?: string | null;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nullable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(2000)
  onlineUrl?: string | null;

  @ApiPropertyOptional({ minimum: 0, example: 150000000, description: 'Whole rupiah (IDR); default 0' })
  @IfPresent()
  @IsInt({ message: 'budget must be whole rupiah' })
  @Min(0)
  @Max(MAX_BUDGET)
  budget?: number;

  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nullable()
  @IsString()
  @MaxLength(2000)
  note?: string | null;
}

export class AddAgencyPlanItemBody extends AgencyPlanItemFields {
  @ApiProperty({ description: 'The plan’s version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiProperty({
    example: 'M.04',
    description: 'A competency of the dictionary (national, or the agency’s technical one); its name and type come from there',
  })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  competencyCode: string;
}

export class ChangeAgencyPlanItemBody extends AgencyPlanItemFields {
  @ApiProperty({ description: 'The plan’s version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;

  @ApiPropertyOptional({ example: 'M.04' })
  @IfPresent()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  competencyCode?: string;
}
