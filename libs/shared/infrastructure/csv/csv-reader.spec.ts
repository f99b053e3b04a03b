import { Readable } from 'node:stream';
import { PayloadTooLargeException } from '@nestjs/common';
import { InvalidInputError } from '@kompeten/shared/kernel';
import { CsvRow, CsvRowProblem, readCsv } from './csv-reader';
import { ImportTally, Refusals, refuseUnlessPartial } from './import-report';

const read = async (text: string | string[], options = { required: ['a', 'b'], optional: ['c'] as string[] }) => {
  const rows: (CsvRow | CsvRowProblem)[] = [];
  const chunks = (Array.isArray(text) ? text : [text]).map((t) => Buffer.from(t, 'utf8'));
  for await (const row of readCsv(Readable.from(chunks), options)) rows.push(row);
  return rows;
};

describe('readCsv', () => {
  it('reads rows by header name with their physical line, across chunks, quoted newlines, BOM and blank lines', async () => {
    const rows = await read(['\ufeffa,b\r\n1, 2 \r\n\r\n"x\ny', '",3\n4,5\n']);
    expect(rows).toEqual([
      { line: 2, values: { a: '1', b: '2' } },
      { line: 4, values: { a: 'x\ny', b: '3' } },
      { line: 6, values: { a: '4', b: '5' } },
    ]);
  });

  it('numbers lines past quoted line breaks of either kind (a quoted CRLF is one line break) and blank lines', async () => {
    const rows = await read(['a,b\r\n"x\r\ny\r\nz",1\r\n', '\r\n  \r\n"p\nq",2\n', '3,"r\r', '\ns"\r\n5,6']);
    expect(rows).toEqual([
      { line: 2, values: { a: 'x\r\ny\r\nz', b: '1' } },
      { line: 7, values: { a: 'p\nq', b: '2' } },
      { line: 9, values: { a: '3', b: 'r\r\ns' } },
      { line: 11, values: { a: '5', b: '6' } },
    ]);
  });

  it('reports a row with the wrong number of fields by line and goes on', async () => {
    expect(await read('a,b\n1\n2,3\n')).toEqual([
      { line: 2, reason: 'expected 2 fields (a,b), found 1' },
      { line: 3, values: { a: '2', b: '3' } },
    ]);
  });

  it('refuses a header with a missing, unknown or repeated column (400)', async () => {
    await expect(read('a,x\n')).rejects.toThrow(InvalidInputError);
    await expect(read('a,b,b\n')).rejects.toThrow(/appears twice/);
    await expect(read('a,b,c\n1,2,3\n')).resolves.toHaveLength(1);
  });

  it('refuses an empty or malformed file (400) and too large a file (413)', async () => {
    await expect(read('')).rejects.toThrow(/empty/);
    await expect(read('a,b\n"1,2\n')).rejects.toThrow(/malformed/);
    const big = 'a,b\n' + '1,2\n'.repeat(10);
    const limited = async () => {
      for await (const _ of readCsv(Readable.from([Buffer.from(big)]), { required: ['a', 'b'], maxRows: 5 })) void _;
    };
    await expect(limited()).rejects.toThrow(PayloadTooLargeException);
    const bytes = async () => {
      for await (const _ of readCsv(Readable.from([Buffer.from(big)]), { required: ['a', 'b'], maxBytes: 10 })) void _;
    };
    await expect(bytes()).rejects.toThrow(PayloadTooLargeException);
  });
});

describe('import reports', () => {
  it('keeps the first reason of each line, in line order', () => {
    const refusals = new Refusals();
    refusals.refuse(5, 'first');
    refusals.refuse(2, 'other');
    refusals.refuse(5, 'second');
    expect(refusals.list()).toEqual([
      { line: 2, reason: 'other' },
      { line: 5, reason: 'first' },
    ]);
  });

  it('counts every row, refuses those the reader could not read, and reports both with the import’s own counts', async () => {
    const tally = new ImportTally();
    const lines: number[] = [];
    for await (const row of tally.readable(readCsv(Readable.from([Buffer.from('a,b\n1,2\n3\n4,5\n')]), { required: ['a', 'b'] }))) {
      lines.push(row.line);
    }
    tally.refuse(4, 'bad');
    expect(lines).toEqual([2, 4]);
    expect(tally.report('partial', { created: 1 })).toEqual({
      mode: 'partial',
      rows: 3,
      accepted: 1,
      refused: [
        { line: 3, reason: 'expected 2 fields (a,b), found 1' },
        { line: 4, reason: 'bad' },
      ],
      created: 1,
    });
  });

  it('refuses a file with refused rows unless partial (422 with the report)', () => {
    const report = { mode: 'all-or-nothing' as const, rows: 2, accepted: 1, refused: [{ line: 3, reason: 'bad' }] };
    expect(() => refuseUnlessPartial(report)).toThrow(expect.objectContaining({ kind: 'rule', extensions: { report } }));
    expect(() => refuseUnlessPartial({ ...report, mode: 'partial' })).not.toThrow();
    expect(() => refuseUnlessPartial({ ...report, refused: [] })).not.toThrow();
  });
});
