import { isDeepStrictEqual } from 'node:util';
import { ADMIN, Http, RunningSystem, startSystem, validNip } from './support/system';
import {
  AgencyFixture,
  createAgency,
  DbSnapshot,
  PASSWORD,
  ProblemExpectation,
  problemMismatches,
  snapshot,
  tag,
} from './support/workforce';

/**
 * Bad input over HTTP, for every Workforce endpoint: each bad request gets a
 * 4xx application/problem+json answer (type, title, status, detail, and
 * errors[{field, message}] for validation), and leaves the workforce tables,
 * the audit log and the outbox exactly as they were.
 */

type Who = 'ministry' | 'agencyAdmin' | 'employee' | 'anonymous' | 'forged';

interface Case extends ProblemExpectation {
  label: string;
  method: string;
  path: string;
  /** An object (sent as JSON) or a raw string (sent as is). */
  body?: unknown;
  headers?: Record<string, string>;
  as?: Who;
  status: number;
}

const MISSING_ID = '00000000-0000-4000-8000-000000000000';
const ONE_MB = 1024 * 1024;

/** Ids that are not UUIDs, in a path or a query string. */
const MALFORMED_IDS = [
  'abc',
  '123',
  'not-a-uuid',
  '00000000-0000-4000-8000-0000000000000',
  '00000000000040008000000000000000',
  '{00000000-0000-4000-8000-000000000000}',
  'zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz',
  "' OR '1'='1",
  '%00',
  'null',
];

const WRONG = {
  code: [123, true, null, [], {}, '', '   ', 'has space', 'x'.repeat(51), '-leading-dash', 'ünïcode', 'a/b'],
  name: [123, false, null, [], { text: 'x' }, '', '   ', 'x'.repeat(201)],
  uuid: ['abc', 123, null, '', 'not-a-uuid', `${MISSING_ID}0`, [MISSING_ID], { id: MISSING_ID }],
  nullableUuid: ['abc', 123, '', 'not-a-uuid', `${MISSING_ID}0`, [MISSING_ID]],
  version: ['1', 0, -1, 1.5, 2_147_483_648, 1e20, null, true, [], {}, 'latest'],
  email: ['not-an-email', 'a@', '@b.go.id', 123, null, [], `${'x'.repeat(320)}@example.go.id`],
  password: ['short', '123456789', 123456789012, null, [], 'x'.repeat(201)],
};
const wrongEnum = (valid: string) => [valid.toLowerCase(), 'PLANET', '', 1, null, [valid], { kind: valid }];

/** A body of more than 1 MB that is otherwise well-formed JSON. */
function oversized(valid: Record<string, unknown>): string {
  const [first] = Object.keys(valid);
  return JSON.stringify({ ...valid, [first]: 'x'.repeat(ONE_MB + 10) });
}

/** `{"deeper":{"deeper":…"bottom"…}}` as JSON text (too deep for JSON.stringify's recursion). */
function nestedJson(depth: number): string {
  return '{"deeper":'.repeat(depth) + '"bottom"' + '}'.repeat(depth);
}

