// Evidence: for every fired reason, the invoice lines that contribute most to it, found in one pass
// over the lines with a bounded top-k per (enterprise, reason). Ties are broken by invoice key and
// line number, so the choice does not depend on the order lines arrived in.
import { breachBits } from './aggregate.ts';
import type { Aggregates, BreachTables } from './aggregate.ts';
import { forChunks } from './chunks.ts';
import type { Progress } from './chunks.ts';
import { CAT_SEPARATION, RED, VOIDED } from './context.ts';
import type { RunContext } from './context.ts';
import type { FoundCycle } from './cycles.ts';
import type { DatasetLines } from './dataset.ts';
import type { PairIndex } from './graph.ts';
import type { PriceTable } from './prices.ts';

/** What a reason's evidence is made of. */
export const EV = {
  /** largest REO kg sold */
  SALE_REO: 0,
  /** largest REO kg of separation-category products sold */
  SALE_SEPARATION: 1,
  /** largest element kg sold (element index in `element`) */
  SALE_ELEMENT: 2,
  /** priced purchases with the largest shortfall kg × reference − amount (CNY) */
  PURCHASE_GAP: 3,
  /** priced sales with the largest shortfall */
  SALE_GAP: 4,
  /** purchases carrying the most illegal REO kg (REO × the seller's illegal share) */
  PURCHASE_ILLEGAL: 5,
  /** sale lines breaching the most invoice rules, then by REO kg */
  BREACH: 6,
  /** largest REO kg traded with off-register counterparties */
  OFF_REGISTER: 7,
  /** largest REO kg bought or sold */
  ANY_REO: 8,
  /** any counted line (by invoice key) */
  ANY_LINE: 9,
  /** largest REO kg on lines without a reference price */
  UNPRICED: 10,
} as const;
export type EvidenceKind = (typeof EV)[keyof typeof EV];

export interface EvidenceRequest {
  readonly enterprise: number;
  readonly kind: EvidenceKind;
  readonly element: number;
}

