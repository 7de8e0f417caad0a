// Daily reference quotes (formats.md §5) for every product the simulator trades. Thirteen price
// indexes follow the year's path (2013: the anchors of domain.md §7; other years: a seeded path
// between yearly levels); every product's quote is derived from them: metals from their oxide,
// ore products and compounds from the value of the oxides they contain (a "basket"), NdFeB scrap
// from its Nd/Pr/Dy/Tb content. Quotes are VAT-inclusive (domain.md §7) except Northern's
// concentrate price, which is published ex-VAT.
import { BAYAN_OBO } from '../domain/catalogue.data.ts';
import type { Catalogue } from '../domain/catalogue.ts';
import { addDays, dayNumberOrThrow, isoDateOf } from '../domain/dates.ts';
import type { Composition } from '../domain/elements.ts';
import type { PriceUnitId } from '../domain/units.ts';
import { vatRateOn } from '../domain/vat.ts';
import type { YearCalendar } from './calendar.ts';
import { ANCHORS_2013, PRICE_INDEXES, yearLevel } from './facts.ts';
import type { PriceIndex } from './facts.ts';
import { Rng } from './prng.ts';

/** Days of the previous December quoted too, so that lines of 1–3 January have a reference. */
export const LEAD_DAYS = 17;
/** inspection.md §2: a quote older than this does not price a line. */
export const PRICE_STALENESS_DAYS = 14;

export interface QuoteSeries {
  readonly productId: string;
  readonly nameZh: string;
  readonly unit: PriceUnitId;
  readonly vatIncluded: boolean;
  readonly source: string;
  /** Written as a range `low-high` (whose midpoint is the price) rather than one number. */
  readonly asRange: boolean;
  /** Half-width of the range, same unit as the price. */
  readonly halfRange: number;
  /** Price per quote day (aligned with PriceBook.quoteDays). */
  readonly values: Float64Array;
}

export interface PriceBook {
  /** Day offsets (0 = 1 January; negative in the previous December) of quote days, ascending. */
  readonly quoteDays: Int32Array;
  readonly quoteDates: readonly string[];
  readonly series: readonly QuoteSeries[];
  readonly byProduct: ReadonlyMap<string, QuoteSeries>;
  /** Index of the latest quote day on or before day offset d, at [d + LEAD_DAYS]; -1 for none. */
  readonly latest: Int32Array;
}

const ELEMENT_INDEX: Readonly<Record<string, readonly [PriceIndex, number]>> = {
  La: ['LA', 1],
  Ce: ['CE', 1],
  Pr: ['PR', 1],
  Nd: ['ND', 1],
  Sm: ['SM', 1],
  Eu: ['EU', 1000],
  Gd: ['GD', 1],
  Tb: ['TB', 1000],
  Dy: ['DY', 1000],
  Ho: ['HO', 1],
  Er: ['ER', 1],
  Y: ['Y', 1],
};

type IndexValues = Readonly<Record<PriceIndex, number>>;

/** Value of the separated oxides in 1 t REO of a composition, CNY/t (VAT-inclusive). */
function basket(c: Composition, v: IndexValues): number {
  let s = 0;
  for (const [el, share] of Object.entries(c)) {
    const m = ELEMENT_INDEX[el];
    if (m && share) s += share * v[m[0]] * m[1];
  }
  return s;
}

interface ProductQuote {
  readonly productId: string;
  readonly unit: PriceUnitId;
  readonly vatIncluded: boolean;
  readonly source: string;
  readonly asRange: boolean;
  /** Price from the index values of the day (VAT-inclusive unless vatIncluded is false). */
  readonly price: (v: IndexValues, catalogue: Catalogue, vat: number) => number;
}

const MIANNING: Composition = {
  La: 0.32,
  Ce: 0.5,
  Pr: 0.042,
  Nd: 0.125,
  Sm: 0.006,
  Eu: 0.001,
  Gd: 0.002,
  Y: 0.0033,
};
const SOURCES = {
  smm: '上海有色网',
  asian: '亚洲金属网',
  assoc: '中国稀土行业协会',
  exchange: '包头稀土产品交易所',
};

function oreQuotes(): ProductQuote[] {
  const list: ProductQuote[] = [];
  const forms = [
    ['oxide', 0.68],
    ['carbonate', 0.66],
    ['oxalate', 0.67],
  ] as const;
  for (const t of ['hy', 'myeu', 'lyle'] as const)
    for (const [form, k] of forms)
      list.push({
        productId: `ore-${t}-${form}`,
        unit: 'CNY/t',
        vatIncluded: true,
        source: SOURCES.assoc,
        asRange: false,
        price: (v, cat) => k * basket(cat.getProductOrThrow(`ore-${t}-${form}`).composition, v),
      });
  return list;
}

