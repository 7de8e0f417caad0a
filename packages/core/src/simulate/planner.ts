// Planning primitives: flows of material between enterprises, each with its product, specification,
// unit and exact quantity, and the bookkeeping of what every enterprise received and sold. A flow
// is later cut into invoices and lines whose quantities add up to it exactly, so every balance the
// inspection computes from lines is the balance planned here.
import type { Catalogue } from '../domain/catalogue.ts';
import { reoPerKgForLine } from '../domain/catalogue.ts';
import type { YearCalendar } from './calendar.ts';
import { addScaled, compositionVector, emptyVector } from './chemistry.ts';
import type { ElementVector } from './chemistry.ts';
import { hash32, hashUnit, stringKey } from './prng.ts';
import type { Rng } from './prng.ts';
import { UNIT_SCALE } from './model.ts';
import type { InvoiceClass, LineUnit, Part, SimEnterprise, StreamTag } from './model.ts';

export interface Flow {
  readonly seller: number;
  buyer: number;
  readonly productId: string;
  readonly cls: InvoiceClass;
  readonly tag: StreamTag;
  readonly spec: string;
  readonly unit: LineUnit;
  readonly units: number;
  readonly reoPerKg: number;
  /** Exact kg REO of the flow (units × unit size × reoPerKg). */
  readonly reoKg: number;
  /** Flows with the same key form one stream of invoices. */
  readonly linkKey: string;
}

/** Specification strings by product (variants picked per seller). REO figures are read by reoPerKgForLine. */
const SPECS: Readonly<Record<string, readonly string[]>> = {
  'ore-concentrate-baiyunebo': ['REO 50%', 'REO≥50%', 'REO 51%'],
  'ore-concentrate-bastnasite': ['REO≥60%', 'REO 65%'],
  'oxide-prnd': ['TREO≥99%', '(Pr+Nd)/TREO≥99.5%', 'TREO≥99% Pr6O11 25%±2%'],
  'oxide-nd': ['Nd2O3/TREO≥99.5%', '≥99.5%', '≥99.9%'],
  'oxide-pr': ['Pr6O11/TREO≥99.5%', '≥99.5%'],
  'oxide-la': ['La2O3/TREO≥99.99%', '≥99.99%', '≥99.9%'],
  'oxide-ce': ['CeO2/TREO≥99.95%', '≥99.9%'],
  'oxide-lace': ['TREO≥99%', 'La2O3:CeO2=35:65'],
  'oxide-sm': ['≥99.5%', 'Sm2O3/TREO≥99.9%'],
  'oxide-eu': ['≥99.99%', 'Eu2O3/TREO≥99.99%'],
  'oxide-gd': ['≥99.5%', '≥99.9%'],
  'oxide-tb': ['≥99.99%', 'Tb4O7/TREO≥99.99%', '≥99.9%'],
  'oxide-dy': ['≥99.5%', 'Dy2O3/TREO≥99.5%', '≥99.9%'],
  'oxide-ho': ['≥99.5%'],
  'oxide-er': ['≥99.5%', '≥99.9%'],
  'oxide-y': ['≥99.999%', 'Y2O3/TREO≥99.999%', '≥99.99%'],
  'compound-re-carbonate': ['REO 45%', 'REO 42%', 'REO≥45%', 'REO 44%'],
  'compound-re-chloride': ['REO 46%', 'REO≥45%'],
  'metal-prnd': ['TREM≥99%', 'TREM≥99.5%', 'Pr 25%±2%'],
  'metal-nd': ['Nd≥99.5%', 'TREM≥99.5%'],
  'metal-pr': ['Pr≥99.5%'],
  'metal-dy': ['Dy≥99.5%'],
  'metal-tb': ['Tb≥99.9%'],
  'metal-la': ['La≥99%'],
  'metal-ce': ['Ce≥99%'],
  'alloy-dyfe': ['Dy≥80%', 'Dy 80%', 'Dy≥78%'],
  'recycled-ndfeb-scrap': ['REO 28%', 'REO 27%', '稀土含量28%', 'REO≥27%', 'REO 29%'],
  'fee-processing': ['', '分离加工'],
};

const IONIC_ORE_SPECS: Readonly<Record<string, readonly string[]>> = {
  oxide: ['REO≥92%', 'REO 92%', 'TREO≥90%'],
  carbonate: ['REO≥45%', 'REO 42%'],
  oxalate: ['REO≥40%', 'REO 42%'],
};

