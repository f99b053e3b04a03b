import { checkNip } from './nip';

const TODAY = new Date(Date.UTC(2025, 5, 15)); // 2025-06-15

function reasonOf(value: unknown): string {
  const check = checkNip(value, TODAY);
  if (check.ok) throw new Error(`${String(value)} was accepted`);
  return check.reason;
}

describe('checkNip', () => {
  it('accepts a well-formed NIP: birth date, appointment year+month, sex, serial', () => {
    expect(checkNip('198503152010011001', TODAY)).toEqual({ ok: true, nip: '198503152010011001' });
    expect(checkNip('199002282015122999', TODAY)).toEqual({ ok: true, nip: '199002282015122999' });
  });

  it('trims surrounding whitespace', () => {
    expect(checkNip('  198503152010011001\n', TODAY)).toEqual({ ok: true, nip: '198503152010011001' });
  });

  it('accepts a leap day in a leap year', () => {
    expect(checkNip('200002292020011001', TODAY).ok).toBe(true);
    expect(checkNip('198802292010012001', TODAY).ok).toBe(true);
  });

  describe('18 digits', () => {
    it.each([
      ['17 digits', '19850315201001100'],
      ['19 digits', '1985031520100110011'],
      ['letters', '19850315201001100A'],
      ['inner space', '19850315 201001100'],
      ['dashes', '19850315-201001-1-001'],
      ['empty', ''],
      ['full-width digits', '１９８５０３１５２０１００１１００１'],
      ['Arabic-Indic digits', '١٩٨٥٠٣١٥٢٠١٠٠١١٠٠١'],
      ['a sign', '+98503152010011001'],
    ])('refuses %s', (_, nip) => {
      expect(reasonOf(nip)).toBe('must be exactly 18 digits');
    });

    it.each([[198503152010011001], [null], [undefined], [{}], [['198503152010011001']], [true]])('refuses the non-string %p', (value) => {
      expect(reasonOf(value)).toBe('must be a string of 18 digits');
    });
  });

  describe('digits 1-8: a real birth date', () => {
    it.each([
      ['month 13', '198513152010011001'],
      ['month 00', '198500152010011001'],
      ['day 00', '198503002010011001'],
      ['day 32', '198503322010011001'],
      ['31 April', '198504312010011001'],
      ['30 February', '198502302010011001'],
      ['29 February of a common year', '198502292010011001'],
      ['29 February 1900 (not a leap year)', '190002292010011001'],
      ['year 0000', '000003152010011001'],
      ['year before 1900', '189912312010011001'],
    ])('refuses %s', (_, nip) => {
      expect(reasonOf(nip)).toMatch(/^digits 1-8 must be a real birth date/);
    });

    it('refuses a birth date after today', () => {
      expect(reasonOf('202506162025121001')).toMatch(/^digits 1-8 must be a real birth date.*future/);
      expect(reasonOf('203001012026011001')).toMatch(/^digits 1-8 must be a real birth date/);
      expect(checkNip('202506152025061001', TODAY).ok).toBe(true); // born today, in principle
    });
  });

  describe('digits 9-14: a real year and month of appointment', () => {
    it.each([
      ['month 00', '198503152010001001'],
      ['month 13', '198503152010131001'],
      ['month 99', '198503152010991001'],
      ['year 0000', '198503150000011001'],
      ['year before 1900', '198503151899121001'],
      ['a year beyond next year', '198503152027011001'],
    ])('refuses %s', (_, nip) => {
      expect(reasonOf(nip)).toBe('digits 9-14 must be a real year and month of appointment (YYYYMM)');
    });

    it('accepts an appointment up to next year (appointments are decided ahead)', () => {
      expect(checkNip('198503152026121001', TODAY).ok).toBe(true);
    });

    it('refuses an appointment before the birth', () => {
      expect(reasonOf('198503151984121001')).toMatch(/cannot precede the birth date/);
      expect(reasonOf('198503151985021001')).toMatch(/cannot precede the birth date/);
    });
  });

  describe('digit 15: sex', () => {
    it.each(['0', '3', '9'])('refuses %s', (digit) => {
      expect(reasonOf(`19850315201001${digit}001`)).toBe('digit 15 must be 1 (male) or 2 (female)');
    });
    it.each(['1', '2'])('accepts %s', (digit) => {
      expect(checkNip(`19850315201001${digit}001`, TODAY).ok).toBe(true);
    });
  });

  it('reports the first rule broken, in digit order', () => {
    expect(reasonOf('198513152010133001')).toMatch(/^digits 1-8/);
    expect(reasonOf('198503152010133001')).toMatch(/^digits 9-14/);
  });

  it('any serial (digits 16-18) is fine', () => {
    expect(checkNip('198503152010011000', TODAY).ok).toBe(true);
    expect(checkNip('198503152010011999', TODAY).ok).toBe(true);
  });
});
