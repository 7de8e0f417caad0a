// The passes over invoice lines that everything else is computed from. Lines are never copied or
// turned into objects: each pass reads the Dataset's typed columns and adds into per-enterprise,
// per-(enterprise, product) and per-(seller, buyer) arrays (inspection.md §1: voided lines never
// count; red lines count with their negative values on their own date; unmatched items and fees
// carry no material).
// Each pass is a kernel called once per chunk of lines (chunks.ts says why).
import { LineFlag, MG_PER_KG, toFen, toMg } from '../domain/index.ts';
import { CAT_ORE, CAT_SEPARATION, RED, VOIDED } from './context.ts';
import type { RunContext } from './context.ts';
import type { DatasetLines } from './dataset.ts';
import { forChunks } from './chunks.ts';
import { fenToCny, mgToKg } from './exact.ts';
import type { Progress } from './chunks.ts';
import { PairIndex } from './graph.ts';
import type { PriceTable, ProductDayCounts } from './prices.ts';
import { SOURCE_PEER } from './prices.ts';

/** Invoice-rule breach kinds (inspection.md §5), in the order of the per-kind counters. */
export const BREACH_KINDS = [
  'tooManyLines',
  'mixedOreSeparation',
  'unit',
  'unmatchedItem',
  'ordinaryInvoice',
  'vatRate',
  'arithmetic',
] as const;
export type BreachKind = (typeof BREACH_KINDS)[number];
export const NB = BREACH_KINDS.length;

export interface LineStats {
  /** Lines that count: not voided, dated in the period. */
  counted: number;
  voided: number;
  outsidePeriod: number;
  red: number;
  unmatched: number;
  fees: number;
}

/** Invoice bits: more lines than allowed, ore and separation products together, not a special invoice. */
export const INV_TOO_MANY = 1;
export const INV_MIXED = 2;
export const INV_ORDINARY = 4;

export interface InvoiceScan {
  /** Per invoice: INV_* bits. */
  readonly invoiceBits: Uint8Array;
  readonly productDays: ProductDayCounts;
  readonly stats: LineStats;
}

interface ScanState {
  readonly lines: DatasetLines;
  readonly d0: number;
  readonly nDays: number;
  readonly material: Uint8Array;
  readonly category: Uint8Array;
  /**
   * Per invoice, one byte: bit 0 an ore line, bit 1 a separation line, bits 2–7 the counted lines
   * (saturating at 63; invoiceMaxLines is at most 62). One byte, not two arrays: 5M invoices.
   */
  readonly perInvoice: Uint8Array;
  readonly blue: Int32Array;
  readonly red: Int32Array;
  /** counted, voided, outside, red, unmatched, fees */
  readonly tally: Float64Array;
}

function scanKernel(st: ScanState, c0: number, c1: number): void {
  const { flags, day, product, invoice, kg } = st.lines;
  const { d0, nDays, material, category, perInvoice, blue, red, tally } = st;
  let counted = 0;
  let voided = 0;
  let outside = 0;
  let reds = 0;
  let unmatched = 0;
  let fees = 0;
  for (let i = c0; i < c1; i++) {
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) {
      voided++;
      continue;
    }
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) {
      outside++;
      continue;
    }
    counted++;
    const inv = invoice[i]!;
    const v = perInvoice[inv]!;
    if (v < 252) perInvoice[inv] = v + 4; // count in bits 2–7
    const p = product[i]!;
    const isRed = (f & RED) !== 0;
    if (isRed) reds++;
    if (p < 0) {
      unmatched++;
      continue;
    }
    if (material[p] === 0) {
      fees++;
      continue;
    }
    const cat = category[p]!;
    if (cat === CAT_ORE) perInvoice[inv] = perInvoice[inv]! | 1;
    else if (cat === CAT_SEPARATION) perInvoice[inv] = perInvoice[inv]! | 2;
    const k = kg[i]!;
    if (!isRed) {
      if (k > 0) blue[p * nDays + d]!++;
    } else if (k < 0) red[p * nDays + d]!++;
  }
  tally[0]! += counted;
  tally[1]! += voided;
  tally[2]! += outside;
  tally[3]! += reds;
  tally[4]! += unmatched;
  tally[5]! += fees;
}

