import { randomUUID } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { ADMIN, Answer, eventually, Http, RunningSystem, startSystem } from './support/system';

const HEADER = 'nip,name,kind,agencyCode,unitCode,positionCode,email';

/**
 * A valid NIP for serial n, distinct for every n below 26 million: born 1960-1999,
 * appointed 2003-07 (a month no other test's NIPs use), sex and serial from n.
 */
function nipFor(n: number): string {
  const serial = String(n % 1000).padStart(3, '0');
  const sex = 1 + (Math.floor(n / 1000) % 2);
  const day = String(1 + (Math.floor(n / 2000) % 28)).padStart(2, '0');
  const month = String(1 + (Math.floor(n / 56000) % 12)).padStart(2, '0');
  const year = 1960 + (Math.floor(n / 672000) % 40);
  return `${year}${month}${day}200307${sex}${serial}`;
}

/** Digit 15 (sex) made 3: an 18-digit number that is not a NIP. */
function badNip(n: number): string {
  const nip = nipFor(n);
  return `${nip.slice(0, 14)}3${nip.slice(15)}`;
}

interface Org {
  agencyId: string;
  code: string;
  units: string[];
  positions: string[];
}

interface Row {
  nip: string;
  name: string;
  kind?: string;
  agencyCode: string;
  unitCode: string;
  positionCode: string;
  email?: string;
}

function csvOf(rows: Row[], eol = '\n'): string {
  const lines = rows.map((r) =>
    [
      r.nip,
      r.name.includes(',') || r.name.includes('"') || r.name.includes('\n') ? `"${r.name.replace(/"/g, '""')}"` : r.name,
      r.kind ?? 'PNS',
      r.agencyCode,
      r.unitCode,
      r.positionCode,
      r.email ?? '',
    ].join(','),
  );
  return [HEADER, ...lines].join(eol) + eol;
}

/** `count` rows of `org`, NIPs from serial `from` on, spread over its units and positions. */
function rowsOf(org: Org, from: number, count: number, name = (i: number) => `Pegawai ${i}`): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < count; i++) {
    rows.push({
      nip: nipFor(from + i),
      name: name(i),
      kind: i % 3 === 0 ? 'PPPK' : 'PNS',
      agencyCode: org.code,
      unitCode: org.units[i % org.units.length],
      positionCode: org.positions[i % org.positions.length],
      email: i % 4 === 0 ? '' : `pegawai.${from + i}@example.go.id`,
    });
  }
  return rows;
}

