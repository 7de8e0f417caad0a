import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { LineFlag } from '../domain/line-flags.ts';
import { createCsvParser } from './index.ts';
import type { IngestOptions } from './index.ts';
import { catalogue, runParser } from './test-helpers.ts';
import { readFileSync } from 'node:fs';

/** Bytes of a file under the repository's fixtures/ folder. */
const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));

const options = (source: string, extra: Partial<IngestOptions> = {}): IngestOptions => ({
  source,
  catalogue,
  ...extra,
});
const parseInvoices = (path: string, extra: Partial<IngestOptions> = {}, cuts: number[] = []) => {
  const parser = createCsvParser('invoices', options(path, extra));
  const out = runParser(parser, fixture(path), cuts);
  return { ...out, encoding: parser.encoding };
};
const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);
const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);

const SELLER = '911502007012888877'; // 包头市金蒙稀土有限责任公司, valid USCC (makeUscc)
const BUYER = '91330200144077533C'; // 宁波市科宁达磁业有限公司

describe('tax-bureau GBK export (fixtures/invoices/tax-bureau-export.gbk.csv)', () => {
  const out = parseInvoices('invoices/tax-bureau-export.gbk.csv');

  it('detects GBK and reads all 40 lines without issues', () => {
    expect(out.encoding).toBe('gb18030');
    expect(out.fatal).toBeNull();
    expect(out.issues).toEqual([]);
    expect(out.rowsRead).toBe(40);
    expect(out.records).toHaveLength(40);
    expect(new Set(out.records.map((r) => r.invoiceKey)).size).toBe(18);
  });

  it('reads the first line exactly', () => {
    expect(out.records[0]).toEqual({
      invoiceKey: '1500131140-00861201',
      invoiceCode: '1500131140',
      invoiceNumber: '00861201',
      eInvoiceNumber: null,
      lineNo: 1,
      issueDate: '2013-06-05',
      sellerTaxId: SELLER,
      sellerName: '包头市金蒙稀土有限责任公司',
      buyerTaxId: BUYER,
      buyerName: '宁波市科宁达磁业有限公司',
      taxCode: '1080413020000000000',
      specialBusiness: '稀土',
      itemName: '*稀土冶炼分离产品*氧化镨钕',
      specification: 'TREO≥99%',
      unit: 't',
      quantity: '2',
      unitPrice: '230769.23',
      amountFen: 46153846,
      taxRate: 0.17,
      taxFen: 7846154,
      totalFen: 54000000,
      invoiceKind: '增值税专用发票',
      status: 'normal',
      originalInvoiceKey: null,
      remark: null,
      productId: 'oxide-prnd',
      kg: 2000,
      reoKg: 1980, // 2 t × 0.99 kg REO per kg of oxide
      flags: 0,
      source: 'invoices/tax-bureau-export.gbk.csv',
      row: 2,
    });
  });

  it('sums money and material to the fen and the gram (totals computed independently in Python)', () => {
    expect(sum(out.records.map((r) => r.amountFen))).toBe(2926922770);
    expect(sum(out.records.map((r) => r.taxFen))).toBe(497576874);
    expect(sum(out.records.map((r) => r.kg))).toBe(365020);
    expect(sum(out.records.map((r) => r.reoKg))).toBeCloseTo(258963.98, 6);
  });

  it('numbers lines by order within each invoice and restores Excel-stripped number cells', () => {
    const keys = out.records.map((r) => `${r.invoiceKey}#${r.lineNo}`);
    expect(new Set(keys).size).toBe(40);
    expect(out.records.filter((r) => r.invoiceKey === '3600131140-01530095').map((r) => r.lineNo)).toEqual([
      1, 2, 3, 4, 5, 6, 7,
    ]);
    // `="01530077"` (Excel text formula) and a tab-prefixed number read as plain numbers
    expect(out.records[5]?.invoiceKey).toBe('3600131140-01530077');
    expect(out.records.find((r) => r.row === 19)?.invoiceKey).toBe('1500131140-00861215');
  });

  it('derives REO from catalogue factors and specifications', () => {
    const byRow = (row: number) => out.records.find((r) => r.row === row);
    expect(byRow(7)).toMatchObject({ productId: 'ore-myeu-oxide', kg: 20000, reoKg: 20000 }); // REO basis
    expect(byRow(12)).toMatchObject({ productId: 'compound-re-carbonate', kg: 30000, reoKg: 12600 }); // REO≥42%
    expect(byRow(13)).toMatchObject({ productId: 'fee-processing', kg: 30000, reoKg: 0 }); // fees carry no material
    expect(byRow(15)).toMatchObject({ productId: 'metal-prnd', kg: 2000, reoKg: 2353.7 });
    expect(byRow(17)).toMatchObject({ productId: 'alloy-dyfe', unit: 'kg', kg: 500, reoKg: 459.08 }); // Dy≥80% × 1.1477
    expect(byRow(21)).toMatchObject({ productId: 'recycled-ndfeb-scrap', kg: 12000, reoKg: 3360 }); // REO 28%
    expect(byRow(37)).toMatchObject({ productId: 'compound-re-chloride', kg: 50000, reoKg: 22500 }); // REO≥45%
  });

  it('keeps the voided, red-letter and ordinary-invoice lines with their flags', () => {
    const voided = out.records.filter((r) => r.flags & LineFlag.VOIDED);
    expect(voided.map((r) => [r.invoiceKey, r.status, r.reoKg])).toEqual([
      ['1500131140-00861209', 'void', 2970],
    ]);
    const red = out.records.filter((r) => r.flags & LineFlag.RED);
    expect(red).toHaveLength(1);
    expect(red[0]).toMatchObject({
      invoiceKey: '1500131140-00861215',
      quantity: '-1',
      amountFen: -25213675,
      taxFen: -4286325,
      totalFen: -29500000,
      kg: -1000,
      reoKg: -990,
      originalInvoiceKey: '1500131140-00861207',
      flags: LineFlag.RED,
      remark: '开具红字增值税专用发票信息表编号1500131308000123',
    });
    expect(out.records.find((r) => r.invoiceKey === '1500131140-00861207')?.status).toBe('partly_reversed');
    const ordinary = out.records.filter((r) => r.flags & LineFlag.ORDINARY_INVOICE);
    expect(ordinary.map((r) => [r.invoiceKey, r.invoiceKind, r.flags])).toEqual([
      ['150001300111-00420315', '增值税普通发票', LineFlag.ORDINARY_INVOICE],
    ]);
    expect(out.records.filter((r) => r.flags !== 0)).toHaveLength(3);
  });

  it('gives the same result when the encoding is forced', () => {
    const forced = parseInvoices('invoices/tax-bureau-export.gbk.csv', { encoding: 'gb18030' });
    expect(forced.records).toEqual(out.records);
  });
});

