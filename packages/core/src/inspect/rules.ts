// The list rules (inspection.md §6) as code behind the policy's data: each rule reads the
// published (rounded) signals, so a reader can check every reason against the figures beside it.
// The list is the most severe list among fired rules (black > grey > unrated), else white.
//
// Score (0–100) ranks enterprises within a list. Each fired reason has a strength
//   s = 1 − 0.5 ÷ max(1, value ÷ threshold)
// (0.5 at the threshold, 0.75 at twice it, → 1 far beyond; 0.5 for yes/no rules and zero
// thresholds), weighted by its list (black 1, grey 0.5, unrated 0); reasons combine like
// independent probabilities:
//   score = 100 × (1 − Π (1 − weight × s)).
import { ELEMENT_NAMES } from '../domain/index.ts';
import type { Element } from '../domain/index.ts';
import { BREACH_KINDS } from './aggregate.ts';
import type { BreachKind } from './aggregate.ts';
import { EV } from './evidence.ts';
import type { EvidenceKind } from './evidence.ts';
import type { ListName, PolicyParameters, PolicyRule, RuleList } from './policy.ts';
import type { EnterpriseSignals } from './result.ts';

export interface LargestCycle {
  readonly index: number;
  readonly members: readonly string[];
  readonly windowStart: string;
  readonly windowEnd: string;
  readonly reoKg: number;
}

export interface RuleFacts {
  readonly signals: EnterpriseSignals;
  readonly largestCycle: LargestCycle | null;
  /** 1 = new issuer with top sales, 2 = deregistered soon after its last invoice. */
  readonly shortLivedKind: number;
  readonly topSalesThreshold: number;
}

export interface FiredReason {
  readonly rule: PolicyRule;
  readonly value: number | null;
  readonly threshold: number | null;
  readonly element?: Element;
  readonly text: string;
  readonly textEn: string;
  /** Evidence source: lines of a kind, or the lines of the enterprise's largest cycle. */
  readonly evidence:
    { readonly kind: EvidenceKind; readonly element: Element | null } | { readonly cycle: number };
  readonly strength: number;
}

const LIST_WEIGHT: Readonly<Record<RuleList, number>> = { black: 1, grey: 0.5, unrated: 0 };
const LIST_RANK: Readonly<Record<ListName, number>> = { black: 0, grey: 1, unrated: 2, white: 3 };

