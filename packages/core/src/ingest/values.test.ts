import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseExactDecimal, yuanTextToFen } from '../domain/decimal.ts';
import { IMPORT_COLUMNS, describeIssue, detectFileFormat, ISSUE_CODES, normalizeHeader } from './index.ts';
import { mapHeader } from './columns.ts';
import {
  cleanCell,
  decimalOut,
  fnv1a64Hex,
  normalizeIdentity,
  parseDateText,
  parseOriginalReference,
  parseStatusText,
  parseTaxRateText,
  parseYesNo,
  readDecimal,
  readFen,
  shiftDecimal,
} from './values.ts';
import { KeyCounter } from './key-counter.ts';
import { createXmlTokenizer, parseXml } from '../formats/xml-read.ts';
import { readFileSync } from 'node:fs';

/** Bytes of a file under the repository's fixtures/ folder. */
const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));

describe('dates', () => {
  it.each([
    ['2013-08-15', '2013-08-15'],
    ['2013/8/15', '2013-08-15'],
    ['2013.8.15', '2013-08-15'],
    ['2013年08月15日', '2013-08-15'],
    ['2013年8月5日', '2013-08-05'],
    ['20130815', '2013-08-15'],
    ['2013-08-15 10:11:12', '2013-08-15'],
    ['2013/8/15 9:05', '2013-08-15'],
    ['2013-08-15T10:11:12+08:00', '2013-08-15'],
    ['２０１３－０８－１５', '2013-08-15'],
    ['2012-02-29', '2012-02-29'],
  ])('%s → %s', (text, iso) => expect(parseDateText(text)).toBe(iso));
  it.each(['2013-13-01', '2013-02-29', '15/08/2013', '2013-08', '41501', '2013-08-15 25:61x', ''])(
    'refuses %s',
    (text) => expect(parseDateText(text)).toBeUndefined(),
  );
});

describe('numbers', () => {
  it('reads decimals exactly like the domain parser, fast path or not', () => {
    const decimalText = fc.oneof(
      fc
        .tuple(
          fc.constantFrom('', '-', '+'),
          fc.stringMatching(/^\d{0,18}$/),
          fc.constantFrom('', '.'),
          fc.stringMatching(/^\d{0,8}$/),
        )
        .map((p) => p.join('')),
      fc.constantFrom(
        '1,234.50',
        '（1）',
        '(12.5)',
        '１２３．４',
        ' 7 ',
        '1e5',
        '.',
        '-',
        '0.000',
        '-0',
        '00012.3400',
      ),
    );
    fc.assert(
      fc.property(decimalText, (text) => {
        const d = parseExactDecimal(text);
        const ok = readDecimal(text);
        expect(ok).toBe(d !== undefined);
        if (d) {
          expect(decimalOut.text).toBe(d.text);
          expect(decimalOut.value).toBe(d.value);
          expect(decimalOut.scale).toBe(d.scale);
        }
        const fen = yuanTextToFen(text);
        expect(readFen(text)).toBe(fen === 0 ? 0 : fen);
      }),
      { numRuns: 2000 },
    );
  });
  it('rounds money half away from zero and never returns -0', () => {
    expect(readFen('461538.465')).toBe(46153847);
    expect(readFen('-12.345')).toBe(-1235);
    expect(readFen('-0.001')).toBe(0);
    expect(Object.is(readFen('-0.001'), -0)).toBe(false);
    expect(readFen('６３２，４７８．６４')).toBe(63247864);
  });
  it('shifts tonnes to kg without binary drift', () => {
    expect(shiftDecimal('1.005', 3)).toBe(1005);
    expect(shiftDecimal('4500.5', 3)).toBe(4500500);
    expect(shiftDecimal('0.125', 3)).toBe(125);
    expect(shiftDecimal('-0.5', 3)).toBe(-500);
  });
  it.each([
    ['13%', 0.13],
    ['0.13', 0.13],
    ['13', 0.13],
    ['17％', 0.17],
    ['3%', 0.03],
    ['1', 0.01],
    ['0', 0],
    ['免税', null],
    ['不征税', null],
    ['***', null],
  ])('tax rate %s → %s', (text, rate) => expect(parseTaxRateText(text)).toEqual({ rate }));
  it.each(['abc', '-13%', '100%', '120'])('refuses tax rate %s', (text) =>
    expect(parseTaxRateText(text)).toBeUndefined(),
  );
});

