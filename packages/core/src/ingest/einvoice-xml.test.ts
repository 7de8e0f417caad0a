import { describe, expect, it } from 'vitest';
import { zipSync, strToU8 } from 'fflate';
import { LineFlag } from '../domain/line-flags.ts';
import { parseEInvoiceXml, readZipEntries } from './index.ts';
import { catalogue } from './test-helpers.ts';
import { readFileSync } from 'node:fs';

/** Bytes of a file under the repository's fixtures/ folder. */
const fixture = (path: string): Uint8Array =>
  new Uint8Array(readFileSync(new URL(`../../../../fixtures/${path}`, import.meta.url)));

const parse = (bytes: Uint8Array, source = 'e.xml') => parseEInvoiceXml(bytes, { source, catalogue });
const xml = (text: string) => new TextEncoder().encode(text);

const SELLER = '911502007012888877';
const BUYER = '9136070078142266X5';

describe('blue and red e-invoices (fixtures/invoices/einvoice-*.xml)', () => {
  const blue = parse(fixture('invoices/einvoice-blue.xml'), 'einvoice-blue.xml');
  const red = parse(fixture('invoices/einvoice-red.xml'), 'einvoice-red.xml');

  it('reads the blue invoice line by line', () => {
    expect(blue.fatal).toBeNull();
    expect(blue.issues).toEqual([]);
    expect(blue.rowsRead).toBe(2);
    expect(blue.records[0]).toEqual({
      invoiceKey: '25152000000012345678',
      invoiceCode: null,
      invoiceNumber: null,
      eInvoiceNumber: '25152000000012345678',
      lineNo: 1,
      issueDate: '2025-03-04',
      sellerTaxId: SELLER,
      sellerName: '包头市金蒙稀土有限责任公司',
      buyerTaxId: BUYER,
      buyerName: '赣州市红金稀土有限公司',
      taxCode: '1080413020000000000',
      specialBusiness: '稀土',
      itemName: '*稀土冶炼分离产品*氧化镨钕',
      specification: 'TREO≥99%',
      unit: 't',
      quantity: '2',
      unitPrice: '230769.23',
      amountFen: 46153846,
      taxRate: 0.13,
      taxFen: 6000000,
      totalFen: null,
      invoiceKind: '增值税专用发票',
      status: 'normal',
      originalInvoiceKey: null,
      remark: '合同号 BT-2025-031',
      productId: 'oxide-prnd',
      kg: 2000,
      reoKg: 1980,
      flags: 0,
      source: 'einvoice-blue.xml',
      row: 1,
    });
    expect(blue.records[1]).toMatchObject({
      lineNo: 2,
      row: 2,
      productId: 'oxide-dy',
      unit: 'kg',
      kg: 50,
      reoKg: 49.5,
      amountFen: 7522100,
      taxFen: 977873,
    });
  });

  it('reads the red invoice as the negative of the blue one, naming it', () => {
    expect(red.issues).toEqual([]);
    expect(
      red.records.map((r) => [
        r.invoiceKey,
        r.lineNo,
        r.quantity,
        r.amountFen,
        r.taxFen,
        r.kg,
        r.reoKg,
        r.flags,
        r.originalInvoiceKey,
      ]),
    ).toEqual([
      [
        '25152000000012349999',
        1,
        '-2',
        -46153846,
        -6000000,
        -2000,
        -1980,
        LineFlag.RED,
        '25152000000012345678',
      ],
      ['25152000000012349999', 2, '-50', -7522100, -977873, -50, -49.5, LineFlag.RED, '25152000000012345678'],
    ]);
    expect(red.records.map((r) => r.amountFen + (blue.records[r.lineNo - 1]?.amountFen ?? 0))).toEqual([
      0, 0,
    ]);
  });
});

describe('a folder and a zip of e-invoices', () => {
  const names = ['25362000000000100001.xml', '25362000000000100002.xml', '25152000000000100003.xml'];
  const fromFolder = names.map((n) => parse(fixture(`invoices/einvoices/${n}`), n));

  it('reads default namespaces, prefixes, other element orders, 13% rates, GBK and RequestTime', () => {
    for (const out of fromFolder) {
      expect(out.fatal).toBeNull();
      expect(out.issues).toEqual([]);
    }
    expect(
      fromFolder
        .flatMap((o) => o.records)
        .map((r) => [
          r.invoiceKey,
          r.lineNo,
          r.issueDate,
          r.productId,
          r.kg,
          r.reoKg,
          r.taxRate,
          r.specialBusiness,
        ]),
    ).toEqual([
      ['25362000000000100001', 1, '2025-04-02', 'ore-myeu-oxide', 8000, 8000, 0.13, '稀土'],
      ['25362000000000100002', 1, '2025-04-09', 'oxide-tb', 30, 29.7, 0.13, '稀土'],
      ['25362000000000100002', 2, '2025-04-09', 'oxide-dy', 100, 99, 0.13, '稀土'],
      // GBK-encoded, no TaxSupervisionInfo (date from BasicInformation/RequestTime), no special business
      ['25152000000000100003', 1, '2025-04-15', 'metal-prnd', 1000, 1176.85, 0.13, null],
    ]);
    expect(fromFolder[2]?.records[0]?.sellerName).toBe('包头市天骄稀土金属有限公司');
  });

  it('reads the same invoices from the zip, skipping its folder entry and __MACOSX litter', () => {
    const entries = readZipEntries(fixture('invoices/einvoices.zip'));
    expect(entries.map((e) => e.name)).toEqual(names.map((n) => `einvoices/${n}`));
    const fromZip = entries.map((e) => parse(e.bytes, e.name.split('/').pop()));
    expect(fromZip.map((o) => o.records)).toEqual(fromFolder.map((o) => o.records));
  });
});

