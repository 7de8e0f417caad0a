// Market and industry view (mission capability 11): reference and invoice-implied prices per
// product over time, volumes, group shares and concentration (HHI), quota use. Computed from the
// columnar Dataset (the same load the inspection uses), never row by row through SQL.
//
// Definitions (documented in docs/api.md):
// - Lines counted: dated in the period, not voided; red-letter lines net their volumes and amounts.
// - Invoice-implied price of a product in a bucket = Σ amount ÷ Σ kg over its blue (not red)
//   lines with kg > 0: CNY per kg of product, ex-VAT, comparable with the reference.
// - Group shares: REO kg sold (net) of one product category (default: separation products) by
//   sellers, by their registered group; an enterprise without a group is its own firm. HHI =
//   Σ (100 × firm share)², 0–10,000, over firms (groups count as one firm each).
// - Quota use: a quota applies to the period pro rata by days (inspection.md §3). Used = REO kg
//   sold (net) of separation products (separation quotas) or of rock / ionic ore products
//   (mining quotas) by the holder — for a group quota, by the group's enterprises with the
//   quota's role.
// - A regional user sees implied prices and volumes over the lines they can see (seller or buyer
//   in their regions), group shares over sellers in their regions and the quotas of enterprises
//   in their regions; reference quotes are public market data and unscoped.
import type { IsoDate, ProductCategory, QuotaKind } from '@oresight/core/domain';
import { LineFlag, dayNumberOrThrow, daysInYear, isoDateOf } from '@oresight/core/domain';
import type { Dataset } from '@oresight/core/inspect';
import type { ReferencePrices } from './reference-prices.ts';

export type MarketBucket = 'month' | 'week';

export interface MarketQuery {
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly bucket: MarketBucket;
  /** Only these products (default: every product with lines or quotes in the period). */
  readonly products?: readonly string[];
  /** Category whose sales make up the group shares (default `separation`). */
  readonly shareCategory: ProductCategory;
}

export interface ProductBucket {
  /** First day of the bucket (a month's 1st, or a Monday). */
  readonly start: IsoDate;
  /** Counted lines, red ones included (a red line counts as a line). */
  readonly lines: number;
  /** Net kg of product and REO kg (red lines subtract). */
  readonly kg: number;
  readonly reoKg: number;
  /** Net amount, CNY ex-VAT. */
  readonly amount: number;
  /** Invoice-implied price, CNY per kg of product ex-VAT; null without blue kg. */
  readonly impliedPricePerKg: number | null;
}

export interface ProductSeries {
  readonly productId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly category: ProductCategory;
  readonly reference: readonly { date: IsoDate; pricePerKg: number; quotes: number }[];
  readonly buckets: readonly ProductBucket[];
}

export interface GroupShare {
  /** Registered group name; null for the row that sums enterprises without a group. */
  readonly group: string | null;
  readonly reoKg: number;
  readonly share: number;
  /** Enterprises contributing. */
  readonly enterprises: number;
}

export interface QuotaUse {
  readonly year: number;
  readonly kind: QuotaKind;
  readonly taxId: string | null;
  readonly group: string | null;
  readonly name: string;
  /** The year's quota and the part that applies to the period. */
  readonly quotaKg: number;
  readonly periodQuotaKg: number;
  readonly usedKg: number;
  /** usedKg ÷ periodQuotaKg; null when the period quota is 0. */
  readonly use: number | null;
}