/**
 * First pass: lines per invoice and the categories on it (for the invoice rules), and blue/red
 * line counts per product-day (to size the peer-price fallback).
 */
export function scanInvoices(ctx: RunContext, progress?: Progress): InvoiceScan {
  const { dataset, d0, nDays, p: nP, category, material, params } = ctx;
  const nInv = dataset.invoiceKeys.length;
  const st: ScanState = {
    lines: dataset.lines,
    d0,
    nDays,
    material,
    category,
    perInvoice: new Uint8Array(nInv),
    blue: new Int32Array(nP * nDays),
    red: new Int32Array(nP * nDays),
    tally: new Float64Array(6),
  };
  forChunks(dataset.lines.count, (c0, c1) => scanKernel(st, c0, c1), 'scan', progress);
  const invoiceBits = st.perInvoice; // rewritten in place into INV_* bits
  const special = dataset.invoiceIsSpecial;
  const maxLines = params.invoiceMaxLines;
  for (let inv = 0; inv < nInv; inv++) {
    const v = invoiceBits[inv]!;
    let bits = (v & 3) === 3 ? INV_MIXED : 0;
    if (v >> 2 > maxLines) bits |= INV_TOO_MANY;
    if (special[inv] === 0) bits |= INV_ORDINARY;
    invoiceBits[inv] = bits;
  }
  const t = st.tally;
  return {
    invoiceBits,
    productDays: { blue: st.blue, red: st.red },
    stats: {
      counted: t[0]!,
      voided: t[1]!,
      outsidePeriod: t[2]!,
      red: t[3]!,
      unmatched: t[4]!,
      fees: t[5]!,
    },
  };
}

const ARITHMETIC = LineFlag.AMOUNT_MISMATCH | LineFlag.TAX_MISMATCH;

/** What the breach check reads. */
export interface BreachTables {
  readonly lines: DatasetLines;
  readonly d0: number;
  readonly material: Uint8Array;
  readonly vatByDay: Float64Array;
  readonly rulesFromOffset: number;
  readonly invoiceBits: Uint8Array;
}

export function breachTables(ctx: RunContext, scan: InvoiceScan): BreachTables {
  return {
    lines: ctx.dataset.lines,
    d0: ctx.d0,
    material: ctx.material,
    vatByDay: ctx.vatByDay,
    rulesFromOffset: ctx.rulesFromOffset,
    invoiceBits: scan.invoiceBits,
  };
}

/**
 * The invoice-rule breach bits of one counted line (bit k = BREACH_KINDS[k]); 0 before the rules
 * apply. Checks the Dataset allows are recomputed here (so datasets built without the import's
 * flags are judged alike) and OR-ed with the import's flags for those only it can see (arithmetic).
 */
export function breachBits(t: BreachTables, i: number): number {
  const { flags, day, product, invoice, unit, taxRate } = t.lines;
  const d = day[i]! - t.d0;
  if (d < t.rulesFromOffset) return 0;
  const f = flags[i]!;
  const inv = t.invoiceBits[invoice[i]!]!;
  const p = product[i]!;
  let bits = 0;
  if ((inv & INV_TOO_MANY) !== 0) bits |= 1;
  if ((inv & INV_MIXED) !== 0) bits |= 2;
  if (unit[i] === 2 || (f & LineFlag.UNIT_NOT_ALLOWED) !== 0) bits |= 4;
  if (p < 0 || (f & LineFlag.ITEM_UNMATCHED) !== 0) bits |= 8;
  if ((p >= 0 && t.material[p] === 1 && (inv & INV_ORDINARY) !== 0) || (f & LineFlag.ORDINARY_INVOICE) !== 0)
    bits |= 16;
  // A red line carries its original's rate, which may predate a rate change: only the import's
  // flag judges it. NaN (exempt) is not the rate in force on a matched line.
  if ((f & LineFlag.VAT_RATE_NOT_IN_FORCE) !== 0) bits |= 32;
  else if (p >= 0 && (f & RED) === 0 && !(Math.abs(taxRate[i]! - t.vatByDay[d]!) < 5e-5)) bits |= 32;
  if ((f & ARITHMETIC) !== 0) bits |= 64;
  return bits;
}