describe('UTF-8 export with BOM and e-invoice numbers (fixtures/invoices/export-utf8-bom.csv)', () => {
  const out = parseInvoices('invoices/export-utf8-bom.csv');
  it('reads the 20-digit numbers, 序号, 年月日 dates and multi-line quoted remarks', () => {
    expect(out.encoding).toBe('utf8');
    expect(out.issues).toEqual([]);
    expect(
      out.records.map((r) => [r.row, r.invoiceKey, r.lineNo, r.issueDate, r.amountFen, r.taxFen, r.flags]),
    ).toEqual([
      [2, '24362000000001234501', 1, '2024-11-05', 42477876, 5522124, 0],
      // the quoted remark of row 2 spans two physical lines but is one row: the next row is 3
      [3, '24362000000001234501', 2, '2024-11-05', 12176960, 1583005, 0],
      [4, '24152000000000888801', 1, '2024-11-05', 108849558, 14150443, 0],
      [5, '24152000000000888802', 1, '2024-11-18', 23451328, 3048673, LineFlag.ORDINARY_INVOICE],
    ]);
    expect(out.records[0]).toMatchObject({
      eInvoiceNumber: '24362000000001234501',
      invoiceCode: null,
      invoiceNumber: null,
      taxRate: 0.13,
      remark: '合同号 GZ-2024-117, 分两批交货\n第一批',
      sellerName: '赣州市红金稀土有限公司',
    });
    expect(out.records[2]?.remark).toBe('含运费，合同"BT-88"');
    expect(out.records[3]).toMatchObject({ productId: 'metal-prnd', kg: 500, reoKg: 588.425 });
  });
});

