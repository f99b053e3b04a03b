/** Integration events the Workforce context publishes (names fixed by the API catalogue). */
export const WORKFORCE_EVENTS = {
  EmployeeRegistered: 'EmployeeRegistered',
  EmployeePositionChanged: 'EmployeePositionChanged',
} as const;

export interface EmployeeRegisteredPayload {
  employeeId: string;
  nip: string;
  agencyId: string;
  unitId: string;
  positionId: string;
}

export interface EmployeePositionChangedPayload {
  employeeId: string;
  agencyId: string;
  fromPositionId: string;
  toPositionId: string;
}
