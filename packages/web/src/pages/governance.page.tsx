// List governance (issue 7): overrides of a run's lists (four eyes for black-list moves),
// publications of the lists in force with their downloads, and appeals with their outcomes. The
// tab and an override's prefilled enterprise (from a dossier) live in the URL.
import { useState } from 'react';
import { PageHead } from '../components/layout.tsx';
import { AppealsCard, FileAppealCard } from '../governance/appeals.tsx';
import { OverrideForm } from '../governance/override.form.tsx';
import { OverridesCard } from '../governance/overrides.tsx';
import { PublicationsCard, PublishCard } from '../governance/publications.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useCanWork, useIsManager } from '../lib/auth.tsx';
import { Link, hrefOf, useLocation } from '../lib/router.tsx';

const TABS = ['overrides', 'publications', 'appeals'] as const;
type Tab = (typeof TABS)[number];

export function GovernancePage() {
  const { t } = useI18n();
  const { query } = useLocation();
  const tab: Tab = TABS.find((x) => x === query.get('tab')) ?? 'overrides';
  const runParam = Number(query.get('runId') ?? '');
  const runId = Number.isInteger(runParam) && runParam > 0 ? runParam : null;
  const taxId = query.get('taxId') ?? '';
  return (
    <>
      <PageHead title={t('governance.title')} sub={t('governance.sub')} />
      <div className="tabs" role="tablist">
        {TABS.map((x) => (
          <Link
            key={x}
            role="tab"
            aria-selected={x === tab}
            className={x === tab ? 'tab active' : 'tab'}
            to={hrefOf('/governance', { tab: x === 'overrides' ? undefined : x })}
            data-testid={`governance-tab-${x}`}
          >
            {t(`governance.tab.${x}`)}
          </Link>
        ))}
      </div>
      {tab === 'overrides' && <OverridesTab key={`${taxId}|${runId ?? ''}`} taxId={taxId} runId={runId} />}
      {tab === 'publications' && <PublicationsTab />}
      {tab === 'appeals' && <AppealsTab />}
    </>
  );
}

function OverridesTab({ taxId, runId }: { taxId: string; runId: number | null }) {
  const manager = useIsManager();
  const canWork = useCanWork();
  const [tick, setTick] = useState(0);
  const changed = () => setTick((x) => x + 1);
  return (
    <>
      {canWork && <OverrideForm initialTaxId={taxId} initialRunId={runId} onCreated={changed} />}
      <OverridesCard pendingOnly tick={tick} onChanged={changed} canDecide={manager} />
      <OverridesCard pendingOnly={false} tick={tick} onChanged={changed} canDecide={manager} />
    </>
  );
}

function PublicationsTab() {
  const manager = useIsManager();
  const [tick, setTick] = useState(0);
  return (
    <>
      <PublishCard canPublish={manager} onPublished={() => setTick((x) => x + 1)} />
      <PublicationsCard tick={tick} />
    </>
  );
}

function AppealsTab() {
  const manager = useIsManager();
  const canWork = useCanWork();
  const [tick, setTick] = useState(0);
  return (
    <>
      {canWork && <FileAppealCard onFiled={() => setTick((x) => x + 1)} />}
      <AppealsCard tick={tick} canDecide={manager} />
    </>
  );
}
