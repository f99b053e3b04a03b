import { randomFillSync } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { ConflictError } from '@kompeten/shared/kernel';
import { CsvRow, Outbox, outboxInsertSql, RefusedRow, UnitOfWork } from '@kompeten/shared/infrastructure';
import { WORKFORCE_EVENTS } from '../contracts/events';
import { checkEmployeeRow, EMPLOYEE_IMPORT_COLUMNS } from '../domain/employee-import-row';

export interface EmployeeImportCounts {
  created: number;
  updated: number;
  unchanged: number;
}

/**
 * The rows of one import, as they stream in. Each is checked on its own in
 * Node; a refused one is staged too, with its reason, so the refusals come out
 * of one ordered query. Temporary tables are not WAL-logged and go at commit.
 */
const STAGING = 'employee_import_rows';
/** The staged rows with their codes resolved, the employee they match and the verdict; everything after reads this. */
const RESOLVED = 'employee_import_resolved';

/** How many characters of COPY text are sent per CopyData message. */
const COPY_CHUNK = 256 * 1024;
/** How many CopyData messages are made ahead while PostgreSQL takes the previous ones, so reading and COPY overlap. */
const COPY_AHEAD = 4;

const COPY_SPECIAL = /[\\\n\r\t]/;
/** A value in COPY's text format (backslash, tab and line breaks escaped). */
function copyValue(value: string | null): string {
  if (value === null) return '\\N';
  if (!COPY_SPECIAL.test(value)) return value;
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r').replace(/\t/g, '\\t');
}

/**
 * UUID version 7 ids in bulk, laid out as kernel newId() lays them out, but with
 * the random bits drawn from a pool refilled once per 1,024 ids: a syscall per
 * id (randomBytes(16)) costs more than parsing the row it is for.
 */
class BulkIds {
  private readonly pool = Buffer.alloc(16 * 1024);
  private at = this.pool.length;

  next(): string {
    if (this.at === this.pool.length) {
      randomFillSync(this.pool);
      this.at = 0;
    }
    const b = this.pool;
    const i = this.at;
    this.at += 16;
    const ms = Date.now();
    b.writeUIntBE(ms, i, 6);
    b[i + 6] = (b[i + 6] & 0x0f) | 0x70;
    b[i + 8] = (b[i + 8] & 0x3f) | 0x80;
    const hex = b.toString('hex', i, i + 16);
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
  }
}

/**
 * The rows of the file in, COPY text out: checks each row and batches the
 * lines into large CopyData messages.
 */
async function* copyText(rows: AsyncIterable<CsvRow>, today: Date): AsyncGenerator<string> {
  const ids = new BulkIds();
  let pending = '';
  for await (const { line, values } of rows) {
    const check = checkEmployeeRow(
      EMPLOYEE_IMPORT_COLUMNS.map((column) => values[column]),
      today,
    );
    if (check.ok) {
      const r = check.row;
      // The id an employee gets if the NIP is new: made here, where it is cheap, rather than per row in SQL.
      pending += `${line}\t${ids.next()}\t${r.nip}\t${copyValue(r.name)}\t${r.kind}\t${copyValue(r.agencyCode)}\t${copyValue(r.unitCode)}\t${copyValue(r.positionCode)}\t${copyValue(r.email)}\t\\N\n`;
    } else {
      pending += `${line}\t\\N\t${copyValue(check.nip)}\t\\N\t\\N\t\\N\t\\N\t\\N\t\\N\t${copyValue(check.reason)}\n`;
    }
    if (pending.length >= COPY_CHUNK) {
      yield pending;
      pending = '';
    }
  }
  if (pending) yield pending;
}

/** Audit rows of an import: one per employee created or changed, with before (null when created) and after. */
const AUDIT_SELECT = `
  SELECT r.employee_id::text AS entity_id, r.agency_id,
         CASE WHEN r.existing THEN jsonb_build_object(
           'id', r.employee_id, 'nip', r.nip, 'name', r.old_name, 'kind', r.old_kind, 'agencyId', r.old_agency_id,
           'unitId', r.old_unit_id, 'positionId', r.old_position_id, 'email', r.old_email, 'retiredAt', r.old_retired_at,
           'version', r.old_version) END AS before,
         jsonb_build_object(
           'id', r.employee_id, 'nip', r.nip, 'name', r.name, 'kind', r.kind, 'agencyId', r.agency_id,
           'unitId', r.unit_id, 'positionId', r.position_id, 'email', r.email, 'retiredAt', r.old_retired_at,
           'version', CASE WHEN r.existing THEN r.old_version + 1 ELSE 1 END) AS after
    FROM ${RESOLVED} r
   WHERE r.reason IS NULL AND (NOT r.existing OR r.changed)`;

