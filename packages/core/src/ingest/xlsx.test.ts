import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { LineFlag } from '../domain/line-flags.ts';
import { parseXlsx } from './index.ts';
import { excelSerialToIsoDate, isDateFormatCode, numberCellText, openXlsx } from '../formats/xlsx-read.ts';
import { catalogue } from './test-helpers.ts';
import { readFileSync } from 'node:fs';

/** Bytes of a file under the repository's fixtures/ folder. */
const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));

describe('Excel serial dates', () => {
  it('follows the 1900 date system with its phantom 1900-02-29', () => {
    expect(excelSerialToIsoDate(1)).toBe('1900-01-01');
    expect(excelSerialToIsoDate(59)).toBe('1900-02-28');
    expect(excelSerialToIsoDate(60)).toBeUndefined(); // 1900-02-29 never existed
    expect(excelSerialToIsoDate(61)).toBe('1900-03-01');
    expect(excelSerialToIsoDate(41501)).toBe('2013-08-15');
    expect(excelSerialToIsoDate(41501.75)).toBe('2013-08-15'); // 18:00 the same day
    expect(excelSerialToIsoDate(43586)).toBe('2019-05-01');
    expect(excelSerialToIsoDate(0)).toBeUndefined();
  });
  it('reads the 1904 date system', () => {
    expect(excelSerialToIsoDate(0, true)).toBe('1904-01-01');
    expect(excelSerialToIsoDate(40039, true)).toBe('2013-08-15');
  });
  it('recognises date number formats, CJK ones included', () => {
    expect(isDateFormatCode('yyyy"年"m"月"d"日"')).toBe(true);
    expect(isDateFormatCode('[$-804]yyyy/m/d;@')).toBe(true);
    expect(isDateFormatCode('yyyy-mm-dd hh:mm:ss.000')).toBe(true);
    expect(isDateFormatCode('[h]:mm')).toBe(true);
    expect(isDateFormatCode('#,##0.00_);[Red](#,##0.00)')).toBe(false);
    expect(isDateFormatCode('0.00"吨"')).toBe(false);
    expect(isDateFormatCode('General')).toBe(false);
  });
  it('shows numbers as Excel does at most (15 significant digits)', () => {
    expect(numberCellText('461538.47000000003')).toBe('461538.47');
    expect(numberCellText('0.30000000000000004')).toBe('0.3');
    expect(numberCellText('1E-3')).toBe('0.001');
    expect(numberCellText('861260')).toBe('861260');
    expect(numberCellText('2.5152000000012345E+19')).toBe('2.51520000000123E+19');
    expect(numberCellText('25152000000012345678')).toBe('25152000000012345678'); // written exactly: kept
  });
});

