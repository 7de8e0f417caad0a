// The enterprise dossier: who it is, what list it is on and why — every signal against its
// threshold, every reason with the invoice lines behind it — the mass balance, its prices against
// the reference, where its material comes from and goes to, its list history, and overrides.
import { api, data } from '../api/client.ts';
import type { Dossier } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ListBadge, V } from '../components/ui.tsx';
import { DossierActions } from '../dossier/actions.tsx';
import { BalanceSection } from '../dossier/balance.tsx';
import { FlowsSection } from '../dossier/flows.tsx';
import { HistorySection, OverridesSection } from '../dossier/history.tsx';
import { IdentitySection } from '../dossier/identity.tsx';
import { PriceRatioSection } from '../dossier/price-ratio.tsx';
import { ReasonsSection } from '../dossier/reasons.tsx';
import { SignalsSection } from '../dossier/signals.tsx';
import { fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useRunPolicy } from '../lib/policy.ts';
import { Link, hrefOf } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

const SECTIONS = [
  ['identity', 'dossier.identity'],
  ['signals', 'dossier.signals'],
  ['reasons', 'dossier.reasons'],
  ['balance', 'dossier.balance'],
  ['prices', 'dossier.prices'],
  ['flows', 'dossier.flows'],
  ['history', 'dossier.history'],
  ['overrides', 'dossier.overrides'],
] as const;

export function DossierPage({ taxId }: { taxId: string }) {
  const dossier = useApi(
    (signal) => data(api.GET('/api/enterprises/{taxId}', { params: { path: { taxId } }, signal })),
    [taxId],
  );
  return <Async state={dossier}>{(d) => <DossierView d={d} />}</Async>;
}

function DossierView({ d }: { d: Dossier }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const latest = d.latest;
  const runPolicy = useRunPolicy(latest?.run.id);
  const policy = runPolicy.data?.policy ?? null;
  return (
    <div data-testid="dossier">
      <PageHead
        title={
          <span className="dossier-title">
            <V>{d.name}</V> <ListBadge list={latest?.list ?? null} />
          </span>
        }
        sub={
          <>
            <V>{d.taxId}</V>
            {latest && (
              <>
                {' · '}
                {t('dossier.score', { score: fmtNum(lang, latest.score, 1) })}
                {' · '}
                {t('dossier.fromRun', {
                  id: latest.run.id,
                  from: latest.run.periodFrom,
                  to: latest.run.periodTo,
                  at: fmtTime(lang, latest.run.createdAt),
                })}
              </>
            )}
          </>
        }
        actions={
          <>
            <Link className="btn" to={hrefOf('/invoices', { party: d.taxId })}>
              {t('dossier.allLines')}
            </Link>
            <DossierActions taxId={d.taxId} runId={latest?.run.id} />
          </>
        }
      />
      <nav className="section-nav" aria-label={t('dossier.sections')}>
        {SECTIONS.map(([id, key]) => (
          <a key={id} href={`#${id}`}>
            {t(key)}
          </a>
        ))}
      </nav>
      {latest && policy && (
        <Card className="list-meaning">
          <p>
            <ListBadge list={latest.list} /> {t(`listHelp.${latest.list}`)}
          </p>
          <div className="measures">
            <span className="measures-label">{t('lists.measures')}</span>
            <ul>
              {policy.measures[latest.list].map((m, k) => (
                <li key={k}>{i18n.pick(m.zh, m.en)}</li>
              ))}
            </ul>
          </div>
        </Card>
      )}
      <IdentitySection d={d} />
      {latest ? (
        <>
          <SignalsSection latest={latest} policyState={runPolicy} />
          <ReasonsSection reasons={latest.reasons} />
          <BalanceSection signals={latest.signals} policy={policy} />
        </>
      ) : (
        <Card title={t('dossier.signals')}>
          <Empty>{t('dossier.noEntry')}</Empty>
        </Card>
      )}
      <PriceRatioSection taxId={d.taxId} runId={latest?.run.id} />
      <FlowsSection taxId={d.taxId} name={d.name} runId={latest?.run.id} />
      <HistorySection history={d.history} />
      <OverridesSection taxId={d.taxId} />
    </div>
  );
}