describe('yes/no and statuses', () => {
  it('reads both languages', () => {
    expect(['是', 'YES', 'true', '1', 'Y'].map(parseYesNo)).toEqual([true, true, true, true, true]);
    expect(['否', 'no', 'FALSE', '0', 'n'].map(parseYesNo)).toEqual([false, false, false, false, false]);
    expect(parseYesNo('maybe')).toBeUndefined();
    expect(
      [
        '正常',
        '作废',
        '已红冲',
        '部分红冲',
        'normal',
        'void',
        'reversed',
        'partly_reversed',
        'Partly reversed',
      ].map(parseStatusText),
    ).toEqual([
      'normal',
      'void',
      'reversed',
      'partly_reversed',
      'normal',
      'void',
      'reversed',
      'partly_reversed',
      'partly_reversed',
    ]);
    expect(parseStatusText('失控')).toBeUndefined();
  });
});

describe('invoice identity', () => {
  it('pads legacy codes and numbers, takes 20-digit numbers as they are, flags scientific notation', () => {
    expect(normalizeIdentity('1500131140', '861201', '')).toEqual({
      kind: 'legacy',
      code: '1500131140',
      number: '00861201',
      key: '1500131140-00861201',
    });
    expect(normalizeIdentity('50131140', '1', '')).toMatchObject({ key: '0050131140-00000001' });
    expect(normalizeIdentity('50001300111', '420315', '')).toMatchObject({ key: '050001300111-00420315' });
    expect(normalizeIdentity('1500131140.0', '861201.0', '')).toMatchObject({ key: '1500131140-00861201' });
    expect(normalizeIdentity('', '', '25152000000012345678')).toEqual({
      kind: 'digital',
      number: '25152000000012345678',
      key: '25152000000012345678',
    });
    expect(normalizeIdentity('', '25152000000012345678', '')).toMatchObject({ kind: 'digital' });
    expect(normalizeIdentity('', '2.5152E+19', '')).toMatchObject({ kind: 'mangled' });
    expect(normalizeIdentity('', '', '2.5152E+19')).toMatchObject({ kind: 'mangled' });
    expect(normalizeIdentity('1.50013E+09', '861201', '')).toMatchObject({ kind: 'mangled' });
  });
  it('refuses what cannot be an identity', () => {
    expect(normalizeIdentity('', '', '')).toMatchObject({
      kind: 'issue',
      field: 'invoice_number',
      code: 'missing_value',
    });
    expect(normalizeIdentity('', '861201', '')).toMatchObject({
      kind: 'issue',
      field: 'invoice_code',
      code: 'missing_value',
    });
    expect(normalizeIdentity('1500131140', '1234567890', '')).toMatchObject({
      kind: 'issue',
      code: 'bad_invoice_number',
    });
    expect(normalizeIdentity('15001311401234', '861201', '')).toMatchObject({
      kind: 'issue',
      code: 'bad_invoice_code',
    });
    expect(normalizeIdentity('', '', '2515200000')).toMatchObject({
      kind: 'issue',
      field: 'e_invoice_number',
    });
  });
  it('reads original-invoice references in every accepted form', () => {
    expect(parseOriginalReference('1500131140-00861207', null)).toEqual({
      key: '1500131140-00861207',
      mangled: false,
    });
    expect(parseOriginalReference('1500131140 861207', null).key).toBe('1500131140-00861207');
    expect(parseOriginalReference('1500131140/00861207', null).key).toBe('1500131140-00861207');
    expect(parseOriginalReference('发票代码:1500131140 发票号码:00861207', null).key).toBe(
      '1500131140-00861207',
    );
    expect(parseOriginalReference('25152000000012345678', null).key).toBe('25152000000012345678');
    expect(parseOriginalReference('861207', '1500131140').key).toBe('1500131140-00861207');
    expect(parseOriginalReference('861207', null)).toEqual({ key: null, mangled: true });
    expect(parseOriginalReference('2.5152E+19', null)).toEqual({ key: null, mangled: true });
    expect(parseOriginalReference('', null)).toEqual({ key: null, mangled: false });
  });
  it('hashes with FNV-1a 64 (published test vectors)', () => {
    expect(fnv1a64Hex('')).toBe('cbf29ce484222325');
    expect(fnv1a64Hex('a')).toBe('af63dc4c8601ec8c');
    expect(fnv1a64Hex('foobar')).toBe('85944171f73967e8');
  });
  it('numbers lines by appearance, whatever comes between', () => {
    const c = new KeyCounter();
    const keys = Array.from({ length: 5000 }, (_, i) => `k${(i * 7919) % 1000}`);
    const expected = new Map<string, number>();
    for (const k of keys) {
      const n = (expected.get(k) ?? 0) + 1;
      expected.set(k, n);
      expect(c.next(k)).toBe(n);
    }
  });
  it('cleans Excel text-forcing wrappers', () => {
    expect(cleanCell(' ="00123456" ')).toBe('00123456');
    expect(cleanCell("'00123456")).toBe('00123456');
    expect(cleanCell('\t00861215')).toBe('00861215');
  });
});

