import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { PageParams } from '@kompeten/shared/infrastructure';
import {
  IsBoolean,
  IsIn,
  IsNotEmpty,
  IsNumber,
  IsOptional,
  IsString,
  IsUUID,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateIf,
} from 'class-validator';

const trim = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value);
const lower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);
const IRI = /^[a-z][a-z0-9+.-]*:[^\s<>"{}|\\^`]+$/i;

export class CreateLrsClientBody {
  @ApiProperty({ example: 'LMS Nasional (Moodle)' }) @Transform(trim) @IsString() @IsNotEmpty() @MaxLength(200) name: string;
  @ApiPropertyOptional({
    description:
      'The agency whose platform it is (its statements may only credit that agency’s employees); absent or null: a national platform',
  })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @Transform(lower)
  @IsUUID()
  agencyId?: string | null;
}

export class LrsClientCreatedBody {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'The HTTP Basic user name' }) key: string;
  @ApiProperty({ description: 'The HTTP Basic password: shown this once, kept only as a hash' }) secret: string;
}

export class MapActivityBody {
  @ApiProperty({
    example: 'https://elearning.example.go.id/course/view.php?id=42',
    description: 'The activity IRI the platform sends as the object',
  })
  @IsString()
  @MaxLength(2000)
  @Matches(IRI, { message: 'must be an absolute IRI' })
  activityId: string;
  @ApiPropertyOptional({
    default: false,
    description: 'Statements about child activities (this IRI in context.contextActivities.parent) count too',
  })
  @IsOptional()
  @IsBoolean()
  includeChildren?: boolean;
  @ApiPropertyOptional({ minimum: -1, maximum: 1, description: 'The least result.score.scaled a statement must carry to count' })
  @IsOptional()
  @ValidateIf((_, v) => v !== null)
  @IsNumber({ allowNaN: false, allowInfinity: false, maxDecimalPlaces: 5 })
  @Min(-1)
  @Max(1)
  minScaledScore?: number | null;
}

export class MapAccountBody {
  @ApiProperty({ example: 'https://elearning.example.go.id', description: 'The actor account’s homePage (the platform’s site URL)' })
  @IsString()
  @MaxLength(2000)
  @Matches(IRI, { message: 'must be an absolute IRI' })
  homePage: string;
  @ApiProperty({ example: '1234', description: 'The actor account’s name (the platform’s own user id)' })
  @IsString()
  @IsNotEmpty()
  @MaxLength(500)
  name: string;
  @ApiProperty() @Transform(lower) @IsUUID() employeeId: string;
}

export class ListAccountMappingsParams extends PageParams {
  @ApiPropertyOptional() @IsOptional() @Transform(lower) @IsUUID() employeeId?: string;
}

export class ReviewQueueParams extends PageParams {
  @ApiPropertyOptional({ enum: ['UNKNOWN_ACTOR', 'UNMAPPED_ACTIVITY'] })
  @IsOptional()
  @IsIn(['UNKNOWN_ACTOR', 'UNMAPPED_ACTIVITY'])
  reason?: string;
}