/**
 * The set-based side of the employee import: stages the streamed rows with
 * COPY, resolves and checks them in SQL, and applies them with one statement
 * per table. Every method runs inside the caller's UnitOfWork transaction.
 */
@Injectable()
export class EmployeeImportStore {
  constructor(
    private readonly uow: UnitOfWork,
    private readonly outbox: Outbox,
  ) {}

  /** The SELECT (entity_id, agency_id, before, after) for AuditLog.recordSelected, after apply(). */
  readonly auditSelectSql = AUDIT_SELECT;

  /**
   * Streams the rows into the staging table: each checked in Node as it
   * arrives, written with COPY. An error of the rows (a malformed file, too
   * large a body, an interrupted upload) ends the COPY and is rethrown as is.
   */
  async stage(rows: AsyncIterable<CsvRow>, today: Date = new Date()): Promise<void> {
    if (!this.uow.inTransaction) throw new Error('EmployeeImportStore.stage must run inside a transaction');
    // Sorts and hashes of a large file fit in memory (this transaction only). JIT is off for every session (data-source.ts).
    await this.uow.query(`SET LOCAL work_mem = '64MB'`);
    await this.uow.query(
      `CREATE TEMPORARY TABLE ${STAGING} (
         line integer NOT NULL, new_id uuid, nip text, name text, kind text, agency_code text, unit_code text, position_code text, email text, reason text
       ) ON COMMIT DROP`,
    );
    const client = await this.client();
    const copy = client.query(
      copyFrom(`COPY ${STAGING} (line, new_id, nip, name, kind, agency_code, unit_code, position_code, email, reason) FROM STDIN`),
    );
    await pipeline(Readable.from(copyText(rows, today), { highWaterMark: COPY_AHEAD }), copy);
    // Temporary tables get no statistics of their own, and without them every join below is planned for a
    // handful of rows. A small sample of the joined columns is enough (tens of ms, not hundreds).
    await this.uow.query(`SET LOCAL default_statistics_target = 10`);
    await this.uow.query(`ANALYZE ${STAGING} (nip, agency_code, unit_code, position_code)`);
  }

  /**
   * Resolves every staged row in one pass: agency (live, and one the actor may
   * write: `agencyIds`, or null for all), unit and position (live, of that
   * agency), the employee already registered under the NIP, and a NIP's earlier
   * line. A row the actor may not write reads exactly like an unknown agency.
   */
  async resolve(agencyIds: string[] | null): Promise<void> {
    const params: unknown[] = [];
    let scope = '';
    if (agencyIds !== null) {
      params.push(agencyIds);
      scope = `AND a.id = ANY($1::uuid[])`;
    }
    await this.uow.query(
      `CREATE TEMPORARY TABLE ${RESOLVED} ON COMMIT DROP AS
       WITH repeated AS (
         SELECT nip, min(line) AS first_line FROM ${STAGING} GROUP BY nip HAVING count(*) > 1
       )
       SELECT s.line, s.nip, s.name, s.kind, s.email,
              a.id AS agency_id, u.id AS unit_id, p.id AS position_id,
              e.id IS NOT NULL AS existing,
              COALESCE(e.id, s.new_id) AS employee_id,
              e.name AS old_name, e.kind AS old_kind, e.agency_id AS old_agency_id, e.unit_id AS old_unit_id,
              e.position_id AS old_position_id, e.email AS old_email, e.version AS old_version, e.retired_at AS old_retired_at,
              e.id IS NOT NULL AND (e.name IS DISTINCT FROM s.name OR e.kind IS DISTINCT FROM s.kind OR e.unit_id IS DISTINCT FROM u.id
                                    OR e.position_id IS DISTINCT FROM p.id OR e.email IS DISTINCT FROM s.email) AS changed,
              COALESCE(
                s.reason,
                CASE WHEN s.line > d.first_line THEN format('nip: repeats line %s of the file', d.first_line) END,
                NULLIF(concat_ws('; ',
                  CASE WHEN a.id IS NULL THEN format('agencyCode: no agency has the code "%s"', s.agency_code) END,
                  CASE WHEN a.id IS NOT NULL AND u.id IS NULL THEN format('unitCode: agency %s has no unit "%s"', s.agency_code, s.unit_code) END,
                  CASE WHEN a.id IS NOT NULL AND p.id IS NULL THEN format('positionCode: agency %s has no position "%s"', s.agency_code, s.position_code) END,
                  CASE WHEN e.agency_id <> a.id THEN 'nip: an employee with this NIP is registered with another agency' END
                ), '')
              ) AS reason
         FROM ${STAGING} s
         LEFT JOIN repeated d ON d.nip = s.nip
         LEFT JOIN workforce.agencies a ON s.reason IS NULL AND a.code = s.agency_code AND a.retired_at IS NULL ${scope}
         LEFT JOIN workforce.org_units u ON u.agency_id = a.id AND u.code = s.unit_code AND u.retired_at IS NULL
         LEFT JOIN workforce.positions p ON p.agency_id = a.id AND p.code = s.position_code AND p.retired_at IS NULL
         LEFT JOIN workforce.employees e ON s.reason IS NULL AND e.nip = s.nip::bpchar`,
      params,
    );
  }

