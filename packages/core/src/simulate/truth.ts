// The known truth: which enterprises were planted as violators (and which signals of inspection.md
// their books trip, computed from the planned quantities with the inspection's own formulas), who is
// only exposed to black material and how much, where the rings are, and the year's totals.
import type { Catalogue } from '../domain/catalogue.ts';
import { HEAVY_ELEMENTS, ELEMENTS } from '../domain/elements.ts';
import type { Element } from '../domain/elements.ts';
import { compositionVector } from './chemistry.ts';
import type { YearCalendar } from './calendar.ts';
import { PART_KIND } from './model.ts';
import type { PlannedStream, SimEnterprise, ViolationKind } from './model.ts';
import { recoveryOf } from './plan.ts';
import { QUOTE_NOMINAL_REO } from './prices.ts';

/** Signals of one enterprise computed from the plan (inspection.md §2–§4 formulas, yearly period). */
export interface PlannedSignals {
  reoInKg: number;
  reoOutKg: number;
  capacityKg: number;
  unexplainedKg: number;
  separationSalesKg: number;
  separationQuotaKg: number;
  quotaOverrunKg: number;
  /** Σ amount ÷ Σ reference value − 1 over purchases, with the mean reference of each product. */
  purchaseValueGap: number | null;
  belowMarketShare: number | null;
  saleValueGap: number | null;
  elementSoldKg: Record<string, number>;
  elementUnexplainedKg: Record<string, number>;
  illegalShare: number;
}

const UNEXPLAINED_BLACK = (out: number): number => Math.max(10_000, 0.05 * out);

