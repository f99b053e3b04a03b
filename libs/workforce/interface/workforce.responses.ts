import { ApiProperty } from '@nestjs/swagger';
import { ROLES } from '@kompeten/shared/kernel';
import { AGENCY_KINDS, EMPLOYEE_KINDS, FUNCTIONAL_GRADES, POSITION_KINDS } from '../domain/workforce-kinds';

/** Response shapes of the Workforce API, as documented in the OpenAPI document. */
export class AgencyResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'KEMENAPARATUR' }) code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: AGENCY_KINDS }) kind: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class OrgUnitResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) parentId: string | null;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class OrgUnitTreeNodeResponse extends OrgUnitResponse {
  @ApiProperty({ type: () => [OrgUnitTreeNodeResponse], description: 'The live child units, by code' })
  children: OrgUnitTreeNodeResponse[];
}

export class PositionResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: POSITION_KINDS }) kind: string;
  @ApiProperty({ type: String, enum: FUNCTIONAL_GRADES, nullable: true }) functionalGrade: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class EmployeeResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '198503152010011001' }) nip: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: EMPLOYEE_KINDS }) kind: string;
  @ApiProperty({ format: 'uuid' }) agencyId: string;
  @ApiProperty({ format: 'uuid' }) unitId: string;
  @ApiProperty({ format: 'uuid' }) positionId: string;
  @ApiProperty({ type: String, nullable: true }) email: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) supervisorId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'The agency’s code' }) agencyCode: string;
  @ApiProperty({ description: 'The agency’s name' }) agencyName: string;
  @ApiProperty({ description: 'The org unit’s code' }) unitCode: string;
  @ApiProperty({ description: 'The org unit’s name' }) unitName: string;
  @ApiProperty({ description: 'The position’s code' }) positionCode: string;
  @ApiProperty({ description: 'The position’s name' }) positionName: string;
}

export class UserResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) agencyId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) employeeId: string | null;
  @ApiProperty({ type: [String], description: 'ASSESSOR only: the agencies they assess for' }) assessorAgencyIds: string[];
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) retiredAt: string | null;
  @ApiProperty() version: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class AgencyRefResponse {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() name: string;
}

export class MeResponse {
  @ApiProperty({ format: 'uuid', description: 'The user’s id' }) id: string;
  @ApiProperty() email: string;
  @ApiProperty({ enum: ROLES }) role: string;
  @ApiProperty({ type: AgencyRefResponse, nullable: true, description: 'The agency the user belongs to; null for a ministry admin' })
  agency: AgencyRefResponse | null;
  @ApiProperty({ type: [AgencyRefResponse], description: 'ASSESSOR only: the agencies they assess for (empty for other roles)' })
  assessorAgencies: AgencyRefResponse[];
  @ApiProperty({ type: EmployeeResponse, nullable: true, description: 'The user’s own employee record (an EMPLOYEE’s; null if none)' })
  employee: EmployeeResponse | null;
}
