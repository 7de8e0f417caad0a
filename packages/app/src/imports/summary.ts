// `oresight summary --json`: what the store holds, summed independently of the columnar segments
// (plain SQL over invoice_lines) so that another program can check an import to the kilogram.
import type { Store } from '@oresight/store';
import { countEnterprises, countInvoiceParties, countLines, summarizeByProduct } from '@oresight/store';
import { loadCatalogue } from '../shared/catalogue.ts';

export interface StoreSummary {
  /** Every stored invoice line, voided ones included. */
  invoiceLines: number;
  voidedLines: number;
  /** Enterprises in the registry. */
  enterprises: number;
  /** Distinct taxpayers on invoice lines (sellers and buyers). */
  invoiceParties: number;
  /** Over non-voided lines, red-letter lines netted; amounts in CNY ex-VAT. */
  byProduct: {
    productId: string | null;
    name: string;
    lines: number;
    kg: number;
    reoKg: number;
    amount: number;
  }[];
}

/** Rounds away float noise from SQL sums of doubles (kg to the gram). */
function roundKg(kg: number): number {
  return Math.round(kg * 1000) / 1000;
}

/**
 * Sums the store's invoice lines by product.
 * @example (await summarizeStore(store)).byProduct[0] // { productId: 'oxide-prnd', lines: 12, kg: 30000, … }
 */
export async function summarizeStore(store: Store): Promise<StoreSummary> {
  const catalogue = await loadCatalogue(store);
  const [lines, enterprises, parties, rows] = await Promise.all([
    countLines(store.db),
    countEnterprises(store.db),
    countInvoiceParties(store.db),
    summarizeByProduct(store.db),
  ]);
  return {
    invoiceLines: lines.lines,
    voidedLines: lines.voided,
    enterprises,
    invoiceParties: parties,
    byProduct: rows.map((r) => ({
      productId: r.productId,
      name:
        r.productId === null
          ? '(未匹配 unmatched)'
          : (catalogue.getProduct(r.productId)?.nameZh ?? r.productId),
      lines: r.lines,
      kg: roundKg(r.kg),
      reoKg: roundKg(r.reoKg),
      amount: r.amountFen / 100,
    })),
  };
}
