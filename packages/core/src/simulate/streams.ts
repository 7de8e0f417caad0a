// From flows to streams of invoices: flows between the same seller and buyer in the same invoice
// class become one stream (so an invoice can carry several products, ≤ 7 lines, never ore with
// separation products). Each stream gets a time window, a price level, its share of the line
// budget and — by a deterministic count that the line generator repeats exactly — its number of
// invoices, void copies and red-letter invoices, so the total line count is known up front.
import type { YearCalendar } from './calendar.ts';
import { invoiceDay } from './calendar.ts';
import { eInvoiceShare } from './facts.ts';
import { hash32, hashUnit } from './prng.ts';
import type { Flow } from './planner.ts';
import type { InvoiceClass, PlannedItem, PlannedStream, SimEnterprise, StreamTag } from './model.ts';

export interface StreamContext {
  readonly seed: number;
  readonly cal: YearCalendar;
  readonly ents: readonly SimEnterprise[];
  readonly passMargins: ReadonlyMap<string, { lag: number; margin: number }>;
}

function windowOf(
  ctx: StreamContext,
  seller: SimEnterprise,
  buyer: SimEnterprise,
  tag: StreamTag,
  cls: InvoiceClass,
): [number, number] {
  const last = ctx.cal.days - 1;
  if (tag === 'bleach') return [seller.activeFrom, Math.min(last, seller.activeTo)];
  if (tag === 'ring') return [seller.activeFrom, Math.min(last, seller.activeTo)];
  const h = hash32(ctx.seed ^ 0x31, seller.index, buyer.index, cls.length);
  let start = h % 20;
  let end = last - ((h >>> 8) % 15);
  // Traders sell what they bought: they start invoicing later; they stop buying earlier.
  if (seller.kind.startsWith('trader')) start += 10 + ((h >>> 4) % 25);
  if (buyer.kind.startsWith('trader')) end -= 10 + ((h >>> 12) % 20);
  if (end < start + 10) end = Math.min(last, start + 10);
  return [start, end];
}

/** Ex-VAT price ÷ market reference for a stream (legal trades within a few % of market). */
function priceFactorOf(
  ctx: StreamContext,
  seller: SimEnterprise,
  buyer: SimEnterprise,
  tag: StreamTag,
  cls: InvoiceClass,
): number {
  const u = hashUnit(ctx.seed ^ 0x77, seller.index, buyer.index, cls.length);
  switch (tag) {
    case 'bleach':
      // Material of unidentified source: ~100k vs >300k CNY/t (domain.md §2).
      return 0.3 + 0.15 * u;
    case 'black':
      return 0.955 + 0.035 * u;
    case 'ring':
      return 0.99 + 0.025 * u;
    case 'fee':
      // Processing fee, CNY per tonne processed ex-VAT (no quote exists for fees).
      return 8000 + 10000 * u;
    default:
      break;
  }
  if (seller.kind.startsWith('mine')) return 0.98 + 0.04 * u;
  if (seller.kind.startsWith('trader')) return 1.01 + 0.03 * u;
  if (seller.kind.startsWith('user')) return 0.98 + 0.04 * u;
  if (buyer.kind.startsWith('trader')) return 0.975 + 0.02 * u;
  return 0.985 + 0.03 * u;
}

