import { accepts, csvCell, csvText } from './csv-writer';

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
