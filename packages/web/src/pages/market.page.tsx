// The market view (mission capability 11): reference and invoice-implied prices per product over
// time, volumes, group shares and concentration (HHI), quota use — over a period (default: the
// latest run's) and the reader's regions.
import type { FormEvent } from 'react';
import { useMemo, useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Market } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart, PALETTE } from '../components/chart.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, V } from '../components/ui.tsx';
import { fmtCny, fmtKg, fmtNum, fmtPct } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { groupText } from '../lib/labels.tsx';
import { navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { INDEX_PRODUCTS } from './dashboard.page.tsx';

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const CATEGORIES = ['ore', 'separation', 'metal', 'alloy', 'recycled'] as const;

export function MarketPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const latest = useApi(
    (signal) =>
      data(api.GET('/api/runs', { params: { query: { status: 'done', limit: 1, offset: 0 } }, signal })),
    [],
  );
  const run = latest.data?.items[0];
  const from = DATE.test(query.get('from') ?? '') ? (query.get('from') as string) : run?.periodFrom;
  const to = DATE.test(query.get('to') ?? '') ? (query.get('to') as string) : run?.periodTo;
  const bucket = query.get('bucket') === 'week' ? 'week' : 'month';
  const categoryParam = query.get('category') ?? 'separation';
  const category = (CATEGORIES as readonly string[]).includes(categoryParam)
    ? (categoryParam as (typeof CATEGORIES)[number])
    : 'separation';
  const selected = query.getAll('product');
  const products = selected.length > 0 ? selected : [...INDEX_PRODUCTS];

  const market = useApi(
    (signal) =>
      from && to
        ? data(api.GET('/api/market', { params: { query: { from, to, bucket, category } }, signal }))
        : Promise.resolve(null),
    [from, to, bucket, category],
  );
  const go = (next: Record<string, string | undefined>) => {
    const q = new URLSearchParams();
    const merged: Record<string, string | undefined> = { from, to, bucket, category, ...next };
    for (const [k, v] of Object.entries(merged)) if (v) q.set(k, v);
    for (const p of next.product === undefined ? selected : []) q.append('product', p);
    navigate(`/market?${q.toString()}`);
  };

  return (
    <>
      <PageHead title={t('market.title')} sub={t('market.sub')} />
      <PeriodForm
        key={`${from ?? ''}|${to ?? ''}`}
        from={from ?? ''}
        to={to ?? ''}
        bucket={bucket}
        onApply={(f, tt, b) => go({ from: f, to: tt, bucket: b })}
      />
      {!from || !to ? (
        latest.data ? (
          <Empty>{t('market.pickPeriod')}</Empty>
        ) : (
          <Async state={latest}>{() => null}</Async>
        )
      ) : (
        <Async state={market}>
          {(m) =>
            m ? (
              <MarketView
                m={m}
                products={products}
                category={category}
                onProducts={(ps) => {
                  const q = new URLSearchParams({ from, to, bucket, category });
                  for (const p of ps) q.append('product', p);
                  navigate(`/market?${q.toString()}`);
                }}
                onCategory={(c) => go({ category: c })}
              />
            ) : null
          }
        </Async>
      )}
    </>
  );
}

function PeriodForm({
  from,
  to,
  bucket,
  onApply,
}: {
  from: string;
  to: string;
  bucket: string;
  onApply: (from: string, to: string, bucket: string) => void;
}) {
  const { t } = useI18n();
  const [f, setF] = useState(from);
  const [tt, setT] = useState(to);
  const [b, setB] = useState(bucket);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply(f, tt, b);
  };
  return (
    <form className="filters" onSubmit={submit}>
      <label>
        <span>{t('invoices.from')}</span>
        <input type="date" value={f} onChange={(e) => setF(e.target.value)} required />
      </label>
      <label>
        <span>{t('invoices.to')}</span>
        <input type="date" value={tt} onChange={(e) => setT(e.target.value)} required />
      </label>
      <label>
        <span>{t('market.bucket')}</span>
        <select value={b} onChange={(e) => setB(e.target.value)}>
          <option value="month">{t('market.month')}</option>
          <option value="week">{t('market.week')}</option>
        </select>
      </label>
      <button type="submit" className="btn">
        {t('action.apply')}
      </button>
    </form>
  );
}

