// The columnar in-memory Dataset the inspection runs over (issue 4). The app builds it from the
// store's columnar line segments; tests and the simulator build it with createDatasetBuilder.
// Line columns are typed arrays indexed 0..lineCount-1; enterprises and products are
// dictionary-encoded as indexes into `enterprises` and `products`.
import type { EnterpriseRole } from '../domain/roles.ts';
import type { IsoDate } from '../domain/dates.ts';
import type { Product } from '../domain/catalogue.ts';
import type { Composition } from '../domain/elements.ts';
import type { QuotaKind } from '../domain/groups.ts';
import type { PriceUnitId } from '../domain/units.ts';

export interface DatasetEnterprise {
  readonly taxId: string;
  readonly name: string;
  /** Empty for a taxpayer seen only on invoices (off-register). */
  readonly roles: readonly EnterpriseRole[];
  readonly region: string | null;
  readonly group: string | null;
  /** In the registry (false: appears only as an invoice party). */
  readonly registered: boolean;
  readonly founded: IsoDate | null;
  readonly deregistered: IsoDate | null;
  /** Declared opening stock, kg REO (registry or campaign registration); null when undeclared. */
  readonly openingStockKg: number | null;
  /** Declared element composition of the opening stock, when declared. */
  readonly openingStockComposition: Composition | null;
  /** Day numbers of the enterprise's first and last invoice (as seller or buyer) over all data, not only the period. */
  readonly firstInvoiceDay: number | null;
  readonly lastInvoiceDay: number | null;
}

export interface DatasetQuota {
  readonly year: number;
  /** Enterprise index, or -1 when the quota is given to a group. */
  readonly enterprise: number;
  readonly group: string | null;
  readonly kind: QuotaKind;
  readonly kg: number;
}

export interface DatasetQuote {
  readonly product: number;
  readonly day: number;
  /** CNY per price unit as quoted. */
  readonly price: number;
  readonly unit: PriceUnitId;
  readonly vatIncluded: boolean;
}

export interface DatasetLines {
  readonly count: number;
  /** Store id of each line (evidence). Float64 so that ids beyond 2^31 stay exact. */
  readonly id: Float64Array;
  /** Index into `invoiceKeys`. */
  readonly invoice: Int32Array;
  readonly lineNo: Int32Array;
  /** Issue date as a day number (days since 1970-01-01). */
  readonly day: Int32Array;
  readonly seller: Int32Array;
  readonly buyer: Int32Array;
  /** Index into `products`, or -1 when the item name matched no product. */
  readonly product: Int32Array;
  /** Unit as invoiced: 0 = t, 1 = kg, 2 = g. */
  readonly unit: Uint8Array;
  /** kg of product; negative on red-letter lines. */
  readonly kg: Float64Array;
  /** REO kg; negative on red-letter lines; 0 for unmatched lines and fees. */
  readonly reoKg: Float64Array;
  /** Amount ex-VAT, CNY (yuan); negative on red-letter lines. */
  readonly amount: Float64Array;
  /** Tax rate; NaN when exempt. */
  readonly taxRate: Float64Array;
  /** LineFlag bits (domain/line-flags.ts): VOIDED, RED, rule-breach warnings. */
  readonly flags: Int32Array;
}

/** Everything one inspection reads. Lines are those dated inside the period (all statuses). */
export interface Dataset {
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  /** Fingerprint of the store content the dataset was read from (batches, registry, quotas, prices). */
  readonly fingerprint: string;
  /**
   * The order is part of the Dataset: enterprise indexes decide cycle rotation, ties and the order
   * tracing solves components in. The app's loader gives the registry in taxId order, then the
   * parties seen only on invoices in taxId order, whatever order the lines were imported in.
   */
  readonly enterprises: readonly DatasetEnterprise[];
  readonly products: readonly Product[];
  readonly invoiceKeys: readonly string[];
  /** Per invoice (same index as invoiceKeys): true when it is a special VAT invoice (专用发票) or unknown. */
  readonly invoiceIsSpecial: Uint8Array;
  readonly lines: DatasetLines;
  readonly quotas: readonly DatasetQuota[];
  readonly quotes: readonly DatasetQuote[];
}
