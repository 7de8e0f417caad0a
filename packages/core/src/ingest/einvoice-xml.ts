// Fully digital e-invoice XML (formats.md §2, domain.md §3): one invoice per file. Elements are
// found by local name wherever they sit, so namespaces, prefixes, element order and extra
// elements do not matter.
import type { XmlElement } from '../formats/xml-read.ts';
import {
  XmlSyntaxError,
  decodeXmlBytes,
  deepText,
  findAllElements,
  findFirstElement,
  parseXml,
} from '../formats/xml-read.ts';
import type { IngestOptions, ParseOutput } from './types.ts';
import type { InvoiceLineRecord, RowIssue } from './records.ts';
import { LineFlag } from '../domain/line-flags.ts';
import { makeIssue } from './messages.ts';
import type { LineDraft } from './invoice-line.ts';
import { InvoiceContext, assembleInvoiceLine } from './invoice-line.ts';
import type { IdentityResult } from './values.ts';
import {
  decimalOut,
  idDigits,
  padInvoiceCode,
  parseOriginalReference,
  readDecimal,
  readFen,
} from './values.ts';

function textOf(el: XmlElement | undefined): string {
  return el === undefined ? '' : deepText(el).trim();
}

/** First element with this local name inside `scope` (if given and present), else anywhere. */
function find(root: XmlElement, localName: string, scope?: string): XmlElement | undefined {
  if (scope !== undefined) {
    const s = findFirstElement(root, scope);
    const inScope = s === undefined ? undefined : findFirstElement(s, localName);
    if (inScope !== undefined) return inScope;
  }
  return findFirstElement(root, localName);
}

/** The label of an InherentLabel entry: `<X><LabelName>…</LabelName></X>` or `<X>…</X>`. */
function labelOf(root: XmlElement, localName: string): string {
  const el = findFirstElement(root, localName);
  if (el === undefined) return '';
  const name = findFirstElement(el, 'LabelName');
  return textOf(name ?? el);
}

const ORIGINAL_NAME = /original|blue|reversed|corresponding|yfp|lzfp/i;

/**
 * What SpecificInformation (and any element named like it) says. Accepted:
 * - special business: an element whose name contains `SpecificBusiness`, `SpecialBusiness`,
 *   `BusinessType` or `TdywLx`, or a leaf of SpecificInformation named like a code or type
 *   (`…Code`, `…Type`, `…Lx`, `…Dm`), holding `02` → `稀土`; any leaf of SpecificInformation
 *   mentioning `稀土` → `稀土`; another business code is kept as written;
 * - the original invoice of a red invoice: leaf elements whose name contains `Original`, `Blue`,
 *   `Reversed`, `Corresponding` (or the pinyin abbreviations `Yfp`, `Lzfp`), inside
 *   SpecificInformation or, elsewhere, also naming an invoice/number/code (`OriginalInvoiceNumber`):
 *   a 20-digit number, or a code (name contains `Code`/`Dm`) plus a number, read as
 *   parseOriginalReference does. Any such reference makes every line of the invoice RED.
 */
function readSpecific(root: XmlElement): {
  special: string | null;
  originalKey: string | null;
  originalMangled: boolean;
  hasOriginal: boolean;
} {
  let special: string | null = null;
  const candidates: XmlElement[] = [];
  const visit = (el: XmlElement, insideSpecific: boolean): void => {
    const inside = insideSpecific || el.localName === 'SpecificInformation';
    if (el.children.length === 0) {
      const t = el.text.trim();
      const businessName = /specificbusiness|specialbusiness|businesstype|tdywlx/i.test(el.localName);
      const codeLike = inside && /code|type|lx|dm/i.test(el.localName) && !ORIGINAL_NAME.test(el.localName);
      if (special === null && (businessName || codeLike) && (t === '02' || t.includes('稀土')))
        special = '稀土';
      else if (special === null && businessName && t !== '') special = t;
      else if (special === null && inside && t.includes('稀土')) special = '稀土';
      if (
        ORIGINAL_NAME.test(el.localName) &&
        t !== '' &&
        (inside || /invoice|number|no|code|fphm|fpdm/i.test(el.localName))
      )
        candidates.push(el);
    }
    for (const c of el.children) visit(c, inside);
  };
  visit(root, false);

  let code = '';
  let number = '';
  for (const el of candidates) {
    if (!/\d/.test(el.text)) continue;
    if (/code|dm/i.test(el.localName)) code ||= el.text.trim();
    else number ||= el.text.trim();
  }
  if (number === '' && code === '')
    return { special, originalKey: null, originalMangled: false, hasOriginal: false };
  const ref = parseOriginalReference(code !== '' ? `${code} ${number}` : number, null);
  return { special, originalKey: ref.key, originalMangled: ref.mangled, hasOriginal: true };
}

