// One invoice line as the tax bureau's detail export writes it (formats.md §2): every field a
// string, in the export's column order, with its Chinese and English headers.

/** An invoice line, every field as the export writes it. Red-letter lines carry negative numbers. */
export interface SimulatedInvoiceLine {
  /** 发票代码: 10 digits (paper special invoice) or 12 (electronic special invoice); '' for 数电票. */
  invoiceCode: string;
  /** 发票号码: 8 digits; '' for 数电票. */
  invoiceNumber: string;
  /** 数电票号码: 20 digits (2 year, 2 province, 1 channel, 15 sequence); '' for legacy invoices. */
  eInvoiceNumber: string;
  /** 序号: 1..7 within the invoice. */
  lineNo: string;
  /** 开票日期 `YYYY-MM-DD`. */
  issueDate: string;
  sellerTaxId: string;
  sellerName: string;
  buyerTaxId: string;
  buyerName: string;
  /** 税收分类编码 (19 digits). */
  taxCode: string;
  /** 特定业务类型: `稀土`. */
  specialBusiness: string;
  /** `*简称*品名`, e.g. `*稀土冶炼分离产品*氧化镨钕`. */
  itemName: string;
  specification: string;
  /** 吨 or 公斤. */
  unit: string;
  quantity: string;
  /** Ex-VAT, per unit. */
  unitPrice: string;
  /** Ex-VAT, yuan with two decimals. */
  amount: string;
  /** e.g. `17%`. */
  taxRate: string;
  taxAmount: string;
  totalWithTax: string;
  invoiceKind: string;
  /** 正常, 作废, 已红冲, 部分红冲. */
  status: string;
  /** 是, or 否 on red-letter lines. */
  isPositive: string;
  /** Red-letter lines: the blue invoice reversed (`code number` or 20 digits). */
  originalInvoice: string;
  remark: string;
}

/** Field order of the export (formats.md §2). */
export const INVOICE_FIELDS = [
  'invoiceCode',
  'invoiceNumber',
  'eInvoiceNumber',
  'lineNo',
  'issueDate',
  'sellerTaxId',
  'sellerName',
  'buyerTaxId',
  'buyerName',
  'taxCode',
  'specialBusiness',
  'itemName',
  'specification',
  'unit',
  'quantity',
  'unitPrice',
  'amount',
  'taxRate',
  'taxAmount',
  'totalWithTax',
  'invoiceKind',
  'status',
  'isPositive',
  'originalInvoice',
  'remark',
] as const satisfies readonly (keyof SimulatedInvoiceLine)[];

export const INVOICE_HEADERS_ZH: readonly string[] = [
  '发票代码',
  '发票号码',
  '数电票号码',
  '序号',
  '开票日期',
  '销方识别号',
  '销方名称',
  '购方识别号',
  '购买方名称',
  '税收分类编码',
  '特定业务类型',
  '货物或应税劳务名称',
  '规格型号',
  '单位',
  '数量',
  '单价',
  '金额',
  '税率',
  '税额',
  '价税合计',
  '发票票种',
  '发票状态',
  '是否正数发票',
  '原发票号码',
  '备注',
];

export const INVOICE_HEADERS_EN: readonly string[] = [
  'invoice_code',
  'invoice_number',
  'e_invoice_number',
  'line_no',
  'issue_date',
  'seller_tax_id',
  'seller_name',
  'buyer_tax_id',
  'buyer_name',
  'tax_code',
  'special_business',
  'item_name',
  'specification',
  'unit',
  'quantity',
  'unit_price',
  'amount',
  'tax_rate',
  'tax_amount',
  'total_with_tax',
  'invoice_kind',
  'status',
  'is_positive',
  'original_invoice',
  'remark',
];

/**
 * The line's values in export column order (INVOICE_HEADERS_ZH / _EN).
 * @example invoiceLineValues(line)[11] // '*稀土冶炼分离产品*氧化镨钕'
 */
export function invoiceLineValues(line: SimulatedInvoiceLine): string[] {
  return INVOICE_FIELDS.map((f) => line[f]);
}

/**
 * The invoice identity of a line: `code-number` or the 20-digit number.
 * @example invoiceIdOf(line) // '1500131130-00345678'
 */
export function invoiceIdOf(line: SimulatedInvoiceLine): string {
  return line.eInvoiceNumber !== '' ? line.eInvoiceNumber : `${line.invoiceCode}-${line.invoiceNumber}`;
}
