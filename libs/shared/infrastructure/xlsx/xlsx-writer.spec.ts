import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { columnName, crc32, xlsxWorkbook } from './xlsx-writer';

/** A tiny ZIP reader: the central directory's entries, each inflated and its CRC checked against the one recorded. */
function unzip(file: Buffer): Map<string, string> {
  const end = file.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  expect(end).toBeGreaterThan(0);
  const count = file.readUInt16LE(end + 10);
  let at = file.readUInt32LE(end + 16);
  const parts = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    expect(file.readUInt32LE(at)).toBe(0x02014b50);
    const method = file.readUInt16LE(at + 10);
    const crc = file.readUInt32LE(at + 16);
    const packedSize = file.readUInt32LE(at + 20);
    const size = file.readUInt32LE(at + 24);
    const nameLength = file.readUInt16LE(at + 28);
    const extra = file.readUInt16LE(at + 30);
    const comment = file.readUInt16LE(at + 32);
    const local = file.readUInt32LE(at + 42);
    const name = file.subarray(at + 46, at + 46 + nameLength).toString('utf8');
    expect(file.readUInt32LE(local)).toBe(0x04034b50);
    const dataAt = local + 30 + file.readUInt16LE(local + 26) + file.readUInt16LE(local + 28);
    const packed = file.subarray(dataAt, dataAt + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : packed;
    expect(data.length).toBe(size);
    expect(crc32(data)).toBe(crc);
    parts.set(name, data.toString('utf8'));
    at += 46 + nameLength + extra + comment;
  }
  return parts;
}

const python = (() => {
  try {
    execFileSync('python3', ['-c', 'import zipfile, xml.dom.minidom']);
    return true;
  } catch {
    return false;
  }
})();

describe('xlsxWorkbook', () => {
  const book = xlsxWorkbook({
    name: 'Rencana 2027',
    header: ['no', 'title', 'budget'],
    rows: [
      [1, 'Pelatihan <Kepemimpinan> & "Manajemen"', 150_000_000],
      [2, ' leading space', null],
      [3, 'control\u0001char', 2_500_000.5],
    ],
    footer: [null, 'TOTAL', 152_500_000.5],
    moneyColumns: [2],
  });

  it('is a ZIP of the SpreadsheetML parts, with correct CRCs', () => {
    const parts = unzip(book);
    expect([...parts.keys()].sort()).toEqual(
      [
        '[Content_Types].xml',
        '_rels/.rels',
        'xl/_rels/workbook.xml.rels',
        'xl/styles.xml',
        'xl/workbook.xml',
        'xl/worksheets/sheet1.xml',
      ].sort(),
    );
    const sheet = parts.get('xl/worksheets/sheet1.xml')!;
    // Numbers are numbers, text is an inline string, markup is escaped, control characters are dropped.
    expect(sheet).toContain('<c r="C2" s="2"><v>150000000</v></c>');
    expect(sheet).toContain('<t>Pelatihan &lt;Kepemimpinan&gt; &amp; &quot;Manajemen&quot;</t>');
    expect(sheet).toContain('<t xml:space="preserve"> leading space</t>');
    expect(sheet).toContain('<t>controlchar</t>');
    expect(sheet).toContain('<c r="C5" s="3"><v>152500000.5</v></c>');
    expect(sheet).toContain('<dimension ref="A1:C5"/>');
    expect(parts.get('xl/workbook.xml')).toContain('<sheet name="Rencana 2027" sheetId="1" r:id="rId1"/>');
  });

  (python ? it : it.skip)('opens with Python’s zipfile, and every part is well-formed XML', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlsx-'));
    try {
      const file = join(dir, 'plan.xlsx');
      writeFileSync(file, book);
      const script = [
        'import sys, zipfile, xml.dom.minidom',
        'z = zipfile.ZipFile(sys.argv[1])',
        'assert z.testzip() is None',
        'for n in z.namelist(): xml.dom.minidom.parseString(z.read(n))',
        'd = xml.dom.minidom.parseString(z.read("xl/worksheets/sheet1.xml"))',
        'print(len(d.getElementsByTagName("row")), len(z.namelist()))',
      ].join('\n');
      expect(execFileSync('python3', ['-c', script, file]).toString().trim()).toBe('5 6');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('names columns A…Z, AA…', () => {
    expect([0, 25, 26, 27, 51, 52, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'AB', 'AZ', 'BA', 'ZZ', 'AAA']);
  });

  it('computes the standard CRC-32', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });
});
