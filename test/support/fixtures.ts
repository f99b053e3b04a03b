import { Http, validNip } from './system';

export const NATIONAL_CODES = ['M.01', 'M.02', 'M.03', 'M.04', 'M.05', 'M.06', 'M.07', 'M.08', 'SK.01'];

let counter = 0;
/** A unique suffix for business keys, so test files never collide. */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}-${process.pid}-${Date.now().toString(36)}-${counter}`;
}

export interface AgencySetup {
  agencyId: string;
  unitId: string;
  positionId: string;
  adminEmail: string;
  admin: Http;
}

/** An agency with one unit, one ADMINISTRATOR position and an agency admin, created by a ministry admin. */
export async function setUpAgency(ministry: Http, password = 'agency-admin-pass'): Promise<AgencySetup> {
  const code = unique('AG');
  const agency = await ministry.post('/api/v1/agencies', { code, name: `Agency ${code}`, kind: 'AGENCY' });
  if (agency.status !== 201) throw new Error(`agency: ${agency.text}`);
  const unit = await ministry.post(`/api/v1/agencies/${agency.body.id}/units`, { code: 'U1', name: 'Unit 1' });
  if (unit.status !== 201) throw new Error(`unit: ${unit.text}`);
  const position = await ministry.post('/api/v1/positions', {
    code: unique('POS'),
    name: 'Analis',
    kind: 'ADMINISTRATOR',
    agencyId: agency.body.id,
  });
  if (position.status !== 201) throw new Error(`position: ${position.text}`);
  const adminEmail = `${code.toLowerCase()}@example.go.id`;
  const user = await ministry.post('/api/v1/users', { email: adminEmail, password, role: 'AGENCY_ADMIN', agencyId: agency.body.id });
  if (user.status !== 201) throw new Error(`user: ${user.text}`);
  return {
    agencyId: agency.body.id,
    unitId: unit.body.id,
    positionId: position.body.id,
    adminEmail,
    admin: await ministry.signIn(adminEmail, password),
  };
}

export async function registerEmployee(
  http: Http,
  setup: { agencyId: string; unitId: string; positionId: string },
  name = 'Pegawai',
): Promise<{ id: string; nip: string }> {
  const nip = validNip();
  const employee = await http.post('/api/v1/employees', {
    nip,
    name,
    kind: 'PNS',
    agencyId: setup.agencyId,
    unitId: setup.unitId,
    positionId: setup.positionId,
  });
  if (employee.status !== 201) throw new Error(`employee: ${employee.text}`);
  return { id: employee.body.id, nip };
}

/** Publishes an SKJ of the nine national competencies at the given levels (default 3 each). */
export async function publishStandard(
  http: Http,
  positionId: string,
  levels: number[] = NATIONAL_CODES.map(() => 3),
  extra: { competencyCode: string; requiredLevel: number }[] = [],
) {
  const current = await http.get(`/api/v1/positions/${positionId}/standard`);
  const version = current.status === 200 && current.body.status !== 'DRAFT' ? current.body.version : 0;
  const answer = await http.put(`/api/v1/positions/${positionId}/standard`, {
    version,
    items: [...NATIONAL_CODES.map((competencyCode, i) => ({ competencyCode, requiredLevel: levels[i] })), ...extra],
  });
  if (answer.status !== 200 && answer.status !== 201) throw new Error(`standard: ${answer.status} ${answer.text}`);
  return answer.body;
}

/** Creates a technical competency of the admin's agency defining the given levels (each with one indicator). */
export async function createTechnicalCompetency(http: Http, code: string, levels: number[] = [1, 2, 3, 4, 5]): Promise<void> {
  const answer = await http.post('/api/v1/competencies', {
    code,
    name: `Teknis ${code}`,
    type: 'TECHNICAL',
    definition: 'Kemampuan teknis.',
    levels: levels.map((level) => ({ level, description: `Level ${level}`, indicators: [{ number: `${level}.1`, text: 'Indikator' }] })),
  });
  if (answer.status !== 201) throw new Error(`competency ${code}: ${answer.status} ${answer.text}`);
}

/**
 * Creates, fills and completes an official assessment with the given levels for the nine national competencies,
 * and `technical` levels for the SKJ's technical ones.
 */
export async function completeAssessment(
  http: Http,
  employeeId: string,
  levels: number[],
  options: {
    purpose?: string;
    assessedAt?: string;
    method?: string;
    accredited?: boolean;
    technical?: { competencyCode: string; level: number }[];
  } = {},
): Promise<string> {
  const created = await http.post('/api/v1/assessments', {
    employeeId,
    purpose: options.purpose ?? 'MAPPING',
    method: options.method ?? 'ASSESSMENT_CENTER',
    providerName: 'UPT Penilaian Kompetensi',
    providerAccredited: options.accredited ?? true,
    assessorName: 'Asesor',
    assessedAt: options.assessedAt ?? new Date().toISOString().slice(0, 10),
  });
  if (created.status !== 201) throw new Error(`assessment: ${created.text}`);
  const results = await http.put(`/api/v1/assessments/${created.body.id}/results`, {
    version: created.body.version,
    items: [...NATIONAL_CODES.map((competencyCode, i) => ({ competencyCode, level: levels[i] })), ...(options.technical ?? [])].map(
      (item) => ({ ...item, evidence: 'assessment center' }),
    ),
  });
  if (results.status !== 200) throw new Error(`results: ${results.text}`);
  const completed = await http.post(`/api/v1/assessments/${created.body.id}/complete`, { version: results.body.version });
  if (completed.status !== 200) throw new Error(`complete: ${completed.text}`);
  return created.body.id;
}
