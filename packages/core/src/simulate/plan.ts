// The national year, planned: quotas, the legal chain (mines → separation → traders → metal plants
// → users → recyclers) and the black one (over-quota mines and plants, fake recyclers, bleaching
// traders and their buyers, pass-through shells, circular rings), and where black material goes
// (otherwise legal traders, metal plants, exporters and users, who are only exposed). Every number
// here is a quantity of REO that the invoice lines will carry exactly.
import type { Catalogue } from '../domain/catalogue.ts';
import { ELEMENTS } from '../domain/elements.ts';
import type { YearCalendar } from './calendar.ts';
import {
  SLATES,
  allocate,
  addScaled,
  emptyVector,
  reduceToMetals,
  vectorSum,
  METAL_OF_OXIDE,
} from './chemistry.ts';
import { IONIC_QUOTA_SHARES, ROCK_QUOTA_SHARES, nationalQuota } from './facts.ts';
import type { PriceBook } from './prices.ts';
import { referenceExVatPerKg } from './prices.ts';
import type { Rng } from './prng.ts';
import { Planner, poolOf } from './planner.ts';
import type { Flow } from './planner.ts';
import type { EnterpriseKind, Part, QuotaRow, SimEnterprise } from './model.ts';

type BuyerClass =
  | 'metal'
  | 'trader-oxide'
  | 'trader-metal'
  | 'exporter'
  | 'user-magnet'
  | 'user-magnet-nonscrap'
  | 'user-phosphor'
  | 'user-catalyst'
  | 'user-alloy'
  | 'sep'
  | 'metal-recycled';

type Route = readonly (readonly [BuyerClass, number])[];

/** Who buys each product in the legal market (shares of a seller's output). */
const ROUTES: Readonly<Record<string, Route>> = {
  'oxide-prnd': [
    ['metal', 0.5],
    ['trader-oxide', 0.4],
    ['exporter', 0.1],
  ],
  'oxide-nd': [
    ['metal', 0.5],
    ['trader-oxide', 0.4],
    ['exporter', 0.1],
  ],
  'oxide-pr': [
    ['metal', 0.5],
    ['trader-oxide', 0.4],
    ['exporter', 0.1],
  ],
  'oxide-dy': [
    ['metal', 0.4],
    ['trader-oxide', 0.4],
    ['exporter', 0.2],
  ],
  'oxide-tb': [
    ['metal', 0.35],
    ['trader-oxide', 0.35],
    ['exporter', 0.15],
    ['user-phosphor', 0.15],
  ],
  'oxide-la': [
    ['user-catalyst', 0.4],
    ['trader-oxide', 0.3],
    ['metal', 0.15],
    ['exporter', 0.15],
  ],
  'oxide-ce': [
    ['user-catalyst', 0.4],
    ['trader-oxide', 0.3],
    ['metal', 0.15],
    ['exporter', 0.15],
  ],
  'oxide-lace': [
    ['user-catalyst', 0.5],
    ['trader-oxide', 0.3],
    ['exporter', 0.2],
  ],
  'oxide-sm': [
    ['user-magnet', 0.3],
    ['trader-oxide', 0.4],
    ['exporter', 0.3],
  ],
  'oxide-eu': [
    ['user-phosphor', 0.5],
    ['trader-oxide', 0.3],
    ['exporter', 0.2],
  ],
  'oxide-y': [
    ['user-phosphor', 0.4],
    ['trader-oxide', 0.35],
    ['exporter', 0.25],
  ],
  'oxide-gd': [
    ['trader-oxide', 0.5],
    ['exporter', 0.3],
    ['user-magnet', 0.2],
  ],
  'oxide-ho': [
    ['trader-oxide', 0.5],
    ['exporter', 0.5],
  ],
  'oxide-er': [
    ['trader-oxide', 0.5],
    ['exporter', 0.5],
  ],
  'compound-re-carbonate': [['sep', 1]],
  'compound-re-chloride': [['sep', 1]],
  'metal-prnd': [
    ['user-magnet', 0.6],
    ['trader-metal', 0.3],
    ['exporter', 0.1],
  ],
  'metal-nd': [
    ['user-magnet', 0.6],
    ['trader-metal', 0.3],
    ['exporter', 0.1],
  ],
  'metal-pr': [
    ['user-magnet', 0.6],
    ['trader-metal', 0.3],
    ['exporter', 0.1],
  ],
  'alloy-dyfe': [
    ['user-magnet', 0.65],
    ['trader-metal', 0.25],
    ['exporter', 0.1],
  ],
  'metal-dy': [
    ['user-magnet', 0.6],
    ['trader-metal', 0.3],
    ['exporter', 0.1],
  ],
  'metal-tb': [
    ['user-magnet', 0.6],
    ['trader-metal', 0.3],
    ['exporter', 0.1],
  ],
  'metal-la': [
    ['user-alloy', 0.6],
    ['trader-metal', 0.2],
    ['exporter', 0.2],
  ],
  'metal-ce': [
    ['user-alloy', 0.6],
    ['trader-metal', 0.2],
    ['exporter', 0.2],
  ],
};

const METAL_CONVERTIBLE = new Set(Object.keys(METAL_OF_OXIDE));
const HEAVY_FOR_METAL = new Set(['oxide-prnd', 'oxide-nd', 'oxide-pr', 'oxide-dy', 'oxide-tb']);

/** Products an exposed user takes, by kind. */
const USER_NEEDS: Readonly<Partial<Record<EnterpriseKind, readonly string[]>>> = {
  'user-magnet': ['metal-prnd', 'metal-nd', 'metal-pr', 'alloy-dyfe', 'metal-dy', 'metal-tb'],
  'user-phosphor': ['oxide-eu', 'oxide-y', 'oxide-tb'],
  'user-catalyst': ['oxide-la', 'oxide-ce', 'oxide-lace'],
  'user-alloy': ['metal-la', 'metal-ce'],
};

/** Shares of the illegal supply by entry point (unverified; the seed gives only the total). */
const ILLEGAL_SPLIT = { OQM: 0.12, OQS: 0.45, FR: 0.15, BT: 0.28 } as const;

