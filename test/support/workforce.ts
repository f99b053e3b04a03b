import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Answer, Http, validNip } from './system';

/** A short random tag, so that several test files can share one database without colliding on business keys. */
export function tag(): string {
  return randomUUID().slice(0, 8).toUpperCase();
}

// ---------- the database, before and after ----------

/** The tables a Workforce request can write, with the columns that only a request changes. */
const WATCHED: Record<string, string> = {
  'workforce.agencies': 't.*',
  'workforce.org_units': 't.*',
  'workforce.positions': 't.*',
  'workforce.employees': 't.*',
  'workforce.users': 't.*',
  'audit.audit_log': 't.*',
  // published_at is the relay's business, not the request's.
  'messaging.outbox': 't.id, t.event_name, t.aggregate_id, t.payload, t.occurred_at',
};

export type DbSnapshot = Record<string, { rows: number; checksum: string }>;

/** Row counts and a checksum of every row of the watched tables. */
export async function snapshot(db: DataSource): Promise<DbSnapshot> {
  const result: DbSnapshot = {};
  for (const [table, columns] of Object.entries(WATCHED)) {
    const [row] = await db.query(
      `SELECT count(*)::int AS rows, coalesce(md5(string_agg(r::text, '|' ORDER BY r.id)), '') AS checksum
         FROM (SELECT ${columns} FROM ${table} t) r`,
    );
    result[table] = { rows: row.rows, checksum: row.checksum };
  }
  return result;
}

// ---------- problem+json ----------

export interface ProblemExpectation {
  /** Fields `errors` must name (400 validation answers). */
  fields?: string[];
  /** A pattern the message of each named field must match. */
  message?: RegExp;
  /** false for a 400 that is not about fields (e.g. malformed JSON): `errors` may be absent. */
  validation?: boolean;
}

/**
 * The mismatches between an answer and a problem+json answer of `status`
 * (an empty list when it is one): Content-Type, type/title/status/detail, and
 * `errors: [{field, message}]` for validation.
 */
export function problemMismatches(answer: Answer, status: number, expectation: ProblemExpectation = {}): string[] {
  const out: string[] = [];
  if (answer.status !== status) out.push(`status ${answer.status}, expected ${status}`);
  const contentType = answer.headers.get('content-type') ?? '';
  if (!/^application\/problem\+json\b/.test(contentType)) out.push(`content-type "${contentType}"`);
  const body = answer.body as Record<string, unknown> | undefined;
  if (!body || typeof body !== 'object') return [...out, 'the body is not JSON'];
  for (const key of ['type', 'title', 'detail']) {
    if (typeof body[key] !== 'string' || !(body[key] as string).length) out.push(`no ${key}`);
  }
  if (body.status !== answer.status) out.push(`body.status ${String(body.status)} differs from the HTTP status`);
  const validation = expectation.validation ?? status === 400;
  if (validation) {
    const errors = body.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) out.push('no errors[] for a validation problem');
    else {
      if (errors.some((e) => typeof e.field !== 'string' || typeof e.message !== 'string' || !e.message))
        out.push('an errors[] entry lacks field or message');
      for (const field of expectation.fields ?? []) {
        const named = errors.filter((e) => e.field === field);
        if (!named.length) out.push(`errors[] does not name ${field}`);
        else if (expectation.message && !named.some((e) => expectation.message!.test(String(e.message))))
          out.push(`no message for ${field} matches ${expectation.message}`);
      }
    }
  }
  return out;
}

export function expectProblem(answer: Answer, status: number, expectation: ProblemExpectation = {}): void {
  const mismatches = problemMismatches(answer, status, expectation);
  if (mismatches.length)
    throw new Error(`not a ${status} problem+json: ${mismatches.join('; ')}\n${answer.status} ${answer.text.slice(0, 1000)}`);
}