function MarketView({
  m,
  products,
  category,
  onProducts,
  onCategory,
}: {
  m: Market;
  products: readonly string[];
  category: string;
  onProducts: (ps: string[]) => void;
  onCategory: (c: string) => void;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const chosen = m.products.filter((p) => products.includes(p.productId));
  const priceOption = useMemo<ChartOption>(() => {
    const series: NonNullable<ChartOption['series']> = [];
    chosen.forEach((p, k) => {
      const color = PALETTE[k % PALETTE.length];
      const name = i18n.pick(p.nameZh, p.nameEn);
      series.push({
        type: 'line',
        name: `${name} · ${t('market.reference')}`,
        showSymbol: false,
        itemStyle: { color },
        data: p.reference.map((q) => [q.date, q.pricePerKg]),
      });
      // A bucket's price holds from its start to the next bucket (the last one to the period's end).
      const implied = p.buckets
        .filter((b) => b.impliedPricePerKg !== null)
        .map((b) => [b.start, b.impliedPricePerKg]);
      const last = implied[implied.length - 1];
      if (last) implied.push([m.period.to, last[1] ?? null]);
      series.push({
        type: 'line',
        name: `${name} · ${t('market.implied')}`,
        itemStyle: { color },
        lineStyle: { type: 'dashed' },
        step: 'end',
        showSymbol: false,
        data: implied,
      });
    });
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => `${fmtCny(lang, typeof v === 'number' ? v : null)}`,
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 64, right: 16, top: 60, bottom: 50 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', name: t('unit.cnyPerKg'), scale: true, nameTextStyle: { align: 'left' } },
      dataZoom: [{ type: 'inside' }, { type: 'slider', height: 16, bottom: 8 }],
      series,
    };
  }, [chosen, i18n, t, lang, m.period.to]);

  const volumeOption = useMemo<ChartOption>(() => {
    const starts = [...new Set(chosen.flatMap((p) => p.buckets.map((b) => b.start)))].sort();
    return {
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v) => `${fmtKg(lang, typeof v === 'number' ? v : null)} ${t('unit.kgReo')}`,
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 72, right: 16, top: 60, bottom: 28 },
      xAxis: { type: 'category', data: starts },
      yAxis: { type: 'value', name: t('unit.kgReo'), nameTextStyle: { align: 'left' } },
      series: chosen.map((p) => ({
        type: 'bar' as const,
        stack: 'reo',
        name: i18n.pick(p.nameZh, p.nameEn),
        data: starts.map((s) => Math.round(p.buckets.find((b) => b.start === s)?.reoKg ?? 0)),
      })),
    };
  }, [chosen, i18n, t, lang]);

  const shares = m.groupShares;
  const shareOption = useMemo<ChartOption>(
    () => ({
      tooltip: {
        trigger: 'item',
        valueFormatter: (v) => `${fmtKg(lang, typeof v === 'number' ? v : null)} ${t('unit.kgReo')}`,
      },
      legend: { orient: 'vertical', right: 0, top: 'middle', type: 'scroll' },
      series: [
        {
          type: 'pie',
          radius: ['40%', '70%'],
          center: ['35%', '50%'],
          label: { formatter: '{d}%' },
          data: shares.groups.map((g) => ({
            name: g.group ? groupText(i18n, g.group) : t('market.ungrouped'),
            value: Math.round(g.reoKg),
          })),
        },
      ],
    }),
    [shares, i18n, t, lang],
  );
  const hhiLevel = shares.hhi >= 2500 ? 'high' : shares.hhi >= 1500 ? 'moderate' : 'low';
  const quotaRows = [...m.quotaUse].sort((a, b) => (b.use ?? -1) - (a.use ?? -1));

  return (
    <>
      {m.scoped && <p className="notice">{t('market.scoped')}</p>}
      <Card title={t('market.prices')} testId="market-prices">
        <div className="chips" role="group" aria-label={t('market.products')}>
          {m.products
            .filter((p) => p.category !== 'fee')
            .map((p) => {
              const on = products.includes(p.productId);
              return (
                <button
                  key={p.productId}
                  type="button"
                  className={on ? 'chip active' : 'chip'}
                  aria-pressed={on}
                  onClick={() =>
                    onProducts(on ? products.filter((x) => x !== p.productId) : [...products, p.productId])
                  }
                >
                  {i18n.pick(p.nameZh, p.nameEn)}
                </button>
              );
            })}
        </div>
        <p className="hint">{t('market.pricesHint')}</p>
        {chosen.length === 0 ? (
          <Empty>{t('market.noProducts')}</Empty>
        ) : (
          <Chart option={priceOption} height={320} label={t('market.prices')} testId="market-price-chart" />
        )}
      </Card>
      <div className="grid-2">
        <Card title={t('market.volumes')}>
          {chosen.length === 0 ? (
            <Empty>{t('market.noProducts')}</Empty>
          ) : (
            <Chart option={volumeOption} height={280} label={t('market.volumes')} />
          )}
        </Card>
        <Card
          title={t('market.shares')}
          actions={
            <select
              value={category}
              onChange={(e) => onCategory(e.target.value)}
              aria-label={t('market.category')}
            >
              {CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {t(`category.${c}`)}
                </option>
              ))}
            </select>
          }
        >
          <div className="stat-row">
            <div className="stat">
              <span className="stat-label">{t('market.hhi')}</span>
              <span className="stat-value" data-testid="hhi">
                {fmtNum(lang, shares.hhi, 0)}
              </span>
              <span className="hint">{t(`market.hhi.${hhiLevel}`)}</span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('market.totalSold')}</span>
              <span className="stat-value">{fmtKg(lang, shares.totalReoKg)}</span>
              <span className="hint">{t('unit.kgReo')}</span>
            </div>
            <div className="stat">
              <span className="stat-label">{t('market.firms')}</span>
              <span className="stat-value">{fmtNum(lang, shares.firms)}</span>
            </div>
          </div>
          {shares.groups.length === 0 ? (
            <Empty>{t('market.noSales')}</Empty>
          ) : (
            <Chart option={shareOption} height={240} label={t('market.shares')} />
          )}
          <p className="hint">{t('market.hhiHint')}</p>
        </Card>
      </div>
      <Card title={t('market.quotaUse')} testId="quota-use">
        <p className="hint">{t('market.quotaHint')}</p>
        {quotaRows.length === 0 ? (
          <Empty>{t('market.noQuotas')}</Empty>
        ) : (
          <div className="table-wrap table-scroll">
            <table className="table table-compact">
              <thead>
                <tr>
                  <th>{t('market.holder')}</th>
                  <th>{t('col.quotaKind')}</th>
                  <th>{t('col.year')}</th>
                  <th className="num">{t('market.periodQuota')}</th>
                  <th className="num">{t('market.used')}</th>
                  <th className="num">{t('market.use')}</th>
                </tr>
              </thead>
              <tbody>
                {quotaRows.map((q, k) => (
                  <tr
                    key={k}
                    className={q.taxId ? 'clickable' : undefined}
                    onClick={q.taxId ? () => navigate(`/enterprises/${q.taxId}`) : undefined}
                  >
                    <td>{q.taxId ? <V>{q.name}</V> : groupText(i18n, q.group)}</td>
                    <td>{i18n.tMaybe(`quotaKind.${q.kind}`) ?? <V>{q.kind}</V>}</td>
                    <td>{q.year}</td>
                    <td className="num">{fmtKg(lang, q.periodQuotaKg)}</td>
                    <td className="num">{fmtKg(lang, q.usedKg)}</td>
                    <td className={q.use !== null && q.use > 1 ? 'num bad strong' : 'num'}>
                      {fmtPct(lang, q.use, 0)}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </Card>
    </>
  );
}
