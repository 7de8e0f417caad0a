// Campaigns (issue 7): the campaigns the reader's regions touch, newest first, and — for
// administrators and analysts — a new one. A row opens the campaign.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Campaign } from '../api/types.ts';
import { NewCampaignForm } from '../campaign/new-campaign.form.tsx';
import { CampaignScope } from '../campaign/campaign-scope.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, Pager, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useIsManager } from '../lib/auth.tsx';
import { Link, navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

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
          <label className="inline-label">
            <span>{t('col.status')}</span>
            <select
              value={status}
              onChange={(e) => {
                setStatus(e.target.value === 'active' || e.target.value === 'closed' ? e.target.value : '');
                setOffset(0);
              }}
            >
              <option value="">{t('common.all')}</option>
              <option value="active">{t('campaignStatus.active')}</option>
              <option value="closed">{t('campaignStatus.closed')}</option>
            </select>
          </label>
        }
      >
        <Async state={campaigns}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>
                <div className="empty-title">{t('campaigns.none')}</div>
                <div className="hint">{t(manager ? 'campaigns.noneHintManager' : 'campaigns.noneHint')}</div>
              </Empty>
            ) : (
              <>
                <CampaignTable items={page.items} />
                <Pager total={page.total} limit={LIMIT} offset={offset} onChange={setOffset} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function CampaignTable({ items }: { items: readonly Campaign[] }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="campaign-table">
        <thead>
          <tr>
            <th>{t('campaigns.name')}</th>
            <th>{t('col.period')}</th>
            <th>{t('campaigns.scope')}</th>
            <th>{t('col.status')}</th>
            <th>{t('campaigns.createdBy')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((c) => (
            <tr
              key={c.id}
              className="clickable"
              onClick={() => navigate(`/campaigns/${c.id}`)}
              data-testid="campaign-row"
            >
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
                <V>{c.createdBy}</V>
                <div className="sub">{fmtTime(lang, c.createdAt)}</div>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
