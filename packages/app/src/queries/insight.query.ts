// Read models the web app's dashboard and dossier draw (issue 6), beyond the list/dossier API:
// list counts by region for a run and the run before it; an enterprise's suppliers and customers
// as flow edges with the illegal share each carries; an enterprise's price ratio against the
// reference, month by month. Every answer is cut to the reader's regions (inspection.md §8,
// issue 5): an enterprise outside them is not found, and a counterparty outside them shows its
// invoiced volume (the lines are visible to the reader) but none of its findings.
//
// The aggregates are Kysely queries on the store's tables, written here rather than in the
// store's line queries (another engineer's files): plain group-by / sum, no dialect-specific
// SQL, so they run the same on SQLite and PostgreSQL (house rule 6).
import type { IsoDate } from '@oresight/core/domain';
import { getRegion, prefectureCodeOf, provinceCodeOf } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import { DEFAULT_POLICY } from '@oresight/core/inspect';
import type { InspectionRunMeta, Store } from '@oresight/store';
import { findPolicyByHash, getLatestRun, getRunMeta, listPrices } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Actor } from '../users/roles.ts';
import { createMemo } from './memo.ts';
import type { ReferencePrices } from './reference-prices.ts';
import { buildReferencePrices } from './reference-prices.ts';
import type { RunRef } from './run-entries.ts';
import { runRefOf } from './run-entries.ts';
import { effectiveRegion, isRegionVisible } from './scope.ts';

export type ListCounts = Record<ListName, number>;

export interface RegionSummaryQuery {
  /** The run summarised (default: the latest finished run). */
  readonly runId?: number;
  /** The run compared against (default: the finished run before `runId`). */
  readonly compareTo?: number;
  /** Group by province (default) or by prefecture (city). */
  readonly level?: 'province' | 'prefecture';
}

export interface RegionSummaryRow {
  /** Province (`xx0000`) or prefecture (`xxyy00`) code; null for enterprises of unknown region. */
  readonly code: string | null;
  readonly nameZh: string | null;
  readonly nameEn: string | null;
  /** Entries of the run in this region (the reader's visible ones). */
  readonly enterprises: number;
  readonly counts: ListCounts;
  /** The same counts in the compared run (null without one). */
  readonly previous: ListCounts | null;
}

export interface RegionSummary {
  readonly run: RunRef | null;
  readonly previous: RunRef | null;
  readonly level: 'province' | 'prefecture';
  /** Regions with at least one entry in either run, most black-listed first. */
  readonly regions: readonly RegionSummaryRow[];
  readonly totals: { readonly counts: ListCounts; readonly previous: ListCounts | null };
}

export interface FlowQuery {
  /** The run whose period and findings are used (default: the latest finished run). */
  readonly runId?: number;
  /** Counterparties listed per side, largest REO kg first (the rest are summed). Default 12. */
  readonly limit?: number;
}

export interface FlowParty {
  readonly taxId: string;
  readonly name: string;
  /** In the reader's regions: its list and illegal share are shown (else null). */
  readonly visible: boolean;
  readonly registered: boolean;
  readonly region: string | null;
  readonly list: ListName | null;
  /** The counterparty's illegalShare in the run (inspection.md §4), when visible. */
  readonly illegalShare: number | null;
  /** Net REO kg on the edge (red-letter lines netted, voided lines excluded). */
  readonly reoKg: number;
  /** Net amount ex-VAT, CNY. */
  readonly amount: number;
  /** Counted lines (red-letter lines count too). */
  readonly lines: number;
  /**
   * REO kg on the edge that traces back to illegal sources: purchases carry their seller's mix,
   * so reoKg × the seller's illegalShare (null when that is unknown or hidden).
   */
  readonly illegalKg: number | null;
}

export interface FlowSide {
  readonly items: readonly FlowParty[];
  /** Counterparties beyond `limit`, summed. */
  readonly others: {
    readonly parties: number;
    readonly reoKg: number;
    readonly amount: number;
    readonly lines: number;
    readonly illegalKg: number | null;
  };
  readonly totalReoKg: number;
  /** Σ illegalKg over the edges where it is known. */
  readonly illegalKg: number;
  readonly parties: number;
}

