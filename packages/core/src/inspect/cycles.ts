// Circular invoicing (inspection.md §5): simple cycles of 2..cycleMaxLength enterprises in which
// every edge carries ≥ cycleMinKg REO kg within one window of cycleWindowDays and the smallest
// edge is ≥ cycleMinRatio × the largest.
//
// Cycle counts explode on dense graphs (performance.md: 213,914 cycles of length ≤ 4), so the
// search narrows before it enumerates and is bounded:
//  1. an edge whose blue lines over the whole period carry < cycleMinKg can carry it in no window;
//  2. only edges inside a strongly connected component of what remains can lie on a cycle;
//  3. windows start every cycleWindowStepDays (window sums from per-edge day buckets of that size);
//     in each window the same two filters run again on the window's sums;
//  4. each cycle is found once per window, from its largest edge (a total order: REO kg, then
//     seller, then buyer): every later edge must be smaller and ≥ cycleMinRatio × the first, which
//     prunes a path as soon as the band is left; the closing edge is a table lookup;
//  5. caps on distinct cycles and on search steps stop the search; hitting one is reported.
// A cycle seen in several windows is reported once, with the window where its smallest edge is
// largest; its reoKg is that smallest edge: the volume that went all the way round.
import { MG_PER_KG, toMg } from '../domain/index.ts';
import { CAT_FEE, VOIDED } from './context.ts';
import type { RunContext } from './context.ts';
import type { Aggregates } from './aggregate.ts';
import { forChunks } from './chunks.ts';
import type { Progress } from './chunks.ts';
import type { DatasetLines } from './dataset.ts';
import { buildCsr, stronglyConnectedComponents } from './graph.ts';
import type { PairIndex } from './graph.ts';

export interface FoundCycle {
  /** Enterprise indexes in cycle order, starting with the smallest index. */
  readonly members: readonly number[];
  /** Period day offsets of the window (inclusive). */
  readonly windowStart: number;
  readonly windowEnd: number;
  /** REO kg of each edge members[i] → members[i+1] (the last closes the cycle) in the window. */
  readonly edgeKg: readonly number[];
  /** The smallest edge. */
  readonly reoKg: number;
}

export interface CycleSearch {
  readonly cycles: FoundCycle[];
  readonly candidateEdges: number;
  readonly windows: number;
  readonly steps: number;
  readonly capHit: null | 'cycleMaxCount' | 'cycleMaxSearchSteps';
}

const CHUNK_CELLS = 1 << 24;

interface BucketState {
  readonly lines: DatasetLines;
  readonly d0: number;
  readonly nDays: number;
  readonly step: number;
  readonly B: number;
  readonly category: Uint8Array;
  readonly pairs: PairIndex;
  readonly candOf: Int32Array;
  readonly candSeller: Uint8Array;
  readonly candBuyer: Uint8Array;
  /** Candidates [from, to) are bucketed in this pass. */
  readonly from: number;
  readonly to: number;
  readonly buckets: Float64Array;
}

/** Adds the REO mg (exact.ts) of lines on candidate edges into day buckets of cycleWindowStepDays. */
function bucketKernel(st: BucketState, c0: number, c1: number): void {
  const { flags, day, seller, buyer, product, reoKg } = st.lines;
  const { d0, nDays, step, B, category, pairs, candOf, candSeller, candBuyer, from, to, buckets } = st;
  for (let i = c0; i < c1; i++) {
    const s = seller[i]!;
    const b = buyer[i]!;
    if (candSeller[s] === 0 || candBuyer[b] === 0) continue;
    const f = flags[i]!;
    if ((f & VOIDED) !== 0) continue;
    const d = day[i]! - d0;
    if (d < 0 || d >= nDays) continue;
    const p = product[i]!;
    if (p < 0 || category[p] === CAT_FEE) continue;
    const e = pairs.get(s, b);
    if (e < 0) continue;
    const c = candOf[e]!;
    if (c < from || c >= to) continue;
    buckets[c * B + ((d / step) | 0)]! += toMg(reoKg[i]!);
  }
}