describe('English headers (fixtures/invoices/english-headers.csv)', () => {
  const out = parseInvoices('invoices/english-headers.csv');
  it('matches headers case- and space-insensitively and reads English units, statuses and yes/no', () => {
    expect(out.issues).toEqual([]);
    expect(
      out.records.map((r) => [
        r.invoiceKey,
        r.lineNo,
        r.issueDate,
        r.productId,
        r.unit,
        r.kg,
        r.amountFen,
        r.taxFen,
      ]),
    ).toEqual([
      ['3600131140-01530120', 1, '2013-09-02', 'oxide-dy', 'kg', 250, 54487250, 9262833],
      ['3600131140-01530120', 2, '2013-09-02', 'oxide-tb', 'kg', 40, 14700840, 2499143],
      ['1500131140-00861250', 1, '2013-09-05', 'oxide-prnd', 't', 2500, 79059830, 13440171],
      ['1500131140-00861251', 1, '2013-09-06', 'oxide-prnd', 't', -500, -15811966, -2688034],
    ]);
    expect(out.records[3]).toMatchObject({
      flags: LineFlag.RED,
      originalInvoiceKey: '1500131140-00861250',
      reoKg: -495,
    });
    expect(out.records[0]?.sellerName).toBe('赣州市红金稀土有限公司');
  });
});

describe('bad rows (fixtures/invoices/bad-rows.csv)', () => {
  const out = parseInvoices('invoices/bad-rows.csv');
  it('reports each bad row with row, column, value and code, and keeps no record for it', () => {
    expect(out.fatal).toBeNull();
    expect(out.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [3, '销方名称', null, 'missing_value'],
      [4, '数量', '两吨', 'bad_number'],
      [5, '开票日期', '2013-13-45', 'bad_date'],
      [6, '单位', '箱', 'unknown_unit'],
      [7, '销方识别号', '91150200ABC', 'bad_tax_id'],
      [8, '开票日期', '15/08/2013', 'bad_date'],
      [8, '购买方名称', null, 'missing_value'],
    ]);
    for (const i of out.issues) {
      expect(i.source).toBe('invoices/bad-rows.csv');
      expect(i.zh.length).toBeGreaterThan(0);
      expect(i.en).toContain(i.column ?? '');
    }
    expect(out.records.map((r) => r.row)).toEqual([2, 11, 12, 13, 14, 15, 16, 17]);
    // 14 non-empty data rows = 8 records + 6 rejected rows; the `,,,` row 9 and empty row 10 are skipped
    expect(out.rowsRead).toBe(14);
  });

  it('keeps the rows that read but look wrong, with exactly the right flag', () => {
    const flagsByRow = Object.fromEntries(out.records.map((r) => [r.row, r.flags]));
    expect(flagsByRow).toEqual({
      2: 0,
      11: LineFlag.AMOUNT_MISMATCH, // amount 100 yuan above 2 × 316239.32
      12: LineFlag.VAT_RATE_NOT_IN_FORCE, // 13% in 2013 (17% in force)
      13: LineFlag.SELLER_TAX_ID_CHECK, // last character of the USCC altered
      14: LineFlag.ITEM_UNMATCHED,
      15: 0, // full-width digits read fine
      16: LineFlag.REFERENCE_MANGLED, // 2.5152E+19
      17: LineFlag.UNIT_NOT_ALLOWED, // grams
    });
    const byRow = (row: number) => out.records.find((r) => r.row === row);
    expect(byRow(14)).toMatchObject({ productId: null, reoKg: 0, kg: 2000 });
    expect(byRow(15)).toMatchObject({ quantity: '2', amountFen: 63247864 });
    expect(byRow(16)?.invoiceKey).toMatch(/^X:[0-9a-f]{16}$/);
    expect(byRow(16)?.invoiceNumber).toBe('2.5152E+19');
    expect(byRow(17)).toMatchObject({ unit: 'g', kg: 0.5, reoKg: 0.495 });
  });

  it('accepts an allow-listed failing USCC without the flag', () => {
    const allowed = parseInvoices('invoices/bad-rows.csv', {
      taxIdAllowList: new Set(['91150200701288887A']),
    });
    expect(allowed.records.find((r) => r.row === 13)?.flags).toBe(0);
  });

  it('keys a mangled line by its content, so the same line in another file gets the same key', () => {
    const header =
      '发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,单位,数量,单价,金额,税率,税额';
    const line = `2.5152E+19,2013-08-15,${SELLER},包头市金蒙稀土有限责任公司,${BUYER},宁波市科宁达磁业有限公司,*稀土冶炼分离产品*氧化镨钕,吨,2,316239.32,632478.64,17%,107521.37`;
    const other = runParser(
      createCsvParser('invoices', options('other.csv')),
      utf8(`${header}\n\n\n${line}\n`),
    );
    expect(other.records[0]?.row).toBe(4);
    expect(other.records[0]?.invoiceKey).toBe(out.records.find((r) => r.row === 16)?.invoiceKey);
  });
});

