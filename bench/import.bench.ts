/**
 * The employee import against PostgreSQL's own bulk load.
 *
 * Starts the API in this process on a fresh database (kompeten_bench, Redis db 6),
 * creates an agency with units and positions, generates 100,000 employee rows
 * from a fixed seed, then times (1) POST /api/v1/employees/import with the file
 * streamed as the request body, all the way to its answer (checks, upsert,
 * outbox events and audit entries, one transaction), and (2) `psql \copy` of the
 * same file into a bare table (five runs, the median). Checks both hold the same 100,000 NIPs. For scale
 * it also times (3) `\copy` of the same employees, resolved, into a copy of
 * workforce.employees with its indexes and foreign keys (the floor of writing
 * that table at all), and (4) `\copy` of them into a table with only a primary key
 * and a unique NIP (five runs, the median): the keys the import needs at least, so (4) ÷ (2) is the lowest
 * ratio any import could reach. Ends with one line:
 * RESULT bench-import ratio=<import time / copy time> ... ratio_to_employees_table_copy=<import / (3)> keys_only_ratio=<(4) / (2)>
 *
 *   npm run bench:import
 */
import './support/bench-env';
import { spawn } from 'node:child_process';
import { createReadStream, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DataSource } from 'typeorm';
import { environment } from '@config/environment';
import { startBenchSystem } from './support/fresh-system';
import { call } from './support/http';

const ROWS = 100_000;
const SEED = 20_251_128;
const UNITS = 40;
const POSITIONS = 25;
const DATABASE_URL = process.env.DATABASE_URL!;

