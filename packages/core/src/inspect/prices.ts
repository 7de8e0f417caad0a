// Reference prices (inspection.md §2): quotes normalised to CNY per kg of product ex-VAT, the
// latest quote on or before a day within priceStalenessDays, and a marked peer fallback — the
// median invoice unit price of the product in the ISO week — where no quote exists.
//
// The reference is a function of (product, day) only, so it is tabulated once per period as a
// products × days table and looked up per line (no per-line storage).
import { isoDateOf, kgPerPriceUnit, vatRateOn } from '../domain/index.ts';
import { forChunks } from './chunks.ts';
import { RED, VOIDED, weekOf } from './context.ts';
import type { RunContext } from './context.ts';
import type { DatasetLines } from './dataset.ts';

export const SOURCE_NONE = 0;
export const SOURCE_QUOTE = 1;
export const SOURCE_PEER = 2;

export interface PriceTable {
  /** CNY per kg of product ex-VAT at ref[p * nDays + dayOffset]; NaN = unpriced. */
  readonly ref: Float64Array;
  /** SOURCE_* of each cell. */
  readonly source: Uint8Array;
  /** Product-weeks given a peer reference, and those that needed one but had too few lines. */
  readonly peerWeeks: number;
  readonly peerWeeksTooFewLines: number;
}

/** Counts gathered by the first pass over lines (see aggregate.ts scanInvoices). */
export interface ProductDayCounts {
  /** Blue (not red) material lines with kg > 0 at [p * nDays + dayOffset]. */
  readonly blue: Int32Array;
  /** Red material lines with kg < 0. */
  readonly red: Int32Array;
}

/**
 * A quote in CNY per kg of product ex-VAT: per-tonne prices ÷ 1000, VAT-inclusive prices ÷
 * (1 + the rate in force on the quote's date) (inspection.md §2, domain.md §7).
 * @example normalizeQuote(339_000, 'CNY/t', true, '2023-12-01') // 300 (13% VAT)
 */
export function normalizeQuote(
  price: number,
  unit: 'CNY/t' | 'CNY/kg',
  vatIncluded: boolean,
  date: string,
): number {
  const perKg = price / kgPerPriceUnit(unit);
  return vatIncluded ? perKg / (1 + vatRateOn(date)) : perKg;
}

function quoteTable(ctx: RunContext): { ref: Float64Array; source: Uint8Array } {
  const { p: nP, nDays, d0, dataset, params } = ctx;
  const ref = new Float64Array(nP * nDays).fill(NaN);
  const source = new Uint8Array(nP * nDays);
  const byProduct: { day: number; value: number }[][] = Array.from({ length: nP }, () => []);
  for (const q of dataset.quotes) {
    if (q.product < 0 || q.product >= nP) throw new Error(`quote for unknown product index ${q.product}`);
    const value = normalizeQuote(q.price, q.unit, q.vatIncluded, isoDateOf(q.day));
    if (!(value > 0) || !Number.isFinite(value)) continue; // a zero or broken quote prices nothing
    (byProduct[q.product] as { day: number; value: number }[]).push({ day: q.day, value });
  }
  const stale = params.priceStalenessDays;
  for (let p = 0; p < nP; p++) {
    const qs = (byProduct[p] as { day: number; value: number }[]).sort(
      (a, b) => a.day - b.day || a.value - b.value,
    );
    if (qs.length === 0) continue;
    // Several quotes on one day (two sources): their mean, taken over sorted values so that the
    // result does not depend on the order the quotes arrived in.
    const days: number[] = [];
    const values: number[] = [];
    for (let i = 0; i < qs.length;) {
      let j = i;
      let sum = 0;
      while (j < qs.length && (qs[j] as { day: number }).day === (qs[i] as { day: number }).day) {
        sum += (qs[j] as { value: number }).value;
        j++;
      }
      days.push((qs[i] as { day: number }).day);
      values.push(sum / (j - i));
      i = j;
    }
    let k = -1;
    for (let d = 0; d < nDays; d++) {
      const day = d0 + d;
      while (k + 1 < days.length && (days[k + 1] as number) <= day) k++;
      if (k >= 0 && day - (days[k] as number) <= stale) {
        ref[p * nDays + d] = values[k] as number;
        source[p * nDays + d] = SOURCE_QUOTE;
      }
    }
  }
  return { ref, source };
}