interface Reserve {
  readonly seller: number;
  readonly productId: string;
  remaining: number;
}

export interface PlanResult {
  readonly planner: Planner;
  readonly quotas: QuotaRow[];
  /** Mining quota kg per enterprise (all kinds). */
  readonly miningQuotaKg: Float64Array;
  /** Separation quota kg per enterprise. */
  readonly separationQuotaKg: Float64Array;
  /** kg REO legally mined and sold (the legal supply). */
  readonly legalMinedKg: number;
  /** Target illegal supply, kg REO. */
  readonly illegalTargetKg: number;
  /** Rings: members in ring order, window, REO per edge. */
  readonly rings: { members: number[]; from: number; to: number; reoKg: number; productId: string }[];
  /** Pass-through margins by the link key of the purchase stream. */
  readonly passMargins: Map<string, { lag: number; margin: number }>;
  /** Mean ex-VAT reference per kg of product over the year. */
  readonly meanReference: ReadonlyMap<string, number>;
}

function largestRemainder(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (sum <= 0) return weights.map(() => 0);
  const raw = weights.map((w) => (total * w) / sum);
  const out = raw.map((x) => Math.floor(x));
  let rest = total - out.reduce((a, b) => a + b, 0);
  const order = raw.map((x, i) => ({ i, f: x - Math.floor(x) })).sort((a, b) => b.f - a.f || a.i - b.i);
  for (const o of order) {
    if (rest <= 0) break;
    out[o.i] = (out[o.i] ?? 0) + 1;
    rest--;
  }
  return out;
}

function isPart(e: SimEnterprise, ...parts: Part[]): boolean {
  return parts.includes(e.part);
}

/**
 * Plans the year: quotas and every flow of material.
 * @example const plan = planYear(seed, rng, catalogue, ents, cal, prices, 0.9)
 */
