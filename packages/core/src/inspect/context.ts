// Per-run constants derived once from the Dataset and the policy: period day range, product and
// enterprise lookup tables as typed arrays, so that the passes over lines stay branch-light.
import { LineFlag, dayNumberOrThrow, isoDateOf, vatRateOn } from '../domain/index.ts';
import type { Element } from '../domain/index.ts';
import type { Dataset } from './dataset.ts';
import type { PolicyParameters } from './policy.ts';

/** Product category codes (small integers for typed arrays). */
export const CAT_ORE = 0;
export const CAT_SEPARATION = 1;
export const CAT_METAL = 2;
export const CAT_ALLOY = 3;
export const CAT_RECYCLED = 4;
export const CAT_FEE = 5;
const CATEGORY_CODES: Readonly<Record<string, number>> = {
  ore: CAT_ORE,
  separation: CAT_SEPARATION,
  metal: CAT_METAL,
  alloy: CAT_ALLOY,
  recycled: CAT_RECYCLED,
  fee: CAT_FEE,
};

export const RED = LineFlag.RED;
export const VOIDED = LineFlag.VOIDED;

export interface RunContext {
  readonly dataset: Dataset;
  readonly params: PolicyParameters;
  /** Number of enterprises and products. */
  readonly n: number;
  readonly p: number;
  /** First day of the period (day number) and its length in days. */
  readonly d0: number;
  readonly nDays: number;
  /** Monday-based week index of d0 (ISO weeks run Monday to Sunday; day 0 was a Thursday). */
  readonly w0: number;
  readonly nWeeks: number;
  /** 1 when a product carries material (not a fee). */
  readonly material: Uint8Array;
  readonly category: Uint8Array;
  /** Balanced elements and each product's share of them: share[p * nEl + k]. */
  readonly elements: readonly Element[];
  readonly share: Float64Array;
  readonly registered: Uint8Array;
  /** Goods VAT rate on each period day. */
  readonly vatByDay: Float64Array;
  /** Period day offset from which the invoice rules apply (may be ≤ 0 or ≥ nDays). */
  readonly rulesFromOffset: number;
}

/** Monday-based week index of a day number. */
export function weekOf(day: number): number {
  return Math.floor((day + 3) / 7);
}

/**
 * Builds the run constants; throws when the Dataset's columns disagree in length (a bug in
 * whoever built it).
 */
export function createContext(dataset: Dataset, params: PolicyParameters): RunContext {
  const lines = dataset.lines;
  const cols = [
    lines.id,
    lines.invoice,
    lines.lineNo,
    lines.day,
    lines.seller,
    lines.buyer,
    lines.product,
    lines.unit,
    lines.kg,
    lines.reoKg,
    lines.amount,
    lines.taxRate,
    lines.flags,
  ];
  for (const c of cols)
    if (c.length < lines.count)
      throw new Error(`dataset column shorter than lines.count (${c.length} < ${lines.count})`);
  if (dataset.invoiceIsSpecial.length < dataset.invoiceKeys.length)
    throw new Error('dataset.invoiceIsSpecial is shorter than invoiceKeys');
  const d0 = dayNumberOrThrow(dataset.period.from);
  const d1 = dayNumberOrThrow(dataset.period.to);
  if (d1 < d0) throw new Error(`period ends before it starts: ${dataset.period.from} … ${dataset.period.to}`);
  const nDays = d1 - d0 + 1;
  const p = dataset.products.length;
  const material = new Uint8Array(p);
  const category = new Uint8Array(p);
  const elements = params.balancedElements;
  const share = new Float64Array(p * elements.length);
  dataset.products.forEach((prod, i) => {
    const cat = CATEGORY_CODES[prod.category] ?? CAT_FEE;
    category[i] = cat;
    material[i] = cat === CAT_FEE ? 0 : 1;
    elements.forEach((el, k) => {
      share[i * elements.length + k] = prod.composition[el] ?? 0;
    });
  });
  const n = dataset.enterprises.length;
  const registered = new Uint8Array(n);
  dataset.enterprises.forEach((e, i) => {
    registered[i] = e.registered ? 1 : 0;
  });
  const vatByDay = new Float64Array(nDays);
  for (let d = 0; d < nDays; d++) vatByDay[d] = vatRateOn(isoDateOf(d0 + d));
  const w0 = weekOf(d0);
  return {
    dataset,
    params,
    n,
    p,
    d0,
    nDays,
    w0,
    nWeeks: weekOf(d1) - w0 + 1,
    material,
    category,
    elements,
    share,
    registered,
    vatByDay,
    rulesFromOffset: dayNumberOrThrow(params.invoiceRulesFrom) - d0,
  };
}