/** Every item of a list, following nextCursor. */
export async function listAll<T = any>(http: Http, path: string): Promise<T[]> {
  const items: T[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Answer = await http.get(`${path}${separator}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    if (answer.status !== 200) throw new Error(`GET ${path}: ${answer.status} ${answer.text}`);
    items.push(...answer.body.items);
    cursor = answer.body.nextCursor;
    if (!cursor) return items;
  }
  throw new Error(`GET ${path}: more than 1000 pages`);
}

// ---------- a small organisation ----------

export interface AgencyFixture {
  agency: any;
  rootUnit: any;
  childUnit: any;
  position: any;
  functionalPosition: any;
  employee: any;
  colleague: any;
  adminUser: any;
  adminEmail: string;
  employeeUser: any;
  employeeEmail: string;
  /** Signed in as the agency admin. */
  admin: Http;
  /** Signed in as the employee (`employee`). */
  asEmployee: Http;
}

export const PASSWORD = 'correct-horse-battery';

async function created(answer: Promise<Answer>, what: string): Promise<any> {
  const a = await answer;
  if (a.status !== 201) throw new Error(`creating ${what}: ${a.status} ${a.text}`);
  return a.body;
}

/** As a ministry admin: an agency with a unit tree, two positions, two employees, an agency admin and an employee user. */
export async function createAgency(ministry: Http, label: string): Promise<AgencyFixture> {
  const t = `${label}-${tag()}`;
  const agency = await created(ministry.post('/api/v1/agencies', { code: t, name: `Agency ${t}`, kind: 'AGENCY' }), 'agency');
  const units = `/api/v1/agencies/${agency.id}/units`;
  const rootUnit = await created(ministry.post(units, { code: 'ROOT', name: `Secretariat ${t}` }), 'root unit');
  const childUnit = await created(ministry.post(units, { code: 'HR', name: `HR bureau ${t}`, parentId: rootUnit.id }), 'child unit');
  const position = await created(
    ministry.post('/api/v1/positions', { code: `${t}-ANALYST`, name: `Analyst ${t}`, kind: 'PELAKSANA', agencyId: agency.id }),
    'position',
  );
  const functionalPosition = await created(
    ministry.post('/api/v1/positions', {
      code: `${t}-AUDITOR`,
      name: `Auditor ${t}`,
      kind: 'FUNGSIONAL',
      functionalGrade: 'AHLI_MUDA',
      agencyId: agency.id,
    }),
    'functional position',
  );
  const employee = await created(
    ministry.post('/api/v1/employees', {
      nip: validNip(),
      name: `Employee ${t}`,
      kind: 'PNS',
      agencyId: agency.id,
      unitId: childUnit.id,
      positionId: position.id,
      email: `employee.${t.toLowerCase()}@example.go.id`,
    }),
    'employee',
  );
  const colleague = await created(
    ministry.post('/api/v1/employees', {
      nip: validNip(),
      name: `Colleague ${t}`,
      kind: 'PPPK',
      agencyId: agency.id,
      unitId: rootUnit.id,
      positionId: functionalPosition.id,
    }),
    'colleague',
  );
  const adminEmail = `admin.${t.toLowerCase()}@example.go.id`;
  const adminUser = await created(
    ministry.post('/api/v1/users', { email: adminEmail, password: PASSWORD, role: 'AGENCY_ADMIN', agencyId: agency.id }),
    'agency admin',
  );
  const employeeEmail = `user.${t.toLowerCase()}@example.go.id`;
  const employeeUser = await created(
    ministry.post('/api/v1/users', { email: employeeEmail, password: PASSWORD, role: 'EMPLOYEE', employeeId: employee.id }),
    'employee user',
  );
  const admin = await ministry.signIn(adminEmail, PASSWORD);
  const asEmployee = await ministry.signIn(employeeEmail, PASSWORD);
  return {
    agency,
    rootUnit,
    childUnit,
    position,
    functionalPosition,
    employee,
    colleague,
    adminUser,
    adminEmail,
    employeeUser,
    employeeEmail,
    admin,
    asEmployee,
  };
}