/** mulberry32: a small seeded PRNG, so every run imports the same file. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pad = (n: number, width: number) => String(n).padStart(width, '0');
const FIRST = [
  'Budi',
  'Siti',
  'Agus',
  'Dewi',
  'Rina',
  'Joko',
  'Ayu',
  'Hendra',
  'Putri',
  'Wahyu',
  'Nur',
  'Eko',
  'Sri',
  'Fajar',
  'Indah',
  'Bayu',
];
const LAST = [
  'Santoso',
  'Rahayu',
  'Wibowo',
  'Lestari',
  'Saputra',
  'Hidayat',
  'Kusuma',
  'Pratama',
  'Nugroho',
  'Utami',
  'Siregar',
  'Nasution',
];

/** The CSV: header and ROWS rows with distinct, valid NIPs, from SEED. */
function generateCsv(path: string, agencyCode: string, positionCodes: string[]): void {
  const random = prng(SEED);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const nips = new Set<string>();
  const lines = ['nip,name,kind,agencyCode,unitCode,positionCode,email'];
  while (nips.size < ROWS) {
    const birthYear = 1960 + Math.floor(random() * 40);
    const birth = `${birthYear}${pad(1 + Math.floor(random() * 12), 2)}${pad(1 + Math.floor(random() * 28), 2)}`;
    const appointed = `${birthYear + 20 + Math.floor(random() * 5)}${pad(1 + Math.floor(random() * 12), 2)}`;
    const nip = `${birth}${appointed}${1 + Math.floor(random() * 2)}${pad(Math.floor(random() * 1000), 3)}`;
    if (nips.has(nip)) continue;
    nips.add(nip);
    const first = pick(FIRST);
    const last = pick(LAST);
    const kind = random() < 0.8 ? 'PNS' : 'PPPK';
    const unit = `U${pad(Math.floor(random() * UNITS), 2)}`;
    const email = random() < 0.9 ? `${first.toLowerCase()}.${last.toLowerCase()}.${nip.slice(-6)}@bench.go.id` : '';
    lines.push(`${nip},${first} ${last},${kind},${agencyCode},${unit},${pick(positionCodes)},${email}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
}

/** POSTs the file as a streamed text/csv body; answers the status and the parsed answer. */
function streamImport(url: string, token: string, path: string): Promise<{ status: number; body: any }> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const req = httpRequest(
      {
        host: target.hostname,
        port: target.port,
        path: target.pathname + target.search,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/csv', 'content-length': String(statSync(path).size) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    pipeline(createReadStream(path, { highWaterMark: 256 * 1024 }), req).catch(reject);
  });
}

function psql(args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', DATABASE_URL, ...args], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`psql exited with ${code}`))));
  });
}

const seconds = (from: bigint) => Number(process.hrtime.bigint() - from) / 1e9;
/** How often each short psql \copy is timed; the median counts. */
const COPY_RUNS = 5;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function main(): Promise<void> {
  const env = environment();
  const system = await startBenchSystem(0);
  const app = system.api;
  const base = system.origin;
  const dir = mkdtempSync(join(tmpdir(), 'kompeten-bench-'));
  try {
    const { accessToken } = await call('POST', `${base}/api/v1/auth/token`, {
      email: env.KOMPETEN_ADMIN_EMAIL,
      password: env.KOMPETEN_ADMIN_PASSWORD,
    });
    const agency = await call('POST', `${base}/api/v1/agencies`, { code: 'BENCH', name: 'Badan Benchmark', kind: 'AGENCY' }, accessToken);
    for (let u = 0; u < UNITS; u++) {
      await call(
        'POST',
        `${base}/api/v1/agencies/${agency.id}/units`,
        { code: `U${pad(u, 2)}`, name: `Unit ${u}`, parentId: null },
        accessToken,
      );
    }
    const positionCodes: string[] = [];
    for (let p = 0; p < POSITIONS; p++) {
      const code = `BENCH-P${pad(p, 2)}`;
      await call(
        'POST',
        `${base}/api/v1/positions`,
        { code, name: `Jabatan ${p}`, kind: 'PELAKSANA', functionalGrade: null, agencyId: agency.id },
        accessToken,
      );
      positionCodes.push(code);
    }
    const file = join(dir, 'employees.csv');
    generateCsv(file, 'BENCH', positionCodes);
    const bytes = statSync(file).size;
    console.log(`bench-import: ${ROWS} rows, ${(bytes / 1024 / 1024).toFixed(1)} MiB, seed ${SEED}`);

    // (1) The import, through HTTP, timed from the first byte sent to the answer.
    // WAL written by each load: a measure of the work each does that does not depend on the machine's load.
    const db = app.get(DataSource);
    const walNow = async (): Promise<string> => (await db.query(`SELECT pg_current_wal_insert_lsn()::text AS lsn`))[0].lsn;
    const walSince = async (from: string): Promise<number> =>
      Number((await db.query(`SELECT pg_current_wal_insert_lsn() - $1::pg_lsn AS bytes`, [from]))[0].bytes);
    const importWal = await walNow();
    const importStart = process.hrtime.bigint();
    const answer = await streamImport(`${base}/api/v1/employees/import`, accessToken, file);
    const importSeconds = seconds(importStart);
    const importWalBytes = await walSince(importWal);
    if (answer.status !== 200 || answer.body.created !== ROWS || answer.body.refused.length !== 0) {
      throw new Error(`the import did not create ${ROWS} employees: ${answer.status} ${JSON.stringify(answer.body).slice(0, 500)}`);
    }

    // (2) psql \copy of the same file into a bare table. A single copy takes a tenth of a second or two, so one run
    // is at the mercy of whatever else the machine does in that moment: it is run COPY_RUNS times into a fresh table,
    // and its median is the baseline.
    const bareTable =
      'CREATE TABLE bench_copy(nip text, name text, kind text, agency_code text, unit_code text, position_code text, email text)';
    const copyRuns: number[] = [];
    let copyWalBytes = 0;
    for (let run = 0; run < COPY_RUNS; run++) {
      await psql(['-c', `DROP TABLE IF EXISTS bench_copy; ${bareTable}`]);
      const copyWal = await walNow();
      const copyStart = process.hrtime.bigint();
      await psql(['-c', `\\copy bench_copy FROM '${file.replace(/'/g, "''")}' WITH (FORMAT csv, HEADER true)`]);
      copyRuns.push(seconds(copyStart));
      copyWalBytes = await walSince(copyWal);
    }
    const copySeconds = median(copyRuns);

    // Both hold the same 100,000 NIPs.
    const [check] = await db.query(
      `SELECT (SELECT count(*) FROM bench_copy)::int AS copied,
              (SELECT count(*) FROM workforce.employees WHERE agency_id = $1)::int AS imported,
              (SELECT count(*) FROM bench_copy b FULL JOIN (SELECT nip FROM workforce.employees WHERE agency_id = $1) e ON e.nip = b.nip::bpchar
                WHERE e.nip IS NULL OR b.nip IS NULL)::int AS different`,
      [agency.id],
    );
    if (check.copied !== ROWS || check.imported !== ROWS || check.different !== 0) {
      throw new Error(`the two loads differ: ${JSON.stringify(check)}`);
    }

    // (3) For scale, not the target: psql \copy of the same employees, already resolved (ids, agency, unit and position),
    // into a copy of workforce.employees with its indexes, checks and foreign keys: what writing that table costs at all,
    // before any check of the file, outbox event or audit entry.
    const resolved = join(dir, 'employees-resolved.csv');
    await psql([
      '-c',
      `\\copy (SELECT id, nip, name, kind, agency_id, unit_id, position_id, email FROM workforce.employees WHERE agency_id = '${agency.id}') ` +
        `TO '${resolved.replace(/'/g, "''")}' WITH (FORMAT csv)`,
    ]);
    await psql([
      '-c',
      `CREATE TABLE bench_employees (LIKE workforce.employees INCLUDING ALL);
       ALTER TABLE bench_employees ADD FOREIGN KEY (agency_id) REFERENCES workforce.agencies(id),
         ADD FOREIGN KEY (unit_id) REFERENCES workforce.org_units(id), ADD FOREIGN KEY (position_id) REFERENCES workforce.positions(id)`,
    ]);
    const tableStart = process.hrtime.bigint();
    await psql([
      '-c',
      `\\copy bench_employees (id, nip, name, kind, agency_id, unit_id, position_id, email) FROM '${resolved.replace(/'/g, "''")}' WITH (FORMAT csv)`,
    ]);
    const tableSeconds = seconds(tableStart);
    const [{ n: tableRows }] = await db.query(`SELECT count(*)::int AS n FROM bench_employees`);
    if (tableRows !== ROWS) throw new Error(`the copy into an employees table holds ${tableRows} rows`);

    // (4) The least any import can do: the same resolved rows into a table holding only the two keys this issue itself
    // requires (the id, and the NIP unique, since a re-import is idempotent by NIP), no other index, check or foreign
    // key. Its time over the bare copy's is the lowest ratio any import into a keyed table can reach.
    const keysRuns: number[] = [];
    for (let run = 0; run < COPY_RUNS; run++) {
      await psql([
        '-c',
        `DROP TABLE IF EXISTS bench_keys;
         CREATE TABLE bench_keys (id uuid PRIMARY KEY, nip char(18) NOT NULL UNIQUE, name text, kind text, agency_id uuid, unit_id uuid,
           position_id uuid, email text)`,
      ]);
      const keysStart = process.hrtime.bigint();
      await psql([
        '-c',
        `\\copy bench_keys (id, nip, name, kind, agency_id, unit_id, position_id, email) FROM '${resolved.replace(/'/g, "''")}' WITH (FORMAT csv)`,
      ]);
      keysRuns.push(seconds(keysStart));
    }
    const keysSeconds = median(keysRuns);
    const [{ n: keysRows }] = await db.query(`SELECT count(*)::int AS n FROM bench_keys`);
    if (keysRows !== ROWS) throw new Error(`the copy into a keyed table holds ${keysRows} rows`);

    const importRate = Math.round(ROWS / importSeconds);
    const copyRate = Math.round(ROWS / copySeconds);
    const mib = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);
    console.log(`import (HTTP, streamed): ${importSeconds.toFixed(3)} s, ${importRate} rows/s, ${mib(importWalBytes)} MiB of WAL`);
    const runs = (values: number[]) => values.map((v) => v.toFixed(3)).join(', ');
    console.log(
      `psql \\copy (bare table): ${copySeconds.toFixed(3)} s (median of ${runs(copyRuns)}), ${copyRate} rows/s, ${mib(copyWalBytes)} MiB of WAL`,
    );
    console.log(`psql \\copy (a copy of workforce.employees: indexes, foreign keys): ${tableSeconds.toFixed(3)} s`);
    console.log(
      `psql \\copy (only a primary key and a unique NIP): ${keysSeconds.toFixed(3)} s (median of ${runs(keysRuns)}), ` +
        `${(keysSeconds / copySeconds).toFixed(2)}× the bare copy`,
    );
    console.log(
      `RESULT bench-import ratio=${(importSeconds / copySeconds).toFixed(2)} import_rows_per_s=${importRate} copy_rows_per_s=${copyRate} rows=${ROWS} ` +
        `employees_table_copy_s=${tableSeconds.toFixed(3)} ratio_to_employees_table_copy=${(importSeconds / tableSeconds).toFixed(2)} ` +
        `keys_only_copy_s=${keysSeconds.toFixed(3)} keys_only_ratio=${(keysSeconds / copySeconds).toFixed(2)}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await system.close();
  }
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`bench-import failed: ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
