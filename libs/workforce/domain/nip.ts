/**
 * NIP, the 18-digit national employee number: birth date (YYYYMMDD),
 * appointment year and month (YYYYMM), sex (1 male, 2 female), serial (3).
 */
export type NipCheck = { ok: true; nip: string } | { ok: false; reason: string };

function realDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function checkNip(value: unknown, today: Date = new Date()): NipCheck {
  if (typeof value !== 'string') return { ok: false, reason: 'must be a string of 18 digits' };
  const nip = value.trim();
  if (!/^\d{18}$/.test(nip)) return { ok: false, reason: 'must be exactly 18 digits' };
  const by = Number(nip.slice(0, 4));
  const bm = Number(nip.slice(4, 6));
  const bd = Number(nip.slice(6, 8));
  const thisYear = today.getUTCFullYear();
  if (by < 1900 || !realDate(by, bm, bd)) return { ok: false, reason: 'digits 1-8 must be a real birth date (YYYYMMDD)' };
  if (Date.UTC(by, bm - 1, bd) > today.getTime())
    return { ok: false, reason: 'digits 1-8 must be a real birth date (YYYYMMDD), not in the future' };
  const ay = Number(nip.slice(8, 12));
  const am = Number(nip.slice(12, 14));
  if (ay < 1900 || ay > thisYear + 1 || am < 1 || am > 12)
    return { ok: false, reason: 'digits 9-14 must be a real year and month of appointment (YYYYMM)' };
  if (ay * 12 + am < by * 12 + bm) return { ok: false, reason: 'the appointment (digits 9-14) cannot precede the birth date (digits 1-8)' };
  const sex = nip[14];
  if (sex !== '1' && sex !== '2') return { ok: false, reason: 'digit 15 must be 1 (male) or 2 (female)' };
  return { ok: true, nip };
}
