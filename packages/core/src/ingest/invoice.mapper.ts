// Invoice line rows of CSV and XLSX files (formats.md §2) → InvoiceLineRecord or row issues.
import type { InvoiceLineRecord, InvoiceStatus, RowIssue } from './records.ts';
import type { IngestOptions, RowMapper, RowMapperResult, RowOutput } from './types.ts';
import type { HeaderMap } from './columns.ts';
import { columnTitle } from './columns.ts';
import { makeIssue } from './messages.ts';
import type { ItemInfo, LineDraft, TaxIdInfo } from './invoice-line.ts';
import type { Unit } from '../domain/units.ts';
import type { IdentityResult } from './values.ts';
import { InvoiceContext, assembleInvoiceLine } from './invoice-line.ts';
import { KeyCounter } from './key-counter.ts';
import { EXEMPT_TAX, createInvoiceByteMapper } from './invoice-bytes.ts';
import {
  cleanCell,
  copyString,
  decimalOut,
  normalizeIdentity,
  parseStatusText,
  parseYesNo,
  readDecimal,
  readFen,
} from './values.ts';

function cellAt(cells: readonly string[], i: number): string {
  return i < 0 ? '' : cleanCell(cells[i] ?? '');
}

/**
 * The last raw text of a column and what it read as (adjacent lines of an invoice repeat it).
 * Holding one raw slice pins at most one chunk of the file per column.
 */
class Memo<T> {
  raw: string | undefined = undefined;
  value: T | undefined = undefined;
  set(raw: string, value: T): void {
    this.raw = raw;
    this.value = value;
  }
}

/**
 * Text cells go into records as they are: substrings of the decoded chunk, which live as long as
 * the caller keeps the records (a copy per line would cost more than the chunk it frees).
 */
function optional(raw: string): string | null {
  return raw === '' ? null : raw;
}

/**
 * The row mapper for invoice lines, or the fatal issue of a header without a required column.
 * Required: issue date, seller and buyer IDs and names, item name, unit, quantity, unit price,
 * amount, tax rate, tax; and an identity: the invoice number column (with the code column for
 * legacy numbers) or the e-invoice number column.
 */
