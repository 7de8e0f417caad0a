// What every invoice line goes through whatever file it came from (CSV, XLSX, e-invoice XML):
// cached reading of the values that repeat (taxpayer IDs, dates, item names, units, rates), the
// derived quantities (kg, REO kg) and the warning flags (formats.md §1, inspection.md §5).
import type { Catalogue, Product } from '../domain/catalogue.ts';
import { reoPerKgForLine } from '../domain/catalogue.ts';
import type { IsoDate } from '../domain/dates.ts';
import { checkTaxId } from '../domain/tax-id.ts';
import type { Unit } from '../domain/units.ts';
import { parseUnit } from '../domain/units.ts';
import { isVatRateInForce } from '../domain/vat.ts';
import { LineFlag } from '../domain/line-flags.ts';
import type { InvoiceLineRecord, InvoiceStatus } from './records.ts';
import type { IngestOptions } from './types.ts';
import type { IdentityResult } from './values.ts';
import { copyString, fnv1a64Hex, parseDateText, parseOriginalReference, parseTaxRateText } from './values.ts';
import type { KeyCounter } from './key-counter.ts';
import { catalogueFlags, isOrdinaryInvoiceKind, lineReoKg } from './line-derivation.ts';

/** A map that forgets everything when it grows past its limit: memory stays flat on any file. */
export class BoundedCache<V> {
  private readonly map = new Map<string, V>();
  constructor(private readonly limit = 50_000) {}
  get(key: string): V | undefined {
    return this.map.get(key);
  }
  set(key: string, value: V): void {
    if (this.map.size >= this.limit) this.map.clear();
    this.map.set(copyString(key), value);
  }
}

export interface TaxIdInfo {
  /** Normalised ID. */
  readonly id: string;
  /** USCC or organization-code check fails and the ID is not allow-listed. */
  readonly checkFails: boolean;
  /** Embedded GB/T 2260 code, when there is one. */
  readonly regionCode: string | undefined;
}

export interface ItemInfo {
  /** The item name as written (trimmed), detached from the file text. */
  readonly name: string;
  readonly product: Product | undefined;
  readonly prefixMismatch: boolean;
  /** kg REO per kg when it does not depend on the specification; undefined when it may. */
  readonly fixedReoPerKg: number | undefined;
  readonly bySpec: BoundedCache<number> | undefined;
}

const NO_TAX_ID = null;
const KIND_ORDINARY = 1;
const KIND_RED = 2;

/** Per-file caches of everything that repeats on invoice lines. */
export class InvoiceContext {
  readonly source: string;
  readonly catalogue: Catalogue;
  private readonly allow: ReadonlySet<string> | undefined;
  private readonly taxIds = new BoundedCache<TaxIdInfo | null>();
  private readonly dates = new BoundedCache<IsoDate | null>();
  private readonly items = new BoundedCache<ItemInfo>(20_000);
  private readonly units = new BoundedCache<Unit | null>(1_000);
  private readonly rates = new BoundedCache<{ rate: number | null } | null>(1_000);

  constructor(options: IngestOptions) {
    this.source = options.source;
    this.catalogue = options.catalogue;
    this.allow = options.taxIdAllowList;
  }

  private lastRateDate = '';
  private lastRate = 0;
  private lastRateOk = false;
  private readonly kinds = new BoundedCache<number>(1_000);

  /** isVatRateInForce by rate and date, for the dates of this file (a few thousand at most). */
  private readonly inForce = new Map<number, Map<IsoDate, boolean>>();

  /** isVatRateInForce, remembered for the last (rate, date): lines of an invoice share both. */
  rateInForce(rate: number, date: IsoDate): boolean {
    if (rate !== this.lastRate || date !== this.lastRateDate) {
      this.lastRate = rate;
      this.lastRateDate = date;
      let byDate = this.inForce.get(rate);
      if (byDate === undefined) this.inForce.set(rate, (byDate = new Map()));
      let ok = byDate.get(date);
      if (ok === undefined) {
        if (byDate.size >= 50_000) byDate.clear(); // memory stays flat on any file
        byDate.set(date, (ok = isVatRateInForce(rate, date)));
      }
      this.lastRateOk = ok;
    }
    return this.lastRateOk;
  }

  /** What 发票票种 says: ordinary (普通) and/or red-letter (红字) invoice. */
  kindBits(kind: string): number {
    let bits = this.kinds.get(kind);
    if (bits === undefined) {
      bits = (isOrdinaryInvoiceKind(kind) ? KIND_ORDINARY : 0) | (kind.includes('红字') ? KIND_RED : 0);
      this.kinds.set(kind, bits);
    }
    return bits;
  }

