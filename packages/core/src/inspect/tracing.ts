// Flow tracing (inspection.md §4): where black material goes.
//
// Each enterprise e has, over the period (REO kg; edges are the net (seller, buyer) flows of
// material lines, negative nets clamped to 0 and self-invoicing left out):
//   I_e = Σ purchases,  S_e = Σ sales,  r_e = its recovery (balance.ts),
//   U_e = min(unexplainedKg_e, S_e)                — its own illegal production,
//   L_e = max(0, S_e − U_e − r_e·I_e)              — its own legal production: the rest of its
//                                                    sales that purchases do not cover (quota-backed
//                                                    mining, declared stock, output within tolerance).
// What it had available is r_e·I_e (purchases after losses, each carrying its seller's mix) + L_e +
// U_e, and everything it sells carries that mix, so the illegal fraction x_e satisfies
//   x_e · (r_e·I_e + L_e + U_e) = r_e · Σ_s f(s→e)·x_s + U_e.
// illegalShare_e = x_e: the share of its sales — or, for a pure buyer (S_e = 0), of its purchases —
// that traces back to an illegal source upstream, itself included. Material of a closed loop that
// no source feeds is legal: the least fixed point, which iteration from 0 reaches.
//
// Solved component by component in topological order of the condensation (Tarjan on the graph of
// purchases, so upstream components are complete first): a component without illegal input is 0;
// a small one is solved exactly (Gaussian elimination with partial pivoting: its matrix is weakly
// chained diagonally dominant, hence regular, once some member has illegal input); a large one by
// Gauss–Seidel sweeps until no share moves by more than tracingTolerance, capped by
// tracingMaxSweeps (reported).
import type { Aggregates } from './aggregate.ts';
import type { Balance } from './balance.ts';
import type { RunContext } from './context.ts';
import { buildCsr, stronglyConnectedComponents } from './graph.ts';

export interface Tracing {
  /** Illegal share per enterprise, NaN where it neither buys nor sells material. */
  readonly share: Float64Array;
  /** REO kg of illegal origin in its sales (share × sales). */
  readonly illegalOut: Float64Array;
  readonly converged: boolean;
  /** Largest share change in the last sweep of an unconverged component (0 when all converged). */
  readonly residual: number;
  readonly components: number;
  readonly largestComponent: number;
  readonly sweeps: number;
}

/** Solves A x = b in place for a dense row-major m × m matrix (partial pivoting). */
function solveDense(a: Float64Array, b: Float64Array, m: number): void {
  for (let col = 0; col < m; col++) {
    let piv = col;
    let best = Math.abs(a[col * m + col] as number);
    for (let r = col + 1; r < m; r++) {
      const v = Math.abs(a[r * m + col] as number);
      if (v > best) {
        best = v;
        piv = r;
      }
    }
    if (best === 0) continue; // cannot happen for a regular matrix; leaves that share at 0
    if (piv !== col) {
      for (let c = 0; c < m; c++) {
        const t = a[col * m + c] as number;
        a[col * m + c] = a[piv * m + c] as number;
        a[piv * m + c] = t;
      }
      const t = b[col] as number;
      b[col] = b[piv] as number;
      b[piv] = t;
    }
    const d = a[col * m + col] as number;
    for (let r = col + 1; r < m; r++) {
      const f = (a[r * m + col] as number) / d;
      if (f === 0) continue;
      for (let c = col; c < m; c++) a[r * m + c] = (a[r * m + c] as number) - f * (a[col * m + c] as number);
      b[r] = (b[r] as number) - f * (b[col] as number);
    }
  }
  for (let r = m - 1; r >= 0; r--) {
    let s = b[r] as number;
    for (let c = r + 1; c < m; c++) s -= (a[r * m + c] as number) * (b[c] as number);
    const d = a[r * m + r] as number;
    b[r] = d === 0 ? 0 : s / d;
  }
}

