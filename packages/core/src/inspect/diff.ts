// What moved between two runs (inspection.md §6: earlier results stay readable and comparable):
// list changes with the reasons that appeared or disappeared and the signal deltas behind them,
// and what differs in period, policy and data.
import type { ListName, PolicyRule, RuleId } from './policy.ts';
import type { CycleResult, EnterpriseResult, EnterpriseSignals, InspectionResult, Reason } from './result.ts';

export interface SignalDelta {
  /** Path in `signals`, e.g. `unexplainedKg` or `elements.Dy.unexplainedKg`. */
  readonly signal: string;
  readonly a: number | boolean | null;
  readonly b: number | boolean | null;
}

export interface ReasonChange {
  readonly rule: RuleId;
  readonly element?: string;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly text: string;
  readonly textEn: string;
  /** The signals this rule reads, where they differ between the runs. */
  readonly signals: readonly SignalDelta[];
}

export interface EnterpriseChange {
  readonly taxId: string;
  readonly name: string;
  /** null: the enterprise is absent from that run. */
  readonly from: ListName | null;
  readonly to: ListName | null;
  readonly moved: boolean;
  readonly scoreFrom: number | null;
  readonly scoreTo: number | null;
  readonly reasonsAppeared: readonly ReasonChange[];
  readonly reasonsDisappeared: readonly ReasonChange[];
  /** Every signal that differs. */
  readonly signalChanges: readonly SignalDelta[];
}

export interface ResultDiff {
  readonly period: {
    readonly same: boolean;
    readonly a: InspectionResult['period'];
    readonly b: InspectionResult['period'];
  };
  readonly policy: {
    readonly same: boolean;
    readonly a: { readonly id: string; readonly version: string; readonly hash: string };
    readonly b: { readonly id: string; readonly version: string; readonly hash: string };
    readonly parameterChanges: readonly {
      readonly parameter: string;
      readonly a: unknown;
      readonly b: unknown;
    }[];
    readonly ruleChanges: readonly {
      readonly rule: RuleId;
      readonly a: PolicyRule | null;
      readonly b: PolicyRule | null;
    }[];
  };
  readonly data: { readonly same: boolean; readonly a: string; readonly b: string };
  readonly counts: { readonly a: InspectionResult['counts']; readonly b: InspectionResult['counts'] };
  /** Enterprises whose list or reasons changed: moved ones first, then by taxpayer ID. */
  readonly enterprises: readonly EnterpriseChange[];
  readonly cycles: {
    readonly appeared: readonly CycleResult[];
    readonly disappeared: readonly CycleResult[];
  };
}

/** The signals each rule reads (for the deltas behind a reason). */
const RULE_SIGNALS: Readonly<Record<RuleId, readonly string[]>> = {
  unexplained_output: [
    'unexplainedKg',
    'reoOutKg',
    'reoInKg',
    'capacityKg',
    'openingStockKg',
    'miningQuotaKg',
  ],
  quota_overrun: ['quotaOverrunKg', 'separationSoldKg', 'separationQuotaKg'],
  under_invoiced_purchases: ['purchaseValueGap', 'belowMarketShare'],
  circular_invoicing: ['cycleMaxReoKg', 'cycleCount'],
  heavy_element_unexplained: ['elements'],
  unexplained_any: ['unexplainedKg', 'reoOutKg', 'capacityKg'],
  element_unexplained_any: ['elements'],
  purchase_price_gap: ['purchaseValueGap'],
  sale_price_gap: ['saleValueGap'],
  pass_through_trader: ['passThroughTrader', 'passThroughMedianDays', 'grossMargin', 'reoInKg', 'reoOutKg'],
  illegal_share: ['illegalShare'],
  invoice_rule_breaches: ['invoiceRuleBreachShare', 'invoiceRuleBreaches'],
  off_register_share: ['offRegisterShare'],
  short_lived_issuer: ['shortLivedIssuer', 'daysFoundedToFirstInvoice', 'daysLastInvoiceToDeregistration'],
  few_lines: ['lines'],
  low_priced_share: ['pricedShare'],
};

type Flat = Map<string, number | boolean | null>;

function flatten(value: unknown, prefix: string, out: Flat): void {
  if (value === null || typeof value === 'number' || typeof value === 'boolean') {
    out.set(prefix, value);
    return;
  }
  if (typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>))
      flatten(v, prefix ? `${prefix}.${k}` : k, out);
  }
}

function signalDeltas(a: EnterpriseSignals | undefined, b: EnterpriseSignals | undefined): SignalDelta[] {
  const fa: Flat = new Map();
  const fb: Flat = new Map();
  if (a) flatten(a, '', fa);
  if (b) flatten(b, '', fb);
  const keys = [...new Set([...fa.keys(), ...fb.keys()])];
  const out: SignalDelta[] = [];
  for (const k of keys) {
    const va = fa.get(k) ?? null;
    const vb = fb.get(k) ?? null;
    if (va !== vb) out.push({ signal: k, a: va, b: vb });
  }
  return out;
}

