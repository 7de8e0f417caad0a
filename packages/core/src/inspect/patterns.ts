// Patterns of inspection.md §5 other than cycles: pass-through traders, short-lived issuers,
// off-register counterparties and invoice-rule breaches.
import { dayNumberOrThrow, toMg } from '../domain/index.ts';
import type { Aggregates } from './aggregate.ts';
import { forChunks } from './chunks.ts';
import type { Progress } from './chunks.ts';
import type { DatasetLines } from './dataset.ts';
import type { Balance } from './balance.ts';
import { VOIDED } from './context.ts';
import type { RunContext } from './context.ts';

export interface Patterns {
  /** (sales − purchases) ÷ purchases, amounts ex-VAT of material lines; NaN without purchases. */
  readonly grossMargin: Float64Array;
  /** Weighted median days from purchase to sale of the same product; NaN when not computed or no sale matches. */
  readonly passThroughDays: Float64Array;
  /** 1 when the volume and margin conditions hold (the median is computed for these only). */
  readonly passThroughCandidate: Uint8Array;
  readonly passThrough: Uint8Array;
  readonly offRegisterShare: Float64Array;
  readonly breachShare: Float64Array;
  /** Days from founding to the first invoice, and from the last invoice to deregistration (NaN: unknown). */
  readonly foundedToFirst: Float64Array;
  readonly lastToDeregistered: Float64Array;
  /** Sales (REO kg) needed to be in the top shortLivedTopSalesShare of enterprises with sales. */
  readonly topSalesThreshold: number;
  readonly shortLived: Uint8Array;
  /** Which short-lived branch fired: 1 = new issuer with top sales, 2 = deregistered soon after, 3 = both. */
  readonly shortLivedKind: Uint8Array;
}

// Cells of the per-pass (day, column) tables: 2M × 8 bytes × 2 tables = 32 MB at most.
const CHUNK_CELLS = 1 << 21;

interface MatchState {
  readonly lines: DatasetLines;
  readonly d0: number;
  readonly nDays: number;
  /** Columns of this pass: the stride of one day (day-major layout). */
  readonly nCols: number;
  readonly nP: number;
  readonly material: Uint8Array;
  /** Candidate slot of each enterprise in this pass, or -1. */
  readonly slot: Int32Array;
  /** Column of (slot, product), or -1. */
  readonly colOf: Int32Array;
  readonly buy: Float64Array;
  readonly sell: Float64Array;
}

/** Net REO mg (exact.ts) bought and sold per (candidate, product, day). */
function matchKernel(st: MatchState, c0: number, c1: number): void {
  const { flags, day, seller, buyer, product, reoKg } = st.lines;
  const { d0, nDays, nCols, nP, material, slot, colOf, buy, sell } = st;
  for (let i = c0; i < c1; i++) {
    const ss = slot[seller[i]!]!;
    const bs = slot[buyer[i]!]!;
    if (ss < 0 && bs < 0) continue;
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) continue;
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) continue;
    const p = product[i]!;
    if (p < 0 || material[p] === 0) continue;
    const reo = toMg(reoKg[i]!);
    // Day-major: lines come in date order, so a day's cells stay in cache.
    if (ss >= 0) {
      const col = colOf[ss * nP + p]!;
      if (col >= 0) sell[d * nCols + col]! += reo;
    }
    if (bs >= 0) {
      const col = colOf[bs * nP + p]!;
      if (col >= 0) buy[d * nCols + col]! += reo;
    }
  }
}

/**
 * Median days between buying and selling the same product, for the candidate traders.
 *
 * Matching: per (enterprise, product, day) the net REO kg bought and sold (a red line nets against
 * its original on the same day). Sales consume purchase lots first in, first out; each kg sold
 * counts the days since the lot it came from was bought (0 for a lot bought the same day); kg no
 * lot in the period covers came from earlier stock and count as an infinite gap. The median is the
 * smallest gap at which the cumulative REO kg reaches half of all REO kg sold.
 */
function passThroughMedians(
  ctx: RunContext,
  agg: Aggregates,
  candidates: number[],
  out: Float64Array,
  progress?: Progress,
): void {
  const { p: nP, nDays, d0, material } = ctx;
  if (candidates.length === 0) return;
  // One day-major column per (candidate, product) it traded: a trader's few products, not all.
  const hist = new Float64Array(nDays + 1);
  const lotDay = new Int32Array(nDays);
  const lotLeft = new Float64Array(nDays);
  const maxCols = Math.max(nP, Math.floor(CHUNK_CELLS / nDays));
  let c0 = 0;
  while (c0 < candidates.length) {
    // candidates [c0, c1) and their columns, as many as fit in one pass
    const colOf = new Int32Array((candidates.length - c0) * nP).fill(-1);
    let cols = 0;
    let c1 = c0;
    while (c1 < candidates.length) {
      const e = candidates[c1]!;
      let need = 0;
      for (let p = 0; p < nP; p++) if (agg.reoBuy[e * nP + p] !== 0 || agg.reoSell[e * nP + p] !== 0) need++;
      if (cols + need > maxCols && c1 > c0) break;
      for (let p = 0; p < nP; p++)
        if (agg.reoBuy[e * nP + p] !== 0 || agg.reoSell[e * nP + p] !== 0) colOf[(c1 - c0) * nP + p] = cols++;
      c1++;
    }
    const slot = new Int32Array(ctx.n).fill(-1);
    for (let c = c0; c < c1; c++) slot[candidates[c]!] = c - c0;
    const st: MatchState = {
      lines: ctx.dataset.lines,
      d0,
      nDays,
      nCols: cols,
      nP,
      material,
      slot,
      colOf,
      buy: new Float64Array(cols * nDays),
      sell: new Float64Array(cols * nDays),
    };
    forChunks(ctx.dataset.lines.count, (i0, i1) => matchKernel(st, i0, i1));
    const { buy, sell } = st;
    for (let c = c0; c < c1; c++) {
      hist.fill(0);
      let total = 0;
      for (let p = 0; p < nP; p++) {
        const col = colOf[(c - c0) * nP + p]!;
        if (col < 0) continue;
        // FIFO: purchase lots in day order, consumed by sales; what no lot covers came from
        // stock held before the period (an infinite gap).
        let headLot = 0;
        let tailLot = 0;
        for (let d = 0; d < nDays; d++) {
          const bought = buy[d * cols + col]!;
          if (bought > 0) {
            lotDay[tailLot] = d;
            lotLeft[tailLot++] = bought;
          }
          let sold = sell[d * cols + col]!;
          if (!(sold > 0)) continue;
          total += sold;
          while (sold > 0 && headLot < tailLot) {
            const used = Math.min(sold, lotLeft[headLot]!);
            hist[d - lotDay[headLot]!]! += used;
            sold -= used;
            lotLeft[headLot]! -= used;
            if (lotLeft[headLot]! <= 0) headLot++;
          }
          if (sold > 0) hist[nDays]! += sold;
        }
      }
      let median = NaN;
      if (total > 0) {
        let cum = 0;
        for (let g = 0; g <= nDays; g++) {
          cum += hist[g]!;
          if (cum >= total / 2) {
            median = g === nDays ? NaN : g;
            break;
          }
        }
      }
      out[candidates[c]!] = median;
    }
    progress?.('patterns', c1, candidates.length);
    c0 = c1;
  }
}

