// Store → columnar Dataset for one period. Lines come from the columnar segments (decoded as
// typed-array views, remapped to global dictionaries), never row by row through the SQL driver
// (performance.md). Registry, quotas and prices are small and read with ordinary queries.
import type { IsoDate } from '@oresight/core/domain';
import { ENTERPRISE_ROLES, LineFlag, dayNumberOrThrow, isEnterpriseRole } from '@oresight/core/domain';
import type { Dataset, DatasetEnterprise, DatasetQuota, DatasetQuote } from '@oresight/core/inspect';
import type { Store } from '@oresight/store';
import {
  listAllEnterprises,
  listPrices,
  listQuotas,
  listRedLinks,
  listSegmentMeta,
  readSegmentData,
} from '@oresight/store';
import { parseQuotaKind, parsePriceUnit } from '@oresight/core/domain';
import { loadCatalogue } from '../shared/catalogue.ts';
import { decodeSegment } from '../imports/line-segment.codec.ts';
import { computeFingerprint } from './fingerprint.ts';
import { loadDeclaredStocks } from '../campaigns/declared-stock.ts';

export interface LoadStats {
  readonly segments: number;
  readonly linesScanned: number;
  readonly linesInPeriod: number;
  /** `segments` includes `segmentRead` (reading the segment blobs) and `segmentDecode` (unpacking them). */
  readonly ms: {
    registry: number;
    segments: number;
    segmentRead: number;
    segmentDecode: number;
    total: number;
  };
}

interface MutableEnterprise {
  taxId: string;
  name: string;
  roles: DatasetEnterprise['roles'];
  region: string | null;
  group: string | null;
  registered: boolean;
  founded: IsoDate | null;
  deregistered: IsoDate | null;
  openingStockKg: number | null;
  openingStockComposition: DatasetEnterprise['openingStockComposition'];
  firstInvoiceDay: number | null;
  lastInvoiceDay: number | null;
}

/**
 * Reads everything one inspection needs for a period.
 * @example const { dataset } = await loadDataset(store, { from: '2013-01-01', to: '2013-12-31' });
 */
