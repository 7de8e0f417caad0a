// The byte-level CSV path (csv-bytes.ts, invoice-bytes.ts) against the text path it must equal:
// same records, issues, fatal errors and row counts, push by push, on real fixtures cut into small
// chunks (the byte path starts once the encoding is known and the header read) and on generated
// files full of what real exports do wrong.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { createCsvParserWith } from './csv.ts';
import type { IngestOptions, ParseOutput } from './types.ts';
import type { InvoiceLineRecord } from './records.ts';
import { catalogue } from './test-helpers.ts';
import { CsvLineScanner, FieldDecoder, LineKind, isPlainText } from './csv-bytes.ts';
import { ByteCache, ByteMemo } from './byte-cache.ts';
import { KeyCounter } from './key-counter.ts';
import { firstInvalidUtf8 } from './decode.ts';
import {
  asciiText,
  cleanAscii,
  cleanCell,
  decimalOut,
  rangeOut,
  readDecimal,
  readDecimalBytes,
  readFen,
  readFenBytes,
} from './values.ts';

const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const ascii = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A GBK encoder for what the tests write, by inverting the platform's GB18030 decoder. */
const gbkTable = (() => {
  const decoder = new TextDecoder('gb18030');
  const table = new Map<number, number>();
  const pair = new Uint8Array(2);
  for (let a = 0x81; a <= 0xfe; a++)
    for (let b = 0x40; b <= 0xfe; b++) {
      if (b === 0x7f) continue;
      pair[0] = a;
      pair[1] = b;
      const ch = decoder.decode(pair);
      if (!table.has(ch.charCodeAt(0))) table.set(ch.charCodeAt(0), (a << 8) | b);
    }
  return table;
})();
/** GBK bytes of text; characters outside GBK become the four-byte GB18030 sequence of U+0080. */
function gbk(text: string): number[] {
  const out: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const g = gbkTable.get(c);
    if (c < 0x80) out.push(c);
    else if (g === undefined || ch.length > 1) out.push(0x81, 0x30, 0x81, 0x30);
    else out.push(g >> 8, g & 0xff);
  }
  return out;
}

type Output = ParseOutput<InvoiceLineRecord>;

/** Runs both ways over the same chunks; returns each push's (and end's) output, text way first. */
function bothWays(
  bytes: Uint8Array,
  cuts: readonly number[],
  extra: Partial<IngestOptions> = {},
): { text: Output[]; bytes: Output[]; encodings: [string | undefined, string | undefined] } {
  const options: IngestOptions = { source: 'f.csv', catalogue, ...extra };
  const a = createCsvParserWith('invoices', options, { bytePath: false });
  const b = createCsvParserWith('invoices', options, { bytePath: true });
  const text: Output[] = [];
  const byBytes: Output[] = [];
  let at = 0;
  for (const cut of [...cuts, bytes.length]) {
    if (cut < at) continue;
    const chunk = bytes.slice(at, cut);
    text.push(a.push(chunk));
    byBytes.push(b.push(chunk));
    at = cut;
  }
  text.push(a.end());
  byBytes.push(b.end());
  return { text, bytes: byBytes, encodings: [a.encoding, b.encoding] };
}

/** Cuts every `size` bytes. */
const every = (size: number, length: number): number[] =>
  Array.from({ length: Math.floor(length / size) }, (_, i) => (i + 1) * size);

function expectSame(
  bytes: Uint8Array,
  cuts: readonly number[],
  extra: Partial<IngestOptions> = {},
): Output[] {
  const run = bothWays(bytes, cuts, extra);
  expect(run.bytes).toEqual(run.text);
  expect(run.encodings[1]).toBe(run.encodings[0]);
  return run.text;
}

const HEADER =
  '发票代码,发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,规格型号,单位,数量,单价,金额,税率,税额,价税合计,发票状态';
const LINE =
  '1500131140,00870001,2013-08-15,911502007012888877,包头市金蒙稀土有限责任公司,91330200144077533C,宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,TREO≥99%,吨,2,316239.32,632478.64,17%,107521.37,740000.01,正常';