export function planYear(
  seed: number,
  rng: Rng,
  catalogue: Catalogue,
  ents: SimEnterprise[],
  cal: YearCalendar,
  prices: PriceBook,
  illegalRatio: number,
): PlanResult {
  const P = new Planner(seed, rng, catalogue, ents, cal);
  const year = cal.year;
  const nq = nationalQuota(year);
  const n = ents.length;
  const miningQuotaKg = new Float64Array(n);
  const separationQuotaKg = new Float64Array(n);
  const quotas: QuotaRow[] = [];

  const meanReference = new Map<string, number>();
  for (const s of prices.series) {
    let sum = 0;
    let count = 0;
    for (let d = 0; d < cal.days; d += 3) {
      const r = referenceExVatPerKg(prices, s.productId, d);
      if (r !== undefined) {
        sum += r;
        count++;
      }
    }
    meanReference.set(s.productId, count > 0 ? sum / count : 0);
  }

  const addQuota = (e: SimEnterprise, kind: QuotaRow['kind'], tonnes: number): void => {
    const first = Math.round(tonnes * rng.range(0.45, 0.6));
    quotas.push({ year, batch: '第一批', enterprise: e.index, kind, tonnes: first });
    quotas.push({ year, batch: '第二批', enterprise: e.index, kind, tonnes: tonnes - first });
  };

  // ---- 1. Mining quotas (domain.md §6), split by place, then among mines by size. ----
  const mines = ents.filter((e) => e.kind.startsWith('mine') && isPart(e, 'legal', 'OQM'));
  const rockMines = mines.filter((e) => e.kind !== 'mine-ionic');
  const rockTonnes = new Map<number, number>();
  {
    const placeTonnes = largestRemainder(
      nq.rock,
      ROCK_QUOTA_SHARES.map((p) => p.share),
    );
    let orphan = 0;
    ROCK_QUOTA_SHARES.forEach((place, i) => {
      const here = rockMines.filter(
        (e) =>
          e.prefecture === place.prefecture && (place.ore === 'baiyunebo') === (e.kind === 'mine-baiyunebo'),
      );
      const t = placeTonnes[i] ?? 0;
      if (here.length === 0) {
        orphan += t;
        return;
      }
      largestRemainder(
        t,
        here.map((e) => e.size),
      ).forEach((q, j) => rockTonnes.set(here[j]?.index ?? -1, q));
    });
    const bast = rockMines.filter((e) => e.kind === 'mine-bastnasite');
    const target = bast.length > 0 ? bast : rockMines;
    largestRemainder(
      orphan,
      target.map((e) => e.size),
    ).forEach((q, j) => {
      const idx = target[j]?.index ?? -1;
      rockTonnes.set(idx, (rockTonnes.get(idx) ?? 0) + q);
    });
  }
  const ionicMines = mines.filter((e) => e.kind === 'mine-ionic');
  const ionicTonnes = new Map<number, number>();
  {
    const provinces = IONIC_QUOTA_SHARES.filter((p) => ionicMines.some((e) => e.province === p.province));
    const perProvince = largestRemainder(
      nq.ionic,
      provinces.map((p) => p.share),
    );
    provinces.forEach((p, i) => {
      const here = ionicMines.filter((e) => e.province === p.province);
      largestRemainder(
        perProvince[i] ?? 0,
        here.map((e) => e.size),
      ).forEach((q, j) => ionicTonnes.set(here[j]?.index ?? -1, q));
    });
    // Mines outside the quota provinces get none (they would be illegal; none are placed there).
  }
  for (const e of mines) {
    const rock = rockTonnes.get(e.index) ?? 0;
    const ionic = ionicTonnes.get(e.index) ?? 0;
    if (rock > 0) addQuota(e, 'mining_rock', rock);
    if (ionic > 0) addQuota(e, 'mining_ionic', ionic);
    miningQuotaKg[e.index] = (rock + ionic) * 1000;
  }

  // ---- 2. Illegal supply targets. ----
  let legalMinedKg = 0;
  const mineSales = new Map<number, number>();
  for (const e of mines) {
    const q = miningQuotaKg[e.index] ?? 0;
    const sold = q * rng.range(0.93, 0.99);
    mineSales.set(e.index, sold);
    legalMinedKg += sold;
  }
  const illegalTargetKg = illegalRatio * legalMinedKg;
  const byPart = (part: Part): SimEnterprise[] => ents.filter((e) => e.part === part);
  const split = (part: keyof typeof ILLEGAL_SPLIT): Map<number, number> => {
    const list = byPart(part);
    const weights = list.map(() => rng.logNormal(0.4));
    const sum = weights.reduce((a, b) => a + b, 0);
    return new Map(
      list.map((e, i) => [e.index, (illegalTargetKg * ILLEGAL_SPLIT[part] * (weights[i] ?? 0)) / sum]),
    );
  };
  const oqmExcess = split('OQM');
  const oqsOffBook = split('OQS');
  const frOffBook = split('FR');
  const btTarget = split('BT');
  for (const [i, x] of oqmExcess) {
    // An over-quota mine sells well beyond its quota: at least 60% over, never less than 60 t.
    const q = miningQuotaKg[i] ?? 0;
    const excess = Math.max(x, 0.6 * q, 60_000);
    mineSales.set(i, (mineSales.get(i) ?? 0) + excess);
    P.planted[i] = excess;
  }

  // ---- 3. Pools. ----
  const seps = ents.filter((e) => e.kind.startsWith('sep') && isPart(e, 'legal', 'HL', 'OQS'));
  const pool = {
    sepIonic: poolOf(ents, (e) => e.kind === 'sep-ionic' && isPart(e, 'legal', 'OQS')),
    sepLight: poolOf(ents, (e) => e.kind === 'sep-light' && isPart(e, 'legal', 'HL', 'OQS')),
    sepBast: poolOf(ents, (e) => e.kind === 'sep-bastnasite' && isPart(e, 'legal', 'OQS')),
    oqs: poolOf(ents, (e) => e.part === 'OQS'),
    compoundBuyers: poolOf(
      ents,
      (e) =>
        (e.kind === 'sep-light' || e.kind === 'sep-bastnasite') &&
        e.part === 'legal' &&
        e.compoundShare === 0,
    ),
  };
  const legalPool = (cls: BuyerClass): number[] => {
    switch (cls) {
      case 'metal':
        return poolOf(ents, (e) => e.kind === 'metal' && isPart(e, 'legal', 'EM', 'BB'));
      case 'metal-recycled':
        return poolOf(ents, (e) => e.kind === 'metal' && e.part === 'legal' && e.recycledFeed);
      case 'trader-oxide':
        return poolOf(ents, (e) => e.kind === 'trader-oxide' && isPart(e, 'legal', 'ET'));
      case 'trader-metal':
        return poolOf(ents, (e) => e.kind === 'trader-metal' && e.part === 'legal');
      case 'exporter':
        return poolOf(ents, (e) => e.kind === 'exporter' && isPart(e, 'legal', 'EX', 'BB'));
      case 'user-magnet':
        return poolOf(ents, (e) => e.kind === 'user-magnet' && isPart(e, 'legal', 'EU', 'BB'));
      case 'user-magnet-nonscrap':
        return poolOf(
          ents,
          (e) => e.kind === 'user-magnet' && isPart(e, 'legal', 'EU', 'BB') && !e.scrapSeller,
        );
      case 'sep':
        return pool.compoundBuyers;
      default:
        return poolOf(ents, (e) => e.kind === cls && isPart(e, 'legal', 'EU'));
    }
  };
  const poolCache = new Map<BuyerClass, number[]>();
  const legal = (cls: BuyerClass): number[] => {
    let p = poolCache.get(cls);
    if (!p) {
      p = legalPool(cls);
      poolCache.set(cls, p);
    }
    return p;
  };

  /** Sells each product along its legal route, optionally replacing classes. */
  const sellLegal = (
    seller: number,
    products: ReadonlyMap<string, number>,
    adjust?: (route: Route, productId: string) => { cls: BuyerClass; share: number; pool?: number[] }[],
  ): void => {
    for (const [productId, kg] of products) {
      if (!(kg > 0)) continue;
      const route = ROUTES[productId];
      if (!route) continue;
      const legs: { cls: BuyerClass; share: number; pool?: number[] }[] = adjust
        ? adjust(route, productId)
        : route.map(([cls, share]) => ({ cls, share }));
      const total = legs.reduce((a, l) => a + l.share, 0);
      for (const leg of legs) {
        const p = leg.pool ?? legal(leg.cls);
        if (p.length === 0) continue;
        P.push(seller, productId, (kg * leg.share) / total, p, { boostEmpty: 3 });
      }
    }
  };

  // ---- 4. Mines sell ore. ----
  const oreProduct = (e: SimEnterprise): string => {
    if (e.kind === 'mine-baiyunebo') return 'ore-concentrate-baiyunebo';
    if (e.kind === 'mine-bastnasite') return 'ore-concentrate-bastnasite';
    const r = (e.index * 2654435761) % 10;
    const form = r < 6 ? 'oxide' : r < 9 ? 'carbonate' : 'oxalate';
    return `ore-${e.ore ?? 'myeu'}-${form}`;
  };
  for (const e of mines) {
    const sold = mineSales.get(e.index) ?? 0;
    const product = oreProduct(e);
    if (e.kind === 'mine-baiyunebo') {
      P.push(e.index, product, sold, pool.sepLight, { k: pool.sepLight.length, flat: true });
      continue;
    }
    const buyers = e.kind === 'mine-bastnasite' ? pool.sepBast : pool.sepIonic;
    if (e.part === 'OQM') {
      // The over-quota mine's whole output goes to over-quota plants (the black chain's ore).
      const oqsSame = pool.oqs.filter(
        (i) => P.ent(i).kind === (e.kind === 'mine-bastnasite' ? 'sep-bastnasite' : 'sep-ionic'),
      );
      const target = oqsSame.length > 0 ? oqsSame : pool.oqs;
      P.push(e.index, product, sold, target.length > 0 ? target : buyers, {
        k: Math.min(2, target.length),
        flat: true,
        tag: 'ore-excess',
      });
      continue;
    }
    P.push(e.index, product, sold, buyers.length > 0 ? buyers : pool.sepIonic, {
      k: rng.intRange(1, 3),
      flat: true,
    });
  }

  // ---- 5. Separation. Compound producers first, so their buyers have their input. ----
  const ordered = [...seps].sort(
    (a, b) => (b.compoundShare > 0 ? 1 : 0) - (a.compoundShare > 0 ? 1 : 0) || a.index - b.index,
  );
  const blackReserves: { seller: number; products: Map<string, number> }[] = [];
  for (const e of ordered) {
    const input = P.receivedElements(e.index);
    if (e.part === 'OQS') {
      const off = oqsOffBook.get(e.index) ?? 0;
      // Off-book ore: at least half the invoiced input again, so the excess shows with margin.
      const offKg = Math.max(off, 0.6 * vectorSum(input), 150_000);
      const oreComp =
        e.ore === 'baiyunebo'
          ? P.composition('ore-concentrate-baiyunebo')
          : e.ore === 'bastnasite'
            ? P.composition('ore-concentrate-bastnasite')
            : P.composition(`ore-${e.ore ?? 'myeu'}-oxide`);
      const offVec = emptyVector();
      addScaled(offVec, oreComp, offKg);
      addScaled(P.offBook[e.index] ?? emptyVector(), oreComp, offKg);
      addScaled(input, offVec, 1);
    }
    const recovery = rng.range(0.9, 0.93);
    const available = emptyVector();
    addScaled(available, input, recovery);
    const products = new Map<string, number>();
    if (e.compoundShare > 0) {
      const made = allocate(catalogue, available, [
        { productId: 'compound-re-carbonate', take: e.compoundShare * 0.6 },
        { productId: 'compound-re-chloride', take: (e.compoundShare * 0.4) / (1 - e.compoundShare * 0.6) },
      ]);
      for (const [p, kg] of made) products.set(p, (products.get(p) ?? 0) + kg);
    }
    const slate =
      e.ore === 'baiyunebo' ? SLATES.light : e.ore === 'bastnasite' ? SLATES.bastnasite : SLATES.ionic;
    for (const [p, kg] of allocate(catalogue, available, slate)) products.set(p, (products.get(p) ?? 0) + kg);
    if (e.part === 'OQS') {
      P.planted[e.index] = recovery * vectorSum(P.offBook[e.index] ?? emptyVector());
      blackReserves.push({ seller: e.index, products });
      continue;
    }
    if (e.part === 'HL') {
      // Heavy rare earths sold by a light-ore plant: Dy and Tb oxide it cannot have made. Light
      // products are cut so that its REO balance still holds (only the element balance betrays it).
      const heavyKg = Math.max(18_000, vectorSum(input) * rng.range(0.006, 0.012));
      const light = [...products.values()].reduce((a, b) => a + b, 0);
      const scale = Math.max(0, (light - heavyKg) / light);
      for (const [p, kg] of products) products.set(p, kg * scale);
      products.set('oxide-dy', heavyKg * 0.72);
      products.set('oxide-tb', heavyKg * 0.28);
      P.planted[e.index] = heavyKg;
    }
    if (e.metalShare > 0) {
      const toMetal = new Map<string, number>();
      for (const [p, kg] of products) {
        if (!HEAVY_FOR_METAL.has(p)) continue;
        toMetal.set(p, kg * e.metalShare);
        products.set(p, kg * (1 - e.metalShare));
      }
      for (const [m, kg] of reduceToMetals(catalogue, toMetal, 0.95)) products.set(m, kg);
    }
    sellLegal(e.index, products);
  }

  // ---- 6. Legal oxide traders, in rank order (trader → trader only upwards). ----
  const traderResale = (kind: 'trader-oxide' | 'trader-metal', parts: Part[]): void => {
    const list = ents.filter((e) => e.kind === kind && isPart(e, ...parts)).sort((a, b) => a.rank - b.rank);
    for (const e of list) {
      const goods = new Map<string, number>();
      for (const [p, kg] of P.received[e.index] ?? []) goods.set(p, kg * e.turnover);
      const higher = list.filter((t) => t.rank > e.rank).map((t) => t.index);
      sellLegal(e.index, goods, (route) => {
        const legs: { cls: BuyerClass; share: number; pool?: number[] }[] = [];
        for (const [cls, share] of route) if (cls !== kind) legs.push({ cls, share });
        if (higher.length > 0 && route.some(([c]) => c === kind))
          legs.push({ cls: kind, share: 0.18, pool: higher });
        if (legs.length === 0) legs.push({ cls: 'exporter', share: 1 });
        return legs;
      });
    }
  };
  traderResale('trader-oxide', ['legal']);

  // ---- 7. Primary metal plants. ----
  const metalPlants = (recycled: boolean): SimEnterprise[] =>
    ents.filter((e) => e.kind === 'metal' && e.part === 'legal' && e.recycledFeed === recycled);
  const convert = (e: SimEnterprise): Map<string, number> => {
    const oxides = new Map<string, number>();
    for (const [p, kg] of P.received[e.index] ?? []) if (METAL_CONVERTIBLE.has(p)) oxides.set(p, kg);
    return reduceToMetals(catalogue, oxides, rng.range(0.935, 0.95));
  };
  for (const e of metalPlants(false)) sellLegal(e.index, convert(e));

  // ---- 8. Legal metal traders. ----
  traderResale('trader-metal', ['legal']);

  // ---- 9. Magnet makers sell NdFeB scrap (within what their Dy and Tb purchases explain). ----
  const scrapComp = P.composition('recycled-ndfeb-scrap');
  const dyIdx = ELEMENTS.indexOf('Dy');
  const tbIdx = ELEMENTS.indexOf('Tb');
  const recyclersLegal = poolOf(ents, (e) => e.kind === 'recycler' && e.part === 'legal');
  const recyclersFake = poolOf(ents, (e) => e.part === 'FR');
  for (const e of ents) {
    if (!(e.kind === 'user-magnet' && e.part === 'legal' && e.scrapSeller)) continue;
    const el = P.receivedElements(e.index);
    const reoIn = vectorSum(el);
    const scrap = Math.min(
      0.2 * reoIn,
      (el[dyIdx] ?? 0) / ((scrapComp[dyIdx] ?? 1) * 1.6),
      (el[tbIdx] ?? 0) / ((scrapComp[tbIdx] ?? 1) * 1.6),
    );
    if (scrap < 2000) continue;
    const toFake = recyclersFake.length > 0 && rng.chance(0.2) ? scrap * 0.3 : 0;
    P.push(e.index, 'recycled-ndfeb-scrap', scrap - toFake, recyclersLegal, {
      k: rng.intRange(1, 3),
      flat: true,
    });
    if (toFake > 0) P.push(e.index, 'recycled-ndfeb-scrap', toFake, recyclersFake, { k: 1, flat: true });
  }

  // ---- 10. Legal recyclers → recycled-feed metal plants and exporters. ----
  for (const i of recyclersLegal) {
    const available = P.receivedElements(i);
    for (let j = 0; j < available.length; j++) available[j] = (available[j] ?? 0) * rng.range(0.84, 0.87);
    const products = allocate(catalogue, available, SLATES.recycled);
    const mr = legal('metal-recycled');
    for (const [p, kg] of products) {
      if (mr.length > 0) P.push(i, p, kg * 0.8, mr, { boostEmpty: 2 });
      P.push(i, p, mr.length > 0 ? kg * 0.2 : kg, legal('exporter'));
    }
  }

  // ---- 11. Recycled-feed metal plants → users that do not sell scrap, exporters. ----
  for (const e of metalPlants(true)) {
    sellLegal(e.index, convert(e), (_route, productId) => {
      const legs: { cls: BuyerClass; share: number; pool?: number[] }[] = [];
      const userCls: BuyerClass =
        productId === 'metal-la' || productId === 'metal-ce' ? 'user-alloy' : 'user-magnet-nonscrap';
      legs.push({ cls: userCls, share: 0.75 });
      legs.push({ cls: 'exporter', share: 0.25 });
      return legs;
    });
  }

  // ---- 12. Fake recyclers: a little scrap in, oxides of off-book ionic ore out. ----
  for (const i of recyclersFake) {
    const available = P.receivedElements(i);
    for (let j = 0; j < available.length; j++) available[j] = (available[j] ?? 0) * 0.86;
    const products = allocate(catalogue, available, SLATES.recycled);
    const offKg = Math.max(frOffBook.get(i) ?? 0, 150_000);
    const off = emptyVector();
    addScaled(off, P.composition(rng.chance(0.5) ? 'ore-myeu-oxide' : 'ore-hy-oxide'), offKg);
    addScaled(P.offBook[i] ?? emptyVector(), off, 1);
    const offAvail = emptyVector();
    addScaled(offAvail, off, 0.92);
    for (const [p, kg] of allocate(catalogue, offAvail, SLATES.ionic))
      products.set(p, (products.get(p) ?? 0) + kg);
    P.planted[i] = 0.92 * offKg;
    blackReserves.push({ seller: i, products });
  }

  // ---- 13. Black outputs: pass-through shells, exposed traders and metal plants, exporters. ----
  const black = {
    pt: poolOf(ents, (e) => e.part === 'PT'),
    et: poolOf(ents, (e) => e.part === 'ET'),
    em: poolOf(ents, (e) => e.part === 'EM'),
    ex: poolOf(ents, (e) => e.part === 'EX'),
  };
  for (const { seller, products } of blackReserves) {
    for (const [p, kg] of products) {
      if (!(kg > 0)) continue;
      const legs: [number[], number][] = METAL_CONVERTIBLE.has(p)
        ? HEAVY_FOR_METAL.has(p)
          ? [
              [black.em, 0.35],
              [black.pt, 0.2],
              [black.et, 0.3],
              [black.ex, 0.15],
            ]
          : [
              [black.et, 0.5],
              [black.em, 0.2],
              [black.ex, 0.3],
            ]
        : [
            [black.et, 0.6],
            [black.ex, 0.4],
          ];
      const usable = legs.filter(([pl]) => pl.length > 0);
      const total = usable.reduce((a, [, s]) => a + s, 0);
      for (const [pl, share] of usable)
        P.push(seller, p, (kg * share) / total, pl, {
          flat: true,
          boostEmpty: 25,
          tag: 'black',
          k: Math.min(3, pl.length),
        });
    }
  }
  // Every shell must have bought something: give an empty one the largest black flow to a trader.
  for (const i of black.pt) {
    if (P.receivedTotal(i) > 0) continue;
    const candidates = P.flows.filter(
      (f) => f.tag === 'black' && P.ent(f.buyer).part === 'ET' && HEAVY_FOR_METAL.has(f.productId),
    );
    const biggest = candidates.sort((a, b) => b.reoKg - a.reoKg)[0];
    if (biggest) P.moveFlow(biggest, i);
  }

  // ---- 14. Pass-through shells resell within days at cost ± <1%. ----
  const passMargins = new Map<string, { lag: number; margin: number }>();
  for (const i of black.pt) {
    const bySeller = new Map<string, Flow[]>();
    for (const f of P.flows) {
      if (f.buyer !== i || f.tag === 'pass-out') continue;
      const key = `${f.seller}|${f.cls}`;
      const list = bySeller.get(key) ?? [];
      list.push(f);
      bySeller.set(key, list);
    }
    for (const [key, list] of bySeller) {
      const metalOnly = list.every((f) => HEAVY_FOR_METAL.has(f.productId));
      const target = metalOnly && black.em.length > 0 ? black.em : black.et.length > 0 ? black.et : black.ex;
      const buyer = target[rng.weightedIndex(target.map((t) => P.ent(t).size))] ?? -1;
      const linkKey = `pass:${key}|${i}`;
      const loss = rng.range(0, 0.004);
      passMargins.set(linkKey, { lag: rng.intRange(0, 2), margin: rng.range(0.001, 0.006) });
      for (const f of list) {
        P.addFlow(i, buyer, f.productId, f.reoKg * (1 - loss), 'pass-out', linkKey, f.unit);
      }
    }
  }

  // ---- 15. Exposed traders resell upwards, to exposed metal plants, and into the reserve. ----
  const reserves: Reserve[] = [];
  const etList = ents.filter((e) => e.part === 'ET').sort((a, b) => a.rank - b.rank);
  for (const e of etList) {
    e.turnover = rng.range(0.86, 0.95);
    const higher = etList.filter((t) => t.rank > e.rank).map((t) => t.index);
    for (const [p, kg0] of P.received[e.index] ?? []) {
      const kg = kg0 * e.turnover;
      if (!(kg > 0)) continue;
      let rest = kg;
      if (HEAVY_FOR_METAL.has(p) && black.em.length > 0) {
        P.push(e.index, p, kg * 0.5, black.em, { flat: true, k: 2, tag: 'exposure' });
        rest -= kg * 0.5;
      }
      if (higher.length > 0 && rng.chance(0.5)) {
        P.push(e.index, p, kg * 0.15, higher, { flat: true, k: 1, tag: 'exposure' });
        rest -= kg * 0.15;
      }
      reserves.push({ seller: e.index, productId: p, remaining: rest });
    }
  }

  // ---- 16. Bleaching traders sell to their buyers at a fraction of market. ----
  const bleachers = byPart('BT');
  const bleachedBuyers = byPart('BB');
  const bleachMix = (kind: EnterpriseKind): readonly (readonly [string, number])[] =>
    kind === 'metal'
      ? [
          ['oxide-prnd', 0.6],
          ['oxide-nd', 0.15],
          ['oxide-dy', 0.15],
          ['oxide-tb', 0.1],
        ]
      : kind === 'user-magnet'
        ? [
            ['metal-prnd', 0.7],
            ['alloy-dyfe', 0.2],
            ['metal-tb', 0.1],
          ]
        : [
            ['oxide-prnd', 0.5],
            ['oxide-dy', 0.25],
            ['oxide-tb', 0.15],
            ['oxide-nd', 0.1],
          ];
  const btTotal = [...btTarget.values()].reduce((a, b) => a + b, 0);
  const btPerBuyer = btTotal / Math.max(1, bleachedBuyers.length);
  for (const bb of bleachedBuyers) {
    // Bleached value: 68–80% of what the buyer buys at reference value (so its purchase value gap
    // is far below −0.30 with most of its purchases below market).
    let legalValue = 0;
    for (const [p, reo] of P.received[bb.index] ?? [])
      legalValue += (reo / reoPerKgOf(catalogue, p)) * (meanReference.get(p) ?? 0);
    const s = rng.range(0.68, 0.8);
    const mix = bleachMix(bb.kind);
    let mixValuePerReo = 0;
    for (const [p, w] of mix) mixValuePerReo += (w * (meanReference.get(p) ?? 0)) / reoPerKgOf(catalogue, p);
    const wantValue = legalValue > 0 ? (legalValue * s) / (1 - s) : 0;
    const reoWanted = Math.max(wantValue / mixValuePerReo, btPerBuyer * rng.range(0.6, 1.4));
    const suppliers = rng.weightedSample(
      bleachers.map((b) => btTarget.get(b.index) ?? 1),
      Math.min(bleachers.length, rng.intRange(1, 3)),
    );
    for (const si of suppliers) {
      const bt = bleachers[si];
      if (!bt) continue;
      for (const [p, w] of mix)
        P.addFlow(bt.index, bb.index, p, (reoWanted * w) / suppliers.length, 'bleach');
    }
  }
  // Bleachers that found no buyer sell to one anyway (every planted bleacher must issue invoices).
  for (const bt of bleachers) {
    if (P.soldTotal(bt.index) > 0 || bleachedBuyers.length === 0) continue;
    const bb = rng.pick(bleachedBuyers);
    for (const [p, w] of bleachMix(bb.kind))
      P.addFlow(bt.index, bb.index, p, (btTarget.get(bt.index) ?? 100_000) * w, 'bleach');
  }
  for (const bt of bleachers) P.planted[bt.index] = P.soldTotal(bt.index);

  // ---- 17. Exposed and bleached-buyer metal plants convert; their metal goes to the reserve. ----
  for (const e of ents) {
    if (!(e.kind === 'metal' && isPart(e, 'EM', 'BB'))) continue;
    for (const [p, kg] of convert(e)) reserves.push({ seller: e.index, productId: p, remaining: kg });
  }
  // Exposed and bleached exporters and users are terminal: they resell nothing.

  // ---- 18. Where the reserve goes: a planned dose to each exposed user, the rest to exporters. ----
  const sigma = provisionalShares(P, miningQuotaKg, reserves);
  const euList = ents.filter((e) => e.part === 'EU');
  for (const u of euList) {
    const needs = USER_NEEDS[u.kind] ?? [];
    const options = reserves.filter((r) => needs.includes(r.productId) && r.remaining > 500);
    if (options.length === 0) continue;
    const picks = rng.weightedSample(
      options.map((r) => r.remaining * (sigma[r.seller] ?? 0)),
      Math.min(2, options.length),
    );
    const chosen = picks.map((pi) => options[pi]).filter((r): r is Reserve => r !== undefined);
    if (chosen.length === 0) continue;
    const avail = chosen.reduce((a, r) => a + r.remaining, 0);
    const sBar = chosen.reduce((a, r) => a + r.remaining * (sigma[r.seller] ?? 0), 0) / avail;
    const legalIn = P.receivedTotal(u.index);
    const grey = rng.chance(0.7) && sBar > 0.42;
    const t = grey ? Math.min(rng.range(0.32, 0.55), sBar - 0.08) : rng.range(0.03, 0.07);
    let dose = legalIn > 0 ? (t * legalIn) / Math.max(0.01, sBar - t) : grey ? rng.range(20_000, 120_000) : 0;
    if (grey && dose > avail * 0.7) {
      // Not enough black supply to reach the grey dose: settle for a clearly white exposure.
      dose = legalIn > 0 ? (0.05 * legalIn) / Math.max(0.01, sBar - 0.05) : 0;
    }
    dose = Math.min(dose, avail * 0.7);
    if (dose < 300) continue;
    for (const r of chosen) {
      const take = (dose * r.remaining) / avail;
      r.remaining -= take;
      P.addFlow(r.seller, u.index, r.productId, take, 'exposure');
    }
  }
  for (const r of reserves) {
    if (r.remaining < 50) continue;
    const target = black.ex.length > 0 ? black.ex : legal('exporter');
    P.push(r.seller, r.productId, r.remaining, target, {
      flat: true,
      boostEmpty: 10,
      k: Math.min(2, target.length),
      tag: 'exposure',
    });
  }

  // ---- 19. Circular invoicing rings among traders: paper turnover in a 90-day window. ----
  const rings: PlanResult['rings'] = [];
  const ringIds = [...new Set(ents.filter((e) => e.part === 'RING').map((e) => e.ring))].sort(
    (a, b) => a - b,
  );
  for (const r of ringIds) {
    const members = rng.shuffle(ents.filter((e) => e.part === 'RING' && e.ring === r).map((e) => e.index));
    if (members.length < 2) continue;
    const from = rng.intRange(15, cal.days - 80);
    const to = from + rng.intRange(40, 60);
    const perEdge = rng.range(75_000, 160_000);
    const productId = P.ent(members[0] ?? 0).kind === 'trader-metal' ? 'metal-nd' : 'oxide-prnd';
    for (const m of members) {
      const e = P.ent(m);
      e.activeFrom = from;
      e.activeTo = to;
      // The stock that makes the first lap possible, declared (so books balance).
      e.openingStockKg = Math.round((perEdge * rng.range(0.2, 0.3)) / 100) * 100;
    }
    members.forEach((m, j) => {
      const next = members[(j + 1) % members.length] ?? m;
      P.addFlow(m, next, productId, perEdge * rng.range(0.985, 1.0), 'ring', `ring:${r}`, 't');
    });
    rings.push({ members, from, to, reoKg: perEdge, productId });
  }

  // ---- 20. Processing fees (no material: unpriced, 0 REO). ----
  for (const e of seps) {
    if (e.part !== 'legal' || !rng.chance(0.2)) continue;
    const buyers = poolOf(
      ents,
      (b) => b.kind === 'metal' && b.part === 'legal' && (b.group === e.group || b.province === e.province),
    );
    if (buyers.length === 0) continue;
    P.addFlow(e.index, rng.pick(buyers), 'fee-processing', Math.round(rng.range(50, 400)) * 1000, 'fee');
  }

  // ---- 21. Opening stocks, declared where stock is held. ----
  declareStocks(P, rng, miningQuotaKg);

  // ---- 22. Separation quotas: legal plants keep headroom; over-quota plants get far less than they sell. ----
  const sepSales = new Float64Array(n);
  for (const e of seps) {
    let s = 0;
    for (const [p, kg] of P.sold[e.index] ?? [])
      if (catalogue.getProductOrThrow(p).category === 'separation') s += kg;
    sepSales[e.index] = s;
  }
  const legalSeps = seps.filter((e) => e.part !== 'OQS');
  const oqsList = seps.filter((e) => e.part === 'OQS');
  const need = (e: SimEnterprise, h: number): number => ((sepSales[e.index] ?? 0) / 1000) * h;
  const headroom = new Map(legalSeps.map((e) => [e.index, rng.range(1.05, 1.2)]));
  const oqsShare = new Map(oqsList.map((e) => [e.index, rng.range(0.3, 0.55)]));
  let legalNeed = legalSeps.reduce((a, e) => a + need(e, headroom.get(e.index) ?? 1.1), 0);
  let oqsNeed = oqsList.reduce((a, e) => a + need(e, oqsShare.get(e.index) ?? 0.4), 0);
  if (legalNeed + oqsNeed > nq.separation) {
    const oqsMin = oqsList.reduce((a, e) => a + need(e, 0.08), 0);
    const oqsScale = Math.max(
      oqsMin / Math.max(1, oqsNeed),
      (nq.separation - legalNeed) / Math.max(1, oqsNeed),
    );
    for (const [k, v] of oqsShare) oqsShare.set(k, v * Math.min(1, oqsScale));
    oqsNeed = oqsList.reduce((a, e) => a + need(e, oqsShare.get(e.index) ?? 0.4), 0);
    if (legalNeed + oqsNeed > nq.separation) {
      const h = Math.max(1.025, (nq.separation - oqsNeed) / Math.max(1, legalNeed / 1.1));
      for (const k of headroom.keys()) headroom.set(k, Math.min(headroom.get(k) ?? h, h));
      legalNeed = legalSeps.reduce((a, e) => a + need(e, headroom.get(e.index) ?? 1.1), 0);
    }
  }
  const sepWeights = seps.map((e) =>
    e.part === 'OQS' ? need(e, oqsShare.get(e.index) ?? 0.4) : need(e, headroom.get(e.index) ?? 1.1),
  );
  const base = sepWeights.map((w) => Math.ceil(w));
  let baseSum = base.reduce((a, b) => a + b, 0);
  // Rounding up may overshoot the national total by a few tonnes: take them from over-quota plants
  // (then from the largest), never below one tonne.
  for (let guard = 0; baseSum > nq.separation && guard < 100_000; guard++) {
    let pick = -1;
    seps.forEach((e, i) => {
      if ((base[i] ?? 0) <= 1) return;
      if (pick < 0) pick = i;
      const better = e.part === 'OQS' && seps[pick]?.part !== 'OQS';
      const same = (e.part === 'OQS') === (seps[pick]?.part === 'OQS');
      if (better || (same && (base[i] ?? 0) > (base[pick] ?? 0))) pick = i;
    });
    if (pick < 0) break;
    base[pick] = (base[pick] ?? 0) - 1;
    baseSum--;
  }
  const gap = nq.separation - baseSum;
  // Whatever is left of the national total goes to legal plants (more headroom, never less).
  const extra =
    gap > 0
      ? largestRemainder(
          gap,
          seps.map((e, i) => (e.part === 'OQS' ? 0 : (sepWeights[i] ?? 0) + 1)),
        )
      : seps.map(() => 0);
  seps.forEach((e, i) => {
    const t = (base[i] ?? 0) + (extra[i] ?? 0);
    separationQuotaKg[e.index] = t * 1000;
    if (t > 0) addQuota(e, 'separation', t);
  });

  return {
    planner: P,
    quotas,
    miningQuotaKg,
    separationQuotaKg,
    legalMinedKg,
    illegalTargetKg,
    rings,
    passMargins,
    meanReference,
  };
}

