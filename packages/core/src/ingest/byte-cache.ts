// Caches keyed by the bytes of a field, for the byte-level CSV path (csv-bytes.ts): a value that
// repeats (a taxpayer ID, a name, an item, a unit, a date) is decoded and read once, and found
// again by hashing and comparing its bytes, without making a string.

// Keys are read four bytes at a time through DataViews (one unaligned load, not four): the
// comparison of a line's invoice columns with the last line's (~120 bytes) is on every line.
const NO_VIEW = new DataView(new ArrayBuffer(0));
let lastBytes: Uint8Array | null = null;
let lastView: DataView = NO_VIEW;

/** A DataView of `b` (the one made for the last chunk, when it is the same). */
function viewOf(b: Uint8Array): DataView {
  if (b !== lastBytes) {
    lastBytes = b;
    lastView = new DataView(b.buffer, b.byteOffset, b.byteLength);
  }
  return lastView;
}

/**
 * Forgets the last chunk's view, so that no chunk of the caller's is kept once it is read.
 * @example releaseView()
 */
export function releaseView(): void {
  lastBytes = null;
  lastView = NO_VIEW;
}

/** True when `key[at, at + n)` (viewed by `kv`) equals `b[start, start + n)`. */
export function equalBytes(
  kv: DataView,
  key: Uint8Array,
  at: number,
  b: Uint8Array,
  start: number,
  n: number,
): boolean {
  const bv = viewOf(b);
  let k = 0;
  for (; k + 4 <= n; k += 4) if (kv.getInt32(at + k, true) !== bv.getInt32(start + k, true)) return false;
  for (; k < n; k++) if (key[at + k] !== b[start + k]) return false;
  return true;
}

/**
 * A 32-bit hash of `b[start, end)`, four bytes a step (a byte-at-a-time FNV is a chain of
 * dependent multiplications as long as the key; a hash table only needs spread, not strength).
 */
function hashBytes(b: Uint8Array, start: number, end: number): number {
  const v = viewOf(b);
  let h = (end - start) | 0;
  let i = start;
  for (; i + 4 <= end; i += 4) {
    h = Math.imul(h ^ v.getInt32(i, true), 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (; i < end; i++) h = Math.imul(h ^ b[i]!, 0x01000193);
  return h ^ (h >>> 13);
}

/**
 * A cache from byte strings to values. It forgets everything when it grows past its limit, so
 * memory stays flat on any file; the table grows with its content (a few thousand keys stay in
 * the CPU caches). Keys are copied into one buffer of the cache's own: nothing of the caller's
 * chunk is kept, and comparing reads one array, not one small array per key.
 * @example
 * const c = new ByteCache<string>(100);
 * c.set(new Uint8Array([0xb6, 0xd6]), 0, 2, '吨');
 * c.get(new Uint8Array([0x2c, 0xb6, 0xd6]), 1, 3) // '吨'
 */
export class ByteCache<V> {
  private values: (V | undefined)[] = [];
  private hashes = new Int32Array(0);
  /** Where each slot's key is in `keyBytes`, and its length + 1 (0: empty slot). */
  private keyAt = new Int32Array(0);
  private keyLength = new Int32Array(0);
  private keyBytes = new Uint8Array(1024);
  private keyView = new DataView(this.keyBytes.buffer);
  private used = 0;
  private mask = 0;
  private size = 0;

  constructor(private readonly limit = 50_000) {
    this.allocate(64);
  }

  /** The value cached for the bytes `b[start, end)`, or undefined. */
  get(b: Uint8Array, start: number, end: number): V | undefined {
    const h = hashBytes(b, start, end);
    const n = end - start;
    const mask = this.mask;
    const lengths = this.keyLength;
    for (let i = (h ^ (h >>> 15)) & mask; ; i = (i + 1) & mask) {
      const length = lengths[i]!;
      if (length === 0) return undefined;
      if (
        length === n + 1 &&
        this.hashes[i] === h &&
        equalBytes(this.keyView, this.keyBytes, this.keyAt[i]!, b, start, n)
      )
        return this.values[i];
    }
  }

  /** Caches `value` for the bytes `b[start, end)` (not already cached). */
  set(b: Uint8Array, start: number, end: number, value: V): void {
    if (this.size >= this.limit) {
      this.allocate(64);
      this.used = 0;
    } else if (this.size * 2 >= this.values.length) this.grow();
    const n = end - start;
    if (this.used + n > this.keyBytes.length) {
      const bigger = new Uint8Array(Math.max(this.keyBytes.length * 2, this.used + n));
      bigger.set(this.keyBytes.subarray(0, this.used));
      this.keyBytes = bigger;
      this.keyView = new DataView(bigger.buffer);
    }
    const at = this.used;
    for (let k = 0; k < n; k++) this.keyBytes[at + k] = b[start + k]!;
    this.used += n;
    this.put(hashBytes(b, start, end), at, n, value);
  }

  private put(h: number, at: number, n: number, value: V | undefined): void {
    const mask = this.mask;
    let i = (h ^ (h >>> 15)) & mask;
    while (this.keyLength[i] !== 0) i = (i + 1) & mask;
    this.keyAt[i] = at;
    this.keyLength[i] = n + 1;
    this.values[i] = value;
    this.hashes[i] = h;
    this.size++;
  }

  private allocate(capacity: number): void {
    this.values = new Array<V | undefined>(capacity).fill(undefined);
    this.hashes = new Int32Array(capacity);
    this.keyAt = new Int32Array(capacity);
    this.keyLength = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.size = 0;
  }

  private grow(): void {
    const { values, hashes, keyAt, keyLength } = this;
    this.allocate(values.length * 2);
    for (let i = 0; i < values.length; i++)
      if (keyLength[i]! !== 0) this.put(hashes[i]!, keyAt[i]!, keyLength[i]! - 1, values[i]);
  }
}

/**
 * The last bytes of a column (or of a run of columns) and what they read as: consecutive lines of
 * an invoice repeat its identity, date and parties.
 * @example
 * const m = new ByteMemo<number>();
 * m.set(new Uint8Array([1, 2, 3]), 1, 3, 7);
 * m.matches(new Uint8Array([2, 3]), 0, 2) && m.value // 7
 */
export class ByteMemo<T> {
  private bytes = new Uint8Array(64);
  private view = new DataView(this.bytes.buffer);
  private length = -1; // -1: matches nothing
  value: T | undefined = undefined;

  matches(b: Uint8Array, start: number, end: number): boolean {
    const n = end - start;
    return n === this.length && equalBytes(this.view, this.bytes, 0, b, start, n);
  }

  set(b: Uint8Array, start: number, end: number, value: T): void {
    const n = end - start;
    if (n > this.bytes.length) {
      this.bytes = new Uint8Array(Math.max(n, this.bytes.length * 2));
      this.view = new DataView(this.bytes.buffer);
    }
    // A loop, not set(subarray): cells are short, and a subarray is an allocation per call.
    const key = this.bytes;
    for (let k = 0; k < n; k++) key[k] = b[start + k]!;
    this.length = n;
    this.value = value;
  }

  /** Forgets the bytes (nothing matches until the next set). */
  clear(): void {
    this.length = -1;
    this.value = undefined;
  }
}