/** `n` clean lines, three to an invoice, then `tail` (lines that must still read the same). */
function file(n: number, tail: readonly string[] = [], eol = '\r\n'): string {
  const lines = [HEADER];
  for (let i = 0; i < n; i++)
    lines.push(LINE.replace('00870001', String(870001 + Math.floor(i / 3)).padStart(8, '0')));
  return [...lines, ...tail].join(eol) + eol;
}

describe('the byte path reads exactly what the text path reads', () => {
  it('on the fixtures, forced to their encoding and cut into small chunks', () => {
    const gbkFile = fixture('invoices/tax-bureau-export.gbk.csv');
    for (const size of [1, 7, 64, 333, 1000]) {
      const out = expectSame(gbkFile, every(size, gbkFile.length), { encoding: 'gb18030' });
      expect(out.reduce((n, o) => n + o.records.length, 0)).toBe(40);
    }
    for (const path of [
      'invoices/export-utf8-bom.csv',
      'invoices/bad-rows.csv',
      'invoices/english-headers.csv',
    ]) {
      const bytes = fixture(path);
      for (const size of [1, 13, 200]) expectSame(bytes, every(size, bytes.length), { encoding: 'utf8' });
    }
  });

  it('on a long clean export, in both encodings, with and without detection', () => {
    const text = file(3000);
    for (const bytes of [new Uint8Array(gbk(text)), utf8(text)])
      for (const encoding of ['auto', 'utf8', 'gb18030'] as const) {
        const out = expectSame(bytes, every(4096, bytes.length), { encoding });
        if (encoding === 'auto') expect(out.reduce((n, o) => n + o.records.length, 0)).toBe(3000);
      }
  });

  it('on quoted cells: plain ones read as bytes, escapes and line breaks left to the text path', () => {
    const quoted = LINE.replace('包头市金蒙稀土有限责任公司', '"包头市金蒙稀土有限责任公司"')
      .replace('632478.64', '"632,478.64"')
      .replace('TREO≥99%', ' "TREO≥99%"');
    const tail = [
      quoted,
      quoted.replace('"包头市金蒙稀土有限责任公司"', '"包头""金蒙"""'),
      quoted.replace('"632,478.64"', '"632478.64"x'),
      `${LINE},"two\nlines"`,
      `${LINE},"last"\r`, // CR CR LF after a closing quote: the first CR is text after it
      `${LINE},"last"`,
      `${LINE},"never closed`,
    ];
    for (const eol of ['\n', '\r\n']) {
      const text = file(300, tail, eol);
      for (const bytes of [new Uint8Array(gbk(text)), utf8(text)])
        for (const size of [4096, 777]) expectSame(bytes, every(size, bytes.length));
    }
  });

  it('on blank lines, declined lines, odd spaces and a last line without a break', () => {
    const tail = [
      '',
      ' \t ',
      ',,,,,,,,,,,,,,,,',
      '\u3000',
      LINE.replace('2013-08-15', '2013-13-45'),
      LINE.replace(',2,316239.32,', ',两吨,316239.32,'),
      LINE.replace('吨', '箱'),
      LINE.replace(',17%,', ',免税,').replace(',107521.37,', ',***,'),
      LINE.replace('1500131140', ' ="1500131140" ').replace(',2,', ",'2,"),
      LINE.replace('宁波市科宁达磁业有限公司', '\u3000宁波\u3000'),
      LINE.replace('正常', '\ufeff正常'),
      LINE.replace('00870001', '2.5152E+19'),
      `${LINE}\r`,
    ];
    const text = file(400, tail);
    for (const bytes of [new Uint8Array(gbk(text)), utf8(text)]) {
      expectSame(bytes, every(1024, bytes.length));
      expectSame(bytes.subarray(0, bytes.length - 2), every(1024, bytes.length)); // no last line break
    }
  });

  it('reads again the invoice columns of a line that repeats a declined line', () => {
    // The second line's date is bad: declined, and its invoice columns not remembered as read.
    // The third repeats them: declined too (mapRow reports both), not given the first's date.
    const bad = LINE.replace('00870001', '00870002').replace('2013-08-15', '2013-13-45');
    const text = file(300, [LINE, bad, bad, LINE.replace('00870001', '00870002')]);
    for (const bytes of [new Uint8Array(gbk(text)), utf8(text)]) {
      const out = expectSame(bytes, every(4096, bytes.length));
      const issues = out.flatMap((o) => o.issues);
      expect(issues.map((i) => [i.row, i.code])).toEqual([
        [303, 'bad_date'],
        [304, 'bad_date'],
      ]);
    }
  });

  it('goes back to the text path for good at GB18030 bytes it does not read (four-byte characters)', () => {
    const text = file(600, [LINE.replace('宁波市科宁达磁业有限公司', '宁波𠀀磁业'), LINE]);
    const bytes = new Uint8Array(gbk(text));
    expect(Buffer.from(bytes).includes(Buffer.from([0x81, 0x30, 0x81, 0x30]))).toBe(true);
    const out = expectSame(bytes, every(2048, bytes.length), { encoding: 'gb18030' });
    expect(out.reduce((n, o) => n + o.records.length, 0)).toBe(602);
    // a lone lead byte at the very end of the file
    const cut = new Uint8Array([...gbk(file(600)), 0xb0]);
    expectSame(cut, every(2048, cut.length), { encoding: 'gb18030' });
  });

  it('refuses invalid UTF-8 at the same offset, in the same push, as the text path', () => {
    const good = utf8(file(900));
    const cases = [
      [...good.subarray(0, 60_000), 0xc0, 0xaf, ...good.subarray(60_000)], // overlong, mid-line
      [...good, ...utf8(LINE), 0xe7, 0xa8], // cut by the end of the file
      [...good, ...utf8(LINE), 0xe7, 0xa8, 0x0a], // cut by a line break
    ];
    for (const bytes of cases) {
      const out = expectSame(new Uint8Array(bytes), every(4096, bytes.length), { encoding: 'utf8' });
      expect(out.at(-1)?.fatal?.code).toBe('bad_encoding');
    }
  });

  it('on generated files full of what real exports do wrong', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 2 ** 31 - 1 }), (seed) => {
        const { bytes, encoding, cuts } = generatedFile(seed);
        const run = bothWays(bytes, cuts, { encoding, taxIdAllowList: new Set(['91150200701288887A']) });
        expect(run.bytes).toEqual(run.text);
        expect(run.encodings[1]).toBe(run.encodings[0]);
      }),
      { numRuns: 1500 },
    );
  }, 120_000);
});

