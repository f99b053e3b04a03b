import {
  Actor,
  assertAdminOf,
  assertCanReadEmployee,
  canReadAgencyOwned,
  canReadEmployee,
  isAdminOf,
  readableAgencyIds,
  SYSTEM_ACTOR,
} from './actor';
import { ForbiddenError, NotFoundError } from './errors';

const A = 'agency-a';
const B = 'agency-b';
const actor = (role: Actor['role'], extra: Partial<Actor> = {}): Actor => ({
  userId: 'u',
  email: 'x@example.go.id',
  role,
  agencyId: null,
  employeeId: null,
  assessorAgencyIds: [],
  ...extra,
});
const ministry = actor('MINISTRY_ADMIN');
const adminA = actor('AGENCY_ADMIN', { agencyId: A });
const adminBWhoIsEmployee = actor('AGENCY_ADMIN', { agencyId: B, employeeId: 'e1' });
const employee = actor('EMPLOYEE', { agencyId: A, employeeId: 'e1' });
const assessor = actor('ASSESSOR', { assessorAgencyIds: [A] });
const e1 = { id: 'e1', agencyId: A };
const e2 = { id: 'e2', agencyId: A };

describe('who reads and administers an employee’s records', () => {
  it('the ministry and the system read every agency; an agency admin their own; an assessor their assigned ones', () => {
    expect(readableAgencyIds(ministry)).toBeNull();
    expect(readableAgencyIds(SYSTEM_ACTOR)).toBeNull();
    expect(readableAgencyIds(adminA)).toEqual([A]);
    expect(readableAgencyIds(assessor)).toEqual([A]);
  });

  it('an employee reads only themself; an assessor none; an admin their agency’s, and themself wherever they work', () => {
    expect(canReadEmployee(employee, e1)).toBe(true);
    expect(canReadEmployee(employee, e2)).toBe(false);
    expect(canReadEmployee(assessor, e1)).toBe(false);
    expect(canReadEmployee(adminA, e2)).toBe(true);
    expect(canReadEmployee(adminBWhoIsEmployee, e2)).toBe(false);
    expect(canReadEmployee(adminBWhoIsEmployee, e1)).toBe(true);
    expect(canReadEmployee(ministry, e2)).toBe(true);
    expect(() => assertCanReadEmployee(employee, e2)).toThrow(NotFoundError);
  });

  it('admin-only acts: the employee themself gets 403 (ForbiddenError), anyone else outside 404 (NotFoundError)', () => {
    expect(isAdminOf(adminA, A)).toBe(true);
    expect(isAdminOf(adminA, B)).toBe(false);
    expect(isAdminOf(SYSTEM_ACTOR, B)).toBe(true);
    expect(() => assertAdminOf(adminA, e1)).not.toThrow();
    expect(() => assertAdminOf(employee, e1)).toThrow(ForbiddenError);
    expect(() => assertAdminOf(employee, e2)).toThrow(NotFoundError);
    expect(() => assertAdminOf(actor('AGENCY_ADMIN', { agencyId: B }), e1)).toThrow(NotFoundError);
  });

  it('a national record is everyone’s to read; an agency’s for those who read that agency', () => {
    expect(canReadAgencyOwned(employee, null)).toBe(true);
    expect(canReadAgencyOwned(employee, A)).toBe(true);
    expect(canReadAgencyOwned(employee, B)).toBe(false);
    expect(canReadAgencyOwned(ministry, B)).toBe(true);
  });
});
