// Numbering lines "in order of appearance within their invoice" over a 10M-line file without a
// Map of millions of strings: invoices are keyed by a 64-bit string hash in an open-addressing
// table of typed arrays (12 bytes a slot). Consecutive lines of one invoice (the usual layout of
// an export) do not touch the table at all. A 64-bit collision (≈ 1e-7 for 3M invoices) can only
// shift the numbering of the colliding invoice upwards; numbers within one file stay unique.

function hashHi(s: string): number {
  let h = 0x811c9dc5 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

function hashLo(s: string): number {
  let h = 0x9e3779b9 | 0;
  for (let i = 0; i < s.length; i++) {
    h = Math.imul(h ^ s.charCodeAt(i), 0x5bd1e995);
    h ^= h >>> 15;
  }
  return h | 0;
}

/** Counts appearances of invoice keys: next(key) is 1 for a key's first line, then 2, 3, … */
export class KeyCounter {
  private hi = new Int32Array(1024);
  private lo = new Int32Array(1024);
  private count = new Int32Array(1024); // 0 = empty slot
  private size = 0;
  private lastKey: string | null = null;
  private lastCount = 0;
  private lastHi = 0;
  private lastLo = 0;

  /**
   * The 1-based order of this line within its invoice in the file.
   * @example const c = new KeyCounter(); c.next('a'); c.next('b'); c.next('a') // 2
   */
  next(key: string): number {
    if (key === this.lastKey) return ++this.lastCount;
    if (this.lastKey !== null) this.store(this.lastHi, this.lastLo, this.lastCount);
    const h = hashHi(key);
    const l = hashLo(key);
    this.lastCount = (this.count[this.slotOf(h, l)] ?? 0) + 1;
    this.lastKey = key.length < 13 ? key : (' ' + key).slice(1); // do not pin the file chunk
    this.lastHi = h;
    this.lastLo = l;
    return this.lastCount;
  }

  private slotOf(h: number, l: number): number {
    const mask = this.count.length - 1;
    let i = (h ^ Math.imul(l, 0x27d4eb2d)) & mask;
    while (this.count[i] !== 0 && (this.hi[i] !== h || this.lo[i] !== l)) i = (i + 1) & mask;
    return i;
  }

  private store(h: number, l: number, n: number): void {
    const i = this.slotOf(h, l);
    if (this.count[i] === 0) {
      this.size++;
      this.hi[i] = h;
      this.lo[i] = l;
    }
    this.count[i] = n;
    if (this.size * 2 > this.count.length) this.grow();
  }

  private grow(): void {
    const { hi, lo, count } = this;
    this.hi = new Int32Array(hi.length * 2);
    this.lo = new Int32Array(hi.length * 2);
    this.count = new Int32Array(hi.length * 2);
    for (let i = 0; i < count.length; i++) {
      if (count[i] === 0) continue;
      const j = this.slotOf(hi[i] ?? 0, lo[i] ?? 0);
      this.hi[j] = hi[i] ?? 0;
      this.lo[j] = lo[i] ?? 0;
      this.count[j] = count[i] ?? 0;
    }
  }
}
