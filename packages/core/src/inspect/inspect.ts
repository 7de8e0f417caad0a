// The inspection: prices → balance → tracing → patterns → policy (architecture.md §1), over a
// columnar Dataset, in a handful of passes over the lines (performance.md: aggregate first, then
// do graph work on the aggregated edges).
import { isoDateOf } from '../domain/index.ts';
import type { Element } from '../domain/index.ts';
import { BREACH_KINDS, NB, aggregateLines, breachTables, scanInvoices } from './aggregate.ts';
import type { BreachKind } from './aggregate.ts';
import type { Progress } from './chunks.ts';
import { computeBalance } from './balance.ts';
import { createContext } from './context.ts';
import { findCycles } from './cycles.ts';
import type { Dataset } from './dataset.ts';
import { collectEvidence } from './evidence.ts';
import type { EvidenceRequest } from './evidence.ts';
import { findPatterns } from './patterns.ts';
import { policyHash } from './policy.ts';
import type { ListName, Policy } from './policy.ts';
import { buildPriceTable } from './prices.ts';
import { RESULT_SCHEMA, cny2, kg3, orNull, r6 } from './result.ts';
import type {
  CapHit,
  CycleResult,
  ElementSignals,
  EnterpriseResult,
  EnterpriseSignals,
  InspectionResult,
  Reason,
} from './result.ts';
import { evaluateRules, listOf, listRank, scoreOf } from './rules.ts';
import type { FiredReason, LargestCycle } from './rules.ts';
import { traceFlows } from './tracing.ts';

export interface InspectOptions {
  /** Progress of each stage: lines (or items) done of total. */
  readonly onProgress?: (stage: string, done: number, total: number) => void;
  /** A clock in milliseconds (e.g. performance.now); fills `timings`. Core reads no clock itself. */
  readonly now?: () => number;
}

const ratio = (num: number, den: number): number => (den > 0 ? num / den : NaN);

/**
 * Inspects a Dataset under a policy: signals, list, score and reasons with evidence for every
 * enterprise, and the circular-invoicing cycles. Pure and deterministic.
 * @example
 * const result = inspect(dataset, DEFAULT_POLICY);
 * result.enterprises.filter((e) => e.list === 'black').map((e) => e.taxId);
 */
