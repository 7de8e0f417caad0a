// Builds a columnar Dataset from plain values: for tests, benchmarks and small callers. The app
// builds its Datasets from the store's columnar segments; this is the readable way in.
import { LineFlag, UNITS, dayNumberOrThrow, isoDateOf, vatRateOn } from '../domain/index.ts';
import type {
  Composition,
  EnterpriseRole,
  IsoDate,
  Product,
  PriceUnitId,
  QuotaKind,
  UnitId,
} from '../domain/index.ts';
import type { Dataset, DatasetEnterprise, DatasetQuota, DatasetQuote } from './dataset.ts';

export interface DatasetBuilderInit {
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly fingerprint: string;
  readonly products: readonly Product[];
  /** Expected number of lines (preallocates the columns). */
  readonly capacity?: number;
}

/** An enterprise; omitted fields take the values of an enterprise seen only on invoices. */
export interface BuilderEnterprise {
  readonly taxId: string;
  readonly name?: string;
  readonly roles?: readonly EnterpriseRole[];
  readonly region?: string | null;
  readonly group?: string | null;
  /** Default: true when roles are given. */
  readonly registered?: boolean;
  readonly founded?: IsoDate | null;
  readonly deregistered?: IsoDate | null;
  readonly openingStockKg?: number | null;
  readonly openingStockComposition?: Composition | null;
  /** Default: the first and last day of the lines added for it (all dates, not only the period). */
  readonly firstInvoiceDay?: number | null;
  readonly lastInvoiceDay?: number | null;
}

/** One invoice line in plain values. */
export interface BuilderLine {
  readonly invoiceKey: string;
  /** Default: the next number within the invoice. */
  readonly lineNo?: number;
  /** Issue date (one of date or day). */
  readonly date?: IsoDate;
  readonly day?: number;
  /** Enterprise index, or a taxpayer ID (an unknown one is added as off-register). */
  readonly seller: number | string;
  readonly buyer: number | string;
  /** Product index, product id, or null for an item name outside the catalogue. */
  readonly product: number | string | null;
  /** Default kg. */
  readonly unit?: UnitId;
  /** Quantity in `unit`; kg = quantity × unit factor. One of quantity or kg. */
  readonly quantity?: number;
  readonly kg?: number;
  /** Default: kg × the product's kg REO per kg (1 for REO-basis products, 0 for fees and unmatched). */
  readonly reoKg?: number;
  /** Amount ex-VAT, CNY. */
  readonly amount: number;
  /** Default: the goods rate in force on the date; null = exempt. */
  readonly taxRate?: number | null;
  readonly flags?: number;
  /** A red-letter line (also implied by a negative quantity). */
  readonly red?: boolean;
  readonly voided?: boolean;
  /** The invoice is a special VAT invoice (default true). */
  readonly special?: boolean;
  /** Store id; default the line's position. */
  readonly id?: number;
}

export interface BuilderQuota {
  readonly year: number;
  /** Enterprise index or taxpayer ID; omit for a group quota. */
  readonly enterprise?: number | string;
  readonly group?: string | null;
  readonly kind: QuotaKind;
  readonly kg: number;
}

export interface BuilderQuote {
  /** Product index or id. */
  readonly product: number | string;
  readonly date?: IsoDate;
  readonly day?: number;
  readonly price: number;
  readonly unit: PriceUnitId;
  /** Default true: domestic quotes include VAT (domain.md §7). */
  readonly vatIncluded?: boolean;
}

export interface DatasetBuilder {
  /** Adds an enterprise (or returns the index of the one with this taxpayer ID). */
  addEnterprise(e: BuilderEnterprise): number;
  addLine(l: BuilderLine): void;
  addQuota(q: BuilderQuota): void;
  addQuote(q: BuilderQuote): void;
  build(): Dataset;
}

const UNIT_CODES: Readonly<Record<UnitId, number>> = { t: 0, kg: 1, g: 2 };

function grow<T extends Float64Array | Int32Array | Uint8Array>(a: T, size: number): T {
  if (a.length >= size) return a;
  let cap = Math.max(16, a.length * 2);
  while (cap < size) cap *= 2;
  const b = new (a.constructor as new (n: number) => T)(cap);
  b.set(a);
  return b;
}