/** Finds the cycles of the period. */
export function findCycles(ctx: RunContext, agg: Aggregates, progress?: Progress): CycleSearch {
  const { params, n, d0, nDays } = ctx;
  const minKg = params.cycleMinKg;
  const ratio = params.cycleMinRatio;
  const maxLen = params.cycleMaxLength;
  const m = agg.pairs.size;
  const { seller, buyer } = agg.pairs;
  const none: CycleSearch = { cycles: [], candidateEdges: 0, windows: 0, steps: 0, capHit: null };

  // 1–2: period filter and components.
  const keep = new Uint8Array(m);
  for (let e = 0; e < m; e++) {
    const blue = agg.edgeBlue[e] as number;
    if (blue > 0 && blue >= minKg) keep[e] = 1;
  }
  const period = buildCsr(n, seller, buyer, m, keep);
  const periodComps = stronglyConnectedComponents(period);
  const candOf = new Int32Array(m).fill(-1);
  const cands: number[] = [];
  for (let e = 0; e < m; e++) {
    if (
      keep[e] === 1 &&
      periodComps.component[seller[e] as number] === periodComps.component[buyer[e] as number]
    ) {
      candOf[e] = cands.length;
      cands.push(e);
    }
  }
  const C = cands.length;
  if (C === 0) return none;

  // 3: day buckets per candidate edge.
  const step = params.cycleWindowStepDays;
  const B = Math.ceil(nDays / step);
  const wb = params.cycleWindowDays / step;
  const nWindows = B <= wb ? 1 : B - wb + 1;
  const buckets = new Float64Array(C * B);
  const candSeller = new Uint8Array(n);
  const candBuyer = new Uint8Array(n);
  for (const e of cands) {
    candSeller[seller[e]!] = 1;
    candBuyer[buyer[e]!] = 1;
  }
  // One pass per chunk of candidates keeps the bucket table bounded on long periods.
  const perPass = Math.max(1, Math.floor(CHUNK_CELLS / B));
  for (let c0 = 0; c0 < C; c0 += perPass) {
    const st: BucketState = {
      lines: ctx.dataset.lines,
      d0,
      nDays,
      step,
      B,
      category: ctx.category,
      pairs: agg.pairs,
      candOf,
      candSeller,
      candBuyer,
      from: c0,
      to: Math.min(C, c0 + perPass),
      buckets,
    };
    forChunks(ctx.dataset.lines.count, (i0, i1) => bucketKernel(st, i0, i1));
    progress?.('cycles', st.to, C);
  }

  // 4: per window.
  const vol = new Float64Array(C); // window volume of each candidate, NaN when it does not qualify
  const from = new Int32Array(C);
  const to = new Int32Array(C);
  for (let c = 0; c < C; c++) {
    from[c] = seller[cands[c] as number] as number;
    to[c] = buyer[cands[c] as number] as number;
  }
  const found = new Map<string, FoundCycle>();
  let steps = 0;
  let capHit: CycleSearch['capHit'] = null;
  const path = new Int32Array(maxLen);
  const pathKg = new Float64Array(maxLen);
  const onPath = new Uint8Array(n);
  const winKeep = new Uint8Array(C);

  const volOf = (s: number, b: number): number => {
    const e = agg.pairs.get(s, b);
    if (e < 0) return NaN;
    const c = candOf[e] as number;
    return c < 0 ? NaN : (vol[c] as number);
  };
  // Total order of edges: larger REO kg first, then smaller seller, then smaller buyer.
  const before = (v1: number, s1: number, b1: number, v2: number, s2: number, b2: number): boolean =>
    v1 > v2 || (v1 === v2 && (s1 < s2 || (s1 === s2 && b1 < b2)));

  for (let w = 0; w < nWindows && capHit === null; w++) {
    const k0 = w;
    const k1 = Math.min(B, w + wb);
    let any = 0;
    for (let c = 0; c < C; c++) {
      let sum = 0;
      for (let k = k0; k < k1; k++) sum += buckets[c * B + k] as number;
      const kg = sum / MG_PER_KG;
      if (kg > 0 && kg >= minKg) {
        vol[c] = kg;
        winKeep[c] = 1;
        any++;
      } else {
        vol[c] = NaN;
        winKeep[c] = 0;
      }
    }
    if (any < 2) continue;
    const g = buildCsr(n, from, to, C, winKeep);
    const comps = stronglyConnectedComponents(g);
    const comp = comps.component;
    const windowStart = k0 * step;
    const windowEnd = Math.min(nDays, k1 * step) - 1;

    // Depth-first extension of a path that started with its largest edge (s0 → path[1]).
    const extend = (len: number, maxV: number, s0: number, b0: number): void => {
      const last = path[len - 1] as number;
      const floor = ratio * maxV;
      for (let k = g.offsets[last] as number; k < (g.offsets[last + 1] as number); k++) {
        if (capHit !== null) return;
        if (++steps > params.cycleMaxSearchSteps) {
          capHit = 'cycleMaxSearchSteps';
          return;
        }
        const next = g.targets[k] as number;
        if (comp[next] !== comp[last] || onPath[next] === 1) continue;
        const v = vol[g.edges[k] as number] as number;
        if (v < floor || !before(maxV, s0, b0, v, last, next)) continue;
        pathKg[len - 1] = v;
        // Close back to the start?
        const back = volOf(next, path[0] as number);
        if (back >= floor && before(maxV, s0, b0, back, next, path[0] as number)) {
          path[len] = next;
          pathKg[len] = back;
          record(len + 1);
          if (capHit !== null) return;
        }
        if (len + 1 < maxLen) {
          path[len] = next;
          onPath[next] = 1;
          extend(len + 1, maxV, s0, b0);
          onPath[next] = 0;
        }
      }
    };

    const record = (len: number): void => {
      let minV = Infinity;
      let start = 0;
      for (let i = 0; i < len; i++) {
        minV = Math.min(minV, pathKg[i] as number);
        if ((path[i] as number) < (path[start] as number)) start = i;
      }
      const members: number[] = [];
      const edgeKg: number[] = [];
      for (let i = 0; i < len; i++) {
        members.push(path[(start + i) % len] as number);
        edgeKg.push(pathKg[(start + i) % len] as number);
      }
      const key = members.join(',');
      const prev = found.get(key);
      if (prev === undefined) {
        if (found.size >= params.cycleMaxCount) {
          capHit = 'cycleMaxCount';
          return;
        }
        found.set(key, { members, windowStart, windowEnd, edgeKg, reoKg: minV });
      } else if (minV > prev.reoKg) {
        found.set(key, { members, windowStart, windowEnd, edgeKg, reoKg: minV });
      }
    };

    for (let c = 0; c < C && capHit === null; c++) {
      if (winKeep[c] === 0) continue;
      const s = from[c] as number;
      const b = to[c] as number;
      if (comp[s] !== comp[b]) continue;
      const v = vol[c] as number;
      path[0] = s;
      path[1] = b;
      pathKg[0] = v;
      onPath[s] = 1;
      onPath[b] = 1;
      // Length 2: the reverse edge.
      const back = volOf(b, s);
      if (maxLen >= 2 && back >= ratio * v && before(v, s, b, back, b, s)) {
        pathKg[1] = back;
        record(2);
      }
      if (maxLen >= 3 && capHit === null) extend(2, v, s, b);
      onPath[s] = 0;
      onPath[b] = 0;
    }
    progress?.('cycles', w + 1, nWindows);
  }

  const cycles = [...found.values()].sort(
    (a, b) => b.reoKg - a.reoKg || (a.members.join(',') < b.members.join(',') ? -1 : 1),
  );
  return { cycles, candidateEdges: C, windows: nWindows, steps, capHit };
}
