// The read side the API serves (issue 5): enterprises with their latest list, dossiers, invoice
// lines, quotas, prices, runs and their entries, run diffs and market series — every one of them
// cut to the reader's regions. Read models derived from the store are cached under data-version
// keys (see store getDataVersion), so a cached answer is never stale.
import type { Catalogue, IsoDate, LineFlagName } from '@oresight/core/domain';
import { regionLabel } from '@oresight/core/domain';
import type {
  EnterpriseSignals,
  InspectionResult,
  ListName,
  Reason,
  ResultDiff,
} from '@oresight/core/inspect';
import { DEFAULT_POLICY, diffResults } from '@oresight/core/inspect';
import type {
  DataVersion,
  EnterpriseRow,
  InspectionRunMeta,
  LineSearch,
  PriceRow,
  QuotaRow,
  Store,
} from '@oresight/store';
import {
  findPolicyByHash,
  getDataVersion,
  getInvoiceLines,
  getLineWithFlags,
  getLinesByKeys,
  getRunMeta,
  listAllEnterprises,
  listCatalogueOverrides,
  listEntriesOfEnterprise,
  listInvoiceParties,
  listLinePriceFacts,
  listPrices,
  listQuotas,
  listRunEntries,
  searchLines,
  searchPrices,
  searchQuotas,
  searchRuns,
} from '@oresight/store';
import { loadCatalogue } from '../shared/catalogue.ts';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import { computeFingerprint } from '../inspections/fingerprint.ts';
import { loadDataset } from '../inspections/load-dataset.ts';
import { getRunResult } from '../inspections/run-inspection.ts';
import type { Actor } from '../users/roles.ts';
import { toCsv } from './csv.ts';
import type { EnterpriseIndex, EnterpriseListItem, EnterpriseQuery } from './enterprise.query.ts';
import { buildEnterpriseIndex, filterEnterprises, pageEnterprises, toListItem } from './enterprise.query.ts';
import type { LineView } from './line.query.ts';
import { LINE_CSV_HEADER, flagMaskOf, lineCsvRow, toLineView } from './line.query.ts';
import type { MarketQuery, MarketSeries } from './market.query.ts';
import { computeMarketSeries } from './market.query.ts';
import { createMemo } from './memo.ts';
import type { Page } from './page.ts';
import { pageOf } from './page.ts';
import type { ReferencePrices } from './reference-prices.ts';
import { buildReferencePrices, lineRatio, normalizedQuote } from './reference-prices.ts';
import type { ParsedEntry, RunRef, SummarySignal } from './run-entries.ts';
import { parseEntry, runRefOf, summarySignals } from './run-entries.ts';
import { effectiveRegion, isNational, isRegionVisible } from './scope.ts';

/** The dossier of one enterprise (registry identity, latest findings, list history, quotas). */
export interface EnterpriseDossier {
  readonly taxId: string;
  readonly name: string;
  readonly roles: EnterpriseListItem['roles'];
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly group: string | null;
  readonly registered: boolean;
  readonly registry: {
    readonly miningLicence: string | null;
    readonly founded: string | null;
    readonly deregistered: string | null;
    readonly openingStockKg: number | null;
    readonly extra: Readonly<Record<string, string>>;
    /** The taxpayer ID's check character or embedded organization code check fails. */
    readonly taxIdCheckFailed: boolean;
    readonly batchId: number | null;
    readonly updatedAt: string;
  } | null;
  readonly latest: {
    readonly run: RunRef;
    readonly list: ListName;
    readonly score: number;
    readonly signals: EnterpriseSignals;
    readonly reasons: readonly Reason[];
  } | null;
  readonly history: readonly {
    readonly runId: number;
    readonly periodFrom: string;
    readonly periodTo: string;
    readonly createdAt: string;
    readonly list: ListName;
    readonly score: number;
  }[];
  readonly quotas: readonly {
    readonly year: number;
    readonly batch: string;
    readonly kind: string;
    readonly kg: number;
  }[];
}