  /** The taxpayer ID read and checked, or null when it cannot be one (a bad row). */
  taxId(raw: string): TaxIdInfo | null {
    let info = this.taxIds.get(raw);
    if (info === undefined) {
      const c = checkTaxId(raw);
      info =
        c === undefined
          ? NO_TAX_ID
          : {
              id: c.normalized,
              checkFails:
                (c.checksumOk === false || c.orgCodeOk === false) &&
                !(this.allow?.has(c.normalized) ?? false),
              regionCode: c.regionCode,
            };
      this.taxIds.set(raw, info);
    }
    return info;
  }

  date(raw: string): IsoDate | null {
    let d = this.dates.get(raw);
    if (d === undefined) {
      d = parseDateText(raw) ?? null;
      this.dates.set(raw, d);
    }
    return d;
  }

  item(raw: string): ItemInfo {
    let info = this.items.get(raw);
    if (info === undefined) {
      const name = copyString(raw);
      const match = this.catalogue.matchItemName(name);
      const product = match.productId === undefined ? undefined : this.catalogue.getProduct(match.productId);
      const specDependent =
        product !== undefined && product.basis === 'product' && product.specOverride === true;
      info = {
        name,
        product,
        prefixMismatch: match.prefixMismatch,
        fixedReoPerKg:
          product === undefined ? 0 : specDependent ? undefined : reoPerKgForLine(product, undefined),
        bySpec: specDependent ? new BoundedCache<number>(1_000) : undefined,
      };
      this.items.set(raw, info);
    }
    return info;
  }

  reoPerKg(item: ItemInfo, specification: string | null): number {
    if (item.fixedReoPerKg !== undefined || item.product === undefined) return item.fixedReoPerKg ?? 0;
    if (specification === null) return reoPerKgForLine(item.product, undefined);
    const cache = item.bySpec;
    let v = cache?.get(specification);
    if (v === undefined) {
      v = reoPerKgForLine(item.product, specification);
      cache?.set(specification, v);
    }
    return v;
  }

  unit(raw: string): Unit | null {
    let u = this.units.get(raw);
    if (u === undefined) {
      u = parseUnit(raw) ?? null;
      this.units.set(raw, u);
    }
    return u;
  }

  rate(raw: string): { rate: number | null } | null {
    let r = this.rates.get(raw);
    if (r === undefined) {
      r = parseTaxRateText(raw) ?? null;
      this.rates.set(raw, r);
    }
    return r;
  }
}

/** A line read and validated, before identity, derived values and flags are settled. */
export interface LineDraft {
  identity: Exclude<IdentityResult, { kind: 'issue' }>;
  /** From 序号/行号 or the e-invoice item index; 0 = number by order of appearance. */
  lineNo: number;
  issueDate: IsoDate;
  seller: TaxIdInfo;
  sellerName: string;
  buyer: TaxIdInfo;
  buyerName: string;
  taxCode: string | null;
  specialBusiness: string | null;
  item: ItemInfo;
  specification: string | null;
  unit: Unit;
  quantityText: string;
  quantityValue: number;
  /** quantity × 10^quantityScale as an integer; NaN when beyond 2^53. */
  quantityMantissa: number;
  quantityScale: number;
  unitPriceText: string;
  unitPriceValue: number;
  amountFen: number;
  taxRate: number | null;
  taxFen: number;
  totalFen: number | null;
  invoiceKind: string | null;
  status: InvoiceStatus;
  /** 是否正数发票: false = red-letter; null when not given. */
  isPositive: boolean | null;
  /** The original-invoice reference as written, '' when none. */
  originalRaw: string;
  /** The original-invoice key when already known (e-invoice XML), else resolved from originalRaw. */
  originalKey: string | null;
  remark: string | null;
  source: string;
  row: number;
}

/** Powers of ten from a unit to kg (t → 3, kg → 0, g → -3). */
function unitExponent(id: Unit['id']): number {
  return id === 't' ? 3 : id === 'kg' ? 0 : -3;
}
const POW10: readonly number[] = Array.from({ length: 30 }, (_, k) => 10 ** k);

/** kg of product = quantity × unit factor, from the exact digits (no binary drift for t → kg). */
function kgOf(d: LineDraft): number {
  const e = unitExponent(d.unit.id);
  const m = d.quantityMantissa;
  const s = d.quantityScale;
  if (Number.isFinite(m) && s + 3 < POW10.length) {
    if (e >= 0) {
      const scaled = m * POW10[e]!;
      if (Number.isSafeInteger(scaled)) return scaled / POW10[s]!;
    } else {
      return m / POW10[s - e]!;
    }
  }
  return d.quantityValue * d.unit.kgPerUnit;
}

// Arithmetic tolerances of the invoice rules (inspection.md §5), in fen; the 1e-3 absorbs the
// binary rounding of quantity × price, never a real cent.
const AMOUNT_TOLERANCE_FEN = 1 + 1e-3;
const TAX_TOLERANCE_FEN = 6 + 1e-3;
const TOTAL_TOLERANCE_FEN = 1;

