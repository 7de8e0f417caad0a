// Campaigns (issue 7): the campaigns the reader's regions touch, newest first, and — for
// administrators and analysts — a new one. A row opens the campaign.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Campaign } from '../api/types.ts';
import { NewCampaignForm } from '../campaign/new-campaign.form.tsx';
import { CampaignScope } from '../campaign/campaign-scope.tsx';
import { PageHead } from '../components/layout.tsx';
import { ChoiceFilter } from '../components/filters.tsx';
import { PagedTable, Stamp } from '../components/paged-table.tsx';
import { Card, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useIsManager } from '../lib/auth.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { CAMPAIGN_STATUSES } from '../lib/vocabulary.ts';

const LIMIT = 20;
type StatusFilter = '' | Campaign['status'];

export function CampaignsPage() {
  const { t } = useI18n();
  const manager = useIsManager();
  const [creating, setCreating] = useState(false);
  const [status, setStatus] = useState<StatusFilter>('');
  const [offset, setOffset] = useState(0);
  const campaigns = useApi(
    (signal) =>
      data(
        api.GET('/api/campaigns', {
          params: { query: { ...(status ? { status } : {}), limit: LIMIT, offset } },
          signal,
        }),
      ),
    [status, offset],
  );
  return (
    <>
      <PageHead
        title={t('campaigns.title')}
        sub={t('campaigns.sub')}
        actions={
          manager &&
          !creating && (
            <button
              type="button"
              className="btn btn-primary"
              onClick={() => setCreating(true)}
              data-testid="new-campaign-open"
            >
              {t('campaigns.new')}
            </button>
          )
        }
      />
      {creating && (
        <NewCampaignForm
          onCreated={(c) => navigate(`/campaigns/${c.id}`)}
          onCancel={() => setCreating(false)}
        />
      )}
      <Card
        title={t('campaigns.list')}
        testId="campaigns"
        actions={
          <ChoiceFilter
            inline
            label={t('col.status')}
            value={status}
            choices={CAMPAIGN_STATUSES}
            text={(s) => t(`campaignStatus.${s}`)}
            onChange={(s) => {
              setStatus(s);
              setOffset(0);
            }}
          />
        }
      >
        <PagedTable
          state={campaigns}
          limit={LIMIT}
          offset={offset}
          onOffset={setOffset}
          empty={
            <>
              <div className="empty-title">{t('campaigns.none')}</div>
              <div className="hint">{t(manager ? 'campaigns.noneHintManager' : 'campaigns.noneHint')}</div>
            </>
          }
          testId="campaign-table"
          head={
            <>
              <th>{t('campaigns.name')}</th>
              <th>{t('col.period')}</th>
              <th>{t('campaigns.scope')}</th>
              <th>{t('col.status')}</th>
              <th>{t('campaigns.createdBy')}</th>
            </>
          }
          row={(c) => <CampaignRow key={c.id} c={c} />}
        />
      </Card>
    </>
  );
}

function CampaignRow({ c }: { c: Campaign }) {
  const { t } = useI18n();
  return (
    <tr className="clickable" onClick={() => navigate(`/campaigns/${c.id}`)} data-testid="campaign-row">
      <td>
        <Link to={`/campaigns/${c.id}`} className="strong" onClick={(e) => e.stopPropagation()}>
          <V>{c.name}</V>
        </Link>
      </td>
      <td className="nowrap">
        {c.periodFrom} – {c.periodTo}
      </td>
      <td>
        <CampaignScope campaign={c} />
      </td>
      <td>
        <span className={`tag campaign-${c.status}`}>{t(`campaignStatus.${c.status}`)}</span>
      </td>
      <td>
        <Stamp by={c.createdBy} at={c.createdAt} />
      </td>
    </tr>
  );
}