export interface LineQuery {
  readonly party?: string;
  readonly seller?: string;
  readonly buyer?: string;
  /** A product id, or `unmatched` for lines outside the catalogue. */
  readonly product?: string;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly invoiceKey?: string;
  readonly status?: string;
  /** Lines carrying any of these warnings. */
  readonly flags?: readonly LineFlagName[];
  readonly batchId?: number;
  /** Price ratio bounds (inclusive); lines without a reference never match a bound. */
  readonly minRatio?: number;
  readonly maxRatio?: number;
  readonly sort?: 'issueDate' | 'amount' | 'reoKg' | 'kg' | 'id';
  readonly desc?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface QuotaView {
  readonly id: number;
  readonly year: number;
  readonly batch: string;
  readonly taxId: string | null;
  readonly group: string | null;
  readonly kind: string;
  readonly kg: number;
  readonly batchId: number;
}

export interface PriceView {
  readonly id: number;
  readonly date: string;
  readonly productId: string;
  readonly productNameZh: string | null;
  readonly price: number;
  readonly unit: string;
  readonly vatIncluded: boolean;
  readonly source: string;
  /** The quote normalised as the inspection uses it: CNY per kg of product, ex-VAT. */
  readonly pricePerKg: number | null;
  readonly batchId: number;
}

export interface RunView {
  readonly id: number;
  readonly status: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly policyId: string;
  readonly policyVersion: string;
  readonly policyHash: string;
  readonly fingerprint: string;
  readonly invoiceLines: number;
  readonly enterprises: number;
  readonly counts: Readonly<Record<ListName, number>>;
  readonly createdAt: string;
  readonly finishedAt: string | null;
  readonly userName: string | null;
  readonly error: string | null;
}

export type RunEntryQuery = Omit<EnterpriseQuery, 'registered'>;

export interface RunEntryItem {
  readonly taxId: string;
  readonly name: string;
  readonly roles: EnterpriseListItem['roles'];
  readonly region: string | null;
  readonly group: string | null;
  readonly registered: boolean;
  readonly list: ListName;
  readonly score: number;
  readonly rules: readonly string[];
  readonly signals: Record<SummarySignal, number | null> | null;
}

export interface RunEntryDetail extends Omit<RunEntryItem, 'signals'> {
  readonly runId: number;
  readonly signals: EnterpriseSignals;
  readonly reasons: readonly Reason[];
}

export interface RunDiffView {
  readonly a: RunRef;
  readonly b: RunRef;
  readonly period: ResultDiff['period'];
  readonly policy: {
    readonly same: boolean;
    readonly parameterChanges: ResultDiff['policy']['parameterChanges'];
    readonly ruleChanges: readonly { readonly rule: string }[];
  };
  readonly data: ResultDiff['data'];
  readonly counts: ResultDiff['counts'];
  readonly cycles: { readonly appeared: number; readonly disappeared: number };
  readonly enterprises: Page<ResultDiff['enterprises'][number]>;
}

/** Above this many matching lines a price-ratio filter asks for narrower criteria. */
export const MAX_RATIO_CANDIDATES = 500_000;
/** Exports are whole or refused: never a silently cut file. */
export const MAX_EXPORT_ROWS = 200_000;

const TOO_MANY = (n: number, what: string): Outcome<never> =>
  fail(
    'invalid',
    `匹配的${what}超过 ${n.toLocaleString('en-US')} 条：请缩小查询范围（企业、产品或日期）`,
    `More than ${n.toLocaleString('en-US')} matching ${what === '发票行' ? 'lines' : 'rows'}: narrow the search (party, product or dates)`,
  );

export interface ReadService {
  listEnterprises(
    actor: Actor,
    q: EnterpriseQuery & { runId?: number },
  ): Promise<Outcome<Page<EnterpriseListItem> & { run: RunRef | null }>>;
  exportEnterprisesCsv(
    actor: Actor,
    q: Omit<EnterpriseQuery, 'limit' | 'offset'> & { runId?: number },
  ): Promise<Outcome<string>>;
  getEnterpriseDossier(actor: Actor, taxId: string): Promise<EnterpriseDossier | undefined>;
  /** True when the taxpayer exists (registry, latest run, or invoices) and lies in the actor's regions. */
  isEnterpriseVisible(actor: Actor, taxId: string): Promise<boolean>;
  searchLines(actor: Actor, q: LineQuery): Promise<Outcome<Page<LineView>>>;
  exportLinesCsv(actor: Actor, q: Omit<LineQuery, 'limit' | 'offset'>): Promise<Outcome<string>>;
  getLine(actor: Actor, id: number): Promise<LineView | undefined>;
  getInvoice(actor: Actor, invoiceKey: string): Promise<LineView[] | undefined>;
  /** Evidence references `<invoiceKey>/<lineNo>` → the lines the actor may see (others left out). */
  getEvidenceLines(actor: Actor, refs: readonly string[]): Promise<LineView[]>;
  listQuotas(
    actor: Actor,
    q: {
      year?: number;
      kind?: string;
      taxId?: string;
      group?: string;
      sort?: 'year' | 'kg' | 'taxId' | 'groupName' | 'kind';
      desc?: boolean;
      limit: number;
      offset: number;
    },
  ): Promise<Page<QuotaView>>;
  listPrices(q: {
    productId?: string;
    from?: string;
    to?: string;
    source?: string;
    sort?: 'date' | 'productId' | 'price';
    desc?: boolean;
    limit: number;
    offset: number;
  }): Promise<Page<PriceView>>;
  listProducts(): Promise<Catalogue['products']>;
  listRuns(q: {
    status?: string;
    policyId?: string;
    sort?: 'id' | 'periodFrom' | 'periodTo' | 'black';
    desc?: boolean;
    limit: number;
    offset: number;
  }): Promise<Page<RunView>>;
  getRun(id: number): Promise<RunView | undefined>;
  listRunEntries(actor: Actor, runId: number, q: RunEntryQuery): Promise<Page<RunEntryItem> | undefined>;
  exportRunEntriesCsv(
    actor: Actor,
    runId: number,
    q: Omit<RunEntryQuery, 'limit' | 'offset'>,
  ): Promise<string | undefined>;
  getRunEntry(actor: Actor, runId: number, taxId: string): Promise<RunEntryDetail | undefined>;
  diffRuns(
    actor: Actor,
    a: number,
    b: number,
    q: { movedOnly?: boolean; limit: number; offset: number },
  ): Promise<Outcome<RunDiffView>>;
  marketSeries(actor: Actor, q: MarketQuery): Promise<MarketSeries>;
}

function toRunView(meta: InspectionRunMeta): RunView {
  return {
    id: Number(meta.id),
    status: meta.status,
    periodFrom: meta.periodFrom,
    periodTo: meta.periodTo,
    policyId: meta.policyId,
    policyVersion: meta.policyVersion,
    policyHash: meta.policyHash,
    fingerprint: meta.fingerprint,
    invoiceLines: meta.invoiceLines,
    enterprises: meta.enterprises,
    counts: { black: meta.black, grey: meta.grey, white: meta.white, unrated: meta.unrated },
    createdAt: meta.createdAt,
    finishedAt: meta.finishedAt,
    userName: meta.userName,
    error: meta.error,
  };
}

function latestDoneRunId(v: DataVersion): number | null {
  const id = Number(v.runs.split(':')[0]);
  return id > 0 ? id : null;
}

function parseExtra(text: string): Record<string, string> {
  try {
    const v: unknown = JSON.parse(text);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return {};
    const out: Record<string, string> = {};
    for (const [k, x] of Object.entries(v)) if (typeof x === 'string') out[k] = x;
    return out;
  } catch {
    return {};
  }
}

const ENTERPRISE_CSV_HEADER = [
  '统一社会信用代码 tax_id',
  '企业名称 name',
  '类型 roles',
  '行政区划代码 region',
  '所属集团 group',
  '已登记 registered',
  '名单 list',
  '风险分 score',
  '规则 rules',
  '购入REO公斤 reo_in_kg',
  '销售REO公斤 reo_out_kg',
  '无法解释公斤 unexplained_kg',
  '超指标公斤 quota_overrun_kg',
  '购入价差 purchase_value_gap',
  '销售价差 sale_value_gap',
  '定价占比 priced_share',
  '非法来源占比 illegal_share',
] as const;

function enterpriseCsvRow(e: EnterpriseListItem | RunEntryItem): unknown[] {
  const s = e.signals;
  return [
    e.taxId,
    e.name,
    e.roles.join(';'),
    e.region,
    e.group,
    e.registered ? 'yes' : 'no',
    e.list,
    e.score,
    e.rules.join(' '),
    s?.reoInKg,
    s?.reoOutKg,
    s?.unexplainedKg,
    s?.quotaOverrunKg,
    s?.purchaseValueGap,
    s?.saleValueGap,
    s?.pricedShare,
    s?.illegalShare,
  ];
}

/**
 * The read service over one store (one per server process: it holds the caches).
 * @example const reads = createReadService(store); await reads.listEnterprises(actor, { limit: 50, offset: 0 });
 */
export function createReadService(store: Store): ReadService {
  const db = store.db;
  const registryMemo = createMemo<EnterpriseRow[]>(2);
  const entriesMemo = createMemo<ParsedEntry[]>(6);
  const runMetaMemo = createMemo<InspectionRunMeta | undefined>(64);
  const indexMemo = createMemo<EnterpriseIndex>(4);
  const partiesMemo = createMemo<Set<string>>(2);
  const scopeMemo = createMemo<string[]>(32);
  const pricesMemo = createMemo<{ rows: PriceRow[]; index: ReferencePrices }>(2);
  const catalogueMemo = createMemo<Catalogue>(2);
  const stalenessMemo = createMemo<number>(16);
  const resultMemo = createMemo<InspectionResult>(4);
  const marketMemo = createMemo<MarketSeries>(16);

  const runMeta = async (id: number) => {
    const meta = await runMetaMemo.get(String(id), () => getRunMeta(db, id));
    // Only finished runs are immutable: anything else is read again next time.
    if (!meta || meta.status !== 'done') runMetaMemo.clear();
    return meta;
  };
  const entriesOf = (runId: number) =>
    entriesMemo.get(String(runId), async () => (await listRunEntries(db, runId)).map(parseEntry));
  const registryOf = (v: DataVersion) => registryMemo.get(v.registry, () => listAllEnterprises(db));
  const indexOf = async (v: DataVersion, runId: number | null) =>
    indexMemo.get(`${v.registry}|${runId ?? 0}`, async () =>
      buildEnterpriseIndex(await registryOf(v), runId === null ? null : await entriesOf(runId)),
    );
  const catalogue = async () => {
    const overrides = await listCatalogueOverrides(db);
    return catalogueMemo.get(JSON.stringify(overrides), () => loadCatalogue(store));
  };
  const prices = (v: DataVersion) =>
    pricesMemo.get(v.batches, async () => {
      const rows = await listPrices(db);
      return { rows, index: buildReferencePrices(rows) };
    });
  /** priceStalenessDays of the latest run's policy (the default policy's without a run). */
  const stalenessDays = async (v: DataVersion) => {
    const runId = latestDoneRunId(v);
    return stalenessMemo.get(String(runId ?? 0), async () => {
      if (runId === null) return DEFAULT_POLICY.parameters.priceStalenessDays;
      const meta = await runMeta(runId);
      const policy = meta ? await findPolicyByHash(db, meta.policyHash) : undefined;
      const days = (() => {
        try {
          return (JSON.parse(policy?.body ?? '{}') as { parameters?: { priceStalenessDays?: unknown } })
            .parameters?.priceStalenessDays;
        } catch {
          return undefined;
        }
      })();
      return typeof days === 'number' && days >= 0 ? days : DEFAULT_POLICY.parameters.priceStalenessDays;
    });
  };
  /** Every taxpayer known to the store: the registry and every invoice party. */
  const universe = (v: DataVersion) =>
    partiesMemo.get(`${v.batches}|${v.registry}`, async () => {
      const set = new Set(await listInvoiceParties(db));
      for (const e of await registryOf(v)) set.add(e.taxId);
      return set;
    });
  /** The taxpayers a regional actor may see (undefined: national actor). */
  const scopeSet = async (actor: Actor, v: DataVersion): Promise<string[] | undefined> => {
    if (isNational(actor)) return undefined;
    return scopeMemo.get(`${v.batches}|${v.registry}|${actor.regions.join(',')}`, async () => {
      const registry = new Map((await registryOf(v)).map((e) => [e.taxId, e.region]));
      const out: string[] = [];
      for (const taxId of await universe(v))
        if (isRegionVisible(actor, effectiveRegion(taxId, registry.get(taxId) ?? null))) out.push(taxId);
      return out.sort();
    });
  };
  const lineVisible = (visible: Set<string> | undefined, row: { sellerTaxId: string; buyerTaxId: string }) =>
    visible === undefined || visible.has(row.sellerTaxId) || visible.has(row.buyerTaxId);

  const resolveRun = async (v: DataVersion, runId: number | undefined): Promise<Outcome<number | null>> => {
    if (runId === undefined) return ok(latestDoneRunId(v));
    const meta = await runMeta(runId);
    if (!meta || meta.status !== 'done')
      return { ok: false, error: notFound(`检查批次 ${runId}`, `Run ${runId}`) };
    return ok(runId);
  };

  const toEntryItem = (e: ReturnType<typeof toListItem>, entry: ParsedEntry): RunEntryItem => ({
    taxId: e.taxId,
    name: entry.name,
    roles: entry.roles.length > 0 ? entry.roles : e.roles,
    region: e.region,
    group: entry.group,
    registered: e.registered,
    list: entry.list,
    score: entry.score,
    rules: e.rules,
    signals: summarySignals(entry.signals),
  });

  /** The index of one run's entries alone (entries of that run, registry regions for scoping). */
  const runEntryItems = async (actor: Actor, runId: number, q: Omit<RunEntryQuery, 'limit' | 'offset'>) => {
    const v = await getDataVersion(db);
    const index = await indexOf(v, runId);
    return filterEnterprises(index, actor, q)
      .filter((e) => e.entry !== null)
      .map((e) => toEntryItem(toListItem(e), e.entry as ParsedEntry));
  };

  const lineSearchOf = (
    q: Omit<LineQuery, 'limit' | 'offset'>,
    visibleTo: string[] | undefined,
  ): LineSearch => ({
    ...(visibleTo !== undefined ? { visibleTo } : {}),
    ...(q.party ? { party: q.party } : {}),
    ...(q.seller ? { seller: q.seller } : {}),
    ...(q.buyer ? { buyer: q.buyer } : {}),
    ...(q.product !== undefined ? { productId: q.product === 'unmatched' ? null : q.product } : {}),
    ...(q.from ? { from: q.from } : {}),
    ...(q.to ? { to: q.to } : {}),
    ...(q.invoiceKey ? { invoiceKey: q.invoiceKey } : {}),
    ...(q.status ? { status: q.status } : {}),
    ...(q.flags && q.flags.length > 0 ? { flagsAny: flagMaskOf(q.flags) } : {}),
    ...(q.batchId !== undefined ? { batchId: q.batchId } : {}),
    sort: q.sort ?? 'issueDate',
    desc: q.desc ?? true,
  });

  /** Matching line ids after the price-ratio filter (computed in memory over the SQL matches). */
  const ratioFilteredIds = async (
    search: LineSearch,
    q: Pick<LineQuery, 'minRatio' | 'maxRatio'>,
    v: DataVersion,
  ): Promise<Outcome<number[]>> => {
    const facts = await listLinePriceFacts(db, search, MAX_RATIO_CANDIDATES);
    if (facts.length > MAX_RATIO_CANDIDATES) return TOO_MANY(MAX_RATIO_CANDIDATES, '发票行');
    const { index } = await prices(v);
    const days = await stalenessDays(v);
    const ids: number[] = [];
    for (const f of facts) {
      if (f.productId === null) continue;
      const ratio = lineRatio(f.amountFen, f.kg, index.lookup(f.productId, f.issueDate, days)?.pricePerKg);
      if (ratio === null) continue;
      if (q.minRatio !== undefined && ratio < q.minRatio) continue;
      if (q.maxRatio !== undefined && ratio > q.maxRatio) continue;
      ids.push(f.id);
    }
    return ok(ids);
  };

  const lineViews = async (rows: Awaited<ReturnType<typeof searchLines>>['items'], v: DataVersion) => {
    const [cat, { index }, days] = await Promise.all([catalogue(), prices(v), stalenessDays(v)]);
    return rows.map((r) => toLineView(r, cat, index, days));
  };

  return {
    async listEnterprises(actor, q) {
      const v = await getDataVersion(db);
      const run = await resolveRun(v, q.runId);
      if (!run.ok) return run;
      const index = await indexOf(v, run.value);
      const meta = run.value === null ? undefined : await runMeta(run.value);
      return ok({ ...pageEnterprises(index, actor, q), run: meta ? runRefOf(meta) : null });
    },

    async exportEnterprisesCsv(actor, q) {
      const v = await getDataVersion(db);
      const run = await resolveRun(v, q.runId);
      if (!run.ok) return run;
      const rows = filterEnterprises(await indexOf(v, run.value), actor, q).map(toListItem);
      return ok(toCsv(ENTERPRISE_CSV_HEADER, rows.map(enterpriseCsvRow)));
    },

    async isEnterpriseVisible(actor, taxId) {
      const v = await getDataVersion(db);
      const index = await indexOf(v, latestDoneRunId(v));
      const known = index.byTaxId.get(taxId);
      if (known) return isRegionVisible(actor, known.region);
      if (!(await universe(v)).has(taxId)) return false;
      return isRegionVisible(actor, effectiveRegion(taxId, null));
    },

    async getEnterpriseDossier(actor, taxId) {
      const v = await getDataVersion(db);
      const runId = latestDoneRunId(v);
      const index = await indexOf(v, runId);
      let e = index.byTaxId.get(taxId);
      if (!e) {
        // A taxpayer seen only on invoices, with no run yet: a dossier of what is known.
        if (!(await universe(v)).has(taxId)) return undefined;
        const region = effectiveRegion(taxId, null);
        const [sale] = (await searchLines(db, { party: taxId, limit: 1 })).items;
        e = {
          taxId,
          name: sale ? (sale.sellerTaxId === taxId ? sale.sellerName : sale.buyerName) : taxId,
          roles: [],
          region,
          group: null,
          registered: false,
          registry: null,
          entry: null,
          haystack: '',
        };
      }
      if (!isRegionVisible(actor, e.region)) return undefined;
      const [history, quotas, meta] = await Promise.all([
        listEntriesOfEnterprise(db, taxId),
        listQuotas(db, { taxId }),
        runId === null ? Promise.resolve(undefined) : runMeta(runId),
      ]);
      const r = e.registry;
      return {
        taxId: e.taxId,
        name: e.name,
        roles: e.roles,
        region: e.region,
        regionNameZh: e.region ? regionLabel(e.region, 'zh') : null,
        regionNameEn: e.region ? regionLabel(e.region, 'en') : null,
        group: e.group,
        registered: e.registered,
        registry: r
          ? {
              miningLicence: r.miningLicence,
              founded: r.founded,
              deregistered: r.deregistered,
              openingStockKg: r.openingStockKg,
              extra: parseExtra(r.extra),
              taxIdCheckFailed: (r.flags & 1) !== 0,
              batchId: r.batchId === null ? null : Number(r.batchId),
              updatedAt: r.updatedAt,
            }
          : null,
        latest:
          e.entry && meta
            ? {
                run: runRefOf(meta),
                list: e.entry.list,
                score: e.entry.score,
                signals: e.entry.signals,
                reasons: e.entry.reasons,
              }
            : null,
        history: history.map((h) => ({
          runId: Number(h.runId),
          periodFrom: h.periodFrom,
          periodTo: h.periodTo,
          createdAt: h.createdAt,
          list: h.list as ListName,
          score: h.score,
        })),
        quotas: quotas.map((qq) => ({ year: qq.year, batch: qq.quotaBatch, kind: qq.kind, kg: qq.kg })),
      };
    },

    async searchLines(actor, q) {
      const v = await getDataVersion(db);
      const visibleTo = await scopeSet(actor, v);
      const search = lineSearchOf(q, visibleTo);
      if (q.minRatio !== undefined || q.maxRatio !== undefined) {
        const ids = await ratioFilteredIds(search, q, v);
        if (!ids.ok) return ids;
        const pageIds = ids.value.slice(q.offset, q.offset + q.limit);
        const { items } = await searchLines(db, { ...search, ids: pageIds, limit: q.limit, offset: 0 });
        return ok({
          items: await lineViews(items, v),
          total: ids.value.length,
          limit: q.limit,
          offset: q.offset,
        });
      }
      const { items, total } = await searchLines(db, { ...search, limit: q.limit, offset: q.offset });
      return ok({ items: await lineViews(items, v), total, limit: q.limit, offset: q.offset });
    },

    async exportLinesCsv(actor, q) {
      const v = await getDataVersion(db);
      const visibleTo = await scopeSet(actor, v);
      const search = lineSearchOf(q, visibleTo);
      let ids: number[] | undefined;
      if (q.minRatio !== undefined || q.maxRatio !== undefined) {
        const r = await ratioFilteredIds(search, q, v);
        if (!r.ok) return r;
        ids = r.value;
      }
      const total = ids ? ids.length : (await searchLines(db, { ...search, limit: 0 })).total;
      if (total > MAX_EXPORT_ROWS) return TOO_MANY(MAX_EXPORT_ROWS, '发票行');
      const rows: unknown[][] = [];
      const CHUNK = 5000;
      for (let offset = 0; offset < total; offset += CHUNK) {
        const { items } = ids
          ? await searchLines(db, {
              ...search,
              ids: ids.slice(offset, offset + CHUNK),
              limit: CHUNK,
              offset: 0,
            })
          : await searchLines(db, { ...search, limit: CHUNK, offset });
        for (const view of await lineViews(items, v)) rows.push(lineCsvRow(view));
      }
      return ok(toCsv(LINE_CSV_HEADER, rows));
    },

    async getLine(actor, id) {
      const v = await getDataVersion(db);
      const row = await getLineWithFlags(db, id);
      if (!row) return undefined;
      const visibleTo = await scopeSet(actor, v);
      if (!lineVisible(visibleTo && new Set(visibleTo), row)) return undefined;
      return (await lineViews([row], v))[0];
    },

    async getInvoice(actor, invoiceKey) {
      const v = await getDataVersion(db);
      const rows = await getInvoiceLines(db, invoiceKey);
      const visibleTo = await scopeSet(actor, v);
      const set = visibleTo && new Set(visibleTo);
      const visible = rows.filter((r) => lineVisible(set, r));
      if (visible.length === 0) return undefined;
      return lineViews(visible, v);
    },

    async getEvidenceLines(actor, refs) {
      const keys: { invoiceKey: string; lineNo: number }[] = [];
      for (const ref of refs) {
        const cut = ref.lastIndexOf('/');
        const lineNo = Number(ref.slice(cut + 1));
        if (cut <= 0 || !Number.isInteger(lineNo) || lineNo < 1) continue;
        keys.push({ invoiceKey: ref.slice(0, cut), lineNo });
      }
      if (keys.length === 0) return [];
      const v = await getDataVersion(db);
      const visibleTo = await scopeSet(actor, v);
      const set = visibleTo && new Set(visibleTo);
      const rows = (await getLinesByKeys(db, keys)).filter((r) => lineVisible(set, r));
      // getLinesByKeys reads the line table without red-letter linkage bits: add them.
      const withFlags = await Promise.all(rows.map((r) => getLineWithFlags(db, Number(r.id))));
      return lineViews(
        withFlags.filter((r): r is NonNullable<typeof r> => r !== undefined),
        v,
      );
    },

    async listQuotas(actor, q) {
      const v = await getDataVersion(db);
      const visibleTo = await scopeSet(actor, v);
      const { items, total } = await searchQuotas(db, { ...q, ...(visibleTo ? { visibleTo } : {}) });
      return {
        items: items.map((r: QuotaRow) => ({
          id: Number(r.id),
          year: r.year,
          batch: r.quotaBatch,
          taxId: r.taxId || null,
          group: r.groupName || null,
          kind: r.kind,
          kg: r.kg,
          batchId: Number(r.batchId),
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },

    async listPrices(q) {
      const [cat, { items, total }] = await Promise.all([catalogue(), searchPrices(db, q)]);
      return {
        items: items.map((r) => ({
          id: Number(r.id),
          date: r.date,
          productId: r.productId,
          productNameZh: cat.getProduct(r.productId)?.nameZh ?? null,
          price: r.price,
          unit: r.unit,
          vatIncluded: r.vatIncluded === 1,
          source: r.source,
          pricePerKg: normalizedQuote(r),
          batchId: Number(r.batchId),
        })),
        total,
        limit: q.limit,
        offset: q.offset,
      };
    },

    async listProducts() {
      return (await catalogue()).products;
    },

    async listRuns(q) {
      const { items, total } = await searchRuns(db, q);
      return { items: items.map(toRunView), total, limit: q.limit, offset: q.offset };
    },

    async getRun(id) {
      const meta = await getRunMeta(db, id);
      return meta ? toRunView(meta) : undefined;
    },

    async listRunEntries(actor, runId, q) {
      const meta = await runMeta(runId);
      if (!meta || meta.status !== 'done') return undefined;
      return pageOf(await runEntryItems(actor, runId, q), q);
    },

    async exportRunEntriesCsv(actor, runId, q) {
      const meta = await runMeta(runId);
      if (!meta || meta.status !== 'done') return undefined;
      return toCsv(ENTERPRISE_CSV_HEADER, (await runEntryItems(actor, runId, q)).map(enterpriseCsvRow));
    },

    async getRunEntry(actor, runId, taxId) {
      const meta = await runMeta(runId);
      if (!meta || meta.status !== 'done') return undefined;
      const v = await getDataVersion(db);
      const e = (await indexOf(v, runId)).byTaxId.get(taxId);
      if (!e || !e.entry || !isRegionVisible(actor, e.region)) return undefined;
      const item = toEntryItem(toListItem(e), e.entry);
      return { ...item, runId, signals: e.entry.signals, reasons: e.entry.reasons };
    },

    async diffRuns(actor, a, b, q) {
      const [metaA, metaB] = await Promise.all([runMeta(a), runMeta(b)]);
      if (!metaA || metaA.status !== 'done')
        return { ok: false, error: notFound(`检查批次 ${a}`, `Run ${a}`) };
      if (!metaB || metaB.status !== 'done')
        return { ok: false, error: notFound(`检查批次 ${b}`, `Run ${b}`) };
      const result = (id: number) =>
        resultMemo.get(String(id), async () => {
          const result = await getRunResult(store, id);
          if (!result) throw new Error(`finished run ${id} has no stored result`);
          return result;
        });
      const diff = diffResults(await result(a), await result(b));
      const v = await getDataVersion(db);
      const [indexA, indexB] = await Promise.all([indexOf(v, a), indexOf(v, b)]);
      const visible = (taxId: string) => {
        const e = indexB.byTaxId.get(taxId) ?? indexA.byTaxId.get(taxId);
        return isRegionVisible(actor, e ? e.region : effectiveRegion(taxId, null));
      };
      const changes = diff.enterprises.filter((c) => visible(c.taxId) && (!q.movedOnly || c.moved));
      const cycleVisible = (c: { members: readonly string[] }) => c.members.every(visible);
      return ok({
        a: runRefOf(metaA),
        b: runRefOf(metaB),
        period: diff.period,
        policy: {
          same: diff.policy.same,
          parameterChanges: diff.policy.parameterChanges,
          ruleChanges: diff.policy.ruleChanges.map((r) => ({ rule: r.rule })),
        },
        data: diff.data,
        counts: diff.counts,
        cycles: {
          appeared: diff.cycles.appeared.filter(cycleVisible).length,
          disappeared: diff.cycles.disappeared.filter(cycleVisible).length,
        },
        enterprises: pageOf(changes, q),
      });
    },

    async marketSeries(actor, q) {
      const fingerprint = await computeFingerprint(store);
      const key = JSON.stringify([fingerprint, q, actor.regions]);
      return marketMemo.get(key, async () => {
        const v = await getDataVersion(db);
        const [{ dataset }, { index }] = await Promise.all([
          loadDataset(store, { from: q.from, to: q.to }),
          prices(v),
        ]);
        const visible = isNational(actor)
          ? null
          : (() => {
              const memo = new Int8Array(dataset.enterprises.length).fill(-1);
              return (i: number) => {
                if (memo[i] === -1) {
                  const e = dataset.enterprises[i];
                  memo[i] = e && isRegionVisible(actor, effectiveRegion(e.taxId, e.region)) ? 1 : 0;
                }
                return memo[i] === 1;
              };
            })();
        return computeMarketSeries(dataset, index, q, visible);
      });
    },
  };
}
