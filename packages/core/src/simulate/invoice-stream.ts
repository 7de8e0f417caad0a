// The line generator: walks the year day by day and issues every stream's invoices in date order,
// cutting each planned quantity into lines that add up to it exactly, pricing each line off the
// day's reference quote, and writing the fields as the tax bureau's export does. Memory is bounded
// by one day's lines plus pending red-letter invoices, however many lines are asked for. One core
// (createLineGenerator) feeds two front ends: line objects (createInvoiceLineStream, below) and CSV
// bytes without objects (createInvoiceCsvStream in encode.ts), byte-identical by test.
import type { Product } from '../domain/catalogue.ts';
import { vatRateOn } from '../domain/vat.ts';
import { Rng, hash32, hashUnit } from './prng.ts';
import { UNIT_SCALE } from './model.ts';
import type { LineUnit, PlannedStream, SimEnterprise } from './model.ts';
import { decideInvoice } from './streams.ts';
import type { InvoiceDecision } from './streams.ts';
import { QUOTE_NOMINAL_REO, referenceExVatPerKg } from './prices.ts';
import type { SimulatedInvoiceLine } from './line.ts';
import { applyAnomaly, dirtyKindAt, insertedRow, isInsertedKind } from './dirty.ts';
import type { Scenario } from './scenario.ts';

const ITEM_PREFIX: Readonly<Record<string, string>> = {
  ore: '稀土矿产品',
  separation: '稀土冶炼分离产品',
  metal: '稀土金属及合金',
  alloy: '稀土金属及合金',
  recycled: '稀土废料',
  fee: '加工劳务',
};

// 税收分类编码 (19 digits) by category: plausible codes of the rare earth part of the classification
// table (unverified: the simulator only needs them well-formed and stable).
const TAX_CODES: Readonly<Record<string, string>> = {
  ore: '1020302010000000000',
  separation: '1080413020000000000',
  metal: '1080413030000000000',
  alloy: '1080413040000000000',
  recycled: '1090316000000000000',
  fee: '2010000000000000000',
};

export interface ProductInfo {
  readonly product: Product;
  readonly itemName: string;
  readonly taxCode: string;
  readonly nominalReo: number | undefined;
}

interface LineSpec {
  readonly info: ProductInfo;
  readonly spec: string;
  readonly unit: LineUnit;
  readonly reoPerKg: number;
  /** Signed quantity in units of 1/UNIT_SCALE[unit]. */
  q: number;
  /** VAT-inclusive price per invoice unit, in fen. */
  pFen: number;
}

interface Pending {
  readonly stream: PlannedStream;
  readonly kind: 'partial' | 'full';
  readonly blue: { code: string; number: string; eNumber: string; kind: string };
  readonly lines: LineSpec[];
  /** Full reversal: the correct prices of the reissue. */
  readonly reissueFen: number[];
}

const KIND_PAPER = '增值税专用发票';
const KIND_ELECTRONIC = '增值税电子专用发票';
const KIND_DIGITAL = '数电票(增值税专用发票)';

export const LINE_NO = ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'];
const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : String(i)));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/** A quantity in 1/scale units as the export writes it: `12.5`, `350`, `-1.234` (no trailing zeros). */
function formatScaled(units: number, scale: number): string {
  const a = units < 0 ? -units : units;
  const int = Math.floor(a / scale);
  const frac = a - int * scale;
  let text = String(int);
  if (frac > 0) {
    let digits = scale === 1000 ? (THREE_DIGITS[frac] ?? '') : (TWO_DIGITS[frac] ?? '');
    while (digits.endsWith('0')) digits = digits.slice(0, -1);
    text = `${text}.${digits}`;
  }
  return units < 0 ? `-${text}` : text;
}

/** Integer fen as yuan with two decimals. */
function yuan(fen: number): string {
  const a = fen < 0 ? -fen : fen;
  const cents = a % 100;
  const text = `${(a - cents) / 100}.${TWO_DIGITS[cents] ?? '00'}`;
  return fen < 0 ? `-${text}` : text;
}

