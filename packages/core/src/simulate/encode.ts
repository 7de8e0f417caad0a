// The files a simulated year is delivered as (formats.md §2–§5), with the tax bureau's Chinese
// headers by default: enterprises, quotas, prices and invoice lines as CSV (GBK or UTF-8) or XLSX
// rows, fully digital e-invoices as XML, and the truth as JSON.
import { GROUPS } from '../domain/groups.ts';
import { QUOTA_KIND_LABELS } from '../domain/groups.ts';
import { ROLE_LABELS } from '../domain/roles.ts';
import { CsvByteWriter, encodeCsv } from '../formats/csv-write.ts';
import type { CsvEncoding } from '../formats/csv-write.ts';
import { escapeXml, xlsxDate } from '../formats/xlsx-write.ts';
import type { XlsxCell } from '../formats/xlsx-write.ts';
import { hash32 } from './prng.ts';
import { COUNTIES, CITY_SHORT } from './places.data.ts';
import type { DirtyKind, DirtyRow } from './dirty.ts';
import { dirtyKindAt, walkDirtyRows } from './dirty.ts';
import { INVOICE_FIELDS, INVOICE_HEADERS_EN, INVOICE_HEADERS_ZH, invoiceLineValues } from './line.ts';
import { LINE_NO, createDirtyWalk, createLineGenerator } from './invoice-stream.ts';
import type { LineArgs, ProductInfo } from './invoice-stream.ts';
import type { SimulatedInvoiceLine } from './line.ts';
import { LEAD_DAYS } from './prices.ts';
import type { Scenario } from './scenario.ts';

export type HeaderLanguage = 'zh' | 'en';

export interface Table {
  readonly header: readonly string[];
  readonly rows: readonly (readonly string[])[];
}

const ENTERPRISE_HEADERS = {
  zh: [
    '纳税人识别号',
    '企业名称',
    '企业类型',
    '行政区划代码',
    '所属集团',
    '采矿许可证号',
    '成立日期',
    '注销日期',
    '期初库存(吨REO)',
  ],
  en: [
    'tax_id',
    'name',
    'roles',
    'region',
    'group',
    'mining_licence',
    'founded',
    'deregistered',
    'opening_stock_t',
  ],
};
const QUOTA_HEADERS = {
  zh: ['年度', '批次', '统一社会信用代码', '所属集团', '指标类别', '指标(吨)'],
  en: ['year', 'batch', 'tax_id', 'group', 'kind', 'tonnes'],
};
const PRICE_HEADERS = {
  zh: ['日期', '产品', '价格', '单位', '含税', '来源'],
  en: ['date', 'product', 'price', 'unit', 'vat_included', 'source'],
};

const groupName = (id: string | null): string =>
  id === null ? '' : (GROUPS.find((g) => g.id === id)?.nameZh ?? id);

/**
 * The registry as a table (formats.md §3): roles in Chinese separated by `、`, the county code,
 * the group's name, stock in tonnes REO with one decimal.
 * @example enterpriseTable(scenario).rows[0] // ['91150204…', '包头市…稀土有限公司', '冶炼分离', '150204', …]
 */
export function enterpriseTable(s: Scenario, headers: HeaderLanguage = 'zh'): Table {
  const rows = s.enterprises.map((e) => [
    e.taxId,
    e.name,
    e.roles.map((r) => (headers === 'zh' ? ROLE_LABELS[r].zh : r)).join(headers === 'zh' ? '、' : ';'),
    e.county,
    groupName(e.group),
    e.miningLicence ?? '',
    e.founded,
    e.deregistered ?? '',
    e.openingStockKg === null ? '' : (e.openingStockKg / 1000).toFixed(1),
  ]);
  return { header: ENTERPRISE_HEADERS[headers], rows };
}

/**
 * Quotas (formats.md §4): issued to enterprises by taxpayer ID in two batches; no group rows.
 * @example quotaTable(scenario).rows[0] // ['2013', '第一批', '9136…', '', '矿产品(离子型)', '71']
 */
