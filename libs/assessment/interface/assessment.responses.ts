import { ApiProperty } from '@nestjs/swagger';
import { METHODS, PURPOSES, RATER_GROUPS } from '../domain/assessment-policy';

const COMPETENCY_TYPES = ['TECHNICAL', 'MANAGERIAL', 'SOCIOCULTURAL'];

/** Response shapes of the Assessment API. */
export class PinnedStandardItemResponse {
  @ApiProperty() competencyCode: string;
  @ApiProperty() competencyVersion: number;
  @ApiProperty({ enum: COMPETENCY_TYPES }) competencyType: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) requiredLevel: number;
}

export class ResultEntryResponse {
  @ApiProperty() competencyCode: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) level: number;
  @ApiProperty({ type: String, nullable: true }) evidence: string | null;
  @ApiProperty({ type: String, enum: RATER_GROUPS, nullable: true, description: 'MULTI_RATER_360 only' }) raterGroup: string | null;
  @ApiProperty({ type: String, nullable: true }) raterName: string | null;
}

export class AssessmentResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) employeeId: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ enum: PURPOSES }) purpose: string;
  @ApiProperty({ format: 'uuid' }) targetPositionId: string;
  @ApiProperty({ description: 'The SKJ version the assessment is pinned to' }) standardVersion: number;
  @ApiProperty({ type: [PinnedStandardItemResponse] }) standardItems: PinnedStandardItemResponse[];
  @ApiProperty({ enum: METHODS }) method: string;
  @ApiProperty() providerName: string;
  @ApiProperty() providerAccredited: boolean;
  @ApiProperty({ description: 'Whether its results count as official (an accredited provider)' }) official: boolean;
  @ApiProperty({ type: String, nullable: true }) assessorName: string | null;
  @ApiProperty({ type: String, format: 'date-time' }) assessedAt: string;
  @ApiProperty({ enum: ['DRAFT', 'COMPLETED', 'SUPERSEDED'] }) status: string;
  @ApiProperty({ type: [ResultEntryResponse] }) results: ResultEntryResponse[];
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

export class ProfileItemResponse {
  @ApiProperty({ example: 'M.01' }) competencyCode: string;
  @ApiProperty({ type: String, nullable: true, example: 'Integritas', description: 'The competency’s name' }) competencyName: string | null;
  @ApiProperty({ enum: COMPETENCY_TYPES }) type: string;
  @ApiProperty({ minimum: 1, maximum: 5 }) requiredLevel: number;
  @ApiProperty({ type: Number, nullable: true, description: 'The latest valid official result' }) achievedLevel: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'achievedLevel − requiredLevel; negative is a development need' })
  gap: number | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) assessedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) validUntil: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'The level a 360’s SELF raters gave, shown beside, never counted' })
  selfAssessedLevel: number | null;
}

export class CompetencyProfileResponse {
  @ApiProperty({ format: 'uuid' }) employeeId: string;
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty() standardVersion: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Job Person Match, percent, two decimals' }) jpm: number | null;
  @ApiProperty({
    type: String,
    nullable: true,
    enum: ['OPTIMAL', 'CUKUP_OPTIMAL', 'KURANG_OPTIMAL', 'MEMENUHI_SYARAT', 'MASIH_MEMENUHI_SYARAT', 'KURANG_MEMENUHI_SYARAT'],
  })
  category: string | null;
  @ApiProperty({ type: String, enum: PURPOSES, nullable: true, description: 'The purpose of the latest assessment' }) purpose:
    string | null;
  @ApiProperty() reassessmentDue: boolean;
  @ApiProperty({ type: String, format: 'date-time' }) computedAt: string;
  @ApiProperty({ type: [ProfileItemResponse] }) items: ProfileItemResponse[];
}