export function createInvoiceMapper(
  header: HeaderMap,
  options: IngestOptions,
): RowMapperResult<InvoiceLineRecord> {
  const ix = header.index;
  const label = header.label;
  const at = (key: string): number => ix[key] ?? -1;
  const fatal = (key: string): RowMapperResult<InvoiceLineRecord> => ({
    fatal: makeIssue(options.source, 0, columnTitle('invoices', key), null, 'missing_column'),
  });

  if (at('invoice_number') < 0 && at('e_invoice_number') < 0)
    return {
      fatal: makeIssue(
        options.source,
        0,
        `${columnTitle('invoices', 'invoice_number')} | ${columnTitle('invoices', 'e_invoice_number')}`,
        null,
        'missing_column',
      ),
    };
  for (const key of [
    'issue_date',
    'seller_tax_id',
    'seller_name',
    'buyer_tax_id',
    'buyer_name',
    'item_name',
    'unit',
    'quantity',
    'unit_price',
    'amount',
    'tax_rate',
    'tax_amount',
  ]) {
    if (at(key) < 0) return fatal(key);
  }

  const cCode = at('invoice_code');
  const cNumber = at('invoice_number');
  const cENumber = at('e_invoice_number');
  const cLineNo = at('line_no');
  const cDate = at('issue_date');
  const cSellerId = at('seller_tax_id');
  const cSellerName = at('seller_name');
  const cBuyerId = at('buyer_tax_id');
  const cBuyerName = at('buyer_name');
  const cTaxCode = at('tax_code');
  const cSpecial = at('special_business');
  const cItem = at('item_name');
  const cSpec = at('specification');
  const cUnit = at('unit');
  const cQuantity = at('quantity');
  const cPrice = at('unit_price');
  const cAmount = at('amount');
  const cRate = at('tax_rate');
  const cTax = at('tax_amount');
  const cTotal = at('total_with_tax');
  const cKind = at('invoice_kind');
  const cStatus = at('status');
  const cPositive = at('is_positive');
  const cOriginal = at('original_invoice');
  const cRemark = at('remark');

  const ctx = new InvoiceContext(options);
  const counter = new KeyCounter();
  const source = options.source;
  const statusCache = new Map<string, InvoiceStatus | null>();
  const identityLabel = (field: string): string =>
    (ix[field] ?? -1) >= 0 ? (label[field] ?? field) : columnTitle('invoices', field);

  // One draft reused for every row: the record is a fresh object, the draft never escapes.
  const d = {} as LineDraft;
  // Lines of one invoice are adjacent and repeat its parties and date: remember the last raw
  // text of each repeating column and what it read as, before asking the caches.
  const mNumber = new Memo<IdentityResult>();
  const mCode = new Memo<never>();
  const mENumber = new Memo<never>();
  const mDate = new Memo<string | null>();
  const mSeller = new Memo<TaxIdInfo | null>();
  const mBuyer = new Memo<TaxIdInfo | null>();
  const mItem = new Memo<ItemInfo>();
  const mUnit = new Memo<Unit | null>();
  const mRate = new Memo<{ rate: number | null } | null>();

  let row = 0;
  const rowIssues: RowIssue[] = [];
  function issue(column: number, value: string, code: string): void {
    rowIssues.push(makeIssue(source, row, headerLabel(column), value === '' ? null : value, code));
  }

  function mapRow(cells: readonly string[], rowNumber: number, out: RowOutput<InvoiceLineRecord>): void {
    row = rowNumber;
    rowIssues.length = 0;

    // Identity first: its key numbers the line even when the row is then rejected, so that a
    // corrected re-import numbers every other line the same way.
    const codeCell = cellAt(cells, cCode);
    const numberCell = cellAt(cells, cNumber);
    const eCell = cellAt(cells, cENumber);
    let identity: IdentityResult;
    if (numberCell === mNumber.raw && codeCell === mCode.raw && eCell === mENumber.raw)
      identity = mNumber.value!;
    else {
      identity = normalizeIdentity(codeCell, numberCell, eCell);
      mNumber.set(numberCell, identity);
      mCode.raw = codeCell;
      mENumber.raw = eCell;
    }
    if (identity.kind === 'issue') {
      const column =
        identity.field === 'invoice_code' ? cCode : identity.field === 'invoice_number' ? cNumber : cENumber;
      const title = column >= 0 ? (label[identity.field] ?? identity.field) : identityLabel(identity.field);
      rowIssues.push(
        makeIssue(source, row, title, identity.value === '' ? null : identity.value, identity.code),
      );
    }

    let lineNo = 0;
    if (cLineNo >= 0) {
      const lineText = cellAt(cells, cLineNo);
      if (lineText !== '') {
        const n = Number(lineText);
        if (Number.isInteger(n) && n >= 1 && n <= 1e6) lineNo = n;
        else issue(cLineNo, lineText, 'bad_line_no');
      }
    }

    const dateText = cellAt(cells, cDate);
    let issueDate: string | null = null;
    if (dateText === '') issue(cDate, '', 'missing_value');
    else {
      if (dateText === mDate.raw) issueDate = mDate.value!;
      else mDate.set(dateText, (issueDate = ctx.date(dateText)));
      if (issueDate === null) issue(cDate, dateText, 'bad_date');
    }

    const sellerText = cellAt(cells, cSellerId);
    let seller: TaxIdInfo | null = null;
    if (sellerText === '') issue(cSellerId, '', 'missing_value');
    else {
      if (sellerText === mSeller.raw) seller = mSeller.value!;
      else mSeller.set(sellerText, (seller = ctx.taxId(sellerText)));
      if (seller === null) issue(cSellerId, sellerText, 'bad_tax_id');
    }
    const sellerNameText = cellAt(cells, cSellerName);
    if (sellerNameText === '') issue(cSellerName, '', 'missing_value');
    const buyerText = cellAt(cells, cBuyerId);
    let buyer: TaxIdInfo | null = null;
    if (buyerText === '') issue(cBuyerId, '', 'missing_value');
    else {
      if (buyerText === mBuyer.raw) buyer = mBuyer.value!;
      else mBuyer.set(buyerText, (buyer = ctx.taxId(buyerText)));
      if (buyer === null) issue(cBuyerId, buyerText, 'bad_tax_id');
    }
    const buyerNameText = cellAt(cells, cBuyerName);
    if (buyerNameText === '') issue(cBuyerName, '', 'missing_value');

    const itemText = cellAt(cells, cItem);
    if (itemText === '') issue(cItem, '', 'missing_value');
    const unitText = cellAt(cells, cUnit);
    let unit: Unit | null = null;
    if (unitText === '') issue(cUnit, '', 'missing_value');
    else {
      if (unitText === mUnit.raw) unit = mUnit.value!;
      else mUnit.set(unitText, (unit = ctx.unit(unitText)));
      if (unit === null) issue(cUnit, unitText, 'unknown_unit');
    }

    const quantityText = cellAt(cells, cQuantity);
    let quantityOk = false;
    if (quantityText === '') issue(cQuantity, '', 'missing_value');
    else if ((quantityOk = readDecimal(quantityText))) {
      d.quantityText = decimalOut.text;
      d.quantityValue = decimalOut.value;
      d.quantityMantissa = decimalOut.mantissa;
      d.quantityScale = decimalOut.scale;
    } else issue(cQuantity, quantityText, 'bad_number');
    const priceText = cellAt(cells, cPrice);
    if (priceText === '') issue(cPrice, '', 'missing_value');
    else if (readDecimal(priceText)) {
      d.unitPriceText = decimalOut.text;
      d.unitPriceValue = decimalOut.value;
    } else issue(cPrice, priceText, 'bad_number');
    const amountText = cellAt(cells, cAmount);
    let amountFen: number | undefined;
    if (amountText === '') issue(cAmount, '', 'missing_value');
    else if ((amountFen = readFen(amountText)) === undefined) issue(cAmount, amountText, 'bad_number');

    const rateText = cellAt(cells, cRate);
    let rate: { rate: number | null } | null = null;
    if (rateText === '') issue(cRate, '', 'missing_value');
    else {
      if (rateText === mRate.raw) rate = mRate.value!;
      else mRate.set(rateText, (rate = ctx.rate(rateText)));
      if (rate === null) issue(cRate, rateText, 'bad_tax_rate');
    }

    // 免税 lines show *** (or nothing) as their tax: that is zero tax, not a missing value.
    const taxText = cellAt(cells, cTax);
    let taxFen: number | undefined;
    if (taxText === '' || EXEMPT_TAX.has(taxText)) {
      if (rate !== null && rate.rate === null) taxFen = 0;
      else issue(cTax, taxText, taxText === '' ? 'missing_value' : 'bad_number');
    } else if ((taxFen = readFen(taxText)) === undefined) issue(cTax, taxText, 'bad_number');

    let totalFen: number | null = null;
    if (cTotal >= 0) {
      const totalText = cellAt(cells, cTotal);
      if (totalText !== '') {
        const t = readFen(totalText);
        if (t === undefined) issue(cTotal, totalText, 'bad_number');
        else totalFen = t;
      }
    }

    let status: InvoiceStatus = 'normal';
    if (cStatus >= 0) {
      const statusText = cellAt(cells, cStatus);
      if (statusText !== '') {
        let st = statusCache.get(statusText);
        if (st === undefined)
          statusCache.set(copyString(statusText), (st = parseStatusText(statusText) ?? null));
        if (st === null) issue(cStatus, statusText, 'unknown_status');
        else status = st;
      }
    }
    let isPositive: boolean | null = null;
    if (cPositive >= 0) {
      const positiveText = cellAt(cells, cPositive);
      if (positiveText !== '') {
        const b = parseYesNo(positiveText);
        if (b === undefined) issue(cPositive, positiveText, 'bad_boolean');
        else isPositive = b;
      }
    }

    if (rowIssues.length > 0) {
      if (identity.kind !== 'issue' && identity.kind !== 'mangled' && lineNo === 0)
        counter.next(identity.key);
      for (const i of rowIssues) out.issues.push(i);
      out.rowsRead++;
      return;
    }
    // Everything required is present and read (an issue was raised otherwise).
    if (identity.kind === 'issue' || issueDate === null || seller === null || buyer === null || unit === null)
      throw new Error('unreachable: a required value passed without an issue');
    if (!quantityOk || amountFen === undefined || rate === null || taxFen === undefined)
      throw new Error('unreachable: a required number passed without an issue');

    d.identity = identity;
    d.lineNo = lineNo;
    d.issueDate = issueDate;
    d.seller = seller;
    d.sellerName = sellerNameText;
    d.buyer = buyer;
    d.buyerName = buyerNameText;
    d.taxCode = cTaxCode < 0 ? null : optional(cellAt(cells, cTaxCode));
    d.specialBusiness = cSpecial < 0 ? null : optional(cellAt(cells, cSpecial));
    if (itemText === mItem.raw) d.item = mItem.value!;
    else mItem.set(itemText, (d.item = ctx.item(itemText)));
    d.specification = cSpec < 0 ? null : optional(cellAt(cells, cSpec));
    d.unit = unit;
    d.amountFen = amountFen;
    d.taxRate = rate.rate;
    d.taxFen = taxFen;
    d.totalFen = totalFen;
    d.invoiceKind = cKind < 0 ? null : optional(cellAt(cells, cKind));
    d.status = status;
    d.isPositive = isPositive;
    d.originalRaw = cOriginal < 0 ? '' : cellAt(cells, cOriginal);
    d.originalKey = null;
    d.remark = cRemark < 0 ? null : optional(cellAt(cells, cRemark));
    d.source = source;
    d.row = row;
    out.records.push(assembleInvoiceLine(ctx, d, counter));
    out.rowsRead++;
  }

  function headerLabel(column: number): string {
    for (const key in ix) if (ix[key] === column) return label[key] ?? key;
    return String(column);
  }

  const byteMapper = createInvoiceByteMapper(
    {
      code: cCode,
      number: cNumber,
      eNumber: cENumber,
      lineNo: cLineNo,
      date: cDate,
      sellerId: cSellerId,
      sellerName: cSellerName,
      buyerId: cBuyerId,
      buyerName: cBuyerName,
      taxCode: cTaxCode,
      special: cSpecial,
      item: cItem,
      spec: cSpec,
      unit: cUnit,
      quantity: cQuantity,
      price: cPrice,
      amount: cAmount,
      rate: cRate,
      tax: cTax,
      total: cTotal,
      kind: cKind,
      status: cStatus,
      positive: cPositive,
      original: cOriginal,
      remark: cRemark,
    },
    ctx,
    counter,
    d,
    source,
  );

  const mapper: RowMapper<InvoiceLineRecord> = {
    dateColumns: [cDate],
    mapRow,
    mapBytes: byteMapper.mapBytes,
    repeatingColumns: byteMapper.repeatingColumns,
  };
  return { mapper };
}