/** Reasons keyed by rule, element and their order among equal rule+element (short-lived has two). */
function reasonKeys(reasons: readonly Reason[]): Map<string, Reason> {
  const out = new Map<string, Reason>();
  const seen = new Map<string, number>();
  for (const r of reasons) {
    const base = `${r.rule}|${r.element ?? ''}`;
    const k = seen.get(base) ?? 0;
    seen.set(base, k + 1);
    out.set(`${base}|${k}`, r);
  }
  return out;
}

function reasonChange(r: Reason, deltas: readonly SignalDelta[]): ReasonChange {
  const wanted = RULE_SIGNALS[r.rule];
  const signals = deltas.filter(
    (d) =>
      wanted.some((w) => d.signal === w || d.signal.startsWith(`${w}.`)) &&
      (r.element === undefined ||
        !d.signal.startsWith('elements.') ||
        d.signal.startsWith(`elements.${r.element}.`)),
  );
  return {
    rule: r.rule,
    ...(r.element ? { element: r.element } : {}),
    value: r.value,
    threshold: r.threshold,
    text: r.text,
    textEn: r.textEn,
    signals,
  };
}

function cycleKey(c: CycleResult): string {
  return c.members.join('>');
}

/**
 * Compares two inspection results (for instance before and after a policy change or a new import).
 * @example diffResults(lastYear, thisYear).enterprises.filter((c) => c.moved)
 */
export function diffResults(a: InspectionResult, b: InspectionResult): ResultDiff {
  const paramA = new Map<string, unknown>();
  const paramB = new Map<string, unknown>();
  for (const [k, v] of Object.entries(a.policy.parameters)) paramA.set(k, v);
  for (const [k, v] of Object.entries(b.policy.parameters)) paramB.set(k, v);
  const parameterChanges: { parameter: string; a: unknown; b: unknown }[] = [];
  for (const k of [...new Set([...paramA.keys(), ...paramB.keys()])].sort()) {
    const va = paramA.get(k);
    const vb = paramB.get(k);
    if (JSON.stringify(va) !== JSON.stringify(vb))
      parameterChanges.push({ parameter: k, a: va ?? null, b: vb ?? null });
  }
  const rulesA = new Map(a.policy.rules.map((r) => [r.id, r]));
  const rulesB = new Map(b.policy.rules.map((r) => [r.id, r]));
  const ruleChanges: { rule: RuleId; a: PolicyRule | null; b: PolicyRule | null }[] = [];
  for (const id of [...new Set([...rulesA.keys(), ...rulesB.keys()])].sort()) {
    const ra = rulesA.get(id) ?? null;
    const rb = rulesB.get(id) ?? null;
    if (JSON.stringify(ra) !== JSON.stringify(rb)) ruleChanges.push({ rule: id, a: ra, b: rb });
  }

  const byA = new Map<string, EnterpriseResult>(a.enterprises.map((e) => [e.taxId, e]));
  const byB = new Map<string, EnterpriseResult>(b.enterprises.map((e) => [e.taxId, e]));
  const changes: EnterpriseChange[] = [];
  for (const taxId of [...new Set([...byA.keys(), ...byB.keys()])]) {
    const ea = byA.get(taxId);
    const eb = byB.get(taxId);
    const ka = reasonKeys(ea?.reasons ?? []);
    const kb = reasonKeys(eb?.reasons ?? []);
    const deltas = signalDeltas(ea?.signals, eb?.signals);
    const appeared = [...kb.entries()].filter(([k]) => !ka.has(k)).map(([, r]) => reasonChange(r, deltas));
    const disappeared = [...ka.entries()].filter(([k]) => !kb.has(k)).map(([, r]) => reasonChange(r, deltas));
    const from = ea?.list ?? null;
    const to = eb?.list ?? null;
    if (from === to && appeared.length === 0 && disappeared.length === 0) continue;
    changes.push({
      taxId,
      name: eb?.name ?? ea?.name ?? taxId,
      from,
      to,
      moved: from !== to,
      scoreFrom: ea?.score ?? null,
      scoreTo: eb?.score ?? null,
      reasonsAppeared: appeared,
      reasonsDisappeared: disappeared,
      signalChanges: deltas,
    });
  }
  changes.sort(
    (x, y) => Number(y.moved) - Number(x.moved) || (x.taxId < y.taxId ? -1 : x.taxId > y.taxId ? 1 : 0),
  );

  const ca = new Map(a.cycles.map((c) => [cycleKey(c), c]));
  const cb = new Map(b.cycles.map((c) => [cycleKey(c), c]));
  return {
    period: {
      same: a.period.from === b.period.from && a.period.to === b.period.to,
      a: a.period,
      b: b.period,
    },
    policy: {
      same: a.policy.hash === b.policy.hash,
      a: { id: a.policy.id, version: a.policy.version, hash: a.policy.hash },
      b: { id: b.policy.id, version: b.policy.version, hash: b.policy.hash },
      parameterChanges,
      ruleChanges,
    },
    data: {
      same: a.dataset.fingerprint === b.dataset.fingerprint,
      a: a.dataset.fingerprint,
      b: b.dataset.fingerprint,
    },
    counts: { a: a.counts, b: b.counts },
    enterprises: changes,
    cycles: {
      appeared: [...cb.entries()].filter(([k]) => !ca.has(k)).map(([, c]) => c),
      disappeared: [...ca.entries()].filter(([k]) => !cb.has(k)).map(([, c]) => c),
    },
  };
}
