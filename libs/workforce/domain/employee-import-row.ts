import { checkNip } from './nip';
import { EmployeeKind } from './workforce-kinds';

/** The columns of an employee import file, in order (the header row). */
export const EMPLOYEE_IMPORT_COLUMNS = ['nip', 'name', 'kind', 'agencyCode', 'unitCode', 'positionCode', 'email'] as const;
export const EMPLOYEE_IMPORT_HEADER = EMPLOYEE_IMPORT_COLUMNS.join(',');

/** One employee as a row of an import file says it should be; codes are resolved later, in SQL. */
export interface EmployeeImportRow {
  nip: string;
  name: string;
  kind: EmployeeKind;
  agencyCode: string;
  unitCode: string;
  positionCode: string;
  email: string | null;
}

export type EmployeeRowCheck = { ok: true; row: EmployeeImportRow } | { ok: false; nip: string; reason: string };

const MAX_NAME = 200;
const MAX_CODE = 50;
const MAX_EMAIL = 320;
/** The longest NIP echoed back in a report when it is not a NIP at all. */
const MAX_ECHOED_NIP = 40;
/** An address as the WHATWG HTML standard defines a valid e-mail address, with at least one dot in the domain. */
const EMAIL =
  /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)+$/;

function code(field: string, value: string, problems: string[]): void {
  if (value === '') problems.push(`${field}: must not be empty`);
  else if (value.length > MAX_CODE) problems.push(`${field}: must be at most ${MAX_CODE} characters`);
}

/**
 * The rules one row must meet on its own (the same as registering one employee):
 * seven fields, a valid NIP, a name, a kind, three codes and an optional e-mail.
 * Whether the codes resolve, and whether the NIP repeats, is for the set of rows.
 * Every broken rule of the row is named, so one round of fixes is enough.
 */
export function checkEmployeeRow(fields: readonly string[], today: Date): EmployeeRowCheck {
  const nip = (fields[0] ?? '').trim();
  const echoed = nip.length > MAX_ECHOED_NIP ? `${nip.slice(0, MAX_ECHOED_NIP)}…` : nip;
  if (fields.length !== EMPLOYEE_IMPORT_COLUMNS.length) {
    return {
      ok: false,
      nip: echoed,
      reason: `expected ${EMPLOYEE_IMPORT_COLUMNS.length} fields (${EMPLOYEE_IMPORT_HEADER}), found ${fields.length}`,
    };
  }
  const problems: string[] = [];
  for (let i = 0; i < fields.length; i++) {
    // PostgreSQL text cannot hold NUL; no field of ours has a use for it.
    if (fields[i].indexOf('\u0000') !== -1) problems.push(`${EMPLOYEE_IMPORT_COLUMNS[i]}: contains a NUL character`);
  }
  const checked = checkNip(nip, today);
  if (!checked.ok) problems.push(`nip: ${checked.reason}`);
  const name = fields[1].trim();
  if (name === '') problems.push('name: must not be empty');
  else if (name.length > MAX_NAME) problems.push(`name: must be at most ${MAX_NAME} characters`);
  const kind = fields[2].trim();
  if (kind !== 'PNS' && kind !== 'PPPK') problems.push('kind: must be PNS or PPPK');
  const agencyCode = fields[3].trim();
  const unitCode = fields[4].trim();
  const positionCode = fields[5].trim();
  code('agencyCode', agencyCode, problems);
  code('unitCode', unitCode, problems);
  code('positionCode', positionCode, problems);
  const email = fields[6].trim();
  if (email !== '' && (email.length > MAX_EMAIL || !EMAIL.test(email))) problems.push('email: is not a valid e-mail address');
  if (problems.length) return { ok: false, nip: echoed, reason: problems.join('; ') };
  return {
    ok: true,
    row: { nip, name, kind: kind as EmployeeKind, agencyCode, unitCode, positionCode, email: email === '' ? null : email },
  };
}
