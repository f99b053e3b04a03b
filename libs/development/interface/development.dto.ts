import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsPositive,
  IsString,
  IsUrl,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { PageParams } from '@kompeten/shared/infrastructure';
import { DELIVERY_MODES } from '../contracts/events';
import type { DeliveryMode } from '../contracts/events';
import { PLAN_ITEM_STATUSES } from '../domain/development-plan';
import type { PlanItemStatus } from '../domain/development-plan';
import { RECORD_STATUSES } from '../domain/development-record';
import { ENROLMENT_STATUSES } from '../domain/enrolment';
import { MAX_CLASS_SIZE_LIMIT } from '../domain/training-program';
import { SESSION_STATUSES } from '../domain/training-session';
import type { SessionStatus } from '../domain/training-session';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const CODE_MESSAGE = 'must be 1-50 letters, digits, dots, dashes or underscores';
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const MAX_VERSION = 2_147_483_647;
const MAX_JP = 100_000;
const MAX_DAYS = 366;

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** Sent: must be valid (null refused); absent: unchanged. */
const IfPresent = () => ValidateIf((_, value) => value !== undefined);
/** May be null (cleared or "not given"); when a value, it must be valid. */
const Nullable = () => ValidateIf((_, value) => value !== undefined && value !== null);
const lowerId = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);
const IsId = () => applyDecorators(Transform(lowerId), IsUUID());
const queryBoolean = ({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value);
const IsJp = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), IsPositive(), Max(MAX_JP));
const IsDays = () => applyDecorators(IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 2 }), IsPositive(), Max(MAX_DAYS));
const IsMoment = () => IsISO8601({ strict: true }, { message: 'must be an ISO-8601 date or date-time' });
const IsDay = () =>
  applyDecorators(
    Matches(DATE, { message: 'must be a date (YYYY-MM-DD)' }),
    IsISO8601({ strict: true }, { message: 'must be a real date' }),
  );

export class VersionBody {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;
}

export class OptionalVersionBody {
  @ApiPropertyOptional({ description: 'The version you read; a stale one gets 409' })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version?: number;
}

