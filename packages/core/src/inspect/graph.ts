// Graph machinery on typed arrays: the (seller, buyer) edge index, compressed adjacency (CSR)
// and strongly connected components by an iterative Tarjan (no recursion: 1,600 enterprises in
// one component would overflow the stack; performance.md measured 3 ms for 48k edges).

/** A dense n × n table for small registries only (≤ 512 enterprises: 1 MB). */
const DENSE_MAX_CELLS = 1 << 18;

/**
 * Dictionary of directed pairs (seller, buyer) → edge id 0..size-1, ids in order of first sight.
 * Open addressing with (seller, buyer, id) interleaved in one Int32Array, sized to the pairs
 * (48k pairs: 1.5 MB), so that a lookup touches one cache line. A dense n × n table is 20% faster
 * per lookup but 10 MB for 1,594 enterprises: fresh memory to fill, pressure on the shared L3 and
 * on V8's external-memory budget, whose full GC of a heap holding millions of invoice keys cost
 * 0.8–1 s mid-inspection here. Small registries still get the dense table.
 * @example const idx = new PairIndex(3); idx.getOrAdd(0, 2) // 0; idx.get(0, 2) // 0; idx.get(2, 0) // -1
 */
export class PairIndex {
  readonly n: number;
  size = 0;
  seller: Int32Array;
  buyer: Int32Array;
  private readonly dense: Int32Array | null;
  /** [seller, buyer, id] per slot; id -1 = empty. */
  private table: Int32Array;
  private mask: number;

  constructor(n: number) {
    this.n = n;
    this.seller = new Int32Array(1024);
    this.buyer = new Int32Array(1024);
    this.dense = n * n <= DENSE_MAX_CELLS ? new Int32Array(n * n).fill(-1) : null;
    this.mask = this.dense ? 0 : (1 << 12) - 1;
    this.table = PairIndex.emptyTable(this.dense ? 0 : this.mask + 1);
  }

  private static emptyTable(slots: number): Int32Array {
    const t = new Int32Array(slots * 3);
    for (let i = 2; i < t.length; i += 3) t[i] = -1;
    return t;
  }

  private hash(s: number, b: number): number {
    const h = Math.imul(s, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca6b);
    return (h ^ (h >>> 16)) & this.mask;
  }

  /** Edge id of (s, b), or -1. */
  get(s: number, b: number): number {
    if (this.dense !== null) return this.dense[s * this.n + b]!;
    const t = this.table;
    let h = this.hash(s, b);
    for (;;) {
      const o = h * 3;
      const e = t[o + 2]!;
      if (e < 0 || (t[o] === s && t[o + 1] === b)) return e;
      h = (h + 1) & this.mask;
    }
  }

  /** Edge id of (s, b), adding the pair when new. */
  getOrAdd(s: number, b: number): number {
    const dense = this.dense;
    if (dense !== null) {
      const k = s * this.n + b;
      const e = dense[k]!;
      if (e >= 0) return e;
      const id = this.push(s, b);
      dense[k] = id;
      return id;
    }
    const t = this.table;
    let h = this.hash(s, b);
    for (;;) {
      const o = h * 3;
      const e = t[o + 2]!;
      if (e < 0) break;
      if (t[o] === s && t[o + 1] === b) return e;
      h = (h + 1) & this.mask;
    }
    const id = this.push(s, b);
    const o = h * 3;
    t[o] = s;
    t[o + 1] = b;
    t[o + 2] = id;
    if (this.size * 2 > this.mask) this.rehash();
    return id;
  }

  private push(s: number, b: number): number {
    const id = this.size++;
    if (id >= this.seller.length) {
      const a = new Int32Array(this.seller.length * 2);
      a.set(this.seller);
      this.seller = a;
      const c = new Int32Array(this.buyer.length * 2);
      c.set(this.buyer);
      this.buyer = c;
    }
    this.seller[id] = s;
    this.buyer[id] = b;
    return id;
  }

  private rehash(): void {
    this.mask = this.mask * 2 + 1;
    const t = PairIndex.emptyTable(this.mask + 1);
    for (let id = 0; id < this.size; id++) {
      const s = this.seller[id]!;
      const b = this.buyer[id]!;
      let h = this.hash(s, b);
      while (t[h * 3 + 2]! >= 0) h = (h + 1) & this.mask;
      t[h * 3] = s;
      t[h * 3 + 1] = b;
      t[h * 3 + 2] = id;
    }
    this.table = t;
  }
}

