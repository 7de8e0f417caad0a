// The product catalogue and the matching of invoice item names to it (formats.md §6).
import type { Composition, Element } from './elements.ts';
import { ELEMENTS, OXIDE_PER_METAL, isElement, normalizeComposition } from './elements.ts';
import { SHIPPED_PRODUCTS } from './catalogue.data.ts';

export const PRODUCT_CATEGORIES = ['ore', 'separation', 'metal', 'alloy', 'recycled', 'fee'] as const;
export type ProductCategory = (typeof PRODUCT_CATEGORIES)[number];

/** `reo`: the invoiced quantity is already REO-equivalent (ore products); `product`: physical weight. */
export type QuantityBasis = 'reo' | 'product';

export interface ProductDefinition {
  readonly id: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Other spellings, with or without the `*类别*` prefix. */
  readonly aliases: readonly string[];
  readonly category: ProductCategory;
  readonly basis: QuantityBasis;
  /** kg REO per kg of product: 1 for REO-basis products, ≈ purity for oxides, oxide-per-metal for metals. */
  readonly reoPerKg: number;
  /** Oxide-mass shares of the product's REO by element; empty for fees. */
  readonly composition: Composition;
  readonly hsCode?: string;
  /** Rock-type (Bayan Obo, Sichuan) or ionic clay ore, for ore products. */
  readonly oreType?: 'rock' | 'ionic';
  /** An REO (or, for alloys, element) percentage in the specification overrides reoPerKg. */
  readonly specOverride?: boolean;
}

/** A product as used by ingestion and inspection: composition normalised to sum to 1. */
export type Product = ProductDefinition;

/** The user's changes to the shipped catalogue: new products, or fields replaced by id. */
export type CatalogueOverride = Partial<ProductDefinition> & { readonly id: string };

export interface ItemNameMatch {
  /** Undefined when the name matches no product: the line is kept and reported as unmatched. */
  readonly productId: string | undefined;
  /** The `*类别*` abbreviation, when the name carries one. */
  readonly prefix: string | undefined;
  /** True when the prefix names a category different from the matched product's. */
  readonly prefixMismatch: boolean;
}

export interface Catalogue {
  readonly products: readonly Product[];
  /** A product by id, or undefined. */
  getProduct(id: string): Product | undefined;
  /** A product by id; throws when the id is unknown (a bug: ids come from this catalogue). */
  getProductOrThrow(id: string): Product;
  /** Matches an invoice item name (`*稀土冶炼分离产品*氧化镨钕`, aliases, full-width forms). */
  matchItemName(itemName: string): ItemNameMatch;
  /** The product matching a name or alias exactly (after normalisation), for price and quota files. */
  findProduct(name: string): Product | undefined;
}

/** Category implied by the `*简称*` prefix of an item name (the rare earth invoicing catalogue). */
const PREFIX_CATEGORIES: readonly [RegExp, readonly ProductCategory[]][] = [
  [/矿产品|精矿/, ['ore']],
  [/冶炼分离|分离产品|稀土化合物|稀土氧化物/, ['separation']],
  [/金属|合金/, ['metal', 'alloy']],
  [/废|再生|回收|综合利用/, ['recycled']],
  [/加工|劳务|服务/, ['fee']],
];

/** Normalises a product name for lookup: NFKC (full-width → half-width), no spaces, lower case. */
export function normalizeProductName(name: string): string {
  return name.normalize('NFKC').replace(/\s+/g, '').toLowerCase();
}

function splitPrefix(name: string): { prefix: string | undefined; rest: string } {
  const m = /^\*([^*]+)\*(.+)$/.exec(name);
  return m ? { prefix: m[1], rest: m[2] ?? '' } : { prefix: undefined, rest: name };
}

function applyOverrides(
  base: readonly ProductDefinition[],
  overrides: readonly CatalogueOverride[],
): Product[] {
  const byId = new Map(base.map((p) => [p.id, p]));
  for (const o of overrides) {
    const current = byId.get(o.id);
    if (current) {
      byId.set(o.id, { ...current, ...o });
    } else if (o.nameZh && o.nameEn && o.category && o.basis && o.reoPerKg !== undefined) {
      byId.set(o.id, {
        aliases: [],
        composition: {},
        ...o,
        nameZh: o.nameZh,
        nameEn: o.nameEn,
        category: o.category,
        basis: o.basis,
        reoPerKg: o.reoPerKg,
      });
    } else {
      throw new Error(
        `catalogue override ${o.id}: a new product needs nameZh, nameEn, category, basis and reoPerKg`,
      );
    }
  }
  return [...byId.values()].map((p) => ({ ...p, composition: normalizeComposition(p.composition) }));
}