export interface Aggregates {
  /** Net counted lines (a red line cancels one): as seller or buyer, as seller, as buyer. */
  readonly lines: Int32Array;
  readonly saleLines: Int32Array;
  readonly purchaseLines: Int32Array;
  /** REO kg bought and sold by (enterprise, product): [e * P + p]. */
  readonly reoBuy: Float64Array;
  readonly reoSell: Float64Array;
  /** Amounts ex-VAT of material lines. */
  readonly amountBuy: Float64Array;
  readonly amountSell: Float64Array;
  /** Priced lines: Σ amount, Σ kg × reference (each line's to the fen), REO kg priced, REO kg priced by the peer fallback. */
  readonly pricedAmountBuy: Float64Array;
  readonly refValueBuy: Float64Array;
  /** Σ kg × reference over priced purchases with r < 1 − priceBand. */
  readonly belowValueBuy: Float64Array;
  readonly pricedReoBuy: Float64Array;
  readonly peerReoBuy: Float64Array;
  readonly pricedAmountSell: Float64Array;
  readonly refValueSell: Float64Array;
  readonly pricedReoSell: Float64Array;
  readonly peerReoSell: Float64Array;
  /** REO kg traded (either side) with a counterparty not in the registry. */
  readonly offRegisterReo: Float64Array;
  /** Net sale lines breaching an invoice rule, and per kind: [e * NB + k]. */
  readonly breach: Int32Array;
  readonly breachKinds: Int32Array;
  /** (seller, buyer) pairs of material lines (self-invoicing left out), numbered in (seller, buyer) order. */
  readonly pairs: PairIndex;
  /** Net REO kg per pair, and the sum over blue lines only (an upper bound of any window's sum). */
  readonly edgeReo: Float64Array;
  readonly edgeBlue: Float64Array;
}

// Per-enterprise sums live interleaved in one array while lines are read: an enterprise's seller
// fields share one 64-byte cache line and its buyer fields another, where fifteen separate arrays
// cost a cache miss each per line. While lines are read, REO sums are whole milligrams and money
// sums whole fen (exact.ts: the sums then do not depend on the order of the lines); they are
// turned into kg and CNY once, at the end.
const STRIDE = 16;
// seller block
const S_LINES = 0;
const S_AMOUNT = 1;
const S_PRICED_AMOUNT = 2;
const S_REF_VALUE = 3;
const S_PRICED_REO = 4;
const S_PEER_REO = 5;
const S_OFF_REGISTER = 6;
const S_BREACH = 7;
// buyer block
const B_LINES = 8;
const B_AMOUNT = 9;
const B_PRICED_AMOUNT = 10;
const B_REF_VALUE = 11;
const B_BELOW_VALUE = 12;
const B_PRICED_REO = 13;
const B_PEER_REO = 14;
const B_OFF_REGISTER = 15;

interface AggState {
  readonly lines: DatasetLines;
  readonly breach: BreachTables;
  readonly d0: number;
  readonly nDays: number;
  readonly nP: number;
  readonly material: Uint8Array;
  readonly registered: Uint8Array;
  readonly ref: Float64Array;
  readonly source: Uint8Array;
  readonly lowBand: number;
  /** STRIDE fields per enterprise. */
  readonly ent: Float64Array;
  /** Net self-invoiced lines (seller = buyer), counted once in `lines`. */
  readonly selfLines: Int32Array;
  readonly breachKinds: Int32Array;
  readonly reoBuy: Float64Array;
  readonly reoSell: Float64Array;
  readonly pairs: PairIndex;
  /** Per pair: net REO mg at 2e, blue REO mg at 2e + 1. */
  edges: Float64Array;
}

