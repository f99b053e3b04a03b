import type { Response } from 'express';
import { accepts, CSV_CONTENT_TYPE, csvCell, csvText, jsonOrCsv } from './csv-writer';

describe('csvText', () => {
  it('quotes what needs quoting, doubles quotes, ends lines with CRLF', () => {
    expect(
      csvText(
        ['a', 'b'],
        [
          ['x,y', 'say "hi"'],
          [1.5, null],
        ],
      ),
    ).toBe('a,b\r\n"x,y","say ""hi"""\r\n1.5,\r\n');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
  });

  it('defuses text a spreadsheet would run as a formula, but not numbers', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
  });
});

describe('accepts (content negotiation of exports)', () => {
  it('answers true only for the named media type, with or without parameters, among others', () => {
    expect(accepts('text/csv', 'text/csv')).toBe(true);
    expect(accepts('application/json, TEXT/CSV;charset=utf-8', 'text/csv')).toBe(true);
    expect(accepts('text/csv;q=0.5', 'text/csv')).toBe(true);
    expect(accepts('text/csv;q=0', 'text/csv')).toBe(false);
    expect(accepts('*/*', 'text/csv')).toBe(false);
    expect(accepts('text/csvx', 'text/csv')).toBe(false);
    expect(accepts(undefined, 'text/csv')).toBe(false);
  });
});

describe('jsonOrCsv', () => {
  const response = () => {
    const calls: string[] = [];
    const res = { vary: (field: string) => calls.push(`vary ${field}`), type: (type: string) => calls.push(`type ${type}`) };
    return { res: res as unknown as Response, calls };
  };
  const view = { items: [{ code: 'M.01', n: 2 }] };

  it('answers the view itself unless text/csv is asked for, and says it varies by Accept', () => {
    const { res, calls } = response();
    expect(jsonOrCsv('application/json', res, view, ['code', 'n'], (v) => v.items.map((i) => [i.code, i.n]))).toBe(view);
    expect(calls).toEqual(['vary Accept']);
  });

  it('answers the rows as CSV with the CSV content type on Accept: text/csv', () => {
    const { res, calls } = response();
    expect(jsonOrCsv('text/csv', res, view, ['code', 'n'], (v) => v.items.map((i) => [i.code, i.n]))).toBe('code,n\r\nM.01,2\r\n');
    expect(calls).toEqual(['vary Accept', `type ${CSV_CONTENT_TYPE}`]);
  });
});
