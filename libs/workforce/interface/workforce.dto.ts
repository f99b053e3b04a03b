import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsNotEmpty,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateBy,
  ValidateIf,
} from 'class-validator';
import { ROLES } from '@kompeten/shared/kernel';
import type { Role } from '@kompeten/shared/kernel';
import { PageParams } from '@kompeten/shared/infrastructure';
import { checkNip } from '../domain/nip';
import { AGENCY_KINDS, EMPLOYEE_KINDS, FUNCTIONAL_GRADES, POSITION_KINDS } from '../domain/workforce-kinds';
import type { AgencyKind, EmployeeKind, FunctionalGrade, PositionKind } from '../domain/workforce-kinds';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const CODE_MESSAGE = 'must be 1-50 letters, digits, dots, dashes or underscores';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
/** The largest version (a PostgreSQL integer). */
const MAX_VERSION = 2_147_483_647;

/**
 * An optional field that, when sent, must be valid: unlike @IsOptional(), null
 * is checked (and refused) rather than skipped, for fields that cannot be empty.
 */
const IfPresent = () => ValidateIf((_, value) => value !== undefined);

/** Ids are compared as text in places (scopes, events): one spelling, lower case. */
const lowerIds = ({ value }: { value: unknown }) =>
  typeof value === 'string'
    ? value.toLowerCase()
    : Array.isArray(value)
      ? value.map((v) => (typeof v === 'string' ? v.toLowerCase() : v))
      : value;
const IsId = () => applyDecorators(Transform(lowerIds), IsUUID());
const IsIds = () => applyDecorators(Transform(lowerIds), IsUUID('all', { each: true }));

/** A NIP by the domain's rules; the message is the rule it breaks. */
const IsNip = () =>
  ValidateBy({
    name: 'isNip',
    validator: {
      validate: (value) => checkNip(value).ok,
      defaultMessage: (args) => {
        const check = checkNip(args?.value);
        return check.ok ? 'is not a valid NIP' : check.reason;
      },
    },
  });

/** Paging and the retired switch, shared by every list. */
export class ListQuery extends PageParams {
  @ApiPropertyOptional({ description: 'Include soft-retired records' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  includeRetired?: boolean;
}

export class VersionBody {
  @ApiProperty({ description: 'The version you read; a stale one gets 409' })
  @IsInt()
  @Min(1)
  @Max(MAX_VERSION)
  version: number;
}

// ---------- agencies ----------
export class CreateAgencyBody {
  @ApiProperty({ example: 'KEMENPAN' }) @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) @IsIn(AGENCY_KINDS) kind: AgencyKind;
}
export class UpdateAgencyBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: AGENCY_KINDS }) @IfPresent() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
}
export class ListAgenciesParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional({ enum: AGENCY_KINDS }) @IsOptional() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
}

// ---------- units ----------
export class CreateOrgUnitBody {
  @ApiProperty() @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsId() parentId?: string | null;
}
export class UpdateOrgUnitBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsId() parentId?: string | null;
}
export class ListOrgUnitsParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() parentId?: string;
}

// ---------- positions ----------
export class CreatePositionBody {
  @ApiProperty() @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: POSITION_KINDS }) @IsIn(POSITION_KINDS) kind: PositionKind;
  @ApiPropertyOptional({ enum: FUNCTIONAL_GRADES, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(FUNCTIONAL_GRADES)
  functionalGrade?: FunctionalGrade | null;
  @ApiProperty() @IsId() agencyId: string;
}
export class UpdatePositionBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: POSITION_KINDS }) @IfPresent() @IsIn(POSITION_KINDS) kind?: PositionKind;
  @ApiPropertyOptional({ enum: FUNCTIONAL_GRADES, nullable: true })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsIn(FUNCTIONAL_GRADES)
  functionalGrade?: FunctionalGrade | null;
}
export class ListPositionsParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
  @ApiPropertyOptional({ enum: POSITION_KINDS }) @IsOptional() @IsIn(POSITION_KINDS) kind?: PositionKind;
}

// ---------- employees ----------
export class CreateEmployeeBody {
  @ApiProperty({ example: '198503152010011001', description: '18 digits: birth date, appointment year-month, sex (1/2), serial' })
  @IsNip()
  nip: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: EMPLOYEE_KINDS }) @IsIn(EMPLOYEE_KINDS) kind: EmployeeKind;
  @ApiProperty() @IsId() agencyId: string;
  @ApiProperty() @IsId() unitId: string;
  @ApiProperty() @IsId() positionId: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(320) email?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The direct supervisor: an employee of the same agency' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsId()
  supervisorId?: string | null;
}
export class UpdateEmployeeBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: EMPLOYEE_KINDS }) @IfPresent() @IsIn(EMPLOYEE_KINDS) kind?: EmployeeKind;
  @ApiPropertyOptional() @IfPresent() @IsId() unitId?: string;
  @ApiPropertyOptional({ description: 'Moving to another position publishes EmployeePositionChanged' })
  @IfPresent()
  @IsId()
  positionId?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(320) email?: string | null;
  @ApiPropertyOptional({ nullable: true, description: 'The direct supervisor (null clears it)' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsId()
  supervisorId?: string | null;
}
export class ListEmployeesParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(18) nip?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsId() positionId?: string;
  @ApiPropertyOptional({ enum: EMPLOYEE_KINDS }) @IsOptional() @IsIn(EMPLOYEE_KINDS) kind?: EmployeeKind;
  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
}
// ---------- users and sign-in ----------
export class CreateUserBody {
  @ApiProperty() @Transform(trim) @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsId() agencyId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsId() employeeId?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'For ASSESSOR: the agencies they assess' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsIds()
  assessorAgencyIds?: string[];
}
export class UpdateUserBody extends VersionBody {
  @ApiPropertyOptional() @IfPresent() @IsString() @MinLength(10) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ type: [String] }) @IfPresent() @IsArray() @ArrayMaxSize(1000) @IsIds() assessorAgencyIds?: string[];
}
export class ListUsersParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsId() agencyId?: string;
}
export class SignInBody {
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(320) email: string;
  @ApiProperty() @IsString() @IsNotEmpty() @MaxLength(200) password: string;
}
export class AccessTokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty({ example: 'Bearer' }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds' }) expiresIn: number;
}
