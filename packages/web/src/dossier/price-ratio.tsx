// Price ratio against the reference over time (inspection.md §2): per month, what it paid for its
// purchases and got for its sales as a share of the reference value, and every priced line as a
// point. Below the dashed band line a line is "below market". A point opens its line.
import { useMemo } from 'react';
import { api, data } from '../api/client.ts';
import type { PriceRatios } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart } from '../components/chart.tsx';
import { Async, Card, Empty } from '../components/ui.tsx';
import { fmtGap, fmtNum, fmtPct, fmtRatio } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function PriceRatioSection({ taxId, runId }: { taxId: string; runId: number | undefined }) {
  const { t } = useI18n();
  const series = useApi(
    (signal) =>
      data(
        api.GET('/api/enterprises/{taxId}/price-ratios', {
          params: { path: { taxId }, query: { ...(runId ? { runId } : {}), maxPoints: 1500 } },
          signal,
        }),
      ),
    [taxId, runId],
  );
  return (
    <Card title={t('dossier.prices')} testId="price-ratio">
      <span id="prices" className="anchor-target" />
      <Async state={series}>{(s) => <PriceRatioView s={s} />}</Async>
    </Card>
  );
}

function PriceRatioView({ s }: { s: PriceRatios }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const floor = 1 - s.priceBand;
  const option = useMemo<ChartOption>(() => {
    const monthly = (side: 'purchases' | 'sales') =>
      s.months
        .filter((m) => m[side].ratio !== null)
        .map((m) => [`${m.month}-15`, m[side].ratio as number, m[side].pricedLines]);
    const points = (side: 'purchase' | 'sale') =>
      s.points.filter((p) => p.side === side).map((p) => ({ value: [p.date, p.ratio, p.reoKg], id: p.id }));
    return {
      tooltip: {
        trigger: 'item',
        formatter: (raw) => {
          const p = Array.isArray(raw) ? raw[0] : raw;
          if (!p) return '';
          const v = p.value as [string, number, number];
          return `${p.seriesName}<br/>${v[0]}<br/>${t('col.ratio')}: ${fmtRatio(lang, v[1])}`;
        },
      },
      legend: { top: 0 },
      grid: { left: 48, right: 24, top: 36, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: {
        type: 'value',
        name: t('col.ratio'),
        min: 0,
        max: (v) => Math.max(1.5, Math.ceil(v.max * 10) / 10),
      },
      series: [
        {
          type: 'scatter',
          name: t('prices.purchaseLines'),
          symbolSize: 5,
          itemStyle: { color: '#2563eb', opacity: 0.45 },
          data: points('purchase'),
        },
        {
          type: 'scatter',
          name: t('prices.saleLines'),
          symbolSize: 5,
          itemStyle: { color: '#ea580c', opacity: 0.45 },
          data: points('sale'),
        },
        {
          type: 'line',
          name: t('prices.purchasesMonthly'),
          itemStyle: { color: '#1d4ed8' },
          lineStyle: { width: 3 },
          data: monthly('purchases'),
          markLine: {
            silent: true,
            symbol: 'none',
            data: [
              {
                yAxis: 1,
                label: { formatter: t('prices.reference'), position: 'insideEndTop' },
                lineStyle: { color: '#16a34a' },
              },
              {
                yAxis: floor,
                label: {
                  formatter: t('prices.bandLine', { pct: fmtPct(lang, s.priceBand, 0) }),
                  position: 'insideEndBottom',
                },
                lineStyle: { color: '#dc2626', type: 'dashed' },
              },
            ],
          },
        },
        {
          type: 'line',
          name: t('prices.salesMonthly'),
          itemStyle: { color: '#c2410c' },
          lineStyle: { width: 3 },
          data: monthly('sales'),
        },
      ],
    };
  }, [s, t, lang, floor]);

  if (s.pointsTotal === 0 && s.months.every((m) => m.purchases.lines === 0 && m.sales.lines === 0))
    return <Empty>{t('prices.noLines')}</Empty>;
  const { purchases, sales } = s.totals;
  return (
    <>
      <p className="hint">
        {t('prices.hint', { pct: fmtPct(lang, s.priceBand, 0), days: fmtNum(lang, s.priceStalenessDays) })}
      </p>
      <div className="stat-row">
        <div className="stat">
          <span className="stat-label">{t('prices.purchaseGap')}</span>
          <span className="stat-value">
            {purchases.ratio === null ? '—' : fmtGap(lang, purchases.ratio - 1)}
          </span>
          <span className="hint">
            {t('prices.pricedOf', {
              priced: fmtNum(lang, purchases.pricedLines),
              lines: fmtNum(lang, purchases.lines),
            })}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('prices.belowBand')}</span>
          <span className="stat-value">{fmtPct(lang, purchases.belowBandShare)}</span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('prices.saleGap')}</span>
          <span className="stat-value">{sales.ratio === null ? '—' : fmtGap(lang, sales.ratio - 1)}</span>
          <span className="hint">
            {t('prices.pricedOf', {
              priced: fmtNum(lang, sales.pricedLines),
              lines: fmtNum(lang, sales.lines),
            })}
          </span>
        </div>
      </div>
      <Chart
        option={option}
        height={280}
        label={t('dossier.prices')}
        testId="price-ratio-chart"
        onClick={(e) => {
          const id = (e.data as { id?: unknown } | undefined)?.id;
          if (typeof id === 'number') navigate(`/lines/${id}`);
        }}
      />
      {s.points.length < s.pointsTotal && (
        <p className="hint">
          {t('prices.pointsCut', {
            shown: fmtNum(lang, s.points.length),
            total: fmtNum(lang, s.pointsTotal),
          })}
        </p>
      )}
    </>
  );
}
