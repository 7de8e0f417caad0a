// TEST SUPPORT ONLY. A small, independent reference computation of the inspection.md signals
// straight from the files the simulator writes (registry, quota and price tables as strings, invoice
// lines as strings), used by the tests to check that legal books balance and planted violations
// trip their signals. It shares nothing with the planner but the domain catalogue.
import { createCatalogue, reoPerKgForLine } from '../domain/catalogue.ts';
import { dayNumberOf } from '../domain/dates.ts';
import { ELEMENTS } from '../domain/elements.ts';
import { parseRoles } from '../domain/roles.ts';
import { parseUnit } from '../domain/units.ts';
import { vatRateOn } from '../domain/vat.ts';
import { parseQuotaKind } from '../domain/groups.ts';
import type { Table } from './encode.ts';
import type { SimulatedInvoiceLine } from './line.ts';

const catalogue = createCatalogue();
const RECOVERY: Record<string, number> = { separation: 0.95, metal: 0.96, recycling: 0.9 };
const HEAVY = ['Dy', 'Tb', 'Eu', 'Y'] as const;

export interface RefEnterprise {
  taxId: string;
  roles: string[];
  stockKg: number;
  miningQuotaKg: number;
  sepQuotaKg: number;
  founded: number | null;
  deregistered: number | null;
  reoIn: number;
  reoOut: number;
  sepSales: number;
  elIn: Record<string, number>;
  elOut: Record<string, number>;
  buyAmount: number;
  buyRef: number;
  buyBelow: number;
  sellAmount: number;
  sellRef: number;
  pricedKg: number;
  allKg: number;
  firstDay: number;
  lastDay: number;
  /** Purchase and sale lines: day, product, kg, amount (for pass-through). */
  buys: { day: number; product: string; kg: number; amount: number }[];
  sells: { day: number; product: string; kg: number; amount: number }[];
  lines: number;
}

export interface RefSignals {
  capacity: number;
  unexplainedKg: number;
  overCapacityKg: number;
  tolerance: number;
  quotaOverrunKg: number;
  purchaseValueGap: number | null;
  belowMarketShare: number | null;
  saleValueGap: number | null;
  pricedShare: number;
  elementUnexplained: Record<string, number>;
  elementOver: Record<string, number>;
  elementTolerance: Record<string, number>;
  passThrough: boolean;
  passThroughDetail: { inOut: number; margin: number; medianLag: number } | null;
  shortLived: boolean;
}

export interface Reference {
  readonly ents: Map<string, RefEnterprise>;
  readonly signals: Map<string, RefSignals>;
  readonly illegalShare: Map<string, number>;
  readonly cycles: { members: string[]; minEdgeKg: number; windowStart: number }[];
  readonly lineCount: number;
}

function quoteBook(prices: Table): Map<string, { day: number; exPerKg: number }[]> {
  const book = new Map<string, { day: number; exPerKg: number }[]>();
  for (const r of prices.rows) {
    const [date = '', name = '', priceText = '', unit = '', vat = ''] = r;
    const day = dayNumberOf(date);
    const product = catalogue.findProduct(name);
    if (day === undefined || !product) continue;
    const m = /^(\d+(?:\.\d+)?)-(\d+(?:\.\d+)?)$/.exec(priceText);
    const price = m ? (Number(m[1]) + Number(m[2])) / 2 : Number(priceText);
    if (!Number.isFinite(price)) continue;
    let perKg = unit === '元/吨' ? price / 1000 : price;
    if (vat === '是') perKg /= 1 + vatRateOn(date);
    const list = book.get(product.id) ?? [];
    list.push({ day, exPerKg: perKg });
    book.set(product.id, list);
  }
  for (const list of book.values()) list.sort((a, b) => a.day - b.day);
  return book;
}