export function quotaTable(s: Scenario, headers: HeaderLanguage = 'zh'): Table {
  const rows = s.quotas.map((q) => [
    String(q.year),
    q.batch,
    s.enterprises[q.enterprise]?.taxId ?? '',
    '',
    headers === 'zh' ? QUOTA_KIND_LABELS[q.kind].zh : q.kind,
    String(q.tonnes),
  ]);
  return { header: QUOTA_HEADERS[headers], rows };
}

function priceText(value: number): string {
  return Number.isInteger(value) ? String(value) : value.toFixed(1);
}

/** Price rows before dirt: one per product and quote day. */
function cleanPriceRows(s: Scenario, headers: HeaderLanguage): string[][] {
  const rows: string[][] = [];
  const { quoteDates } = s.prices;
  for (let qi = 0; qi < quoteDates.length; qi++) {
    for (const series of s.prices.series) {
      const v = series.values[qi] ?? 0;
      const price =
        series.asRange && series.halfRange > 0
          ? `${priceText(v - series.halfRange)}-${priceText(v + series.halfRange)}`
          : priceText(v);
      rows.push([
        quoteDates[qi] ?? '',
        series.nameZh,
        price,
        headers === 'zh' ? (series.unit === 'CNY/t' ? '元/吨' : '元/公斤') : series.unit,
        headers === 'zh' ? (series.vatIncluded ? '是' : '否') : series.vatIncluded ? 'yes' : 'no',
        series.source,
      ]);
    }
  }
  return rows;
}

const PRICE_DIRT: readonly DirtyKind[] = ['bad_date', 'bad_number', 'missing_value'];

/**
 * Reference prices (formats.md §5): every quoted product on every working day from mid-December of
 * the previous year; SMM-style quotes as ranges whose midpoint is the price. When dirty, ~0.5% bad
 * rows are inserted (listed in truth.dirtyRows).
 * @example priceTable(scenario).rows[0] // ['2012-12-14', '高钇混合稀土氧化物', '206500', '元/吨', '是', '中国稀土行业协会']
 */
export function priceTable(s: Scenario, headers: HeaderLanguage = 'zh'): Table {
  const clean = cleanPriceRows(s, headers);
  if (!s.options.dirty) return { header: PRICE_HEADERS[headers], rows: clean };
  const rows: string[][] = [];
  const seed = s.seed ^ 0x9e1ce;
  let previous: string[] | undefined;
  let base = 0;
  let row = 0;
  while (base < clean.length) {
    const kind = dirtyKindAt(seed, row);
    if (kind !== null && previous && PRICE_DIRT.includes(kind)) {
      const bad = [...previous];
      if (kind === 'bad_date') bad[0] = `${(bad[0] ?? '').slice(0, 4)}/02/30`;
      else if (kind === 'bad_number') bad[2] = '待定';
      else bad[2] = '';
      rows.push(bad);
      row++;
      continue;
    }
    previous = clean[base] ?? [];
    rows.push(previous);
    base++;
    row++;
  }
  return { header: PRICE_HEADERS[headers], rows };
}

/** Dirty rows of the price file, as listed in the truth. */
function priceDirtyRows(s: Scenario, file: string): DirtyRow[] {
  const out: DirtyRow[] = [];
  const total = cleanPriceRows(s, 'zh').length;
  const seed = s.seed ^ 0x9e1ce;
  let base = 0;
  let row = 0;
  while (base < total) {
    const kind = dirtyKindAt(seed, row);
    if (kind !== null && base > 0 && PRICE_DIRT.includes(kind)) {
      out.push({ file, row: row + 2, kind });
      row++;
      continue;
    }
    base++;
    row++;
  }
  return out;
}

function encodeTable(t: Table, encoding: CsvEncoding): Uint8Array {
  return encodeCsv(t.header, t.rows, encoding);
}

/**
 * The registry as CSV bytes.
 * @example writeFileSync('enterprises.csv', encodeEnterprisesCsv(scenario, 'gbk'))
 */
export function encodeEnterprisesCsv(
  s: Scenario,
  encoding: CsvEncoding,
  headers: HeaderLanguage = 'zh',
): Uint8Array {
  return encodeTable(enterpriseTable(s, headers), encoding);
}