export async function loadDataset(
  store: Store,
  period: { from: IsoDate; to: IsoDate },
  onProgress?: (done: number, total: number) => void,
): Promise<{ dataset: Dataset; stats: LoadStats }> {
  const t0 = performance.now();
  const fromDay = dayNumberOrThrow(period.from);
  const toDay = dayNumberOrThrow(period.to);
  const catalogue = await loadCatalogue(store);
  const productIndex = new Map(catalogue.products.map((p, i) => [p.id, i]));

  const enterprises: MutableEnterprise[] = [];
  const enterpriseIndex = new Map<string, number>();
  for (const row of await listAllEnterprises(store.db)) {
    enterpriseIndex.set(row.taxId, enterprises.length);
    enterprises.push({
      taxId: row.taxId,
      name: row.name,
      roles: row.roles.split(',').filter(isEnterpriseRole),
      region: row.region,
      group: row.groupName,
      registered: true,
      founded: row.founded,
      deregistered: row.deregistered,
      openingStockKg: row.openingStockKg,
      openingStockComposition: null,
      firstInvoiceDay: null,
      lastInvoiceDay: null,
    });
  }
  const registeredCount = enterprises.length;
  const partyIndex = (taxId: string, name: string): number => {
    let i = enterpriseIndex.get(taxId);
    if (i === undefined) {
      i = enterprises.length;
      enterpriseIndex.set(taxId, i);
      enterprises.push({
        taxId,
        name,
        roles: [],
        region: null,
        group: null,
        registered: false,
        founded: null,
        deregistered: null,
        openingStockKg: null,
        openingStockComposition: null,
        firstInvoiceDay: null,
        lastInvoiceDay: null,
      });
    }
    return i;
  };
  const tRegistry = performance.now();

  const metas = await listSegmentMeta(store.db);
  const capacity = metas.reduce(
    (n, m) => (m.maxDate >= period.from && m.minDate <= period.to ? n + m.lineCount : n),
    0,
  );
  const id = new Float64Array(capacity);
  const invoice = new Int32Array(capacity);
  const lineNo = new Int32Array(capacity);
  const day = new Int32Array(capacity);
  const seller = new Int32Array(capacity);
  const buyer = new Int32Array(capacity);
  const product = new Int32Array(capacity);
  const unit = new Uint8Array(capacity);
  const kg = new Float64Array(capacity);
  const reoKg = new Float64Array(capacity);
  const amount = new Float64Array(capacity);
  const taxRate = new Float64Array(capacity);
  const flags = new Int32Array(capacity);
  const invoiceKeys: string[] = [];
  const invoiceSpecial: number[] = [];
  const invoiceIndex = new Map<string, number>();
  const byStoreId = new DenseIndex();
  // Segments written before format 2 name invoices by key only: with any of them in the store,
  // every invoice is joined by key, so one invoice spread over old and new batches stays one.
  const byKeyOnly = metas.some((m) => m.format < 2);
  const redLinks = new Map((await listRedLinks(store.db)).map((r) => [r.lineId, r.flags]));

  let n = 0;
  let scanned = 0;
  let readMs = 0;
  let decodeMs = 0;
  for (let s = 0; s < metas.length; s++) {
    const meta = metas[s];
    if (!meta) continue;
    const tRead = performance.now();
    const bytes = await readSegmentData(store.db, meta.id);
    const tDecode = performance.now();
    const seg = decodeSegment(bytes);
    readMs += tDecode - tRead;
    decodeMs += performance.now() - tDecode;
    scanned += seg.count;
    const partyMap = new Int32Array(seg.taxIds.length);
    for (let p = 0; p < seg.taxIds.length; p++) {
      const g = partyIndex(seg.taxIds[p] as string, seg.names[p] as string);
      partyMap[p] = g;
      const e = enterprises[g] as MutableEnterprise;
      const first = seg.partyFirstDay[p] as number;
      const last = seg.partyLastDay[p] as number;
      if (e.firstInvoiceDay === null || first < e.firstInvoiceDay) e.firstInvoiceDay = first;
      if (e.lastInvoiceDay === null || last > e.lastInvoiceDay) e.lastInvoiceDay = last;
    }
    if (meta.maxDate < period.from || meta.minDate > period.to) continue;
    const productMap = Int32Array.from(seg.products, (pid) => productIndex.get(pid) ?? -1);
    const invoiceMap = new Int32Array(seg.invoiceKeys.length).fill(-1);
    for (let i = 0; i < seg.count; i++) {
      const d = seg.day[i] as number;
      if (d < fromDay || d > toDay) continue;
      const localInvoice = seg.invoice[i] as number;
      let inv = invoiceMap[localInvoice] as number;
      if (inv < 0) {
        const storeId =
          seg.invoiceStoreIds && !byKeyOnly ? (seg.invoiceStoreIds[localInvoice] as number) : Number.NaN;
        const key = seg.invoiceKeys[localInvoice] as string;
        // Format-2 segments name the invoice by its store id: a dense array, no hashing of keys.
        let g = Number.isNaN(storeId) ? invoiceIndex.get(key) : byStoreId.get(storeId);
        if (g === undefined) {
          g = invoiceKeys.length;
          if (Number.isNaN(storeId)) invoiceIndex.set(key, g);
          else byStoreId.set(storeId, g);
          invoiceKeys.push(key);
          invoiceSpecial.push(seg.invoiceIsSpecial[localInvoice] as number);
        }
        invoiceMap[localInvoice] = g;
        inv = g;
      }
      const localProduct = seg.product[i] as number;
      let f = seg.flags[i] as number;
      if (f & LineFlag.RED && redLinks.size > 0) f |= redLinks.get(seg.id[i] as number) ?? 0;
      id[n] = seg.id[i] as number;
      invoice[n] = inv;
      lineNo[n] = seg.lineNo[i] as number;
      day[n] = d;
      seller[n] = partyMap[seg.seller[i] as number] as number;
      buyer[n] = partyMap[seg.buyer[i] as number] as number;
      product[n] = localProduct < 0 ? -1 : (productMap[localProduct] as number);
      unit[n] = seg.unit[i] as number;
      kg[n] = seg.kg[i] as number;
      reoKg[n] = seg.reoKg[i] as number;
      amount[n] = seg.amount[i] as number;
      taxRate[n] = seg.taxRate[i] as number;
      flags[n] = f;
      n++;
    }
    onProgress?.(s + 1, metas.length);
  }
  const tSegments = performance.now();

  const quotas: DatasetQuota[] = [];
  for (const q of await listQuotas(store.db)) {
    const kind = parseQuotaKind(q.kind);
    if (!kind) continue;
    quotas.push({
      year: q.year,
      enterprise: q.taxId ? partyIndex(q.taxId, q.taxId) : -1,
      group: q.groupName || null,
      kind,
      kg: q.kg,
    });
  }
  const quotes: DatasetQuote[] = [];
  for (const p of await listPrices(store.db)) {
    const idx = productIndex.get(p.productId);
    const priceUnit =
      parsePriceUnit(p.unit) ?? (p.unit === 'CNY/t' || p.unit === 'CNY/kg' ? p.unit : undefined);
    if (idx === undefined || !priceUnit) continue;
    quotes.push({
      product: idx,
      day: dayNumberOrThrow(p.date),
      price: p.price,
      unit: priceUnit,
      vatIncluded: p.vatIncluded === 1,
    });
  }
  sortOffRegisterParties(enterprises, registeredCount, seller.subarray(0, n), buyer.subarray(0, n), quotas);
  // Declared opening stocks of campaign registrations replace the registry's (issue 7).
  const declared = await loadDeclaredStocks(store);
  for (const e of enterprises) {
    const d = declared.byTaxId.get(e.taxId);
    if (d) [e.openingStockKg, e.openingStockComposition] = [d.kg, d.composition];
  }
  const fingerprint = await computeFingerprint(store, declared.fingerprintLines);

  const dataset: Dataset = {
    period,
    fingerprint,
    enterprises: enterprises.map((e) => ({
      ...e,
      roles: ENTERPRISE_ROLES.filter((r) => e.roles.includes(r)),
    })),
    products: catalogue.products,
    invoiceKeys,
    invoiceIsSpecial: Uint8Array.from(invoiceSpecial),
    lines: {
      count: n,
      id: id.subarray(0, n),
      invoice: invoice.subarray(0, n),
      lineNo: lineNo.subarray(0, n),
      day: day.subarray(0, n),
      seller: seller.subarray(0, n),
      buyer: buyer.subarray(0, n),
      product: product.subarray(0, n),
      unit: unit.subarray(0, n),
      kg: kg.subarray(0, n),
      reoKg: reoKg.subarray(0, n),
      amount: amount.subarray(0, n),
      taxRate: taxRate.subarray(0, n),
      flags: flags.subarray(0, n),
    },
    quotas,
    quotes,
  };
  const tEnd = performance.now();
  return {
    dataset,
    stats: {
      segments: metas.length,
      linesScanned: scanned,
      linesInPeriod: n,
      ms: {
        registry: tRegistry - t0,
        segments: tSegments - tRegistry,
        segmentRead: readMs,
        segmentDecode: decodeMs,
        total: tEnd - t0,
      },
    },
  };
}