export interface MarketSeries {
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly bucket: MarketBucket;
  /** True when the figures cover only the reader's regions. */
  readonly scoped: boolean;
  readonly products: readonly ProductSeries[];
  readonly groupShares: {
    readonly category: ProductCategory;
    readonly totalReoKg: number;
    readonly hhi: number;
    readonly firms: number;
    readonly groups: readonly GroupShare[];
  };
  readonly quotaUse: readonly QuotaUse[];
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;
const round2 = (x: number) => Math.round(x * 100) / 100;
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/** Monday of the ISO week of a day number (1970-01-01 was a Thursday). */
function mondayOf(day: number): number {
  return day - ((((day + 3) % 7) + 7) % 7);
}

function bucketStart(day: number, bucket: MarketBucket): number {
  if (bucket === 'week') return mondayOf(day);
  return dayNumberOrThrow(`${isoDateOf(day).slice(0, 7)}-01`);
}

/**
 * Computes the market view over a loaded dataset.
 * `visible(enterpriseIndex)` says whether the reader may see that enterprise (always true for
 * national readers).
 */
export function computeMarketSeries(
  dataset: Dataset,
  prices: ReferencePrices,
  q: MarketQuery,
  visible: ((enterprise: number) => boolean) | null,
): MarketSeries {
  const { lines, products, enterprises } = dataset;
  const fromDay = dayNumberOrThrow(q.from);
  const toDay = dayNumberOrThrow(q.to);
  const wanted = q.products ? new Set(q.products) : null;

  // Day → bucket index, once per period (formatting a date per line would dominate the loop).
  const bucketStarts: number[] = [];
  const bucketOfDay = new Int32Array(toDay - fromDay + 1);
  for (let d = fromDay; d <= toDay; d++) {
    const start = bucketStart(d, q.bucket);
    if (bucketStarts[bucketStarts.length - 1] !== start) bucketStarts.push(start);
    bucketOfDay[d - fromDay] = bucketStarts.length - 1;
  }
  const nB = bucketStarts.length;
  const nP = products.length;
  const lineCount = new Float64Array(nP * nB);
  const kg = new Float64Array(nP * nB);
  const reoKg = new Float64Array(nP * nB);
  const amount = new Float64Array(nP * nB);
  const blueKg = new Float64Array(nP * nB);
  const blueAmount = new Float64Array(nP * nB);
  const soldByEnterprise = new Float64Array(enterprises.length * nP);

  for (let i = 0; i < lines.count; i++) {
    const flags = lines.flags[i] as number;
    if ((flags & LineFlag.VOIDED) !== 0) continue;
    const p = lines.product[i] as number;
    if (p < 0) continue;
    const day = lines.day[i] as number;
    if (day < fromDay || day > toDay) continue;
    const seller = lines.seller[i] as number;
    if (visible && !visible(seller) && !visible(lines.buyer[i] as number)) continue;
    const cell = p * nB + (bucketOfDay[day - fromDay] as number);
    const lineKg = lines.kg[i] as number;
    const lineAmount = lines.amount[i] as number;
    lineCount[cell] = (lineCount[cell] as number) + 1;
    kg[cell] = (kg[cell] as number) + lineKg;
    reoKg[cell] = (reoKg[cell] as number) + (lines.reoKg[i] as number);
    amount[cell] = (amount[cell] as number) + lineAmount;
    if ((flags & LineFlag.RED) === 0 && lineKg > 0) {
      blueKg[cell] = (blueKg[cell] as number) + lineKg;
      blueAmount[cell] = (blueAmount[cell] as number) + lineAmount;
    }
    if (!visible || visible(seller)) {
      const s = seller * nP + p;
      soldByEnterprise[s] = (soldByEnterprise[s] as number) + (lines.reoKg[i] as number);
    }
  }

  const series: ProductSeries[] = [];
  for (let p = 0; p < nP; p++) {
    const product = products[p];
    if (!product || (wanted && !wanted.has(product.id))) continue;
    const reference = prices.series(product.id).filter((r) => r.date >= q.from && r.date <= q.to);
    const buckets: ProductBucket[] = [];
    for (let b = 0; b < nB; b++) {
      const cell = p * nB + b;
      if (lineCount[cell] === 0) continue;
      const bk = blueKg[cell] as number;
      buckets.push({
        start: isoDateOf(bucketStarts[b] as number),
        lines: lineCount[cell] as number,
        kg: round3(kg[cell] as number),
        reoKg: round3(reoKg[cell] as number),
        amount: round2(amount[cell] as number),
        impliedPricePerKg: bk > 0 ? round2((blueAmount[cell] as number) / bk) : null,
      });
    }
    if (buckets.length === 0 && reference.length === 0) continue;
    series.push({
      productId: product.id,
      nameZh: product.nameZh,
      nameEn: product.nameEn,
      category: product.category,
      reference: reference.map((r) => ({ ...r, pricePerKg: round2(r.pricePerKg) })),
      buckets,
    });
  }

  // Group shares and HHI over the chosen category's sales.
  const categoryProducts: number[] = [];
  for (let p = 0; p < nP; p++) if (products[p]?.category === q.shareCategory) categoryProducts.push(p);
  const byGroup = new Map<string | null, { reoKg: number; enterprises: number }>();
  const firmKg: number[] = [];
  const groupFirm = new Map<string, number>();
  let total = 0;
  for (let e = 0; e < enterprises.length; e++) {
    let sold = 0;
    for (const p of categoryProducts) sold += soldByEnterprise[e * nP + p] as number;
    if (!(sold > 0)) continue;
    total += sold;
    const group = enterprises[e]?.group ?? null;
    const row = byGroup.get(group) ?? { reoKg: 0, enterprises: 0 };
    row.reoKg += sold;
    row.enterprises += 1;
    byGroup.set(group, row);
    if (group === null) firmKg.push(sold);
    else {
      const f = groupFirm.get(group);
      if (f === undefined) {
        groupFirm.set(group, firmKg.length);
        firmKg.push(sold);
      } else firmKg[f] = (firmKg[f] as number) + sold;
    }
  }
  const hhi = total > 0 ? firmKg.reduce((s, k) => s + ((100 * k) / total) ** 2, 0) : 0;
  const groups: GroupShare[] = [...byGroup.entries()]
    .map(([group, r]) => ({
      group,
      reoKg: round3(r.reoKg),
      share: total > 0 ? round6(r.reoKg / total) : 0,
      enterprises: r.enterprises,
    }))
    .sort((a, b) => b.reoKg - a.reoKg || (a.group ?? '').localeCompare(b.group ?? ''));

  return {
    period: { from: q.from, to: q.to },
    bucket: q.bucket,
    scoped: visible !== null,
    products: series,
    groupShares: {
      category: q.shareCategory,
      totalReoKg: round3(total),
      hhi: Math.round(hhi * 10) / 10,
      firms: firmKg.length,
      groups,
    },
    quotaUse: quotaUse(dataset, q, soldByEnterprise, visible),
  };
}

function quotaUse(
  dataset: Dataset,
  q: MarketQuery,
  soldByEnterprise: Float64Array,
  visible: ((enterprise: number) => boolean) | null,
): QuotaUse[] {
  const { products, enterprises } = dataset;
  const nP = products.length;
  const fromDay = dayNumberOrThrow(q.from);
  const toDay = dayNumberOrThrow(q.to);
  const matches = (kind: QuotaKind, p: number) => {
    const product = products[p];
    if (!product) return false;
    if (kind === 'separation') return product.category === 'separation';
    return product.category === 'ore' && product.oreType === (kind === 'mining_rock' ? 'rock' : 'ionic');
  };
  const soldOf = (e: number, kind: QuotaKind) => {
    let sum = 0;
    for (let p = 0; p < nP; p++) if (matches(kind, p)) sum += soldByEnterprise[e * nP + p] as number;
    return sum;
  };
  const out: QuotaUse[] = [];
  for (const quota of dataset.quotas) {
    const yearFrom = dayNumberOrThrow(`${quota.year}-01-01`);
    const yearTo = dayNumberOrThrow(`${quota.year}-12-31`);
    const overlap = Math.min(toDay, yearTo) - Math.max(fromDay, yearFrom) + 1;
    if (overlap <= 0) continue;
    const periodQuotaKg = (quota.kg * overlap) / daysInYear(quota.year);
    let usedKg = 0;
    let name: string;
    if (quota.enterprise >= 0) {
      if (visible && !visible(quota.enterprise)) continue;
      usedKg = soldOf(quota.enterprise, quota.kind);
      name = enterprises[quota.enterprise]?.name ?? '';
    } else {
      // A group's quota covers the whole group, across regions: shown to national readers only.
      if (visible) continue;
      const role = quota.kind === 'separation' ? 'separation' : 'mining';
      for (let e = 0; e < enterprises.length; e++) {
        const ent = enterprises[e];
        if (ent && ent.group === quota.group && ent.roles.includes(role)) usedKg += soldOf(e, quota.kind);
      }
      name = quota.group ?? '';
    }
    out.push({
      year: quota.year,
      kind: quota.kind,
      taxId: quota.enterprise >= 0 ? (enterprises[quota.enterprise]?.taxId ?? null) : null,
      group: quota.enterprise >= 0 ? (enterprises[quota.enterprise]?.group ?? null) : quota.group,
      name,
      quotaKg: round3(quota.kg),
      periodQuotaKg: round3(periodQuotaKg),
      usedKg: round3(usedKg),
      use: periodQuotaKg > 0 ? round6(usedKg / periodQuotaKg) : null,
    });
  }
  return out.sort((a, b) => a.year - b.year || a.kind.localeCompare(b.kind) || (b.use ?? 0) - (a.use ?? 0));
}
