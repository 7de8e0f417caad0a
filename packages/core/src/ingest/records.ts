// The records ingestion produces and the import use case stores (formats.md §2–§5). This file is
// the contract between core/ingest, app/imports and the simulator's round trip: extend, don't break.
import type { EnterpriseRole } from '../domain/roles.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { QuotaKind } from '../domain/groups.ts';
import type { UnitId, PriceUnitId } from '../domain/units.ts';

export { LineFlag } from '../domain/line-flags.ts';
export type { LineFlagName } from '../domain/line-flags.ts';

/** 发票状态: 正常, 作废 (voided), 已红冲 (fully reversed), 部分红冲 (partly reversed). */
export type InvoiceStatus = 'normal' | 'void' | 'reversed' | 'partly_reversed';

/** One invoice line, parsed, normalised and checked. Money in integer fen, quantities exact. */
export interface InvoiceLineRecord {
  /**
   * Invoice identity: `{code}-{number}` for legacy invoices (code padded to 10/12 digits, number
   * to 8), the 20-digit number for fully digital e-invoices, or `X:{hash}` of the line's content
   * when a spreadsheet destroyed the number (flagged REFERENCE_MANGLED).
   */
  readonly invoiceKey: string;
  readonly invoiceCode: string | null;
  readonly invoiceNumber: string | null;
  readonly eInvoiceNumber: string | null;
  /** 1-based line number within the invoice (序号, else the order of appearance). */
  readonly lineNo: number;
  readonly issueDate: IsoDate;
  readonly sellerTaxId: string;
  readonly sellerName: string;
  readonly buyerTaxId: string;
  readonly buyerName: string;
  readonly taxCode: string | null;
  readonly specialBusiness: string | null;
  readonly itemName: string;
  readonly specification: string | null;
  readonly unit: UnitId;
  /** Exact decimal text as invoiced; negative on red-letter lines. */
  readonly quantity: string;
  /** Exact decimal text, CNY ex-VAT per unit. */
  readonly unitPrice: string;
  readonly amountFen: number;
  /** 0.13 etc.; null for 免税 (exempt). */
  readonly taxRate: number | null;
  readonly taxFen: number;
  readonly totalFen: number | null;
  readonly invoiceKind: string | null;
  readonly status: InvoiceStatus;
  /** Key (same form as invoiceKey) of the blue invoice a red-letter line reverses. */
  readonly originalInvoiceKey: string | null;
  readonly remark: string | null;
  /** Catalogue product, or null when the item name matches none (flag ITEM_UNMATCHED). */
  readonly productId: string | null;
  /** kg of product = quantity × unit factor (inspection.md §1). */
  readonly kg: number;
  /** REO kg = kg × kg REO per kg of the product (1 for REO-basis products); 0 when unmatched or a fee. */
  readonly reoKg: number;
  /** LineFlag bits. */
  readonly flags: number;
  /** Where it came from: the file (or the entry of a zip or folder) and the 1-based row (header = 1). */
  readonly source: string;
  readonly row: number;
}

/** Warning bits of `EnterpriseRecord.flags` (a registry row that reads but looks wrong). */
export const EnterpriseFlag = {
  /** USCC check character or embedded organization code check fails (and not allow-listed). */
  TAX_ID_CHECK: 1 << 0,
} as const;

export interface EnterpriseRecord {
  readonly taxId: string;
  readonly name: string;
  readonly roles: readonly EnterpriseRole[];
  /** 6-digit GB/T 2260 code: the column, a place name resolved, else positions 3–8 of the USCC. */
  readonly region: string | null;
  readonly group: string | null;
  readonly miningLicence: string | null;
  readonly founded: IsoDate | null;
  readonly deregistered: IsoDate | null;
  /** Declared opening stock in kg REO (the file gives tonnes). */
  readonly openingStockKg: number | null;
  /** Columns the contract does not name, kept as they came. */
  readonly extra: Readonly<Record<string, string>>;
  /** EnterpriseFlag bits. */
  readonly flags: number;
  readonly source: string;
  readonly row: number;
}

export interface QuotaRecord {
  readonly year: number;
  readonly batch: string | null;
  readonly taxId: string | null;
  readonly group: string | null;
  readonly kind: QuotaKind;
  /** Quota in kg REO (the file gives tonnes). */
  readonly kg: number;
  readonly source: string;
  readonly row: number;
}

export interface PriceRecord {
  readonly date: IsoDate;
  readonly productId: string;
  /** CNY per price unit as quoted (a range `a-b` is its midpoint). */
  readonly price: number;
  readonly unit: PriceUnitId;
  readonly vatIncluded: boolean;
  readonly source: string | null;
  readonly file: string;
  readonly row: number;
}

/** Why a row could not be read, or why a whole file was refused. Bilingual, user-facing. */
export interface RowIssue {
  readonly source: string;
  /** 1-based row (header = 1); 0 for a file-level problem. */
  readonly row: number;
  /** The column as headed in the file, when one column is at fault. */
  readonly column: string | null;
  readonly value: string | null;
  /** Stable machine code, e.g. `missing_value`, `bad_number`, `bad_date`, `unknown_unit`, `bad_tax_id`, `missing_column`. */
  readonly code: string;
  readonly zh: string;
  readonly en: string;
}