describe('file-level problems', () => {
  it('refuses a file without a required column, naming it, before reading any row', () => {
    const out = parseInvoices('invoices/missing-column.csv');
    expect(out.records).toEqual([]);
    expect(out.rowsRead).toBe(0);
    expect(out.fatal).toMatchObject({ row: 0, column: '单价 / unit_price', code: 'missing_column' });
    expect(out.fatal?.zh).toContain('单价');
  });
  it('refuses an empty file and a UTF-16 file', () => {
    expect(runParser(createCsvParser('invoices', options('e.csv')), new Uint8Array(0)).fatal?.code).toBe(
      'empty_file',
    );
    expect(runParser(createCsvParser('invoices', options('e.csv')), utf8('\r\n \r\n')).fatal?.code).toBe(
      'empty_file',
    );
    const utf16 = new Uint8Array([0xff, 0xfe, 0x31, 0x00, 0x2c, 0x00]);
    expect(runParser(createCsvParser('invoices', options('u.csv')), utf16).fatal?.code).toBe(
      'unsupported_encoding',
    );
  });
  it('refuses GBK bytes forced as UTF-8, naming the byte offset, and keeps refusing', () => {
    const parser = createCsvParser('invoices', options('t.csv', { encoding: 'utf8' }));
    const bytes = fixture('invoices/tax-bureau-export.gbk.csv');
    const first = parser.push(bytes);
    expect(first.fatal).toMatchObject({ code: 'bad_encoding' });
    expect(first.fatal?.en).toContain('byte 0');
    expect(parser.end().fatal?.code).toBe('bad_encoding');
  });
  it('refuses a UTF-8 file that turns invalid after the detection window', () => {
    const head = `${'a'.repeat(10)},稀土${'x'.repeat(5000)}\n`;
    const bytes = new Uint8Array([...utf8(head), 0xb0, 0xa1, 0x0a]);
    const out = runParser(createCsvParser('invoices', options('mixed.csv')), bytes);
    expect(out.fatal).toMatchObject({ code: 'bad_encoding' });
    expect(out.fatal?.en).toContain(`byte ${utf8(head).length}`);
  });
});

describe('encoding detection', () => {
  const header =
    '发票号码,开票日期,销方识别号,销方名称,购方识别号,购买方名称,货物或应税劳务名称,单位,数量,单价,金额,税率,税额\n';
  const row = `00000001,2013-08-15,${SELLER},包头稀土,${BUYER},宁波磁业,氧化镨钕,吨,1,100,100,17%,17\n`;
  const text = `发票代码,${header.replace('\n', '')}\n1500131140,${row}`;
  const gbk = fixture('invoices/tax-bureau-export.gbk.csv');

  it('BOM → UTF-8; valid UTF-8 → UTF-8; otherwise GB18030; pure ASCII → UTF-8', () => {
    const read = (bytes: Uint8Array) => {
      const p = createCsvParser('invoices', options('x.csv'));
      const out = runParser(p, bytes);
      return { encoding: p.encoding, names: out.records.map((r) => r.sellerName), fatal: out.fatal };
    };
    expect(read(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8(text)]))).toEqual({
      encoding: 'utf8',
      names: ['包头稀土'],
      fatal: null,
    });
    expect(read(utf8(text))).toEqual({ encoding: 'utf8', names: ['包头稀土'], fatal: null });
    expect(read(gbk).encoding).toBe('gb18030');
    const ascii = read(utf8('invoice_code,invoice_number\n1,2\n'));
    expect(ascii.encoding).toBe('utf8');
  });
  it('can be forced either way', () => {
    const p = createCsvParser('invoices', options('x.csv', { encoding: 'gb18030' }));
    // UTF-8 bytes read as GB18030 give mojibake, not an error: the user asked for it
    const out = runParser(p, utf8(text));
    expect(p.encoding).toBe('gb18030');
    expect(out.fatal?.code).toBe('missing_column');
  });
});