describe('XLSX invoices (fixtures/invoices/excel-serial-dates.xlsx)', () => {
  const out = parseXlsx('invoices', fixture('invoices/excel-serial-dates.xlsx'), {
    source: 'excel-serial-dates.xlsx',
    catalogue,
  });
  it('reads serial dates, restores lost zeros, removes float noise and flags the mangled number', () => {
    expect(out.fatal).toBeNull();
    expect(out.issues).toEqual([]);
    expect(out.rowsRead).toBe(5);
    expect(
      out.records.map((r) => [
        r.row,
        r.invoiceKey.startsWith('X:') ? 'X' : r.invoiceKey,
        r.issueDate,
        r.amountFen,
        r.taxFen,
        r.totalFen,
        r.flags,
      ]),
    ).toEqual([
      [2, '1500131140-00861260', '2013-08-15', 63247864, 10752137, 74000001, 0], // built-in date format
      [3, '1500131140-00861261', '2013-08-16', 46153847, 7846154, 54000001, 0], // 年月日 custom format; 461538.47000000003
      [4, '1500131140-00861262', '2013-08-20', 15811966, 2688034, 18500000, 0], // date typed as text
      [5, 'X', '2013-09-02', 31623932, 5376068, 37000000, LineFlag.REFERENCE_MANGLED], // General-formatted serial
      [7, '1500131140-00861263', '2013-09-05', 31623932, 5376068, 37000000, 0], // 20130905 as a number
    ]);
    expect(out.records[0]).toMatchObject({
      invoiceCode: '1500131140',
      invoiceNumber: '00861260',
      buyerName: '宁波市科宁达磁业有限公司', // rich text runs joined, phonetic run left out
      taxRate: 0.17,
      quantity: '2',
      unitPrice: '316239.32',
      kg: 2000,
      reoKg: 1980,
    });
    expect(out.records[3]?.invoiceNumber).toBe('2.51520000000123E+19');
  });
  it('reads another sheet by name, and refuses an unknown one listing the sheets', () => {
    const bytes = fixture('invoices/excel-serial-dates.xlsx');
    expect(openXlsx(bytes).sheetNames).toEqual(['发票明细', '说明']);
    const notes = parseXlsx('invoices', bytes, { source: 'x', catalogue, sheet: '说明' });
    expect(notes.fatal?.code).toBe('missing_column');
    const missing = parseXlsx('invoices', bytes, { source: 'x', catalogue, sheet: 'Sheet9' });
    expect(missing.fatal).toMatchObject({ code: 'sheet_not_found' });
    expect(missing.fatal?.en).toContain('发票明细, 说明');
  });
  it('refuses bytes that are not a workbook', () => {
    const notZip = parseXlsx('invoices', new TextEncoder().encode('发票代码,发票号码'), {
      source: 'x.xlsx',
      catalogue,
    });
    expect(notZip.fatal?.code).toBe('bad_xlsx');
    const noWorkbook = parseXlsx('invoices', zipSync({ 'a.txt': strToU8('hello') }), {
      source: 'x.xlsx',
      catalogue,
    });
    expect(noWorkbook.fatal?.code).toBe('bad_xlsx');
  });
});

describe('a minimal workbook as other writers make it', () => {
  // No sharedStrings, no styles, `x:` prefixes, inline strings, booleans, cells without r.
  const ns = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
  const sheet = `<?xml version="1.0"?><x:worksheet xmlns:x="${ns}"><x:sheetData>
    <x:row><x:c t="inlineStr"><x:is><x:t>日期</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>产品</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>价格</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>单位</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>含税</x:t></x:is></x:c></x:row>
    <x:row><x:c><x:v>41430</x:v></x:c><x:c t="str"><x:v>氧化镨钕</x:v></x:c><x:c><x:v>272500</x:v></x:c><x:c t="inlineStr"><x:is><x:t>元/吨</x:t></x:is></x:c><x:c t="b"><x:v>0</x:v></x:c></x:row>
  </x:sheetData></x:worksheet>`;
  const bytes = zipSync({
    'xl/workbook.xml': strToU8(
      `<workbook xmlns="${ns}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="价格" sheetId="1" r:id="rId1"/></sheets></workbook>`,
    ),
    'xl/_rels/workbook.xml.rels': strToU8(
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/prices.xml"/></Relationships>',
    ),
    'xl/worksheets/prices.xml': strToU8(sheet),
  });
  it('reads it, a number in a date column being a serial date', () => {
    const out = parseXlsx('prices', bytes, { source: 'p.xlsx', catalogue });
    expect(out.fatal).toBeNull();
    expect(out.records).toEqual([
      {
        date: '2013-06-05',
        productId: 'oxide-prnd',
        price: 272500,
        unit: 'CNY/t',
        vatIncluded: false,
        source: null,
        file: 'p.xlsx',
        row: 2,
      },
    ]);
  });
});

describe('XLSX registry (fixtures/registry/enterprises.xlsx)', () => {
  it('reads English headers, serial dates, numeric region codes and group aliases', () => {
    const out = parseXlsx('enterprises', fixture('registry/enterprises.xlsx'), {
      source: 'enterprises.xlsx',
      catalogue,
    });
    expect(out.issues).toEqual([]);
    expect(
      out.records.map((r) => [r.taxId, r.roles, r.region, r.group, r.founded, r.openingStockKg]),
    ).toEqual([
      ['911502007012888877', ['separation'], '150200', 'northern', '1998-03-12', 1250500],
      ['9136070078142266X5', ['separation', 'recycling'], '360700', 'southern', '2003-09-09', 312250],
      ['91330200144077533C', ['user', 'export'], '330200', null, '1995-08-08', null],
    ]);
  });
});