/** Runs the tracing over the whole network. */
export function traceFlows(ctx: RunContext, agg: Aggregates, balance: Balance): Tracing {
  const { n, params } = ctx;
  const m = agg.pairs.size;
  const { seller, buyer } = agg.pairs;
  const flow = new Float64Array(m);
  const inflow = new Float64Array(n);
  const outflow = new Float64Array(n);
  for (let e = 0; e < m; e++) {
    const f = Math.max(0, agg.edgeReo[e] as number);
    flow[e] = f;
    inflow[buyer[e] as number]! += f;
    outflow[seller[e] as number]! += f;
  }
  const r = balance.recovery;
  const own = new Float64Array(n); // U_e
  const denom = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    const S = outflow[e] as number;
    const U = Math.min(balance.unexplained[e] as number, S);
    const rI = (r[e] as number) * (inflow[e] as number);
    const L = Math.max(0, S - U - rI);
    own[e] = U;
    denom[e] = rI + L + U;
  }
  // Purchases graph: buyer → seller, so a component completes after its upstream. Pairs whose
  // net flow is nil (all reversed by red lines) carry nothing and stay out: they would only join
  // components, and the same shares would be solved in another way, to other last bits.
  const carries = new Uint8Array(m);
  for (let e = 0; e < m; e++) carries[e] = (flow[e] as number) > 0 ? 1 : 0;
  const g = buildCsr(n, buyer, seller, m, carries);
  const comps = stronglyConnectedComponents(g);
  const x = new Float64Array(n);
  const inComp = new Int32Array(n).fill(-1);
  let converged = true;
  let residual = 0;
  let sweeps = 0;
  let largest = 0;

  const update = (v: number): number => {
    const D = denom[v] as number;
    if (D <= 0) return 0;
    let sum = 0;
    for (let k = g.offsets[v] as number; k < (g.offsets[v + 1] as number); k++)
      sum += (flow[g.edges[k] as number] as number) * (x[g.targets[k] as number] as number);
    const v1 = ((r[v] as number) * sum + (own[v] as number)) / D;
    return v1 > 1 ? 1 : v1 < 0 ? 0 : v1;
  };

  for (let c = 0; c < comps.count; c++) {
    const s0 = comps.start[c] as number;
    const s1 = comps.start[c + 1] as number;
    const size = s1 - s0;
    if (size > largest) largest = size;
    if (size === 1) {
      const v = comps.members[s0] as number;
      x[v] = update(v);
      continue;
    }
    for (let i = s0; i < s1; i++) inComp[comps.members[i] as number] = i - s0;
    // Illegal input of each member from outside the component, plus its own.
    const b = new Float64Array(size);
    let anyInput = false;
    for (let i = 0; i < size; i++) {
      const v = comps.members[s0 + i] as number;
      let sum = 0;
      for (let k = g.offsets[v] as number; k < (g.offsets[v + 1] as number); k++) {
        const u = g.targets[k] as number;
        if ((inComp[u] as number) < 0) sum += (flow[g.edges[k] as number] as number) * (x[u] as number);
      }
      b[i] = (r[v] as number) * sum + (own[v] as number);
      if ((b[i] as number) > 0) anyInput = true;
    }
    if (anyInput && size <= params.tracingDenseMaxNodes) {
      const a = new Float64Array(size * size);
      for (let i = 0; i < size; i++) {
        const v = comps.members[s0 + i] as number;
        a[i * size + i] = denom[v] as number;
        for (let k = g.offsets[v] as number; k < (g.offsets[v + 1] as number); k++) {
          const j = inComp[g.targets[k] as number] as number;
          if (j >= 0)
            a[i * size + j] =
              (a[i * size + j] as number) - (r[v] as number) * (flow[g.edges[k] as number] as number);
        }
      }
      solveDense(a, b, size);
      for (let i = 0; i < size; i++) {
        const v = b[i] as number;
        x[comps.members[s0 + i] as number] = v > 1 ? 1 : v > 0 ? v : 0;
      }
    } else if (anyInput) {
      let done = false;
      let last = 0;
      for (let sweep = 0; sweep < params.tracingMaxSweeps; sweep++) {
        sweeps++;
        let change = 0;
        for (let i = s0; i < s1; i++) {
          const v = comps.members[i] as number;
          const v1 = update(v);
          const dv = Math.abs(v1 - (x[v] as number));
          if (dv > change) change = dv;
          x[v] = v1;
        }
        last = change;
        if (change <= params.tracingTolerance) {
          done = true;
          break;
        }
      }
      if (!done) {
        converged = false;
        residual = Math.max(residual, last);
      }
    }
    for (let i = s0; i < s1; i++) inComp[comps.members[i] as number] = -1;
  }

  const share = new Float64Array(n);
  const illegalOut = new Float64Array(n);
  for (let e = 0; e < n; e++) {
    share[e] = (denom[e] as number) > 0 ? (x[e] as number) : NaN;
    illegalOut[e] = (denom[e] as number) > 0 ? (x[e] as number) * (outflow[e] as number) : 0;
  }
  return {
    share,
    illegalOut,
    converged,
    residual,
    components: comps.count,
    largestComponent: largest,
    sweeps,
  };
}
