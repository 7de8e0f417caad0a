// The mass balance (inspection.md §3): what it bought and how much of that its recovery turns
// into product, its declared opening stock and mining quota — its capacity — against what it
// sold; the part of sales beyond capacity and tolerance is unexplained. Per element below.
import { useMemo } from 'react';
import type { PolicyBody, Signals } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart } from '../components/chart.tsx';
import { Card, Empty } from '../components/ui.tsx';
import { fmtKg, fmtNum } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { elementText } from '../lib/labels.tsx';
import { parameter } from '../lib/policy.ts';

export interface BalanceParts {
  readonly purchases: number;
  readonly recovery: number;
  readonly recovered: number;
  readonly losses: number;
  readonly openingStock: number;
  readonly miningQuota: number;
  readonly capacity: number;
  readonly tolerance: number;
  readonly sales: number;
  readonly unexplained: number;
  readonly explained: number;
}

/**
 * The balance in parts, from the signals and the policy's tolerances (inspection.md §3):
 * capacity = stock + recovery × purchases + quota; tolerance = max(abs, rel × sales).
 * @example balanceParts({ reoInKg: 1000, recovery: 0.95, … }, 1000, 0.03).recovered // 950
 */
export function balanceParts(s: Signals, absTol: number, relTol: number): BalanceParts {
  const purchases = s.reoInKg;
  const recovery = s.recovery ?? 1;
  const recovered = recovery * purchases;
  const openingStock = s.openingStockKg ?? 0;
  const miningQuota = s.miningQuotaKg ?? 0;
  const capacity = s.capacityKg ?? openingStock + recovered + miningQuota;
  const sales = s.reoOutKg;
  const unexplained = s.unexplainedKg;
  return {
    purchases,
    recovery,
    recovered,
    losses: purchases - recovered,
    openingStock,
    miningQuota,
    capacity,
    tolerance: Math.max(absTol, relTol * Math.max(0, sales)),
    sales,
    unexplained,
    explained: sales - unexplained,
  };
}

export function BalanceSection({ signals, policy }: { signals: Signals; policy: PolicyBody | null }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const p = balanceParts(
    signals,
    parameter(policy, 'balanceAbsTolKg') ?? 1000,
    parameter(policy, 'balanceRelTol') ?? 0.03,
  );
  const option = useMemo<ChartOption>(() => {
    const rows = [t('balance.inputs'), t('balance.capacity'), t('balance.outputs')];
    const bar = (name: string, color: string, values: (number | null)[]) => ({
      type: 'bar' as const,
      name,
      stack: 'kg',
      itemStyle: { color },
      emphasis: { focus: 'series' as const },
      data: values.map((v) => (v === null || v <= 0 ? null : Math.round(v))),
    });
    return {
      tooltip: {
        trigger: 'item',
        valueFormatter: (v) => `${fmtKg(lang, typeof v === 'number' ? v : null)} ${t('unit.kgReo')}`,
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 8, right: 24, top: 40, bottom: 28, containLabel: true },
      xAxis: { type: 'value', name: t('unit.kgReo'), nameLocation: 'middle', nameGap: 26 },
      yAxis: { type: 'category', data: rows, inverse: true },
      series: [
        bar(t('balance.recovered', { r: fmtNum(lang, p.recovery, 2) }), '#2563eb', [
          p.recovered,
          p.recovered,
          null,
        ]),
        bar(t('balance.losses'), '#93c5fd', [p.losses, null, null]),
        bar(t('balance.openingStock'), '#0d9488', [null, p.openingStock, null]),
        bar(t('balance.miningQuota'), '#65a30d', [null, p.miningQuota, null]),
        bar(t('balance.tolerance'), '#d6d3d1', [null, p.tolerance, null]),
        bar(t('balance.explained'), '#475569', [null, null, p.explained]),
        bar(t('balance.unexplained'), '#dc2626', [null, null, p.unexplained]),
      ],
    };
  }, [
    p.recovered,
    p.losses,
    p.openingStock,
    p.miningQuota,
    p.tolerance,
    p.explained,
    p.unexplained,
    p.recovery,
    t,
    lang,
  ]);
  const elements = Object.entries(signals.elements ?? {});
  const hasMaterial = p.purchases !== 0 || p.sales !== 0 || p.capacity !== 0;
  return (
    <Card title={t('dossier.balance')} testId="balance">
      <span id="balance" className="anchor-target" />
      <p className="hint">{t('balance.hint')}</p>
      {hasMaterial ? (
        <Chart option={option} height={230} label={t('dossier.balance')} testId="balance-chart" />
      ) : (
        <Empty>{t('balance.noMaterial')}</Empty>
      )}
      <table className="table table-compact balance-table">
        <tbody>
          <tr>
            <th>{t('balance.formulaCapacity')}</th>
            <td className="num">
              {fmtKg(lang, p.openingStock)} + {fmtNum(lang, p.recovery, 2)} × {fmtKg(lang, p.purchases)} +{' '}
              {fmtKg(lang, p.miningQuota)} = <strong>{fmtKg(lang, p.capacity)}</strong>
            </td>
          </tr>
          <tr>
            <th>{t('balance.formulaUnexplained')}</th>
            <td className="num">
              {t('balance.exprUnexplained', {
                sales: fmtKg(lang, p.sales),
                capacity: fmtKg(lang, p.capacity),
                tolerance: fmtKg(lang, p.tolerance),
              })}{' '}
              ={' '}
              <strong className={p.unexplained > 0 ? 'bad' : undefined}>{fmtKg(lang, p.unexplained)}</strong>
            </td>
          </tr>
          {(signals.separationQuotaKg ?? 0) > 0 || (signals.quotaOverrunKg ?? 0) > 0 ? (
            <tr>
              <th>{t('balance.formulaQuota')}</th>
              <td className="num">
                {t('balance.exprQuota', {
                  sold: fmtKg(lang, signals.separationSoldKg ?? 0),
                  quota: fmtKg(lang, signals.separationQuotaKg ?? 0),
                })}{' '}
                ={' '}
                <strong className={signals.quotaOverrunKg > 0 ? 'bad' : undefined}>
                  {fmtKg(lang, signals.quotaOverrunKg)}
                </strong>
              </td>
            </tr>
          ) : null}
        </tbody>
      </table>
      {elements.length > 0 && (
        <>
          <h3>{t('balance.elements')}</h3>
          <p className="hint">{t('balance.elementsHint')}</p>
          <table className="table table-compact" data-testid="element-balance">
            <thead>
              <tr>
                <th>{t('col.element')}</th>
                <th className="num">{t('balance.elBought')}</th>
                <th className="num">{t('balance.elCapacity')}</th>
                <th className="num">{t('balance.elSold')}</th>
                <th className="num">{t('balance.elUnexplained')}</th>
              </tr>
            </thead>
            <tbody>
              {elements.map(([el, e]) => (
                <tr key={el}>
                  <td>{elementText(i18n, el)}</td>
                  <td className="num">{fmtKg(lang, e.boughtKg)}</td>
                  <td className="num">{fmtKg(lang, e.capacityKg)}</td>
                  <td className="num">{fmtKg(lang, e.soldKg)}</td>
                  <td className={e.unexplainedKg > 0 ? 'num bad strong' : 'num'}>
                    {fmtKg(lang, e.unexplainedKg)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </Card>
  );
}