/** Planned signals of every enterprise. */
export function computePlannedSignals(
  ents: readonly SimEnterprise[],
  streams: readonly PlannedStream[],
  catalogue: Catalogue,
  meanReference: ReadonlyMap<string, number>,
  miningQuotaKg: Float64Array,
  separationQuotaKg: Float64Array,
  sigma: Float64Array,
): PlannedSignals[] {
  const n = ents.length;
  const reoIn = new Float64Array(n);
  const reoOut = new Float64Array(n);
  const sepSales = new Float64Array(n);
  const elIn = ents.map(() => new Float64Array(ELEMENTS.length));
  const elOut = ents.map(() => new Float64Array(ELEMENTS.length));
  const buyRef = new Float64Array(n);
  const buyAmt = new Float64Array(n);
  const buyBelow = new Float64Array(n);
  const sellRef = new Float64Array(n);
  const sellAmt = new Float64Array(n);
  const comp = new Map<string, Float64Array>();
  for (const s of streams) {
    const factor = s.link ? (streams[s.link.stream]?.priceFactor ?? 1) * (1 + s.link.margin) : s.priceFactor;
    const seller = ents[s.seller];
    for (const it of s.items) {
      const product = catalogue.getProductOrThrow(it.productId);
      if (product.category === 'fee') continue;
      const kg = it.unit === 't' ? it.units : it.units / 100;
      const reo = kg * it.reoPerKg;
      let c = comp.get(it.productId);
      if (!c) {
        c = compositionVector(product.composition);
        comp.set(it.productId, c);
      }
      reoIn[s.buyer] = (reoIn[s.buyer] ?? 0) + reo;
      reoOut[s.seller] = (reoOut[s.seller] ?? 0) + reo;
      if (product.category === 'separation' && seller?.roles.includes('separation'))
        sepSales[s.seller] = (sepSales[s.seller] ?? 0) + reo;
      const ei = elIn[s.buyer];
      const eo = elOut[s.seller];
      for (let i = 0; i < ELEMENTS.length; i++) {
        if (ei) ei[i] = (ei[i] ?? 0) + reo * (c[i] ?? 0);
        if (eo) eo[i] = (eo[i] ?? 0) + reo * (c[i] ?? 0);
      }
      // Compounds and scrap are priced by content: the line's price per kg scales with its REO.
      const nominal = QUOTE_NOMINAL_REO[it.productId];
      const ratio = factor * (nominal ? it.reoPerKg / nominal : 1);
      const ref = kg * (meanReference.get(it.productId) ?? 0);
      if (ref > 0) {
        buyRef[s.buyer] = (buyRef[s.buyer] ?? 0) + ref;
        buyAmt[s.buyer] = (buyAmt[s.buyer] ?? 0) + ref * ratio;
        if (ratio < 0.8) buyBelow[s.buyer] = (buyBelow[s.buyer] ?? 0) + ref;
        sellRef[s.seller] = (sellRef[s.seller] ?? 0) + ref;
        sellAmt[s.seller] = (sellAmt[s.seller] ?? 0) + ref * ratio;
      }
    }
  }
  return ents.map((e) => {
    const i = e.index;
    const stock = e.openingStockKg ?? 0;
    const q = miningQuotaKg[i] ?? 0;
    const rec = recoveryOf(e);
    const inKg = reoIn[i] ?? 0;
    const outKg = reoOut[i] ?? 0;
    const capacity = stock + rec * inKg + q;
    const unexplained = Math.max(0, outKg - capacity - Math.max(1000, 0.03 * outKg));
    const sq = separationQuotaKg[i] ?? 0;
    const elementSoldKg: Record<string, number> = {};
    const elementUnexplainedKg: Record<string, number> = {};
    for (const el of HEAVY_ELEMENTS) {
      const j = ELEMENTS.indexOf(el);
      const sold = elOut[i]?.[j] ?? 0;
      const bought = elIn[i]?.[j] ?? 0;
      const stockShare = inKg > 0 ? bought / inKg : 0;
      const oreShare = outKg > 0 ? sold / outKg : 0;
      const cap = stock * stockShare + rec * bought + q * oreShare;
      elementSoldKg[el] = sold;
      elementUnexplainedKg[el] = Math.max(0, sold - cap - Math.max(100, 0.03 * sold));
    }
    const bRef = buyRef[i] ?? 0;
    const sRef = sellRef[i] ?? 0;
    return {
      reoInKg: inKg,
      reoOutKg: outKg,
      capacityKg: capacity,
      unexplainedKg: unexplained,
      separationSalesKg: sepSales[i] ?? 0,
      separationQuotaKg: sq,
      quotaOverrunKg: e.roles.includes('separation') ? Math.max(0, (sepSales[i] ?? 0) - sq) : 0,
      purchaseValueGap: bRef > 0 ? (buyAmt[i] ?? 0) / bRef - 1 : null,
      belowMarketShare: bRef > 0 ? (buyBelow[i] ?? 0) / bRef : null,
      saleValueGap: sRef > 0 ? (sellAmt[i] ?? 0) / sRef - 1 : null,
      elementSoldKg,
      elementUnexplainedKg,
      illegalShare: sigma[i] ?? 0,
    };
  });
}

export interface TruthViolator {
  readonly taxId: string;
  readonly name: string;
  readonly kinds: ViolationKind[];
  readonly expectedList: 'black' | 'grey';
  /** Signals (inspection.md ids) that the planted violation trips with margin. */
  readonly signals: string[];
  /** Planted illegal kg: REO entering without a source (for heavy_from_light: Dy+Tb kg). */
  readonly plantedKg: number;
  /** The planned values behind the signals, rounded. */
  readonly planned: Record<string, number | null>;
}

export interface TruthExposed {
  readonly taxId: string;
  readonly name: string;
  readonly expectedList: 'grey' | 'white';
  readonly illegalShareApprox: number;
}