describe('XML variations', () => {
  const doc = (
    opts: { root?: string; before?: string; items?: string; specific?: string; supervision?: string } = {},
  ) => {
    const root = opts.root ?? 'EInvoice';
    const prefix = root.includes(':') ? `${root.split(':')[0]}:` : '';
    const el = (name: string, body: string) => `<${prefix}${name}>${body}</${prefix}${name}>`;
    return xml(
      `<?xml version="1.0" encoding="UTF-8"?>\n<!-- exported -->\n<${root}${prefix ? ` xmlns:${prefix.slice(0, -1)}="urn:x"` : ' xmlns="urn:y"'} version="1.0">` +
        (opts.before ?? '') +
        el(
          'EInvoiceData',
          (opts.items ??
            el(
              'IssuItemInformation',
              el('Quantity', '2') +
                el('ItemName', '氧化镨钕') +
                el('MeaUnits', '吨') +
                el('UnPrice', '230769.23') +
                el('Amount', '461538.46') +
                el('TaxRate', '13%') +
                el('ComTaxAm', '60000.00'),
            )) +
            el('BuyerInformation', el('BuyerName', 'B &amp; 公司') + el('BuyerIdNum', BUYER)) +
            el('SellerInformation', el('SellerName', '<![CDATA[S <公司>]]>') + el('SellerIdNum', SELLER)) +
            (opts.specific ?? ''),
        ) +
        (opts.supervision ??
          el(
            'TaxSupervisionInfo',
            el('IssueTime', '2025-03-04') + el('InvoiceNumber', '25152000000012345678'),
          )) +
        `</${root}>`,
    );
  };

  it('reads any prefix, element order, entities and CDATA', () => {
    for (const root of ['EInvoice', 'fp:EInvoice']) {
      const out = parse(doc({ root }));
      expect(out.fatal).toBeNull();
      expect(out.records[0]).toMatchObject({
        invoiceKey: '25152000000012345678',
        buyerName: 'B & 公司',
        sellerName: 'S <公司>',
        taxRate: 0.13,
        taxFen: 6000000,
        productId: 'oxide-prnd',
        flags: 0,
      });
    }
  });

  it('finds the original of a red invoice under other element names', () => {
    const specific =
      '<SpecificInformation><RedInfo><BlueInvoiceNo>25152000000012340000</BlueInvoiceNo></RedInfo><TdywLx>02</TdywLx></SpecificInformation>';
    const out = parse(doc({ specific }));
    expect(out.records[0]).toMatchObject({
      originalInvoiceKey: '25152000000012340000',
      specialBusiness: '稀土',
      flags: LineFlag.RED,
    });
    const legacy =
      '<SpecificInformation><OriginalInvoiceCode>1500131140</OriginalInvoiceCode><OriginalInvoiceNumber>861207</OriginalInvoiceNumber></SpecificInformation>';
    expect(parse(doc({ specific: legacy })).records[0]?.originalInvoiceKey).toBe('1500131140-00861207');
    const mangled =
      '<SpecificInformation><OriginalInvoiceNumber>2.5152E+19</OriginalInvoiceNumber></SpecificInformation>';
    expect(parse(doc({ specific: mangled })).records[0]).toMatchObject({
      originalInvoiceKey: null,
      flags: LineFlag.RED | LineFlag.REFERENCE_MANGLED,
    });
  });

  it('uses Header/EIid and BasicInformation/RequestTime when TaxSupervisionInfo is absent', () => {
    const before =
      '<Header><EIid>25152000000012345679</EIid></Header><BasicInformation><RequestTime>2025-03-05 10:11:12</RequestTime></BasicInformation>';
    const out = parse(doc({ before, supervision: '' }));
    expect(out.records[0]).toMatchObject({ invoiceKey: '25152000000012345679', issueDate: '2025-03-05' });
  });

  it('reports an unreadable line as a row issue and keeps the others', () => {
    const items =
      '<IssuItemInformation><ItemName>氧化镨钕</ItemName><MeaUnits>桶</MeaUnits><Quantity>2</Quantity><UnPrice>1</UnPrice><Amount>2</Amount><TaxRate>0.13</TaxRate><ComTaxAm>0.26</ComTaxAm></IssuItemInformation>' +
      '<IssuItemInformation><ItemName>氧化镝</ItemName><MeaUnits>公斤</MeaUnits><Quantity>两</Quantity><UnPrice>1</UnPrice><Amount>2</Amount><TaxRate>0.13</TaxRate><ComTaxAm>0.26</ComTaxAm></IssuItemInformation>' +
      '<IssuItemInformation><ItemName>氧化铽</ItemName><MeaUnits>公斤</MeaUnits><Quantity>1</Quantity><UnPrice>2</UnPrice><Amount>2</Amount><TaxRate>免税</TaxRate><ComTaxAm>***</ComTaxAm></IssuItemInformation>';
    const out = parse(doc({ items }));
    expect(out.issues.map((i) => [i.row, i.column, i.value, i.code])).toEqual([
      [1, 'MeaUnits', '桶', 'unknown_unit'],
      [2, 'Quantity', '两', 'bad_number'],
    ]);
    expect(out.records.map((r) => [r.row, r.lineNo, r.productId, r.taxRate, r.flags])).toEqual([
      [3, 3, 'oxide-tb', null, LineFlag.TAX_EXEMPT],
    ]);
    expect(out.rowsRead).toBe(3);
  });

  it('refuses files whose invoice cannot be read', () => {
    expect(parse(xml('<EInvoice><Header>')).fatal?.code).toBe('bad_xml');
    expect(parse(xml('not xml at all')).fatal?.code).toBe('bad_xml');
    expect(parse(doc({ supervision: '' })).fatal).toMatchObject({
      column: 'InvoiceNumber',
      code: 'missing_value',
    });
    const badDate =
      '<TaxSupervisionInfo><IssueTime>2025-02-30</IssueTime><InvoiceNumber>25152000000012345678</InvoiceNumber></TaxSupervisionInfo>';
    expect(parse(doc({ supervision: badDate })).fatal).toMatchObject({
      column: 'IssueTime',
      value: '2025-02-30',
      code: 'bad_date',
    });
    const badNumber =
      '<TaxSupervisionInfo><IssueTime>2025-03-04</IssueTime><InvoiceNumber>2515200000</InvoiceNumber></TaxSupervisionInfo>';
    expect(parse(doc({ supervision: badNumber })).fatal?.code).toBe('bad_invoice_number');
    expect(parse(doc({ items: '' })).fatal?.code).toBe('no_lines');
  });
});