/** Invoice unit: heavy and precious products by the kg, bulk by the tonne (STA 2012 No. 17: only these two). */
function unitRule(productId: string): { t: number } {
  if (/^ore-|^compound-|^fee-|oxide-(la|ce|lace|sm|gd|y)$/.test(productId)) return { t: 1 };
  if (/oxide-(dy|tb|eu|ho|er)$|metal-(dy|tb)$|alloy-dyfe/.test(productId)) return { t: 0 };
  if (productId === 'recycled-ndfeb-scrap') return { t: 0.8 };
  if (productId.startsWith('metal-')) return { t: 0.6 };
  return { t: 0.8 };
}

const PART_POOL_WEIGHT: Readonly<Partial<Record<Part, number>>> = {
  legal: 1,
  HL: 1,
  BB: 0.15,
  ET: 0.3,
  EM: 0.3,
  EX: 0.3,
  EU: 0.5,
};

export interface PushOptions {
  readonly tag?: StreamTag;
  /** Number of customers; default from the volume. */
  readonly k?: number;
  /** Extra weight for members that have received nothing yet (spreads coverage). */
  readonly boostEmpty?: number;
  /** Ignore part weights (black pools). */
  readonly flat?: boolean;
}

export class Planner {
  readonly flows: Flow[] = [];
  /** kg REO received per enterprise and product (invoiced). */
  readonly received: Map<string, number>[];
  /** kg REO sold per enterprise and product (invoiced). */
  readonly sold: Map<string, number>[];
  /** Material that entered an enterprise without invoices (off-book ore), by element. */
  readonly offBook: ElementVector[];
  /** Planted illegal kg per enterprise (REO; for heavy-from-light: heavy element kg). */
  readonly planted: number[];
  /** kg REO received per enterprise, all products (kept in step with `received`). */
  private readonly receivedSum: Float64Array;
  private readonly compositionCache = new Map<string, ElementVector>();

  constructor(
    readonly seed: number,
    readonly rng: Rng,
    readonly catalogue: Catalogue,
    readonly ents: SimEnterprise[],
    readonly cal: YearCalendar,
  ) {
    this.received = ents.map(() => new Map());
    this.sold = ents.map(() => new Map());
    this.offBook = ents.map(() => emptyVector());
    this.planted = ents.map(() => 0);
    this.receivedSum = new Float64Array(ents.length);
  }

  ent(i: number): SimEnterprise {
    const e = this.ents[i];
    if (!e) throw new Error(`no enterprise ${i}`);
    return e;
  }

  composition(productId: string): ElementVector {
    let v = this.compositionCache.get(productId);
    if (!v) {
      v = compositionVector(this.catalogue.getProductOrThrow(productId).composition);
      this.compositionCache.set(productId, v);
    }
    return v;
  }

  /** Element kg an enterprise received on invoices. */
  receivedElements(i: number): ElementVector {
    const v = emptyVector();
    for (const [p, kg] of this.received[i] ?? []) addScaled(v, this.composition(p), kg);
    return v;
  }

  receivedTotal(i: number): number {
    return this.receivedSum[i] ?? 0;
  }

  soldTotal(i: number): number {
    let s = 0;
    for (const kg of (this.sold[i] ?? new Map<string, number>()).values()) s += kg;
    return s;
  }

  /** The specification a seller writes for a product (one per seller and product). */
  specFor(seller: number, productId: string): string {
    const form = /^ore-(hy|myeu|lyle)-(oxide|carbonate|oxalate)$/.exec(productId)?.[2];
    const list = form ? IONIC_ORE_SPECS[form] : SPECS[productId];
    if (!list || list.length === 0) return '';
    return list[hash32(this.seed, seller, stringKey(productId)) % list.length] ?? '';
  }

  unitFor(seller: number, buyer: number, productId: string): LineUnit {
    const { t } = unitRule(productId);
    return hashUnit(this.seed ^ 0x55, seller, buyer, stringKey(productId)) < t ? 't' : 'kg';
  }