describe('headers and messages', () => {
  it('matches every alias in both languages after NFKC, trimming and case folding', () => {
    for (const kind of Object.keys(IMPORT_COLUMNS) as (keyof typeof IMPORT_COLUMNS)[]) {
      for (const column of IMPORT_COLUMNS[kind]) {
        for (const header of [...column.zh, ...column.en]) {
          const variants = [
            header,
            ` ${header.toUpperCase()} `,
            header.replace(/\(/g, '（').replace(/\)/g, '）'),
            `*${header}`,
          ];
          for (const v of variants) expect(mapHeader(kind, ['x', v]).index[column.key]).toBe(1);
        }
      }
    }
    expect(normalizeHeader('Issue Date')).toBe(normalizeHeader('issue_date'));
    expect(mapHeader('invoices', ['开票人', '发票号码']).extras).toEqual([{ index: 0, header: '开票人' }]);
  });
  it('has a bilingual message for every code', () => {
    for (const code of ISSUE_CODES) {
      const m = describeIssue(code, {
        column: '金额',
        value: 'x',
        offset: 3,
        encoding: 'UTF-8',
        detail: 'd',
        sheet: 's',
        sheets: 't',
      });
      expect(m.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(m.en).toMatch(/[a-z]/);
      expect(m.zh).not.toContain('undefined');
      expect(m.en).not.toContain('undefined');
    }
    expect(describeIssue('no_such_code', { a: 1 })).toEqual({
      zh: 'no_such_code（a=1）',
      en: 'no_such_code (a=1)',
    });
  });
});

describe('file format detection', () => {
  it('goes by magic bytes first, then by extension', () => {
    const xlsx = fixture('invoices/excel-serial-dates.xlsx');
    const zip = fixture('invoices/einvoices.zip');
    expect(detectFileFormat('a.bin', xlsx)).toBe('xlsx');
    expect(detectFileFormat('a.xlsx', xlsx.subarray(0, 4))).toBe('xlsx');
    expect(detectFileFormat('a.zip', zip)).toBe('zip');
    expect(detectFileFormat('a.xlsx', zip)).toBe('zip'); // the whole archive is known: no xl/ parts
    expect(detectFileFormat('a.dat', fixture('invoices/einvoice-blue.xml'))).toBe('xml');
    expect(detectFileFormat('a.csv', fixture('invoices/tax-bureau-export.gbk.csv'))).toBe('csv');
    expect(detectFileFormat('A.CSV', new Uint8Array(0))).toBe('csv');
    expect(detectFileFormat('a.xls', new Uint8Array([0xd0, 0xcf, 0x11, 0xe0]))).toBe('unknown');
    expect(detectFileFormat('a.pdf', new TextEncoder().encode('%PDF-1.7'))).toBe('unknown');
  });
});

describe('XML tokenizer', () => {
  it('gives the same events wherever the text is cut', () => {
    const text =
      '<?xml version="1.0"?><!DOCTYPE a [<!ENTITY x "y">]><!-- c --><a k="1 &gt; 0"><b>稀&amp;土</b><![CDATA[<raw>]]><c/>\r\nt</a>';
    const events = (pieces: string[]) => {
      const out: string[] = [];
      let text = '';
      const flush = () => {
        if (text !== '') out.push(`"${text}"`);
        text = '';
      };
      const t = createXmlTokenizer({
        onOpen: (n, a) => (flush(), out.push(`<${n} ${JSON.stringify(a)}`)),
        onText: (s) => (text += s), // text may arrive in pieces
        onClose: (n) => (flush(), out.push(`/${n}`)),
      });
      for (const p of pieces) t.push(p);
      t.end();
      return out.join('|');
    };
    const whole = events([text]);
    expect(whole).toBe('<a {"k":"1 > 0"}|<b {}|"稀&土"|/b|"<raw>"|<c {}|/c|"\nt"|/a');
    for (let i = 1; i < text.length; i++) expect(events([text.slice(0, i), text.slice(i)])).toBe(whole);
  });
  it('refuses documents that are not well-formed', () => {
    expect(() => parseXml('<a><b></a>')).toThrow(/does not close/);
    expect(() => parseXml('<a>')).toThrow(/ends before/);
    expect(() => parseXml('<a/><b/>')).toThrow(/second root/);
    expect(() => parseXml('')).toThrow(/no root/);
  });
});