/** Thousands separators, whole kg from 100 kg up, else up to 3 decimals. */
export function formatKg(x: number): string {
  const abs = Math.abs(x);
  const text = abs >= 100 ? String(Math.round(abs)) : String(Math.round(abs * 1000) / 1000);
  const [int, frac] = text.split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${x < 0 ? '-' : ''}${grouped}${frac ? `.${frac}` : ''}`;
}

/** A share as a percentage with one decimal. */
export function formatPct(x: number | null): string {
  return x === null ? '—' : `${(Math.round(x * 1000) / 10).toFixed(1)}%`;
}

function strength(value: number | null, threshold: number | null): number {
  if (value === null || threshold === null || threshold === 0) return 0.5;
  const m = value / threshold;
  return 1 - 0.5 / Math.max(1, Number.isFinite(m) ? m : 1e12);
}

function num(rule: PolicyRule, name: string): number {
  const v = rule.params[name];
  if (typeof v !== 'number') throw new Error(`rule ${rule.id}: parameter ${name} is not a number`);
  return v;
}

function elementsOf(rule: PolicyRule, balanced: readonly Element[]): Element[] {
  const v = rule.params.elements;
  if (!Array.isArray(v)) throw new Error(`rule ${rule.id}: parameter elements is not a list`);
  return (v as readonly Element[]).filter((e) => balanced.includes(e));
}

const BREACH_LABELS: Readonly<Record<BreachKind, { zh: string; en: string }>> = {
  tooManyLines: { zh: '单张发票超过规定行数', en: 'more lines on an invoice than allowed' },
  mixedOreSeparation: {
    zh: '矿产品与冶炼分离产品同票开具',
    en: 'ore and separation products on one invoice',
  },
  unit: { zh: '计量单位不是公斤或吨', en: 'unit other than kg or t' },
  unmatchedItem: { zh: '品名不在稀土产品目录内', en: 'item name outside the catalogue' },
  ordinaryInvoice: { zh: '稀土产品开具普通发票', en: 'rare earth on an ordinary invoice' },
  vatRate: { zh: '税率不是当时适用税率', en: 'VAT rate not the one in force' },
  arithmetic: { zh: '金额或税额计算不符', en: 'amount or tax does not compute' },
};

/** Evaluates every enabled rule of the policy for one enterprise. */
export function evaluateRules(
  rules: readonly PolicyRule[],
  params: PolicyParameters,
  facts: RuleFacts,
): FiredReason[] {
  const s = facts.signals;
  const out: FiredReason[] = [];
  const fire = (
    rule: PolicyRule,
    value: number | null,
    threshold: number | null,
    zh: string,
    en: string,
    evidence: FiredReason['evidence'],
    element?: Element,
  ): void => {
    out.push({
      rule,
      value,
      threshold,
      ...(element ? { element } : {}),
      text: zh,
      textEn: en,
      evidence,
      strength: strength(value, threshold),
    });
  };
  const sales = { kind: EV.SALE_REO, element: null } as const;
  for (const rule of rules) {
    if (!rule.enabled) continue;
    switch (rule.id) {
      case 'unexplained_output': {
        const t = Math.max(num(rule, 'minKg'), num(rule, 'minShareOfSales') * s.reoOutKg);
        if (s.unexplainedKg > 0 && s.unexplainedKg >= t)
          fire(
            rule,
            s.unexplainedKg,
            t,
            `无法解释的产出 ${formatKg(s.unexplainedKg)} kg REO（阈值 ${formatKg(t)} kg）：销售 ${formatKg(s.reoOutKg)} kg，可解释产能 ${formatKg(s.capacityKg)} kg（期初库存 ${formatKg(s.openingStockKg)} + 回收率 ${s.recovery} × 购入 ${formatKg(s.reoInKg)} + 开采指标 ${formatKg(s.miningQuotaKg)}）`,
            `Unexplained output of ${formatKg(s.unexplainedKg)} kg REO (threshold ${formatKg(t)} kg): sold ${formatKg(s.reoOutKg)} kg against a capacity of ${formatKg(s.capacityKg)} kg (opening stock ${formatKg(s.openingStockKg)} + recovery ${s.recovery} × purchases ${formatKg(s.reoInKg)} + mining quota ${formatKg(s.miningQuotaKg)})`,
            sales,
          );
        break;
      }
      case 'quota_overrun': {
        const t = num(rule, 'minShareOfQuota') * s.separationQuotaKg;
        if (s.quotaOverrunKg > 0 && s.quotaOverrunKg > t)
          fire(
            rule,
            s.quotaOverrunKg,
            t,
            `冶炼分离产品销售 ${formatKg(s.separationSoldKg)} kg REO，超出本期冶炼分离指标 ${formatKg(s.separationQuotaKg)} kg 达 ${formatKg(s.quotaOverrunKg)} kg（阈值 ${formatKg(t)} kg）`,
            `Sold ${formatKg(s.separationSoldKg)} kg REO of separation products, ${formatKg(s.quotaOverrunKg)} kg over its separation quota of ${formatKg(s.separationQuotaKg)} kg for the period (threshold ${formatKg(t)} kg)`,
            { kind: EV.SALE_SEPARATION, element: null },
          );
        break;
      }
      case 'under_invoiced_purchases': {
        const t = num(rule, 'maxPurchaseValueGap');
        const minBelow = num(rule, 'minBelowMarketShare');
        if (
          s.purchaseValueGap !== null &&
          s.purchaseValueGap <= t &&
          s.belowMarketShare !== null &&
          s.belowMarketShare >= minBelow
        )
          fire(
            rule,
            s.purchaseValueGap,
            t,
            `购进价差 ${formatPct(s.purchaseValueGap)}（阈值 ${formatPct(t)}），已定价购进价值中 ${formatPct(s.belowMarketShare)} 低于参考价 ${formatPct(params.priceBand)} 以上（阈值 ${formatPct(minBelow)}）`,
            `Purchase value gap ${formatPct(s.purchaseValueGap)} (threshold ${formatPct(t)}), with ${formatPct(s.belowMarketShare)} of priced purchase value more than ${formatPct(params.priceBand)} below the reference (threshold ${formatPct(minBelow)})`,
            { kind: EV.PURCHASE_GAP, element: null },
          );
        break;
      }
      case 'circular_invoicing': {
        const t = num(rule, 'minCycleKg');
        const c = facts.largestCycle;
        if (c && s.cycleCount > 0 && s.cycleMaxReoKg >= t)
          fire(
            rule,
            s.cycleMaxReoKg,
            t,
            `参与循环开票：${c.members.join(' → ')} → ${c.members[0] ?? ''} 在 ${c.windowStart} 至 ${c.windowEnd} 间每段至少 ${formatKg(c.reoKg)} kg REO（阈值 ${formatKg(t)} kg；共 ${s.cycleCount} 个循环）`,
            `Member of circular invoicing: ${c.members.join(' → ')} → ${c.members[0] ?? ''} carried at least ${formatKg(c.reoKg)} kg REO on every edge between ${c.windowStart} and ${c.windowEnd} (threshold ${formatKg(t)} kg; ${s.cycleCount} cycle(s) in all)`,
            { cycle: c.index },
          );
        break;
      }
      case 'heavy_element_unexplained':
      case 'element_unexplained_any': {
        const heavy = rule.id === 'heavy_element_unexplained';
        for (const el of elementsOf(rule, params.balancedElements)) {
          const sig = s.elements[el];
          if (!sig) continue;
          const t = heavy
            ? Math.max(num(rule, 'minKg'), num(rule, 'minShareOfElementSales') * sig.soldKg)
            : num(rule, 'minKg');
          const fires = heavy ? sig.unexplainedKg > 0 && sig.unexplainedKg >= t : sig.unexplainedKg > t;
          if (!fires) continue;
          const name = ELEMENT_NAMES[el];
          fire(
            rule,
            sig.unexplainedKg,
            t,
            `${name.zh}（${name.oxide}）无法解释 ${formatKg(sig.unexplainedKg)} kg（阈值 ${formatKg(t)} kg）：销售 ${formatKg(sig.soldKg)} kg，可解释 ${formatKg(sig.capacityKg)} kg`,
            `${name.en} (${name.oxide}) unexplained by ${formatKg(sig.unexplainedKg)} kg (threshold ${formatKg(t)} kg): sold ${formatKg(sig.soldKg)} kg, explainable ${formatKg(sig.capacityKg)} kg`,
            { kind: EV.SALE_ELEMENT, element: el },
            el,
          );
        }
        break;
      }
      case 'unexplained_any': {
        const t = num(rule, 'minKg');
        if (s.unexplainedKg > t)
          fire(
            rule,
            s.unexplainedKg,
            t,
            `销售超出可解释产能及容差 ${formatKg(s.unexplainedKg)} kg REO（销售 ${formatKg(s.reoOutKg)} kg，产能 ${formatKg(s.capacityKg)} kg）`,
            `Sales exceed capacity and tolerance by ${formatKg(s.unexplainedKg)} kg REO (sold ${formatKg(s.reoOutKg)} kg, capacity ${formatKg(s.capacityKg)} kg)`,
            sales,
          );
        break;
      }
      case 'purchase_price_gap': {
        const t = num(rule, 'maxPurchaseValueGap');
        if (s.purchaseValueGap !== null && s.purchaseValueGap <= t)
          fire(
            rule,
            s.purchaseValueGap,
            t,
            `购进价格低于参考价：购进价差 ${formatPct(s.purchaseValueGap)}（阈值 ${formatPct(t)}）`,
            `Buys below the reference price: purchase value gap ${formatPct(s.purchaseValueGap)} (threshold ${formatPct(t)})`,
            { kind: EV.PURCHASE_GAP, element: null },
          );
        break;
      }
      case 'sale_price_gap': {
        const t = num(rule, 'maxSaleValueGap');
        if (s.saleValueGap !== null && s.saleValueGap <= t)
          fire(
            rule,
            s.saleValueGap,
            t,
            `销售价格低于参考价：销售价差 ${formatPct(s.saleValueGap)}（阈值 ${formatPct(t)}）`,
            `Sells below the reference price: sale value gap ${formatPct(s.saleValueGap)} (threshold ${formatPct(t)})`,
            { kind: EV.SALE_GAP, element: null },
          );
        break;
      }
      case 'pass_through_trader': {
        if (s.passThroughTrader)
          fire(
            rule,
            s.passThroughMedianDays,
            params.passThroughMaxMedianDays,
            `疑似过票贸易：购入 ${formatKg(s.reoInKg)} kg、销售 ${formatKg(s.reoOutKg)} kg REO，毛利率 ${formatPct(s.grossMargin)}，同一产品购销间隔中位数 ${s.passThroughMedianDays ?? '—'} 天（阈值 ${params.passThroughMaxMedianDays} 天）`,
            `Pass-through trader: bought ${formatKg(s.reoInKg)} kg and sold ${formatKg(s.reoOutKg)} kg REO at a gross margin of ${formatPct(s.grossMargin)}, median ${s.passThroughMedianDays ?? '—'} days from buying to selling the same product (threshold ${params.passThroughMaxMedianDays} days)`,
            { kind: EV.ANY_REO, element: null },
          );
        break;
      }
      case 'illegal_share': {
        const t = num(rule, 'minIllegalShare');
        if (s.illegalShare !== null && s.illegalShare > 0 && s.illegalShare >= t)
          fire(
            rule,
            s.illegalShare,
            t,
            `${s.reoOutKg > 0 ? '销售' : '购进'}中可追溯至非法来源的比例 ${formatPct(s.illegalShare)}（阈值 ${formatPct(t)}）`,
            `${formatPct(s.illegalShare)} of its ${s.reoOutKg > 0 ? 'sales' : 'purchases'} trace back to illegal sources (threshold ${formatPct(t)})`,
            s.unexplainedKg > 0 ? sales : { kind: EV.PURCHASE_ILLEGAL, element: null },
          );
        break;
      }
      case 'invoice_rule_breaches': {
        const t = num(rule, 'minBreachShare');
        const share = s.invoiceRuleBreachShare;
        if (share !== null && share > 0 && share >= t) {
          const kinds = BREACH_KINDS.filter((k) => s.invoiceRuleBreaches[k] > 0);
          fire(
            rule,
            share,
            t,
            `${formatPct(share)} 的销售发票行违反稀土发票规定（阈值 ${formatPct(t)}）：${kinds.map((k) => `${BREACH_LABELS[k].zh} ${s.invoiceRuleBreaches[k]} 行`).join('；')}`,
            `${formatPct(share)} of its sale lines breach the rare earth invoice rules (threshold ${formatPct(t)}): ${kinds.map((k) => `${BREACH_LABELS[k].en}: ${s.invoiceRuleBreaches[k]}`).join('; ')}`,
            { kind: EV.BREACH, element: null },
          );
        }
        break;
      }
      case 'off_register_share': {
        const t = num(rule, 'minOffRegisterShare');
        const share = s.offRegisterShare;
        if (share !== null && share > 0 && share >= t)
          fire(
            rule,
            share,
            t,
            `与未登记企业交易的 REO 占 ${formatPct(share)}（阈值 ${formatPct(t)}）`,
            `${formatPct(share)} of its REO traded with taxpayers not in the registry (threshold ${formatPct(t)})`,
            { kind: EV.OFF_REGISTER, element: null },
          );
        break;
      }
      case 'short_lived_issuer': {
        if ((facts.shortLivedKind & 1) !== 0)
          fire(
            rule,
            s.daysFoundedToFirstInvoice,
            params.shortLivedFoundedDays,
            `成立后 ${s.daysFoundedToFirstInvoice ?? '—'} 天即开始开票（阈值 ${params.shortLivedFoundedDays} 天），销售 ${formatKg(s.reoOutKg)} kg REO，居销售量前 ${formatPct(params.shortLivedTopSalesShare)}`,
            `First invoice ${s.daysFoundedToFirstInvoice ?? '—'} days after founding (threshold ${params.shortLivedFoundedDays} days) with sales of ${formatKg(s.reoOutKg)} kg REO, in the top ${formatPct(params.shortLivedTopSalesShare)} by sales`,
            sales,
          );
        if ((facts.shortLivedKind & 2) !== 0)
          fire(
            rule,
            s.daysLastInvoiceToDeregistration,
            params.shortLivedDeregisteredDays,
            `最后一次开票后 ${s.daysLastInvoiceToDeregistration ?? '—'} 天注销（阈值 ${params.shortLivedDeregisteredDays} 天）`,
            `Deregistered ${s.daysLastInvoiceToDeregistration ?? '—'} days after its last invoice (threshold ${params.shortLivedDeregisteredDays} days)`,
            sales,
          );
        break;
      }
      case 'few_lines': {
        const t = num(rule, 'minLines');
        if (s.lines < t)
          fire(
            rule,
            s.lines,
            t,
            `本期发票行仅 ${s.lines} 行，少于 ${t} 行，数据不足以评级`,
            `Only ${s.lines} invoice line(s) in the period, fewer than ${t}: too little data to rate`,
            { kind: EV.ANY_LINE, element: null },
          );
        break;
      }
      case 'low_priced_share': {
        const t = num(rule, 'minPricedShare');
        if (s.pricedShare === null || s.pricedShare < t)
          fire(
            rule,
            s.pricedShare,
            t,
            `有参考价格的交易（按 REO）仅占 ${formatPct(s.pricedShare)}，低于 ${formatPct(t)}，价格信号不足以评级`,
            `Only ${formatPct(s.pricedShare)} of its trade (by REO kg) has a reference price, below ${formatPct(t)}: too little price data to rate`,
            { kind: EV.UNPRICED, element: null },
          );
        break;
      }
    }
  }
  return out;
}

/** The list from fired reasons: the most severe, else white. */
export function listOf(reasons: readonly FiredReason[]): ListName {
  let list: ListName = 'white';
  for (const r of reasons) if (LIST_RANK[r.rule.list] < LIST_RANK[list]) list = r.rule.list;
  return list;
}

/** The score from fired reasons (see the file comment), 0–100 with one decimal. */
export function scoreOf(reasons: readonly FiredReason[]): number {
  let keep = 1;
  for (const r of reasons) keep *= 1 - LIST_WEIGHT[r.rule.list] * r.strength;
  return Math.round((1 - keep) * 1000) / 10;
}

export function listRank(list: ListName): number {
  return LIST_RANK[list];
}