function aggregateKernel(st: AggState, c0: number, c1: number): void {
  const { flags, day, seller, buyer, product, kg, reoKg, amount } = st.lines;
  const { d0, nDays, nP, material, registered, ref, source, lowBand } = st;
  const { ent, selfLines, breachKinds, reoBuy, reoSell, pairs } = st;
  let edges = st.edges;
  for (let i = c0; i < c1; i++) {
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) continue;
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) continue;
    const s = seller[i]!;
    const b = buyer[i]!;
    const isRed = (f & RED) !== 0;
    const sign = isRed ? -1 : 1;
    const so = s * STRIDE;
    const bo = b * STRIDE;
    ent[so + S_LINES]! += sign;
    ent[bo + B_LINES]! += sign;
    if (s === b) selfLines[s]! += sign;
    const bits = breachBits(st.breach, i);
    if (bits !== 0) {
      ent[so + S_BREACH]! += sign;
      const base = s * NB;
      for (let k = 0; k < NB; k++) if ((bits & (1 << k)) !== 0) breachKinds[base + k]! += sign;
    }
    const p = product[i]!;
    if (p < 0 || material[p] === 0) continue;

    const reo = toMg(reoKg[i]!);
    const amt = toFen(amount[i]!);
    reoBuy[b * nP + p]! += reo;
    reoSell[s * nP + p]! += reo;
    ent[bo + B_AMOUNT]! += amt;
    ent[so + S_AMOUNT]! += amt;
    const c = p * nDays + d;
    const r = ref[c]!;
    if (r > 0) {
      const exactValue = kg[i]! * r;
      const value = toFen(exactValue);
      ent[bo + B_PRICED_AMOUNT]! += amt;
      ent[bo + B_REF_VALUE]! += value;
      ent[bo + B_PRICED_REO]! += reo;
      ent[so + S_PRICED_AMOUNT]! += amt;
      ent[so + S_REF_VALUE]! += value;
      ent[so + S_PRICED_REO]! += reo;
      // r = unit price ÷ reference = amount ÷ (kg × reference); a red line has the ratio of the
      // line it reverses, so its negative value lands in the same bucket.
      if (exactValue !== 0 && amount[i]! / exactValue < lowBand) ent[bo + B_BELOW_VALUE]! += value;
      if (source[c] === SOURCE_PEER) {
        ent[bo + B_PEER_REO]! += reo;
        ent[so + S_PEER_REO]! += reo;
      }
    }
    if (registered[b] === 0) ent[so + S_OFF_REGISTER]! += reo;
    if (registered[s] === 0) ent[bo + B_OFF_REGISTER]! += reo;
    if (s !== b) {
      const e = pairs.getOrAdd(s, b);
      if (2 * e >= edges.length) {
        const grown = new Float64Array(edges.length * 2);
        grown.set(edges);
        st.edges = grown;
        edges = grown;
      }
      edges[2 * e]! += reo;
      if (!isRed && reo > 0) edges[2 * e + 1]! += reo;
    }
  }
}

