// createScenario: the registry, quotas, prices, planned streams and truth of one simulated year.
// Small (a few MB whatever `lines` is): the invoice lines themselves come from the line stream.
import { createCatalogue } from '../domain/catalogue.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import type { YearCalendar } from './calendar.ts';
import { createYearCalendar } from './calendar.ts';
import { DIRTY_RATE, walkDirtyRows } from './dirty.ts';
import { DEFAULT_ILLEGAL_RATIO, validateSimulationOptions } from './options.ts';
import type { SimulationOptions } from './options.ts';
import { createNumbering } from './numbering.ts';
import type { Numbering } from './numbering.ts';
import { illegalShares, planYear } from './plan.ts';
import type { PriceBook } from './prices.ts';
import { createPriceBook } from './prices.ts';
import { Rng } from './prng.ts';
import { createRegistry } from './registry.ts';
import { allocateLines, buildStreams, planLines } from './streams.ts';
import type { LinePlan } from './streams.ts';
import { buildTruthCore, computePlannedSignals } from './truth.ts';
import type { PlannedSignals, TruthCore } from './truth.ts';
import type { PlannedStream, QuotaRow, SimEnterprise, ViolationKind } from './model.ts';
import { PART_KIND } from './model.ts';

export interface ScenarioTotals {
  /** t REO mined and sold within quota (the legal supply). */
  readonly legalMinedT: number;
  /** t REO of illegal supply planted (entering without a source), by violation kind. */
  readonly illegalByKindT: Readonly<Partial<Record<ViolationKind, number>>>;
  readonly illegalSupplyT: number;
  /** illegalSupplyT ÷ legalMinedT (the seed: "nearly equal"). */
  readonly illegalRatio: number;
  /** t REO on all invoice lines (every sale in the chain; material is counted at each hop). */
  readonly invoicedReoT: number;
  readonly miningQuotaT: number;
  readonly separationQuotaT: number;
  readonly streams: number;
  readonly invoices: number;
  readonly lines: number;
}

/** One simulated year: everything but the invoice lines themselves. */
export interface Scenario {
  readonly options: Required<SimulationOptions>;
  readonly seed: number;
  readonly year: number;
  readonly catalogue: Catalogue;
  readonly calendar: YearCalendar;
  /** The registry (with the simulator's planning attributes). */
  readonly enterprises: readonly SimEnterprise[];
  readonly quotas: readonly QuotaRow[];
  readonly prices: PriceBook;
  readonly meanReference: ReadonlyMap<string, number>;
  /** Planned streams of invoices (seller → buyer, products, quantities, window, price level). */
  readonly streams: readonly PlannedStream[];
  readonly linePlan: LinePlan;
  readonly numbering: Numbering;
  /** Rows of the invoice file (lines, void copies, red-letter lines and, when dirty, dirty rows). */
  readonly totalRows: number;
  /** Mining and separation quota per enterprise, kg REO. */
  readonly miningQuotaKg: Float64Array;
  readonly separationQuotaKg: Float64Array;
  /** Planned signals per enterprise (inspection.md formulas on the planned quantities). */
  readonly signals: readonly PlannedSignals[];
  readonly truth: TruthCore;
  readonly totals: ScenarioTotals;
}

/**
 * Creates the scenario of a simulated year. Pure and deterministic: the same options give the
 * same scenario, bit for bit. Throws on invalid options (validate them first with
 * validateSimulationOptions).
 * @example const s = createScenario({ seed: 1, year: 2013, enterprises: 1594, lines: 1_000_000, dirty: false })
 */
export function createScenario(options: SimulationOptions): Scenario {
  const problems = validateSimulationOptions(options);
  if (problems.length > 0)
    throw new Error(`invalid simulation options: ${problems.map((p) => p.en).join('; ')}`);
  const resolved: Required<SimulationOptions> = { illegalRatio: DEFAULT_ILLEGAL_RATIO, ...options };
  const { seed, year } = resolved;
  const rng = new Rng(seed, 1);
  const catalogue = createCatalogue();
  const calendar = createYearCalendar(year);
  const enterprises = createRegistry(rng, resolved.enterprises, year);
  const prices = createPriceBook(seed, calendar, catalogue);
  const plan = planYear(seed, rng, catalogue, enterprises, calendar, prices, resolved.illegalRatio);
  const streams = buildStreams(
    { seed, cal: calendar, ents: enterprises, passMargins: plan.passMargins },
    plan.planner.flows,
  );
  allocateLines(streams, resolved.lines, resolved.dirty ? DIRTY_RATE * 0.45 : 0);
  const linePlan = planLines(seed, calendar, streams, enterprises);
  const numbering = createNumbering(seed, year, enterprises, linePlan.legacyBySeller);
  const totalRows = resolved.dirty ? walkDirtyRows(seed, linePlan.baseRows) : linePlan.baseRows;

  const edges: { seller: number; buyer: number; reoKg: number }[] = [];
  for (const s of streams)
    for (const it of s.items) {
      const reo = (it.unit === 't' ? it.units : it.units / 100) * it.reoPerKg;
      if (reo > 0) edges.push({ seller: s.seller, buyer: s.buyer, reoKg: reo });
    }
  const sigma = illegalShares(enterprises, edges, plan.miningQuotaKg);
  const signals = computePlannedSignals(
    enterprises,
    streams,
    catalogue,
    plan.meanReference,
    plan.miningQuotaKg,
    plan.separationQuotaKg,
    sigma,
  );
  const truth = buildTruthCore(enterprises, signals, plan.planner.planted, plan.rings, calendar);

  const illegalByKindT: Partial<Record<ViolationKind, number>> = {};
  let illegal = 0;
  for (const e of enterprises) {
    const kind = PART_KIND[e.part];
    const kg = plan.planner.planted[e.index] ?? 0;
    if (!kind || kg <= 0 || kind === 'heavy_from_light') continue;
    illegalByKindT[kind] = Math.round(((illegalByKindT[kind] ?? 0) + kg / 1000) * 10) / 10;
    illegal += kg / 1000;
  }
  const heavy = enterprises
    .filter((e) => e.part === 'HL')
    .reduce((a, e) => a + (plan.planner.planted[e.index] ?? 0), 0);
  if (heavy > 0) illegalByKindT.heavy_from_light = Math.round(heavy / 100) / 10;
  const invoicedReoT = edges.reduce((a, e) => a + e.reoKg, 0) / 1000;
  const totals: ScenarioTotals = {
    legalMinedT: Math.round(plan.legalMinedKg / 100) / 10,
    illegalByKindT,
    illegalSupplyT: Math.round(illegal * 10) / 10,
    illegalRatio: Math.round((illegal / (plan.legalMinedKg / 1000)) * 1000) / 1000,
    invoicedReoT: Math.round(invoicedReoT * 10) / 10,
    miningQuotaT: plan.quotas.filter((q) => q.kind !== 'separation').reduce((a, q) => a + q.tonnes, 0),
    separationQuotaT: plan.quotas.filter((q) => q.kind === 'separation').reduce((a, q) => a + q.tonnes, 0),
    streams: streams.length,
    invoices: linePlan.invoices,
    lines: totalRows,
  };

  return {
    options: resolved,
    seed,
    year,
    catalogue,
    calendar,
    enterprises,
    quotas: plan.quotas,
    prices,
    meanReference: plan.meanReference,
    streams,
    linePlan,
    numbering,
    totalRows,
    miningQuotaKg: plan.miningQuotaKg,
    separationQuotaKg: plan.separationQuotaKg,
    signals,
    truth,
    totals,
  };
}