/**
 * A builder of Datasets from plain values. Lines dated outside the period are left out of the
 * Dataset (it holds period lines only) but still date the enterprises' first and last invoices.
 * @example
 * const b = createDatasetBuilder({ period: { from: '2013-01-01', to: '2013-12-31' }, fingerprint: 't', products });
 * const a = b.addEnterprise({ taxId: 'A', roles: ['mining'] });
 * b.addLine({ invoiceKey: 'I1', date: '2013-03-01', seller: a, buyer: 'B', product: 'ore-hy-oxide', kg: 1000, amount: 1e5 });
 * const dataset = b.build();
 */
export function createDatasetBuilder(init: DatasetBuilderInit): DatasetBuilder {
  const from = dayNumberOrThrow(init.period.from);
  const to = dayNumberOrThrow(init.period.to);
  if (to < from) throw new Error(`period ends before it starts: ${init.period.from} … ${init.period.to}`);
  const products = init.products;
  const productById = new Map(products.map((p, i) => [p.id, i]));

  const enterprises: BuilderEnterprise[] = [];
  const byTaxId = new Map<string, number>();
  const firstDay: (number | null)[] = [];
  const lastDay: (number | null)[] = [];
  const invoiceKeys: string[] = [];
  const invoiceIndex = new Map<string, number>();
  let invoiceSpecial = new Uint8Array(64);
  const nextLineNo: number[] = [];
  const quotas: DatasetQuota[] = [];
  const quotes: DatasetQuote[] = [];

  const cap = Math.max(16, init.capacity ?? 1024);
  let n = 0;
  let id = new Float64Array(cap);
  let invoice = new Int32Array(cap);
  let lineNo = new Int32Array(cap);
  let day = new Int32Array(cap);
  let seller = new Int32Array(cap);
  let buyer = new Int32Array(cap);
  let product = new Int32Array(cap);
  let unit = new Uint8Array(cap);
  let kg = new Float64Array(cap);
  let reoKg = new Float64Array(cap);
  let amount = new Float64Array(cap);
  let taxRate = new Float64Array(cap);
  let flags = new Int32Array(cap);
  let added = 0;

  function addEnterprise(e: BuilderEnterprise): number {
    const known = byTaxId.get(e.taxId);
    if (known !== undefined) return known;
    const index = enterprises.length;
    enterprises.push(e);
    byTaxId.set(e.taxId, index);
    firstDay.push(null);
    lastDay.push(null);
    return index;
  }

  function enterpriseRef(ref: number | string): number {
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 0 || ref >= enterprises.length)
        throw new Error(`unknown enterprise index ${ref}`);
      return ref;
    }
    return byTaxId.get(ref) ?? addEnterprise({ taxId: ref });
  }

  function productRef(ref: number | string | null): number {
    if (ref === null || ref === -1) return -1;
    if (typeof ref === 'number') {
      if (!Number.isInteger(ref) || ref < 0 || ref >= products.length)
        throw new Error(`unknown product index ${ref}`);
      return ref;
    }
    const i = productById.get(ref);
    if (i === undefined) throw new Error(`unknown product id ${JSON.stringify(ref)}`);
    return i;
  }

  function dayOf(x: { date?: IsoDate; day?: number }): number {
    if (x.day !== undefined) return x.day;
    if (x.date !== undefined) return dayNumberOrThrow(x.date);
    throw new Error('a line or quote needs a date or a day');
  }

  function addLine(l: BuilderLine): void {
    const s = enterpriseRef(l.seller);
    const b = enterpriseRef(l.buyer);
    const p = productRef(l.product);
    const d = dayOf(l);
    const position = added++;
    for (const e of [s, b]) {
      firstDay[e] = Math.min(firstDay[e] ?? d, d);
      lastDay[e] = Math.max(lastDay[e] ?? d, d);
    }
    let inv = invoiceIndex.get(l.invoiceKey);
    if (inv === undefined) {
      inv = invoiceKeys.length;
      invoiceKeys.push(l.invoiceKey);
      invoiceIndex.set(l.invoiceKey, inv);
      nextLineNo.push(1);
      invoiceSpecial = grow(invoiceSpecial, inv + 1);
      invoiceSpecial[inv] = l.special === false ? 0 : 1;
    } else if (l.special === false) {
      invoiceSpecial[inv] = 0;
    }
    const no = l.lineNo ?? (nextLineNo[inv] as number);
    nextLineNo[inv] = Math.max(nextLineNo[inv] as number, no + 1);
    if (d < from || d > to) return;

    const u = l.unit ?? 'kg';
    let kgValue: number;
    if (l.kg !== undefined) kgValue = l.kg;
    else if (l.quantity !== undefined) kgValue = l.quantity * UNITS[u].kgPerUnit;
    else throw new Error(`line ${l.invoiceKey}/${no}: give quantity or kg`);
    const prod = p >= 0 ? products[p] : undefined;
    const reoPerKg = !prod || prod.category === 'fee' ? 0 : prod.basis === 'reo' ? 1 : prod.reoPerKg;
    let f = l.flags ?? 0;
    if (l.red === true || kgValue < 0) f |= LineFlag.RED;
    if (l.voided === true) f |= LineFlag.VOIDED;
    if (p < 0) f |= LineFlag.ITEM_UNMATCHED;
    const rate = l.taxRate === undefined ? vatRateOn(l.date ?? isoDateOf(d)) : l.taxRate;

    const need = n + 1;
    if (need > id.length) {
      id = grow(id, need);
      invoice = grow(invoice, need);
      lineNo = grow(lineNo, need);
      day = grow(day, need);
      seller = grow(seller, need);
      buyer = grow(buyer, need);
      product = grow(product, need);
      unit = grow(unit, need);
      kg = grow(kg, need);
      reoKg = grow(reoKg, need);
      amount = grow(amount, need);
      taxRate = grow(taxRate, need);
      flags = grow(flags, need);
    }
    id[n] = l.id ?? position;
    invoice[n] = inv;
    lineNo[n] = no;
    day[n] = d;
    seller[n] = s;
    buyer[n] = b;
    product[n] = p;
    unit[n] = UNIT_CODES[u];
    kg[n] = kgValue;
    reoKg[n] = l.reoKg ?? kgValue * reoPerKg;
    amount[n] = l.amount;
    taxRate[n] = rate === null ? NaN : rate;
    flags[n] = f;
    n++;
  }

  function addQuota(q: BuilderQuota): void {
    const enterprise = q.enterprise === undefined ? -1 : enterpriseRef(q.enterprise);
    if (enterprise < 0 && !q.group) throw new Error('a quota needs an enterprise or a group');
    quotas.push({ year: q.year, enterprise, group: q.group ?? null, kind: q.kind, kg: q.kg });
  }

  function addQuote(q: BuilderQuote): void {
    quotes.push({
      product: productRef(q.product),
      day: dayOf(q),
      price: q.price,
      unit: q.unit,
      vatIncluded: q.vatIncluded ?? true,
    });
  }

  function build(): Dataset {
    const ents: DatasetEnterprise[] = enterprises.map((e, i) => ({
      taxId: e.taxId,
      name: e.name ?? e.taxId,
      roles: e.roles ?? [],
      region: e.region ?? null,
      group: e.group ?? null,
      registered: e.registered ?? (e.roles !== undefined && e.roles.length > 0),
      founded: e.founded ?? null,
      deregistered: e.deregistered ?? null,
      openingStockKg: e.openingStockKg ?? null,
      openingStockComposition: e.openingStockComposition ?? null,
      firstInvoiceDay: e.firstInvoiceDay !== undefined ? e.firstInvoiceDay : (firstDay[i] ?? null),
      lastInvoiceDay: e.lastInvoiceDay !== undefined ? e.lastInvoiceDay : (lastDay[i] ?? null),
    }));
    return {
      period: { from: init.period.from, to: init.period.to },
      fingerprint: init.fingerprint,
      enterprises: ents,
      products,
      invoiceKeys: invoiceKeys.slice(),
      invoiceIsSpecial: invoiceSpecial.slice(0, invoiceKeys.length),
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
      quotas: quotas.slice(),
      quotes: quotes.slice(),
    };
  }

  return { addEnterprise, addLine, addQuota, addQuote, build };
}