export interface EvidenceInputs {
  readonly prices: PriceTable;
  readonly agg: Aggregates;
  readonly illegalShare: Float64Array;
  readonly breach: BreachTables;
  readonly cycles: readonly FoundCycle[];
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Top-k slots: requests first (k lines each), then cycle edges (two lines each). */
interface Slots {
  readonly keys: readonly string[];
  readonly invoice: Int32Array;
  readonly lineNo: Int32Array;
  /** Slot s keeps lines at [base[s], base[s] + cap(s)). */
  readonly base: Int32Array;
  readonly topLine: Int32Array;
  readonly topScore: Float64Array;
  readonly count: Int32Array;
  /** Position of the weakest kept line once a slot is full. */
  readonly worst: Int32Array;
  /** Score of the weakest kept line once full (-Infinity before): cheaper lines are not offered. */
  readonly floor: Float64Array;
}

/** True when line i (score si) ranks before line j (score sj). */
function ranksBefore(t: Slots, i: number, si: number, j: number, sj: number): boolean {
  if (si !== sj) return si > sj;
  const ki = t.keys[t.invoice[i]!]!;
  const kj = t.keys[t.invoice[j]!]!;
  if (ki !== kj) return ki < kj;
  return t.lineNo[i]! < t.lineNo[j]!;
}

function recomputeWorst(t: Slots, slot: number): void {
  const b0 = t.base[slot]!;
  const c = t.count[slot]!;
  let wpos = 0;
  for (let j = 1; j < c; j++) {
    const w = b0 + wpos;
    const a = b0 + j;
    if (ranksBefore(t, t.topLine[w]!, t.topScore[w]!, t.topLine[a]!, t.topScore[a]!)) wpos = j;
  }
  t.worst[slot] = wpos;
  t.floor[slot] = t.topScore[b0 + wpos]!;
}

function offer(t: Slots, slot: number, i: number, score: number): void {
  const b0 = t.base[slot]!;
  const size = t.base[slot + 1]! - b0;
  if (size === 0) return;
  const c = t.count[slot]!;
  if (c < size) {
    t.topLine[b0 + c] = i;
    t.topScore[b0 + c] = score;
    t.count[slot] = c + 1;
    if (c + 1 === size) recomputeWorst(t, slot);
    return;
  }
  const w = b0 + t.worst[slot]!;
  if (!ranksBefore(t, i, score, t.topLine[w]!, t.topScore[w]!)) return;
  t.topLine[w] = i;
  t.topScore[w] = score;
  recomputeWorst(t, slot);
}

interface EvidenceState {
  readonly lines: DatasetLines;
  readonly slots: Slots;
  readonly d0: number;
  readonly nDays: number;
  readonly nEl: number;
  readonly material: Uint8Array;
  readonly category: Uint8Array;
  readonly share: Float64Array;
  readonly registered: Uint8Array;
  readonly ref: Float64Array;
  readonly x: Float64Array;
  readonly breach: BreachTables;
  readonly wants: Uint8Array;
  /** Requests of enterprise e: order[head[e] .. head[e+1]). */
  readonly head: Int32Array;
  readonly order: Int32Array;
  readonly kindOf: Int32Array;
  readonly elOf: Int32Array;
  readonly R: number;
  /** Cycle edges: chains of slots per pair; members of cycles as sellers and buyers. */
  readonly pairs: PairIndex;
  readonly pairHead: Int32Array;
  readonly nextSlot: Int32Array;
  readonly slotStart: Int32Array;
  readonly slotEnd: Int32Array;
  readonly cycleSeller: Uint8Array;
  readonly cycleBuyer: Uint8Array;
}

function evidenceKernel(st: EvidenceState, c0: number, c1: number): void {
  const { flags, day, seller, buyer, product, kg, reoKg, amount } = st.lines;
  const { slots, d0, nDays, nEl, material, category, share, registered, ref, x, wants } = st;
  const { head, order, kindOf, elOf, R, pairs, pairHead, nextSlot, slotStart, slotEnd } = st;
  const { cycleSeller, cycleBuyer } = st;
  for (let i = c0; i < c1; i++) {
    const s = seller[i]!;
    const b = buyer[i]!;
    const ws = wants[s] === 1;
    const wb = wants[b] === 1;
    const onCycle = cycleSeller[s] === 1 && cycleBuyer[b] === 1;
    if (!ws && !wb && !onCycle) continue;
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) continue;
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) continue;
    const p = product[i]!;
    const isMaterial = p >= 0 && material[p] === 1;
    const reo = reoKg[i]!;
    if (onCycle && isMaterial && s !== b && reo > 0) {
      const pair = pairs.get(s, b);
      if (pair >= 0) {
        for (let slot = pairHead[pair]!; slot >= 0; slot = nextSlot[slot]!) {
          if (d >= slotStart[slot]! && d <= slotEnd[slot]! && reo >= slots.floor[R + slot]!)
            offer(slots, R + slot, i, reo);
        }
      }
    }
    if (!ws && !wb) continue;
    const r = isMaterial ? ref[p * nDays + d]! : NaN;
    const priced = r > 0;
    const shortfall = priced ? kg[i]! * r - amount[i]! : NaN;
    for (let side = 0; side < 2; side++) {
      const e = side === 0 ? s : b;
      if (wants[e] !== 1) continue;
      if (side === 1 && s === b) continue;
      const isSale = side === 0;
      for (let h = head[e]!; h < head[e + 1]!; h++) {
        const slot = order[h]!;
        let score = NaN;
        switch (kindOf[slot]!) {
          case EV.SALE_REO:
            if (isSale && isMaterial) score = reo;
            break;
          case EV.SALE_SEPARATION:
            if (isSale && isMaterial && category[p] === CAT_SEPARATION) score = reo;
            break;
          case EV.SALE_ELEMENT:
            if (isSale && isMaterial) score = reo * share[p * nEl + elOf[slot]!]!;
            break;
          case EV.PURCHASE_GAP:
            if (!isSale && priced) score = shortfall;
            break;
          case EV.SALE_GAP:
            if (isSale && priced) score = shortfall;
            break;
          case EV.PURCHASE_ILLEGAL:
            if (!isSale && isMaterial) {
              const xs = x[s]!;
              if (xs > 0) score = reo * xs;
            }
            break;
          case EV.BREACH:
            if (isSale && (f & RED) === 0) {
              const bits = breachBits(st.breach, i);
              if (bits !== 0) score = popcount(bits) + Math.min(Math.max(reo, 0), 1e12) / 1e13;
            }
            break;
          case EV.OFF_REGISTER:
            if (isMaterial && registered[isSale ? b : s] === 0) score = reo;
            break;
          case EV.ANY_REO:
            if (isMaterial) score = reo;
            break;
          case EV.ANY_LINE:
            score = 1;
            break;
          case EV.UNPRICED:
            if (isMaterial && !priced) score = reo;
            break;
        }
        if (score > 0 && score >= slots.floor[slot]!) offer(slots, slot, i, score);
      }
    }
  }
}

/**
 * Collects the evidence of every request (top evidenceLinesPerReason lines each) and of every
 * cycle (the two largest lines of each edge inside the cycle's window).
 */
