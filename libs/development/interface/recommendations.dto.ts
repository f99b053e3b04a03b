import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsUUID } from 'class-validator';
import { DELIVERY_MODES } from '../contracts/events';

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

export class RecommendationSessionDto {
  @ApiProperty() id: string;
  @ApiProperty({ format: 'date-time' }) startsAt: string;
  @ApiProperty({ format: 'date-time' }) endsAt: string;
  @ApiProperty({ type: String, nullable: true, example: 'Jakarta' }) location: string | null;
  @ApiProperty({ example: 12, description: 'Free seats now (read with the recommendations)' }) freeSeats: number;
}

export class RecommendationExplanationDto {
  @ApiProperty({
    enum: ['GAP', 'CLOSES_GAP', 'NARROWS_GAP', 'SESSION_SOON', 'JP_SHORTFALL', 'STATED_NEED', 'EVALUATION', 'EFFECTIVENESS'],
    description:
      'GAP {competencyCode, competencyName, gap, achievedLevel, requiredLevel}; CLOSES_GAP {competencyCode, targetLevel, requiredLevel}; ' +
      'NARROWS_GAP {competencyCode, targetLevel, requiredLevel, remainingGap}; SESSION_SOON {sessionId, startsAt, location, freeSeats}; ' +
      'JP_SHORTFALL {creditJp, shortfallJp}; STATED_NEED {competencyCode, priority}; EVALUATION {meanRating, evaluations}; ' +
      'EFFECTIVENESS {meanLevelChange, participants}',
  })
  code: string;
  @ApiPropertyOptional() competencyCode?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) competencyName?: string | null;
  @ApiPropertyOptional({ description: 'GAP: levels below the required one (positive)' }) gap?: number;
  @ApiPropertyOptional() achievedLevel?: number;
  @ApiPropertyOptional() requiredLevel?: number;
  @ApiPropertyOptional() targetLevel?: number;
  @ApiPropertyOptional() remainingGap?: number;
  @ApiPropertyOptional() sessionId?: string;
  @ApiPropertyOptional({ format: 'date-time' }) startsAt?: string;
  @ApiPropertyOptional({ type: String, nullable: true }) location?: string | null;
  @ApiPropertyOptional() freeSeats?: number;
  @ApiPropertyOptional() creditJp?: number;
  @ApiPropertyOptional() shortfallJp?: number;
  @ApiPropertyOptional({ enum: ['HIGH', 'MEDIUM', 'LOW'] }) priority?: string;
  @ApiPropertyOptional() meanRating?: number;
  @ApiPropertyOptional() evaluations?: number;
  @ApiPropertyOptional() meanLevelChange?: number;
  @ApiPropertyOptional() participants?: number;
}

export class RecommendationItemDto {
  @ApiProperty({ example: 1, description: 'Position in score order, from 1' }) rank: number;
  @ApiProperty() programId: string;
  @ApiProperty({ example: 'PKA-2026' }) programCode: string;
  @ApiProperty({ example: 'Pelatihan Kepemimpinan Administrator' }) programTitle: string;
  @ApiProperty({ enum: DELIVERY_MODES }) deliveryMode: string;
  @ApiProperty({ example: 20, description: 'The JP one completion credits' }) jp: number;
  @ApiProperty({ example: 'M.04' }) competencyCode: string;
  @ApiProperty({ type: String, nullable: true, example: 'Komunikasi' }) competencyName: string | null;
  @ApiProperty({ example: -2, description: 'achieved − required (negative)' }) gap: number;
  @ApiProperty({ example: 4, description: 'The level the program develops the competency to' }) targetLevel: number;
  @ApiProperty({ example: 514, description: 'Items are ordered by it, descending (the formula: the operation’s description)' })
  score: number;
  @ApiProperty({
    type: [String],
    description: 'Why, in the Accept-Language asked for (id by default, en): rendered from explanations, one sentence each',
  })
  reasons: string[];
  @ApiProperty({ type: [RecommendationExplanationDto] }) explanations: RecommendationExplanationDto[];
  @ApiProperty({ type: String, nullable: true, description: 'The soonest session with a free seat within 90 days, enrolment open' })
  sessionId: string | null;
  @ApiProperty({ type: RecommendationSessionDto, nullable: true, description: 'That session as it is now' })
  session: RecommendationSessionDto | null;
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
  @ApiProperty({
    type: JobProgressDto,
    description: 'A recompute: employees recomputed of those planned. An import: event deliveries handled of those owed so far',
  })
  progress: JobProgressDto;
  @ApiPropertyOptional({ description: 'What the job is: absent for a recompute, `employee-import` or `assessment-import` for an import' })
  kind?: string;
}
