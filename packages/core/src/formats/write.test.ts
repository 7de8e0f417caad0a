// The shared writers: GBK/GB18030 encoding checked against the platform's decoder, CSV quoting and
// line ends, and the streaming XLSX package (structure, dates, the sheet row limit).
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { unzipSync } from 'fflate';
import { encodeGbk, gbkEncodeInto, gbkTable } from './gbk-encode.ts';
import { CsvByteWriter, csvQuote, encodeCsv } from './csv-write.ts';
import { XLSX_MAX_ROWS, createXlsxWriter, escapeXml, excelSerialOf, xlsxDate } from './xlsx-write.ts';

const gbk = new TextDecoder('gbk');
const gb18030 = new TextDecoder('gb18030');

describe('GBK encoding', () => {
  it('encodes the published bytes of common text', () => {
    expect([...encodeGbk('包头')]).toEqual([0xb0, 0xfc, 0xcd, 0xb7]);
    expect([...encodeGbk('稀土')]).toEqual([0xcf, 0xa1, 0xcd, 0xc1]);
    expect([...encodeGbk('A1,')]).toEqual([0x41, 0x31, 0x2c]);
  });

  it('round-trips every character of the two-byte table through the platform decoders', () => {
    const table = gbkTable();
    let chars = '';
    let pua = '';
    for (let c = 0x80; c < 0x10000; c++) {
      if ((table[c] ?? 0) === 0) continue;
      if (c >= 0xe000 && c <= 0xf8ff) pua += String.fromCharCode(c);
      else chars += String.fromCharCode(c);
    }
    expect(chars.length).toBeGreaterThan(21_000);
    expect(gb18030.decode(encodeGbk(chars))).toBe(chars);
    // Private-use mappings of code page 936 read back through the GBK decoder.
    expect(gbk.decode(encodeGbk(pua))).toBe(pua);
    // The unified CJK ideographs of GBK read back the same through a GBK-only decoder (Excel).
    let cjk = '';
    for (let c = 0x4e00; c <= 0x9fa5; c++) cjk += String.fromCharCode(c);
    expect(gbk.decode(encodeGbk(cjk))).toBe(cjk);
  });

  it('round-trips symbols, full-width forms and four-byte GB18030 characters', () => {
    expect([...encodeGbk('€')]).toEqual([0x80]);
    for (const text of ['≥99.5%', '±2%', '（含税）', '１２３', 'Nd₂O₃', '𠀀𪚥', '€', 'é'])
      expect(gb18030.decode(encodeGbk(text))).toBe(text);
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), (raw) => {
        // Private-use characters have two meanings (code page 936 vs GB18030-2005): left out.
        const text = raw.replace(/[\ue000-\uf8ff]/g, '');
        return gb18030.decode(encodeGbk(text)) === text;
      }),
      { numRuns: 300 },
    );
  });

  it('round-trips every BMP character outside the private-use area', () => {
    let text = '';
    for (let c = 0x80; c < 0x10000; c++) {
      if ((c >= 0xd800 && c <= 0xdfff) || (c >= 0xe000 && c <= 0xf8ff)) continue;
      text += String.fromCharCode(c);
    }
    expect(gb18030.decode(encodeGbk(text))).toBe(text);
  });

  it('writes into a buffer at an offset', () => {
    const buf = new Uint8Array(16);
    expect(gbkEncodeInto('氧化镨钕', buf, 2)).toBe(10);
    expect(gbk.decode(buf.subarray(2, 10))).toBe('氧化镨钕');
  });
});