/** A map from small positive integers (store ids) to indexes, as a growable typed array. */
class DenseIndex {
  private slots = new Int32Array(1 << 16).fill(-1);
  get(id: number): number | undefined {
    const v = id < this.slots.length ? (this.slots[id] as number) : -1;
    return v < 0 ? undefined : v;
  }
  set(id: number, index: number): void {
    if (id >= this.slots.length) {
      let size = this.slots.length;
      while (size <= id) size *= 2;
      const next = new Int32Array(size).fill(-1);
      next.set(this.slots);
      this.slots = next;
    }
    this.slots[id] = index;
  }
}

/**
 * Puts the parties that are not in the registry (indexes from `registeredCount` on, numbered in
 * order of first sight, that is the order lines were imported in) in taxId order, as the registry
 * is, and renumbers lines and quotas. The enterprise order reaches the result (cycle rotation and
 * ties, the order components are solved in), and the same lines imported in another order must
 * give the same result.
 */
function sortOffRegisterParties(
  enterprises: MutableEnterprise[],
  registeredCount: number,
  seller: Int32Array,
  buyer: Int32Array,
  quotas: DatasetQuota[],
): void {
  const offRegister = enterprises.slice(registeredCount);
  const sorted = [...offRegister].sort((a, b) => (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
  if (sorted.every((e, k) => e === offRegister[k])) return;
  const newIndex = new Map(sorted.map((e, k) => [e, registeredCount + k]));
  const remap = Int32Array.from(enterprises, (e, i) => (i < registeredCount ? i : newIndex.get(e)!));
  for (let i = 0; i < seller.length; i++) {
    seller[i] = remap[seller[i]!]!;
    buyer[i] = remap[buyer[i]!]!;
  }
  quotas.forEach((q, k) => {
    if (q.enterprise >= 0) quotas[k] = { ...q, enterprise: remap[q.enterprise]! };
  });
  sorted.forEach((e, k) => (enterprises[registeredCount + k] = e));
}