/**
 * Builds a catalogue from the shipped products and the user's overrides.
 * @example createCatalogue().matchItemName('*稀土冶炼分离产品*氧化镨钕').productId // 'oxide-prnd'
 */
export function createCatalogue(
  overrides: readonly CatalogueOverride[] = [],
  base: readonly ProductDefinition[] = SHIPPED_PRODUCTS,
): Catalogue {
  const products = applyOverrides(base, overrides);
  const byId = new Map(products.map((p) => [p.id, p]));
  const byName = new Map<string, Product>();
  for (const p of products) {
    for (const name of [p.nameZh, p.nameEn, p.id, ...p.aliases]) {
      const key = normalizeProductName(splitPrefix(name.normalize('NFKC')).rest);
      if (!byName.has(key)) byName.set(key, p);
    }
  }
  const cache = new Map<string, ItemNameMatch>();

  function lookup(name: string): Product | undefined {
    const key = normalizeProductName(name);
    const exact = byName.get(key);
    if (exact) return exact;
    // `氧化镨钕(99.5%)`, `氧化镨钕（REO≥99%）`: a parenthesised specification after the name.
    const bare = key.replace(/[([【].*$/, '');
    return bare !== key ? byName.get(bare) : undefined;
  }

  function matchItemName(itemName: string): ItemNameMatch {
    const cached = cache.get(itemName);
    if (cached) return cached;
    const { prefix, rest } = splitPrefix(itemName.normalize('NFKC').trim());
    const product = lookup(rest);
    const expected =
      prefix === undefined ? undefined : PREFIX_CATEGORIES.find(([re]) => re.test(prefix))?.[1];
    const result: ItemNameMatch = {
      productId: product?.id,
      prefix,
      prefixMismatch: product !== undefined && expected !== undefined && !expected.includes(product.category),
    };
    if (cache.size < 100_000) cache.set(itemName, result);
    return result;
  }

  return {
    products,
    getProduct: (id) => byId.get(id),
    getProductOrThrow: (id) => {
      const p = byId.get(id);
      if (!p) throw new Error(`unknown product id ${JSON.stringify(id)}`);
      return p;
    },
    matchItemName,
    findProduct: (name) => lookup(splitPrefix(name.normalize('NFKC').trim()).rest),
  };
}

const REO_PERCENT =
  /(?:T?REO|TRE2O3|RE2O3|稀土总量|稀土含量|总稀土|稀土氧化物)\s*[:：]?\s*(?:≥|>=|>|=|≈|约)?\s*(\d+(?:\.\d+)?)\s*%/i;
const ELEMENT_PERCENT = new RegExp(
  `(${ELEMENTS.join('|')})\\s*[:：]?\\s*(?:≥|>=|>|=|≈|约)?\\s*(\\d+(?:\\.\\d+)?)\\s*%`,
);

/**
 * The kg REO per kg of product for one line (inspection.md §1): REO-basis products count 1
 * whatever their specification says; for products flagged `specOverride` an REO percentage in the
 * specification (or, for alloys and metals, an element percentage) replaces the typical content.
 * @example reoPerKgForLine(catalogue.getProductOrThrow('compound-re-carbonate'), 'REO 42%') // 0.42
 */
export function reoPerKgForLine(product: Product, specification: string | undefined): number {
  if (product.basis === 'reo') return 1;
  if (!product.specOverride || !specification) return product.reoPerKg;
  const spec = specification.normalize('NFKC');
  const reo = REO_PERCENT.exec(spec);
  if (reo) {
    const pct = Number(reo[1]);
    if (pct > 0 && pct <= 100) return pct / 100;
  }
  if (product.category === 'alloy' || product.category === 'metal') {
    const el = ELEMENT_PERCENT.exec(spec);
    const symbol = el?.[1];
    if (el && symbol && isElement(symbol) && (product.composition[symbol] ?? 0) > 0) {
      const pct = Number(el[2]);
      if (pct > 0 && pct <= 100) return (pct / 100) * OXIDE_PER_METAL[symbol as Element];
    }
  }
  return product.reoPerKg;
}
