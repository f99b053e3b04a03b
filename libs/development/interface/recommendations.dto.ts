import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';

const lowerId = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.toLowerCase() : value);

export class RecomputeBody {
  @ApiPropertyOptional({ description: 'Only this agency’s employees; absent: every employee with a competency profile' })
  @IsOptional()
  @Transform(lowerId)
  @IsUUID()
  agencyId?: string;
}

export class AcceptRecommendationBody {
  @ApiPropertyOptional({
    description: 'The program you read at this rank; when the set was regenerated since and the rank names another program, 404',
  })
  @IsOptional()
  @Transform(lowerId)
  @IsUUID()
  programId?: string;
}

export class RecommendationItemDto {
  @ApiProperty({ example: 1 }) rank: number;
  @ApiProperty() programId: string;
  @ApiProperty({ example: 'PKA-2026' }) programCode: string;
  @ApiProperty({ example: 'M.04' }) competencyCode: string;
  @ApiProperty({ example: -2, description: 'achieved − required (negative)' }) gap: number;
  @ApiProperty({ example: 4, description: 'The level the program develops the competency to' }) targetLevel: number;
  @ApiProperty({ example: 135.5 }) score: number;
  @ApiProperty({
    type: [String],
    description: 'Why: the gap it closes, the level it reaches, a session with a free seat, the JP shortfall',
  })
  reasons: string[];
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'The soonest session with a free seat within 90 days, enrolment open',
  })
  sessionId: string | null;
}

export class RecommendationsDto {
  @ApiProperty() employeeId: string;
  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true }) generatedAt: string | null;
  @ApiProperty({ type: [RecommendationItemDto] }) items: RecommendationItemDto[];
}

export class JobProgressDto {
  @ApiProperty() done: number;
  @ApiProperty() total: number;
}

export class JobDto {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['queued', 'running', 'completed', 'failed'] }) state: string;
  @ApiProperty({ type: JobProgressDto, description: 'Employees recomputed of those planned' }) progress: JobProgressDto;
}
