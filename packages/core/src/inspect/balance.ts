// Mass balance and quotas (inspection.md §3): capacity from declared stock, recovered purchases
// and the mining quota; unexplained output beyond a tolerance; separation-quota overrun; the same
// balance element by element for the heavy elements.
import { SHIPPED_PRODUCTS, dayNumberOrThrow, daysInYear, findGroup } from '../domain/index.ts';
import type { EnterpriseRole, Product, QuotaKind } from '../domain/index.ts';
import type { Aggregates } from './aggregate.ts';
import { CAT_ORE, CAT_SEPARATION } from './context.ts';
import type { RunContext } from './context.ts';

export interface UnassignedQuota {
  readonly year: number;
  readonly group: string | null;
  readonly kind: QuotaKind;
  /** kg REO for the period (pro rata). */
  readonly kg: number;
}

export interface Balance {
  readonly reoIn: Float64Array;
  readonly reoOut: Float64Array;
  /** REO kg of ore-category and separation-category products sold. */
  readonly oreSold: Float64Array;
  readonly separationSold: Float64Array;
  readonly openingStock: Float64Array;
  /** Quotas for the period, pro rata by days, own plus the share of group quotas. */
  readonly rockQuota: Float64Array;
  readonly ionicQuota: Float64Array;
  readonly separationQuota: Float64Array;
  readonly recovery: Float64Array;
  readonly capacity: Float64Array;
  readonly unexplained: Float64Array;
  readonly quotaOverrun: Float64Array;
  readonly hasSeparationRole: Uint8Array;
  /** Per (enterprise, balanced element): [e * nEl + k]. */
  readonly elementSold: Float64Array;
  readonly elementBought: Float64Array;
  readonly elementCapacity: Float64Array;
  readonly elementUnexplained: Float64Array;
  readonly unassignedQuotas: readonly UnassignedQuota[];
}

/** Group identity: a known group's id (names and aliases resolve to it), else the text as written. */
export function groupKey(name: string | null): string | null {
  if (name === null || name.trim() === '') return null;
  return findGroup(name)?.id ?? name.normalize('NFKC').trim();
}

/** Share of a quota year that falls in the period: days of (period ∩ year) ÷ days in the year. */
export function proRata(year: number, from: number, to: number): number {
  const y0 = dayNumberOrThrow(`${String(year).padStart(4, '0')}-01-01`);
  const y1 = y0 + daysInYear(year) - 1;
  const days = Math.min(to, y1) - Math.max(from, y0) + 1;
  return days > 0 ? days / daysInYear(year) : 0;
}

/** Recovery of an enterprise: the highest over its roles; `other` for roles not named (and no roles). */
export function recoveryOf(
  roles: readonly EnterpriseRole[],
  table: RunContext['params']['recovery'],
): number {
  if (roles.length === 0) return table.other;
  let best = -Infinity;
  for (const r of roles) best = Math.max(best, table[r] ?? table.other);
  return best;
}

/** Mean composition share of the ore products of one ore type (dataset first, shipped catalogue else). */
function oreTypeShares(ctx: RunContext, oreType: 'rock' | 'ionic'): Float64Array {
  const pick = (ps: readonly Product[]) => ps.filter((p) => p.category === 'ore' && p.oreType === oreType);
  let ores = pick(ctx.dataset.products);
  if (ores.length === 0) ores = pick(SHIPPED_PRODUCTS);
  const out = new Float64Array(ctx.elements.length);
  if (ores.length === 0) return out;
  ctx.elements.forEach((el, k) => {
    let sum = 0;
    for (const o of ores) sum += o.composition[el] ?? 0;
    out[k] = sum / ores.length;
  });
  return out;
}