// ---------- programs ----------
export class TargetedCompetencyBody {
  @ApiProperty({ example: 'M.04' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(50) competencyCode: string;
  @ApiProperty({ minimum: 1, maximum: 5, description: 'The level the program develops the competency to' })
  @IsInt()
  @Min(1)
  @Max(5)
  targetLevel: number;
}

export class CreateProgramBody {
  @ApiProperty({ example: 'PKA-2026' }) @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty({ example: 'Pelatihan Kepemimpinan Administrator' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  title: string;
  @ApiProperty({ enum: DELIVERY_MODES }) @IsIn(DELIVERY_MODES) deliveryMode: DeliveryMode;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The JP of one completion (up to two decimals); required unless a SEMINAR or WORKSHOP gives days',
    example: 24,
  })
  @IsOptional()
  @IsJp()
  jp?: number | null;
  @ApiPropertyOptional({
    nullable: true,
    description:
      'SEMINAR and WORKSHOP only, instead of jp: the days, converted by the JP rules (seminar 4 JP a day, 6 international; workshop 5, 7)',
  })
  @IsOptional()
  @IsDays()
  days?: number | null;
  @ApiProperty({ example: 'LAN' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) provider: string;
  @ApiPropertyOptional({ default: false, description: 'International programs count +20 % JP (days: the international day rate)' })
  @IsOptional()
  @IsBoolean()
  international?: boolean;
  @ApiProperty({ minimum: 1, maximum: MAX_CLASS_SIZE_LIMIT }) @IsInt() @Min(1) @Max(MAX_CLASS_SIZE_LIMIT) maxClassSize: number;
  @ApiPropertyOptional({
    nullable: true,
    description: 'The owning agency; null for a national program (ministry admins). Absent: an agency admin’s own agency, else national.',
  })
  @IsOptional()
  @Nullable()
  @IsId()
  agencyId?: string | null;
  @ApiProperty({
    type: [TargetedCompetencyBody],
    description: 'Competencies of the dictionary the program develops, each with the level it develops it to',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetedCompetencyBody)
  competencies: TargetedCompetencyBody[];
}

export class UpdateProgramBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300) title?: string;
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IfPresent() @IsIn(DELIVERY_MODES) deliveryMode?: DeliveryMode;
  @ApiPropertyOptional({ nullable: true, description: 'Sending jp clears days (and the other way round)' }) @IsOptional() @IsJp() jp?:
    number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDays() days?: number | null;
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) provider?: string;
  @ApiPropertyOptional() @IfPresent() @IsBoolean() international?: boolean;
  @ApiPropertyOptional({ description: 'Not below the capacity of an open session' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(MAX_CLASS_SIZE_LIMIT)
  maxClassSize?: number;
  @ApiPropertyOptional({ type: [TargetedCompetencyBody], description: 'Replaces the list' })
  @IfPresent()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ValidateNested({ each: true })
  @Type(() => TargetedCompetencyBody)
  competencies?: TargetedCompetencyBody[];
}

export class ListProgramsParams extends PageParams {
  @ApiPropertyOptional({ description: 'The business key (case-insensitive)' }) @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional({ enum: DELIVERY_MODES }) @IsOptional() @IsIn(DELIVERY_MODES) deliveryMode?: DeliveryMode;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
  @ApiPropertyOptional({ description: 'true: national programs only; false: agencies’ own only' })
  @IsOptional()
  @Transform(queryBoolean)
  @IsBoolean()
  national?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(queryBoolean) @IsBoolean() active?: boolean;
  @ApiPropertyOptional() @IsOptional() @Transform(queryBoolean) @IsBoolean() international?: boolean;
  @ApiPropertyOptional({ description: 'Programs that develop this competency' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  competencyCode?: string;
}

// ---------- sessions ----------
export class CreateSessionBody {
  @ApiProperty({ example: '2026-09-07T08:00:00+07:00' }) @IsMoment() startsAt: string;
  @ApiProperty({ example: '2026-09-11T16:00:00+07:00', description: 'After startsAt' }) @IsMoment() endsAt: string;
  @ApiProperty({ description: 'Seats; at most the program’s maxClassSize' }) @IsInt() @Min(1) @Max(MAX_CLASS_SIZE_LIMIT) capacity: number;
  @ApiPropertyOptional({ nullable: true, description: 'A place, or an onlineUrl, or both' })
  @IsOptional()
  @Nullable()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(300)
  location?: string | null;
  @ApiPropertyOptional({ nullable: true, example: 'https://meet.example.go.id/pka' })
  @IsOptional()
  @Nullable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(2000)
  onlineUrl?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'Employees enrol themselves until then (default: startsAt); admins any time' })
  @IsOptional()
  @Nullable()
  @IsMoment()
  enrolmentDeadline?: string | null;
  @ApiPropertyOptional({
    enum: ['PROPOSED', 'SCHEDULED', 'DONE'],
    default: 'SCHEDULED',
    description: 'DONE records a session that already ran',
  })
  @IsOptional()
  @IsIn(['PROPOSED', 'SCHEDULED', 'DONE'])
  status?: SessionStatus;
}

export class UpdateSessionBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @IsMoment() startsAt?: string;
  @ApiPropertyOptional() @IfPresent() @IsMoment() endsAt?: string;
  @ApiPropertyOptional({ description: 'More seats go to the head of the waiting list; never below the seats taken' })
  @IfPresent()
  @IsInt()
  @Min(1)
  @Max(MAX_CLASS_SIZE_LIMIT)
  capacity?: number;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Nullable() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300) location?:
    string | null;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nullable()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'], require_tld: false }, { message: 'onlineUrl must be an http(s) URL' })
  @MaxLength(2000)
  onlineUrl?: string | null;
  @ApiPropertyOptional() @IfPresent() @IsMoment() enrolmentDeadline?: string;
  @ApiPropertyOptional({
    enum: SESSION_STATUSES,
    description: 'PROPOSED ⇄ SCHEDULED → DONE; CANCELLED (cancels its enrolments); DONE and CANCELLED are final',
  })
  @IfPresent()
  @IsIn(SESSION_STATUSES)
  status?: SessionStatus;
}

export class ListSessionsParams extends PageParams {
  @ApiPropertyOptional({ enum: SESSION_STATUSES }) @IsOptional() @IsIn(SESSION_STATUSES) status?: string;
  @ApiPropertyOptional({ description: 'Sessions ending at or after this moment' }) @IsOptional() @IsMoment() from?: string;
  @ApiPropertyOptional({ description: 'Sessions starting before this moment' }) @IsOptional() @IsMoment() to?: string;
}

// ---------- enrolments ----------
export class EnrolBody {
  @ApiPropertyOptional({ description: 'The employee to enrol; absent: yourself (an EMPLOYEE user)' })
  @IsOptional()
  @IsId()
  employeeId?: string;
}

export class CompleteEnrolmentBody extends OptionalVersionBody {
  @ApiPropertyOptional({
    description: 'When it was completed (default: the session’s end, or now if it has not ended); it decides the JP year',
  })
  @IsOptional()
  @IsMoment()
  completedAt?: string;
}

export class ListEnrolmentsParams extends PageParams {
  @ApiPropertyOptional() @IsOptional() @IsId() sessionId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() employeeId?: string;
  @ApiPropertyOptional({ enum: ENROLMENT_STATUSES }) @IsOptional() @IsIn(ENROLMENT_STATUSES) status?: string;
}

export class ListSessionEnrolmentsParams extends PageParams {
  @ApiPropertyOptional({ enum: ENROLMENT_STATUSES }) @IsOptional() @IsIn(ENROLMENT_STATUSES) status?: string;
}

// ---------- development records ----------
export class CreateRecordBody {
  @ApiProperty({ enum: DELIVERY_MODES, description: 'The kind of development' }) @IsIn(DELIVERY_MODES) kind: DeliveryMode;
  @ApiProperty({ example: 'Workshop Analisis Kebijakan' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(300) name: string;
  @ApiProperty({ example: 'Universitas Indonesia' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) provider: string;
  @ApiPropertyOptional({ nullable: true })
  @IsOptional()
  @Nullable()
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(100)
  certificateNumber?: string | null;
  @ApiPropertyOptional({ default: false }) @IsOptional() @IsBoolean() international?: boolean;
  @ApiPropertyOptional({ nullable: true, description: 'JP as on the certificate; or days for a SEMINAR or WORKSHOP' })
  @IsOptional()
  @IsJp()
  jp?: number | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsDays() days?: number | null;
  @ApiProperty({ example: '2026-03-02' }) @IsDay() startDate: string;
  @ApiProperty({ example: '2026-03-04', description: 'Not before startDate; its year is the JP year' }) @IsDay() endDate: string;
}

export class ListRecordsParams extends PageParams {
  @ApiPropertyOptional({ enum: RECORD_STATUSES }) @IsOptional() @IsIn(RECORD_STATUSES) status?: string;
  @ApiPropertyOptional() @IsOptional() @Type(() => Number) @IsInt() @Min(1900) @Max(2200) year?: number;
}

export class DevelopmentHoursParams {
  @ApiPropertyOptional({ description: 'Default: the current year (WIB)' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1900)
  @Max(2200)
  year?: number;
}

// ---------- plan ----------
export class AddPlanItemBody {
  @ApiProperty({ example: 'M.04', description: 'The competency to develop (a gap of the employee’s profile)' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(50)
  competencyCode: string;
  @ApiPropertyOptional({ nullable: true, description: 'A program that develops the competency (or give sessionId)' })
  @IsOptional()
  @Nullable()
  @IsId()
  programId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Nullable() @IsId() sessionId?: string | null;
  @ApiPropertyOptional({ enum: ['PLANNED', 'IN_PROGRESS'], default: 'PLANNED' })
  @IsOptional()
  @IsIn(['PLANNED', 'IN_PROGRESS'])
  status?: PlanItemStatus;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Nullable() @IsString() @MaxLength(2000) note?: string | null;
}

export class UpdatePlanItemBody extends VersionBody {
  @ApiPropertyOptional({ enum: PLAN_ITEM_STATUSES, description: 'PLANNED ⇄ IN_PROGRESS → DONE (final) or DROPPED (→ PLANNED again)' })
  @IfPresent()
  @IsIn(PLAN_ITEM_STATUSES)
  status?: PlanItemStatus;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @Nullable() @IsString() @MaxLength(2000) note?: string | null;
}