export interface TruthCycle {
  readonly members: string[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly productId: string;
  readonly reoKgPerEdge: number;
}

export interface TruthCore {
  readonly violators: TruthViolator[];
  readonly exposed: TruthExposed[];
  readonly cycles: TruthCycle[];
}

const round = (x: number, digits = 0): number => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

/** Builds the violators, exposed and cycles of the truth from planned signals. */
export function buildTruthCore(
  ents: readonly SimEnterprise[],
  signals: readonly PlannedSignals[],
  planted: readonly number[],
  rings: readonly { members: number[]; from: number; to: number; reoKg: number; productId: string }[],
  cal: YearCalendar,
): TruthCore {
  const violators: TruthViolator[] = [];
  const exposed: TruthExposed[] = [];
  for (const e of ents) {
    const s = signals[e.index];
    if (!s) continue;
    const kind = PART_KIND[e.part];
    if (kind) {
      // Signals are listed only when they fire with margin (1.5× the policy threshold), so that
      // an inspection on the same data must see them; the list is black when any black rule fires.
      const list: string[] = [];
      let black = false;
      const blackAt = UNEXPLAINED_BLACK(s.reoOutKg);
      if (s.unexplainedKg >= blackAt) black = true;
      if (s.unexplainedKg >= 1.5 * blackAt) list.push('unexplainedKg');
      const overrunAt = 0.01 * s.separationQuotaKg;
      if (s.quotaOverrunKg > 0 && s.quotaOverrunKg > overrunAt) black = true;
      if (s.quotaOverrunKg > 0 && s.quotaOverrunKg >= 1.5 * overrunAt) list.push('quotaOverrunKg');
      const gap = s.purchaseValueGap;
      const below = s.belowMarketShare ?? 0;
      if (gap !== null && gap <= -0.3 && below >= 0.5) black = true;
      if (gap !== null && gap <= -0.35 && below >= 0.6) list.push('purchaseValueGap');
      if (s.saleValueGap !== null && s.saleValueGap <= -0.25) list.push('saleValueGap');
      if (e.part === 'RING') {
        list.push('cycle');
        black = true;
      }
      for (const el of ['Dy', 'Tb', 'Eu', 'Y'] as Element[]) {
        const u = s.elementUnexplainedKg[el] ?? 0;
        const at = Math.max(500, 0.2 * (s.elementSoldKg[el] ?? 0));
        if (u >= at) black = true;
        if (u >= 1.5 * at) list.push(`elementUnexplained:${el}`);
      }
      if (e.part === 'PT') list.push('passThrough');
      if (e.part === 'BT') list.push('shortLivedIssuer');
      if (s.illegalShare >= 0.25) list.push('illegalShare');
      violators.push({
        taxId: e.taxId,
        name: e.name,
        kinds: [kind],
        expectedList: black ? 'black' : 'grey',
        signals: list,
        plantedKg: round(planted[e.index] ?? 0),
        planned: {
          reoInKg: round(s.reoInKg),
          reoOutKg: round(s.reoOutKg),
          capacityKg: round(s.capacityKg),
          unexplainedKg: round(s.unexplainedKg),
          separationQuotaKg: round(s.separationQuotaKg),
          quotaOverrunKg: round(s.quotaOverrunKg),
          purchaseValueGap: s.purchaseValueGap === null ? null : round(s.purchaseValueGap, 3),
          belowMarketShare: s.belowMarketShare === null ? null : round(s.belowMarketShare, 3),
          saleValueGap: s.saleValueGap === null ? null : round(s.saleValueGap, 3),
          DyUnexplainedKg: round(s.elementUnexplainedKg.Dy ?? 0),
          TbUnexplainedKg: round(s.elementUnexplainedKg.Tb ?? 0),
          illegalShare: round(s.illegalShare, 3),
        },
      });
    } else if (s.illegalShare > 0.001) {
      exposed.push({
        taxId: e.taxId,
        name: e.name,
        expectedList: s.illegalShare >= 0.2 ? 'grey' : 'white',
        illegalShareApprox: round(s.illegalShare, 3),
      });
    }
  }
  const byIndex = (i: number): string => ents[i]?.taxId ?? '';
  const cycles = rings.map((r) => ({
    members: r.members.map(byIndex),
    windowStart: cal.iso[r.from] ?? '',
    windowEnd: cal.iso[Math.min(cal.days - 1, r.to)] ?? '',
    productId: r.productId,
    reoKgPerEdge: round(r.reoKg * 0.985),
  }));
  return { violators, exposed, cycles };
}
