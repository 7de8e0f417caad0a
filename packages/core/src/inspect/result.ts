// The inspection result (formats.md §7 plus documented extras) and its stable serialisation.
// Numbers are rounded when the result is built (kg to 3 decimals, CNY to 2, shares, gaps and
// ratios to 6, scores to 1), so the object in memory and its JSON say the same thing, and the
// lists follow from the published figures.
import type { Element, EnterpriseRole, IsoDate } from '../domain/index.ts';
import type { BreachKind } from './aggregate.ts';
import type { ListName, MeasureText, PolicyParameters, PolicyRule, RuleId, RuleList } from './policy.ts';

export const RESULT_SCHEMA = 'oresight.inspection/1';

export interface ElementSignals {
  readonly soldKg: number;
  readonly boughtKg: number;
  readonly capacityKg: number;
  readonly unexplainedKg: number;
}

export interface EnterpriseSignals {
  /** Net counted lines (a red line cancels one) as seller or buyer, as seller, as buyer. */
  readonly lines: number;
  readonly saleLines: number;
  readonly purchaseLines: number;
  readonly reoInKg: number;
  readonly reoOutKg: number;
  /** Amounts ex-VAT of material lines, CNY. */
  readonly purchaseAmount: number;
  readonly saleAmount: number;
  readonly purchaseValueGap: number | null;
  readonly saleValueGap: number | null;
  readonly pricedShare: number | null;
  readonly belowMarketShare: number | null;
  /** Share of the priced REO kg priced by the peer-median fallback rather than a quote. */
  readonly peerPricedShare: number | null;
  readonly openingStockKg: number;
  readonly miningQuotaKg: number;
  readonly separationQuotaKg: number;
  readonly recovery: number;
  readonly capacityKg: number;
  readonly unexplainedKg: number;
  readonly separationSoldKg: number;
  readonly quotaOverrunKg: number;
  /** Per balanced element of the policy. */
  readonly elements: Readonly<Record<string, ElementSignals>>;
  readonly illegalShare: number | null;
  readonly illegalOutKg: number;
  readonly cycleCount: number;
  readonly cycleMaxReoKg: number;
  readonly grossMargin: number | null;
  readonly passThroughMedianDays: number | null;
  readonly passThroughTrader: boolean;
  readonly offRegisterShare: number | null;
  readonly invoiceRuleBreachShare: number | null;
  readonly invoiceRuleBreaches: Readonly<Record<BreachKind, number>>;
  readonly daysFoundedToFirstInvoice: number | null;
  readonly daysLastInvoiceToDeregistration: number | null;
  readonly shortLivedIssuer: boolean;
}

export interface Reason {
  readonly rule: RuleId;
  /** The list this rule points to. */
  readonly list: RuleList;
  readonly value: number | null;
  readonly threshold: number | null;
  /** For element rules. */
  readonly element?: Element;
  /** Chinese sentence (formats.md `text`) and its English twin. */
  readonly text: string;
  readonly textEn: string;
  /** `<invoiceKey>/<lineNo>` of the lines contributing most. */
  readonly evidence: readonly string[];
}

export interface EnterpriseResult {
  readonly taxId: string;
  readonly name: string;
  readonly roles: readonly EnterpriseRole[];
  readonly region: string | null;
  readonly group: string | null;
  readonly registered: boolean;
  readonly list: ListName;
  readonly score: number;
  readonly signals: EnterpriseSignals;
  readonly reasons: readonly Reason[];
}

export interface CycleResult {
  /** Taxpayer IDs in cycle order (each sells to the next, the last to the first). */
  readonly members: readonly string[];
  readonly windowStart: IsoDate;
  readonly windowEnd: IsoDate;
  /** The smallest edge in the window: the REO kg that went all the way round. */
  readonly reoKg: number;
  readonly edges: readonly { readonly seller: string; readonly buyer: string; readonly reoKg: number }[];
  readonly evidence: readonly string[];
}

export interface CapHit {
  readonly stage: string;
  readonly parameter: string;
  readonly limit: number;
  readonly text: string;
  readonly textEn: string;
}

export interface InspectionResult {
  readonly schema: typeof RESULT_SCHEMA;
  readonly period: { readonly from: IsoDate; readonly to: IsoDate };
  readonly policy: {
    readonly id: string;
    readonly version: string;
    readonly hash: string;
    readonly name: MeasureText;
    readonly parameters: PolicyParameters;
    readonly rules: readonly PolicyRule[];
  };
  readonly dataset: {
    /** Counted lines: not voided, dated in the period. */
    readonly invoiceLines: number;
    readonly enterprises: number;
    readonly fingerprint: string;
    readonly voidedLines: number;
    readonly redLines: number;
    readonly unmatchedLines: number;
    readonly feeLines: number;
    readonly outsidePeriodLines: number;
  };
  readonly counts: Readonly<Record<ListName, number>>;
  readonly measures: Readonly<Record<ListName, readonly MeasureText[]>>;
  readonly prices: { readonly peerWeeks: number; readonly peerWeeksTooFewLines: number };
  readonly tracing: {
    readonly converged: boolean;
    readonly residual: number;
    readonly components: number;
    readonly largestComponent: number;
  };
  readonly cycleSearch: { readonly candidateEdges: number; readonly windows: number; readonly steps: number };
  readonly caps: readonly CapHit[];
  readonly unassignedQuotas: readonly {
    readonly year: number;
    readonly group: string | null;
    readonly kind: string;
    readonly kg: number;
  }[];
  /** Ordered by list (black, grey, unrated, white), score descending, taxpayer ID. */
  readonly enterprises: readonly EnterpriseResult[];
  readonly cycles: readonly CycleResult[];
  /** Milliseconds per stage when a clock was given; never serialised (not part of the data). */
  readonly timings?: readonly { readonly stage: string; readonly ms: number }[];
}

function roundTo(x: number, scale: number): number {
  if (!Number.isFinite(x)) return x;
  const v = Math.round(x * scale) / scale;
  return v === 0 ? 0 : v; // no -0
}
/** kg to the gram. */
export const kg3 = (x: number): number => roundTo(x, 1000);
/** CNY to the fen. */
export const cny2 = (x: number): number => roundTo(x, 100);
/** Shares, gaps, ratios. */
export const r6 = (x: number): number => roundTo(x, 1e6);
export const r1 = (x: number): number => roundTo(x, 10);
/** NaN → null, else rounded. */
export const orNull = (x: number, round: (v: number) => number): number | null =>
  Number.isNaN(x) ? null : round(x);

/**
 * The result as JSON: keys in the order the result was built, numbers as rounded, timings left
 * out. Same data and policy give byte-identical text.
 * @example serializeResult(inspect(dataset, DEFAULT_POLICY)) // '{"schema":"oresight.inspection/1",…}'
 */
export function serializeResult(result: InspectionResult, options: { indent?: number } = {}): string {
  return JSON.stringify(
    result,
    function (this: unknown, key: string, value: unknown) {
      if (key === 'timings' && this === result) return undefined;
      if (typeof value === 'number') {
        if (!Number.isFinite(value)) return null;
        return value === 0 ? 0 : value;
      }
      return value;
    },
    options.indent,
  );
}