/**
 * Parses one fully digital e-invoice. Header problems (no number, unreadable parties or date,
 * no lines) are `fatal`; a line that cannot be read is a row issue with row = the 1-based index
 * of its IssuItemInformation, which is also its line number. Header totals are not checked
 * against the lines (they need not agree to the cent).
 * @example parseEInvoiceXml(bytes, { source: '25152000000012345678.xml', catalogue }).records[0]?.invoiceKey
 */
export function parseEInvoiceXml(bytes: Uint8Array, options: IngestOptions): ParseOutput<InvoiceLineRecord> {
  const source = options.source;
  const fail = (
    column: string | null,
    value: string | null,
    code: string,
    extra = {},
  ): ParseOutput<InvoiceLineRecord> => ({
    records: [],
    issues: [],
    fatal: makeIssue(source, 0, column, value, code, extra),
    rowsRead: 0,
  });
  let root: XmlElement;
  try {
    root = parseXml(decodeXmlBytes(bytes));
  } catch (err) {
    if (err instanceof XmlSyntaxError || err instanceof RangeError)
      return fail(null, null, 'bad_xml', { detail: err.message });
    throw err;
  }

  // Identity: TaxSupervisionInfo/InvoiceNumber, else Header/EIid.
  const numberEl = find(root, 'InvoiceNumber', 'TaxSupervisionInfo');
  const numberText = textOf(numberEl ?? find(root, 'EIid', 'Header'));
  const numberColumn = numberEl ? 'InvoiceNumber' : 'EIid';
  if (numberText === '') return fail('InvoiceNumber', null, 'missing_value');
  const digits = idDigits(numberText);
  let identity: Exclude<IdentityResult, { kind: 'issue' }>;
  const codeText = idDigits(textOf(find(root, 'InvoiceCode')));
  if (/^\d{20}$/.test(digits)) identity = { kind: 'digital', number: digits, key: digits };
  else if (/^\d{1,8}$/.test(digits) && /^\d{1,12}$/.test(codeText)) {
    const code = padInvoiceCode(codeText);
    const number = digits.padStart(8, '0');
    identity = { kind: 'legacy', code, number, key: `${code}-${number}` };
  } else return fail(numberColumn, numberText, 'bad_invoice_number');

  const ctx = new InvoiceContext(options);
  const sellerText = textOf(find(root, 'SellerIdNum'));
  const buyerText = textOf(find(root, 'BuyerIdNum'));
  const sellerName = textOf(find(root, 'SellerName'));
  const buyerName = textOf(find(root, 'BuyerName'));
  if (sellerText === '') return fail('SellerIdNum', null, 'missing_value');
  const seller = ctx.taxId(sellerText);
  if (seller === null) return fail('SellerIdNum', sellerText, 'bad_tax_id');
  if (sellerName === '') return fail('SellerName', null, 'missing_value');
  if (buyerText === '') return fail('BuyerIdNum', null, 'missing_value');
  const buyer = ctx.taxId(buyerText);
  if (buyer === null) return fail('BuyerIdNum', buyerText, 'bad_tax_id');
  if (buyerName === '') return fail('BuyerName', null, 'missing_value');

  const issueEl =
    find(root, 'IssueTime', 'TaxSupervisionInfo') ?? find(root, 'RequestTime', 'BasicInformation');
  const dateText = textOf(issueEl);
  const dateColumn = issueEl?.localName ?? 'IssueTime';
  if (dateText === '') return fail(dateColumn, null, 'missing_value');
  const issueDate = ctx.date(dateText);
  if (issueDate === null) return fail(dateColumn, dateText, 'bad_date');

  const lines = findAllElements(root, 'IssuItemInformation');
  if (lines.length === 0) return fail('IssuItemInformation', null, 'no_lines');

  const kindText = labelOf(root, 'GeneralOrSpecialVAT') || labelOf(root, 'EInvoiceType');
  const remark = textOf(find(root, 'Remark', 'AdditionalInformation'));
  const specific = readSpecific(root);

  const records: InvoiceLineRecord[] = [];
  const issues: RowIssue[] = [];
  let rowsRead = 0;
  lines.forEach((line, index) => {
    const row = index + 1;
    rowsRead++;
    const rowIssues: RowIssue[] = [];
    const field = (name: string): string => textOf(findFirstElement(line, name));
    const issue = (column: string, value: string, code: string): void => {
      rowIssues.push(makeIssue(source, row, column, value === '' ? null : value, code));
    };
    const required = (name: string): string => {
      const v = field(name);
      if (v === '') issue(name, '', 'missing_value');
      return v;
    };
    const itemName = required('ItemName');
    const unitText = required('MeaUnits');
    const unit = unitText === '' ? null : ctx.unit(unitText);
    if (unitText !== '' && unit === null) issue('MeaUnits', unitText, 'unknown_unit');
    const quantityText = required('Quantity');
    let quantity: { text: string; value: number; mantissa: number; scale: number } | null = null;
    if (quantityText !== '') {
      if (readDecimal(quantityText)) quantity = { ...decimalOut };
      else issue('Quantity', quantityText, 'bad_number');
    }
    const priceText = required('UnPrice');
    let price: { text: string; value: number } | null = null;
    if (priceText !== '') {
      if (readDecimal(priceText)) price = { text: decimalOut.text, value: decimalOut.value };
      else issue('UnPrice', priceText, 'bad_number');
    }
    const amountText = required('Amount');
    const amountFen = amountText === '' ? undefined : readFen(amountText);
    if (amountText !== '' && amountFen === undefined) issue('Amount', amountText, 'bad_number');
    const rateText = required('TaxRate');
    const rate = rateText === '' ? null : ctx.rate(rateText);
    if (rateText !== '' && rate === null) issue('TaxRate', rateText, 'bad_tax_rate');
    const taxText = field('ComTaxAm');
    let taxFen: number | undefined;
    if (taxText === '' || taxText === '***') {
      if (rate !== null && rate.rate === null) taxFen = 0;
      else issue('ComTaxAm', taxText, taxText === '' ? 'missing_value' : 'bad_number');
    } else {
      taxFen = readFen(taxText);
      if (taxFen === undefined) issue('ComTaxAm', taxText, 'bad_number');
    }
    if (
      rowIssues.length > 0 ||
      unit === null ||
      quantity === null ||
      price === null ||
      amountFen === undefined ||
      rate === null ||
      taxFen === undefined
    ) {
      for (const i of rowIssues) issues.push(i);
      return;
    }
    const spec = field('SpecMod');
    const taxCode = field('TaxClassificationCode');
    const d: LineDraft = {
      identity,
      lineNo: row,
      issueDate,
      seller,
      sellerName,
      buyer,
      buyerName,
      taxCode: taxCode === '' ? null : taxCode,
      specialBusiness: specific.special,
      item: ctx.item(itemName),
      specification: spec === '' ? null : spec,
      unit,
      quantityText: quantity.text,
      quantityValue: quantity.value,
      quantityMantissa: quantity.mantissa,
      quantityScale: quantity.scale,
      unitPriceText: price.text,
      unitPriceValue: price.value,
      amountFen,
      taxRate: rate.rate,
      taxFen,
      totalFen: null,
      invoiceKind: kindText === '' ? null : kindText,
      // Fully digital e-invoices cannot be voided (domain.md §3).
      status: 'normal',
      // A named original makes the whole invoice a red one, whatever the sign of this line.
      isPositive: specific.hasOriginal ? false : null,
      originalRaw: '',
      originalKey: specific.originalKey,
      remark: remark === '' ? null : remark,
      source,
      row,
    };
    const record = assembleInvoiceLine(ctx, d, null);
    records.push(
      specific.originalMangled ? { ...record, flags: record.flags | LineFlag.REFERENCE_MANGLED } : record,
    );
  });
  return { records, issues, fatal: null, rowsRead };
}