function reoPerKgOf(catalogue: Catalogue, productId: string): number {
  const p = catalogue.getProductOrThrow(productId);
  return p.basis === 'reo' ? 1 : p.reoPerKg;
}

/** Declared opening stocks (kg REO, multiples of 100 kg: the file carries tonnes with one decimal). */
function declareStocks(P: Planner, rng: Rng, miningQuotaKg: Float64Array): void {
  const round = (kg: number): number => Math.round(kg / 100) * 100;
  for (const e of P.ents) {
    if (e.openingStockKg !== null) continue; // rings set theirs
    const inKg = P.receivedTotal(e.index);
    let stock: number | null = null;
    if (e.kind.startsWith('trader') && isPart(e, 'legal', 'ET')) {
      // A trader selling more than it buys draws down a stock it declared (never below 100 kg).
      if (e.turnover > 1)
        stock = Math.max(100, Math.ceil((inKg * (e.turnover - 1 + rng.range(0.05, 0.12))) / 100) * 100);
      else if (rng.chance(0.5)) stock = inKg * rng.range(0.02, 0.15);
    } else if (e.kind.startsWith('sep') && isPart(e, 'legal', 'HL', 'OQS')) {
      if (rng.chance(0.8)) stock = inKg * rng.range(0.04, 0.1);
    } else if (e.kind === 'metal' && isPart(e, 'legal', 'EM', 'BB')) {
      if (rng.chance(0.7)) stock = inKg * rng.range(0.03, 0.08);
    } else if (e.kind.startsWith('mine') && e.part === 'legal') {
      if (rng.chance(0.4)) stock = (miningQuotaKg[e.index] ?? 0) * rng.range(0.005, 0.03);
    } else if (e.kind === 'recycler' && e.part === 'legal') {
      if (rng.chance(0.5)) stock = inKg * rng.range(0.02, 0.08);
    } else if (e.kind.startsWith('user') && isPart(e, 'legal', 'EU')) {
      if (rng.chance(0.2)) stock = inKg * rng.range(0.02, 0.06);
    }
    if (stock !== null && stock >= 100) e.openingStockKg = round(stock);
  }
}