/**
 * Settles a line: its invoice key and line number, kg and REO kg, and its warning flags.
 * RED_WITHOUT_ORIGINAL and RED_EXCEEDS_ORIGINAL are left to the import, which sees the store.
 */
export function assembleInvoiceLine(
  ctx: InvoiceContext,
  d: LineDraft,
  counter: KeyCounter | null,
): InvoiceLineRecord {
  let flags = 0;
  const id = d.identity;
  let invoiceKey: string;
  if (id.kind === 'mangled') {
    flags |= LineFlag.REFERENCE_MANGLED;
    // Keyed by content, not by row, so that the same line in two files is still one line.
    invoiceKey = `X:${fnv1a64Hex(
      [d.seller.id, d.buyer.id, d.issueDate, d.item.name, d.quantityText, String(d.amountFen)].join('\u001f'),
    )}`;
  } else {
    invoiceKey = id.key;
  }
  let lineNo = d.lineNo;
  if (lineNo === 0) lineNo = counter ? counter.next(invoiceKey) : 1;

  let originalInvoiceKey = d.originalKey;
  if (originalInvoiceKey === null && d.originalRaw !== '') {
    const ref = parseOriginalReference(d.originalRaw, id.kind === 'legacy' ? id.code : null);
    originalInvoiceKey = ref.key;
    if (ref.mangled) flags |= LineFlag.REFERENCE_MANGLED;
  }

  if (d.seller.checkFails) flags |= LineFlag.SELLER_TAX_ID_CHECK;
  if (d.buyer.checkFails) flags |= LineFlag.BUYER_TAX_ID_CHECK;
  const product = d.item.product;
  const kind = d.invoiceKind === null ? 0 : ctx.kindBits(d.invoiceKind);
  // The bits a catalogue change can alter: `oresight rederive` recomputes them the same way.
  flags |= catalogueFlags(product, d.item.prefixMismatch, (kind & KIND_ORDINARY) !== 0);
  if (!d.unit.allowedOnRareEarthInvoice) flags |= LineFlag.UNIT_NOT_ALLOWED;

  if (d.taxRate === null || d.taxRate === 0) flags |= LineFlag.TAX_EXEMPT;
  else if (!ctx.rateInForce(d.taxRate, d.issueDate)) flags |= LineFlag.VAT_RATE_NOT_IN_FORCE;

  // Signs differ between exports of red lines (negative quantity or negative price): compare sizes.
  const expectedFen = Math.abs(d.quantityValue * d.unitPriceValue * 100);
  if (Math.abs(expectedFen - Math.abs(d.amountFen)) > AMOUNT_TOLERANCE_FEN) flags |= LineFlag.AMOUNT_MISMATCH;
  const expectedTax = d.taxRate === null ? 0 : Math.abs(d.amountFen * d.taxRate);
  if (Math.abs(expectedTax - Math.abs(d.taxFen)) > TAX_TOLERANCE_FEN) flags |= LineFlag.TAX_MISMATCH;
  if (d.totalFen !== null && Math.abs(d.totalFen - (d.amountFen + d.taxFen)) > TOTAL_TOLERANCE_FEN)
    flags |= LineFlag.TOTAL_MISMATCH;

  if (d.isPositive === false || d.quantityValue < 0 || d.amountFen < 0 || (kind & KIND_RED) !== 0)
    flags |= LineFlag.RED;
  if (d.status === 'void') flags |= LineFlag.VOIDED;

  const kg = kgOf(d);
  const reoKg = product === undefined ? 0 : lineReoKg(kg, ctx.reoPerKg(d.item, d.specification));

  return {
    invoiceKey,
    invoiceCode: id.kind === 'legacy' ? id.code : id.kind === 'mangled' ? id.code : null,
    invoiceNumber: id.kind === 'legacy' ? id.number : id.kind === 'mangled' ? id.number : null,
    eInvoiceNumber: id.kind === 'digital' ? id.number : id.kind === 'mangled' ? id.eNumber : null,
    lineNo,
    issueDate: d.issueDate,
    sellerTaxId: d.seller.id,
    sellerName: d.sellerName,
    buyerTaxId: d.buyer.id,
    buyerName: d.buyerName,
    taxCode: d.taxCode,
    specialBusiness: d.specialBusiness,
    itemName: d.item.name,
    specification: d.specification,
    unit: d.unit.id,
    quantity: d.quantityText,
    unitPrice: d.unitPriceText,
    amountFen: d.amountFen,
    taxRate: d.taxRate,
    taxFen: d.taxFen,
    totalFen: d.totalFen,
    invoiceKind: d.invoiceKind,
    status: d.status,
    originalInvoiceKey,
    remark: d.remark,
    productId: product === undefined ? null : product.id,
    kg,
    reoKg,
    flags,
    source: d.source,
    row: d.row,
  };
}
