// Every rule of the run's policy against the enterprise's signals: what was measured, the
// threshold it is held to and whether the rule fired — the "why" of a list, also for rules that
// did not fire (inspection.md §6; the engine's rules.ts is the reference). Fired rules take the
// value and threshold from their reason (what the engine wrote); others are computed here from
// the signals and the policy's parameters with the engine's formulas.
import type { PolicyBody, Reason, Signals } from '../api/types.ts';

export type ValueKind = 'kg' | 'gap' | 'share' | 'days' | 'count' | 'bool';

export interface RuleCheck {
  readonly rule: string;
  readonly list: string;
  readonly element?: string;
  readonly kind: ValueKind;
  /** The measured value (null: not applicable, e.g. no priced line). */
  readonly value: number | null;
  readonly threshold: number | null;
  /** How value and threshold compare when the rule fires. */
  readonly op: '≥' | '>' | '≤' | '<' | 'yes';
  readonly fired: boolean;
  readonly enabled: boolean;
  /** A second condition the rule also needs (under-invoiced purchases: below-market share). */
  readonly also?: {
    readonly value: number | null;
    readonly threshold: number;
    readonly op: '≥';
    readonly kind: ValueKind;
  };
}

type Rule = PolicyBody['rules'][number];

function num(rule: Rule, name: string, fallback: number): number {
  const v = rule.params[name];
  return typeof v === 'number' ? v : fallback;
}

function elementsOf(rule: Rule, balanced: readonly string[]): string[] {
  const v = rule.params.elements;
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [...balanced];
}

function n(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/**
 * The checks of every rule of `policy` against `signals`, in the policy's rule order.
 * @example ruleChecks(policy, signals, reasons).filter((c) => c.fired)
 */
export function ruleChecks(policy: PolicyBody, signals: Signals, reasons: readonly Reason[]): RuleCheck[] {
  const s = signals as Signals & Record<string, unknown>;
  const parameters = policy.parameters as Record<string, unknown>;
  const balanced = Array.isArray(parameters.balancedElements)
    ? parameters.balancedElements.filter((x): x is string => typeof x === 'string')
    : Object.keys(s.elements ?? {});
  const out: RuleCheck[] = [];
  const firedReason = (rule: string, element?: string) =>
    reasons.find((r) => r.rule === rule && (element === undefined || r.element === element));

  for (const rule of policy.rules) {
    const base = { rule: rule.id, list: rule.list, enabled: rule.enabled };
    // Whether a rule fired is the engine's word (its reasons); the figures explain it.
    const push = (c: Omit<RuleCheck, 'rule' | 'list' | 'enabled' | 'fired'>) => {
      const reason = firedReason(rule.id, c.element);
      out.push({
        ...base,
        ...c,
        ...(reason ? { value: reason.value, threshold: reason.threshold } : {}),
        fired: reason !== undefined,
      });
    };
    const reoOut = n(s.reoOutKg) ?? 0;
    switch (rule.id) {
      case 'unexplained_output': {
        const v = n(s.unexplainedKg) ?? 0;
        const t = Math.max(num(rule, 'minKg', 10_000), num(rule, 'minShareOfSales', 0.05) * reoOut);
        push({ kind: 'kg', value: v, threshold: t, op: '≥' });
        break;
      }
      case 'quota_overrun': {
        const v = n(s.quotaOverrunKg) ?? 0;
        const t = num(rule, 'minShareOfQuota', 0.01) * (n(s.separationQuotaKg) ?? 0);
        push({ kind: 'kg', value: v, threshold: t, op: '>' });
        break;
      }
      case 'under_invoiced_purchases': {
        const t = num(rule, 'maxPurchaseValueGap', -0.3);
        const minBelow = num(rule, 'minBelowMarketShare', 0.5);
        push({
          kind: 'gap',
          value: n(s.purchaseValueGap),
          threshold: t,
          op: '≤',
          also: { value: n(s.belowMarketShare), threshold: minBelow, op: '≥', kind: 'share' },
        });
        break;
      }
      case 'circular_invoicing': {
        push({
          kind: 'kg',
          value: n(s.cycleMaxReoKg) ?? 0,
          threshold: num(rule, 'minCycleKg', 50_000),
          op: '≥',
        });
        break;
      }
      case 'heavy_element_unexplained':
      case 'element_unexplained_any': {
        const heavy = rule.id === 'heavy_element_unexplained';
        for (const el of elementsOf(rule, balanced)) {
          const sig = s.elements?.[el];
          if (!sig) continue;
          const t = heavy
            ? Math.max(num(rule, 'minKg', 500), num(rule, 'minShareOfElementSales', 0.2) * sig.soldKg)
            : num(rule, 'minKg', 0);
          push({ element: el, kind: 'kg', value: sig.unexplainedKg, threshold: t, op: heavy ? '≥' : '>' });
        }
        break;
      }
      case 'unexplained_any':
        push({ kind: 'kg', value: n(s.unexplainedKg) ?? 0, threshold: num(rule, 'minKg', 0), op: '>' });
        break;
      case 'purchase_price_gap':
        push({
          kind: 'gap',
          value: n(s.purchaseValueGap),
          threshold: num(rule, 'maxPurchaseValueGap', -0.15),
          op: '≤',
        });
        break;
      case 'sale_price_gap':
        push({
          kind: 'gap',
          value: n(s.saleValueGap),
          threshold: num(rule, 'maxSaleValueGap', -0.2),
          op: '≤',
        });
        break;
      case 'pass_through_trader':
        push({
          kind: 'days',
          value: n(s.passThroughMedianDays),
          threshold: n(parameters.passThroughMaxMedianDays),
          op: '≤',
        });
        break;
      case 'illegal_share':
        push({
          kind: 'share',
          value: n(s.illegalShare),
          threshold: num(rule, 'minIllegalShare', 0.2),
          op: '≥',
        });
        break;
      case 'invoice_rule_breaches':
        push({
          kind: 'share',
          value: n(s.invoiceRuleBreachShare),
          threshold: num(rule, 'minBreachShare', 0.05),
          op: '≥',
        });
        break;
      case 'off_register_share':
        push({
          kind: 'share',
          value: n(s.offRegisterShare),
          threshold: num(rule, 'minOffRegisterShare', 0.2),
          op: '≥',
        });
        break;
      case 'short_lived_issuer': {
        // Two branches, each its own reason; unfired, the founding branch is shown.
        const fired = reasons.filter((r) => r.rule === rule.id);
        if (fired.length > 0)
          for (const r of fired)
            out.push({ ...base, kind: 'days', value: r.value, threshold: r.threshold, op: '≤', fired: true });
        else
          out.push({
            ...base,
            kind: 'days',
            value: n(s.daysFoundedToFirstInvoice),
            threshold: n(parameters.shortLivedFoundedDays),
            op: '≤',
            fired: false,
          });
        break;
      }
      case 'few_lines':
        push({ kind: 'count', value: n(s.lines), threshold: num(rule, 'minLines', 5), op: '<' });
        break;
      case 'low_priced_share':
        push({
          kind: 'share',
          value: n(s.pricedShare),
          threshold: num(rule, 'minPricedShare', 0.5),
          op: '<',
        });
        break;
      default: {
        // A rule this UI does not know: shown from its reason when it fired.
        const r = firedReason(rule.id);
        out.push({
          ...base,
          kind: 'count',
          value: r?.value ?? null,
          threshold: r?.threshold ?? null,
          op: '≥',
          fired: r !== undefined,
        });
      }
    }
  }
  return out;
}