interface PeerState {
  readonly lines: DatasetLines;
  readonly d0: number;
  readonly nDays: number;
  readonly groupPD: Int32Array;
  readonly bluePrices: Float64Array;
  readonly redPrices: Float64Array;
  readonly blueFill: Int32Array;
  readonly redFill: Int32Array;
}

/** Collects unit prices (amount ÷ kg) of the lines of product-weeks that need a peer median. */
function peerKernel(st: PeerState, c0: number, c1: number): void {
  const { flags, day, product, kg, amount } = st.lines;
  const { d0, nDays, groupPD, bluePrices, redPrices, blueFill, redFill } = st;
  for (let i = c0; i < c1; i++) {
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) continue;
    const p = product[i]!;
    if (p < 0) continue;
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) continue;
    const g = groupPD[p * nDays + d]!;
    if (g < 0) continue;
    const k = kg[i]!;
    const v = amount[i]! / k;
    if (v - v !== 0) continue; // NaN or infinite: no price
    if ((f & RED) === 0) {
      if (k > 0) bluePrices[blueFill[g]!++] = v;
    } else if (k < 0) {
      redPrices[redFill[g]!++] = v;
    }
  }
}

/**
 * Rearranges a[from, to) so that a[k] holds the value it would have if sorted, smaller or equal
 * values before it (Hoare's selection, median-of-three pivots): O(n), where a sort measured 110 ns
 * a value here.
 */
function selectKth(a: Float64Array, from: number, to: number, k: number): void {
  let lo = from;
  let hi = to - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    // median of three to a[mid]
    if (a[lo]! > a[mid]!) swap(a, lo, mid);
    if (a[mid]! > a[hi]!) swap(a, mid, hi);
    if (a[lo]! > a[mid]!) swap(a, lo, mid);
    const pivot = a[mid]!;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while (a[i]! < pivot) i++;
      while (a[j]! > pivot) j--;
      if (i <= j) {
        swap(a, i, j);
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else return;
  }
}

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i]!;
  a[i] = a[j]!;
  a[j] = t;
}

/** A multiset of prices (the red lines of a product-week), by open addressing on the bits. */
class RedSet {
  size = 0;
  private readonly keys: Float64Array;
  private readonly counts: Int32Array;
  private readonly mask: number;
  private readonly bits = new Float64Array(1);
  private readonly words = new Int32Array(this.bits.buffer);

  constructor(capacity: number) {
    let size = 16;
    while (size < capacity * 4) size *= 2;
    this.keys = new Float64Array(size);
    this.counts = new Int32Array(size).fill(-1); // -1: empty slot
    this.mask = size - 1;
  }

  private slot(v: number): number {
    this.bits[0] = v === 0 ? 0 : v; // −0 and 0 are one price
    const h = Math.imul(this.words[0]! ^ Math.imul(this.words[1]!, 0x9e3779b1), 0x85ebca6b);
    let i = (h ^ (h >>> 15)) & this.mask;
    for (;;) {
      const c = this.counts[i]!;
      if (c < 0 || this.keys[i] === v) return i;
      i = (i + 1) & this.mask;
    }
  }

  reset(): void {
    if (this.size > 0) this.counts.fill(-1);
    this.size = 0;
  }

  add(v: number): void {
    const i = this.slot(v);
    if (this.counts[i]! < 0) {
      this.keys[i] = v;
      this.counts[i] = 1;
    } else this.counts[i]!++;
    this.size++;
  }

  /** Removes one v when present. */
  take(v: number): boolean {
    const i = this.slot(v);
    if (this.counts[i]! <= 0) return false;
    this.counts[i]!--;
    return true;
  }
}

/** Median of a[0, len) (reordered); the mean of the two middle values for an even count. */
export function medianInPlace(a: Float64Array, len: number): number {
  const k = len >> 1;
  selectKth(a, 0, len, k);
  if (len % 2 === 1) return a[k]!;
  let lower = -Infinity;
  for (let i = 0; i < k; i++) if (a[i]! > lower) lower = a[i]!;
  return (lower + a[k]!) / 2;
}

/**
 * The reference table of the run: quotes first, then (when the policy allows) the peer median of
 * the product-week for days that have lines but no quote. Peer medians use blue lines; a red
 * line removes one blue line of the same product-week with exactly the same unit price (the line
 * it reverses: −amount ÷ −kg is bit-identical), so a reversed sale does not set the market price.
 */