/** What every JSON-body endpoint must refuse, whatever its fields. */
function bodyCases(
  method: string,
  path: string,
  valid: Record<string, unknown>,
  options: { required: string[]; text: string; as?: Who },
): Case[] {
  const as = options.as ?? 'ministry';
  const base = { method, path, as };
  const cases: Case[] = [
    { ...base, label: 'truncated JSON', body: JSON.stringify(valid).slice(0, -5), status: 400, validation: false },
    { ...base, label: 'single-quoted JSON', body: JSON.stringify(valid).replace(/"/g, "'"), status: 400, validation: false },
    { ...base, label: 'unquoted keys', body: `{version: 1}`, status: 400, validation: false },
    { ...base, label: 'trailing comma', body: JSON.stringify(valid).replace(/}$/, ',}'), status: 400, validation: false },
    { ...base, label: 'JSON null', body: 'null', status: 400, validation: false },
    { ...base, label: 'a JSON string', body: '"text"', status: 400, validation: false },
    { ...base, label: 'a JSON number', body: '42', status: 400, validation: false },
    { ...base, label: 'a JSON array', body: [valid], status: 400, validation: false },
    { ...base, label: 'not JSON at all', body: 'code=X&name=Y', status: 400, validation: false },
    {
      ...base,
      label: 'an unsupported charset',
      body: JSON.stringify(valid),
      headers: { 'content-type': 'application/json; charset=latin1' },
      status: 415,
    },
    {
      ...base,
      label: 'an unknown content encoding',
      body: JSON.stringify(valid),
      headers: { 'content-type': 'application/json', 'content-encoding': 'br2' },
      status: 415,
    },
    { ...base, label: 'a body over 1 MB', body: oversized(valid), status: 413 },
    {
      ...base,
      label: 'a body over 1 MB, declared chunked',
      body: oversized(valid),
      headers: { 'content-type': 'application/json', 'x-test': 'chunked' },
      status: 413,
    },
    { ...base, label: 'an empty object', body: {}, status: 400, fields: options.required },
    { ...base, label: 'an unknown field', body: { ...valid, unexpected: 1 }, status: 400, fields: ['unexpected'] },
    { ...base, label: 'unknown fields only', body: { foo: 1, bar: 'x' }, status: 400, fields: ['foo', 'bar', ...options.required] },
    {
      ...base,
      label: 'a __proto__ field',
      body: `{"__proto__":{"role":"MINISTRY_ADMIN"},${JSON.stringify(valid).slice(1)}`,
      status: 400,
      fields: ['__proto__'],
    },
    {
      ...base,
      label: 'a constructor field',
      body: { ...valid, constructor: { prototype: { x: 1 } } },
      status: 400,
      fields: ['constructor'],
    },
    { ...base, label: 'deep nesting', body: `${JSON.stringify(valid).slice(0, -1)},"deep":${nestedJson(5000)}}`, status: 400 },
    {
      ...base,
      label: 'deep nesting of arrays',
      body: `${JSON.stringify(valid).slice(0, -1)},"deep":${'['.repeat(100_000)}${']'.repeat(100_000)}}`,
      status: 400,
    },
    {
      ...base,
      label: `a NUL character in ${options.text}`,
      body: { ...valid, [options.text]: `bad\u0000value` },
      status: 400,
      fields: [options.text],
    },
    { ...base, label: 'no token', as: 'anonymous', body: valid, status: 401, validation: false },
    { ...base, label: 'a forged token', as: 'forged', body: valid, status: 401, validation: false },
  ];
  for (const field of options.required) {
    const without = { ...valid };
    delete without[field];
    cases.push({ ...base, label: `without ${field}`, body: without, status: 400, fields: [field] });
  }
  return cases;
}

/** Wrong values of each field, each alone in an otherwise valid body. */
function fieldCases(
  method: string,
  path: string,
  valid: Record<string, unknown>,
  wrong: Record<string, unknown[]>,
  as: Who = 'ministry',
): Case[] {
  return Object.entries(wrong).flatMap(([field, values]) =>
    values.map((value) => ({
      label: `${field} = ${JSON.stringify(value)?.slice(0, 40)}`,
      method,
      path,
      as,
      body: { ...valid, [field]: value },
      status: 400,
      fields: [field],
    })),
  );
}

/** What every list endpoint must refuse in its query string. */
function listCases(path: string, extra: Record<string, string[]> = {}, as: Who = 'ministry'): Case[] {
  const q = (query: string) => `${path}${path.includes('?') ? '&' : '?'}${query}`;
  const cases: Case[] = [
    { label: 'limit=0', method: 'GET', path: q('limit=0'), as, status: 400, fields: ['limit'] },
    { label: 'limit=501', method: 'GET', path: q('limit=501'), as, status: 400, fields: ['limit'] },
    { label: 'limit=-1', method: 'GET', path: q('limit=-1'), as, status: 400, fields: ['limit'] },
    { label: 'limit=1.5', method: 'GET', path: q('limit=1.5'), as, status: 400, fields: ['limit'] },
    { label: 'limit=ten', method: 'GET', path: q('limit=ten'), as, status: 400, fields: ['limit'] },
    { label: 'limit=1e9', method: 'GET', path: q('limit=1e9'), as, status: 400, fields: ['limit'] },
    { label: 'limit twice', method: 'GET', path: q('limit=1&limit=2'), as, status: 400, fields: ['limit'] },
    { label: 'cursor not base64', method: 'GET', path: q('cursor=%25%25%25'), as, status: 400, fields: ['cursor'] },
    { label: 'cursor of garbage', method: 'GET', path: q('cursor=nonsense'), as, status: 400, fields: ['cursor'] },
    {
      label: 'cursor of a non-id',
      method: 'GET',
      path: q(`cursor=${Buffer.from('1 OR 1=1').toString('base64url')}`),
      as,
      status: 400,
      fields: ['cursor'],
    },
    { label: 'cursor too long', method: 'GET', path: q(`cursor=${'A'.repeat(201)}`), as, status: 400, fields: ['cursor'] },
    { label: 'cursor twice', method: 'GET', path: q('cursor=a&cursor=b'), as, status: 400, fields: ['cursor'] },
    { label: 'includeRetired=yes', method: 'GET', path: q('includeRetired=yes'), as, status: 400, fields: ['includeRetired'] },
    { label: 'an unknown parameter', method: 'GET', path: q('colour=blue'), as, status: 400, fields: ['colour'] },
    { label: 'a __proto__ parameter', method: 'GET', path: q('__proto__=1'), as, status: 400, fields: ['__proto__'] },
    { label: 'no token', method: 'GET', path, as: 'anonymous', status: 401, validation: false },
    { label: 'a forged token', method: 'GET', path, as: 'forged', status: 401, validation: false },
  ];
  for (const [param, values] of Object.entries(extra)) {
    for (const value of values) {
      cases.push({
        label: `${param}=${value.slice(0, 40)}`,
        method: 'GET',
        path: q(`${param}=${value}`),
        as,
        status: 400,
        fields: [param],
      });
    }
  }
  return cases;
}

/** A GET of one record: malformed ids, an unknown id, no token. */
function getCases(prefix: string, suffix = '', as: Who = 'ministry'): Case[] {
  return [
    ...MALFORMED_IDS.map((id) => ({
      label: `id ${id}`,
      method: 'GET',
      path: `${prefix}/${encodeURIComponent(id).replace('%2500', '%00')}${suffix}`,
      as,
      status: 400,
      fields: ['id'],
    })),
    { label: 'an unknown id', method: 'GET', path: `${prefix}/${MISSING_ID}${suffix}`, as, status: 404, validation: false },
    { label: 'no token', method: 'GET', path: `${prefix}/${MISSING_ID}${suffix}`, as: 'anonymous', status: 401, validation: false },
  ];
}

/** A write to one record: malformed ids and an unknown id, with an otherwise valid body. */
function idCases(method: string, prefix: string, suffix: string, valid: Record<string, unknown>, as: Who = 'ministry'): Case[] {
  return [
    ...MALFORMED_IDS.slice(0, 4).map((id) => ({
      label: `id ${id}`,
      method,
      path: `${prefix}/${encodeURIComponent(id)}${suffix}`,
      as,
      body: valid,
      status: 400,
      fields: ['id'],
    })),
    { label: 'an unknown id', method, path: `${prefix}/${MISSING_ID}${suffix}`, as, body: valid, status: 404, validation: false },
  ];
}

describe('Workforce bad input', () => {
  let system: RunningSystem;
  let clients: Record<Who, Http>;
  let a: AgencyFixture;
  let b: AgencyFixture;
  let current: { agency: any; unit: any; root: any; position: any; employee: any; user: any; assessor: any };
  let ministryAdminId: string;

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    const ministry = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    a = await createAgency(ministry, 'BAD-A');
    b = await createAgency(ministry, 'BAD-B');
    clients = {
      ministry,
      agencyAdmin: a.admin,
      employee: a.asEmployee,
      anonymous: new Http(system.url),
      forged: new Http(system.url, `${ministry.token!.split('.').slice(0, 2).join('.')}.forged-signature`),
    };
    // One good change of each record, so that version 1 is stale.
    const touch = async (path: string, version: number, body: Record<string, unknown>) => {
      const answer = await ministry.patch(path, { version, ...body });
      if (answer.status !== 200) throw new Error(`PATCH ${path}: ${answer.status} ${answer.text}`);
      expect(answer.body.version).toBe(version + 1);
      return answer.body;
    };
    const assessorEmail = `assessor.${tag().toLowerCase()}@example.go.id`;
    const assessor = await ministry.post('/api/v1/users', {
      email: assessorEmail,
      password: PASSWORD,
      role: 'ASSESSOR',
      assessorAgencyIds: [a.agency.id],
    });
    current = {
      agency: await touch(`/api/v1/agencies/${a.agency.id}`, a.agency.version, { name: `${a.agency.name} (renamed)` }),
      unit: await touch(`/api/v1/units/${a.childUnit.id}`, a.childUnit.version, { name: `${a.childUnit.name} (renamed)` }),
      root: await touch(`/api/v1/units/${a.rootUnit.id}`, a.rootUnit.version, { name: `${a.rootUnit.name} (renamed)` }),
      position: await touch(`/api/v1/positions/${a.position.id}`, a.position.version, { name: `${a.position.name} (renamed)` }),
      employee: await touch(`/api/v1/employees/${a.employee.id}`, a.employee.version, { name: `${a.employee.name} (renamed)` }),
      user: await touch(`/api/v1/users/${a.employeeUser.id}`, a.employeeUser.version, { password: 'another-password-123' }),
      assessor: assessor.body,
    };
    const me = await ministry.get(`/api/v1/users?email=${encodeURIComponent(ADMIN.email)}`);
    ministryAdminId = me.body.items[0].id;
  });
  afterAll(() => system.close());

  function describeChange(before: DbSnapshot, after: DbSnapshot): string {
    return Object.keys(before)
      .filter((table) => !isDeepStrictEqual(before[table], after[table]))
      .map((table) => `${table} ${before[table].rows}→${after[table].rows} rows`)
      .join(', ');
  }

  async function send(c: Case) {
    const client = clients[c.as ?? 'ministry'];
    const headers = { ...(c.headers ?? {}) };
    if (headers['x-test'] === 'chunked') {
      // A streamed body: no Content-Length for the parser to refuse up front.
      delete headers['x-test'];
      const text = c.body as string;
      const stream = new ReadableStream({
        start(controller) {
          for (let i = 0; i < text.length; i += 65536) controller.enqueue(new TextEncoder().encode(text.slice(i, i + 65536)));
          controller.close();
        },
      });
      const response = await fetch(client.baseUrl + c.path, {
        method: c.method,
        headers: { ...headers, authorization: `Bearer ${client.token}` },
        body: stream,
        duplex: 'half',
      } as RequestInit);
      const responseText = await response.text();
      let parsed: unknown = responseText;
      try {
        parsed = JSON.parse(responseText);
      } catch {
        /* not JSON */
      }
      return { status: response.status, headers: response.headers, text: responseText, body: parsed };
    }
    return client.request(c.method, c.path, c.body, headers);
  }

  /** Sends each case; collects every way it falls short, so that one run shows them all. */
  async function expectRefused(cases: Case[]): Promise<void> {
    const failures: string[] = [];
    for (const c of cases) {
      const before = await snapshot(system.db);
      const answer = await send(c);
      const mismatches = problemMismatches(answer, c.status, c);
      if (answer.status >= 500) mismatches.unshift('a 5xx for a client mistake');
      const after = await snapshot(system.db);
      if (!isDeepStrictEqual(before, after)) mismatches.push(`the database changed: ${describeChange(before, after)}`);
      if (mismatches.length)
        failures.push(
          `${c.label} [${c.as ?? 'ministry'} ${c.method} ${c.path.slice(0, 120)}]: ${mismatches.join('; ')}\n    → ${answer.status} ${answer.text.slice(0, 300)}`,
        );
    }
    expect(failures).toEqual([]);
  }

  // ---------- agencies ----------
  describe('agencies', () => {
    it('POST /agencies', async () => {
      const valid = { code: `NEW-${tag()}`, name: 'A new agency', kind: 'AGENCY' };
      const path = '/api/v1/agencies';
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['code', 'name', 'kind'], text: 'name' }),
        ...fieldCases('POST', path, valid, { code: WRONG.code, name: WRONG.name, kind: wrongEnum('AGENCY') }),
        { label: 'a duplicate code', method: 'POST', path, body: { ...valid, code: a.agency.code }, status: 409, validation: false },
        {
          label: 'a duplicate code, other fields differ',
          method: 'POST',
          path,
          body: { code: b.agency.code, name: 'Other', kind: 'CITY' },
          status: 409,
          validation: false,
        },
        { label: 'as an agency admin', method: 'POST', path, as: 'agencyAdmin', body: valid, status: 403, validation: false },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('GET /agencies', async () => {
      await expectRefused(listCases('/api/v1/agencies', { kind: ['PLANET', 'agency'], code: ['x'.repeat(51), '%00', 'a&code=b'] }));
    });

    it('GET /agencies/{id}', async () => {
      await expectRefused(getCases('/api/v1/agencies'));
    });

    it('PATCH /agencies/{id}', async () => {
      const path = `/api/v1/agencies/${a.agency.id}`;
      const valid = { version: current.agency.version, name: 'Renamed again' };
      await expectRefused([
        ...bodyCases('PATCH', path, valid, { required: ['version'], text: 'name' }),
        ...fieldCases('PATCH', path, valid, { version: WRONG.version, name: WRONG.name, kind: wrongEnum('CITY') }),
        ...idCases('PATCH', '/api/v1/agencies', '', valid),
        { label: 'the immutable code', method: 'PATCH', path, body: { ...valid, code: 'NEWCODE' }, status: 400, fields: ['code'] },
        {
          label: 'a stale version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.agency.version - 1 },
          status: 409,
          validation: false,
        },
        {
          label: 'a future version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.agency.version + 1 },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'PATCH', path, as: 'employee', body: valid, status: 403, validation: false },
        {
          label: 'another agency, as an agency admin',
          method: 'PATCH',
          path: `/api/v1/agencies/${b.agency.id}`,
          as: 'agencyAdmin',
          body: { version: 1 },
          status: 404,
          validation: false,
        },
      ]);
    });

    it('POST /agencies/{id}/retire', async () => {
      const path = `/api/v1/agencies/${a.agency.id}/retire`;
      const valid = { version: current.agency.version };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['version'], text: 'version' }).filter((c) => !c.label.startsWith('a NUL')),
        { label: 'a NUL character', method: 'POST', path, body: { version: 'v\u00001' }, status: 400, fields: ['version'] },
        ...fieldCases('POST', path, valid, { version: WRONG.version }),
        ...idCases('POST', '/api/v1/agencies', '/retire', valid),
        { label: 'a stale version', method: 'POST', path, body: { version: current.agency.version - 1 }, status: 409, validation: false },
        { label: 'as its own agency admin', method: 'POST', path, as: 'agencyAdmin', body: valid, status: 403, validation: false },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });
  });

  // ---------- org units ----------
  describe('org units', () => {
    it('POST /agencies/{id}/units', async () => {
      const path = `/api/v1/agencies/${a.agency.id}/units`;
      const valid = { code: `U-${tag()}`, name: 'A new unit', parentId: a.rootUnit.id };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['code', 'name'], text: 'name' }),
        ...fieldCases('POST', path, valid, { code: WRONG.code, name: WRONG.name, parentId: WRONG.nullableUuid }),
        ...idCases('POST', '/api/v1/agencies', '/units', valid),
        {
          label: 'a parent that does not exist',
          method: 'POST',
          path,
          body: { ...valid, parentId: MISSING_ID },
          status: 400,
          fields: ['parentId'],
        },
        {
          label: 'a parent in another agency',
          method: 'POST',
          path,
          body: { ...valid, parentId: b.rootUnit.id },
          status: 400,
          fields: ['parentId'],
        },
        {
          label: 'a duplicate code in the agency',
          method: 'POST',
          path,
          body: { ...valid, code: a.rootUnit.code },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
        {
          label: 'another agency, as an agency admin',
          method: 'POST',
          path: `/api/v1/agencies/${b.agency.id}/units`,
          as: 'agencyAdmin',
          body: valid,
          status: 404,
          validation: false,
        },
      ]);
    });

    it('GET /agencies/{id}/units', async () => {
      await expectRefused([
        ...listCases(`/api/v1/agencies/${a.agency.id}/units`, { parentId: MALFORMED_IDS.slice(0, 4), code: ['x'.repeat(51)] }),
        ...getCases('/api/v1/agencies', '/units'),
      ]);
    });

    it('GET /agencies/{id}/units/tree', async () => {
      await expectRefused([
        ...getCases('/api/v1/agencies', '/units/tree'),
        {
          label: 'another agency, as an agency admin',
          method: 'GET',
          path: `/api/v1/agencies/${b.agency.id}/units/tree`,
          as: 'agencyAdmin',
          status: 404,
          validation: false,
        },
      ]);
    });

    it('GET /units/{id}', async () => {
      await expectRefused(getCases('/api/v1/units'));
    });

    it('PATCH /units/{id}', async () => {
      const path = `/api/v1/units/${a.childUnit.id}`;
      const valid = { version: current.unit.version, name: 'Renamed unit' };
      await expectRefused([
        ...bodyCases('PATCH', path, valid, { required: ['version'], text: 'name' }),
        ...fieldCases('PATCH', path, valid, { version: WRONG.version, name: WRONG.name, parentId: WRONG.nullableUuid }),
        ...idCases('PATCH', '/api/v1/units', '', valid),
        {
          label: 'itself as parent',
          method: 'PATCH',
          path,
          body: { ...valid, parentId: a.childUnit.id },
          status: 400,
          fields: ['parentId'],
        },
        {
          label: 'its child as parent (a cycle)',
          method: 'PATCH',
          path: `/api/v1/units/${a.rootUnit.id}`,
          body: { version: current.root.version, parentId: a.childUnit.id },
          status: 400,
          fields: ['parentId'],
        },
        {
          label: 'a parent in another agency',
          method: 'PATCH',
          path,
          body: { ...valid, parentId: b.rootUnit.id },
          status: 400,
          fields: ['parentId'],
        },
        {
          label: 'a parent that does not exist',
          method: 'PATCH',
          path,
          body: { ...valid, parentId: MISSING_ID },
          status: 400,
          fields: ['parentId'],
        },
        { label: 'the immutable code', method: 'PATCH', path, body: { ...valid, code: 'NEW' }, status: 400, fields: ['code'] },
        { label: 'the agency', method: 'PATCH', path, body: { ...valid, agencyId: b.agency.id }, status: 400, fields: ['agencyId'] },
        {
          label: 'a stale version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.unit.version - 1 },
          status: 409,
          validation: false,
        },
        {
          label: 'a future version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.unit.version + 1 },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'PATCH', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('POST /units/{id}/retire', async () => {
      const path = `/api/v1/units/${a.childUnit.id}/retire`;
      const valid = { version: current.unit.version };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['version'], text: 'version' }).filter((c) => !c.label.startsWith('a NUL')),
        ...fieldCases('POST', path, valid, { version: WRONG.version }),
        ...idCases('POST', '/api/v1/units', '/retire', valid),
        { label: 'a stale version', method: 'POST', path, body: { version: current.unit.version - 1 }, status: 409, validation: false },
        { label: 'a unit that still has employees', method: 'POST', path, body: valid, status: 409, validation: false },
        {
          label: 'a unit that still has sub-units',
          method: 'POST',
          path: `/api/v1/units/${a.rootUnit.id}/retire`,
          body: { version: current.root.version },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });
  });

  // ---------- positions ----------
  describe('positions', () => {
    it('POST /positions', async () => {
      const path = '/api/v1/positions';
      const valid = { code: `P-${tag()}`, name: 'A new position', kind: 'PELAKSANA', agencyId: a.agency.id };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['code', 'name', 'kind', 'agencyId'], text: 'name' }),
        ...fieldCases('POST', path, valid, { code: WRONG.code, name: WRONG.name, kind: wrongEnum('PELAKSANA'), agencyId: WRONG.uuid }),
        ...fieldCases('POST', path, { ...valid, kind: 'FUNGSIONAL' }, { functionalGrade: ['ahli_muda', 'EXPERT', 1, [], {}] }),
        {
          label: 'FUNGSIONAL without a grade',
          method: 'POST',
          path,
          body: { ...valid, kind: 'FUNGSIONAL' },
          status: 400,
          fields: ['functionalGrade'],
        },
        {
          label: 'FUNGSIONAL with a null grade',
          method: 'POST',
          path,
          body: { ...valid, kind: 'FUNGSIONAL', functionalGrade: null },
          status: 400,
          fields: ['functionalGrade'],
        },
        {
          label: 'a grade on a PELAKSANA',
          method: 'POST',
          path,
          body: { ...valid, functionalGrade: 'AHLI_MUDA' },
          status: 400,
          fields: ['functionalGrade'],
        },
        {
          label: 'an agency that does not exist',
          method: 'POST',
          path,
          body: { ...valid, agencyId: MISSING_ID },
          status: 404,
          validation: false,
        },
        { label: 'a duplicate code', method: 'POST', path, body: { ...valid, code: a.position.code }, status: 409, validation: false },
        {
          label: 'a duplicate code of another agency',
          method: 'POST',
          path,
          body: { ...valid, code: b.position.code },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
        {
          label: 'another agency, as an agency admin',
          method: 'POST',
          path,
          as: 'agencyAdmin',
          body: { ...valid, agencyId: b.agency.id },
          status: 404,
          validation: false,
        },
      ]);
    });

    it('GET /positions', async () => {
      await expectRefused(
        listCases('/api/v1/positions', { agencyId: MALFORMED_IDS.slice(0, 4), kind: ['PLANET'], code: ['x'.repeat(51)] }),
      );
    });

    it('GET /positions/{id}', async () => {
      await expectRefused(getCases('/api/v1/positions'));
    });

    it('PATCH /positions/{id}', async () => {
      const path = `/api/v1/positions/${a.position.id}`;
      const valid = { version: current.position.version, name: 'Renamed position' };
      await expectRefused([
        ...bodyCases('PATCH', path, valid, { required: ['version'], text: 'name' }),
        ...fieldCases('PATCH', path, valid, {
          version: WRONG.version,
          name: WRONG.name,
          kind: wrongEnum('PENGAWAS'),
          functionalGrade: ['EXPERT', 1, []],
        }),
        ...idCases('PATCH', '/api/v1/positions', '', valid),
        {
          label: 'FUNGSIONAL without a grade',
          method: 'PATCH',
          path,
          body: { ...valid, kind: 'FUNGSIONAL' },
          status: 400,
          fields: ['functionalGrade'],
        },
        {
          label: 'a grade on a PELAKSANA',
          method: 'PATCH',
          path,
          body: { ...valid, functionalGrade: 'MAHIR' },
          status: 400,
          fields: ['functionalGrade'],
        },
        {
          label: 'removing the grade of a FUNGSIONAL',
          method: 'PATCH',
          path: `/api/v1/positions/${a.functionalPosition.id}`,
          body: { version: a.functionalPosition.version, functionalGrade: null },
          status: 400,
          fields: ['functionalGrade'],
        },
        { label: 'the immutable code', method: 'PATCH', path, body: { ...valid, code: 'NEW' }, status: 400, fields: ['code'] },
        { label: 'the agency', method: 'PATCH', path, body: { ...valid, agencyId: b.agency.id }, status: 400, fields: ['agencyId'] },
        {
          label: 'a stale version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.position.version - 1 },
          status: 409,
          validation: false,
        },
        { label: 'as an employee', method: 'PATCH', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('POST /positions/{id}/retire', async () => {
      const path = `/api/v1/positions/${a.position.id}/retire`;
      const valid = { version: current.position.version };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['version'], text: 'version' }).filter((c) => !c.label.startsWith('a NUL')),
        ...fieldCases('POST', path, valid, { version: WRONG.version }),
        ...idCases('POST', '/api/v1/positions', '/retire', valid),
        { label: 'a stale version', method: 'POST', path, body: { version: current.position.version - 1 }, status: 409, validation: false },
        { label: 'a position still held', method: 'POST', path, body: valid, status: 409, validation: false },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });
  });

  // ---------- employees ----------
  describe('employees', () => {
    const nipCases = (path: string, valid: Record<string, unknown>): Case[] =>
      (
        [
          ['17 digits', '19850315201001100', /18 digits/],
          ['19 digits', '1985031520100110011', /18 digits/],
          ['a letter', '19850315201001100X', /18 digits/],
          ['dashes', '19850315-201001-1-001', /18 digits/],
          ['empty', '', /18 digits/],
          ['a number', 198503152010011001, /string/],
          ['null', null, /string/],
          ['month 13 of birth', '198513152010011001', /digits 1-8.*birth date/],
          ['30 February', '198502302010011001', /digits 1-8.*birth date/],
          ['29 February of a common year', '198502292010011001', /digits 1-8.*birth date/],
          ['a birth in the future', '209901012010011001', /digits 1-8.*birth date/],
          ['appointment month 00', '198503152010001001', /digits 9-14.*year and month/],
          ['appointment month 13', '198503152010131001', /digits 9-14.*year and month/],
          ['appointment year 0000', '198503150000011001', /digits 9-14.*year and month/],
          ['appointment before birth', '198503151980011001', /digits 9-14.*cannot precede/],
          ['sex digit 0', '198503152010010001', /digit 15.*1.*2/],
          ['sex digit 3', '198503152010013001', /digit 15.*1.*2/],
        ] as [string, unknown, RegExp][]
      ).map(([label, nip, message]) => ({
        label: `NIP: ${label}`,
        method: 'POST',
        path,
        body: { ...valid, nip },
        status: 400,
        fields: ['nip'],
        message,
      }));

    it('POST /employees', async () => {
      const path = '/api/v1/employees';
      const valid = {
        nip: validNip(),
        name: 'A new employee',
        kind: 'PNS',
        agencyId: a.agency.id,
        unitId: a.rootUnit.id,
        positionId: a.position.id,
        email: 'new@example.go.id',
      };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['nip', 'name', 'kind', 'agencyId', 'unitId', 'positionId'], text: 'name' }),
        ...nipCases(path, valid),
        ...fieldCases('POST', path, valid, {
          name: WRONG.name,
          kind: wrongEnum('PNS'),
          agencyId: WRONG.uuid,
          unitId: WRONG.uuid,
          positionId: WRONG.uuid,
          email: WRONG.email.filter((e) => e !== null),
        }),
        { label: 'a duplicate NIP', method: 'POST', path, body: { ...valid, nip: a.employee.nip }, status: 409, validation: false },
        {
          label: 'a duplicate NIP of another agency',
          method: 'POST',
          path,
          body: { ...valid, nip: b.colleague.nip },
          status: 409,
          validation: false,
        },
        {
          label: 'a unit of another agency',
          method: 'POST',
          path,
          body: { ...valid, unitId: b.rootUnit.id },
          status: 400,
          fields: ['unitId'],
        },
        {
          label: 'a position of another agency',
          method: 'POST',
          path,
          body: { ...valid, positionId: b.position.id },
          status: 400,
          fields: ['positionId'],
        },
        {
          label: 'a unit that does not exist',
          method: 'POST',
          path,
          body: { ...valid, unitId: MISSING_ID },
          status: 400,
          fields: ['unitId'],
        },
        {
          label: 'an agency that does not exist',
          method: 'POST',
          path,
          body: { ...valid, agencyId: MISSING_ID },
          status: 400,
          fields: ['agencyId'],
        },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
        {
          label: 'another agency, as an agency admin',
          method: 'POST',
          path,
          as: 'agencyAdmin',
          body: { ...valid, agencyId: b.agency.id, unitId: b.rootUnit.id, positionId: b.position.id },
          status: 404,
          validation: false,
        },
      ]);
    });

    it('GET /employees', async () => {
      await expectRefused(
        listCases('/api/v1/employees', {
          agencyId: MALFORMED_IDS.slice(0, 4),
          unitId: ['abc'],
          positionId: ['abc'],
          kind: ['pns', 'ASN'],
          nip: ['1'.repeat(19), '%00'],
          name: ['x'.repeat(201)],
        }),
      );
    });

    it('GET /employees/{id}', async () => {
      await expectRefused(getCases('/api/v1/employees'));
    });

    it('PATCH /employees/{id}', async () => {
      const path = `/api/v1/employees/${a.employee.id}`;
      const valid = { version: current.employee.version, name: 'Renamed employee' };
      await expectRefused([
        ...bodyCases('PATCH', path, valid, { required: ['version'], text: 'name' }),
        ...fieldCases('PATCH', path, valid, {
          version: WRONG.version,
          name: WRONG.name,
          kind: wrongEnum('PPPK'),
          unitId: WRONG.uuid,
          positionId: WRONG.uuid,
          email: WRONG.email.filter((e) => e !== null),
        }),
        ...idCases('PATCH', '/api/v1/employees', '', valid),
        { label: 'the immutable NIP', method: 'PATCH', path, body: { ...valid, nip: validNip() }, status: 400, fields: ['nip'] },
        { label: 'the agency', method: 'PATCH', path, body: { ...valid, agencyId: b.agency.id }, status: 400, fields: ['agencyId'] },
        {
          label: 'a unit of another agency',
          method: 'PATCH',
          path,
          body: { ...valid, unitId: b.rootUnit.id },
          status: 400,
          fields: ['unitId'],
        },
        {
          label: 'a position of another agency',
          method: 'PATCH',
          path,
          body: { ...valid, positionId: b.position.id },
          status: 400,
          fields: ['positionId'],
        },
        {
          label: 'a stale version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.employee.version - 1 },
          status: 409,
          validation: false,
        },
        {
          label: 'a future version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.employee.version + 1 },
          status: 409,
          validation: false,
        },
        {
          label: 'a stale version, moving position',
          method: 'PATCH',
          path,
          body: { version: 1, positionId: a.functionalPosition.id },
          status: 409,
          validation: false,
        },
        { label: 'as an employee, their own record', method: 'PATCH', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('POST /employees/{id}/retire', async () => {
      const path = `/api/v1/employees/${a.employee.id}/retire`;
      const valid = { version: current.employee.version };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['version'], text: 'version' }).filter((c) => !c.label.startsWith('a NUL')),
        ...fieldCases('POST', path, valid, { version: WRONG.version }),
        ...idCases('POST', '/api/v1/employees', '/retire', valid),
        { label: 'a stale version', method: 'POST', path, body: { version: current.employee.version - 1 }, status: 409, validation: false },
        { label: 'as an employee, themself', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });
  });

  // ---------- users ----------
  describe('users', () => {
    it('POST /users', async () => {
      const path = '/api/v1/users';
      const valid = { email: `new.${tag().toLowerCase()}@example.go.id`, password: PASSWORD, role: 'EMPLOYEE', employeeId: a.colleague.id };
      const adminBody = {
        email: `new.${tag().toLowerCase()}@example.go.id`,
        password: PASSWORD,
        role: 'AGENCY_ADMIN',
        agencyId: a.agency.id,
      };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['email', 'password', 'role'], text: 'password' }),
        ...fieldCases('POST', path, valid, {
          email: WRONG.email,
          password: WRONG.password,
          role: ['ROOT', 'SYSTEM', 'employee', 'Employee', '', 1, null, ['EMPLOYEE']],
          employeeId: WRONG.nullableUuid,
          agencyId: WRONG.nullableUuid,
          assessorAgencyIds: ['abc', [MISSING_ID.slice(1)], [1], {}, Array.from({ length: 1001 }, () => a.agency.id)],
        }),
        {
          label: 'an AGENCY_ADMIN without an agency',
          method: 'POST',
          path,
          body: { ...adminBody, agencyId: undefined },
          status: 400,
          fields: ['agencyId'],
        },
        {
          label: 'an EMPLOYEE without an employee',
          method: 'POST',
          path,
          body: { ...valid, employeeId: null },
          status: 400,
          fields: ['employeeId'],
        },
        {
          label: 'an EMPLOYEE of an employee that does not exist',
          method: 'POST',
          path,
          body: { ...valid, employeeId: MISSING_ID },
          status: 404,
          validation: false,
        },
        {
          label: 'an EMPLOYEE with another agency',
          method: 'POST',
          path,
          body: { ...valid, agencyId: b.agency.id },
          status: 400,
          fields: ['agencyId'],
        },
        {
          label: 'an AGENCY_ADMIN of an agency that does not exist',
          method: 'POST',
          path,
          body: { ...adminBody, agencyId: MISSING_ID },
          status: 404,
          validation: false,
        },
        {
          label: 'an AGENCY_ADMIN linked to an employee that does not exist',
          method: 'POST',
          path,
          body: { ...adminBody, employeeId: MISSING_ID },
          status: 404,
          validation: false,
        },
        {
          label: 'an AGENCY_ADMIN linked to another agency’s employee',
          method: 'POST',
          path,
          body: { ...adminBody, employeeId: b.colleague.id },
          status: 400,
          fields: ['employeeId'],
        },
        {
          label: 'an ASSESSOR of an agency that does not exist',
          method: 'POST',
          path,
          body: { ...valid, role: 'ASSESSOR', employeeId: undefined, assessorAgencyIds: [a.agency.id, MISSING_ID] },
          status: 400,
          fields: ['assessorAgencyIds'],
        },
        {
          label: 'a MINISTRY_ADMIN with an agency',
          method: 'POST',
          path,
          body: { ...adminBody, role: 'MINISTRY_ADMIN' },
          status: 400,
          fields: ['agencyId'],
        },
        {
          label: 'a MINISTRY_ADMIN with an employee',
          method: 'POST',
          path,
          body: { ...valid, role: 'MINISTRY_ADMIN' },
          status: 400,
          fields: ['employeeId'],
        },
        {
          label: 'an ASSESSOR with an agency',
          method: 'POST',
          path,
          body: { ...adminBody, role: 'ASSESSOR', assessorAgencyIds: [a.agency.id] },
          status: 400,
          fields: ['agencyId'],
        },
        {
          label: 'an EMPLOYEE with assessor agencies',
          method: 'POST',
          path,
          body: { ...valid, assessorAgencyIds: [a.agency.id] },
          status: 400,
          fields: ['assessorAgencyIds'],
        },
        { label: 'a duplicate email', method: 'POST', path, body: { ...valid, email: a.adminEmail }, status: 409, validation: false },
        {
          label: 'a duplicate email in other case',
          method: 'POST',
          path,
          body: { ...valid, email: a.adminEmail.toUpperCase() },
          status: 409,
          validation: false,
        },
        {
          label: 'a duplicate email of the ministry admin',
          method: 'POST',
          path,
          body: { ...valid, email: ADMIN.email },
          status: 409,
          validation: false,
        },
        {
          label: 'a MINISTRY_ADMIN, as an agency admin',
          method: 'POST',
          path,
          as: 'agencyAdmin',
          body: { ...valid, role: 'MINISTRY_ADMIN', employeeId: undefined },
          status: 403,
          validation: false,
        },
        {
          label: 'an ASSESSOR, as an agency admin',
          method: 'POST',
          path,
          as: 'agencyAdmin',
          body: { ...valid, role: 'ASSESSOR', employeeId: undefined, assessorAgencyIds: [a.agency.id] },
          status: 403,
          validation: false,
        },
        { label: 'as an employee', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('GET /users', async () => {
      await expectRefused([
        ...listCases('/api/v1/users', { role: ['ROOT', 'employee'], agencyId: MALFORMED_IDS.slice(0, 4), email: ['x'.repeat(321)] }),
        { label: 'as an employee', method: 'GET', path: '/api/v1/users', as: 'employee', status: 403, validation: false },
      ]);
    });

    it('GET /users/{id}', async () => {
      await expectRefused([
        ...getCases('/api/v1/users'),
        {
          label: 'as an employee, themself',
          method: 'GET',
          path: `/api/v1/users/${a.employeeUser.id}`,
          as: 'employee',
          status: 403,
          validation: false,
        },
      ]);
    });

    it('PATCH /users/{id}', async () => {
      const path = `/api/v1/users/${a.employeeUser.id}`;
      const valid = { version: current.user.version, password: 'yet-another-password' };
      await expectRefused([
        ...bodyCases('PATCH', path, valid, { required: ['version'], text: 'password' }),
        ...fieldCases('PATCH', path, valid, {
          version: WRONG.version,
          password: WRONG.password,
          assessorAgencyIds: ['abc', ['abc'], null],
        }),
        ...idCases('PATCH', '/api/v1/users', '', valid),
        {
          label: 'assessor agencies of a non-assessor',
          method: 'PATCH',
          path,
          body: { ...valid, assessorAgencyIds: [a.agency.id] },
          status: 400,
          fields: ['assessorAgencyIds'],
        },
        {
          label: 'assessor agencies that do not exist',
          method: 'PATCH',
          path: `/api/v1/users/${current.assessor.id}`,
          body: { version: current.assessor.version, assessorAgencyIds: [MISSING_ID] },
          status: 400,
          fields: ['assessorAgencyIds'],
        },
        { label: 'the role', method: 'PATCH', path, body: { ...valid, role: 'MINISTRY_ADMIN' }, status: 400, fields: ['role'] },
        { label: 'the email', method: 'PATCH', path, body: { ...valid, email: 'other@example.go.id' }, status: 400, fields: ['email'] },
        { label: 'the agency', method: 'PATCH', path, body: { ...valid, agencyId: b.agency.id }, status: 400, fields: ['agencyId'] },
        {
          label: 'a stale version',
          method: 'PATCH',
          path,
          body: { ...valid, version: current.user.version - 1 },
          status: 409,
          validation: false,
        },
        {
          label: 'the ministry admin, as an agency admin',
          method: 'PATCH',
          path: `/api/v1/users/${ministryAdminId}`,
          as: 'agencyAdmin',
          body: { version: 1, password: 'taken-over-1234' },
          status: 404,
          validation: false,
        },
        { label: 'as an employee, themself', method: 'PATCH', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });

    it('POST /users/{id}/retire', async () => {
      const path = `/api/v1/users/${a.employeeUser.id}/retire`;
      const valid = { version: current.user.version };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['version'], text: 'version' }).filter((c) => !c.label.startsWith('a NUL')),
        ...fieldCases('POST', path, valid, { version: WRONG.version }),
        ...idCases('POST', '/api/v1/users', '/retire', valid),
        { label: 'a stale version', method: 'POST', path, body: { version: current.user.version - 1 }, status: 409, validation: false },
        {
          label: 'one’s own account',
          method: 'POST',
          path: `/api/v1/users/${ministryAdminId}/retire`,
          body: { version: 1 },
          status: 409,
          validation: false,
        },
        { label: 'as an employee, themself', method: 'POST', path, as: 'employee', body: valid, status: 403, validation: false },
      ]);
    });
  });

  // ---------- sign-in ----------
  describe('sign-in', () => {
    it('POST /auth/token', async () => {
      const path = '/api/v1/auth/token';
      // A made-up account, so that the failures counted here lock nobody real.
      const valid = { email: `nobody.${tag().toLowerCase()}@example.go.id`, password: 'not-the-password' };
      await expectRefused([
        ...bodyCases('POST', path, valid, { required: ['email', 'password'], text: 'email', as: 'anonymous' }).filter(
          (c) => c.status !== 401,
        ),
        ...fieldCases(
          'POST',
          path,
          valid,
          { email: [123, null, '', [], {}, 'x'.repeat(321)], password: [123, null, '', [], 'x'.repeat(201)] },
          'anonymous',
        ),
        { label: 'wrong credentials', method: 'POST', path, as: 'anonymous', body: valid, status: 401, validation: false },
        {
          label: 'the admin, a wrong password',
          method: 'POST',
          path,
          as: 'anonymous',
          body: { email: `other.${tag()}@example.go.id`, password: ADMIN.password },
          status: 401,
          validation: false,
        },
      ]);
    });
  });

  it('no path or query of a workforce endpoint answers 5xx for odd characters', async () => {
    const odd = ['%00', '%ff', '%E2%80%AE', '..%2F..%2Fetc', "'%3B--", 'a'.repeat(2000)];
    const cases: Case[] = [];
    for (const text of odd) {
      for (const prefix of ['/api/v1/agencies', '/api/v1/units', '/api/v1/positions', '/api/v1/employees', '/api/v1/users']) {
        cases.push({ label: `path ${text.slice(0, 20)}`, method: 'GET', path: `${prefix}/${text}`, status: 400, validation: false });
      }
      cases.push({
        label: `nip ${text.slice(0, 20)}`,
        method: 'GET',
        path: `/api/v1/employees?nip=${text}`,
        status: 400,
        validation: false,
      });
    }
    const failures: string[] = [];
    for (const c of cases) {
      const answer = await send(c);
      const ok =
        answer.status >= 400 && answer.status < 500 && (answer.headers.get('content-type') ?? '').startsWith('application/problem+json');
      const okList = c.label.startsWith('nip') && answer.status === 200; // a harmless filter that matches nothing
      if (!ok && !okList) failures.push(`${c.label} ${c.path.slice(0, 80)}: ${answer.status} ${answer.text.slice(0, 200)}`);
    }
    expect(failures).toEqual([]);
  });
});