/**
 * The quotas as CSV bytes.
 * @example writeFileSync('quotas.csv', encodeQuotasCsv(scenario, 'gbk'))
 */
export function encodeQuotasCsv(
  s: Scenario,
  encoding: CsvEncoding,
  headers: HeaderLanguage = 'zh',
): Uint8Array {
  return encodeTable(quotaTable(s, headers), encoding);
}

/**
 * The reference prices as CSV bytes.
 * @example writeFileSync('prices.csv', encodePricesCsv(scenario, 'utf8', 'en'))
 */
export function encodePricesCsv(
  s: Scenario,
  encoding: CsvEncoding,
  headers: HeaderLanguage = 'zh',
): Uint8Array {
  return encodeTable(priceTable(s, headers), encoding);
}

/**
 * A streaming encoder of invoice lines as CSV: `header()` once (with a BOM for UTF-8), then
 * `encode(chunk)` per chunk of the line stream.
 * @example
 * const enc = createInvoiceCsvEncoder('gbk');
 * out.write(enc.header());
 * for (let c = stream.next(50_000); c; c = stream.next(50_000)) out.write(enc.encode(c));
 */
export function createInvoiceCsvEncoder(
  encoding: CsvEncoding,
  headers: HeaderLanguage = 'zh',
): { header(): Uint8Array; encode(lines: readonly SimulatedInvoiceLine[]): Uint8Array } {
  const w = new CsvByteWriter(encoding, 8 << 20);
  return {
    header() {
      w.bom();
      w.row(headers === 'zh' ? INVOICE_HEADERS_ZH : INVOICE_HEADERS_EN);
      return w.take();
    },
    encode(lines) {
      for (const l of lines) {
        // One flat string per row (Array.join builds it in one allocation), encoded in one pass
        // (csv-write.ts joinedRow); a row with a comma or quote inside a field is redone with quoting.
        const values = [
          l.invoiceCode,
          l.invoiceNumber,
          l.eInvoiceNumber,
          l.lineNo,
          l.issueDate,
          l.sellerTaxId,
          l.sellerName,
          l.buyerTaxId,
          l.buyerName,
          l.taxCode,
          l.specialBusiness,
          l.itemName,
          l.specification,
          l.unit,
          l.quantity,
          l.unitPrice,
          l.amount,
          l.taxRate,
          l.taxAmount,
          l.totalWithTax,
          l.invoiceKind,
          l.status,
          l.isPositive,
          l.originalInvoice,
          l.remark,
        ];
        w.joinedRow(values.join(','), values.length, () => values);
      }
      return w.take();
    },
  };
}

/**
 * The invoice file as CSV bytes straight from the generator: the same bytes as
 * createInvoiceCsvEncoder over createInvoiceLineStream, without making a line object per row
 * (names, IDs and item names are encoded once). For writing millions of lines fast.
 * @example
 * const csv = createInvoiceCsvStream(scenario, 'gbk');
 * out.write(csv.header());
 * for (let b = csv.next(50_000); b; b = csv.next(50_000)) out.write(b);
 */
