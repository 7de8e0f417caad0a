// Per-line warning bits shared by ingestion (which sets them) and inspection (which reports them).

/**
 * Warnings found on a line that reads: the line is kept (it is evidence) and the inspection
 * reports it (formats.md §1, inspection.md §5). Bits of `InvoiceLineRecord.flags`.
 */
export const LineFlag = {
  /** amount ≠ quantity × unit price beyond 0.01 */
  AMOUNT_MISMATCH: 1 << 0,
  /** tax ≠ amount × rate beyond 0.06 */
  TAX_MISMATCH: 1 << 1,
  /** VAT rate is not the goods rate in force on the issue date */
  VAT_RATE_NOT_IN_FORCE: 1 << 2,
  /** unit other than kg or t (allowed: STA 2012 No. 17) */
  UNIT_NOT_ALLOWED: 1 << 3,
  /** seller USCC check character or organization code check fails (and not allow-listed) */
  SELLER_TAX_ID_CHECK: 1 << 4,
  /** buyer USCC check character or organization code check fails (and not allow-listed) */
  BUYER_TAX_ID_CHECK: 1 << 5,
  /** item name outside the catalogue */
  ITEM_UNMATCHED: 1 << 6,
  /** the `*类别*` prefix names another category than the matched product's */
  PREFIX_MISMATCH: 1 << 7,
  /** a rare earth product on an ordinary (not special) VAT invoice */
  ORDINARY_INVOICE: 1 << 8,
  /** an invoice number or original-invoice reference mangled by a spreadsheet (scientific notation) */
  REFERENCE_MANGLED: 1 << 9,
  /** red-letter line whose original invoice is not in the store (set by the import) */
  RED_WITHOUT_ORIGINAL: 1 << 10,
  /** red-letter lines of an original exceed it in quantity or amount (set by the import) */
  RED_EXCEEDS_ORIGINAL: 1 << 11,
  /** total ≠ amount + tax beyond 0.01 */
  TOTAL_MISMATCH: 1 << 12,
  /** the invoice is voided (作废): kept, never counted */
  VOIDED: 1 << 13,
  /** a red-letter (credit) line: negative quantity and amount */
  RED: 1 << 14,
  /** tax exempt (免税) or a rate of 0 on a rare earth line */
  TAX_EXEMPT: 1 << 15,
  /**
   * a line whose invoice header (date, parties, kind, status, original, remark) differs from the
   * invoice as first stored: the store keeps one header per invoice, so the first one stands and
   * the line is flagged (the original file, kept with its batch, shows what the line said)
   */
  HEADER_CONFLICT: 1 << 16,
} as const;
export type LineFlagName = keyof typeof LineFlag;