/**
 * Illegal shares (inspection.md §4, proportional mixing) before the reserve is distributed: the
 * reserve's future sales count in the sellers' outputs so that their capacity is judged right.
 */
function provisionalShares(
  P: Planner,
  miningQuotaKg: Float64Array,
  reserves: readonly Reserve[],
): Float64Array {
  const extraOut = new Float64Array(P.ents.length);
  for (const r of reserves) extraOut[r.seller] = (extraOut[r.seller] ?? 0) + r.remaining;
  return illegalShares(
    P.ents,
    P.flows.map((f) => ({ seller: f.seller, buyer: f.buyer, reoKg: f.reoKg })),
    miningQuotaKg,
    extraOut,
  );
}

const RECOVERY: Readonly<Record<string, number>> = { separation: 0.95, metal: 0.96, recycling: 0.9 };

/** Recovery of an enterprise for capacity (inspection.md §3): the highest of its roles. */
export function recoveryOf(e: SimEnterprise): number {
  let r = 0;
  for (const role of e.roles) r = Math.max(r, RECOVERY[role] ?? 1);
  return r;
}

/**
 * Proportional-mixing illegal shares over a set of REO edges (inspection.md §4). Own illegal
 * source = max(0, out − capacity); own legal source = declared stock + mining quota.
 */