export function createInvoiceCsvStream(
  scenario: Scenario,
  encoding: CsvEncoding,
  headers: HeaderLanguage = 'zh',
): { header(): Uint8Array; next(maxRows: number): Uint8Array | null; readonly total: number } {
  const w = new CsvByteWriter(encoding, 8 << 20);
  const n = scenario.enterprises.length;
  // Pre-encoded runs of fields that repeat from line to line, each with its commas:
  // `sellerId,sellerName,buyerId,buyerName,` per pair; `taxCode,稀土,item,spec,unit,` per product,
  // specification and unit; `kind,status,positive,` per invoice kind and status.
  const parties = new Map<number, Uint8Array>();
  const goods = new Map<ProductInfo, Map<string, (Uint8Array | undefined)[]>>();
  const tails = new Map<string, Map<string, (Uint8Array | undefined)[]>>();
  const join = (...fields: string[]): Uint8Array => {
    const parts = fields.map((f) => w.encodeField(f));
    const out = new Uint8Array(parts.reduce((a, p) => a + p.length + 1, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
      out[o++] = 0x2c;
    }
    return out;
  };
  let rows = 0;
  const fast = (a: LineArgs): void => {
    const pairKey = a.seller.index * n + a.buyer.index;
    let pair = parties.get(pairKey);
    if (!pair) {
      pair = join(a.seller.taxId, a.seller.name, a.buyer.taxId, a.buyer.name);
      parties.set(pairKey, pair);
    }
    let bySpec = goods.get(a.info);
    if (!bySpec) {
      bySpec = new Map();
      goods.set(a.info, bySpec);
    }
    let units = bySpec.get(a.spec);
    if (!units) {
      units = [undefined, undefined];
      bySpec.set(a.spec, units);
    }
    const ui = a.unit === 't' ? 0 : 1;
    let item = units[ui];
    if (!item) {
      item = join(a.info.taxCode, '稀土', a.info.itemName, a.spec, ui === 0 ? '吨' : '公斤');
      units[ui] = item;
    }
    let byStatus = tails.get(a.ident.kind);
    if (!byStatus) {
      byStatus = new Map();
      tails.set(a.ident.kind, byStatus);
    }
    let signs = byStatus.get(a.status);
    if (!signs) {
      signs = [undefined, undefined];
      byStatus.set(a.status, signs);
    }
    const ri = a.red ? 1 : 0;
    let tail = signs[ri];
    if (!tail) {
      tail = join(a.ident.kind, a.status, a.red ? '否' : '是');
      signs[ri] = tail;
    }
    const original = a.original === '' ? undefined : w.encodeField(a.original);
    const remark = a.remark === '' ? undefined : w.encodeField(a.remark);
    w.reserve(1024 + (original?.length ?? 0) + (remark?.length ?? 0));
    w.putAscii(a.ident.code);
    w.putComma();
    w.putAscii(a.ident.number);
    w.putComma();
    w.putAscii(a.ident.eNumber);
    w.putComma();
    w.putAscii(LINE_NO[a.lineNo - 1] ?? String(a.lineNo));
    w.putComma();
    w.putAscii(a.date);
    w.putComma();
    w.putBytes(pair);
    w.putBytes(item);
    w.putFixed(a.quantityUnits, a.scale, false);
    w.putComma();
    w.putAscii(a.unitPrice);
    w.putComma();
    w.putFixed(a.amountFen, 100, true);
    w.putComma();
    w.putAscii(a.taxRate);
    w.putComma();
    w.putFixed(a.taxFen, 100, true);
    w.putComma();
    w.putFixed(a.totalFen, 100, true);
    w.putComma();
    w.putBytes(tail);
    if (original) w.putBytes(original);
    w.putComma();
    if (remark) w.putBytes(remark);
    w.endRow();
    rows++;
  };
  const slow = (line: SimulatedInvoiceLine): void => {
    const values = invoiceLineValues(line);
    w.joinedRow(values.join(','), values.length, () => values);
    rows++;
  };
  const generator = createLineGenerator(scenario, createDirtyWalk(scenario, fast, slow));
  const total = scenario.totalRows;
  let written = 0;
  let more = true;
  return {
    total,
    header() {
      const h = new CsvByteWriter(encoding, 4096);
      h.bom();
      h.row(headers === 'zh' ? INVOICE_HEADERS_ZH : INVOICE_HEADERS_EN);
      return h.take();
    },
    next(maxRows: number): Uint8Array | null {
      // Whole days at a time: a chunk holds at least maxRows rows (or the rest of the year).
      while (rows < maxRows && more) more = generator.produceDay();
      if (rows === 0) {
        if (written !== total)
          throw new Error(`invoice CSV stream wrote ${written} of ${total} planned rows`);
        return null;
      }
      written += rows;
      rows = 0;
      return w.take();
    },
  };
}

/**
 * Header cells of the invoice sheet.
 * @example writer.addRow(invoiceXlsxHeader())
 */
export function invoiceXlsxHeader(headers: HeaderLanguage = 'zh'): string[] {
  return [...(headers === 'zh' ? INVOICE_HEADERS_ZH : INVOICE_HEADERS_EN)];
}

const NUMERIC_FIELDS = new Set(['quantity', 'unitPrice', 'amount', 'taxAmount', 'totalWithTax']);
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * An invoice line as XLSX cells: amounts and quantities as numbers, the date as a real Excel date,
 * codes and numbers as text (so leading zeros survive); anything unparseable (dirty rows) as text.
 * @example for (const l of chunk) writer.addRow(invoiceLineXlsxCells(l))
 */
export function invoiceLineXlsxCells(line: SimulatedInvoiceLine): XlsxCell[] {
  return INVOICE_FIELDS.map((f) => {
    const v = line[f];
    // A date that does not exist (dirty rows) is written as text by the XLSX writer.
    if (f === 'issueDate') return ISO_DATE.test(v) ? xlsxDate(v) : v;
    if (f === 'lineNo' && /^\d+$/.test(v)) return Number(v);
    if (NUMERIC_FIELDS.has(f) && PLAIN_NUMBER.test(v)) return Number(v);
    return v;
  });
}

/**
 * Table rows as XLSX cells: dates (`YYYY-MM-DD`) as Excel dates, plain numbers in number columns as numbers.
 * @example
 * const { numeric, dates } = TABLE_XLSX_COLUMNS.enterprises;
 * writer.addRows(tableXlsxCells(enterpriseTable(scenario), numeric, dates));
 */
export function tableXlsxCells(
  t: Table,
  numericColumns: readonly number[] = [],
  dateColumns: readonly number[] = [],
): XlsxCell[][] {
  return t.rows.map((r) =>
    r.map((v, i) => {
      if (v === '') return null;
      if (dateColumns.includes(i) && ISO_DATE.test(v)) return xlsxDate(v);
      if (numericColumns.includes(i) && PLAIN_NUMBER.test(v)) return Number(v);
      return v;
    }),
  );
}

/** Which columns of the small tables are numbers and dates in XLSX (tableXlsxCells arguments). */
export const TABLE_XLSX_COLUMNS = {
  enterprises: { numeric: [8], dates: [6, 7] },
  quotas: { numeric: [0, 5], dates: [] },
  prices: { numeric: [2], dates: [0] },
} as const;

/** Data rows an XLSX invoice sheet holds besides its header. */
export const XLSX_INVOICE_ROWS_PER_FILE = 1_048_575;

// ---- Fully digital e-invoice XML ----

const DIGITS = '零壹贰叁肆伍陆柒捌玖';
const UNITS_SMALL = ['', '拾', '佰', '仟'];
const UNITS_BIG = ['', '万', '亿', '万亿'];

/**
 * Amount in Chinese capitals as printed on invoices (价税合计大写).
 * @example chineseAmount(52153846) // '伍拾贰万壹仟伍佰叁拾捌圆肆角陆分'
 */
export function chineseAmount(fen: number): string {
  const neg = fen < 0;
  let a = Math.abs(Math.round(fen));
  const jiao = Math.floor(a / 10) % 10;
  const fenDigit = a % 10;
  a = Math.floor(a / 100);
  let text = '';
  if (a === 0) text = '零';
  else {
    const groups: number[] = [];
    while (a > 0) {
      groups.push(a % 10000);
      a = Math.floor(a / 10000);
    }
    let zeroPending = false;
    for (let g = groups.length - 1; g >= 0; g--) {
      const v = groups[g] ?? 0;
      if (v === 0) {
        zeroPending = text !== '';
        continue;
      }
      if (zeroPending || (text !== '' && v < 1000)) text += '零';
      zeroPending = false;
      let part = '';
      let zero = false;
      for (let p = 3; p >= 0; p--) {
        const d = Math.floor(v / 10 ** p) % 10;
        if (d === 0) {
          zero = part !== '';
          continue;
        }
        if (zero) part += '零';
        zero = false;
        part += (DIGITS[d] ?? '') + (UNITS_SMALL[p] ?? '');
      }
      text += part + (UNITS_BIG[g] ?? '');
    }
  }
  text += '圆';
  if (jiao === 0 && fenDigit === 0) text += '整';
  else {
    if (jiao > 0) text += `${DIGITS[jiao]}角`;
    else text += '零';
    if (fenDigit > 0) text += `${DIGITS[fenDigit]}分`;
  }
  return (neg ? '负数' : '') + text;
}

function fenOf(text: string): number {
  return Math.round(Number(text) * 100);
}
function yuan(fen: number): string {
  const neg = fen < 0;
  const a = Math.abs(fen);
  return `${neg ? '-' : ''}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}

function taxBureau(taxId: string): { code: string; name: string } {
  const region = /^\d{6}/.test(taxId) && taxId.length === 15 ? taxId.slice(0, 6) : taxId.slice(2, 8);
  const prefecture = `${region.slice(0, 4)}00`;
  const city = CITY_SHORT[prefecture];
  const county = COUNTIES[prefecture]?.find((c) => c[0] === region)?.[1] ?? '';
  const cityName = city === undefined ? '' : /^(北京|上海|天津)$/.test(city) ? `${city}市` : `${city}市`;
  return { code: `1${region}0000`, name: `国家税务总局${cityName}${county}税务局` };
}

/**
 * One fully digital e-invoice (数电票) as XML (formats.md §2), from the lines of one invoice
 * (same 20-digit number). Red invoices name the original in SpecificInformation. UTF-8.
 * @example encodeEInvoiceXml(linesOfOneInvoice) // Uint8Array of '<?xml …><EInvoice>…'
 */
export function encodeEInvoiceXml(invoiceLines: readonly SimulatedInvoiceLine[]): Uint8Array {
  const first = invoiceLines[0];
  if (!first) throw new Error('an e-invoice needs at least one line');
  const number = first.eInvoiceNumber;
  const h = hash32(Number(number.slice(-9)) || 0, Number(number.slice(0, 9)) || 0);
  const percent = h % 2 === 0;
  let amount = 0;
  let tax = 0;
  const items = invoiceLines.map((l) => {
    const a = fenOf(l.amount);
    const t = fenOf(l.taxAmount);
    amount += a;
    tax += t;
    const rate = Number(l.taxRate.replace('%', '')) / 100;
    return (
      '<IssuItemInformation>' +
      `<ItemName>${escapeXml(l.itemName)}</ItemName>` +
      `<SpecMod>${escapeXml(l.specification)}</SpecMod>` +
      `<MeaUnits>${escapeXml(l.unit)}</MeaUnits>` +
      `<Quantity>${escapeXml(l.quantity)}</Quantity>` +
      `<UnPrice>${escapeXml(l.unitPrice)}</UnPrice>` +
      `<Amount>${escapeXml(l.amount)}</Amount>` +
      `<TaxRate>${percent ? escapeXml(l.taxRate) : String(rate)}</TaxRate>` +
      `<ComTaxAm>${escapeXml(l.taxAmount)}</ComTaxAm>` +
      `<TaxClassificationCode>${escapeXml(l.taxCode)}</TaxClassificationCode>` +
      '</IssuItemInformation>'
    );
  });
  const total = amount + tax;
  const time = `${String(8 + (h % 10)).padStart(2, '0')}:${String((h >>> 4) % 60).padStart(2, '0')}:${String((h >>> 10) % 60).padStart(2, '0')}`;
  const bureau = taxBureau(first.sellerTaxId);
  const red = first.originalInvoice !== '';
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    '<EInvoice>' +
    `<Header><EIid>${escapeXml(number)}</EIid><EInvoiceTag>SWEI${bureau.code.slice(1, 5)}</EInvoiceTag><Version>0.32</Version>` +
    '<InherentLabel><EInvoiceType><LabelCode>01</LabelCode><LabelName>电子发票</LabelName></EInvoiceType>' +
    '<GeneralOrSpecialVAT><LabelCode>01</LabelCode><LabelName>增值税专用发票</LabelName></GeneralOrSpecialVAT></InherentLabel></Header>' +
    '<EInvoiceData>' +
    `<SellerInformation><SellerIdNum>${escapeXml(first.sellerTaxId)}</SellerIdNum><SellerName>${escapeXml(first.sellerName)}</SellerName></SellerInformation>` +
    `<BuyerInformation><BuyerIdNum>${escapeXml(first.buyerTaxId)}</BuyerIdNum><BuyerName>${escapeXml(first.buyerName)}</BuyerName></BuyerInformation>` +
    '<BasicInformation>' +
    `<TotalAmWithoutTax>${yuan(amount)}</TotalAmWithoutTax><TotalTaxAm>${yuan(tax)}</TotalTaxAm>` +
    `<TotalTax-includedAmount>${yuan(total)}</TotalTax-includedAmount>` +
    `<TotalTax-includedAmountInChinese>${chineseAmount(total)}</TotalTax-includedAmountInChinese>` +
    `<RequestTime>${escapeXml(first.issueDate)} ${time}</RequestTime>` +
    '</BasicInformation>' +
    items.join('') +
    '<SpecificInformation><SpecificBusinessCode>02</SpecificBusinessCode><SpecificBusinessName>稀土</SpecificBusinessName>' +
    (red
      ? `<RedInvoiceInformation><OriginalInvoiceNumber>${escapeXml(first.originalInvoice)}</OriginalInvoiceNumber><RedReason>销售退回</RedReason></RedInvoiceInformation>`
      : '') +
    '</SpecificInformation>' +
    (first.remark !== ''
      ? `<AdditionalInformation><Remark>${escapeXml(first.remark)}</Remark></AdditionalInformation>`
      : '') +
    '</EInvoiceData>' +
    `<TaxSupervisionInfo><InvoiceNumber>${escapeXml(number)}</InvoiceNumber><IssueTime>${escapeXml(first.issueDate)}</IssueTime>` +
    `<TaxBureauCode>${bureau.code}</TaxBureauCode><TaxBureauName>${escapeXml(bureau.name)}</TaxBureauName></TaxSupervisionInfo>` +
    '</EInvoice>\n';
  return new TextEncoder().encode(xml);
}

// ---- Truth ----

export interface TruthLayout {
  /** Name of the invoice file (part 1, 2 … when split); default `invoices.csv`. */
  readonly invoiceFile?: (part: number) => string;
  /** Data rows per invoice file (XLSX: XLSX_INVOICE_ROWS_PER_FILE); default: one file. */
  readonly invoiceRowsPerFile?: number;
  readonly priceFile?: string;
}

/**
 * The truth document (docs/simulation.md): planted violators with the signals they trip and their
 * expected list, exposed enterprises with their approximate illegal share, rings, dirty rows and
 * totals. Deterministic and pretty-printed.
 * @example writeFileSync('truth.json', truthJson(scenario))
 */
export function truthJson(s: Scenario, layout: TruthLayout = {}): string {
  const invoiceFile = layout.invoiceFile ?? (() => 'invoices.csv');
  const perFile = layout.invoiceRowsPerFile ?? Infinity;
  let dirtyRows: DirtyRow[] | undefined;
  if (s.options.dirty) {
    dirtyRows = [];
    const list = dirtyRows;
    walkDirtyRows(s.seed, s.linePlan.baseRows, (row, kind) => {
      const part = Number.isFinite(perFile) ? Math.floor(row / perFile) : 0;
      const inFile = Number.isFinite(perFile) ? row - part * perFile : row;
      list.push({ file: invoiceFile(part + 1), row: inFile + 2, kind });
    });
    dirtyRows.push(...priceDirtyRows(s, layout.priceFile ?? 'prices.csv'));
  }
  const doc = {
    schema: 'oresight.simulation.truth/1',
    seed: s.seed,
    year: s.year,
    options: s.options,
    enterprises: s.enterprises.length,
    lines: s.totalRows,
    violators: s.truth.violators,
    exposed: s.truth.exposed,
    cycles: s.truth.cycles,
    ...(dirtyRows ? { dirtyRows } : {}),
    totals: s.totals,
    notes: {
      period: `${s.year}-01-01..${s.year}-12-31`,
      priceLeadDays: LEAD_DAYS,
      quotas: 'issued to enterprises by taxpayer ID in two batches; no group rows',
    },
  };
  return `${JSON.stringify(doc, null, 2)}\n`;
}
