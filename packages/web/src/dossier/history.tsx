// List history (the enterprise's entries across runs) and overrides of its list (list governance,
// issue 7), shown beside the computed list.
import { api, data } from '../api/client.ts';
import type { Dossier } from '../api/types.ts';
import { Async, Card, Empty, ListBadge, V } from '../components/ui.tsx';
import { fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link, hrefOf } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function HistorySection({ history }: { history: Dossier['history'] }) {
  const { t, lang } = useI18n();
  return (
    <Card title={t('dossier.history')} testId="history">
      <span id="history" className="anchor-target" />
      {history.length === 0 ? (
        <Empty>{t('dossier.noHistory')}</Empty>
      ) : (
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('col.run')}</th>
              <th>{t('col.period')}</th>
              <th>{t('col.createdAt')}</th>
              <th>{t('col.list')}</th>
              <th className="num">{t('col.score')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {history.map((h, k) => {
              const older = history[k + 1];
              return (
                <tr key={h.runId}>
                  <td>#{h.runId}</td>
                  <td>
                    {h.periodFrom} – {h.periodTo}
                  </td>
                  <td>{fmtTime(lang, h.createdAt)}</td>
                  <td>
                    <ListBadge list={h.list} />
                  </td>
                  <td className="num">{fmtNum(lang, h.score, 1)}</td>
                  <td>
                    {older && (
                      <Link to={hrefOf('/runs/compare', { a: older.runId, b: h.runId })}>
                        {t('dossier.compareWith', { id: older.runId })}
                      </Link>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </Card>
  );
}

/** Overrides of this enterprise's list, newest first (read-only here). */
export function OverridesSection({ taxId }: { taxId: string }) {
  const { t, lang } = useI18n();
  const overrides = useApi(
    (signal) =>
      data(api.GET('/api/overrides', { params: { query: { taxId, limit: 50, offset: 0 } }, signal })),
    [taxId],
  );
  return (
    <Card title={t('dossier.overrides')} testId="overrides">
      <span id="overrides" className="anchor-target" />
      <Async state={overrides}>
        {(page) =>
          page.items.length === 0 ? (
            <Empty>
              <div className="empty-title">{t('dossier.noOverrides')}</div>
              <div className="hint">{t('dossier.noOverridesHint')}</div>
            </Empty>
          ) : (
            <>
              <p className="hint">{t('dossier.overridesHint')}</p>
              <table className="table table-compact">
                <thead>
                  <tr>
                    <th>{t('col.run')}</th>
                    <th>{t('override.computed')}</th>
                    <th>{t('override.list')}</th>
                    <th>{t('override.reason')}</th>
                    <th>{t('col.status')}</th>
                    <th>{t('override.requested')}</th>
                    <th>{t('override.decided')}</th>
                  </tr>
                </thead>
                <tbody>
                  {page.items.map((o) => (
                    <tr key={o.id}>
                      <td>#{o.runId}</td>
                      <td>
                        <ListBadge list={o.computedList} />
                      </td>
                      <td>
                        <ListBadge list={o.list} />
                        {o.expiresOn && (
                          <div className="sub">
                            {t('override.expires')} {o.expiresOn}
                          </div>
                        )}
                      </td>
                      <td>
                        <V>{o.reason}</V>
                      </td>
                      <td>
                        {t(`override.status.${o.status}`)}
                        {o.inForce && <span className="tag">{t('override.inForce')}</span>}
                      </td>
                      <td>
                        <V>{o.requestedBy}</V>
                        <div className="sub">{fmtTime(lang, o.requestedAt)}</div>
                      </td>
                      <td>
                        {o.decidedBy ? <V>{o.decidedBy}</V> : '—'}
                        {o.decidedAt && <div className="sub">{fmtTime(lang, o.decidedAt)}</div>}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </>
          )
        }
      </Async>
    </Card>
  );
}
