// Seeded randomness for the simulator. Core is deterministic (architecture.md §5 rule 2): every
// random choice comes from these generators, seeded from the scenario seed, never Math.random.
// sfc32 (Chris Doty-Humphrey's small fast counting generator) is fast, passes PractRand to large
// sizes and keeps 128 bits of state; splitmix32 spreads seeds; hash32 gives order-independent
// randomness (the same answer for (stream, invoice) whatever was generated before).

/** splitmix32 finaliser: a bijective mix of 32 bits. */
export function mix32(x: number): number {
  let z = (x + 0x9e3779b9) | 0;
  z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
  return (z ^ (z >>> 16)) >>> 0;
}

/**
 * A 32-bit hash of up to four integers (any order-sensitive combination).
 * @example hash32(1, 2) === hash32(1, 2) // true, and hash32(1, 2) !== hash32(2, 1)
 */
export function hash32(a: number, b = 0, c = 0, d = 0): number {
  let h = mix32(a | 0);
  h = mix32((h ^ Math.imul(b | 0, 0x27d4eb2f)) >>> 0);
  h = mix32((h ^ Math.imul(c | 0, 0x165667b1)) >>> 0);
  h = mix32((h ^ Math.imul(d | 0, 0x61c88647)) >>> 0);
  return h;
}

/** hash32 mapped to [0, 1). */
export function hashUnit(a: number, b = 0, c = 0, d = 0): number {
  return hash32(a, b, c, d) / 4294967296;
}

/** A 32-bit key for a string (FNV-1a), for seeding by name. */
export function stringKey(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * A seeded random number generator (sfc32). Two generators made with the same (seed, stream)
 * produce the same sequence.
 * @example const rng = new Rng(1, 7); rng.next() // a number in [0, 1)
 */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    this.a = mix32(seed | 0);
    this.b = mix32((stream | 0) ^ 0x5bd1e995);
    this.c = mix32(this.a ^ this.b ^ 0x1b873593);
    this.d = 1;
    for (let i = 0; i < 12; i++) this.u32();
  }

  /** The next 32 random bits as an unsigned integer. */
  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** Uniform in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [lo, hi] (both included). */
  intRange(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Standard normal (Box–Muller; one draw per call keeps the sequence simple to reason about). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  /** Log-normal with median 1 and the given sigma of the log. */
  logNormal(sigma: number): number {
    return Math.exp(sigma * this.normal());
  }

  /** Pareto-distributed size ≥ 1 with tail index alpha, capped. */
  pareto(alpha: number, cap: number): number {
    return Math.min(cap, Math.pow(1 - this.next(), -1 / alpha));
  }

  /** One element, uniformly. Throws on an empty list (a bug in the caller). */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[this.int(items.length)] as T;
  }

  /** One index, with probability proportional to its weight (weights ≥ 0, not all 0). */
  weightedIndex(weights: readonly number[]): number {
    let total = 0;
    for (const w of weights) total += w;
    let x = this.next() * total;
    for (let i = 0; i < weights.length; i++) {
      x -= weights[i] ?? 0;
      if (x < 0) return i;
    }
    return weights.length - 1;
  }

  /** Fisher–Yates shuffle, in place. */
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = items[i] as T;
      items[i] = items[j] as T;
      items[j] = t;
    }
    return items;
  }

  /**
   * k distinct indexes drawn with probability proportional to weight, without replacement
   * (Efraimidis–Spirakis keys), in order of decreasing key.
   */
  weightedSample(weights: readonly number[], k: number): number[] {
    // Keep only the k largest keys (k is small): insertion into a short sorted list.
    const keys: number[] = [];
    const idx: number[] = [];
    for (let i = 0; i < weights.length; i++) {
      const w = weights[i] ?? 0;
      if (!(w > 0)) continue;
      const key = Math.log(1 - this.next()) / w;
      if (keys.length === k && key <= (keys[k - 1] ?? -Infinity)) continue;
      let j = keys.length < k ? keys.length : k - 1;
      while (j > 0 && (keys[j - 1] ?? -Infinity) < key) {
        keys[j] = keys[j - 1] ?? 0;
        idx[j] = idx[j - 1] ?? 0;
        j--;
      }
      keys[j] = key;
      idx[j] = i;
    }
    return idx.slice(0, k);
  }
}