describe('POST /employees/import (streamed CSV)', () => {
  let system: RunningSystem;
  let admin: Http;
  let orgA: Org;
  let orgB: Org;
  let agencyAdminA: Http;

  const importCsv = (as: Http, csv: string | Uint8Array, query = '', contentType = 'text/csv'): Promise<Answer> =>
    as.post(`/api/v1/employees/import${query}`, csv, { 'content-type': contentType });

  async function createOrg(prefix: string): Promise<Org> {
    const code = `${prefix}-${randomUUID().slice(0, 8).toUpperCase()}`;
    const agency = await admin.post('/api/v1/agencies', { code, name: `Agency ${code}`, kind: 'AGENCY' });
    expect(agency.status).toBe(201);
    const org: Org = { agencyId: agency.body.id, code, units: [], positions: [] };
    for (let i = 0; i < 3; i++) {
      const unit = await admin.post(`/api/v1/agencies/${org.agencyId}/units`, { code: `U${i}`, name: `Unit ${i}`, parentId: null });
      expect(unit.status).toBe(201);
      org.units.push(`U${i}`);
      const positionCode = `${code}-P${i}`;
      const position = await admin.post('/api/v1/positions', {
        code: positionCode,
        name: `Position ${i}`,
        kind: 'PELAKSANA',
        functionalGrade: null,
        agencyId: org.agencyId,
      });
      expect(position.status).toBe(201);
      org.positions.push(positionCode);
    }
    return org;
  }

  async function employeesWithNips(
    nips: string[],
  ): Promise<Array<{ id: string; nip: string; name: string; position_id: string; version: number; updated_at: Date }>> {
    return system.db.query(
      `SELECT id, nip, name, position_id, version, updated_at FROM workforce.employees WHERE nip = ANY($1::bpchar[]) ORDER BY nip`,
      [nips],
    );
  }

  async function outboxFor(event: string, aggregateIds: string[]): Promise<Array<{ aggregate_id: string; payload: any }>> {
    return system.db.query(`SELECT aggregate_id, payload FROM messaging.outbox WHERE event_name = $1 AND aggregate_id = ANY($2::text[])`, [
      event,
      aggregateIds,
    ]);
  }

  async function auditFor(ids: string[]): Promise<Array<{ entity_id: string; before: any; after: any; actor_email: string }>> {
    return system.db.query(
      `SELECT entity_id, before, after, actor_email FROM audit.audit_log WHERE action = 'employee.import' AND entity_id = ANY($1::text[]) ORDER BY at`,
      [ids],
    );
  }

  beforeAll(async () => {
    system = await startSystem({ worker: false });
    admin = await new Http(system.url).signIn(ADMIN.email, ADMIN.password);
    orgA = await createOrg('IMPA');
    orgB = await createOrg('IMPB');
    const email = `admin.${orgA.code.toLowerCase()}@example.go.id`;
    const user = await admin.post('/api/v1/users', { email, password: 'agency-admin-pass', role: 'AGENCY_ADMIN', agencyId: orgA.agencyId });
    expect(user.status).toBe(201);
    agencyAdminA = await new Http(system.url).signIn(email, 'agency-admin-pass');
  });
  afterAll(async () => {
    if (!system) return;
    // Agency B's 100,000 imported employees would slow every later file that reads whole tables (checksums, scans):
    // they go, with their events and audit entries.
    const employeesOfB = `SELECT id::text FROM workforce.employees WHERE agency_id = $1`;
    await system.db.query(`DELETE FROM audit.audit_log WHERE entity_id IN (${employeesOfB})`, [orgB.agencyId]);
    await system.db.query(`DELETE FROM messaging.outbox WHERE aggregate_id IN (${employeesOfB})`, [orgB.agencyId]);
    await system.db.query(`DELETE FROM workforce.employees WHERE agency_id = $1`, [orgB.agencyId]);
    await system.close();
  });

  it('creates the employees of a good file, publishes EmployeeRegistered for each and audits each; a re-import changes nothing', async () => {
    const rows = rowsOf(orgA, 1_000, 12);
    const csv = csvOf(rows);
    const first = await importCsv(admin, csv);
    expect(first.status).toBe(200);
    expect(first.body).toEqual({
      mode: 'all-or-nothing',
      rows: 12,
      accepted: 12,
      created: 12,
      updated: 0,
      unchanged: 0,
      refused: [],
      jobId: expect.any(String),
    });

    const stored = await employeesWithNips(rows.map((r) => r.nip));
    expect(stored).toHaveLength(12);
    const ids = stored.map((e) => e.id);
    const listed = await admin.get(`/api/v1/employees?nip=${rows[5].nip}`);
    expect(listed.body.items[0]).toMatchObject({
      nip: rows[5].nip,
      name: rows[5].name,
      kind: 'PNS',
      agencyId: orgA.agencyId,
      email: rows[5].email,
      version: 1,
    });
    expect((await admin.get(`/api/v1/employees?nip=${rows[0].nip}`)).body.items[0]).toMatchObject({ kind: 'PPPK', email: null });

    const events = await outboxFor('EmployeeRegistered', ids);
    expect(events).toHaveLength(12);
    const event = events.find((e) => e.payload.nip === rows[5].nip)!;
    expect(event.payload).toEqual({
      employeeId: event.aggregate_id,
      nip: rows[5].nip,
      agencyId: orgA.agencyId,
      unitId: listed.body.items[0].unitId,
      positionId: listed.body.items[0].positionId,
    });
    const audit = await auditFor(ids);
    expect(audit).toHaveLength(12);
    expect(audit[0]).toMatchObject({ before: null, actor_email: ADMIN.email });
    expect(audit[0].after).toMatchObject({ agencyId: orgA.agencyId, version: 1 });

    const again = await importCsv(admin, csv);
    expect(again.status).toBe(200);
    // Nothing changed, so nothing is owed downstream.
    expect(again.body).toEqual({
      mode: 'all-or-nothing',
      rows: 12,
      accepted: 12,
      created: 0,
      updated: 0,
      unchanged: 12,
      refused: [],
      jobId: null,
    });
    expect(await outboxFor('EmployeeRegistered', ids)).toHaveLength(12);
    expect(await auditFor(ids)).toHaveLength(12);
    expect(await employeesWithNips(rows.map((r) => r.nip))).toEqual(stored);

    // One row moves to another position and is renamed: one update, one EmployeePositionChanged, one audit entry with before and after.
    const moved = rows.map((r, i) => (i === 5 ? { ...r, name: 'Renamed', positionCode: orgA.positions[(i + 1) % 3] } : r));
    const changed = await importCsv(admin, csvOf(moved));
    expect(changed.body).toMatchObject({ created: 0, updated: 1, unchanged: 11, refused: [] });
    const [after] = await employeesWithNips([rows[5].nip]);
    const before = stored.find((e) => e.nip === rows[5].nip)!;
    expect(after).toMatchObject({ name: 'Renamed', version: 2 });
    const positionChanged = await outboxFor('EmployeePositionChanged', [after.id]);
    expect(positionChanged).toHaveLength(1);
    expect(positionChanged[0].payload).toEqual({
      employeeId: after.id,
      agencyId: orgA.agencyId,
      fromPositionId: before.position_id,
      toPositionId: after.position_id,
    });
    const audited = await auditFor([after.id]);
    expect(audited).toHaveLength(2);
    expect(audited[1].before).toMatchObject({ name: rows[5].name, positionId: before.position_id, version: 1 });
    expect(audited[1].after).toMatchObject({ name: 'Renamed', positionId: after.position_id, version: 2 });
  });

  it('refuses the whole file when one row deep inside has a bad NIP (422, report names the line); ?mode=partial keeps the good rows', async () => {
    const rows = rowsOf(orgA, 2_000, 60);
    rows[40] = { ...rows[40], nip: badNip(2_040) }; // line 42 (header is line 1)
    const csv = csvOf(rows);

    const refused = await importCsv(admin, csv);
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
    expect(refused.body).toMatchObject({ status: 422, type: expect.stringContaining('rule-violation') });
    expect(refused.body.detail).toContain('line 42');
    expect(refused.body.report).toEqual({
      mode: 'all-or-nothing',
      rows: 60,
      accepted: 59,
      created: 0,
      updated: 0,
      unchanged: 0,
      refused: [{ line: 42, reason: 'nip: digit 15 must be 1 (male) or 2 (female)' }],
      jobId: null,
    });
    expect(await employeesWithNips(rows.map((r) => r.nip))).toHaveLength(0);

    const partial = await importCsv(admin, csv, '?mode=partial');
    expect(partial.status).toBe(200);
    expect(partial.body).toMatchObject({ mode: 'partial', rows: 60, accepted: 59, created: 59, updated: 0, unchanged: 0 });
    expect(partial.body.refused).toEqual([{ line: 42, reason: expect.stringContaining('digit 15') }]);
    expect(await employeesWithNips(rows.map((r) => r.nip))).toHaveLength(59);

    expect((await importCsv(admin, csv, '?mode=sometimes')).status).toBe(400);
  });

  it('checks every field and names each refused row by its physical line (quoted line breaks, CRLF, blank lines)', async () => {
    const base = rowsOf(orgA, 3_000, 12);
    const rows: Row[] = [
      base[0], // line 2
      { ...base[1], name: 'Multi\nLine, "Name"' }, // lines 3-4: accepted
      { ...base[2], kind: 'HONORER' }, // line 5
      { ...base[3], name: ' ' }, // line 6
      { ...base[4], email: 'not-an-address' }, // line 7
      { ...base[5], agencyCode: 'NO-SUCH-AGENCY' }, // line 8
      { ...base[6], unitCode: 'NO-UNIT' }, // line 9
      { ...base[7], positionCode: orgB.positions[0] }, // line 10: a position of another agency
      { ...base[8], nip: base[0].nip }, // line 11: repeats line 2
      { ...base[9], nip: '12345' }, // line 12
      { ...base[10], name: 'x'.repeat(201) }, // line 13
      base[11], // line 14
    ];
    const csv = csvOf(rows, '\r\n').replace(`\r\n${base[11].nip}`, `\r\n\r\n${base[11].nip}`) + `${base[11].nip.slice(0, 17)}9,Too,Few\r\n`;
    // line 14 is blank now, base[11] is line 15, and line 16 has three fields.
    const answer = await importCsv(admin, csv);
    expect(answer.status).toBe(422);
    const report = answer.body.report;
    expect(report.rows).toBe(13);
    expect(report.refused.map((r: { line: number }) => r.line)).toEqual([5, 6, 7, 8, 9, 10, 11, 12, 13, 16]);
    const reason = (line: number) => report.refused.find((r: { line: number }) => r.line === line).reason;
    expect(reason(5)).toBe('kind: must be PNS or PPPK');
    expect(reason(6)).toBe('name: must not be empty');
    expect(reason(7)).toBe('email: is not a valid e-mail address');
    expect(reason(8)).toBe('agencyCode: no agency has the code "NO-SUCH-AGENCY"');
    expect(reason(9)).toBe(`unitCode: agency ${orgA.code} has no unit "NO-UNIT"`);
    expect(reason(10)).toBe(`positionCode: agency ${orgA.code} has no position "${orgB.positions[0]}"`);
    expect(reason(11)).toBe('nip: repeats line 2 of the file');
    expect(reason(12)).toBe('nip: must be exactly 18 digits');
    expect(reason(13)).toBe('name: must be at most 200 characters');
    expect(reason(16)).toMatch(/^expected 7 fields .* found 3$/);

    const partial = await importCsv(admin, csv, '?mode=partial');
    expect(partial.body).toMatchObject({ created: 3, refused: expect.any(Array) });
    const [multi] = await employeesWithNips([base[1].nip]);
    expect(multi.name).toBe('Multi\nLine, "Name"');
  });

  it('lets an agency admin import only into their own agency: another agency reads like an unknown one', async () => {
    const own = rowsOf(orgA, 4_000, 3);
    const other = rowsOf(orgB, 4_100, 2);
    const mixed = await importCsv(agencyAdminA, csvOf([...own, ...other]));
    expect(mixed.status).toBe(422);
    expect(mixed.body.report.refused).toEqual([
      { line: 5, reason: `agencyCode: no agency has the code "${orgB.code}"` },
      { line: 6, reason: `agencyCode: no agency has the code "${orgB.code}"` },
    ]);
    expect(await employeesWithNips([...own, ...other].map((r) => r.nip))).toHaveLength(0);

    const ownOnly = await importCsv(agencyAdminA, csvOf(own));
    expect(ownOnly.status).toBe(200);
    expect(ownOnly.body.created).toBe(3);

    // The NIP is registered with agency A: agency B's rows cannot take it over.
    const takeover = await importCsv(admin, csvOf([{ ...other[0], nip: own[0].nip }]));
    expect(takeover.body.report.refused).toEqual([{ line: 2, reason: 'nip: an employee with this NIP is registered with another agency' }]);

    const employee = await admin.post('/api/v1/users', {
      email: `employee.${orgA.code.toLowerCase()}@example.go.id`,
      password: 'employee-password',
      role: 'EMPLOYEE',
      agencyId: orgA.agencyId,
      employeeId: (await employeesWithNips([own[0].nip]))[0].id,
    });
    expect(employee.status).toBe(201);
    const asEmployee = await new Http(system.url).signIn(`employee.${orgA.code.toLowerCase()}@example.go.id`, 'employee-password');
    expect((await importCsv(asEmployee, csvOf(own))).status).toBe(403);
  });

  it('answers 415 for anything but text/csv and 400 for a wrong header, an empty file or broken CSV, as problem+json', async () => {
    const good = csvOf(rowsOf(orgA, 5_000, 2));
    for (const type of ['application/json', 'text/plain', 'application/octet-stream']) {
      const answer = await importCsv(admin, type === 'application/json' ? '{"rows":[]}' : good, '', type);
      expect(answer.status).toBe(415);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.detail).toContain('text/csv');
    }
    expect((await importCsv(admin, good, '', 'text/csv; charset=iso-8859-1')).status).toBe(415);
    expect((await importCsv(admin, good, '', 'text/csv; charset=utf-8')).status).toBe(200);

    const header = await importCsv(admin, good.replace('agencyCode', 'agency'));
    expect(header.status).toBe(400);
    expect(header.headers.get('content-type')).toContain('application/problem+json');
    expect(header.body.detail).toContain(HEADER);

    const noHeader = await importCsv(admin, good.split('\n').slice(1).join('\n'));
    expect(noHeader.status).toBe(400);
    expect(noHeader.body.detail).toContain(HEADER);

    const empty = await importCsv(admin, '');
    expect(empty.status).toBe(400);
    expect(empty.body.detail).toContain('empty');
    expect((await importCsv(admin, '\n\n')).status).toBe(400);
    const headerOnly = await importCsv(admin, `${HEADER}\n`);
    expect(headerOnly.status).toBe(400);
    expect(headerOnly.body.detail).toContain('no employees');

    const broken = await importCsv(admin, `${HEADER}\n${nipFor(5_100)},"Unclosed,PNS,${orgA.code},U0,${orgA.positions[0]},\n`);
    expect(broken.status).toBe(400);
    expect(broken.body.detail).toContain('not valid CSV');
    expect(await employeesWithNips([nipFor(5_100)])).toHaveLength(0);
  });

  it('answers 413 for a file declared larger than the limit, before reading it', async () => {
    const answer = await new Promise<{ status: number; body: string; type: string }>((resolve, reject) => {
      const url = new URL(`${system.url}/api/v1/employees/import`);
      const req = httpRequest(
        {
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv', 'content-length': String(300 * 1024 * 1024) },
        },
        (res) => {
          let body = '';
          res.on('data', (chunk) => (body += chunk));
          res.on('end', () => {
            resolve({ status: res.statusCode!, body, type: String(res.headers['content-type']) });
            req.destroy();
          });
        },
      );
      req.on('error', reject);
      req.write(`${HEADER}\n`);
    });
    expect(answer.status).toBe(413);
    expect(answer.type).toContain('application/problem+json');
    expect(JSON.parse(answer.body).status).toBe(413);
  });

  it('is documented in the OpenAPI document: text/csv body, 200 and 422 (report) answers', async () => {
    const docs = await new Http(system.url).get('/docs-json');
    const operation = docs.body.paths['/api/v1/employees/import'].post;
    expect(Object.keys(operation.requestBody.content)).toEqual(['text/csv']);
    expect(Object.keys(operation.responses)).toEqual(expect.arrayContaining(['200', '400', '413', '415', '422']));
    expect(operation.description).toContain('`report`');
    expect(operation.parameters).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'mode', in: 'query' })]));
  });

  it('rolls back an upload the client abandons half-way, and keeps serving', async () => {
    const rows = rowsOf(orgA, 6_000, 20_000);
    const body = Buffer.from(csvOf(rows));
    await new Promise<void>((resolve) => {
      const url = new URL(`${system.url}/api/v1/employees/import`);
      const req = httpRequest({
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${admin.token}`, 'content-type': 'text/csv', 'content-length': String(body.length) },
      });
      req.on('error', () => resolve());
      req.write(body.subarray(0, body.length >> 1), () => setTimeout(() => req.destroy(), 300));
    });
    await eventually(async () => {
      const [open] = await system.db.query(
        `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND state LIKE 'idle in transaction%'`,
      );
      return open.n === 0;
    });
    expect(await employeesWithNips(rows.slice(0, 1000).map((r) => r.nip))).toHaveLength(0);
    const next = await importCsv(admin, csvOf(rows.slice(0, 5)));
    expect(next.status).toBe(200);
    expect(next.body.created).toBe(5);
  });

  it('imports 100,000 rows; the same rows changed and with a bad NIP at line 73,000 change nothing and name that line', async () => {
    const count = 100_000;
    const rows = rowsOf(orgB, 1_000_000, count);
    const started = Date.now();
    const first = await importCsv(admin, csvOf(rows));
    const firstMs = Date.now() - started;
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ rows: count, accepted: count, created: count, updated: 0, unchanged: 0, refused: [] });
    const [stored] = await system.db.query(
      `SELECT count(*)::int AS n, max(version)::int AS version, max(updated_at) AS updated FROM workforce.employees WHERE agency_id = $1`,
      [orgB.agencyId],
    );
    expect(stored.n).toBe(count);
    const [events] = await system.db.query(
      `SELECT count(*)::int AS n FROM messaging.outbox o JOIN workforce.employees e ON e.id::text = o.aggregate_id
        WHERE o.event_name = 'EmployeeRegistered' AND e.agency_id = $1`,
      [orgB.agencyId],
    );
    expect(events.n).toBe(count);

    // Every row renamed (so each would update), and line 73,000 (row 72,998) broken.
    const changed = rows.map((r, i) => ({ ...r, name: `${r.name} (renamed)`, nip: i === 72_998 ? badNip(1_000_000 + i) : r.nip }));
    const [outboxBefore] = await system.db.query(`SELECT count(*)::int AS n FROM messaging.outbox`);
    const second = await importCsv(admin, csvOf(changed));
    expect(second.status).toBe(422);
    expect(second.body.report).toMatchObject({ rows: count, accepted: count - 1, created: 0, updated: 0, unchanged: 0 });
    expect(second.body.report.refused).toEqual([{ line: 73_000, reason: 'nip: digit 15 must be 1 (male) or 2 (female)' }]);
    const [after] = await system.db.query(
      `SELECT count(*)::int AS n, max(version)::int AS version, max(updated_at) AS updated,
              count(*) FILTER (WHERE name LIKE '%(renamed)')::int AS renamed
         FROM workforce.employees WHERE agency_id = $1`,
      [orgB.agencyId],
    );
    expect(after).toEqual({ ...stored, renamed: 0 });
    const [outboxAfter] = await system.db.query(`SELECT count(*)::int AS n FROM messaging.outbox`);
    expect(outboxAfter.n).toBe(outboxBefore.n);
    process.stdout.write(`100,000-row import: ${firstMs} ms\n`);
  }, 180_000);
});