describe('chunk boundaries', () => {
  const bytesGbk = fixture('invoices/tax-bureau-export.gbk.csv');
  const bytesBom = fixture('invoices/export-utf8-bom.csv');
  const bytesBad = fixture('invoices/bad-rows.csv');
  const whole = (bytes: Uint8Array) => runParser(createCsvParser('invoices', options('c.csv')), bytes);
  const expected = new Map([bytesGbk, bytesBom, bytesBad].map((b) => [b, whole(b)]));

  it('gives identical output wherever the bytes are cut (inside GBK characters, quoted fields, CRLF)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(bytesGbk, bytesBom, bytesBad),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 }),
        (bytes, fractions) => {
          const cuts = fractions.map((f) => Math.floor(f * bytes.length));
          const out = runParser(createCsvParser('invoices', options('c.csv')), bytes, cuts);
          expect(out).toEqual(expected.get(bytes));
        },
      ),
      { numRuns: 60 },
    );
  });

  it('gives identical output fed one byte at a time', () => {
    const cuts = Array.from({ length: bytesBom.length - 1 }, (_, i) => i + 1);
    expect(runParser(createCsvParser('invoices', options('c.csv')), bytesBom, cuts)).toEqual(
      expected.get(bytesBom),
    );
    // every cut inside the first GBK data row (its Chinese names are 2-byte characters)
    const firstRow = bytesGbk.indexOf(0x0a) + 1;
    for (let cut = firstRow; cut < firstRow + 200; cut++)
      expect(runParser(createCsvParser('invoices', options('c.csv')), bytesGbk, [cut]).records).toEqual(
        expected.get(bytesGbk)?.records,
      );
  });
});

describe('CSV dialect', () => {
  const header =
    'invoice_code,invoice_number,issue_date,seller_tax_id,seller_name,buyer_tax_id,buyer_name,item_name,unit,quantity,unit_price,amount,tax_rate,tax_amount,remark';
  const line = (remark: string) =>
    `1500131140,1,2013-08-15,${SELLER},"包头,稀土",${BUYER},宁波,氧化镨钕,t,1,100,100.00,0.17,17.00,${remark}`;

  it('reads "" escapes, quoted delimiters and line breaks, CRLF, and a last line without a break', () => {
    const text = `${header}\r\n${line('"say ""hi"""')}\r\n${line('"two\r\nlines"')}\r\n${line('plain')}`;
    const out = runParser(createCsvParser('invoices', options('d.csv')), utf8(text));
    expect(out.issues).toEqual([]);
    expect(out.records.map((r) => [r.row, r.sellerName, r.remark, r.lineNo])).toEqual([
      [2, '包头,稀土', 'say "hi"', 1],
      [3, '包头,稀土', 'two\r\nlines', 2],
      [4, '包头,稀土', 'plain', 3],
    ]);
  });
  it('takes a tab or semicolon delimiter from the header line', () => {
    const tsv = `${header.replaceAll(',', '\t')}\n${line('x').replace('"包头,稀土"', '包头稀土').replaceAll(',', '\t')}\n`;
    const out = runParser(createCsvParser('invoices', options('t.tsv')), utf8(tsv));
    expect(out.records.map((r) => r.sellerName)).toEqual(['包头稀土']);
  });
  it('reports a quote left open to the end of the file as a bad row', () => {
    const out = runParser(
      createCsvParser('invoices', options('q.csv')),
      utf8(`${header}\n${line('"never closed')}\n`),
    );
    expect(out.records).toEqual([]);
    expect(out.issues.map((i) => [i.row, i.code])).toEqual([[2, 'unterminated_quote']]);
    expect(out.rowsRead).toBe(1);
  });
  it('numbers lines of an invoice that reappears later in the file after its earlier lines', () => {
    const a = line('a');
    const b = line('b').replace('1500131140,1,', '1500131140,2,');
    const text = `${header}\n${a}\n${b}\n${a}\n${b}\n${a}\n`;
    const out = runParser(createCsvParser('invoices', options('r.csv')), utf8(text));
    expect(out.records.map((r) => `${r.invoiceKey}#${r.lineNo}`)).toEqual([
      '1500131140-00000001#1',
      '1500131140-00000002#1',
      '1500131140-00000001#2',
      '1500131140-00000002#2',
      '1500131140-00000001#3',
    ]);
  });
  it('reads exempt lines (免税, tax ***) and flags them TAX_EXEMPT', () => {
    const text = `${header}\n${line('x').replace(',0.17,17.00,', ',免税,***,')}\n`;
    const out = runParser(createCsvParser('invoices', options('x.csv')), utf8(text));
    expect(out.records[0]).toMatchObject({ taxRate: null, taxFen: 0, flags: LineFlag.TAX_EXEMPT });
  });
});
