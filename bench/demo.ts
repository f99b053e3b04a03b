/**
 * Loads a realistic agency into a RUNNING Kompeten, through the API only:
 * org units, positions with their SKJ, 300 employees (CSV import), their
 * assessment results (CSV import), a catalogue of programs developing the
 * national competencies, each with a session that ran and one to come, and
 * some completions (JP credited). The worker then computes profiles and
 * recommendations.
 *
 * Idempotent: everything is found by its business key (codes, NIPs) and only
 * what is missing is created, so a second run changes nothing.
 *
 *   npm start                    (in another terminal)
 *   npm run demo                 (KOMPETEN_URL, default http://localhost:3000;
 *                                 KOMPETEN_ADMIN_EMAIL / KOMPETEN_ADMIN_PASSWORD, default the development admin)
 */
import { DEVELOPMENT_ADMIN } from '@config/environment';

const BASE = `${(process.env.KOMPETEN_URL ?? 'http://localhost:3000').replace(/\/+$/, '')}/api/v1`;
const AGENCY = { code: 'DEMO-KEMENAPARATUR', name: 'Kementerian Pendayagunaan Aparatur (demo)', kind: 'MINISTRY' };
const NATIONAL = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'];
const EMPLOYEES = 300;
const DAY = 86_400_000;

const UNITS: { code: string; name: string; parent?: string }[] = [
  { code: 'SETJEN', name: 'Sekretariat Jenderal' },
  { code: 'BIRO-SDM', name: 'Biro Sumber Daya Manusia', parent: 'SETJEN' },
  { code: 'BIRO-KEU', name: 'Biro Keuangan', parent: 'SETJEN' },
  { code: 'DIT-YANPUB', name: 'Direktorat Pelayanan Publik' },
  { code: 'DIT-KEBIJAKAN', name: 'Direktorat Kebijakan Aparatur' },
];

/** Positions with the usual required level of the national competencies for their kind (RULES.md). */
const POSITIONS = [
  { code: 'DEMO-KAROSDM', name: 'Kepala Biro', kind: 'JPT_PRATAMA', level: 4, share: 5 },
  { code: 'DEMO-KABAG', name: 'Kepala Bagian', kind: 'ADMINISTRATOR', level: 3, share: 20 },
  { code: 'DEMO-KASUBBAG', name: 'Kepala Subbagian', kind: 'PENGAWAS', level: 2, share: 50 },
  { code: 'DEMO-ANALIS', name: 'Analis Sumber Daya Manusia Aparatur', kind: 'PELAKSANA', level: 1, share: 125 },
  { code: 'DEMO-PENGELOLA', name: 'Pengelola Layanan Kepegawaian', kind: 'PELAKSANA', level: 1, share: 100 },
];

const PROGRAMS = [
  { code: 'DEMO-INTEGRITAS', title: 'Pelatihan Integritas dan Antikorupsi', mode: 'CLASSROOM', jp: 24, competency: 'M.01', target: 4 },
  { code: 'DEMO-KERJASAMA', title: 'Membangun Kerja Sama Tim', mode: 'BLENDED', jp: 16, competency: 'M.02', target: 3 },
  { code: 'DEMO-KOMUNIKASI', title: 'Komunikasi Efektif di Birokrasi', mode: 'E_LEARNING', jp: 12, competency: 'M.03', target: 4 },
  { code: 'DEMO-ORIENTASIHASIL', title: 'Manajemen Kinerja Berorientasi Hasil', mode: 'CLASSROOM', jp: 20, competency: 'M.04', target: 4 },
  { code: 'DEMO-PELAYANAN', title: 'Pelayanan Publik Prima', mode: 'CLASSROOM', jp: 20, competency: 'M.05', target: 3 },
  { code: 'DEMO-COACHING', title: 'Coaching dan Mentoring bagi Atasan', mode: 'COACHING', jp: 16, competency: 'M.06', target: 4 },
  { code: 'DEMO-PERUBAHAN', title: 'Workshop Mengelola Perubahan', mode: 'WORKSHOP', days: 2, competency: 'M.07', target: 4 },
  { code: 'DEMO-KEPUTUSAN', title: 'Pengambilan Keputusan Berbasis Data', mode: 'CLASSROOM', jp: 24, competency: 'M.08', target: 4 },
  { code: 'DEMO-KEBANGSAAN', title: 'Wawasan Kebangsaan dan Nilai Bela Negara', mode: 'SEMINAR', days: 1, competency: 'SK.01', target: 3 },
];
/** Programs whose session that ran has completions, and how many. */
const COMPLETIONS: Record<string, number> = { 'DEMO-INTEGRITAS': 25, 'DEMO-PELAYANAN': 20, 'DEMO-KEBANGSAAN': 30 };