const QUOTES: readonly ProductQuote[] = [
  ...oreQuotes(),
  {
    productId: 'ore-concentrate-baiyunebo',
    unit: 'CNY/t',
    vatIncluded: false,
    source: '北方稀土',
    asRange: false,
    // Northern's concentrate price is ex-VAT (domain.md §7); per t REO.
    price: (v, _c, vat) => (0.4 * basket(BAYAN_OBO, v)) / (1 + vat),
  },
  {
    productId: 'ore-concentrate-bastnasite',
    unit: 'CNY/t',
    vatIncluded: true,
    source: SOURCES.assoc,
    asRange: false,
    price: (v) => 0.42 * basket(MIANNING, v),
  },
  ...(
    [
      ['oxide-la', 'LA', 1, SOURCES.smm],
      ['oxide-ce', 'CE', 1, SOURCES.smm],
      ['oxide-pr', 'PR', 1, SOURCES.asian],
      ['oxide-nd', 'ND', 1, SOURCES.smm],
      ['oxide-prnd', 'PRND', 1, SOURCES.smm],
      ['oxide-sm', 'SM', 1, SOURCES.asian],
      ['oxide-eu', 'EU', 1, SOURCES.smm],
      ['oxide-gd', 'GD', 1, SOURCES.asian],
      ['oxide-tb', 'TB', 1, SOURCES.smm],
      ['oxide-dy', 'DY', 1, SOURCES.smm],
      ['oxide-ho', 'HO', 1, SOURCES.asian],
      ['oxide-er', 'ER', 1, SOURCES.asian],
      ['oxide-y', 'Y', 1, SOURCES.smm],
      ['metal-prnd', 'PRND', 1.24, SOURCES.smm],
      ['metal-nd', 'ND', 1.155, SOURCES.smm],
      ['metal-pr', 'PR', 1.22, SOURCES.asian],
      ['metal-dy', 'DY', 1.3, SOURCES.asian],
      ['metal-tb', 'TB', 1.32, SOURCES.asian],
      ['alloy-dyfe', 'DY', 1.02, SOURCES.smm],
      ['metal-la', 'LA', 2.0, SOURCES.asian],
      ['metal-ce', 'CE', 2.0, SOURCES.asian],
    ] as const
  ).map(([productId, index, k, source]): ProductQuote => ({
    productId,
    unit: index === 'DY' || index === 'TB' || index === 'EU' ? 'CNY/kg' : 'CNY/t',
    vatIncluded: true,
    source,
    asRange: source === SOURCES.smm,
    price: (v) => k * v[index],
  })),
  {
    productId: 'oxide-lace',
    unit: 'CNY/t',
    vatIncluded: true,
    source: SOURCES.exchange,
    asRange: false,
    price: (v) => 0.97 * (0.35 * v.LA + 0.65 * v.CE),
  },
  {
    productId: 'compound-re-carbonate',
    unit: 'CNY/t',
    vatIncluded: true,
    source: SOURCES.exchange,
    asRange: false,
    // Mixed carbonate at its nominal 45% REO; calibrated to ~27.5k in June 2013 (domain.md §7).
    price: (v) => 0.45 * 0.61 * basket(BAYAN_OBO, v),
  },
  {
    productId: 'compound-re-chloride',
    unit: 'CNY/t',
    vatIncluded: true,
    source: SOURCES.exchange,
    asRange: false,
    price: (v) => 0.46 * 0.6 * basket(BAYAN_OBO, v),
  },
  {
    productId: 'recycled-ndfeb-scrap',
    unit: 'CNY/t',
    vatIncluded: true,
    source: SOURCES.smm,
    asRange: false,
    // At its nominal 28% REO, ~60% of the contained oxides' value.
    price: (v, cat) => 0.28 * 0.6 * basket(cat.getProductOrThrow('recycled-ndfeb-scrap').composition, v),
  },
];

/** Nominal REO content behind a per-product quote (compounds and scrap are priced by content). */
export const QUOTE_NOMINAL_REO: Readonly<Record<string, number>> = {
  'compound-re-carbonate': 0.45,
  'compound-re-chloride': 0.46,
  'recycled-ndfeb-scrap': 0.28,
};