/** Groups flows into streams (deterministic order: by first flow). */
export function buildStreams(ctx: StreamContext, flows: readonly Flow[]): PlannedStream[] {
  const byKey = new Map<string, Flow[]>();
  for (const f of flows) {
    const key = `${f.seller}|${f.buyer}|${f.cls}|${f.tag}|${f.linkKey}`;
    const list = byKey.get(key);
    if (list) list.push(f);
    else byKey.set(key, [f]);
  }
  const streams: PlannedStream[] = [];
  const purchaseOf = new Map<string, number>();
  const linkKeyOf = new Map<number, string>();
  for (const list of byKey.values()) {
    const f0 = list[0];
    if (!f0) continue;
    const seller = ctx.ents[f0.seller];
    const buyer = ctx.ents[f0.buyer];
    if (!seller || !buyer) continue;
    const items: PlannedItem[] = [];
    for (const f of list) {
      const existing = items.find(
        (it) => it.productId === f.productId && it.unit === f.unit && it.spec === f.spec,
      );
      if (existing) existing.units += f.units;
      else
        items.push({
          productId: f.productId,
          spec: f.spec,
          unit: f.unit,
          units: f.units,
          reoPerKg: f.reoPerKg,
          lines: 0,
          granule: 1,
        });
    }
    const [start, end] = windowOf(ctx, seller, buyer, f0.tag, f0.cls);
    const id = streams.length;
    streams.push({
      id,
      seller: f0.seller,
      buyer: f0.buyer,
      cls: f0.cls,
      tag: f0.tag,
      start,
      end,
      priceFactor: priceFactorOf(ctx, seller, buyer, f0.tag, f0.cls),
      items,
      lines: 0,
      invoices: 0,
      link: null,
    });
    if (f0.tag === 'black') purchaseOf.set(`${f0.seller}|${f0.cls}|${f0.buyer}`, id);
    if (f0.tag === 'pass-out') linkKeyOf.set(id, f0.linkKey);
  }
  // Pass-through resales mirror the shell's purchase stream.
  for (const s of streams) {
    if (s.tag !== 'pass-out') continue;
    const linkKey = linkKeyOf.get(s.id) ?? '';
    const m = /^pass:(\d+)\|([a-z]+)\|(\d+)$/.exec(linkKey);
    const purchase = m ? purchaseOf.get(`${m[1]}|${m[2]}|${m[3]}`) : undefined;
    const margin = ctx.passMargins.get(linkKey);
    if (purchase === undefined || !margin)
      throw new Error(`pass-through stream ${s.id} has no purchase stream`);
    s.link = { stream: purchase, lag: margin.lag, margin: margin.margin };
    const p = streams[purchase];
    if (p) {
      s.start = Math.min(ctx.cal.days - 1, p.start + margin.lag);
      s.end = Math.min(ctx.cal.days - 1, p.end + margin.lag);
    }
  }
  return streams;
}

/** Lines per invoice: mostly one or two, up to the legal seven (STA 2012 No. 17). */
const LPI_CUMULATIVE = [0.47, 0.67, 0.8, 0.88, 0.93, 0.97, 1];
export function linesPerInvoice(h: number): number {
  const u = h / 4294967296;
  for (let i = 0; i < LPI_CUMULATIVE.length; i++) if (u < (LPI_CUMULATIVE[i] ?? 1)) return i + 1;
  return 7;
}

/** Share of lines added by void copies and red-letter invoices (for the line budget). */
const OVERHEAD = 0.017;

/**
 * Shares out the line budget among items (≈ volume^0.62, at least one line each, never a line
 * below a kilogram), and sets each item's granule (quantities are round multiples of it).
 */
export function allocateLines(streams: PlannedStream[], targetLines: number, dirtyOverhead: number): void {
  const budget = targetLines / (1 + OVERHEAD + dirtyOverhead);
  const own = streams.filter((s) => s.link === null);
  const items: { s: PlannedStream; it: PlannedItem; w: number; cap: number }[] = [];
  for (const s of own)
    for (const it of s.items) {
      const kg = it.unit === 't' ? it.units : it.units / 100;
      const reoT = it.reoPerKg > 0 ? (kg * it.reoPerKg) / 1000 : kg / 5000;
      const minUnits = it.unit === 't' ? 20 : 100;
      items.push({
        s,
        it,
        w: Math.max(0.02, reoT) ** 0.62,
        cap: Math.max(1, Math.floor(it.units / minUnits)),
      });
    }
  const wSum = items.reduce((a, x) => a + x.w, 0);
  let scale = budget / wSum;
  for (let iter = 0; iter < 6; iter++) {
    let total = 0;
    for (const x of items) {
      x.it.lines = Math.max(1, Math.min(x.cap, Math.round(x.w * scale)));
      total += x.it.lines;
    }
    if (Math.abs(total - budget) / budget < 0.002) break;
    scale *= budget / total;
  }
  for (const s of streams) {
    if (s.link !== null) {
      const p = streams[s.link.stream];
      for (const it of s.items) it.lines = p?.items.find((x) => x.productId === it.productId)?.lines ?? 1;
    }
    s.lines = s.items.reduce((a, it) => a + it.lines, 0);
    for (const it of s.items) {
      // Keep at least one unit per line.
      it.lines = Math.min(it.lines, it.units);
      const avg = it.units / it.lines;
      let g = 1;
      for (const c of [5, 10, 50, 100, 500, 1000, 5000]) if (avg / c >= 12) g = c;
      it.granule = g;
    }
    s.lines = s.items.reduce((a, it) => a + it.lines, 0);
  }
}