/** Computes the balance of every enterprise from the aggregates. */
export function computeBalance(ctx: RunContext, agg: Aggregates): Balance {
  const { n, p: nP, category, share, elements, params, dataset, d0, nDays } = ctx;
  const nEl = elements.length;
  const reoIn = new Float64Array(n);
  const reoOut = new Float64Array(n);
  const oreSold = new Float64Array(n);
  const separationSold = new Float64Array(n);
  const elementSold = new Float64Array(n * nEl);
  const elementBought = new Float64Array(n * nEl);
  const oreElementSold = new Float64Array(n * nEl);
  for (let e = 0; e < n; e++) {
    let inSum = 0;
    let outSum = 0;
    let ore = 0;
    let sep = 0;
    for (let p = 0; p < nP; p++) {
      const bought = agg.reoBuy[e * nP + p] as number;
      const sold = agg.reoSell[e * nP + p] as number;
      inSum += bought;
      outSum += sold;
      const cat = category[p] as number;
      if (cat === CAT_ORE) ore += sold;
      else if (cat === CAT_SEPARATION) sep += sold;
      if (bought === 0 && sold === 0) continue;
      for (let k = 0; k < nEl; k++) {
        const sh = share[p * nEl + k] as number;
        elementSold[e * nEl + k]! += sold * sh;
        elementBought[e * nEl + k]! += bought * sh;
        if (cat === CAT_ORE) oreElementSold[e * nEl + k]! += sold * sh;
      }
    }
    reoIn[e] = inSum;
    reoOut[e] = outSum;
    oreSold[e] = ore;
    separationSold[e] = sep;
  }

  // Quotas, pro rata by days of the period in the quota's year.
  const rockQuota = new Float64Array(n);
  const ionicQuota = new Float64Array(n);
  const separationQuota = new Float64Array(n);
  const target = (kind: QuotaKind) =>
    kind === 'mining_rock' ? rockQuota : kind === 'mining_ionic' ? ionicQuota : separationQuota;
  const keys = dataset.enterprises.map((e) => groupKey(e.group));
  const unassigned: UnassignedQuota[] = [];
  const from = d0;
  const to = d0 + nDays - 1;
  for (const q of dataset.quotas) {
    const kg = q.kg * proRata(q.year, from, to);
    if (kg === 0) continue;
    const arr = target(q.kind);
    if (q.enterprise >= 0) {
      if (q.enterprise >= n) throw new Error(`quota for unknown enterprise index ${q.enterprise}`);
      arr[q.enterprise]! += kg;
      continue;
    }
    // A group quota not split among its plants: shared among the group's enterprises holding the
    // quota's role, in proportion to their sales of the quota's category (ore for mining quotas,
    // separation products for separation quotas); else of all their sales; else equally.
    const key = groupKey(q.group);
    const role: EnterpriseRole = q.kind === 'separation' ? 'separation' : 'mining';
    const members: number[] = [];
    dataset.enterprises.forEach((e, i) => {
      if (key !== null && keys[i] === key && e.roles.includes(role)) members.push(i);
    });
    if (members.length === 0) {
      unassigned.push({ year: q.year, group: q.group, kind: q.kind, kg });
      continue;
    }
    const catSales = q.kind === 'separation' ? separationSold : oreSold;
    let weights = members.map((i) => Math.max(0, catSales[i] as number));
    if (weights.every((w) => w === 0)) weights = members.map((i) => Math.max(0, reoOut[i] as number));
    if (weights.every((w) => w === 0)) weights = members.map(() => 1);
    const total = weights.reduce((a, b) => a + b, 0);
    members.forEach((i, j) => {
      arr[i]! += (kg * (weights[j] as number)) / total;
    });
  }

  const openingStock = new Float64Array(n);
  const recovery = new Float64Array(n);
  const capacity = new Float64Array(n);
  const unexplained = new Float64Array(n);
  const quotaOverrun = new Float64Array(n);
  const hasSeparationRole = new Uint8Array(n);
  const elementCapacity = new Float64Array(n * nEl);
  const elementUnexplained = new Float64Array(n * nEl);
  const rockShares = oreTypeShares(ctx, 'rock');
  const ionicShares = oreTypeShares(ctx, 'ionic');
  for (let e = 0; e < n; e++) {
    const ent = dataset.enterprises[e];
    if (!ent) continue;
    const stock = ent.openingStockKg ?? 0;
    const rec = recoveryOf(ent.roles, params.recovery);
    const mining = (rockQuota[e] as number) + (ionicQuota[e] as number);
    const out = reoOut[e] as number;
    const input = reoIn[e] as number;
    openingStock[e] = stock;
    recovery[e] = rec;
    const cap = stock + rec * input + mining;
    capacity[e] = cap;
    const tol = Math.max(params.balanceAbsTolKg, params.balanceRelTol * out);
    unexplained[e] = Math.max(0, out - cap - tol);
    if (ent.roles.includes('separation')) {
      hasSeparationRole[e] = 1;
      quotaOverrun[e] = Math.max(0, (separationSold[e] as number) - (separationQuota[e] as number));
    }

    // Element balance: declared stock composition, else that of the period's purchases; the
    // mining quota carries the element share of the ore the enterprise sells, else (it sells no
    // ore) the mean composition of ores of the quota's type.
    const declared = ent.openingStockComposition;
    let declaredTotal = 0;
    if (declared) for (const v of Object.values(declared)) declaredTotal += v ?? 0;
    const ore = oreSold[e] as number;
    for (let k = 0; k < nEl; k++) {
      const el = elements[k];
      const idx = e * nEl + k;
      const bought = elementBought[idx] as number;
      const stockShare =
        declared && declaredTotal > 0 && el !== undefined
          ? (declared[el] ?? 0) / declaredTotal
          : input > 0
            ? bought / input
            : 0;
      const rockShare = ore > 0 ? (oreElementSold[idx] as number) / ore : (rockShares[k] as number);
      const ionicShare = ore > 0 ? (oreElementSold[idx] as number) / ore : (ionicShares[k] as number);
      const elCap =
        stock * stockShare +
        rec * bought +
        (rockQuota[e] as number) * rockShare +
        (ionicQuota[e] as number) * ionicShare;
      elementCapacity[idx] = elCap;
      const sold = elementSold[idx] as number;
      const elTol = Math.max(params.elementAbsTolKg, params.elementRelTol * sold);
      elementUnexplained[idx] = Math.max(0, sold - elCap - elTol);
    }
  }
  return {
    reoIn,
    reoOut,
    oreSold,
    separationSold,
    openingStock,
    rockQuota,
    ionicQuota,
    separationQuota,
    recovery,
    capacity,
    unexplained,
    quotaOverrun,
    hasSeparationRole,
    elementSold,
    elementBought,
    elementCapacity,
    elementUnexplained,
    unassignedQuotas: unassigned,
  };
}