function interpolateAnchors(
  anchors: readonly (readonly [number, number, number])[],
  year: number,
  iso: string,
): number {
  // Anchors are month/day of the year: linear interpolation in time.
  const t = dayNumberOrThrow(iso);
  let prev: [number, number] | undefined;
  for (const [m, d, value] of anchors) {
    const at = dayNumberOrThrow(`${year}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
    if (t <= at) {
      if (!prev) return value;
      return prev[1] + ((value - prev[1]) * (t - prev[0])) / (at - prev[0]);
    }
    prev = [at, value];
  }
  return prev?.[1] ?? 0;
}

function mean2013(index: PriceIndex): number {
  let s = 0;
  for (let d = 0; d < 365; d += 5) s += interpolateAnchors(ANCHORS_2013[index], 2013, isoDateOf(15706 + d));
  return s / 73;
}

/** Daily index values for offsets -LEAD_DAYS .. days-1 of the year. */
function indexPaths(seed: number, cal: YearCalendar): Record<PriceIndex, Float64Array> {
  const n = cal.days + LEAD_DAYS;
  const out = {} as Record<PriceIndex, Float64Array>;
  PRICE_INDEXES.forEach((index, ii) => {
    const rng = new Rng(seed, 9001 + ii);
    const path = new Float64Array(n);
    const base = mean2013(index);
    const level = (y: number): number => base * yearLevel(index, y);
    const start = Math.sqrt(level(cal.year - 1) * level(cal.year));
    const end = Math.sqrt(level(cal.year) * level(cal.year + 1));
    const mid = level(cal.year) * (1 + rng.range(-0.12, 0.12));
    const peak = rng.range(0.25, 0.75);
    let noise = 0;
    for (let i = 0; i < n; i++) {
      const d = i - LEAD_DAYS;
      let v: number;
      if (cal.year === 2013) {
        v = interpolateAnchors(ANCHORS_2013[index], 2013, isoDateOf(cal.firstDay + Math.max(0, d)));
      } else {
        // Through start → mid (at `peak` of the year) → end, in log space.
        const x = Math.max(0, d) / cal.days;
        const a = x < peak ? Math.log(start) : Math.log(mid);
        const b = x < peak ? Math.log(mid) : Math.log(end);
        const f = x < peak ? x / peak : (x - peak) / (1 - peak);
        v = Math.exp(a + (b - a) * f);
      }
      noise = 0.93 * noise + 0.006 * rng.normal();
      path[i] = v * Math.exp(noise);
    }
    out[index] = path;
  });
  return out;
}

function roundQuote(value: number, unit: PriceUnitId): number {
  const step =
    unit === 'CNY/t'
      ? value >= 100_000
        ? 500
        : value >= 10_000
          ? 100
          : 10
      : value >= 1000
        ? 5
        : value >= 100
          ? 1
          : 0.1;
  return Math.max(step, Math.round(value / step) * step);
}

/** The quote book of a year: every quoted product on every working day (and the previous December). */
export function createPriceBook(seed: number, cal: YearCalendar, catalogue: Catalogue): PriceBook {
  const paths = indexPaths(seed, cal);
  const quoteDays: number[] = [];
  const quoteDates: string[] = [];
  for (let d = -LEAD_DAYS; d < cal.days; d++) {
    const iso = addDays(`${cal.year}-01-01`, d);
    const dayNo = cal.firstDay + d;
    const weekday = (dayNo + 4) % 7;
    const isWork = d >= 0 ? cal.workday[d] === 1 : weekday !== 0 && weekday !== 6;
    if (isWork) {
      quoteDays.push(d);
      quoteDates.push(iso);
    }
  }
  const series: QuoteSeries[] = QUOTES.map((q) => {
    const values = new Float64Array(quoteDays.length);
    quoteDays.forEach((d, i) => {
      const v = {} as Record<PriceIndex, number>;
      for (const index of PRICE_INDEXES) v[index] = paths[index][d + LEAD_DAYS] ?? 0;
      values[i] = roundQuote(q.price(v, catalogue, vatRateOn(quoteDates[i] ?? '')), q.unit);
    });
    const first = values[0] ?? 0;
    return {
      productId: q.productId,
      nameZh: catalogue.getProductOrThrow(q.productId).nameZh,
      unit: q.unit,
      vatIncluded: q.vatIncluded,
      source: q.source,
      asRange: q.asRange,
      halfRange: q.asRange ? roundQuote(first * 0.008, q.unit) : 0,
      values,
    };
  });
  const latest = new Int32Array(cal.days + LEAD_DAYS).fill(-1);
  let qi = -1;
  for (let d = -LEAD_DAYS; d < cal.days; d++) {
    while (qi + 1 < quoteDays.length && (quoteDays[qi + 1] ?? Infinity) <= d) qi++;
    latest[d + LEAD_DAYS] = qi;
  }
  return {
    quoteDays: Int32Array.from(quoteDays),
    quoteDates,
    series,
    byProduct: new Map(series.map((s) => [s.productId, s])),
    latest,
  };
}

/**
 * The reference price of a product on a day offset (inspection.md §2): the latest quote on or
 * before it, at most 14 days old, normalised to CNY per kg of product ex-VAT. Undefined: unpriced.
 * @example referenceExVatPerKg(scenario.prices, 'oxide-prnd', 231) // ≈ 316 (370,000 CNY/t incl. 17% VAT, 2013-08-20)
 */
export function referenceExVatPerKg(book: PriceBook, productId: string, day: number): number | undefined {
  const s = book.byProduct.get(productId);
  if (!s) return undefined;
  const qi = book.latest[day + LEAD_DAYS] ?? -1;
  if (qi < 0) return undefined;
  const qd = book.quoteDays[qi] ?? 0;
  if (day - qd > PRICE_STALENESS_DAYS) return undefined;
  const value = s.values[qi] ?? 0;
  const perKg = s.unit === 'CNY/t' ? value / 1000 : value;
  return s.vatIncluded ? perKg / (1 + vatRateOn(book.quoteDates[qi] ?? '')) : perKg;
}
