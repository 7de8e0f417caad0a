// Bulk registration tables as bureaus send them: GBK CSV from Excel, UTF-8 with a BOM, quoted
// fields with commas and line breaks, bilingual headers, XLSX with date cells; and the file-level
// failures, reported like an import's.
import { describe, expect, it } from 'vitest';
import { createXlsxWriter, encodeGbk, xlsxDate } from '@oresight/core/formats';
import { csvRecords, parseRegistrationFile } from '../src/index.ts';

describe('registration files', () => {
  it('splits CSV records as RFC 4180 says, with the delimiter taken from the header', () => {
    expect(csvRecords('a,b\r\n"x,1","say ""hi""\r\nbye"\r\n').map((r) => r.cells)).toEqual([
      ['a', 'b'],
      ['x,1', 'say "hi"\r\nbye'],
    ]);
    expect(csvRecords('统一社会信用代码\t企业名称\n1\t2').map((r) => r.cells)).toEqual([
      ['统一社会信用代码', '企业名称'],
      ['1', '2'],
    ]);
  });

  it('reads a GBK table with Chinese headers, reporting bad cells by row and column', () => {
    const text = [
      '序号,统一社会信用代码,企业名称,登记状态,期初库存（吨REO）,库存日期,许可证',
      '1,911502007012888877,包头市金蒙稀土有限责任公司,已核实,"1,250.5",2013年8月15日,采矿许可证:C150:2016-12-31;安全生产许可证:(蒙)FM001',
      '2,91150200ABC,某公司,,,,',
      '3,91150200058673312Q,,待定,-1,2013-13-01,采矿许可证',
    ].join('\r\n');
    const parsed = parseRegistrationFile(encodeGbk(text), { source: '登记.csv' });
    expect(parsed.fatal).toBeNull();
    expect(parsed.rowsRead).toBe(3);
    expect(parsed.rows).toEqual([
      {
        row: 2,
        taxId: '911502007012888877',
        input: {
          name: '包头市金蒙稀土有限责任公司',
          status: 'verified',
          licences: [
            { kind: '采矿许可证', number: 'C150', validUntil: '2016-12-31' },
            { kind: '安全生产许可证', number: '(蒙)FM001', validUntil: null },
          ],
          openingStockKg: 1_250_500,
          openingStockDate: '2013-08-15',
        },
      },
    ]);
    expect(parsed.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [3, '统一社会信用代码 / tax_id', '91150200ABC', 'bad_tax_id'],
      [4, '登记状态 / status', '待定', 'bad_status'],
      [4, '许可证 / licences', '采矿许可证', 'bad_licence'],
      [4, '期初库存(吨REO) / opening_stock_t', '-1', 'negative_value'],
      [4, '库存日期 / opening_stock_date', '2013-13-01', 'bad_date'],
    ]);
    expect(parsed.rejectedRows).toBe(2);
  });

  it('reads XLSX date cells and English headers; refuses a table without the taxpayer ID column', () => {
    const chunks: Uint8Array[] = [];
    const w = createXlsxWriter({ onChunk: (c) => chunks.push(c) });
    w.addRow(['Tax ID', 'Capacity', 'Stock date', 'Composition']);
    w.addRow(['911502007012888877', 3000, xlsxDate('2013-08-15'), 'Nd 60%, Pr 20%']);
    w.finish();
    const bytes = new Uint8Array(Buffer.concat(chunks));
    expect(parseRegistrationFile(bytes, { source: 'a.xlsx' }).rows).toEqual([
      {
        row: 2,
        taxId: '911502007012888877',
        input: {
          capacityKg: 3_000_000,
          openingStockDate: '2013-08-15',
          openingStockComposition: { Pr: 0.2, Nd: 0.6 },
        },
      },
    ]);
    expect(parseRegistrationFile(bytes, { source: 'a.xlsx', sheet: 'Nope' }).fatal).toMatchObject({
      code: 'sheet_not_found',
    });
    const noId = parseRegistrationFile(new TextEncoder().encode('企业名称\n某公司\n'), { source: 'b.csv' });
    expect(noId.fatal).toMatchObject({
      row: 1,
      code: 'missing_column',
      en: 'Required column "统一社会信用代码 / tax_id" is missing; the file was not read',
    });
    expect(
      parseRegistrationFile(new Uint8Array([0x50, 0x4b, 3, 4, 0, 0]), { source: 'c.xlsx' }).fatal,
    ).toMatchObject({
      code: 'bad_xlsx',
    });
  });
});