/** Computes the non-cycle patterns. */
export function findPatterns(
  ctx: RunContext,
  agg: Aggregates,
  balance: Balance,
  progress?: Progress,
): Patterns {
  const { n, params, dataset } = ctx;
  const grossMargin = new Float64Array(n).fill(NaN);
  const passThroughDays = new Float64Array(n).fill(NaN);
  const passThroughCandidate = new Uint8Array(n);
  const passThrough = new Uint8Array(n);
  const offRegisterShare = new Float64Array(n).fill(NaN);
  const breachShare = new Float64Array(n).fill(NaN);
  const foundedToFirst = new Float64Array(n).fill(NaN);
  const lastToDeregistered = new Float64Array(n).fill(NaN);
  const shortLived = new Uint8Array(n);
  const shortLivedKind = new Uint8Array(n);

  const candidates: number[] = [];
  for (let e = 0; e < n; e++) {
    const ent = dataset.enterprises[e];
    if (!ent) continue;
    const bought = agg.amountBuy[e] as number;
    const sold = agg.amountSell[e] as number;
    if (bought > 0) grossMargin[e] = (sold - bought) / bought;
    const reoIn = balance.reoIn[e] as number;
    const reoOut = balance.reoOut[e] as number;
    if (
      ent.roles.includes('trading') &&
      reoIn > 0 &&
      Math.abs(reoOut - reoIn) <= params.passThroughVolumeTol * reoIn &&
      bought > 0 &&
      Math.abs(sold - bought) <= params.passThroughMarginTol * bought
    ) {
      passThroughCandidate[e] = 1;
      candidates.push(e);
    }
    const traded = reoIn + reoOut;
    if (traded > 0) offRegisterShare[e] = (agg.offRegisterReo[e] as number) / traded;
    const saleLines = agg.saleLines[e] as number;
    if (saleLines > 0) breachShare[e] = (agg.breach[e] as number) / saleLines;
  }
  passThroughMedians(ctx, agg, candidates, passThroughDays, progress);
  for (const e of candidates) {
    const days = passThroughDays[e] as number;
    if (!Number.isNaN(days) && days <= params.passThroughMaxMedianDays) passThrough[e] = 1;
  }

  // Short-lived issuers: the top share by sales among enterprises with sales (ties at the
  // threshold included).
  const sales: number[] = [];
  for (let e = 0; e < n; e++) if ((balance.reoOut[e] as number) > 0) sales.push(balance.reoOut[e] as number);
  sales.sort((a, b) => b - a);
  const topCount = Math.max(1, Math.ceil(sales.length * params.shortLivedTopSalesShare));
  const topSalesThreshold =
    sales.length > 0 ? (sales[Math.min(topCount, sales.length) - 1] as number) : Infinity;
  for (let e = 0; e < n; e++) {
    const ent = dataset.enterprises[e];
    if (!ent) continue;
    const founded = ent.founded === null ? null : dayNumberOrThrow(ent.founded);
    const dereg = ent.deregistered === null ? null : dayNumberOrThrow(ent.deregistered);
    if (founded !== null && ent.firstInvoiceDay !== null) foundedToFirst[e] = ent.firstInvoiceDay - founded;
    if (dereg !== null && ent.lastInvoiceDay !== null) lastToDeregistered[e] = dereg - ent.lastInvoiceDay;
    // An issuer: it sold on counted lines in the period.
    if ((agg.saleLines[e] as number) <= 0) continue;
    let kind = 0;
    const f2f = foundedToFirst[e] as number;
    if (f2f <= params.shortLivedFoundedDays && (balance.reoOut[e] as number) >= topSalesThreshold) kind |= 1;
    const l2d = lastToDeregistered[e] as number;
    if (l2d <= params.shortLivedDeregisteredDays) kind |= 2;
    shortLivedKind[e] = kind;
    if (kind !== 0) shortLived[e] = 1;
  }
  return {
    grossMargin,
    passThroughDays,
    passThroughCandidate,
    passThrough,
    offRegisterShare,
    breachShare,
    foundedToFirst,
    lastToDeregistered,
    topSalesThreshold,
    shortLived,
    shortLivedKind,
  };
}