describe('what the byte path relies on', () => {
  it('every GB18030 two-byte sequence decodes to one character, whatever surrounds it', () => {
    const decoder = new TextDecoder('gb18030');
    const pair = new Uint8Array(2);
    let others = 0;
    for (let a = 0x81; a <= 0xfe; a++)
      for (let b = 0x40; b <= 0xfe; b++) {
        if (b === 0x7f) continue;
        pair[0] = a;
        pair[1] = b;
        const text = decoder.decode(pair);
        if (text.length !== 1 || text === '\ufffd') others++;
      }
    expect(others).toBe(0);
  });

  it('checks UTF-8 as the strict decoder does', () => {
    const strict = new TextDecoder('utf-8', { fatal: true });
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 12 }), (bytes) => {
        let valid = true;
        try {
          strict.decode(bytes);
        } catch {
          valid = false;
        }
        expect(isPlainText(bytes, 0, bytes.length, 'utf8', false)).toBe(valid);
        expect(firstInvalidUtf8(bytes) < 0).toBe(valid);
        // cut: valid so far and only the end missing
        expect(isPlainText(bytes, 0, bytes.length, 'utf8', true)).toBe(firstInvalidUtf8(bytes, true) < 0);
      }),
      { numRuns: 3000 },
    );
  });

  it('cuts lines into the fields the text tokenizer gives', () => {
    const scanner = new CsvLineScanner(0x2c, 'utf8');
    const fields = new FieldDecoder('utf8');
    const cells = (line: string): string[] | LineKind => {
      const b = utf8(line);
      const kind = scanner.scan(b, 0, b.length, true);
      if (kind !== LineKind.FIELDS) return kind;
      return Array.from({ length: scanner.count }, (_, k) =>
        fields.text(b, scanner.starts[k]!, scanner.ends[k]!, scanner.wide[k] === 1),
      );
    };
    expect(cells('a,"b,c", "d" ,稀土\r')).toEqual(LineKind.TEXT); // text after a closing quote
    expect(cells('a,"b,c", "d",稀土\r')).toEqual(['a', 'b,c', 'd', '稀土']);
    expect(cells('a,b"c,,\r')).toEqual(['a', 'b"c', '', '']);
    expect(cells('"say ""hi"""')).toEqual(LineKind.TEXT);
    expect(cells('"open')).toEqual(LineKind.TEXT);
    expect(cells('a,\u00e7')).toEqual(['a', 'ç']);
    const odd = new Uint8Array([0x61, 0x2c, 0xc0, 0xaf]);
    expect(scanner.scan(odd, 0, odd.length, true)).toBe(LineKind.ODD);
    const cut = new Uint8Array([0x61, 0x2c, 0xe7, 0xa8]);
    expect(scanner.scan(cut, 0, cut.length, false)).toBe(LineKind.INCOMPLETE);
    expect(scanner.scan(cut, 0, cut.length, true)).toBe(LineKind.ODD);
  });
});