function referenceOf(
  book: Map<string, { day: number; exPerKg: number }[]>,
  productId: string,
  day: number,
): number | undefined {
  const list = book.get(productId);
  if (!list) return undefined;
  let lo = 0;
  let hi = list.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((list[mid]?.day ?? 0) <= day) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const q = list[found];
  if (!q || day - q.day > 14) return undefined;
  return q.exPerKg;
}

/** Computes the reference signals for a full year of lines. */
export function computeReference(
  registry: Table,
  quotas: Table,
  prices: Table,
  lines: Iterable<SimulatedInvoiceLine>,
): Reference {
  const ents = new Map<string, RefEnterprise>();
  const blank = (taxId: string): RefEnterprise => ({
    taxId,
    roles: [],
    stockKg: 0,
    miningQuotaKg: 0,
    sepQuotaKg: 0,
    founded: null,
    deregistered: null,
    reoIn: 0,
    reoOut: 0,
    sepSales: 0,
    elIn: {},
    elOut: {},
    buyAmount: 0,
    buyRef: 0,
    buyBelow: 0,
    sellAmount: 0,
    sellRef: 0,
    pricedKg: 0,
    allKg: 0,
    firstDay: Infinity,
    lastDay: -Infinity,
    buys: [],
    sells: [],
    lines: 0,
  });
  const get = (taxId: string): RefEnterprise => {
    let e = ents.get(taxId);
    if (!e) {
      e = blank(taxId);
      ents.set(taxId, e);
    }
    return e;
  };
  for (const r of registry.rows) {
    const e = get(r[0] ?? '');
    e.roles = parseRoles(r[2] ?? '').roles;
    e.stockKg = r[8] ? Number(r[8]) * 1000 : 0;
    e.founded = dayNumberOf(r[6] ?? '') ?? null;
    e.deregistered = dayNumberOf(r[7] ?? '') ?? null;
  }
  for (const r of quotas.rows) {
    const e = get(r[2] ?? '');
    const kind = parseQuotaKind(r[4] ?? '');
    const kg = Number(r[5]) * 1000;
    if (kind === 'separation') e.sepQuotaKg += kg;
    else if (kind) e.miningQuotaKg += kg;
  }
  const book = quoteBook(prices);
  const edges = new Map<string, { seller: string; buyer: string; reo: number; byDay: Map<number, number> }>();
  let lineCount = 0;
  for (const l of lines) {
    lineCount++;
    if (l.status === '作废') continue;
    const product = catalogue.getProduct(catalogue.matchItemName(l.itemName).productId ?? '');
    const unit = parseUnit(l.unit);
    const day = dayNumberOf(l.issueDate);
    if (!product || !unit || day === undefined) continue;
    const qty = Number(l.quantity);
    const kg = qty * unit.kgPerUnit;
    const amount = Number(l.amount);
    const reo = product.category === 'fee' ? 0 : kg * reoPerKgForLine(product, l.specification);
    const seller = get(l.sellerTaxId);
    const buyer = get(l.buyerTaxId);
    for (const e of [seller, buyer]) {
      e.firstDay = Math.min(e.firstDay, day);
      e.lastDay = Math.max(e.lastDay, day);
      e.lines++;
    }
    if (product.category === 'fee') continue;
    seller.reoOut += reo;
    buyer.reoIn += reo;
    if (product.category === 'separation' && seller.roles.includes('separation')) seller.sepSales += reo;
    for (const el of ELEMENTS) {
      const share = product.composition[el] ?? 0;
      if (share === 0) continue;
      seller.elOut[el] = (seller.elOut[el] ?? 0) + reo * share;
      buyer.elIn[el] = (buyer.elIn[el] ?? 0) + reo * share;
    }
    const ref = referenceOf(book, product.id, day);
    for (const e of [seller, buyer]) e.allKg += Math.abs(reo);
    if (ref !== undefined) {
      const refValue = kg * ref;
      const ratio = Number(l.unitPrice) / unit.kgPerUnit / ref;
      buyer.buyAmount += amount;
      buyer.buyRef += refValue;
      if (ratio < 0.8) buyer.buyBelow += refValue;
      seller.sellAmount += amount;
      seller.sellRef += refValue;
      seller.pricedKg += Math.abs(reo);
      buyer.pricedKg += Math.abs(reo);
    }
    buyer.buys.push({ day, product: product.id, kg, amount });
    seller.sells.push({ day, product: product.id, kg, amount });
    const key = `${l.sellerTaxId}>${l.buyerTaxId}`;
    let edge = edges.get(key);
    if (!edge) {
      edge = { seller: l.sellerTaxId, buyer: l.buyerTaxId, reo: 0, byDay: new Map() };
      edges.set(key, edge);
    }
    edge.reo += reo;
    edge.byDay.set(day, (edge.byDay.get(day) ?? 0) + reo);
  }

  const signals = new Map<string, RefSignals>();
  for (const e of ents.values()) {
    const recovery = e.roles.reduce((m, r) => Math.max(m, RECOVERY[r] ?? 1), 0);
    const capacity = e.stockKg + recovery * e.reoIn + e.miningQuotaKg;
    const tolerance = Math.max(1000, 0.03 * e.reoOut);
    const elementUnexplained: Record<string, number> = {};
    const elementOver: Record<string, number> = {};
    const elementTolerance: Record<string, number> = {};
    for (const el of HEAVY) {
      const sold = e.elOut[el] ?? 0;
      const bought = e.elIn[el] ?? 0;
      const stockShare = e.reoIn > 0 ? bought / e.reoIn : 0;
      const oreShare = e.reoOut > 0 ? sold / e.reoOut : 0;
      const cap = e.stockKg * stockShare + recovery * bought + e.miningQuotaKg * oreShare;
      const tol = Math.max(100, 0.03 * sold);
      elementOver[el] = sold - cap;
      elementTolerance[el] = tol;
      elementUnexplained[el] = Math.max(0, sold - cap - tol);
    }
    let passThroughDetail: RefSignals['passThroughDetail'] = null;
    let passThrough = false;
    if (e.roles.includes('trading') && e.reoIn > 0) {
      const inOut = Math.abs(e.reoOut - e.reoIn) / e.reoIn;
      const purchaseCost = e.buys.reduce((a, b) => a + b.amount, 0);
      const sales = e.sells.reduce((a, b) => a + b.amount, 0);
      const margin = purchaseCost > 0 ? sales / purchaseCost - 1 : Infinity;
      const lags: number[] = [];
      for (const s of e.sells) {
        let last = -Infinity;
        for (const b of e.buys) if (b.product === s.product && b.day <= s.day && b.day > last) last = b.day;
        if (last > -Infinity) lags.push(s.day - last);
      }
      lags.sort((a, b) => a - b);
      const medianLag = lags.length > 0 ? (lags[Math.floor((lags.length - 1) / 2)] ?? Infinity) : Infinity;
      passThroughDetail = { inOut, margin, medianLag };
      passThrough = inOut <= 0.03 && Math.abs(margin) <= 0.01 && medianLag <= 3;
    }
    const founded = e.founded;
    const shortLived =
      (e.deregistered !== null && e.lastDay > -Infinity && e.deregistered - e.lastDay <= 90) ||
      (founded !== null && e.firstDay < Infinity && e.firstDay - founded <= 180 && e.reoOut > 0);
    signals.set(e.taxId, {
      capacity,
      unexplainedKg: Math.max(0, e.reoOut - capacity - tolerance),
      overCapacityKg: e.reoOut - capacity,
      tolerance,
      quotaOverrunKg: e.roles.includes('separation') ? Math.max(0, e.sepSales - e.sepQuotaKg) : 0,
      purchaseValueGap: e.buyRef > 0 ? e.buyAmount / e.buyRef - 1 : null,
      belowMarketShare: e.buyRef > 0 ? e.buyBelow / e.buyRef : null,
      saleValueGap: e.sellRef > 0 ? e.sellAmount / e.sellRef - 1 : null,
      pricedShare: e.allKg > 0 ? e.pricedKg / e.allKg : 1,
      elementUnexplained,
      elementOver,
      elementTolerance,
      passThrough,
      passThroughDetail,
      shortLived,
    });
  }

  // Illegal shares by proportional mixing (inspection.md §4).
  const ids = [...ents.keys()];
  const index = new Map(ids.map((id, i) => [id, i]));
  const n = ids.length;
  const inKg = new Float64Array(n);
  const own = new Float64Array(n);
  const illegalOwn = new Float64Array(n);
  const incoming: { from: number; kg: number }[][] = ids.map(() => []);
  for (const edge of edges.values()) {
    if (edge.reo <= 0) continue;
    const s = index.get(edge.seller) ?? -1;
    const b = index.get(edge.buyer) ?? -1;
    incoming[b]?.push({ from: s, kg: edge.reo });
    inKg[b] = (inKg[b] ?? 0) + edge.reo;
  }
  ids.forEach((id, i) => {
    const e = ents.get(id);
    const sig = signals.get(id);
    if (!e || !sig) return;
    illegalOwn[i] = Math.max(0, e.reoOut - sig.capacity);
    own[i] = e.stockKg + e.miningQuotaKg;
  });
  const sigma = new Float64Array(n);
  for (let iter = 0; iter < 1000; iter++) {
    let delta = 0;
    for (let i = 0; i < n; i++) {
      let num = illegalOwn[i] ?? 0;
      for (const { from, kg } of incoming[i] ?? []) num += kg * (sigma[from] ?? 0);
      const den = (inKg[i] ?? 0) + (own[i] ?? 0) + (illegalOwn[i] ?? 0);
      const v = den > 0 ? num / den : 0;
      delta = Math.max(delta, Math.abs(v - (sigma[i] ?? 0)));
      sigma[i] = v;
    }
    if (delta < 1e-9) break;
  }
  const illegalShare = new Map(ids.map((id, i) => [id, sigma[i] ?? 0]));

  // Cycles (inspection.md §5): edges ≥ 10 t within a 90-day window, length 2–4, min ≥ 0.7 × max.
  const heavyEdges = [...edges.values()].filter((e) => e.reo >= 10_000);
  const days = [...heavyEdges.flatMap((e) => [...e.byDay.keys()])];
  const first = Math.min(...days, Infinity);
  const last = Math.max(...days, -Infinity);
  const found = new Map<string, { members: string[]; minEdgeKg: number; windowStart: number }>();
  for (let w = first; w <= last; w += 3) {
    const adj = new Map<string, Map<string, number>>();
    for (const e of heavyEdges) {
      let sum = 0;
      for (const [d, kg] of e.byDay) if (d >= w && d < w + 90) sum += kg;
      if (sum < 10_000) continue;
      const m = adj.get(e.seller) ?? new Map<string, number>();
      m.set(e.buyer, sum);
      adj.set(e.seller, m);
    }
    const nodes = [...adj.keys()].sort();
    for (const start of nodes) {
      const path = [start];
      const weights: number[] = [];
      const dfs = (node: string): void => {
        for (const [next, kg] of adj.get(node) ?? []) {
          if (next === start && path.length >= 2) {
            const all = [...weights, kg];
            const min = Math.min(...all);
            const max = Math.max(...all);
            if (min >= 0.7 * max) {
              const key = [...path].sort().join('|');
              const prev = found.get(key);
              if (!prev || prev.minEdgeKg < min)
                found.set(key, { members: [...path], minEdgeKg: min, windowStart: w });
            }
            continue;
          }
          if (next <= start || path.includes(next) || path.length >= 4) continue;
          path.push(next);
          weights.push(kg);
          dfs(next);
          path.pop();
          weights.pop();
        }
      };
      dfs(start);
    }
  }
  return { ents, signals, illegalShare, cycles: [...found.values()], lineCount };
}