/** Per-invoice decisions shared by the counting pass and the line generator. */
export interface InvoiceDecision {
  lines: number;
  day: number;
  eInvoice: boolean;
  voided: boolean;
  red: 'none' | 'partial' | 'full';
  redDay: number;
}

const P_VOID = 0.006;
const P_RED_FULL = 0.003;
const P_RED_PARTIAL = 0.008;

/** The stream whose hashes decide invoice structure and days (a resale mirrors its purchase). */
export function structureKey(s: PlannedStream): number {
  return s.link ? s.link.stream : s.id;
}

/** Invoices of a stream (consuming lines-per-invoice draws until its lines are used). */
export function countInvoices(seed: number, s: PlannedStream, streams: readonly PlannedStream[]): number {
  if (s.link) return countInvoices(seed, streams[s.link.stream] ?? s, streams);
  let remaining = s.lines;
  let k = 0;
  const key = structureKey(s);
  while (remaining > 0) {
    remaining -= Math.min(remaining, linesPerInvoice(hash32(seed ^ 0x1f1, key, k)));
    k++;
  }
  return k;
}

export function decideInvoice(
  seed: number,
  cal: YearCalendar,
  s: PlannedStream,
  streams: readonly PlannedStream[],
  sellerProvince: string,
  k: number,
  remainingLines: number,
): InvoiceDecision {
  const key = structureKey(s);
  const lines = Math.min(remainingLines, linesPerInvoice(hash32(seed ^ 0x1f1, key, k)));
  let day: number;
  if (s.link) {
    const p = streams[s.link.stream] ?? s;
    day = Math.min(
      cal.days - 1,
      invoiceDay(cal, p.start, p.end, k, p.invoices, hashUnit(seed ^ 0x2d, key, k)) + s.link.lag,
    );
  } else {
    day = invoiceDay(cal, s.start, s.end, k, s.invoices, hashUnit(seed ^ 0x2d, key, k));
  }
  const h = hash32(seed ^ 0xabc, s.id, k);
  const eInvoice = hashUnit(seed ^ 0xe1, s.id, k) < eInvoiceShare(cal.iso[day] ?? '', sellerProvince);
  const voided = !eInvoice && hashUnit(seed ^ 0x70, s.id, k) < P_VOID;
  const r = hashUnit(seed ^ 0x7ed, s.id, k);
  let red: InvoiceDecision['red'] =
    r < P_RED_FULL ? 'full' : r < P_RED_FULL + P_RED_PARTIAL ? 'partial' : 'none';
  const lag = red === 'full' ? 1 + (h % 14) : 5 + (h % 35);
  const redDay = day + lag;
  if (red !== 'none' && redDay > cal.days - 1) red = 'none';
  // Fees and resales at cost are not returned.
  if (s.cls === 'fee' || s.link) red = 'none';
  return { lines, day, eInvoice, voided, red, redDay };
}

export interface LinePlan {
  /** Base (clean) rows: lines of all invoices, void copies, reds and reissues. */
  readonly baseRows: number;
  readonly invoices: number;
  /** Legacy invoice numbers each seller uses (paper or 12-digit electronic), for number ranges. */
  readonly legacyBySeller: Int32Array;
}

/** Counts invoices and rows of every stream (the same decisions the generator takes). */
export function planLines(
  seed: number,
  cal: YearCalendar,
  streams: PlannedStream[],
  ents: readonly SimEnterprise[],
): LinePlan {
  for (const s of streams) if (!s.link) s.invoices = countInvoices(seed, s, streams);
  for (const s of streams) if (s.link) s.invoices = streams[s.link.stream]?.invoices ?? 0;
  let rows = 0;
  let invoices = 0;
  const legacyBySeller = new Int32Array(ents.length);
  for (const s of streams) {
    const province = ents[s.seller]?.province ?? '';
    let remaining = s.lines;
    for (let k = 0; k < s.invoices; k++) {
      const d = decideInvoice(seed, cal, s, streams, province, k, remaining);
      if (d.lines === 0) continue;
      remaining -= d.lines;
      let n = 1;
      rows += d.lines;
      if (d.voided) {
        rows += d.lines;
        n++;
      }
      if (d.red === 'partial') {
        rows += 1;
        n++;
      } else if (d.red === 'full') {
        rows += 2 * d.lines;
        n += 2;
      }
      invoices += n;
      if (!d.eInvoice) legacyBySeller[s.seller] = (legacyBySeller[s.seller] ?? 0) + n;
    }
  }
  return { baseRows: rows, invoices, legacyBySeller };
}
