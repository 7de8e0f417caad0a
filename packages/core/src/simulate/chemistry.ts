// Material that follows chemistry. Every flow is planned in kg REO split by element (oxide-mass
// shares, the catalogue's compositions); a plant's products are carved out of what it received
// times its recovery, element by element, so that no plant ever sells more of an element than
// recovery × its input (domain.md §5; inspection.md §3).
import type { Catalogue } from '../domain/catalogue.ts';
import { ELEMENTS } from '../domain/elements.ts';
import type { Composition } from '../domain/elements.ts';

export const ELEMENT_COUNT = ELEMENTS.length;

/** kg of each element (oxide basis), indexed like ELEMENTS. */
export type ElementVector = Float64Array;

export function emptyVector(): ElementVector {
  return new Float64Array(ELEMENT_COUNT);
}

export function compositionVector(c: Composition): ElementVector {
  const v = emptyVector();
  ELEMENTS.forEach((e, i) => {
    v[i] = c[e] ?? 0;
  });
  return v;
}

/** v += k × w */
export function addScaled(v: ElementVector, w: ElementVector, k: number): void {
  for (let i = 0; i < ELEMENT_COUNT; i++) v[i] = (v[i] ?? 0) + k * (w[i] ?? 0);
}

export function vectorSum(v: ElementVector): number {
  let s = 0;
  for (let i = 0; i < ELEMENT_COUNT; i++) s += v[i] ?? 0;
  return s;
}

/** A product a plant makes, and how much of what it could make it actually makes. */
export interface SlateEntry {
  readonly productId: string;
  /** Fraction (0–1] of the maximum makeable amount to take at this step. */
  readonly take: number;
}

/**
 * Carves products out of available element kg, in slate order: each product takes
 * `take` × the largest amount its composition allows, and its elements are consumed. What is
 * left over (elements without a product, e.g. Tm, Yb, Lu) stays in the plant (stock or waste).
 * @returns kg REO of each product made
 */
export function allocate(
  catalogue: Catalogue,
  available: ElementVector,
  slate: readonly SlateEntry[],
): Map<string, number> {
  const out = new Map<string, number>();
  for (const entry of slate) {
    const comp = compositionVector(catalogue.getProductOrThrow(entry.productId).composition);
    let max = Infinity;
    for (let i = 0; i < ELEMENT_COUNT; i++) {
      const share = comp[i] ?? 0;
      if (share > 0) max = Math.min(max, (available[i] ?? 0) / share);
    }
    if (!Number.isFinite(max) || max <= 0) continue;
    const amount = max * entry.take;
    for (let i = 0; i < ELEMENT_COUNT; i++)
      available[i] = Math.max(0, (available[i] ?? 0) - amount * (comp[i] ?? 0));
    out.set(entry.productId, (out.get(entry.productId) ?? 0) + amount);
  }
  return out;
}

/** Separation slates by ore family (what plants fed that ore sell). */
export const SLATES: Readonly<Record<'ionic' | 'light' | 'bastnasite' | 'recycled', readonly SlateEntry[]>> =
  {
    ionic: [
      { productId: 'oxide-prnd', take: 0.9 },
      { productId: 'oxide-nd', take: 1 },
      { productId: 'oxide-pr', take: 1 },
      { productId: 'oxide-la', take: 1 },
      { productId: 'oxide-ce', take: 1 },
      { productId: 'oxide-sm', take: 1 },
      { productId: 'oxide-eu', take: 1 },
      { productId: 'oxide-gd', take: 1 },
      { productId: 'oxide-tb', take: 1 },
      { productId: 'oxide-dy', take: 1 },
      { productId: 'oxide-ho', take: 1 },
      { productId: 'oxide-er', take: 1 },
      { productId: 'oxide-y', take: 1 },
    ],
    light: [
      { productId: 'oxide-prnd', take: 0.92 },
      { productId: 'oxide-nd', take: 1 },
      { productId: 'oxide-pr', take: 1 },
      { productId: 'oxide-lace', take: 0.55 },
      { productId: 'oxide-la', take: 1 },
      { productId: 'oxide-ce', take: 1 },
      { productId: 'oxide-sm', take: 1 },
      { productId: 'oxide-eu', take: 1 },
      { productId: 'oxide-gd', take: 1 },
    ],
    bastnasite: [
      { productId: 'oxide-prnd', take: 0.9 },
      { productId: 'oxide-nd', take: 1 },
      { productId: 'oxide-pr', take: 1 },
      { productId: 'oxide-lace', take: 0.4 },
      { productId: 'oxide-la', take: 1 },
      { productId: 'oxide-ce', take: 1 },
      { productId: 'oxide-sm', take: 1 },
      { productId: 'oxide-eu', take: 1 },
      { productId: 'oxide-gd', take: 1 },
    ],
    recycled: [
      { productId: 'oxide-prnd', take: 0.95 },
      { productId: 'oxide-nd', take: 1 },
      { productId: 'oxide-pr', take: 1 },
      { productId: 'oxide-dy', take: 1 },
      { productId: 'oxide-tb', take: 1 },
      { productId: 'oxide-gd', take: 1 },
    ],
  };

/** What a metal plant makes of each oxide it buys (Dy: DyFe alloy and Dy metal). */
export const METAL_OF_OXIDE: Readonly<Record<string, readonly (readonly [string, number])[]>> = {
  'oxide-prnd': [['metal-prnd', 1]],
  'oxide-nd': [['metal-nd', 1]],
  'oxide-pr': [['metal-pr', 1]],
  'oxide-dy': [
    ['alloy-dyfe', 0.7],
    ['metal-dy', 0.3],
  ],
  'oxide-tb': [['metal-tb', 1]],
  'oxide-la': [['metal-la', 1]],
  'oxide-ce': [['metal-ce', 1]],
};

/**
 * Metal reduction: kg REO of each metal made from kg REO of each oxide bought, at a yield, element
 * by element (a PrNd metal's Pr:Nd by metal weight is not its oxide's, so the scarcer element limits).
 */
export function reduceToMetals(
  catalogue: Catalogue,
  oxides: ReadonlyMap<string, number>,
  yieldShare: number,
): Map<string, number> {
  const out = new Map<string, number>();
  for (const [oxide, reoKg] of oxides) {
    const targets = METAL_OF_OXIDE[oxide];
    if (!targets) continue;
    for (const [metal, share] of targets) {
      const available = compositionVector(catalogue.getProductOrThrow(oxide).composition);
      for (let i = 0; i < ELEMENT_COUNT; i++) available[i] = (available[i] ?? 0) * reoKg * share * yieldShare;
      const made = allocate(catalogue, available, [{ productId: metal, take: 1 }]);
      for (const [id, kg] of made) out.set(id, (out.get(id) ?? 0) + kg);
    }
  }
  return out;
}
