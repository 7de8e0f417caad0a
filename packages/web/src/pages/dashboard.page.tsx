// The dashboard: list counts and their change since the previous run, counts by region, the
// riskiest enterprises, campaign progress (issue 7: an empty state until campaigns exist) and a
// price index of the key products' reference prices.
import { useMemo } from 'react';
import { api, data } from '../api/client.ts';
import type { EnterprisePage, ListName, RegionSummary } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart } from '../components/chart.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ListBadge, Progress, V } from '../components/ui.tsx';
import { fmtDelta, fmtNum, fmtPct, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/auth.tsx';
import { RegionName, RuleName } from '../lib/labels.tsx';
import { Link, hrefOf, navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

/** The products of the price index: the light and heavy rare earths the seed's price rise is about. */
export const INDEX_PRODUCTS = ['oxide-prnd', 'oxide-nd', 'oxide-dy', 'oxide-tb', 'oxide-eu'] as const;

export function DashboardPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const national = me.user.regions.length === 0;
  const regions = useApi(
    (signal) =>
      data(
        api.GET('/api/insight/regions', {
          params: { query: { level: national ? 'province' : 'prefecture' } },
          signal,
        }),
      ),
    [national],
  );
  const top = useApi(
    (signal) => data(api.GET('/api/enterprises', { params: { query: { limit: 10, offset: 0 } }, signal })),
    [],
  );
  const run = regions.data?.run ?? null;

  return (
    <div data-testid="dashboard">
      <PageHead
        title={t('dashboard.title')}
        sub={
          run ? (
            <span data-testid="dashboard-run">
              {t('dashboard.runLine', {
                id: run.id,
                from: run.periodFrom,
                to: run.periodTo,
                policy: `${run.policyId} ${run.policyVersion}`,
                at: fmtTime(i18n.lang, run.createdAt),
              })}
            </span>
          ) : regions.data ? (
            t('dashboard.noRun')
          ) : undefined
        }
      />
      <Async state={regions}>{(r) => <Counts summary={r} />}</Async>
      <div className="grid-2">
        <Card title={t('dashboard.regions')} testId="region-table">
          <Async state={regions}>{(r) => <RegionTable summary={r} />}</Async>
        </Card>
        <Card
          title={t('dashboard.topRisks')}
          actions={<Link to="/lists/black">{t('dashboard.allBlack')}</Link>}
          testId="top-risks"
        >
          <Async state={top}>{(page) => <TopRisks page={page} />}</Async>
        </Card>
      </div>
      <div className="grid-2">
        <Card title={t('dashboard.priceIndex')} testId="price-index">
          {regions.data ? (
            <PriceIndex from={run?.periodFrom} to={run?.periodTo} />
          ) : (
            <Async state={regions}>{() => null}</Async>
          )}
        </Card>
        <CampaignCard />
      </div>
    </div>
  );
}

function Counts({ summary }: { summary: RegionSummary }) {
  const { t, lang } = useI18n();
  const { counts, previous } = summary.totals;
  return (
    <div className="count-cards" data-testid="list-counts">
      {LIST_NAMES.map((list) => {
        const delta = previous ? counts[list] - previous[list] : null;
        return (
          <Link
            key={list}
            to={`/lists/${list}`}
            className={`count-card count-${list}`}
            data-testid={`count-${list}`}
          >
            <div className="count-label">{t(`list.${list}`)}</div>
            <div className="count-value">{fmtNum(lang, counts[list])}</div>
            <div className="count-delta">
              {delta === null ? (
                t('dashboard.noPrevious')
              ) : (
                <>
                  <span className={deltaClass(list, delta)}>{fmtDelta(lang, delta)}</span>{' '}
                  {t('dashboard.sincePrevious', { id: summary.previous?.id ?? '' })}
                </>
              )}
            </div>
          </Link>
        );
      })}
    </div>
  );
}

/** More black or grey is bad news, more white good news; unrated says nothing either way. */
function deltaClass(list: ListName, delta: number): string {
  if (delta === 0 || list === 'unrated') return 'delta';
  const worse = list === 'white' ? delta < 0 : delta > 0;
  return worse ? 'delta delta-worse' : 'delta delta-better';
}

function RegionTable({ summary }: { summary: RegionSummary }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  if (summary.regions.length === 0) return <Empty>{t('dashboard.noRegions')}</Empty>;
  const cell = (row: RegionSummary['regions'][number], list: ListName) => {
    const now = row.counts[list];
    const delta = row.previous ? now - row.previous[list] : null;
    return (
      <td className="num">
        {fmtNum(lang, now)}
        {delta !== null && delta !== 0 && (
          <span className={`${deltaClass(list, delta)} small`}> {fmtDelta(lang, delta)}</span>
        )}
      </td>
    );
  };
  return (
    <div className="table-wrap table-scroll">
      <table className="table">
        <thead>
          <tr>
            <th>{summary.level === 'province' ? t('dashboard.province') : t('dashboard.prefecture')}</th>
            <th className="num">{t('dashboard.enterprises')}</th>
            {LIST_NAMES.map((l) => (
              <th key={l} className="num">
                {t(`list.${l}`)}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {summary.regions.map((row) => (
            <tr
              key={row.code ?? 'none'}
              className="clickable"
              onClick={() => navigate(hrefOf('/lists/black', { region: row.code ?? undefined }))}
            >
              <td>
                {row.code
                  ? i18n.pick(row.nameZh, row.nameEn) || <RegionName i18n={i18n} code={row.code} />
                  : t('common.unknownRegion')}
              </td>
              <td className="num">{fmtNum(lang, row.enterprises)}</td>
              {cell(row, 'black')}
              {cell(row, 'grey')}
              {cell(row, 'white')}
              {cell(row, 'unrated')}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function TopRisks({ page }: { page: EnterprisePage }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const items = page.items.filter((e) => e.list === 'black' || e.list === 'grey');
  if (items.length === 0) return <Empty>{page.run ? t('dashboard.noRisks') : t('dashboard.noRun')}</Empty>;
  return (
    <ol className="risk-list">
      {items.map((e) => (
        <li key={e.taxId}>
          <Link to={`/enterprises/${e.taxId}`} className="risk-row" data-testid="top-risk">
            <span className="risk-score">{fmtNum(lang, e.score, 1)}</span>
            <span className="risk-main">
              <span className="risk-name">
                <V>{e.name}</V>
              </span>
              <span className="risk-meta">
                <RegionName i18n={i18n} code={e.region} /> ·{' '}
                {e.rules.slice(0, 2).map((r, k) => (
                  <span key={r}>
                    {k > 0 && ' · '}
                    <RuleName i18n={i18n} rule={r} />
                  </span>
                ))}
                {e.rules.length > 2 && ` ${t('common.more', { n: e.rules.length - 2 })}`}
              </span>
            </span>
            <ListBadge list={e.list} />
          </Link>
        </li>
      ))}
    </ol>
  );
}

interface IndexSeries {
  readonly productId: string;
  readonly nameZh: string;
  readonly nameEn: string;
  /** Daily reference (several quotes on a day averaged), CNY/kg ex-VAT. */
  readonly points: readonly (readonly [string, number])[];
}

/**
 * The reference quotes of the index products over the period. Read from the quotes themselves
 * (GET /api/prices, normalised to CNY/kg ex-VAT by the server) rather than from GET /api/market,
 * which loads every invoice line of the period to compute what the index does not show: on the
 * national demo year that is ~3 s cold against ~50 ms (docs/web.md).
 */
async function loadIndex(from: string, to: string, signal: AbortSignal): Promise<IndexSeries[]> {
  const [catalogue, ...quotes] = await Promise.all([
    data(api.GET('/api/products', { signal })),
    ...INDEX_PRODUCTS.map(async (product) => {
      const rows: { date: string; pricePerKg: number | null }[] = [];
      for (let offset = 0; offset < 20 * 500; offset += 500) {
        const page = await data(
          api.GET('/api/prices', {
            params: { query: { product, from, to, sort: 'date', order: 'asc', limit: 500, offset } },
            signal,
          }),
        );
        rows.push(...page.items);
        if (offset + page.items.length >= page.total) break;
      }
      return rows;
    }),
  ]);
  return INDEX_PRODUCTS.map((productId, k) => {
    const p = catalogue.items.find((x) => x.id === productId);
    const byDate = new Map<string, { sum: number; n: number }>();
    for (const q of quotes[k] ?? []) {
      if (q.pricePerKg === null) continue;
      const d = byDate.get(q.date) ?? { sum: 0, n: 0 };
      d.sum += q.pricePerKg;
      d.n += 1;
      byDate.set(q.date, d);
    }
    const points = [...byDate.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([date, d]) => [date, d.sum / d.n] as const);
    return { productId, nameZh: p?.nameZh ?? productId, nameEn: p?.nameEn ?? productId, points };
  });
}

function PriceIndex({ from, to }: { from: string | undefined; to: string | undefined }) {
  const i18n = useI18n();
  const index = useApi(
    (signal) => (from && to ? loadIndex(from, to, signal) : Promise.resolve(null)),
    [from, to],
  );
  if (!from || !to) return <Empty>{i18n.t('dashboard.noRun')}</Empty>;
  return <Async state={index}>{(series) => (series ? <PriceIndexChart series={series} /> : null)}</Async>;
}

function PriceIndexChart({ series }: { series: readonly IndexSeries[] }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const option = useMemo<ChartOption | null>(() => {
    const lines = series
      .filter((p) => p.points.length > 0)
      .map((p) => {
        const base = p.points[0]?.[1] ?? 1;
        return {
          type: 'line' as const,
          name: i18n.pick(p.nameZh, p.nameEn),
          showSymbol: false,
          data: p.points.map(([date, v]) => [date, Math.round((v / base) * 1000) / 10]),
        };
      });
    if (lines.length === 0) return null;
    return {
      tooltip: { trigger: 'axis', valueFormatter: (v) => fmtNum(lang, typeof v === 'number' ? v : null, 1) },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 48, right: 16, top: 56, bottom: 28 },
      xAxis: { type: 'time' },
      yAxis: { type: 'value', scale: true, name: t('dashboard.indexAxis'), nameTextStyle: { align: 'left' } },
      series: lines,
    };
  }, [series, i18n, t, lang]);
  if (!option) return <Empty>{t('dashboard.noPrices')}</Empty>;
  return (
    <>
      <Chart option={option} height={260} label={t('dashboard.priceIndex')} testId="price-index-chart" />
      <p className="hint">{t('dashboard.indexHint')}</p>
    </>
  );
}

/**
 * Campaign progress: the active campaign's registration by region (GET /api/campaigns and its
 * progress). Without a campaign the card says so and links nowhere.
 */
function CampaignCard() {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const campaigns = useApi(
    (signal) =>
      data(
        api.GET('/api/campaigns', { params: { query: { status: 'active', limit: 1, offset: 0 } }, signal }),
      ),
    [],
  );
  const active = campaigns.data?.items[0];
  const progress = useApi(
    (signal) =>
      active
        ? data(api.GET('/api/campaigns/{id}/progress', { params: { path: { id: active.id } }, signal }))
        : Promise.resolve(null),
    [active?.id],
  );
  return (
    <Card title={t('dashboard.campaign')} testId="campaign">
      <Async state={campaigns}>
        {() =>
          !active ? (
            <Empty>
              <div className="empty-title">{t('dashboard.noCampaign')}</div>
              <div className="hint">{t('dashboard.noCampaignHint')}</div>
            </Empty>
          ) : (
            <>
              <p>
                <Link to={`/campaigns/${active.id}`} className="strong" data-testid="campaign-link">
                  <V>{active.name}</V>
                </Link>{' '}
                <span className="sub">
                  {active.periodFrom} – {active.periodTo}
                </span>
              </p>
              <Async state={progress}>
                {(p) =>
                  p ? (
                    <>
                      <div className="stat-row">
                        <div className="stat">
                          <span className="stat-label">{t('dashboard.campaignInScope')}</span>
                          <span className="stat-value">{fmtNum(lang, p.total.inScope)}</span>
                        </div>
                        <div className="stat">
                          <span className="stat-label">{t('dashboard.campaignRegistered')}</span>
                          <span className="stat-value">{fmtPct(lang, p.total.registeredShare, 0)}</span>
                        </div>
                        <div className="stat">
                          <span className="stat-label">{t('dashboard.campaignVerified')}</span>
                          <span className="stat-value">{fmtPct(lang, p.total.verifiedShare, 0)}</span>
                        </div>
                      </div>
                      <table className="table table-compact">
                        <tbody>
                          {p.regions.slice(0, 8).map((r) => (
                            <tr key={r.region ?? 'none'}>
                              <td>{r.region ? i18n.pick(r.nameZh, r.nameEn) : t('common.unknownRegion')}</td>
                              <td className="wide">
                                <Progress
                                  value={r.registeredShare}
                                  label={t('dashboard.campaignRegistered')}
                                />
                              </td>
                              <td className="num">
                                {fmtNum(lang, r.registered + r.verified)} / {fmtNum(lang, r.inScope)}
                              </td>
                            </tr>
                          ))}
                        </tbody>
                      </table>
                    </>
                  ) : null
                }
              </Async>
            </>
          )
        }
      </Async>
    </Card>
  );
}