export function illegalShares(
  ents: readonly SimEnterprise[],
  edges: readonly { seller: number; buyer: number; reoKg: number }[],
  miningQuotaKg: Float64Array,
  extraOut?: Float64Array,
): Float64Array {
  const n = ents.length;
  const inKg = new Float64Array(n);
  const outKg = new Float64Array(n);
  const incoming: { from: number; kg: number }[][] = ents.map(() => []);
  for (const e of edges) {
    if (!(e.reoKg > 0)) continue;
    inKg[e.buyer] = (inKg[e.buyer] ?? 0) + e.reoKg;
    outKg[e.seller] = (outKg[e.seller] ?? 0) + e.reoKg;
    incoming[e.buyer]?.push({ from: e.seller, kg: e.reoKg });
  }
  if (extraOut) for (let i = 0; i < n; i++) outKg[i] = (outKg[i] ?? 0) + (extraOut[i] ?? 0);
  const own = new Float64Array(n);
  const illegalOwn = new Float64Array(n);
  for (const e of ents) {
    const i = e.index;
    const stock = e.openingStockKg ?? 0;
    const q = miningQuotaKg[i] ?? 0;
    const capacity = stock + recoveryOf(e) * (inKg[i] ?? 0) + q;
    illegalOwn[i] = Math.max(0, (outKg[i] ?? 0) - capacity);
    own[i] = stock + q;
  }
  const sigma = new Float64Array(n);
  for (let iter = 0; iter < 500; iter++) {
    let delta = 0;
    for (let i = 0; i < n; i++) {
      let num = illegalOwn[i] ?? 0;
      for (const { from, kg } of incoming[i] ?? []) num += kg * (sigma[from] ?? 0);
      const den = (inKg[i] ?? 0) + (own[i] ?? 0) + (illegalOwn[i] ?? 0);
      const s = den > 0 ? num / den : 0;
      delta = Math.max(delta, Math.abs(s - (sigma[i] ?? 0)));
      sigma[i] = s;
    }
    if (delta < 1e-10) break;
  }
  return sigma;
}