export function inspect(dataset: Dataset, policy: Policy, options: InspectOptions = {}): InspectionResult {
  const progress: Progress | undefined = options.onProgress;
  const now = options.now;
  const timings: { stage: string; ms: number }[] = [];
  let t0 = now ? now() : 0;
  const stage = <T>(name: string, run: () => T): T => {
    progress?.(name, 0, 1);
    const value = run();
    if (now) {
      const t1 = now();
      timings.push({ stage: name, ms: Math.round((t1 - t0) * 10) / 10 });
      t0 = t1;
    }
    progress?.(name, 1, 1);
    return value;
  };

  const params = policy.parameters;
  const ctx = createContext(dataset, params);
  const { n, elements } = ctx;
  const scan = stage('scan', () => scanInvoices(ctx, progress));
  const prices = stage('prices', () => buildPriceTable(ctx, scan.productDays));
  const breach = breachTables(ctx, scan);
  const agg = stage('aggregate', () => aggregateLines(ctx, prices, breach, progress));
  const balance = stage('balance', () => computeBalance(ctx, agg));
  const tracing = stage('tracing', () => traceFlows(ctx, agg, balance));
  const cycleSearch = stage('cycles', () => findCycles(ctx, agg, progress));
  const patterns = stage('patterns', () => findPatterns(ctx, agg, balance, progress));

  const { signals, fired } = stage('rules', () => {
    // Cycle membership.
    const cycleCount = new Int32Array(n);
    const cycleMax = new Float64Array(n);
    const largestIdx = new Int32Array(n).fill(-1);
    cycleSearch.cycles.forEach((c, idx) => {
      for (const e of c.members) {
        cycleCount[e]!++;
        if (largestIdx[e] === -1 || c.reoKg > (cycleMax[e] as number)) {
          cycleMax[e] = c.reoKg;
          largestIdx[e] = idx;
        }
      }
    });
    const taxIds = dataset.enterprises.map((e) => e.taxId);
    const nEl = elements.length;
    const signals: EnterpriseSignals[] = [];
    const fired: FiredReason[][] = [];
    for (let e = 0; e < n; e++) {
      const els: Record<string, ElementSignals> = {};
      elements.forEach((el, k) => {
        const i = e * nEl + k;
        els[el] = {
          soldKg: kg3(balance.elementSold[i] as number),
          boughtKg: kg3(balance.elementBought[i] as number),
          capacityKg: kg3(balance.elementCapacity[i] as number),
          unexplainedKg: kg3(balance.elementUnexplained[i] as number),
        };
      });
      const breaches = {} as Record<BreachKind, number>;
      BREACH_KINDS.forEach((kind, k) => {
        breaches[kind] = agg.breachKinds[e * NB + k] as number;
      });
      const reoIn = balance.reoIn[e] as number;
      const reoOut = balance.reoOut[e] as number;
      const pricedReo = (agg.pricedReoBuy[e] as number) + (agg.pricedReoSell[e] as number);
      const sig: EnterpriseSignals = {
        lines: agg.lines[e] as number,
        saleLines: agg.saleLines[e] as number,
        purchaseLines: agg.purchaseLines[e] as number,
        reoInKg: kg3(reoIn),
        reoOutKg: kg3(reoOut),
        purchaseAmount: cny2(agg.amountBuy[e] as number),
        saleAmount: cny2(agg.amountSell[e] as number),
        purchaseValueGap: orNull(
          ratio(agg.pricedAmountBuy[e] as number, agg.refValueBuy[e] as number) - 1,
          r6,
        ),
        saleValueGap: orNull(ratio(agg.pricedAmountSell[e] as number, agg.refValueSell[e] as number) - 1, r6),
        pricedShare: orNull(ratio(pricedReo, reoIn + reoOut), r6),
        belowMarketShare: orNull(ratio(agg.belowValueBuy[e] as number, agg.refValueBuy[e] as number), r6),
        peerPricedShare: orNull(
          ratio((agg.peerReoBuy[e] as number) + (agg.peerReoSell[e] as number), pricedReo),
          r6,
        ),
        openingStockKg: kg3(balance.openingStock[e] as number),
        miningQuotaKg: kg3((balance.rockQuota[e] as number) + (balance.ionicQuota[e] as number)),
        separationQuotaKg: kg3(balance.separationQuota[e] as number),
        recovery: r6(balance.recovery[e] as number),
        capacityKg: kg3(balance.capacity[e] as number),
        unexplainedKg: kg3(balance.unexplained[e] as number),
        separationSoldKg: kg3(balance.separationSold[e] as number),
        quotaOverrunKg: kg3(balance.quotaOverrun[e] as number),
        elements: els,
        illegalShare: orNull(tracing.share[e] as number, r6),
        illegalOutKg: kg3(tracing.illegalOut[e] as number),
        cycleCount: cycleCount[e] as number,
        cycleMaxReoKg: kg3(cycleMax[e] as number),
        grossMargin: orNull(patterns.grossMargin[e] as number, r6),
        passThroughMedianDays: orNull(patterns.passThroughDays[e] as number, (x) => x),
        passThroughTrader: patterns.passThrough[e] === 1,
        offRegisterShare: orNull(patterns.offRegisterShare[e] as number, r6),
        invoiceRuleBreachShare: orNull(patterns.breachShare[e] as number, r6),
        invoiceRuleBreaches: breaches,
        daysFoundedToFirstInvoice: orNull(patterns.foundedToFirst[e] as number, (x) => x),
        daysLastInvoiceToDeregistration: orNull(patterns.lastToDeregistered[e] as number, (x) => x),
        shortLivedIssuer: patterns.shortLived[e] === 1,
      };
      const li = largestIdx[e] as number;
      const c = li >= 0 ? cycleSearch.cycles[li] : undefined;
      const lc: LargestCycle | null = c
        ? {
            index: li,
            members: c.members.map((m) => taxIds[m] as string),
            windowStart: isoDateOf(ctx.d0 + c.windowStart),
            windowEnd: isoDateOf(ctx.d0 + c.windowEnd),
            reoKg: kg3(c.reoKg),
          }
        : null;
      signals.push(sig);
      fired.push(
        evaluateRules(policy.rules, params, {
          signals: sig,
          largestCycle: lc,
          shortLivedKind: patterns.shortLivedKind[e] as number,
          topSalesThreshold: patterns.topSalesThreshold,
        }),
      );
    }
    return { signals, fired };
  });

  const evidence = stage('evidence', () => {
    const requests: EvidenceRequest[] = [];
    const requestOf: number[][] = [];
    fired.forEach((reasons, e) => {
      const ids: number[] = [];
      for (const r of reasons) {
        if ('kind' in r.evidence) {
          const el: Element | null = r.evidence.element;
          ids.push(requests.length);
          requests.push({
            enterprise: e,
            kind: r.evidence.kind,
            element: el === null ? 0 : elements.indexOf(el),
          });
        } else {
          ids.push(-1);
        }
      }
      requestOf.push(ids);
    });
    const collected = collectEvidence(
      ctx,
      requests,
      { prices, agg, illegalShare: tracing.share, breach, cycles: cycleSearch.cycles },
      progress,
    );
    return { requestOf, collected };
  });

  const result = stage('assemble', () => {
    const ents: EnterpriseResult[] = [];
    const counts: Record<ListName, number> = { black: 0, grey: 0, unrated: 0, white: 0 };
    for (let e = 0; e < n; e++) {
      const ent = dataset.enterprises[e];
      const sig = signals[e];
      const reasons = fired[e] ?? [];
      if (!ent || !sig) continue;
      const ids = evidence.requestOf[e] ?? [];
      const out: Reason[] = reasons.map((r, j) => {
        const id = ids[j] ?? -1;
        const ev =
          id >= 0
            ? (evidence.collected.reasons[id] ?? [])
            : 'cycle' in r.evidence
              ? (evidence.collected.cycles[r.evidence.cycle] ?? [])
              : [];
        return {
          rule: r.rule.id,
          list: r.rule.list,
          value: r.value,
          threshold: r.threshold === null ? null : r6(r.threshold),
          ...(r.element ? { element: r.element } : {}),
          text: r.text,
          textEn: r.textEn,
          evidence: ev,
        };
      });
      const list = listOf(reasons);
      counts[list]++;
      ents.push({
        taxId: ent.taxId,
        name: ent.name,
        roles: [...ent.roles],
        region: ent.region,
        group: ent.group,
        registered: ent.registered,
        list,
        score: scoreOf(reasons),
        signals: sig,
        reasons: out,
      });
    }
    ents.sort(
      (a, b) =>
        listRank(a.list) - listRank(b.list) ||
        b.score - a.score ||
        (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0),
    );
    const taxIds = dataset.enterprises.map((e) => e.taxId);
    const cycles: CycleResult[] = cycleSearch.cycles.map((c, idx) => ({
      members: c.members.map((m) => taxIds[m] as string),
      windowStart: isoDateOf(ctx.d0 + c.windowStart),
      windowEnd: isoDateOf(ctx.d0 + c.windowEnd),
      reoKg: kg3(c.reoKg),
      edges: c.members.map((m, j) => ({
        seller: taxIds[m] as string,
        buyer: taxIds[c.members[(j + 1) % c.members.length] as number] as string,
        reoKg: kg3(c.edgeKg[j] as number),
      })),
      evidence: evidence.collected.cycles[idx] ?? [],
    }));
    const caps: CapHit[] = [];
    if (cycleSearch.capHit === 'cycleMaxCount')
      caps.push({
        stage: 'cycles',
        parameter: 'cycleMaxCount',
        limit: params.cycleMaxCount,
        text: `循环开票检索达到循环数上限 ${params.cycleMaxCount}，结果不完整`,
        textEn: `Circular invoicing search stopped at the cap of ${params.cycleMaxCount} cycles: the list of cycles is incomplete`,
      });
    if (cycleSearch.capHit === 'cycleMaxSearchSteps')
      caps.push({
        stage: 'cycles',
        parameter: 'cycleMaxSearchSteps',
        limit: params.cycleMaxSearchSteps,
        text: `循环开票检索达到步数上限 ${params.cycleMaxSearchSteps}，结果不完整`,
        textEn: `Circular invoicing search stopped at the cap of ${params.cycleMaxSearchSteps} search steps: the list of cycles is incomplete`,
      });
    if (!tracing.converged)
      caps.push({
        stage: 'tracing',
        parameter: 'tracingMaxSweeps',
        limit: params.tracingMaxSweeps,
        text: `来源追溯在 ${params.tracingMaxSweeps} 轮迭代内未收敛（残差 ${tracing.residual.toExponential(2)}）`,
        textEn: `Flow tracing did not converge within ${params.tracingMaxSweeps} sweeps (residual ${tracing.residual.toExponential(2)})`,
      });
    const result: InspectionResult = {
      schema: RESULT_SCHEMA,
      period: { from: dataset.period.from, to: dataset.period.to },
      policy: {
        id: policy.id,
        version: policy.version,
        hash: policyHash(policy),
        name: policy.name,
        parameters: params,
        rules: policy.rules,
      },
      dataset: {
        invoiceLines: scan.stats.counted,
        enterprises: n,
        fingerprint: dataset.fingerprint,
        voidedLines: scan.stats.voided,
        redLines: scan.stats.red,
        unmatchedLines: scan.stats.unmatched,
        feeLines: scan.stats.fees,
        outsidePeriodLines: scan.stats.outsidePeriod,
      },
      counts,
      measures: policy.measures,
      prices: { peerWeeks: prices.peerWeeks, peerWeeksTooFewLines: prices.peerWeeksTooFewLines },
      tracing: {
        converged: tracing.converged,
        residual: tracing.residual,
        components: tracing.components,
        largestComponent: tracing.largestComponent,
      },
      cycleSearch: {
        candidateEdges: cycleSearch.candidateEdges,
        windows: cycleSearch.windows,
        steps: cycleSearch.steps,
      },
      caps,
      unassignedQuotas: balance.unassignedQuotas.map((q) => ({ ...q, kg: kg3(q.kg) })),
      enterprises: ents,
      cycles,
    };
    return result;
  });
  // Timings are attached after the last stage so that they include it.
  return now ? { ...result, timings } : result;
}