/** Ex-VAT unit price = amount ÷ quantity, to 8 (10 for large quantities) decimals, trailing zeros cut. */
function unitPriceText(amountFen: number, quantity: number): string {
  const price = Math.abs(amountFen) / 100 / quantity;
  const text = price.toFixed(quantity >= 1000 ? 10 : 8);
  let end = text.length;
  while (end > 0 && text.charCodeAt(end - 1) === 48) end--;
  if (end > 0 && text.charCodeAt(end - 1) === 46) end--;
  return end === text.length ? text : text.slice(0, end);
}

/** Rounds a VAT-inclusive unit price to the step a seller would type. */
function niceStep(price: number, unit: LineUnit): number {
  if (unit === 't') return price >= 100_000 ? 100 : price >= 10_000 ? 10 : 1;
  return price >= 1000 ? 1 : price >= 100 ? 0.1 : 0.01;
}

/** The invoice-level fields shared by the lines of one invoice. */
export interface InvoiceIdentity {
  readonly code: string;
  readonly number: string;
  readonly eNumber: string;
  readonly kind: string;
}

/**
 * One line as the generator hands it to a sink: references to shared parts (invoice, parties,
 * product) and the few strings particular to the line. The object is reused from line to line:
 * a sink copies what it keeps.
 */
export interface LineArgs {
  ident: InvoiceIdentity;
  lineNo: number;
  date: string;
  seller: SimEnterprise;
  buyer: SimEnterprise;
  info: ProductInfo;
  spec: string;
  unit: LineUnit;
  /** Signed quantity in 1/scale units (scale 1000 for 吨, 100 for 公斤). */
  quantityUnits: number;
  scale: number;
  unitPrice: string;
  amountFen: number;
  taxRate: string;
  taxFen: number;
  totalFen: number;
  status: string;
  red: boolean;
  original: string;
  remark: string;
}

/** The export's line object for generator arguments. */
export function lineOf(a: LineArgs): SimulatedInvoiceLine {
  return {
    invoiceCode: a.ident.code,
    invoiceNumber: a.ident.number,
    eInvoiceNumber: a.ident.eNumber,
    lineNo: LINE_NO[a.lineNo - 1] ?? String(a.lineNo),
    issueDate: a.date,
    sellerTaxId: a.seller.taxId,
    sellerName: a.seller.name,
    buyerTaxId: a.buyer.taxId,
    buyerName: a.buyer.name,
    taxCode: a.info.taxCode,
    specialBusiness: '稀土',
    itemName: a.info.itemName,
    specification: a.spec,
    unit: a.unit === 't' ? '吨' : '公斤',
    quantity: formatScaled(a.quantityUnits, a.scale),
    unitPrice: a.unitPrice,
    amount: yuan(a.amountFen),
    taxRate: a.taxRate,
    taxAmount: yuan(a.taxFen),
    totalWithTax: yuan(a.totalFen),
    invoiceKind: a.ident.kind,
    status: a.status,
    isPositive: a.red ? '否' : '是',
    originalInvoice: a.original,
    remark: a.remark,
  };
}

/**
 * The generator core: issues every stream's invoices day by day, in date order, handing each line
 * to `sink`. `produceDay()` runs one day and returns false once the year is done.
 */