describe('zip archives', () => {
  it('skips folders and litter and decodes GBK names written without the UTF-8 flag', () => {
    const bytes = zipSync({
      'a/': new Uint8Array(0),
      'a/1.xml': strToU8('<a/>'),
      '__MACOSX/a/._1.xml': strToU8('x'),
      '.DS_Store': strToU8('x'),
    });
    expect(readZipEntries(bytes).map((e) => [e.name, new TextDecoder().decode(e.bytes)])).toEqual([
      ['a/1.xml', '<a/>'],
    ]);
    // A one-entry stored zip whose name is GBK bytes for 发票.xml, flag bit 11 clear (as Windows tools write).
    const name = new Uint8Array([0xb7, 0xa2, 0xc6, 0xb1, 0x2e, 0x78, 0x6d, 0x6c]);
    const data = strToU8('<a/>');
    const local = new Uint8Array(30 + name.length);
    const dv = new DataView(local.buffer);
    dv.setUint32(0, 0x04034b50, true);
    dv.setUint32(18, data.length, true);
    dv.setUint32(22, data.length, true);
    dv.setUint16(26, name.length, true);
    local.set(name, 30);
    const central = new Uint8Array(46 + name.length);
    const cv = new DataView(central.buffer);
    cv.setUint32(0, 0x02014b50, true);
    cv.setUint32(20, data.length, true);
    cv.setUint32(24, data.length, true);
    cv.setUint16(28, name.length, true);
    cv.setUint32(42, 0, true);
    central.set(name, 46);
    const end = new Uint8Array(22);
    const ev = new DataView(end.buffer);
    ev.setUint32(0, 0x06054b50, true);
    ev.setUint16(8, 1, true);
    ev.setUint16(10, 1, true);
    ev.setUint32(12, central.length, true);
    ev.setUint32(16, local.length + data.length, true);
    const zip = new Uint8Array([...local, ...data, ...central, ...end]);
    expect(readZipEntries(zip).map((e) => e.name)).toEqual(['发票.xml']);
  });
  it('throws a ZipFormatError on bytes that are not a zip', () => {
    expect(() => readZipEntries(strToU8('hello'))).toThrow(/not a zip/);
  });
});

describe('XML encodings', () => {
  it('reads undeclared GBK bytes as GBK', async () => {
    const { decodeXmlBytes } = await import('../formats/xml-read.ts');
    expect(
      decodeXmlBytes(new Uint8Array([0x3c, 0x61, 0x3e, 0xcf, 0xa1, 0xcd, 0xc1, 0x3c, 0x2f, 0x61, 0x3e])),
    ).toBe('<a>稀土</a>');
    expect(
      decodeXmlBytes(new Uint8Array([0xef, 0xbb, 0xbf, ...new TextEncoder().encode('<a>稀土</a>')])),
    ).toBe('<a>稀土</a>');
  });
});
