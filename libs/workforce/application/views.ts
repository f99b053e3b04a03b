import { AgencyKind, EmployeeKind, FunctionalGrade, PositionKind } from '../domain/workforce-kinds';

/** Read shapes of the Workforce context, as the API answers them. */
export interface AgencyView {
  id: string;
  code: string;
  name: string;
  kind: AgencyKind;
  retiredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}
export interface OrgUnitView {
  id: string;
  agencyId: string;
  parentId: string | null;
  code: string;
  name: string;
  retiredAt: Date | null;
  version: number;
}
export interface OrgUnitTreeNode extends OrgUnitView {
  children: OrgUnitTreeNode[];
}
export interface PositionView {
  id: string;
  agencyId: string;
  code: string;
  name: string;
  kind: PositionKind;
  functionalGrade: FunctionalGrade | null;
  retiredAt: Date | null;
  version: number;
}
export interface EmployeeView {
  id: string;
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyId: string;
  unitId: string;
  positionId: string;
  email: string | null;
  supervisorId: string | null;
  retiredAt: Date | null;
  version: number;
  agencyCode: string;
  agencyName: string;
  unitCode: string;
  unitName: string;
  positionCode: string;
  positionName: string;
}
export interface UserView {
  id: string;
  email: string;
  role: string;
  agencyId: string | null;
  employeeId: string | null;
  assessorAgencyIds: string[];
  retiredAt: Date | null;
  version: number;
}
export interface AgencyRef {
  id: string;
  code: string;
  name: string;
}
/** Who the signed-in user is (GET /me). */
export interface MeView {
  id: string;
  email: string;
  role: string;
  agency: AgencyRef | null;
  assessorAgencies: AgencyRef[];
  employee: EmployeeView | null;
}
