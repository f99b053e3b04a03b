import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
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
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { ImportReportBody } from '@kompeten/shared/infrastructure/csv';
import { PageParams } from '@kompeten/shared/infrastructure';
import { COMPETENCY_TYPES } from '../contracts/types';
import type { CompetencyType } from '../contracts/types';
import { CODE_PATTERN, LIMITS } from '../domain/competency';

const CODE_MESSAGE = 'must be 1-50 letters, digits, dots, dashes or underscores';
const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);

export class ListCompetenciesParams extends PageParams {
  @ApiPropertyOptional({ description: 'A competency code (business key)', example: 'M.01' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  code?: string;

  @ApiPropertyOptional({ enum: COMPETENCY_TYPES }) @IsOptional() @IsIn(COMPETENCY_TYPES) type?: CompetencyType;

  @ApiPropertyOptional({ description: 'Technical competencies of this agency' }) @IsOptional() @IsUUID() agencyId?: string;

  @ApiPropertyOptional({ description: 'true: national competencies only; false: agencies’ technical ones only' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  national?: boolean;
}

export class VersionParams {
  @ApiPropertyOptional({ description: 'An earlier version (default: the current one)', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  version?: number;
}

// ---------- competencies ----------
export class IndicatorBody {
  @ApiPropertyOptional({ example: '1.1', description: 'L.1, L.2, … in order for level L; assigned when left out' })
  @IsOptional()
  @IsString()
  @MaxLength(5)
  number?: string;

  @ApiProperty({ example: 'Bertingkah laku sesuai dengan kode etik.' })
  @Transform(trim)
  @IsString()
  @IsNotEmpty()
  @MaxLength(LIMITS.indicator)
  text: string;
}

export class LevelBody {
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) level: number;

  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(LIMITS.description) description: string;

  @ApiProperty({ type: [IndicatorBody] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(LIMITS.indicatorsPerLevel)
  @ValidateNested({ each: true })
  @Type(() => IndicatorBody)
  indicators: IndicatorBody[];
}

export class CompetencyContentBody {
  @ApiProperty({ example: 'Integritas' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(LIMITS.name) name: string;

  @ApiProperty({ enum: COMPETENCY_TYPES }) @IsIn(COMPETENCY_TYPES) type: CompetencyType;

  @ApiProperty() @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(LIMITS.definition) definition: string;

  @ApiPropertyOptional({
    nullable: true,
    description:
      'The agency a technical competency belongs to; null for a national one (managerial and sociocultural ones always are). ' +
      'Left out: the current owner (PUT), an agency admin’s own agency for a new technical competency, national otherwise.',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsUUID()
  agencyId?: string | null;

  @ApiProperty({
    type: [LevelBody],
    description: 'Levels 1–5; managerial and sociocultural competencies define all five, technical ones at least one',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(5)
  @ValidateNested({ each: true })
  @Type(() => LevelBody)
  levels: LevelBody[];
}

export class CreateCompetencyBody extends CompetencyContentBody {
  @ApiProperty({ example: 'TK.KEU.01' })
  @Transform(trim)
  @IsString()
  @Matches(CODE_PATTERN, { message: `code ${CODE_MESSAGE}` })
  code: string;
}

export class PutCompetencyBody extends CompetencyContentBody {
  @ApiPropertyOptional({ description: 'When given, must equal the code in the path' })
  @IsOptional()
  @IsString()
  @MaxLength(50)
  code?: string;

  @ApiPropertyOptional({ description: 'The current version you read; 0 or absent to create. A stale one gets 409.', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;
}

export class IndicatorResponse {
  @ApiProperty({ example: '1.1' }) number: string;
  @ApiProperty() text: string;
}
export class LevelResponse {
  @ApiProperty() level: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: [IndicatorResponse] }) indicators: IndicatorResponse[];
}
export class CompetencyResponse {
  @ApiProperty({ format: 'uuid', description: 'The competency; the same for every version' }) id: string;
  @ApiProperty({ example: 'M.01' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: COMPETENCY_TYPES }) type: string;
  @ApiProperty() definition: string;
  @ApiProperty({ description: 'The version shown' }) version: number;
  @ApiProperty({ nullable: true, format: 'uuid', type: String }) agencyId: string | null;
  @ApiProperty({ type: [LevelResponse] }) levels: LevelResponse[];
  @ApiProperty({ description: 'True while the texts are the seeded summary, to be replaced by the official text through import' })
  summary: boolean;
  @ApiProperty() publishedAt: Date;
  @ApiProperty({ description: 'The latest version of the competency' }) currentVersion: number;
}
export class CompetencyPageResponse {
  @ApiProperty({ type: [CompetencyResponse] }) items: CompetencyResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

// ---------- position standards ----------
export class StandardItemBody {
  @ApiProperty({ example: 'M.01' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(50) competencyCode: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) @IsInt() @Min(1) @Max(5) requiredLevel: number;
}

export class PutStandardBody {
  @ApiPropertyOptional({ description: 'The current version you read; 0 or absent for the first. A stale one gets 409.', minimum: 0 })
  @IsOptional()
  @IsInt()
  @Min(0)
  version?: number;

  @ApiProperty({ type: [StandardItemBody], description: 'All nine national competencies (M.01–M.08, SK.01), and any technical ones' })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => StandardItemBody)
  items: StandardItemBody[];
}

export class StandardItemResponse {
  @ApiProperty() competencyCode: string;
  @ApiProperty({ description: 'The competency version this standard version is pinned to' }) competencyVersion: number;
  @ApiProperty() requiredLevel: number;
  @ApiProperty({ enum: COMPETENCY_TYPES }) competencyType: string;
  @ApiProperty() competencyName: string;
}
export class StandardResponse {
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty({ description: '0 for a draft (nothing published yet)' }) version: number;
  @ApiProperty({ nullable: true, type: Date }) publishedAt: Date | null;
  @ApiProperty({ type: [StandardItemResponse] }) items: StandardItemResponse[];
  @ApiProperty({ enum: ['PUBLISHED', 'DRAFT'] }) status: string;
  @ApiProperty() positionCode: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
}
export class StandardPageResponse {
  @ApiProperty({ type: [StandardResponse] }) items: StandardResponse[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

// ---------- import reports ----------
class PublishedCompetency {
  @ApiProperty() code: string;
  @ApiProperty() version: number;
}
export class CompetencyImportReportResponse extends ImportReportBody {
  @ApiProperty({ description: 'Competencies created (version 1)' }) created: number;
  @ApiProperty({ description: 'Existing competencies whose content changed; each got a new version' }) updated: number;
  @ApiProperty({ description: 'Competencies whose rows equal their current version' }) unchanged: number;
  @ApiProperty({ type: [PublishedCompetency], description: 'The versions this import published' }) published: PublishedCompetency[];
}
class PublishedStandard {
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty() positionCode: string;
  @ApiProperty() version: number;
}
export class StandardImportReportResponse extends ImportReportBody {
  @ApiProperty({ description: 'Positions that got their first standard' }) created: number;
  @ApiProperty({ description: 'Positions whose standard changed; each got a new version' }) updated: number;
  @ApiProperty({ description: 'Positions whose rows equal their current standard' }) unchanged: number;
  @ApiProperty({ type: [PublishedStandard], description: 'The standard versions this import published' }) published: PublishedStandard[];
  @ApiProperty({
    type: String,
    nullable: true,
    description:
      'The job following the holders’ recompute downstream (profiles, gaps, recommendations, reports) at GET /admin/jobs/{jobId}: `completed` when all are current; null when nothing was published',
  })
  jobId: string | null;
}