const FIRST = [
  'Agus',
  'Budi',
  'Citra',
  'Dewi',
  'Eko',
  'Fitri',
  'Gita',
  'Hendra',
  'Indah',
  'Joko',
  'Kartika',
  'Lestari',
  'Made',
  'Nur',
  'Putri',
  'Rizky',
  'Sari',
  'Teguh',
  'Wahyu',
  'Yuni',
];
const LAST = [
  'Santoso',
  'Wijaya',
  'Saputra',
  'Lestari',
  'Hidayat',
  'Pratama',
  'Kusuma',
  'Nugroho',
  'Siregar',
  'Harahap',
  'Simanjuntak',
  'Wibowo',
  'Rahmawati',
  'Setiawan',
  'Nasution',
];

let token = '';
const created: Record<string, number> = {};
const count = (what: string, n = 1) => (created[what] = (created[what] ?? 0) + n);

async function api<T = any>(
  method: string,
  path: string,
  body?: unknown,
  expect: number[] = [200, 201],
  contentType = 'application/json',
): Promise<T> {
  const response = await fetch(BASE + path, {
    method,
    headers: { 'content-type': contentType, ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  if (!expect.includes(response.status)) throw new Error(`${method} ${path}: ${response.status} ${text.slice(0, 1000)}`);
  return (text ? JSON.parse(text) : undefined) as T;
}

async function all<T = any>(path: string): Promise<T[]> {
  const items: T[] = [];
  const sep = path.includes('?') ? '&' : '?';
  for (let cursor: string | null = null; ;) {
    const page: { items: T[]; nextCursor: string | null } = await api(
      'GET',
      `${path}${sep}limit=500${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    items.push(...page.items);
    cursor = page.nextCursor;
    if (!cursor) return items;
  }
}

/** A valid, fixed NIP for the i-th employee: born 1968–1990, appointed 2012-03, serial i. */
function nip(i: number): string {
  const born = new Date(Date.UTC(1968, 0, 1) + ((i * 97) % 8000) * DAY);
  return `${born.toISOString().slice(0, 10).replace(/-/g, '')}201203${1 + (i % 2)}${String(i % 1000).padStart(3, '0')}`;
}

const positionOf = (i: number) => {
  let n = i;
  for (const p of POSITIONS) {
    if (n < p.share) return p;
    n -= p.share;
  }
  return POSITIONS[POSITIONS.length - 1];
};

async function agency(): Promise<string> {
  const [found] = (await api('GET', `/agencies?code=${AGENCY.code}`)).items;
  if (found) return found.id;
  count('agencies');
  return (await api('POST', '/agencies', AGENCY)).id;
}

async function units(agencyId: string): Promise<void> {
  const existing = new Map((await all(`/agencies/${agencyId}/units`)).map((u: any) => [u.code, u.id]));
  for (const unit of UNITS) {
    if (existing.has(unit.code)) continue;
    const parentId = unit.parent ? existing.get(unit.parent) : undefined;
    const body = await api('POST', `/agencies/${agencyId}/units`, { code: unit.code, name: unit.name, ...(parentId ? { parentId } : {}) });
    existing.set(unit.code, body.id);
    count('units');
  }
}

async function positions(agencyId: string): Promise<void> {
  for (const p of POSITIONS) {
    let [found] = (await api('GET', `/positions?code=${p.code}`)).items;
    if (!found) {
      found = await api('POST', '/positions', { code: p.code, name: p.name, kind: p.kind, agencyId });
      count('positions');
    }
    const standard = await api('GET', `/positions/${found.id}/standard`, undefined, [200, 404]);
    if (standard && standard.items?.length && standard.status !== 'DRAFT') continue;
    await api('PUT', `/positions/${found.id}/standard`, {
      version: standard && standard.status !== 'DRAFT' ? standard.version : 0,
      items: NATIONAL.map((competencyCode) => ({ competencyCode, requiredLevel: p.level })),
    });
    count('position standards');
  }
}

async function employees(agencyId: string): Promise<Map<string, { id: string; i: number }>> {
  const existing = new Set((await all(`/employees?agencyId=${agencyId}`)).map((e: any) => e.nip));
  const rows: string[] = [];
  for (let i = 0; i < EMPLOYEES; i++) {
    if (existing.has(nip(i))) continue;
    const name = `${FIRST[i % FIRST.length]} ${LAST[(i * 7) % LAST.length]}`;
    rows.push([nip(i), name, i % 10 === 9 ? 'PPPK' : 'PNS', AGENCY.code, UNITS[i % UNITS.length].code, positionOf(i).code, ''].join(','));
  }
  if (rows.length) {
    const csv = ['nip,name,kind,agencyCode,unitCode,positionCode,email', ...rows].join('\n') + '\n';
    const report = await api('POST', '/employees/import', csv, [200], 'text/csv');
    if (report.accepted !== rows.length) throw new Error(`employee import refused rows: ${JSON.stringify(report).slice(0, 1000)}`);
    count('employees', rows.length);
  }
  const byNip = new Map<string, { id: string; i: number }>();
  const ids = new Map((await all(`/employees?agencyId=${agencyId}`)).map((e: any) => [e.nip, e.id]));
  for (let i = 0; i < EMPLOYEES; i++) if (ids.has(nip(i))) byNip.set(nip(i), { id: ids.get(nip(i))!, i });
  return byNip;
}

async function assessments(agencyId: string, people: Map<string, { id: string; i: number }>): Promise<void> {
  const assessed = new Set((await all(`/assessments?agencyId=${agencyId}&status=COMPLETED`)).map((a: any) => a.employeeId));
  const assessedAt = new Date(Date.now() - 30 * DAY).toISOString().slice(0, 10);
  const rows: string[] = [];
  for (const [n, { id, i }] of people) {
    if (assessed.has(id)) continue;
    const required = positionOf(i).level;
    NATIONAL.forEach((code, k) => {
      const level = Math.min(5, Math.max(1, required + (((i * 7 + k * 3) % 4) - 2)));
      rows.push([n, code, level, assessedAt, 'UPT Penilaian Kompetensi ASN', 'ASSESSMENT_CENTER', 'MAPPING'].join(','));
    });
  }
  if (!rows.length) return;
  const csv = ['nip,competencyCode,level,assessedAt,providerName,method,purpose', ...rows].join('\n') + '\n';
  const report = await api('POST', '/assessments/import', csv, [200], 'text/csv');
  if (report.refused?.length) throw new Error(`assessment import refused rows: ${JSON.stringify(report.refused.slice(0, 5))}`);
  count('assessments', rows.length / NATIONAL.length);
}

async function catalogue(agencyId: string, people: Map<string, { id: string; i: number }>): Promise<void> {
  const everyone = [...people.values()].sort((a, b) => a.i - b.i);
  for (const [index, p] of PROGRAMS.entries()) {
    let [program] = (await api('GET', `/training-programs?code=${p.code}`)).items;
    if (!program) {
      program = await api('POST', '/training-programs', {
        code: p.code,
        title: p.title,
        deliveryMode: p.mode,
        ...(p.days ? { days: p.days } : { jp: p.jp }),
        provider: 'Pusat Pengembangan Kompetensi ASN',
        international: false,
        maxClassSize: 30,
        agencyId,
        competencies: [{ competencyCode: p.competency, targetLevel: p.target }],
      });
      count('programs');
    }
    const sessions = await all(`/training-programs/${program.id}/sessions`);
    const place =
      p.mode === 'E_LEARNING' ? { onlineUrl: 'https://elearning.example.go.id/kelas' } : { location: 'Gedung Pusbang ASN, Jakarta' };
    let ran = sessions.find((s: any) => s.status === 'DONE');
    if (!ran) {
      const start = new Date(Math.floor(Date.now() / DAY) * DAY - (40 + index) * DAY + 1 * 3600_000);
      ran = await api('POST', `/training-programs/${program.id}/sessions`, {
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + 2 * DAY + 8 * 3600_000).toISOString(),
        capacity: 30,
        status: 'DONE',
        ...place,
      });
      count('sessions');
    }
    if (!sessions.some((s: any) => s.status === 'SCHEDULED')) {
      const start = new Date(Math.floor(Date.now() / DAY) * DAY + (20 + 7 * index) * DAY + 1 * 3600_000);
      await api('POST', `/training-programs/${program.id}/sessions`, {
        startsAt: start.toISOString(),
        endsAt: new Date(start.getTime() + DAY + 8 * 3600_000).toISOString(),
        capacity: 25,
        enrolmentDeadline: new Date(start.getTime() - 3 * DAY).toISOString(),
        ...place,
      });
      count('sessions');
    }
    // Completions of the session that ran: employees chosen by a fixed rule, each completed once.
    const wanted = COMPLETIONS[p.code] ?? 0;
    if (!wanted) continue;
    const enrolments = await all(`/enrollments?sessionId=${ran.id}`);
    const enrolled = new Set(enrolments.filter((e: any) => e.status !== 'CANCELLED').map((e: any) => e.employeeId));
    const chosen = everyone.filter((e) => (e.i + index) % 9 === 0).slice(0, wanted);
    for (const e of chosen) {
      if (enrolled.has(e.id)) continue;
      enrolments.push(await api('POST', `/training-sessions/${ran.id}/enrollments`, { employeeId: e.id }));
      count('enrolments');
    }
    for (const e of enrolments) {
      if (e.status !== 'ENROLLED') continue;
      await api('POST', `/enrollments/${e.id}/complete`, {}, [200, 201]);
      count('completions');
    }
  }
}

/** The demo agency's people with accounts, and their development passwords (also in the README). */
const DEMO_USERS = {
  admin: { email: 'admin@demo-kemenaparatur.go.id', password: 'demo-admin-2026', role: 'AGENCY_ADMIN' },
  assessor: { email: 'asesor@demo-kemenaparatur.go.id', password: 'demo-asesor-2026', role: 'ASSESSOR' },
  /** Employee 0 completed DEMO-INTEGRITAS (still to evaluate), 1 states a need, 2 has a record awaiting verification. */
  employees: [0, 1, 2].map((i) => ({
    email: `pegawai${i + 1}@demo-kemenaparatur.go.id`,
    password: 'demo-pegawai-2026',
    role: 'EMPLOYEE',
    i,
  })),
};

/** Signs in as someone else for a few calls, then back as the bootstrap admin. */
async function as<T>(user: { email: string; password: string }, work: () => Promise<T>): Promise<T> {
  const admin = token;
  token = (await api('POST', '/auth/token', { email: user.email, password: user.password }, [200])).accessToken;
  try {
    return await work();
  } finally {
    token = admin;
  }
}

async function users(agencyId: string, people: Map<string, { id: string; i: number }>): Promise<void> {
  const byIndex = new Map([...people.values()].map((p) => [p.i, p.id]));
  const ensure = async (user: { email: string; password: string; role: string }, body: Record<string, unknown>) => {
    const [found] = (await api('GET', `/users?email=${encodeURIComponent(user.email)}`)).items;
    if (found) return;
    await api('POST', '/users', { email: user.email, password: user.password, role: user.role, ...body });
    count('users');
  };
  await ensure(DEMO_USERS.admin, { agencyId });
  await ensure(DEMO_USERS.assessor, { assessorAgencyIds: [agencyId] });
  for (const user of DEMO_USERS.employees) await ensure(user, { agencyId, employeeId: byIndex.get(user.i) });

  // Employee 1 states a training need (once).
  const [, second, third] = DEMO_USERS.employees;
  await as(second, async () => {
    if ((await api('GET', '/training-needs')).items.length) return;
    await api('POST', '/training-needs', {
      competencyCode: 'M.03',
      priority: 'HIGH',
      reason: 'Sering memimpin rapat koordinasi lintas unit',
    });
    count('training needs');
  });
  // Employee 2 records a workshop done outside the catalogue; it awaits the agency admin's verification.
  await as(third, async () => {
    const id = byIndex.get(third.i)!;
    if ((await api('GET', `/employees/${id}/development-records`)).items.length) return;
    const year = new Date().getFullYear();
    await api('POST', `/employees/${id}/development-records`, {
      kind: 'WORKSHOP',
      name: 'Workshop Penyusunan Analisis Jabatan',
      provider: 'Lembaga Administrasi Negara',
      certificateNumber: `LAN/WS/${year}/0042`,
      days: 1,
      startDate: `${year}-01-15`,
      endDate: `${year}-01-15`,
    });
    count('development records');
  });
}

async function main(): Promise<void> {
  const email = process.env.KOMPETEN_ADMIN_EMAIL ?? DEVELOPMENT_ADMIN.email;
  const password = process.env.KOMPETEN_ADMIN_PASSWORD ?? DEVELOPMENT_ADMIN.password;
  try {
    token = (await api('POST', '/auth/token', { email, password }, [200])).accessToken;
  } catch (error) {
    throw new Error(`cannot sign in at ${BASE} as ${email} (is Kompeten running? npm start): ${(error as Error).message}`);
  }
  const agencyId = await agency();
  await units(agencyId);
  await positions(agencyId);
  const people = await employees(agencyId);
  await assessments(agencyId, people);
  await catalogue(agencyId, people);
  await users(agencyId, people);
  const summary = Object.entries(created).map(([what, n]) => `${n} ${what}`);
  process.stdout.write(
    `demo agency ${AGENCY.code} (${agencyId}) at ${BASE}: ${summary.length ? `created ${summary.join(', ')}` : 'already loaded, nothing changed'}\n` +
      `profiles and recommendations follow in the worker within seconds, e.g. GET /api/v1/employees/${people.values().next().value?.id}/recommendations\n` +
      `sign in (development passwords) with POST /api/v1/auth/token as:\n` +
      [
        [DEMO_USERS.admin, 'agency admin (HR) of the demo agency'],
        [DEMO_USERS.assessor, 'assessor for the demo agency'],
        [DEMO_USERS.employees[0], 'employee with a completed training still to evaluate'],
        [DEMO_USERS.employees[1], 'employee with a stated training need'],
        [DEMO_USERS.employees[2], 'employee with a development record awaiting verification'],
      ]
        .map(([user, who]) => `  ${(user as { email: string }).email} / ${(user as { password: string }).password}  (${who})\n`)
        .join(''),
  );
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    process.stderr.write(`demo failed: ${error.message}\n`);
    process.exit(1);
  },
);