export function collectEvidence(
  ctx: RunContext,
  requests: readonly EvidenceRequest[],
  inputs: EvidenceInputs,
  progress?: Progress,
): { reasons: string[][]; cycles: string[][] } {
  const { dataset, n, d0, nDays, material, category, share, elements, registered } = ctx;
  const k = ctx.params.evidenceLinesPerReason;
  const L = dataset.lines;

  // Requests grouped by enterprise.
  const R = requests.length;
  const head = new Int32Array(n + 1);
  for (const r of requests) head[r.enterprise + 1]!++;
  for (let e = 0; e < n; e++) head[e + 1]! += head[e]!;
  const order = new Int32Array(R);
  const fill = head.slice(0, n);
  requests.forEach((r, i) => {
    order[fill[r.enterprise]!++] = i;
  });
  const kindOf = Int32Array.from(requests, (r) => r.kind);
  const elOf = Int32Array.from(requests, (r) => r.element);
  const wants = new Uint8Array(n);
  for (const r of requests) wants[r.enterprise] = 1;

  // Cycle edges: pair id → a chain of slots (typed arrays: looked up per line).
  const slotStart: number[] = [];
  const slotEnd: number[] = [];
  const slotPair: number[] = [];
  const cycleSlotOf: number[][] = [];
  const cycleSeller = new Uint8Array(n);
  const cycleBuyer = new Uint8Array(n);
  for (const c of inputs.cycles) {
    const ids: number[] = [];
    for (let j = 0; j < c.members.length; j++) {
      const s = c.members[j]!;
      const b = c.members[(j + 1) % c.members.length]!;
      cycleSeller[s] = 1;
      cycleBuyer[b] = 1;
      ids.push(slotPair.length);
      slotPair.push(inputs.agg.pairs.get(s, b));
      slotStart.push(c.windowStart);
      slotEnd.push(c.windowEnd);
    }
    cycleSlotOf.push(ids);
  }
  const nCycleSlots = slotPair.length;
  const pairHead = new Int32Array(inputs.agg.pairs.size).fill(-1);
  const nextSlot = new Int32Array(nCycleSlots).fill(-1);
  for (let slot = nCycleSlots - 1; slot >= 0; slot--) {
    const pair = slotPair[slot]!;
    if (pair < 0) continue;
    nextSlot[slot] = pairHead[pair]!;
    pairHead[pair] = slot;
  }

  const totalSlots = R + nCycleSlots;
  const base = new Int32Array(totalSlots + 1);
  for (let s = 0; s < totalSlots; s++) base[s + 1] = base[s]! + (s < R ? k : 2);
  const slots: Slots = {
    keys: dataset.invoiceKeys,
    invoice: L.invoice,
    lineNo: L.lineNo,
    base,
    topLine: new Int32Array(base[totalSlots]!).fill(-1),
    topScore: new Float64Array(base[totalSlots]!),
    count: new Int32Array(totalSlots),
    worst: new Int32Array(totalSlots),
    floor: new Float64Array(totalSlots).fill(-Infinity),
  };
  const st: EvidenceState = {
    lines: L,
    slots,
    d0,
    nDays,
    nEl: elements.length,
    material,
    category,
    share,
    registered,
    ref: inputs.prices.ref,
    x: inputs.illegalShare,
    breach: inputs.breach,
    wants,
    head,
    order,
    kindOf,
    elOf,
    R,
    pairs: inputs.agg.pairs,
    pairHead,
    nextSlot,
    slotStart: Int32Array.from(slotStart),
    slotEnd: Int32Array.from(slotEnd),
    cycleSeller,
    cycleBuyer,
  };
  if (totalSlots > 0) forChunks(L.count, (c0, c1) => evidenceKernel(st, c0, c1), 'evidence', progress);

  const render = (slot: number): string[] => {
    const b0 = base[slot]!;
    const idx: number[] = [];
    for (let j = 0; j < slots.count[slot]!; j++) idx.push(b0 + j);
    idx.sort((a, bb) =>
      ranksBefore(slots, slots.topLine[a]!, slots.topScore[a]!, slots.topLine[bb]!, slots.topScore[bb]!)
        ? -1
        : 1,
    );
    return idx.map((pos) => {
      const i = slots.topLine[pos]!;
      return `${dataset.invoiceKeys[L.invoice[i]!]!}/${L.lineNo[i]!}`;
    });
  };
  const reasons: string[][] = [];
  for (let r = 0; r < R; r++) reasons.push(render(r));
  const cycles = cycleSlotOf.map((ids) => ids.flatMap((slot) => render(R + slot)));
  return { reasons, cycles };
}