export function createLineGenerator(
  scenario: Scenario,
  sink: (line: LineArgs) => void,
): { produceDay(): boolean } {
  const { seed, calendar: cal, streams, enterprises: ents, prices, catalogue, numbering } = scenario;
  const days = cal.days;
  const yy = String(cal.year % 100).padStart(2, '0');

  const productInfo = new Map<string, ProductInfo>();
  const infoOf = (id: string): ProductInfo => {
    let info = productInfo.get(id);
    if (!info) {
      const product = catalogue.getProductOrThrow(id);
      info = {
        product,
        itemName: `*${ITEM_PREFIX[product.category] ?? '稀土冶炼分离产品'}*${product.nameZh}`,
        taxCode: TAX_CODES[product.category] ?? TAX_CODES.separation ?? '',
        nominalReo: QUOTE_NOMINAL_REO[id],
      };
      productInfo.set(id, info);
    }
    return info;
  };
  const vatByDay = cal.iso.map((iso) => vatRateOn(iso));
  const vatText = new Map<number, string>();
  const rateText = (r: number): string => {
    let t = vatText.get(r);
    if (!t) {
      t = `${Math.round(r * 100)}%`;
      vatText.set(r, t);
    }
    return t;
  };

  // Per-stream state.
  const n = streams.length;
  const k = new Int32Array(n);
  const linesLeft = new Int32Array(n);
  const itemOffset = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) itemOffset[i + 1] = (itemOffset[i] ?? 0) + (streams[i]?.items.length ?? 0);
  const itemCount = itemOffset[n] ?? 0;
  const unitsLeft = new Float64Array(itemCount);
  const itemLinesLeft = new Int32Array(itemCount);
  const swrr = new Float64Array(itemCount);
  const rngs: (Rng | undefined)[] = new Array(n);
  const decisions: (InvoiceDecision | undefined)[] = new Array(n);
  const buckets: number[][] = Array.from({ length: days }, () => []);
  for (const s of streams) {
    linesLeft[s.id] = s.lines;
    s.items.forEach((it, j) => {
      const o = (itemOffset[s.id] ?? 0) + j;
      unitsLeft[o] = it.units;
      itemLinesLeft[o] = it.lines;
    });
  }
  const schedule = (s: PlannedStream): void => {
    // Skip invoices left without lines (a resale whose item had fewer units than lines).
    while ((k[s.id] ?? 0) < s.invoices) {
      const d = decideInvoice(
        seed,
        cal,
        s,
        streams,
        ents[s.seller]?.province ?? '',
        k[s.id] ?? 0,
        linesLeft[s.id] ?? 0,
      );
      if (d.lines > 0) {
        decisions[s.id] = d;
        buckets[d.day]?.push(s.id);
        return;
      }
      k[s.id] = (k[s.id] ?? 0) + 1;
    }
    decisions[s.id] = undefined;
  };
  for (const s of streams) schedule(s);

  const pending: Pending[][] = Array.from({ length: days }, () => []);
  const paperNext = new Float64Array(ents.length);
  numbering.sellers.forEach((sn, i) => {
    paperNext[i] = sn?.start ?? 0;
  });
  const eNext = new Map(numbering.eStart);
  const nextIdentity = (
    seller: number,
    eInvoice: boolean,
  ): { code: string; number: string; eNumber: string; kind: string } => {
    const e = ents[seller];
    if (eInvoice && e) {
      const p = e.province.slice(0, 2);
      const v = (eNext.get(p) ?? 1) + 1 + (hash32(seed ^ 0x5e9, eNext.get(p) ?? 0) % 300);
      eNext.set(p, v);
      return {
        code: '',
        number: '',
        eNumber: `${yy}${p}2${String(v).padStart(15, '0')}`,
        kind: KIND_DIGITAL,
      };
    }
    const sn = numbering.sellers[seller];
    if (!sn) throw new Error(`seller ${seller} has no invoice numbers`);
    const number = paperNext[seller] ?? sn.start;
    paperNext[seller] = number + 1;
    return {
      code: sn.code,
      number: String(number).padStart(8, '0'),
      eNumber: '',
      kind: sn.electronic ? KIND_ELECTRONIC : KIND_PAPER,
    };
  };

  const args: LineArgs = {
    ident: { code: '', number: '', eNumber: '', kind: '' },
    lineNo: 1,
    date: '',
    seller: ents[0] as SimEnterprise,
    buyer: ents[0] as SimEnterprise,
    info: infoOf('oxide-prnd'),
    spec: '',
    unit: 't',
    quantityUnits: 0,
    scale: 1000,
    unitPrice: '',
    amountFen: 0,
    taxRate: '',
    taxFen: 0,
    totalFen: 0,
    status: '',
    red: false,
    original: '',
    remark: '',
  };
  const emit = (
    s: PlannedStream,
    ident: InvoiceIdentity,
    day: number,
    lines: readonly LineSpec[],
    status: string,
    red: boolean,
    original: string,
    remark: string,
    fenOverride?: readonly number[],
  ): void => {
    const date = cal.iso[day] ?? '';
    const r = vatByDay[day] ?? 0.17;
    const seller = ents[s.seller];
    const buyer = ents[s.buyer];
    if (!seller || !buyer) return;
    const a = args;
    a.ident = ident;
    a.date = date;
    a.seller = seller;
    a.buyer = buyer;
    a.status = status;
    a.red = red;
    a.original = original;
    a.remark = remark;
    a.taxRate = rateText(r);
    for (let j = 0; j < lines.length; j++) {
      const l = lines[j];
      if (!l) continue;
      const scale = UNIT_SCALE[l.unit];
      const qAbs = l.q < 0 ? -l.q : l.q;
      const pFen = fenOverride === undefined ? l.pFen : (fenOverride[j] ?? l.pFen);
      const totalAbs = Math.round((qAbs * pFen) / scale);
      const amountAbs = Math.round(totalAbs / (1 + r));
      const total = red ? -totalAbs : totalAbs;
      const amount = red ? -amountAbs : amountAbs;
      a.lineNo = j + 1;
      a.info = l.info;
      a.spec = l.spec;
      a.unit = l.unit;
      a.quantityUnits = red ? -qAbs : qAbs;
      a.scale = scale;
      a.unitPrice = unitPriceText(amountAbs, qAbs / scale);
      a.amountFen = amount;
      a.taxFen = total - amount;
      a.totalFen = total;
      sink(a);
    }
  };

  /** Purchase lines of streams that a pass-through shell resells, waiting for their resale. */
  const mirrors = new Map<number, { productId: string; q: number; pFen: number }[][]>();
  for (const s of streams) if (s.link) mirrors.set(s.link.stream, []);

  /** The lines of invoice k of stream s (quantities and prices). */
  const makeLines = (s: PlannedStream, d: InvoiceDecision): LineSpec[] => {
    let rng = rngs[s.id];
    if (!rng) {
      rng = new Rng(seed, 100_000 + s.id);
      rngs[s.id] = rng;
    }
    const base = itemOffset[s.id] ?? 0;
    const count = s.items.length;
    const ki = k[s.id] ?? 0;
    const vat = vatByDay[d.day] ?? 0.17;
    const result: LineSpec[] = [];
    const link = s.link;
    if (link) {
      // A pass-through resale mirrors the purchase invoice line by line: same products, the
      // quantity less a small loss, the price plus a margin under 1% (inspection.md §5).
      const bought = mirrors.get(link.stream)?.shift() ?? [];
      for (const p of bought) {
        const t = s.items.findIndex((it) => it.productId === p.productId);
        const item = s.items[t];
        if (!item) continue;
        const o = base + t;
        const left = itemLinesLeft[o] ?? 1;
        const units = unitsLeft[o] ?? 0;
        if (left <= 0) continue;
        const ratio =
          item.units /
          (streams[link.stream]?.items.find((x) => x.productId === p.productId)?.units ?? item.units);
        const q = left <= 1 ? units : Math.max(1, Math.min(Math.round(p.q * ratio), units - (left - 1)));
        unitsLeft[o] = units - q;
        itemLinesLeft[o] = left - 1;
        const info = infoOf(item.productId);
        const incl = (p.pFen / 100) * (1 + link.margin);
        const step = niceStep(incl, item.unit);
        const price = Math.max(step, Math.round(incl / step) * step);
        result.push({
          info,
          spec: item.spec,
          unit: item.unit,
          reoPerKg: item.reoPerKg,
          q,
          pFen: Math.round(price * 100),
        });
      }
      linesLeft[s.id] = (linesLeft[s.id] ?? 0) - result.length;
      return result;
    }
    for (let j = 0; j < d.lines; j++) {
      // Smooth weighted round robin over the items: each item gets exactly its planned lines.
      let best = -1;
      let total = 0;
      for (let t = 0; t < count; t++) {
        const o = base + t;
        const w = itemLinesLeft[o] ?? 0;
        if (w <= 0) continue;
        total += w;
        swrr[o] = (swrr[o] ?? 0) + w;
        if (best < 0 || (swrr[o] ?? 0) > (swrr[base + best] ?? 0)) best = t;
      }
      if (best < 0) break;
      const o = base + best;
      swrr[o] = (swrr[o] ?? 0) - total;
      const item = s.items[best];
      if (!item) break;
      const left = itemLinesLeft[o] ?? 1;
      const units = unitsLeft[o] ?? 0;
      let q: number;
      if (left <= 1) q = units;
      else {
        const g = item.granule;
        q = Math.round(((units / left) * rng.range(0.55, 1.45)) / g) * g;
        q = Math.max(1, Math.min(q, units - (left - 1)));
      }
      unitsLeft[o] = units - q;
      itemLinesLeft[o] = left - 1;
      const info = infoOf(item.productId);
      let exPerUnit: number;
      if (info.product.category === 'fee') {
        exPerUnit = s.priceFactor * (item.unit === 't' ? 1 : 0.001);
      } else {
        const ref =
          referenceExVatPerKg(prices, item.productId, d.day) ??
          scenario.meanReference.get(item.productId) ??
          0;
        const jitter = (hashUnit(seed ^ 0x9a, s.id, ki, j) - 0.5) * 0.016;
        const contentAdj = info.nominalReo ? item.reoPerKg / info.nominalReo : 1;
        exPerUnit = ref * s.priceFactor * (1 + jitter) * contentAdj * (item.unit === 't' ? 1000 : 1);
      }
      const incl = exPerUnit * (1 + vat);
      const step = niceStep(incl, item.unit);
      const price = Math.max(step, Math.round(incl / step) * step);
      result.push({
        info,
        spec: item.spec,
        unit: item.unit,
        reoPerKg: item.reoPerKg,
        q,
        pFen: Math.round(price * 100),
      });
    }
    linesLeft[s.id] = (linesLeft[s.id] ?? 0) - result.length;
    mirrors.get(s.id)?.push(result.map((l) => ({ productId: l.info.product.id, q: l.q, pFen: l.pFen })));
    return result;
  };

  const remarkFor = (s: PlannedStream, ki: number): string => {
    const h = hash32(seed ^ 0x4e4, s.id, ki);
    if (h % 100 < 10) return `合同号:HT${yy}${String(1000 + (hash32(seed, s.seller, s.buyer) % 9000))}`;
    if (s.cls === 'ore' && h % 100 < 16) return '折氧化物计量计价';
    return '';
  };

  const issueInvoice = (s: PlannedStream, d: InvoiceDecision): void => {
    const ki = k[s.id] ?? 0;
    const lines = makeLines(s, d);
    if (lines.length === 0) return;
    const h = hash32(seed ^ 0x3f3, s.id, ki);
    if (d.voided) {
      // Voided (作废) paper invoice: a typo in the price, cancelled and reissued the same day.
      const typo = lines.map((l) => Math.round(l.pFen * (1 + ((h % 5) + 1) / 100)));
      emit(s, nextIdentity(s.seller, false), d.day, lines, '作废', false, '', '', typo);
    }
    if (d.red === 'partial') {
      // A return of part of line 1: the blue invoice carries it, a red one takes it back later.
      const first = lines[0];
      if (first) {
        const f = 0.05 + ((h >>> 8) % 25) / 100;
        const extra = Math.max(1, Math.round((Math.abs(first.q) * f) / (1 - f)));
        first.q += extra;
        const ident = nextIdentity(s.seller, d.eInvoice);
        emit(s, ident, d.day, lines, '部分红冲', false, '', remarkFor(s, ki));
        first.q -= extra;
        pending[d.redDay]?.push({
          stream: s,
          kind: 'partial',
          blue: ident,
          lines: [{ ...first, q: extra }],
          reissueFen: [],
        });
      }
    } else if (d.red === 'full') {
      // Issued at a wrong price, fully reversed, then reissued at the agreed one.
      const wrong = lines.map((l) =>
        Math.round(l.pFen * (1 + (h % 2 === 0 ? 1 : -1) * (0.03 + ((h >>> 4) % 6) / 100))),
      );
      const ident = nextIdentity(s.seller, d.eInvoice);
      emit(s, ident, d.day, lines, '已红冲', false, '', remarkFor(s, ki), wrong);
      pending[d.redDay]?.push({
        stream: s,
        kind: 'full',
        blue: ident,
        lines: lines.map((l, j) => ({ ...l, pFen: wrong[j] ?? l.pFen })),
        reissueFen: lines.map((l) => l.pFen),
      });
    } else {
      emit(s, nextIdentity(s.seller, d.eInvoice), d.day, lines, '正常', false, '', remarkFor(s, ki));
    }
  };

  const issueRed = (p: Pending, day: number): void => {
    const eInvoice = p.blue.eNumber !== '';
    const original = eInvoice ? p.blue.eNumber : `${p.blue.code} ${p.blue.number}`;
    const remark = eInvoice
      ? `被红冲蓝字数电发票号码：${p.blue.eNumber}`
      : `开具红字增值税专用发票信息表编号${p.blue.code.slice(0, 4)}${yy}${p.blue.number}；对应正数发票代码:${p.blue.code}号码:${p.blue.number}`;
    emit(p.stream, nextIdentity(p.stream.seller, eInvoice), day, p.lines, '正常', true, original, remark);
    if (p.kind === 'full') {
      const reissue = p.lines.map((l, j) => ({ ...l, pFen: p.reissueFen[j] ?? l.pFen }));
      emit(p.stream, nextIdentity(p.stream.seller, eInvoice), day, reissue, '正常', false, '', '');
    }
  };

  let day = 0;
  const produceDay = (): boolean => {
    if (day >= days) return false;
    const bucket = buckets[day] ?? [];
    // Resales after purchases: a shell resells on the day it buys at the earliest (lag ≥ 0).
    for (const pass of [false, true]) {
      for (let bi = 0; bi < bucket.length; bi++) {
        const sid = bucket[bi] ?? -1;
        const s = streams[sid];
        const d = decisions[sid];
        if (!s || !d || (s.link !== null) !== pass) continue;
        issueInvoice(s, d);
        k[sid] = (k[sid] ?? 0) + 1;
        schedule(s);
      }
    }
    buckets[day] = [];
    for (const p of pending[day] ?? []) issueRed(p, day);
    pending[day] = [];
    day++;
    return true;
  };
  return { produceDay };
}

