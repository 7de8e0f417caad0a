// Registration progress of a campaign by province (or city), over the regions the reader may
// see: a table with the counts and shares, and a bar per region (verified, registered, not yet).
import { useMemo, useState } from 'react';
import { api, data } from '../api/client.ts';
import type { CampaignProgress, ProgressRow } from '../api/types.ts';
import type { ChartOption } from '../components/chart.tsx';
import { Chart } from '../components/chart.tsx';
import { Async, Card, Empty, Progress } from '../components/ui.tsx';
import type { I18n } from '../i18n/i18n.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { fmtNum, fmtPct } from '../i18n/format.ts';
import { useApi } from '../lib/use-api.ts';

type Level = CampaignProgress['level'];
/** Regions drawn in the chart (the table lists them all). */
const CHART_REGIONS = 12;

function regionName(i18n: I18n, r: ProgressRow): string {
  return r.region ? i18n.pick(r.nameZh, r.nameEn) : i18n.t('common.unknownRegion');
}

export function ProgressCard({ campaignId, tick }: { campaignId: number; tick: number }) {
  const { t } = useI18n();
  const [level, setLevel] = useState<Level>('province');
  const progress = useApi(
    (signal) =>
      data(
        api.GET('/api/campaigns/{id}/progress', {
          params: { path: { id: campaignId }, query: { level } },
          signal,
        }),
      ),
    [campaignId, level, tick],
  );
  return (
    <Card
      title={t('campaign.progress')}
      testId="campaign-progress"
      actions={
        <label className="inline-label">
          <span>{t('campaign.level')}</span>
          <select value={level} onChange={(e) => setLevel(e.target.value === 'city' ? 'city' : 'province')}>
            <option value="province">{t('campaign.levelProvince')}</option>
            <option value="city">{t('campaign.levelCity')}</option>
          </select>
        </label>
      }
    >
      <Async state={progress}>
        {(p) => (p.total.inScope === 0 ? <Empty>{t('campaign.noneInScope')}</Empty> : <ProgressView p={p} />)}
      </Async>
    </Card>
  );
}

function ProgressView({ p }: { p: CampaignProgress }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const option = useMemo<ChartOption>(() => {
    const rows = [...p.regions]
      .sort((a, b) => b.inScope - a.inScope)
      .slice(0, CHART_REGIONS)
      .reverse();
    const series = (name: string, color: string, pick: (r: ProgressRow) => number) => ({
      type: 'bar' as const,
      name,
      stack: 'all',
      itemStyle: { color },
      data: rows.map(pick),
    });
    return {
      grid: { left: 8, right: 16, top: 28, bottom: 8, containLabel: true },
      legend: { top: 0 },
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      xAxis: { type: 'value' },
      yAxis: { type: 'category', data: rows.map((r) => regionName(i18n, r)) },
      series: [
        series(t('regStatus.verified'), '#15803d', (r) => r.verified),
        series(t('regStatus.registered'), '#60a5fa', (r) => r.registered),
        series(t('regStatus.not_registered'), '#d1d5db', (r) => r.notRegistered),
      ],
    };
  }, [p, i18n, t]);
  const total = p.total;
  return (
    <>
      <div className="stat-row">
        <div className="stat">
          <span className="stat-label">{t('campaign.inScope')}</span>
          <span className="stat-value" data-testid="progress-in-scope">
            {fmtNum(lang, total.inScope)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('campaign.registeredShare')}</span>
          <span className="stat-value" data-testid="progress-registered">
            {fmtPct(lang, total.registeredShare)}
          </span>
        </div>
        <div className="stat">
          <span className="stat-label">{t('campaign.verifiedShare')}</span>
          <span className="stat-value">{fmtPct(lang, total.verifiedShare)}</span>
        </div>
      </div>
      <Chart
        option={option}
        height={Math.max(160, 26 * Math.min(CHART_REGIONS, p.regions.length) + 50)}
        label={t('campaign.progressChart')}
        testId="progress-chart"
      />
      <div className="table-scroll">
        <table className="table table-compact" data-testid="progress-table">
          <thead>
            <tr>
              <th>{t('col.region')}</th>
              <th className="num">{t('campaign.inScope')}</th>
              <th className="num">{t('regStatus.not_registered')}</th>
              <th className="num">{t('regStatus.registered')}</th>
              <th className="num">{t('regStatus.verified')}</th>
              <th className="wide">{t('campaign.registeredShare')}</th>
            </tr>
          </thead>
          <tbody>
            {p.regions.map((r) => (
              <tr key={r.region ?? 'none'}>
                <td>{regionName(i18n, r)}</td>
                <td className="num">{fmtNum(lang, r.inScope)}</td>
                <td className="num">{fmtNum(lang, r.notRegistered)}</td>
                <td className="num">{fmtNum(lang, r.registered)}</td>
                <td className="num">{fmtNum(lang, r.verified)}</td>
                <td className="wide">
                  <div className="progress-cell">
                    <Progress value={r.registeredShare} label={t('campaign.registeredShare')} />
                    <span className="sub">{fmtPct(lang, r.registeredShare, 0)}</span>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
