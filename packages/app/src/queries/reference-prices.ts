// Quote-based reference prices for single lines (inspection.md §2): quotes normalised to CNY per
// kg of product ex-VAT (core/inspect normalizeQuote), several quotes on one day averaged, and a
// line's reference is the latest quote on or before its date within priceStalenessDays.
//
// This is the engine's rule without its peer fallback (median invoice price of the product-week
// where no quote exists): the API reports, per line, the quote behind the reference so that a
// user can check it; lines the engine priced from peers show here as unpriced.
import type { IsoDate } from '@oresight/core/domain';
import { dayNumberOrThrow, isoDateOf, parsePriceUnit } from '@oresight/core/domain';
import { normalizeQuote } from '@oresight/core/inspect';
import type { PriceRow } from '@oresight/store';

export interface ReferencePrice {
  /** CNY per kg of product, ex-VAT. */
  readonly pricePerKg: number;
  /** The date of the quote(s) used. */
  readonly quoteDate: IsoDate;
  /** How many quotes were averaged on that date. */
  readonly quotes: number;
}

interface ProductQuotes {
  readonly days: Int32Array;
  readonly values: Float64Array;
  readonly counts: Int32Array;
}

export interface ReferencePrices {
  /** The reference for a product on a date, or undefined when unpriced. */
  lookup(productId: string, date: IsoDate, stalenessDays: number): ReferencePrice | undefined;
  /** Each product's daily (averaged) normalised quotes, in date order. */
  series(productId: string): { date: IsoDate; pricePerKg: number; quotes: number }[];
  readonly productIds: readonly string[];
}

/**
 * A stored quote in CNY per kg of product ex-VAT (rounded to the fen when `round`), or null when
 * its unit is unknown or its value is zero or broken (such a quote prices nothing).
 * @example normalizedQuote({ price: 339_000, unit: 'CNY/t', vatIncluded: 1, date: '2023-12-01', … }) // 300
 */
export function normalizedQuote(
  row: Pick<PriceRow, 'price' | 'unit' | 'vatIncluded' | 'date'>,
  round = true,
): number | null {
  const unit =
    parsePriceUnit(row.unit) ?? (row.unit === 'CNY/t' || row.unit === 'CNY/kg' ? row.unit : undefined);
  if (!unit) return null;
  const value = normalizeQuote(row.price, unit, row.vatIncluded === 1, row.date);
  if (!(value > 0) || !Number.isFinite(value)) return null;
  return round ? Math.round(value * 100) / 100 : value;
}

/**
 * Indexes stored quotes by product.
 * @example buildReferencePrices(await listPrices(db)).lookup('oxide-prnd', '2013-08-20', 14)
 */
export function buildReferencePrices(rows: readonly PriceRow[]): ReferencePrices {
  const byProduct = new Map<string, { day: number; value: number }[]>();
  for (const row of rows) {
    const value = normalizedQuote(row, false);
    if (value === null) continue;
    const list = byProduct.get(row.productId) ?? [];
    list.push({ day: dayNumberOrThrow(row.date), value });
    byProduct.set(row.productId, list);
  }
  const tables = new Map<string, ProductQuotes>();
  for (const [productId, list] of byProduct) {
    list.sort((a, b) => a.day - b.day || a.value - b.value);
    const days: number[] = [];
    const values: number[] = [];
    const counts: number[] = [];
    for (let i = 0; i < list.length;) {
      let j = i;
      let sum = 0;
      const day = (list[i] as { day: number }).day;
      while (j < list.length && (list[j] as { day: number }).day === day) {
        sum += (list[j] as { value: number }).value;
        j++;
      }
      days.push(day);
      values.push(sum / (j - i));
      counts.push(j - i);
      i = j;
    }
    tables.set(productId, {
      days: Int32Array.from(days),
      values: Float64Array.from(values),
      counts: Int32Array.from(counts),
    });
  }
  return {
    productIds: [...tables.keys()].sort(),
    lookup(productId, date, stalenessDays) {
      const t = tables.get(productId);
      if (!t) return undefined;
      const day = dayNumberOrThrow(date);
      // Latest quote day ≤ day (binary search).
      let lo = 0;
      let hi = t.days.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        if ((t.days[mid] as number) <= day) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      if (found < 0) return undefined;
      const quoteDay = t.days[found] as number;
      if (day - quoteDay > stalenessDays) return undefined;
      return {
        pricePerKg: t.values[found] as number,
        quoteDate: isoDateOf(quoteDay),
        quotes: t.counts[found] as number,
      };
    },
    series(productId) {
      const t = tables.get(productId);
      if (!t) return [];
      return Array.from(t.days, (day, i) => ({
        date: isoDateOf(day),
        pricePerKg: t.values[i] as number,
        quotes: t.counts[i] as number,
      }));
    },
  };
}

/**
 * A line's price ratio r = (unit price per kg of product, ex-VAT) ÷ reference (inspection.md §2),
 * or null when the line has no kg or no reference. Red-letter lines (negative amount and kg) give
 * the same ratio as their blue original.
 * @example lineRatio(2_300_000_00, 10_000, 250) // 0.92 (230 CNY/kg against 250)
 */
export function lineRatio(amountFen: number, kg: number, reference: number | undefined): number | null {
  if (reference === undefined || !(reference > 0) || kg === 0) return null;
  const perKg = amountFen / 100 / kg;
  return Number.isFinite(perKg) ? perKg / reference : null;
}