/**
 * Applies dirt (dirty.ts) to the generated lines in file-row order: inserted bad rows and
 * duplicates, in-place anomalies. Clean rows go to `clean` as generator arguments (fast path),
 * dirty ones to `object` as finished line objects. Same walk as walkDirtyRows.
 */
export function createDirtyWalk(
  scenario: Scenario,
  clean: (a: LineArgs) => void,
  object: (line: SimulatedInvoiceLine) => void,
): (a: LineArgs) => void {
  const { seed } = scenario;
  const year = scenario.year;
  if (!scenario.options.dirty) return clean;
  let row = 0;
  let last: LineArgs | undefined;
  return (a) => {
    for (;;) {
      const kind = dirtyKindAt(seed, row);
      if (kind !== null && isInsertedKind(kind) && last) {
        object(insertedRow(kind, lineOf(last), seed, row));
        row++;
        continue;
      }
      if (kind !== null && !isInsertedKind(kind)) {
        const line = lineOf(a);
        applyAnomaly(kind, line, seed, row, year);
        object(line);
      } else clean(a);
      last = { ...a };
      row++;
      return;
    }
  };
}

/**
 * Streams the scenario's invoice lines in date order. `next(max)` returns up to `max` lines, or
 * null when all `total` lines have been returned. Memory is bounded by one day's lines plus
 * pending red-letter invoices.
 * @example
 * const stream = createInvoiceLineStream(createScenario({ ...DEFAULT_SIMULATION, lines: 50_000 }));
 * for (let chunk = stream.next(10_000); chunk; chunk = stream.next(10_000)) write(chunk);
 */
export function createInvoiceLineStream(scenario: Scenario): {
  next(maxLines: number): SimulatedInvoiceLine[] | null;
  readonly total: number;
} {
  const queue: SimulatedInvoiceLine[] = [];
  let queuePos = 0;
  let produced = 0;
  const push = (line: SimulatedInvoiceLine): void => {
    queue.push(line);
  };
  const generator = createLineGenerator(
    scenario,
    createDirtyWalk(scenario, (a) => push(lineOf(a)), push),
  );
  let more = true;
  const total = scenario.totalRows;
  return {
    total,
    next(maxLines: number): SimulatedInvoiceLine[] | null {
      while (queue.length - queuePos < maxLines && more) {
        if (queuePos > 0 && queuePos > queue.length / 2) {
          queue.splice(0, queuePos);
          queuePos = 0;
        }
        more = generator.produceDay();
      }
      if (queuePos >= queue.length) {
        if (produced !== total) throw new Error(`line stream produced ${produced} of ${total} planned lines`);
        return null;
      }
      const chunk = queue.slice(queuePos, queuePos + maxLines);
      queuePos += chunk.length;
      produced += chunk.length;
      return chunk;
    },
  };
}
