// Invoice lines as the API shows them: the stored line, its product, its warning flags by name,
// and the quote-based reference price and price ratio (inspection.md §2).
import type { Catalogue, LineFlagName } from '@oresight/core/domain';
import { LineFlag } from '@oresight/core/domain';
import type { LineWithFlags } from '@oresight/store';
import type { ReferencePrices } from './reference-prices.ts';
import { lineRatio } from './reference-prices.ts';

export interface LineView {
  readonly id: number;
  readonly batchId: number;
  /** The file (or zip/folder entry) and 1-based row the line came from. */
  readonly source: string;
  readonly rowNo: number;
  readonly invoiceKey: string;
  readonly lineNo: number;
  readonly invoiceCode: string | null;
  readonly invoiceNumber: string | null;
  readonly eInvoiceNumber: string | null;
  readonly issueDate: string;
  readonly sellerTaxId: string;
  readonly sellerName: string;
  readonly buyerTaxId: string;
  readonly buyerName: string;
  readonly taxCode: string | null;
  readonly specialBusiness: string | null;
  readonly itemName: string;
  readonly specification: string | null;
  readonly productId: string | null;
  readonly productNameZh: string | null;
  readonly productNameEn: string | null;
  readonly unit: string;
  /** Exact decimal text as invoiced. */
  readonly quantity: string;
  readonly unitPrice: string;
  /** Money in integer fen (CNY × 100), ex-VAT. */
  readonly amountFen: number;
  readonly taxRate: number | null;
  readonly taxFen: number;
  readonly totalFen: number | null;
  readonly invoiceKind: string | null;
  readonly status: string;
  readonly originalInvoiceKey: string | null;
  readonly remark: string | null;
  readonly kg: number;
  readonly reoKg: number;
  readonly flags: number;
  readonly flagNames: readonly LineFlagName[];
  /** The quote-based reference, when the line is priced. */
  readonly reference: {
    readonly pricePerKg: number;
    readonly quoteDate: string;
    readonly quotes: number;
  } | null;
  /** Unit price per kg ex-VAT ÷ reference; null when unpriced. */
  readonly priceRatio: number | null;
}

const FLAG_ENTRIES = Object.entries(LineFlag) as [LineFlagName, number][];

/**
 * The names of the LineFlag bits set in `flags`.
 * @example flagNamesOf(LineFlag.RED | LineFlag.VOIDED) // ['VOIDED', 'RED']
 */
export function flagNamesOf(flags: number): LineFlagName[] {
  return FLAG_ENTRIES.filter(([, bit]) => (flags & bit) !== 0).map(([name]) => name);
}

/** A flag mask from names (unknown names are the caller's validation problem). */
export function flagMaskOf(names: readonly LineFlagName[]): number {
  let mask = 0;
  for (const name of names) mask |= LineFlag[name];
  return mask;
}

export function toLineView(
  row: LineWithFlags,
  catalogue: Catalogue,
  prices: ReferencePrices,
  stalenessDays: number,
): LineView {
  const product = row.productId === null ? undefined : catalogue.getProduct(row.productId);
  const reference =
    row.productId === null ? undefined : prices.lookup(row.productId, row.issueDate, stalenessDays);
  const ratio = lineRatio(row.amountFen, row.kg, reference?.pricePerKg);
  return {
    id: Number(row.id),
    batchId: Number(row.batchId),
    source: row.source,
    rowNo: row.rowNo,
    invoiceKey: row.invoiceKey,
    lineNo: row.lineNo,
    invoiceCode: row.invoiceCode,
    invoiceNumber: row.invoiceNumber,
    eInvoiceNumber: row.eInvoiceNumber,
    issueDate: row.issueDate,
    sellerTaxId: row.sellerTaxId,
    sellerName: row.sellerName,
    buyerTaxId: row.buyerTaxId,
    buyerName: row.buyerName,
    taxCode: row.taxCode,
    specialBusiness: row.specialBusiness,
    itemName: row.itemName,
    specification: row.specification,
    productId: row.productId,
    productNameZh: product?.nameZh ?? null,
    productNameEn: product?.nameEn ?? null,
    unit: row.unit,
    quantity: row.quantity,
    unitPrice: row.unitPrice,
    amountFen: Number(row.amountFen),
    taxRate: row.taxRate,
    taxFen: Number(row.taxFen),
    totalFen: row.totalFen === null ? null : Number(row.totalFen),
    invoiceKind: row.invoiceKind,
    status: row.status,
    originalInvoiceKey: row.originalInvoiceKey,
    remark: row.remark,
    kg: row.kg,
    reoKg: row.reoKg,
    flags: row.flags,
    flagNames: flagNamesOf(row.flags),
    // CNY per kg to a millionth of a yuan: enough for any product, free of float noise.
    reference: reference ? { ...reference, pricePerKg: Math.round(reference.pricePerKg * 1e6) / 1e6 } : null,
    priceRatio: ratio === null ? null : Math.round(ratio * 1e6) / 1e6,
  };
}

/** Column headers and cells of the lines CSV export (Chinese / English headers, like the import). */
export const LINE_CSV_HEADER = [
  '发票代码 invoice_code',
  '发票号码 invoice_number',
  '数电票号码 e_invoice_number',
  '序号 line_no',
  '开票日期 issue_date',
  '销方识别号 seller_tax_id',
  '销方名称 seller_name',
  '购方识别号 buyer_tax_id',
  '购买方名称 buyer_name',
  '货物或应税劳务名称 item_name',
  '规格型号 specification',
  '产品 product',
  '单位 unit',
  '数量 quantity',
  '单价 unit_price',
  '金额 amount',
  '税率 tax_rate',
  '税额 tax_amount',
  '发票状态 status',
  '产品公斤 kg',
  'REO公斤 reo_kg',
  '参考价(元/公斤,不含税) reference_cny_per_kg',
  '价格比 price_ratio',
  '警示 flags',
  '来源 source',
  '行号 row',
] as const;

function fenText(fen: number | null): string {
  if (fen === null) return '';
  const sign = fen < 0 ? '-' : '';
  const abs = Math.abs(fen);
  return `${sign}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}

export function lineCsvRow(v: LineView): unknown[] {
  return [
    v.invoiceCode,
    v.invoiceNumber,
    v.eInvoiceNumber,
    v.lineNo,
    v.issueDate,
    v.sellerTaxId,
    v.sellerName,
    v.buyerTaxId,
    v.buyerName,
    v.itemName,
    v.specification,
    v.productId,
    v.unit,
    v.quantity,
    v.unitPrice,
    fenText(v.amountFen),
    v.taxRate,
    fenText(v.taxFen),
    v.status,
    v.kg,
    v.reoKg,
    v.reference?.pricePerKg === undefined ? '' : Math.round(v.reference.pricePerKg * 100) / 100,
    v.priceRatio,
    v.flagNames.join(' '),
    v.source,
    v.rowNo,
  ];
}