describe('byte-level values', () => {
  const asciiCell = fc.oneof(
    fc.stringMatching(/^[-+]?\d{0,16}(\.\d{0,6})?$/),
    fc.constantFrom(
      '',
      '.',
      '-',
      '-0',
      '0.000',
      '00012.3400',
      '+3',
      '1,234.50',
      ' 7 ',
      '="00123"',
      "'12",
      '1e5',
      '(12.5)',
    ),
    fc.string({ unit: fc.constantFrom(...' \t0123456789.-+=\'"e,'.split('')), maxLength: 10 }),
  );

  it('reads decimals and fen from bytes exactly as from text', () => {
    fc.assert(
      fc.property(asciiCell, (text) => {
        const b = ascii(`x${text}y`);
        const fromText = readDecimal(text) ? { ...decimalOut } : false;
        const fromBytes = readDecimalBytes(b, 1, b.length - 1) ? { ...decimalOut } : false;
        expect(fromBytes).toEqual(fromText);
        expect(readFenBytes(b, 1, b.length - 1)).toBe(readFen(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('cleans ASCII cells as cleanCell does', () => {
    fc.assert(
      fc.property(asciiCell, (text) => {
        const b = ascii(`,${text},`);
        cleanAscii(b, 1, b.length - 1);
        expect(asciiText(b, rangeOut.start, rangeOut.end)).toBe(cleanCell(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('turns ASCII bytes of any length into the same string', () => {
    for (let n = 0; n < 40; n++) {
      const text = 'x'.repeat(n).replace(/x/g, (_, i: number) => String.fromCharCode(33 + ((i * 7) % 90)));
      expect(asciiText(ascii(`.${text}.`), 1, n + 1)).toBe(text);
    }
  });
});

describe('byte caches', () => {
  it('find values by bytes, grow, and forget everything past their limit', () => {
    const cache = new ByteCache<number>(100);
    const key = (i: number): Uint8Array => utf8(`,稀土${i}号,`);
    for (let i = 0; i < 100; i++) {
      const b = key(i);
      expect(cache.get(b, 1, b.length - 1)).toBeUndefined();
      cache.set(b, 1, b.length - 1, i);
    }
    for (let i = 0; i < 100; i++) {
      const b = key(i);
      expect(cache.get(b, 1, b.length - 1)).toBe(i);
      expect(cache.get(b, 1, b.length - 4)).toBeUndefined(); // without 号: a key never set
    }
    const b = key(100);
    cache.set(b, 1, b.length - 1, 100); // the 101st: starts afresh
    expect(cache.get(b, 1, b.length - 1)).toBe(100);
    const first = key(0);
    expect(cache.get(first, 1, first.length - 1)).toBeUndefined();
  });

  it('remember the last bytes of a column', () => {
    const memo = new ByteMemo<string>();
    const b = utf8('吨,公斤,吨');
    expect(memo.matches(b, 0, 3)).toBe(false);
    memo.set(b, 0, 3, 't');
    expect(memo.matches(b, 11, 14) && memo.value).toBe('t');
    expect(memo.matches(b, 4, 10)).toBe(false);
    memo.clear();
    expect(memo.matches(b, 0, 3)).toBe(false);
  });

  it('number lines by appearance over many invoices, as a map would', () => {
    const counter = new KeyCounter();
    const seen = new Map<string, number>();
    let seed = 7;
    for (let i = 0; i < 50_000; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const key = `1500131140-${String(seed % 9000).padStart(8, '0')}`;
      const n = (seen.get(key) ?? 0) + 1;
      seen.set(key, n);
      expect(counter.next(key)).toBe(n);
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Generated files: random columns, encodings, delimiters and line ends; lines of one invoice that
// repeat its columns; quoted cells, Excel wrappers, full-width digits, bad values, blank lines,
// odd bytes; cut into chunks of random sizes.

function generatedFile(seed: number): {
  bytes: Uint8Array;
  encoding: 'auto' | 'utf8' | 'gb18030';
  cuts: number[];
} {
  let state = seed >>> 0;
  const rnd = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const chance = (p: number): boolean => rnd() < p;

  const values: Record<string, readonly string[]> = {
    发票代码: [
      '1500131140',
      '150013114',
      '',
      '1500131140x',
      '2.5152E+19',
      '150013114012',
      '１５００１３１１４０',
    ],
    发票号码: ['00870001', '870002', '', '2.5152E+19', '12345678901234567890', 'abc', '00870001.0'],
    数电票号码: ['', '', '', '24312000000000123456', '2.4E+19', 'x'],
    开票日期: [
      '2013-08-15',
      '2013/8/15',
      '2013年08月15日',
      '20130815',
      '2013-13-45',
      '',
      '２０１３－０８－１５',
    ],
    销方识别号: ['911502007012888877', '91330200144077533C', '91150200ABC', '91150200701288887A', ''],
    销方名称: ['包头市金蒙稀土有限责任公司', ' 赣州稀土 ', '\u3000全角空格公司\u3000', '', '"引号"公司'],
    货物或应税劳务名称: [
      '*稀土冶炼分离产品*氧化镨钕',
      '*稀土废料*钕铁硼废料',
      '氧化镝',
      '*加工劳务*加工费',
      '稀土抛光液',
      '',
    ],
    规格型号: ['TREO≥99%', '99.5%', 'REO 28%', '', 'Nd2O3/TREO≥99.5%'],
    单位: ['吨', '公斤', 'kg', '克', '箱', '', ' 吨 '],
    数量: [
      '2',
      '1.5',
      '-2',
      '0',
      '１２',
      '6,32',
      '1e5',
      '',
      ' 7 ',
      '="00123"',
      "'12",
      '00012.3400',
      '两吨',
      '.5',
    ],
    税率: ['17%', '13%', '0.13', '16', '免税', '***', '', 'abc'],
    发票状态: ['正常', '作废', '已红冲', '部分红冲', 'void', '', '未知'],
    序号: ['', '1', '2', '0', '1.0', '9999999', ' 3 '],
    是否正数发票: ['是', '否', 'Y', '', 'maybe'],
    发票票种: ['增值税专用发票', '增值税普通发票', '红字专用发票', ''],
    原发票号码: ['', '1500124130 00123456', '00123456', '2.5E+19'],
    备注: ['', '备注', 'a\nb', 'x,y', '"q"'],
    开票人: ['', '张会计'],
  };
  values['购方识别号'] = values['销方识别号']!;
  values['购买方名称'] = values['销方名称']!;
  for (const k of ['单价', '金额', '税额', '价税合计'])
    values[k] = [...values['数量']!, '316239.32', '632478.64'];
  const clean: Record<string, string> = {
    发票代码: '1500131140',
    开票日期: '2013-08-15',
    销方识别号: '911502007012888877',
    销方名称: '包头市金蒙稀土有限责任公司',
    购方识别号: '91330200144077533C',
    购买方名称: '宁波市科宁达磁业有限公司',
    规格型号: 'TREO≥99%',
    单位: '吨',
    数量: '2',
    单价: '316239.32',
    金额: '632478.64',
    税率: '17%',
    税额: '107521.37',
    价税合计: '740000.01',
    发票状态: '正常',
  };
  const invoiceColumns = new Set([
    '发票代码',
    '发票号码',
    '开票日期',
    '销方识别号',
    '销方名称',
    '购方识别号',
    '购买方名称',
  ]);

  const d = chance(0.8) ? ',' : pick(['\t', ';']);
  const enc = chance(0.5) ? 'gbk' : 'utf8';
  const required = Object.keys(values).slice(0, 16);
  const columns = [
    ...required,
    ...Object.keys(values)
      .slice(16)
      .filter(() => chance(0.4)),
  ];
  for (let i = columns.length - 1; i > 0; i--)
    if (chance(0.15)) {
      const j = Math.floor(rnd() * (i + 1));
      [columns[i], columns[j]] = [columns[j]!, columns[i]!];
    }
  const eol = chance(0.5) ? '\r\n' : '\n';
  const encode = (t: string): number[] => (enc === 'gbk' ? gbk(t) : [...utf8(t)]);
  const quote = (text: string): string => {
    if (text.includes(d) || text.includes('"') || text.includes('\n') || chance(0.08)) {
      let q = `"${text.replace(/"/g, '""')}"`;
      if (chance(0.05)) q = ` ${q}`;
      if (chance(0.03)) q += 'tail';
      return q;
    }
    return text;
  };
  const out: number[] = encode(columns.join(d) + eol);
  let previous: string[] | null = null;
  const lines = Math.floor(rnd() * 60);
  for (let r = 0; r < lines; r++) {
    let cells = columns.map((c) =>
      c === '发票号码' ? String(870000 + r).padStart(8, '0') : pick(values[c]!),
    );
    if (chance(0.5)) cells = cells.map((cell, i) => (chance(0.9) ? (clean[columns[i]!] ?? cell) : cell));
    if (previous !== null && chance(0.6))
      cells = cells.map((cell, i) => (invoiceColumns.has(columns[i]!) ? previous![i]! : cell));
    previous = cells;
    let line = cells.map(quote).join(d);
    if (chance(0.03)) line = '';
    if (chance(0.02)) line = pick([' \t ', '\u3000', cells.map(() => '').join(d)]);
    if (chance(0.02)) line += `${d}extra`;
    let bytes = encode(line);
    if (chance(0.015)) {
      const at = Math.floor(rnd() * (bytes.length + 1));
      const odd = pick([
        [0x80],
        [0xff],
        [0x81],
        [0x81, 0x30],
        [0xe7, 0xa8],
        [0xc0, 0xaf],
        [0xed, 0xa0, 0x80],
      ]);
      bytes = [...bytes.slice(0, at), ...odd, ...bytes.slice(at)];
    }
    const last = r === lines - 1;
    out.push(...bytes, ...encode(last && chance(0.3) ? pick(['', '\r']) : chance(0.05) ? '\r\r\n' : eol));
  }
  if (chance(0.02)) out.push(...encode('"unterminated,'));
  if (enc === 'utf8' && chance(0.2)) out.unshift(0xef, 0xbb, 0xbf);
  const encoding = chance(0.5) ? 'auto' : (enc === 'gbk') === chance(0.9) ? 'gb18030' : 'utf8';
  const cuts: number[] = [];
  const average = 1 + Math.floor(rnd() * 300);
  for (
    let at = 1 + Math.floor(rnd() * average * 2);
    at < out.length;
    at += 1 + Math.floor(rnd() * average * 2)
  )
    cuts.push(at);
  return { bytes: new Uint8Array(out), encoding, cuts };
}