  /**
   * Adds a flow of `reoKg` REO of a product. The quantity is rounded to the invoice unit's
   * resolution and the flow's REO recomputed from it, so the books are exact.
   */
  addFlow(
    seller: number,
    buyer: number,
    productId: string,
    reoKg: number,
    tag: StreamTag,
    linkKey = '',
    unitOverride?: LineUnit,
  ): Flow | undefined {
    if (!(reoKg > 0) || seller === buyer) return undefined;
    const product = this.catalogue.getProductOrThrow(productId);
    const spec = this.specFor(seller, productId);
    const unit = unitOverride ?? this.unitFor(seller, buyer, productId);
    const reoPerKg = product.category === 'fee' ? 0 : reoPerKgForLine(product, spec);
    const kg = product.category === 'fee' ? reoKg : reoKg / reoPerKg;
    const units = Math.round(kg * (unit === 't' ? 1 : UNIT_SCALE.kg));
    if (units < 1) return undefined;
    const exactKg = unit === 't' ? units : units / UNIT_SCALE.kg;
    const exactReo = exactKg * reoPerKg;
    const cls: InvoiceClass =
      product.category === 'alloy' ? 'metal' : product.category === 'ore' ? 'ore' : product.category;
    const flow: Flow = {
      seller,
      buyer,
      productId,
      cls,
      tag,
      spec,
      unit,
      units,
      reoPerKg,
      reoKg: exactReo,
      linkKey,
    };
    this.flows.push(flow);
    if (exactReo > 0) {
      const r = this.received[buyer];
      const s = this.sold[seller];
      r?.set(productId, (r.get(productId) ?? 0) + exactReo);
      s?.set(productId, (s.get(productId) ?? 0) + exactReo);
      this.receivedSum[buyer] = (this.receivedSum[buyer] ?? 0) + exactReo;
    }
    return flow;
  }

  /** Re-targets a flow to another buyer (used to give an empty pass-through shell a purchase). */
  moveFlow(flow: Flow, buyer: number): void {
    const from = this.received[flow.buyer];
    from?.set(flow.productId, (from.get(flow.productId) ?? 0) - flow.reoKg);
    this.receivedSum[flow.buyer] = (this.receivedSum[flow.buyer] ?? 0) - flow.reoKg;
    flow.buyer = buyer;
    const to = this.received[buyer];
    to?.set(flow.productId, (to.get(flow.productId) ?? 0) + flow.reoKg);
    this.receivedSum[buyer] = (this.receivedSum[buyer] ?? 0) + flow.reoKg;
  }

  affinity(a: SimEnterprise, b: SimEnterprise): number {
    let f = 1;
    if (a.prefecture === b.prefecture) f *= 3;
    else if (a.province === b.province) f *= 1.8;
    if (a.group !== null && a.group === b.group) f *= 2.5;
    return f;
  }

  /** How many customers a volume is split among. */
  customerCount(reoKg: number): number {
    const t = reoKg / 1000;
    return Math.max(1, Math.min(9, Math.round((1 + 1.3 * Math.log(1 + t / 12)) * this.rng.range(0.7, 1.3))));
  }

  /**
   * Sells `reoKg` of a product from `seller` to customers drawn from `pool`, weighted by size,
   * place and group affinity, split by random shares. Returns the flows made.
   */
  push(
    seller: number,
    productId: string,
    reoKg: number,
    pool: readonly number[],
    options: PushOptions = {},
  ): Flow[] {
    const candidates = pool.filter((i) => i !== seller);
    if (candidates.length === 0 || !(reoKg > 0)) return [];
    const s = this.ent(seller);
    const weights = candidates.map((i) => {
      const b = this.ent(i);
      let w = b.size * this.affinity(s, b) * (options.flat ? 1 : (PART_POOL_WEIGHT[b.part] ?? 0));
      if (options.boostEmpty && this.receivedTotal(i) === 0) w *= options.boostEmpty;
      return w;
    });
    const unit = this.unitFor(seller, -1, productId);
    const minPiece = unit === 'kg' ? 40 : 400;
    let k = Math.min(options.k ?? this.customerCount(reoKg), candidates.length);
    k = Math.max(1, Math.min(k, Math.floor(reoKg / minPiece)));
    const chosen = this.rng.weightedSample(weights, k);
    if (chosen.length === 0) return [];
    const shares = chosen.map((c) => (weights[c] ?? 1) ** 0.5 * this.rng.logNormal(0.45));
    const total = shares.reduce((a, b) => a + b, 0);
    const out: Flow[] = [];
    chosen.forEach((c, j) => {
      const f = this.addFlow(
        seller,
        candidates[c] ?? -1,
        productId,
        (reoKg * (shares[j] ?? 0)) / total,
        options.tag ?? 'legal',
      );
      if (f) out.push(f);
    });
    return out;
  }
}

/** A pool of enterprise indexes, by predicate. */
export function poolOf(ents: readonly SimEnterprise[], predicate: (e: SimEnterprise) => boolean): number[] {
  const out: number[] = [];
  for (const e of ents) if (predicate(e)) out.push(e.index);
  return out;
}
