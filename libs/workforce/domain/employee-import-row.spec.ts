import { checkEmployeeRow } from './employee-import-row';

const today = new Date('2026-01-15T00:00:00Z');
const good = ['198503152010011001', ' Budi Santoso ', 'PNS', 'KEMENKEU', 'SETJEN', 'ANALIS-SDM', 'budi@kemenkeu.go.id'];

describe('checkEmployeeRow', () => {
  it('accepts a good row, trimmed, with an empty e-mail as null', () => {
    expect(checkEmployeeRow(good, today)).toEqual({
      ok: true,
      row: {
        nip: '198503152010011001',
        name: 'Budi Santoso',
        kind: 'PNS',
        agencyCode: 'KEMENKEU',
        unitCode: 'SETJEN',
        positionCode: 'ANALIS-SDM',
        email: 'budi@kemenkeu.go.id',
      },
    });
    const noEmail = checkEmployeeRow([...good.slice(0, 6), ' '], today);
    expect(noEmail.ok && noEmail.row.email).toBeNull();
  });

  it('names every broken rule of a row', () => {
    const check = checkEmployeeRow(['198503152010013001', '', 'HONORER', '', 'U', 'P', 'budi@'], today);
    expect(check).toEqual({
      ok: false,
      nip: '198503152010013001',
      reason:
        'nip: digit 15 must be 1 (male) or 2 (female); name: must not be empty; kind: must be PNS or PPPK; agencyCode: must not be empty; email: is not a valid e-mail address',
    });
  });

  it('refuses a row with the wrong number of fields, a NUL, or an over-long name', () => {
    expect(checkEmployeeRow(good.slice(0, 5), today)).toMatchObject({ ok: false, reason: expect.stringMatching(/found 5$/) });
    expect(checkEmployeeRow([...good, 'extra'], today)).toMatchObject({ ok: false, reason: expect.stringMatching(/found 8$/) });
    expect(checkEmployeeRow([good[0], 'Bu\u0000di', ...good.slice(2)], today)).toMatchObject({
      ok: false,
      reason: 'name: contains a NUL character',
    });
    expect(checkEmployeeRow([good[0], 'x'.repeat(201), ...good.slice(2)], today)).toMatchObject({
      ok: false,
      reason: 'name: must be at most 200 characters',
    });
  });

  it('echoes at most 40 characters of something that is not a NIP', () => {
    const check = checkEmployeeRow(['9'.repeat(100), ...good.slice(1)], today);
    expect(check.ok).toBe(false);
    expect(!check.ok && check.nip).toBe(`${'9'.repeat(40)}…`);
  });
});