export interface EnterpriseFlows {
  readonly taxId: string;
  readonly run: RunRef | null;
  /** The lines counted: the run's period (all dates when there is no run). */
  readonly period: { readonly from: string; readonly to: string } | null;
  readonly list: ListName | null;
  readonly illegalShare: number | null;
  /** Who it bought from. */
  readonly suppliers: FlowSide;
  /** Who it sold to. */
  readonly customers: FlowSide;
}

export interface PriceRatioQuery {
  readonly runId?: number;
  /** At most this many single-line points (the largest by REO kg are kept). Default 1500. */
  readonly maxPoints?: number;
}

export interface PriceRatioBucket {
  /** Material lines (priced or not). */
  readonly lines: number;
  readonly pricedLines: number;
  /** Σ amount over priced lines, CNY ex-VAT. */
  readonly amount: number;
  /** Σ kg × reference over priced lines, CNY. */
  readonly referenceValue: number;
  /** amount ÷ referenceValue (inspection.md §2: 1 + the value gap); null without priced lines. */
  readonly ratio: number | null;
  /** Share of the reference value on lines with a ratio below 1 − priceBand. */
  readonly belowBandShare: number | null;
}

export interface PriceRatioPoint {
  readonly id: number;
  readonly date: string;
  readonly side: 'purchase' | 'sale';
  readonly productId: string;
  readonly ratio: number;
  readonly reoKg: number;
}

export interface PriceRatioSeries {
  readonly taxId: string;
  readonly run: RunRef | null;
  readonly period: { readonly from: string; readonly to: string } | null;
  /** From the run's policy (default policy without a run). */
  readonly priceBand: number;
  readonly priceStalenessDays: number;
  readonly months: readonly {
    readonly month: string;
    readonly purchases: PriceRatioBucket;
    readonly sales: PriceRatioBucket;
  }[];
  readonly totals: { readonly purchases: PriceRatioBucket; readonly sales: PriceRatioBucket };
  readonly points: readonly PriceRatioPoint[];
  /** Priced lines in all (points may hold fewer). */
  readonly pointsTotal: number;
}

const LISTS: readonly ListName[] = ['black', 'grey', 'white', 'unrated'];

function emptyCounts(): ListCounts {
  return { black: 0, grey: 0, white: 0, unrated: 0 };
}

function isListName(v: string): v is ListName {
  return (LISTS as readonly string[]).includes(v);
}

const round = (x: number, digits: number) => {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
};

interface LightEntry {
  readonly taxId: string;
  readonly list: ListName;
  readonly region: string | null;
  readonly illegalShare: number | null;
}

/** Per store: finished runs never change, so their light entries are cached by run id. */
const entryMemos = new WeakMap<Store, ReturnType<typeof createMemo<Map<string, LightEntry>>>>();

async function lightEntries(store: Store, runId: number): Promise<Map<string, LightEntry>> {
  let memo = entryMemos.get(store);
  if (!memo) {
    memo = createMemo<Map<string, LightEntry>>(8);
    entryMemos.set(store, memo);
  }
  return memo.get(String(runId), async () => {
    const rows = await store.db
      .selectFrom('runEntries')
      .select(['taxId', 'list', 'region', 'signals'])
      .where('runId', '=', runId)
      .execute();
    const map = new Map<string, LightEntry>();
    for (const r of rows) {
      if (!isListName(r.list)) throw new Error(`run ${runId} entry ${r.taxId}: unknown list "${r.list}"`);
      map.set(r.taxId, {
        taxId: r.taxId,
        list: r.list,
        region: r.region,
        illegalShare: illegalShareOf(r.signals),
      });
    }
    return map;
  });
}

/** The illegalShare of a stored signals object (null when absent or not a number). */
function illegalShareOf(signals: string): number | null {
  // The share is one field of a large object: a cheap scan before a full parse.
  const m = /"illegalShare":(-?[0-9.eE+-]+|null)/.exec(signals);
  if (!m || m[1] === 'null') return null;
  const v = Number(m[1]);
  return Number.isFinite(v) ? v : null;
}

async function registryRegions(
  store: Store,
): Promise<Map<string, { region: string | null; name: string; registered: true }>> {
  const rows = await store.db.selectFrom('enterprises').select(['taxId', 'region', 'name']).execute();
  return new Map(rows.map((r) => [r.taxId, { region: r.region, name: r.name, registered: true as const }]));
}