/** Compressed adjacency: the neighbours of v are targets[offsets[v] .. offsets[v+1]). */
export interface Csr {
  readonly n: number;
  readonly offsets: Int32Array;
  readonly targets: Int32Array;
  /** The caller's edge index of each adjacency entry. */
  readonly edges: Int32Array;
}

/**
 * Adjacency of `m` edges from → to, each node's neighbours sorted by target (two stable counting
 * sorts), so that everything built on it is independent of the order edges were found in.
 * @example buildCsr(3, Int32Array.of(0, 0, 1), Int32Array.of(2, 1, 2), 3).targets // [1, 2, 2]
 */
export function buildCsr(n: number, from: Int32Array, to: Int32Array, m: number, keep?: Uint8Array): Csr {
  // Pass 1: order edge ids by target.
  const countT = new Int32Array(n + 1);
  let kept = 0;
  for (let e = 0; e < m; e++) {
    if (keep && keep[e] === 0) continue;
    countT[(to[e] as number) + 1]!++;
    kept++;
  }
  for (let v = 0; v < n; v++) countT[v + 1] = (countT[v + 1] as number) + (countT[v] as number);
  const byTarget = new Int32Array(kept);
  for (let e = 0; e < m; e++) {
    if (keep && keep[e] === 0) continue;
    byTarget[countT[to[e] as number]!++] = e;
  }
  // Pass 2: stable by source.
  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < kept; i++) offsets[(from[byTarget[i] as number] as number) + 1]!++;
  for (let v = 0; v < n; v++) offsets[v + 1] = (offsets[v + 1] as number) + (offsets[v] as number);
  const cursor = offsets.slice(0, n);
  const targets = new Int32Array(kept);
  const edges = new Int32Array(kept);
  for (let i = 0; i < kept; i++) {
    const e = byTarget[i] as number;
    const pos = cursor[from[e] as number]!++;
    targets[pos] = to[e] as number;
    edges[pos] = e;
  }
  return { n, offsets, targets, edges };
}

export interface Components {
  /** Component of each node; components are numbered in the order Tarjan completes them. */
  readonly component: Int32Array;
  readonly count: number;
  /** Nodes grouped by component: those of component c are members[start[c] .. start[c+1]). */
  readonly members: Int32Array;
  readonly start: Int32Array;
}

/**
 * Strongly connected components by an iterative Tarjan. A component is completed only after every
 * component reachable from it, so numbering is a reverse topological order of the condensation.
 * @example stronglyConnectedComponents(buildCsr(3, Int32Array.of(0, 1), Int32Array.of(1, 0), 2)).count // 2
 */
export function stronglyConnectedComponents(g: Csr): Components {
  const n = g.n;
  const { offsets, targets } = g;
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const component = new Int32Array(n);
  const members = new Int32Array(n);
  const start: number[] = [0];
  let sp = 0;
  let next = 0;
  let count = 0;
  let filled = 0;
  for (let root = 0; root < n; root++) {
    if ((index[root] as number) >= 0) continue;
    let csp = 0;
    index[root] = low[root] = next++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[csp] = root;
    callEdge[csp] = offsets[root] as number;
    csp++;
    while (csp > 0) {
      const v = callNode[csp - 1] as number;
      const ep = callEdge[csp - 1] as number;
      if (ep < (offsets[v + 1] as number)) {
        callEdge[csp - 1] = ep + 1;
        const w = targets[ep] as number;
        if ((index[w] as number) < 0) {
          index[w] = low[w] = next++;
          stack[sp++] = w;
          onStack[w] = 1;
          callNode[csp] = w;
          callEdge[csp] = offsets[w] as number;
          csp++;
        } else if (onStack[w] === 1 && (index[w] as number) < (low[v] as number)) {
          low[v] = index[w] as number;
        }
        continue;
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp] as number;
          onStack[w] = 0;
          component[w] = count;
          members[filled++] = w;
        } while (w !== v);
        count++;
        start.push(filled);
      }
      csp--;
      if (csp > 0) {
        const u = callNode[csp - 1] as number;
        if ((low[v] as number) < (low[u] as number)) low[u] = low[v] as number;
      }
    }
  }
  return { component, count, members, start: Int32Array.from(start) };
}