  /** Every staged row refused, by line. */
  refusals(): Promise<RefusedRow[]> {
    return this.uow.query<RefusedRow>(`SELECT line, reason FROM ${RESOLVED} WHERE reason IS NOT NULL ORDER BY line`);
  }

  /**
   * Writes the accepted rows: inserts the new employees, updates those where a
   * field differs (409 if one changed since it was read), and publishes
   * EmployeeRegistered and EmployeePositionChanged to the outbox, each set-based.
   */
  async apply(): Promise<EmployeeImportCounts> {
    const [created] = await this.uow.query<{ n: number }>(
      `WITH created AS (
         INSERT INTO workforce.employees (id, nip, name, kind, agency_id, unit_id, position_id, email)
         SELECT r.employee_id, r.nip, r.name, r.kind, r.agency_id, r.unit_id, r.position_id, r.email
           FROM ${RESOLVED} r WHERE r.reason IS NULL AND NOT r.existing
         RETURNING 1)
       SELECT count(*)::int AS n FROM created`,
    );
    const [expected] = await this.uow.query<{ changed: number; unchanged: number }>(
      `SELECT count(*) FILTER (WHERE changed)::int AS changed, count(*) FILTER (WHERE NOT changed)::int AS unchanged
         FROM ${RESOLVED} WHERE reason IS NULL AND existing`,
    );
    let updated = 0;
    if (expected.changed > 0) {
      const [row] = await this.uow.query<{ n: number }>(
        `WITH updated AS (
           UPDATE workforce.employees e
              SET name = r.name, kind = r.kind, unit_id = r.unit_id, position_id = r.position_id, email = r.email,
                  version = e.version + 1, updated_at = now()
             FROM ${RESOLVED} r
            WHERE e.id = r.employee_id AND r.reason IS NULL AND r.existing AND r.changed AND e.version = r.old_version
           RETURNING 1)
         SELECT count(*)::int AS n FROM updated`,
      );
      updated = row.n;
      if (updated !== expected.changed) {
        throw new ConflictError(
          `${expected.changed - updated} of the employees in the file changed while it was imported; nothing was imported, retry`,
        );
      }
    }
    if (created.n > 0 || updated > 0) {
      await this.uow.query(
        outboxInsertSql(
          `SELECT '${WORKFORCE_EVENTS.EmployeeRegistered}' AS event_name, r.employee_id::text AS aggregate_id,
                    json_build_object('employeeId', r.employee_id, 'nip', r.nip, 'agencyId', r.agency_id,
                                       'unitId', r.unit_id, 'positionId', r.position_id) AS payload
               FROM ${RESOLVED} r WHERE r.reason IS NULL AND NOT r.existing
             UNION ALL
             SELECT '${WORKFORCE_EVENTS.EmployeePositionChanged}', r.employee_id::text,
                    json_build_object('employeeId', r.employee_id, 'agencyId', r.agency_id,
                                       'fromPositionId', r.old_position_id, 'toPositionId', r.position_id)
               FROM ${RESOLVED} r WHERE r.reason IS NULL AND r.existing AND r.changed AND r.old_position_id <> r.position_id`,
        ),
      );
      await this.outbox.wakeRelay();
    }
    return { created: created.n, updated, unchanged: expected.unchanged };
  }

  /** The connection of the transaction in progress, for COPY. */
  private async client(): Promise<PoolClient> {
    const runner = this.uow.manager.queryRunner;
    if (!runner) throw new Error('No query runner: the import must run inside UnitOfWork.transaction');
    return (await runner.connect()) as PoolClient;
  }
}
