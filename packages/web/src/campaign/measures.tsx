// What each list means in a campaign: the task it gets, the days to its deadline and the
// measures (inspection.md §7, editable per campaign through the API).
import type { Campaign } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { ListBadge } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';

export function CampaignMeasures({ measures }: { measures: Campaign['measures'] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <details className="card measures-card" data-testid="campaign-measures">
      <summary>{t('campaign.measures')}</summary>
      <table className="table table-compact">
        <thead>
          <tr>
            <th>{t('col.list')}</th>
            <th>{t('campaign.task')}</th>
            <th className="num">{t('campaign.dueDays')}</th>
            <th>{t('lists.measures')}</th>
          </tr>
        </thead>
        <tbody>
          {LIST_NAMES.map((l) => {
            const m = measures[l];
            return (
              <tr key={l}>
                <td>
                  <ListBadge list={l} />
                </td>
                <td>{m.task ? t(`taskKind.${m.task}`) : t('campaign.noTask')}</td>
                <td className="num">{m.task ? m.dueDays : '—'}</td>
                <td>{m.measures.map((x) => i18n.pick(x.zh, x.en)).join(t('common.listSeparator'))}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </details>
  );
}