/** A finished run by id, or the latest finished run (null when there is none). */
async function resolveRun(
  store: Store,
  runId: number | undefined,
): Promise<Outcome<InspectionRunMeta | null>> {
  if (runId === undefined) return ok((await getLatestRun(store.db)) ?? null);
  const meta = await getRunMeta(store.db, runId);
  if (!meta || meta.status !== 'done')
    return { ok: false, error: notFound(`检查批次 ${runId}`, `Run ${runId}`) };
  return ok(meta);
}

async function previousRun(store: Store, runId: number): Promise<InspectionRunMeta | null> {
  const row = await store.db
    .selectFrom('inspectionRuns')
    .select('id')
    .where('status', '=', 'done')
    .where('id', '<', runId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? ((await getRunMeta(store.db, Number(row.id))) ?? null) : null;
}

/**
 * List counts by region for a run and the run before it (the dashboard's "change since the
 * previous run"), over the enterprises the reader may see.
 * @example const s = await getRegionSummary(store, actor, { level: 'province' }); // s.value.regions[0].counts.black
 */
export async function getRegionSummary(
  store: Store,
  actor: Actor,
  q: RegionSummaryQuery = {},
): Promise<Outcome<RegionSummary>> {
  const level = q.level ?? 'province';
  const run = await resolveRun(store, q.runId);
  if (!run.ok) return run;
  if (run.value === null) {
    if (q.compareTo !== undefined)
      return fail('not_found', `未找到检查批次 ${q.compareTo}`, `Run ${q.compareTo} not found`);
    return ok({
      run: null,
      previous: null,
      level,
      regions: [],
      totals: { counts: emptyCounts(), previous: null },
    });
  }
  const meta = run.value;
  let prev: InspectionRunMeta | null;
  if (q.compareTo !== undefined) {
    const r = await resolveRun(store, q.compareTo);
    if (!r.ok) return r;
    prev = r.value;
  } else prev = await previousRun(store, Number(meta.id));

  const [registry, current, before] = await Promise.all([
    registryRegions(store),
    lightEntries(store, Number(meta.id)),
    prev ? lightEntries(store, Number(prev.id)) : Promise.resolve(null),
  ]);
  const regionKey = (code: string | null) =>
    code === null ? null : level === 'province' ? provinceCodeOf(code) : prefectureCodeOf(code);
  const rows = new Map<string | null, { enterprises: number; counts: ListCounts; previous: ListCounts }>();
  const rowOf = (key: string | null) => {
    let row = rows.get(key);
    if (!row) {
      row = { enterprises: 0, counts: emptyCounts(), previous: emptyCounts() };
      rows.set(key, row);
    }
    return row;
  };
  const totals = { counts: emptyCounts(), previous: emptyCounts() };
  const tally = (entries: Map<string, LightEntry>, which: 'counts' | 'previous') => {
    for (const e of entries.values()) {
      const region = effectiveRegion(e.taxId, registry.get(e.taxId)?.region ?? null, e.region);
      if (!isRegionVisible(actor, region)) continue;
      const row = rowOf(regionKey(region));
      row[which][e.list] += 1;
      totals[which][e.list] += 1;
      if (which === 'counts') row.enterprises += 1;
    }
  };
  tally(current, 'counts');
  if (before) tally(before, 'previous');

  const regions: RegionSummaryRow[] = [...rows.entries()].map(([code, row]) => {
    const r = code === null ? undefined : getRegion(code);
    return {
      code,
      nameZh: r?.nameZh ?? null,
      nameEn: r?.nameEn ?? null,
      enterprises: row.enterprises,
      counts: row.counts,
      previous: before ? row.previous : null,
    };
  });
  regions.sort(
    (a, b) =>
      b.counts.black - a.counts.black ||
      b.counts.grey - a.counts.grey ||
      b.enterprises - a.enterprises ||
      (a.code ?? '~').localeCompare(b.code ?? '~'),
  );
  return ok({
    run: runRefOf(meta),
    previous: prev ? runRefOf(prev) : null,
    level,
    regions,
    totals: { counts: totals.counts, previous: before ? totals.previous : null },
  });
}

interface EdgeRow {
  party: string;
  name: string | null;
  reoKg: number;
  amountFen: number;
  lines: number;
}

/** Net REO kg, amount and line count per counterparty on one side of an enterprise's material lines. */
async function edgesOf(
  store: Store,
  taxId: string,
  side: 'sales' | 'purchases',
  period: { from: string; to: string } | null,
): Promise<EdgeRow[]> {
  const own = side === 'sales' ? 'sellerTaxId' : 'buyerTaxId';
  const other = side === 'sales' ? 'buyerTaxId' : 'sellerTaxId';
  const otherName = side === 'sales' ? 'buyerName' : 'sellerName';
  let query = store.db
    .selectFrom('invoiceLines')
    .select((eb) => [
      eb.ref(other).as('party'),
      eb.fn.max(otherName).as('name'),
      eb.fn.sum<number | string>('reoKg').as('reoKg'),
      eb.fn.sum<number | string>('amountFen').as('amountFen'),
      eb.fn.countAll<number | string>().as('lines'),
    ])
    .where(own, '=', taxId)
    // Self-invoicing moves nothing (inspection-engine.md §4).
    .where(other, '!=', taxId)
    // Voided invoices never count; lines without material (unmatched items, fees) carry no REO.
    .where('status', '!=', 'void')
    .where('reoKg', '!=', 0);
  if (period) query = query.where('issueDate', '>=', period.from).where('issueDate', '<=', period.to);
  const rows = await query.groupBy(other).execute();
  return rows.map((r) => ({
    party: String(r.party),
    name: r.name === null ? null : String(r.name),
    // Sums come back as strings from PostgreSQL's numeric: numbers here, rounded as the engine rounds.
    reoKg: round(Number(r.reoKg), 3),
    amountFen: Number(r.amountFen),
    lines: Number(r.lines),
  }));
}

/**
 * An enterprise's suppliers and customers in a run's period, with the REO kg each edge carries
 * and the part of it that traces back to illegal sources. Undefined when the enterprise is not
 * known or outside the reader's regions.
 * @example const f = await getEnterpriseFlows(store, actor, '91150200…', { limit: 10 });
 */
export async function getEnterpriseFlows(
  store: Store,
  actor: Actor,
  taxId: string,
  q: FlowQuery = {},
): Promise<Outcome<EnterpriseFlows> | undefined> {
  const run = await resolveRun(store, q.runId);
  if (!run.ok) return run;
  const meta = run.value;
  const [registry, entries] = await Promise.all([
    registryRegions(store),
    meta ? lightEntries(store, Number(meta.id)) : Promise.resolve(new Map<string, LightEntry>()),
  ]);
  const regionOf = (id: string) =>
    effectiveRegion(id, registry.get(id)?.region ?? null, entries.get(id)?.region ?? null);
  const known = registry.has(taxId) || entries.has(taxId) || (await hasAnyLine(store, taxId));
  if (!known || !isRegionVisible(actor, regionOf(taxId))) return undefined;
  const period = meta ? { from: meta.periodFrom, to: meta.periodTo } : null;
  const [sales, purchases] = await Promise.all([
    edgesOf(store, taxId, 'sales', period),
    edgesOf(store, taxId, 'purchases', period),
  ]);
  const own = entries.get(taxId);
  const ownShare = own?.illegalShare ?? null;
  const limit = Math.max(1, q.limit ?? 12);

  const side = (rows: EdgeRow[], shareOf: (party: string) => number | null): FlowSide => {
    const parties = rows.map((r): FlowParty => {
      const visible = isRegionVisible(actor, regionOf(r.party));
      const entry = visible ? entries.get(r.party) : undefined;
      const share = shareOf(r.party);
      return {
        taxId: r.party,
        name: registry.get(r.party)?.name ?? r.name ?? r.party,
        visible,
        registered: registry.has(r.party),
        region: visible ? regionOf(r.party) : null,
        list: entry?.list ?? null,
        illegalShare: visible ? (entry?.illegalShare ?? null) : null,
        reoKg: r.reoKg,
        amount: round(r.amountFen / 100, 2),
        lines: r.lines,
        illegalKg: share === null ? null : round(Math.max(0, r.reoKg) * share, 3),
      };
    });
    parties.sort((a, b) => b.reoKg - a.reoKg || (a.taxId < b.taxId ? -1 : 1));
    const items = parties.slice(0, limit);
    const rest = parties.slice(limit);
    const sum = (xs: FlowParty[], f: (p: FlowParty) => number) => xs.reduce((s, p) => s + f(p), 0);
    const restIllegal = rest.some((p) => p.illegalKg !== null) ? sum(rest, (p) => p.illegalKg ?? 0) : null;
    return {
      items,
      others: {
        parties: rest.length,
        reoKg: round(
          sum(rest, (p) => p.reoKg),
          3,
        ),
        amount: round(
          sum(rest, (p) => p.amount),
          2,
        ),
        lines: sum(rest, (p) => p.lines),
        illegalKg: restIllegal === null ? null : round(restIllegal, 3),
      },
      totalReoKg: round(
        sum(parties, (p) => p.reoKg),
        3,
      ),
      illegalKg: round(
        sum(parties, (p) => p.illegalKg ?? 0),
        3,
      ),
      parties: parties.length,
    };
  };
  // A purchase carries its seller's mix; a sale carries this enterprise's (inspection.md §4).
  const supplierShare = (party: string) =>
    isRegionVisible(actor, regionOf(party)) ? (entries.get(party)?.illegalShare ?? null) : null;
  return ok({
    taxId,
    run: meta ? runRefOf(meta) : null,
    period,
    list: own?.list ?? null,
    illegalShare: ownShare,
    suppliers: side(purchases, supplierShare),
    customers: side(sales, () => ownShare),
  });
}

async function hasAnyLine(store: Store, taxId: string): Promise<boolean> {
  const [s, b] = await Promise.all([
    store.db
      .selectFrom('invoiceLines')
      .select('id')
      .where('sellerTaxId', '=', taxId)
      .limit(1)
      .executeTakeFirst(),
    store.db
      .selectFrom('invoiceLines')
      .select('id')
      .where('buyerTaxId', '=', taxId)
      .limit(1)
      .executeTakeFirst(),
  ]);
  return s !== undefined || b !== undefined;
}

/** The run's price parameters (its stored policy; the default policy's without one). */
async function priceParameters(
  store: Store,
  meta: InspectionRunMeta | null,
): Promise<{ priceBand: number; priceStalenessDays: number }> {
  const fallback = {
    priceBand: DEFAULT_POLICY.parameters.priceBand,
    priceStalenessDays: DEFAULT_POLICY.parameters.priceStalenessDays,
  };
  if (!meta) return fallback;
  const row = await findPolicyByHash(store.db, meta.policyHash);
  if (!row) return fallback;
  let parameters: Record<string, unknown> = {};
  try {
    const body: unknown = JSON.parse(row.body);
    const p =
      typeof body === 'object' && body !== null ? (body as { parameters?: unknown }).parameters : undefined;
    if (typeof p === 'object' && p !== null) parameters = p as Record<string, unknown>;
  } catch {
    return fallback;
  }
  const band = parameters.priceBand;
  const days = parameters.priceStalenessDays;
  return {
    priceBand: typeof band === 'number' && band >= 0 && band < 1 ? band : fallback.priceBand,
    priceStalenessDays: typeof days === 'number' && days >= 0 ? days : fallback.priceStalenessDays,
  };
}

/** Quotes change only with an import: the index is cached per committed-batch state. */
const priceMemos = new WeakMap<Store, ReturnType<typeof createMemo<ReferencePrices>>>();

async function referencePrices(store: Store): Promise<ReferencePrices> {
  let memo = priceMemos.get(store);
  if (!memo) {
    memo = createMemo<ReferencePrices>(2);
    priceMemos.set(store, memo);
  }
  const v = await store.db
    .selectFrom('importBatches')
    .select((eb) => [eb.fn.max('id').as('maxId'), eb.fn.countAll<number | string>().as('n')])
    .where('status', '=', 'committed')
    .where('kind', '=', 'prices')
    .executeTakeFirstOrThrow();
  return memo.get(`${String(v.maxId)}:${String(v.n)}`, async () =>
    buildReferencePrices(await listPrices(store.db)),
  );
}

interface BucketAcc {
  lines: number;
  pricedLines: number;
  amount: number;
  referenceValue: number;
  below: number;
}

const newAcc = (): BucketAcc => ({ lines: 0, pricedLines: 0, amount: 0, referenceValue: 0, below: 0 });

function bucketOf(a: BucketAcc): PriceRatioBucket {
  const priced = a.referenceValue > 0;
  return {
    lines: a.lines,
    pricedLines: a.pricedLines,
    amount: round(a.amount, 2),
    referenceValue: round(a.referenceValue, 2),
    ratio: priced ? round(a.amount / a.referenceValue, 6) : null,
    belowBandShare: priced ? round(a.below / a.referenceValue, 6) : null,
  };
}

/**
 * An enterprise's price ratio against the reference (inspection.md §2), month by month for its
 * purchases and its sales, with single-line points. References are the quote-based ones the line
 * API shows (no peer fallback). Undefined when the enterprise is not visible to the reader.
 * @example const s = await getEnterprisePriceRatios(store, actor, '91150200…'); // s.value.months[0].purchases.ratio
 */
export async function getEnterprisePriceRatios(
  store: Store,
  actor: Actor,
  taxId: string,
  q: PriceRatioQuery = {},
): Promise<Outcome<PriceRatioSeries> | undefined> {
  const run = await resolveRun(store, q.runId);
  if (!run.ok) return run;
  const meta = run.value;
  const [registry, entries] = await Promise.all([
    registryRegions(store),
    meta ? lightEntries(store, Number(meta.id)) : Promise.resolve(new Map<string, LightEntry>()),
  ]);
  const region = effectiveRegion(
    taxId,
    registry.get(taxId)?.region ?? null,
    entries.get(taxId)?.region ?? null,
  );
  const known = registry.has(taxId) || entries.has(taxId) || (await hasAnyLine(store, taxId));
  if (!known || !isRegionVisible(actor, region)) return undefined;

  const period = meta ? { from: meta.periodFrom, to: meta.periodTo } : null;
  const [{ priceBand, priceStalenessDays }, prices] = await Promise.all([
    priceParameters(store, meta),
    referencePrices(store),
  ]);
  const linesOf = (own: 'sellerTaxId' | 'buyerTaxId') => {
    let query = store.db
      .selectFrom('invoiceLines')
      .select(['id', 'issueDate', 'sellerTaxId', 'productId', 'amountFen', 'kg', 'reoKg'])
      .where(own, '=', taxId)
      .where('status', '!=', 'void')
      .where('productId', 'is not', null)
      .where('reoKg', '!=', 0);
    if (period) query = query.where('issueDate', '>=', period.from).where('issueDate', '<=', period.to);
    return query.execute();
  };
  const [sold, bought] = await Promise.all([linesOf('sellerTaxId'), linesOf('buyerTaxId')]);
  const months = new Map<string, { purchases: BucketAcc; sales: BucketAcc }>();
  const totals = { purchases: newAcc(), sales: newAcc() };
  const points: PriceRatioPoint[] = [];
  const visit = (line: (typeof sold)[number], side: 'purchase' | 'sale') => {
    const month = line.issueDate.slice(0, 7);
    let m = months.get(month);
    if (!m) {
      m = { purchases: newAcc(), sales: newAcc() };
      months.set(month, m);
    }
    const key = side === 'purchase' ? 'purchases' : 'sales';
    const accs = [m[key], totals[key]];
    for (const a of accs) a.lines += 1;
    const productId = line.productId as string;
    const ref = prices.lookup(productId, line.issueDate as IsoDate, priceStalenessDays);
    const kg = Number(line.kg);
    if (!ref || kg === 0) return;
    const amount = Number(line.amountFen) / 100;
    const value = kg * ref.pricePerKg;
    const ratio = amount / value;
    if (!Number.isFinite(ratio)) return;
    for (const a of accs) {
      a.pricedLines += 1;
      a.amount += amount;
      a.referenceValue += value;
      // A red-letter line has its original's ratio and a negative value: it takes its share back.
      if (ratio < 1 - priceBand) a.below += value;
    }
    points.push({
      id: Number(line.id),
      date: line.issueDate,
      side,
      productId,
      ratio: round(ratio, 6),
      reoKg: round(Number(line.reoKg), 3),
    });
  };
  for (const line of sold) visit(line, 'sale');
  // A line it invoices to itself is one of its sales, not also a purchase.
  for (const line of bought) if (line.sellerTaxId !== taxId) visit(line, 'purchase');

  const maxPoints = Math.max(0, q.maxPoints ?? 1500);
  const kept =
    points.length <= maxPoints
      ? points
      : [...points].sort((a, b) => Math.abs(b.reoKg) - Math.abs(a.reoKg) || a.id - b.id).slice(0, maxPoints);
  kept.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.id - b.id));
  return ok({
    taxId,
    run: meta ? runRefOf(meta) : null,
    period,
    priceBand,
    priceStalenessDays,
    months: [...months.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, m]) => ({ month, purchases: bucketOf(m.purchases), sales: bucketOf(m.sales) })),
    totals: { purchases: bucketOf(totals.purchases), sales: bucketOf(totals.sales) },
    points: kept,
    pointsTotal: points.length,
  });
}