export function buildPriceTable(ctx: RunContext, counts: ProductDayCounts): PriceTable {
  const { ref, source } = quoteTable(ctx);
  const { p: nP, nDays, d0, w0, nWeeks, params } = ctx;
  if (!params.peerFallback) return { ref, source, peerWeeks: 0, peerWeeksTooFewLines: 0 };

  // Which product-weeks need a fallback, and how many lines they hold.
  const groupOf = new Int32Array(nP * nWeeks).fill(-1);
  const blueStart: number[] = [0];
  const redStart: number[] = [0];
  let groups = 0;
  let blueTotal = 0;
  let redTotal = 0;
  for (let p = 0; p < nP; p++) {
    if (ctx.material[p] === 0) continue;
    for (let w = 0; w < nWeeks; w++) {
      const first = Math.max(0, (w + w0) * 7 - 3 - d0);
      const last = Math.min(nDays - 1, (w + w0) * 7 + 3 - d0);
      let needed = false;
      let blue = 0;
      let red = 0;
      for (let d = first; d <= last; d++) {
        const c = p * nDays + d;
        const b = counts.blue[c] as number;
        const r = counts.red[c] as number;
        blue += b;
        red += r;
        if (b + r > 0 && Number.isNaN(ref[c] as number)) needed = true;
      }
      if (!needed) continue;
      groupOf[p * nWeeks + w] = groups++;
      blueTotal += blue;
      redTotal += red;
      blueStart.push(blueTotal);
      redStart.push(redTotal);
    }
  }
  if (groups === 0) return { ref, source, peerWeeks: 0, peerWeeksTooFewLines: 0 };

  // Product-day → group, so that the pass over lines does no week arithmetic.
  const groupPD = new Int32Array(nP * nDays).fill(-1);
  for (let p = 0; p < nP; p++) {
    for (let d = 0; d < nDays; d++) groupPD[p * nDays + d] = groupOf[p * nWeeks + weekOf(d + d0) - w0]!;
  }
  const st: PeerState = {
    lines: ctx.dataset.lines,
    d0,
    nDays,
    groupPD,
    bluePrices: new Float64Array(blueTotal),
    redPrices: new Float64Array(redTotal),
    blueFill: Int32Array.from(blueStart.slice(0, groups)),
    redFill: Int32Array.from(redStart.slice(0, groups)),
  };
  forChunks(ctx.dataset.lines.count, (c0, c1) => peerKernel(st, c0, c1));
  const { bluePrices, redPrices } = st;

  let peerWeeks = 0;
  let tooFew = 0;
  const peer = new Float64Array(groups).fill(NaN);
  let largestRed = 1;
  for (let g = 0; g < groups; g++) largestRed = Math.max(largestRed, redStart[g + 1]! - redStart[g]!);
  const reds = new RedSet(largestRed);
  for (let g = 0; g < groups; g++) {
    const bs = blueStart[g]!;
    const be = st.blueFill[g]!; // lines with a non-finite price were left out
    // Remove one blue price per equal red price, compacting the kept ones in place.
    reds.reset();
    for (let i = redStart[g]!; i < st.redFill[g]!; i++) reds.add(redPrices[i]!);
    let kept = bs;
    for (let i = bs; i < be; i++) {
      const v = bluePrices[i]!;
      if (reds.size > 0 && reds.take(v)) continue;
      bluePrices[kept++] = v;
    }
    const count = kept - bs;
    if (count >= ctx.params.peerMinLines && count > 0) {
      peer[g] = medianInPlace(bluePrices.subarray(bs, kept), count);
      peerWeeks++;
    } else {
      tooFew++;
    }
  }
  for (let p = 0; p < nP; p++) {
    for (let w = 0; w < nWeeks; w++) {
      const g = groupOf[p * nWeeks + w] as number;
      if (g < 0) continue;
      const value = peer[g] as number;
      if (Number.isNaN(value) || !(value > 0)) continue;
      const first = Math.max(0, (w + w0) * 7 - 3 - d0);
      const last = Math.min(nDays - 1, (w + w0) * 7 + 3 - d0);
      for (let d = first; d <= last; d++) {
        const c = p * nDays + d;
        if (Number.isNaN(ref[c] as number)) {
          ref[c] = value;
          source[c] = SOURCE_PEER;
        }
      }
    }
  }
  return { ref, source, peerWeeks, peerWeeksTooFewLines: tooFew };
}
