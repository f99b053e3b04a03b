import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
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
  ValidateIf,
} from 'class-validator';
import { ROLES } from '@kompeten/shared/kernel';
import type { Role } from '@kompeten/shared/kernel';
import { AGENCY_KINDS, EMPLOYEE_KINDS, FUNCTIONAL_GRADES, POSITION_KINDS } from '../domain/workforce-kinds';
import type { AgencyKind, EmployeeKind, FunctionalGrade, PositionKind } from '../domain/workforce-kinds';

const CODE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,49}$/;
const CODE_MESSAGE = 'must be 1-50 letters, digits, dots, dashes or underscores';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

/** Paging and the retired switch, shared by every list. */
export class ListQuery {
  @ApiPropertyOptional({ default: 50, minimum: 1, maximum: 500 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(500)
  limit?: number;

  @ApiPropertyOptional({ description: 'The nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;

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
  version: number;
}

// ---------- agencies ----------
export class CreateAgencyBody {
  @ApiProperty({ example: 'KEMENPAN' }) @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) @IsIn(AGENCY_KINDS) kind: AgencyKind;
}
export class UpdateAgencyBody extends VersionBody {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: AGENCY_KINDS }) @IsOptional() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
}
export class ListAgenciesParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional({ enum: AGENCY_KINDS }) @IsOptional() @IsIn(AGENCY_KINDS) kind?: AgencyKind;
}

// ---------- units ----------
export class CreateOrgUnitBody {
  @ApiProperty() @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @IsUUID() parentId?: string | null;
}
export class UpdateOrgUnitBody extends VersionBody {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() parentId?: string | null;
}
export class ListOrgUnitsParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() parentId?: string;
}

// ---------- positions ----------
export class CreatePositionBody {
  @ApiProperty() @Transform(trim) @IsString() @Matches(CODE, { message: `code ${CODE_MESSAGE}` }) code: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: POSITION_KINDS }) @IsIn(POSITION_KINDS) kind: PositionKind;
  @ApiPropertyOptional({ enum: FUNCTIONAL_GRADES, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(FUNCTIONAL_GRADES) functionalGrade?: FunctionalGrade | null;
  @ApiProperty() @IsUUID() agencyId: string;
}
export class UpdatePositionBody extends VersionBody {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: POSITION_KINDS }) @IsOptional() @IsIn(POSITION_KINDS) kind?: PositionKind;
  @ApiPropertyOptional({ enum: FUNCTIONAL_GRADES, nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsIn(FUNCTIONAL_GRADES) functionalGrade?: FunctionalGrade | null;
}
export class ListPositionsParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(50) code?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional({ enum: POSITION_KINDS }) @IsOptional() @IsIn(POSITION_KINDS) kind?: PositionKind;
}

// ---------- employees ----------
export class CreateEmployeeBody {
  @ApiProperty({ example: '198503152010011001', description: '18 digits: birth date, appointment year-month, sex (1/2), serial' })
  @IsString()
  @MaxLength(18 * 2)
  nip: string;
  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiProperty({ enum: EMPLOYEE_KINDS }) @IsIn(EMPLOYEE_KINDS) kind: EmployeeKind;
  @ApiProperty() @IsUUID() agencyId: string;
  @ApiProperty() @IsUUID() unitId: string;
  @ApiProperty() @IsUUID() positionId: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(320) email?: string | null;
}
export class UpdateEmployeeBody extends VersionBody {
  @ApiPropertyOptional() @IsOptional() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name?: string;
  @ApiPropertyOptional({ enum: EMPLOYEE_KINDS }) @IsOptional() @IsIn(EMPLOYEE_KINDS) kind?: EmployeeKind;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional({ description: 'Moving to another position publishes EmployeePositionChanged' }) @IsOptional() @IsUUID() positionId?: string;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsEmail() @MaxLength(320) email?: string | null;
}
export class ListEmployeesParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(18) nip?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() unitId?: string;
  @ApiPropertyOptional() @IsOptional() @IsUUID() positionId?: string;
  @ApiPropertyOptional({ enum: EMPLOYEE_KINDS }) @IsOptional() @IsIn(EMPLOYEE_KINDS) kind?: EmployeeKind;
  @ApiPropertyOptional({ description: 'Part of the name, case-insensitive' }) @IsOptional() @IsString() @MaxLength(200) name?: string;
}
export class ImportParams {
  @ApiPropertyOptional({ enum: ['all-or-nothing', 'partial'], default: 'all-or-nothing' })
  @IsOptional()
  @IsIn(['all-or-nothing', 'partial'])
  mode?: 'all-or-nothing' | 'partial';
}

// ---------- users and sign-in ----------
export class CreateUserBody {
  @ApiProperty() @Transform(trim) @IsEmail() @MaxLength(320) email: string;
  @ApiProperty({ minLength: 10 }) @IsString() @MinLength(10) @MaxLength(200) password: string;
  @ApiProperty({ enum: ROLES }) @IsIn(ROLES) role: Role;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() agencyId?: string | null;
  @ApiPropertyOptional({ nullable: true }) @IsOptional() @ValidateIf((_, v) => v !== null) @IsUUID() employeeId?: string | null;
  @ApiPropertyOptional({ type: [String], description: 'For ASSESSOR: the agencies they assess' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(1000)
  @IsUUID('all', { each: true })
  assessorAgencyIds?: string[];
}
export class UpdateUserBody extends VersionBody {
  @ApiPropertyOptional() @IsOptional() @IsString() @MinLength(10) @MaxLength(200) password?: string;
  @ApiPropertyOptional({ type: [String] }) @IsOptional() @IsArray() @ArrayMaxSize(1000) @IsUUID('all', { each: true }) assessorAgencyIds?: string[];
}
export class ListUsersParams extends ListQuery {
  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(320) email?: string;
  @ApiPropertyOptional({ enum: ROLES }) @IsOptional() @IsIn(ROLES) role?: Role;
  @ApiPropertyOptional() @IsOptional() @IsUUID() agencyId?: string;
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
