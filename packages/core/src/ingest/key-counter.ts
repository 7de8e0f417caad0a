// Numbering lines "in order of appearance within their invoice" over a 10M-line file without a
// Map of millions of strings: invoices are keyed by a 64-bit string hash in an open-addressing
// table of typed arrays (12 bytes a slot). Consecutive lines of one invoice (the usual layout of
// an export) do not touch the table at all. A 64-bit collision (≈ 1e-7 for 3M invoices) can only
// shift the numbering of the colliding invoice upwards; numbers within one file stay unique.

// Each slot is 3 consecutive Int32 (hash hi, hash lo, count; count 0 = empty): a probe touches
// one cache line, not three arrays (the table outgrows the CPU caches on a 10M-line file). A key
// is entered when it first comes, and its slot remembered: the count its lines add goes back to
// that slot (a line just read, still in cache) when the next key comes, not to a second probe.
const STRIDE = 3;

/** Counts appearances of invoice keys: next(key) is 1 for a key's first line, then 2, 3, … */
export class KeyCounter {
  private slots = new Int32Array(1024 * STRIDE);
  private capacity = 1024;
  private size = 0;
  private lastKey: string | null = null;
  private lastCount = 0;
  /** Offset in `slots` of lastKey's slot. */
  private lastAt = 0;

  /**
   * The 1-based order of this line within its invoice in the file.
   * @example const c = new KeyCounter(); c.next('a'); c.next('b'); c.next('a') // 2
   */
  next(key: string): number {
    if (key === this.lastKey) return ++this.lastCount;
    const slots = this.slots;
    if (this.lastKey !== null) slots[this.lastAt + 2] = this.lastCount;
    // FNV-1a and a murmur-style mix of the key, in one pass: 64 bits against collisions.
    let h = 0x811c9dc5 | 0;
    let l = 0x9e3779b9 | 0;
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      h = Math.imul(h ^ c, 0x01000193);
      l = Math.imul(l ^ c, 0x5bd1e995);
      l ^= l >>> 15;
    }
    let at = this.slotOf(h, l);
    let count = slots[at + 2]!;
    if (count === 0) {
      slots[at] = h;
      slots[at + 1] = l;
      this.size++;
      if (this.size * 2 > this.capacity) {
        slots[at + 2] = 1; // a placeholder, so that grow() keeps the key
        this.grow();
        at = this.slotOf(h, l);
      }
    }
    this.lastCount = ++count;
    this.lastKey = key.length < 13 ? key : (' ' + key).slice(1); // do not pin the file chunk
    this.lastAt = at;
    return count;
  }

  /** Offset in `slots` of the slot of (h, l): its own, or the empty one where it would go. */
  private slotOf(h: number, l: number): number {
    const mask = this.capacity - 1;
    const slots = this.slots;
    let i = (h ^ Math.imul(l, 0x27d4eb2d)) & mask;
    for (;;) {
      const at = i * STRIDE;
      if (slots[at + 2] === 0 || (slots[at] === h && slots[at + 1] === l)) return at;
      i = (i + 1) & mask;
    }
  }

  private grow(): void {
    const old = this.slots;
    this.capacity *= 2;
    this.slots = new Int32Array(this.capacity * STRIDE);
    for (let at = 0; at < old.length; at += STRIDE) {
      const n = old[at + 2]!;
      if (n === 0) continue;
      const h = old[at]!;
      const l = old[at + 1]!;
      const j = this.slotOf(h, l);
      this.slots[j] = h;
      this.slots[j + 1] = l;
      this.slots[j + 2] = n;
    }
  }
}