describe('CSV writing', () => {
  it('quotes only what needs quoting and ends rows with CRLF', () => {
    expect(csvQuote('氧化镨钕')).toBe('氧化镨钕');
    expect(csvQuote('1,234.50')).toBe('"1,234.50"');
    expect(csvQuote('合同"BT-88"')).toBe('"合同""BT-88"""');
    expect(csvQuote('a\nb')).toBe('"a\nb"');
    const bytes = encodeCsv(['企业名称', 'remark'], [['包头市稀土有限公司', 'x,y']], 'gbk');
    expect(gbk.decode(bytes)).toBe('企业名称,remark\r\n包头市稀土有限公司,"x,y"\r\n');
  });

  it('starts UTF-8 files with a BOM and never GBK ones', () => {
    expect([...encodeCsv(['a'], [], 'utf8').slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect([...encodeCsv(['a'], [], 'gbk')]).toEqual([0x61, 0x0d, 0x0a]);
  });

  it('writes exact decimals straight from integers', () => {
    const w = new CsvByteWriter('utf8', 16);
    const cases: [number, number, boolean, string][] = [
      [0, 100, true, '0.00'],
      [5, 100, true, '0.05'],
      [-123405, 100, true, '-1234.05'],
      [100, 100, true, '1.00'],
      [987654321012, 100, true, '9876543210.12'],
      [1500, 1000, false, '1.5'],
      [1000, 1000, false, '1'],
      [1, 1000, false, '0.001'],
      [-2050, 1000, false, '-2.05'],
      [0, 1000, false, '0'],
      [35010, 100, false, '350.1'],
    ];
    for (const [value, scale, keep, text] of cases) {
      w.reserve(64);
      w.putFixed(value, scale, keep);
      expect(new TextDecoder().decode(w.take())).toBe(text);
    }
    fc.assert(
      fc.property(fc.integer({ min: -1e13, max: 1e13 }), (fen) => {
        w.reserve(64);
        w.putFixed(fen, 100, true);
        const text = new TextDecoder().decode(w.take());
        return Math.round(Number(text) * 100) === fen && /^-?\d+\.\d{2}$/.test(text);
      }),
    );
  });

  it('writes joined rows in one pass and falls back to quoting when a field holds a comma', () => {
    for (const encoding of ['gbk', 'utf8'] as const) {
      const w = new CsvByteWriter(encoding, 8);
      const fields = ['1500131130', '稀土', 'a,b', '𠀀'];
      w.joinedRow(fields.join(','), fields.length, () => fields);
      w.joinedRow('x,y', 2, () => ['x', 'y']);
      const text = new TextDecoder(encoding === 'gbk' ? 'gb18030' : 'utf-8').decode(w.take());
      expect(text).toBe('1500131130,稀土,"a,b",𠀀\r\nx,y\r\n');
    }
  });
});

function unzip(chunks: Uint8Array[]): Record<string, string> {
  const zip = new Uint8Array(chunks.reduce((a, c) => a + c.length, 0));
  let o = 0;
  for (const c of chunks) {
    zip.set(c, o);
    o += c.length;
  }
  const files = unzipSync(zip);
  return Object.fromEntries(Object.entries(files).map(([k, v]) => [k, new TextDecoder().decode(v)]));
}

describe('XLSX writing', () => {
  it('writes a workbook with inline strings, numbers and dated cells', () => {
    const chunks: Uint8Array[] = [];
    const w = createXlsxWriter({ onChunk: (c) => chunks.push(c), columnWidths: [12, 20] });
    w.addRow(['开票日期', '金额', '备注']);
    w.addRow([xlsxDate('2013-08-15'), 461538.46, ' <含税> & "运费" ']);
    w.addRow(['a', null, 'c']);
    w.addRow([null, undefined, '']);
    w.finish();
    const files = unzip(chunks);
    const sheet = files['xl/worksheets/sheet1.xml'] ?? '';
    expect(sheet).toContain('<row r="2"><c s="1"><v>41501</v></c><c><v>461538.46</v></c>');
    expect(sheet).toContain('<t xml:space="preserve"> &lt;含税&gt; &amp; &quot;运费&quot; </t>');
    expect(sheet).toContain('<row r="3"><c t="inlineStr"><is><t>a</t></is></c><c r="C3" t="inlineStr">');
    expect(sheet).toContain('<row r="4"></row>');
    expect(files['xl/styles.xml']).toContain('formatCode="yyyy\\-mm\\-dd"');
    expect(excelSerialOf('2013-08-15')).toBe(41501);
    expect(excelSerialOf('1900-03-01')).toBe(61);
    expect(escapeXml('a\u0001b')).toBe('ab');
  });

  it('is byte-identical run to run and refuses a row beyond the sheet limit', () => {
    const run = (): Uint8Array[] => {
      const chunks: Uint8Array[] = [];
      const w = createXlsxWriter({ onChunk: (c) => chunks.push(c) });
      w.addRow(['x', 1]);
      w.finish();
      return chunks;
    };
    expect(run()).toEqual(run());
    const w = createXlsxWriter({ onChunk: () => undefined, level: 0 });
    const empty: null[] = [];
    for (let i = 0; i < XLSX_MAX_ROWS; i++) w.addRow(empty);
    expect(w.remainingRows).toBe(0);
    expect(() => w.addRow(empty)).toThrow(/at most 1048576 rows/);
    w.finish();
  });
});