/** The main pass: every per-enterprise sum the signals need. */
export function aggregateLines(
  ctx: RunContext,
  prices: PriceTable,
  breach: BreachTables,
  progress?: Progress,
): Aggregates {
  const { dataset, n, p: nP, d0, nDays, material, registered, params } = ctx;
  const st: AggState = {
    lines: dataset.lines,
    breach,
    d0,
    nDays,
    nP,
    material,
    registered,
    ref: prices.ref,
    source: prices.source,
    lowBand: 1 - params.priceBand,
    ent: new Float64Array(n * STRIDE),
    selfLines: new Int32Array(n),
    breachKinds: new Int32Array(n * NB),
    reoBuy: new Float64Array(n * nP),
    reoSell: new Float64Array(n * nP),
    pairs: new PairIndex(n),
    edges: new Float64Array(8192),
  };
  forChunks(dataset.lines.count, (c0, c1) => aggregateKernel(st, c0, c1), 'aggregate', progress);
  const field = (k: number) => {
    const out = new Float64Array(n);
    for (let e = 0; e < n; e++) out[e] = st.ent[e * STRIDE + k]!;
    return out;
  };
  const kgField = (k: number) => mgToKg(field(k));
  const cnyField = (k: number) => fenToCny(field(k));
  const count = (k: number) => Int32Array.from(field(k));
  const saleLines = count(S_LINES);
  const purchaseLines = count(B_LINES);
  const lines = new Int32Array(n);
  for (let e = 0; e < n; e++) lines[e] = saleLines[e]! + purchaseLines[e]! - st.selfLines[e]!;
  const offSell = field(S_OFF_REGISTER);
  const offBuy = field(B_OFF_REGISTER);
  const offRegisterReo = new Float64Array(n);
  for (let e = 0; e < n; e++) offRegisterReo[e] = offSell[e]! + offBuy[e]!; // still whole mg: exact
  const { pairs, edgeReo, edgeBlue } = pairsInCanonicalOrder(st.pairs, st.edges);
  return {
    lines,
    saleLines,
    purchaseLines,
    reoBuy: mgToKg(st.reoBuy),
    reoSell: mgToKg(st.reoSell),
    amountBuy: cnyField(B_AMOUNT),
    amountSell: cnyField(S_AMOUNT),
    pricedAmountBuy: cnyField(B_PRICED_AMOUNT),
    refValueBuy: cnyField(B_REF_VALUE),
    belowValueBuy: cnyField(B_BELOW_VALUE),
    pricedReoBuy: kgField(B_PRICED_REO),
    peerReoBuy: kgField(B_PEER_REO),
    pricedAmountSell: cnyField(S_PRICED_AMOUNT),
    refValueSell: cnyField(S_REF_VALUE),
    pricedReoSell: kgField(S_PRICED_REO),
    peerReoSell: kgField(S_PEER_REO),
    offRegisterReo: mgToKg(offRegisterReo),
    breach: count(S_BREACH),
    breachKinds: st.breachKinds,
    pairs,
    edgeReo,
    edgeBlue,
  };
}

/**
 * The pairs renumbered in (seller, buyer) order with their sums in kg. The kernel numbers pairs in
 * order of first sight; tracing, the cycle search and the evidence walk edges by number, and their
 * floating sums must not depend on the order of the lines either.
 */
function pairsInCanonicalOrder(
  seen: PairIndex,
  edgesMg: Float64Array,
): { pairs: PairIndex; edgeReo: Float64Array; edgeBlue: Float64Array } {
  const { n, size: m } = seen;
  const keys = new Float64Array(m); // seller × n + buyer: exact, n² < 2^53
  for (let e = 0; e < m; e++) keys[e] = seen.seller[e]! * n + seen.buyer[e]!;
  keys.sort();
  const pairs = new PairIndex(n);
  const edgeReo = new Float64Array(m);
  const edgeBlue = new Float64Array(m);
  for (let j = 0; j < m; j++) {
    const s = Math.floor(keys[j]! / n);
    const b = keys[j]! - s * n;
    pairs.getOrAdd(s, b); // = j
    const old = seen.get(s, b);
    edgeReo[j] = edgesMg[2 * old]! / MG_PER_KG;
    edgeBlue[j] = edgesMg[2 * old + 1]! / MG_PER_KG;
  }
  return { pairs, edgeReo, edgeBlue };
}
