// One campaign: its period, scope and measures, the report (HTML/PDF), registration progress by
// region, task generation from a run, bulk registration, and every enterprise it covers with its
// registration state and record.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Campaign } from '../api/types.ts';
import { CampaignScope } from '../campaign/campaign-scope.tsx';
import { GenerateTasksCard } from '../campaign/generate-tasks.tsx';
import { CampaignMeasures } from '../campaign/measures.tsx';
import { ProgressCard } from '../campaign/progress.tsx';
import { RegistrationImportCard } from '../campaign/registration-import.tsx';
import { RegistrationsCard } from '../campaign/registrations.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, ErrorBox, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useCanWork, useIsManager } from '../lib/auth.tsx';
import { campaignReportHref } from '../lib/downloads.ts';
import { Link, hrefOf } from '../lib/router.tsx';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';

export function CampaignPage({ id }: { id: number }) {
  const campaign = useApi(
    (signal) => data(api.GET('/api/campaigns/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  return <Async state={campaign}>{(c) => <CampaignView c={c} onChanged={campaign.reload} />}</Async>;
}

function CampaignView({ c, onChanged }: { c: Campaign; onChanged: () => void }) {
  const { t, lang } = useI18n();
  const manager = useIsManager();
  const canWork = useCanWork();
  const [tick, setTick] = useState(0);
  const changed = () => setTick((x) => x + 1);
  const active = c.status === 'active';
  const setStatus = useAction(async (status: Campaign['status']) => {
    await data(api.PATCH('/api/campaigns/{id}', { params: { path: { id: c.id } }, body: { status } }));
    onChanged();
  });
  return (
    <div data-testid="campaign">
      <PageHead
        title={
          <>
            <V>{c.name}</V>{' '}
            <span className={`tag campaign-${c.status}`}>{t(`campaignStatus.${c.status}`)}</span>
          </>
        }
        sub={
          <>
            {c.periodFrom} – {c.periodTo} · <CampaignScope campaign={c} />
          </>
        }
        actions={
          <>
            <Link className="btn" to={hrefOf('/tasks', { campaignId: c.id })}>
              {t('campaign.tasks')}
            </Link>
            <a
              className="btn"
              href={campaignReportHref(c.id, 'html', lang)}
              target="_blank"
              rel="noreferrer"
              data-testid="campaign-report-html"
            >
              {t('report.html')}
            </a>
            <a className="btn" href={campaignReportHref(c.id, 'pdf', lang)} data-testid="campaign-report-pdf">
              {t('report.pdf')}
            </a>
            {manager && (
              <button
                type="button"
                className="btn"
                disabled={setStatus.busy}
                onClick={() => void setStatus.run(active ? 'closed' : 'active')}
              >
                {t(active ? 'campaign.close' : 'campaign.reopen')}
              </button>
            )}
          </>
        }
      />
      {setStatus.error !== undefined && <ErrorBox error={setStatus.error} />}
      {c.description && (
        <p className="campaign-description">
          <V>{c.description}</V>
        </p>
      )}
      <CampaignMeasures measures={c.measures} />
      <div className="grid-2">
        <ProgressCard campaignId={c.id} tick={tick} />
        <div>
          {manager && <GenerateTasksCard campaignId={c.id} disabled={!active} />}
          {canWork && active && <RegistrationImportCard campaignId={c.id} onDone={changed} />}
        </div>
      </div>
      <RegistrationsCard campaignId={c.id} editable={canWork && active} tick={tick} onChanged={changed} />
    </div>
  );
}
