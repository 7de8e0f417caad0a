// Overrides: the requests waiting for a second person's approval (approve, reject with a note,
// withdraw one's own) and all overrides with their status. Four eyes is the server's rule: an
// approval of one's own request is refused (403) and its message is shown beside the request.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Override, OverrideStatus } from '../api/types.ts';
import { Async, Card, Empty, ErrorBox, ListBadge, Pager, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/auth.tsx';
import { Link } from '../lib/router.tsx';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';
import { OVERRIDE_STATUSES } from '../lib/vocabulary.ts';
import { OverrideStatusBadge } from './override-status.tsx';

const LIMIT = 20;

export function OverridesCard({
  pendingOnly,
  tick,
  onChanged,
  canDecide,
}: {
  pendingOnly: boolean;
  tick: number;
  onChanged: () => void;
  canDecide: boolean;
}) {
  const { t } = useI18n();
  const [status, setStatus] = useState<OverrideStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const filter = pendingOnly ? 'pending' : status;
  const page = useApi(
    (signal) =>
      data(
        api.GET('/api/overrides', {
          params: { query: { ...(filter ? { status: filter } : {}), limit: LIMIT, offset } },
          signal,
        }),
      ),
    [filter, offset, tick],
  );
  return (
    <Card
      title={t(pendingOnly ? 'override.pendingTitle' : 'override.allTitle')}
      testId={pendingOnly ? 'pending-overrides' : 'all-overrides'}
      actions={
        !pendingOnly && (
          <label className="inline-label">
            <span>{t('col.status')}</span>
            <select
              value={status}
              onChange={(e) => {
                setStatus(OVERRIDE_STATUSES.find((s) => s === e.target.value) ?? '');
                setOffset(0);
              }}
            >
              <option value="">{t('common.all')}</option>
              {OVERRIDE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`override.status.${s}`)}
                </option>
              ))}
            </select>
          </label>
        )
      }
    >
      <Async state={page}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty>{t(pendingOnly ? 'override.nonePending' : 'override.none')}</Empty>
          ) : (
            <>
              <div className="table-wrap">
                <table className="table table-compact" data-testid="override-table">
                  <thead>
                    <tr>
                      <th className="num">{t('override.id')}</th>
                      <th>{t('col.enterprise')}</th>
                      <th>{t('col.run')}</th>
                      <th>{t('override.move')}</th>
                      <th>{t('override.reason')}</th>
                      <th>{t('col.status')}</th>
                      <th>{t('override.requested')}</th>
                      <th>{pendingOnly ? '' : t('override.decided')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {p.items.map((o) => (
                      <OverrideRow
                        key={o.id}
                        o={o}
                        pendingOnly={pendingOnly}
                        canDecide={canDecide}
                        onChanged={onChanged}
                      />
                    ))}
                  </tbody>
                </table>
              </div>
              <Pager total={p.total} limit={LIMIT} offset={offset} onChange={setOffset} />
            </>
          )
        }
      </Async>
    </Card>
  );
}

function OverrideRow({
  o,
  pendingOnly,
  canDecide,
  onChanged,
}: {
  o: Override;
  pendingOnly: boolean;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const { t, lang } = useI18n();
  return (
    <>
      <tr data-testid="override-row" data-override-id={o.id}>
        <td className="num">#{o.id}</td>
        <td>
          <Link to={`/enterprises/${o.taxId}`} className="strong">
            <V>{o.name}</V>
          </Link>
          <div className="sub">
            <V>{o.taxId}</V>
          </div>
        </td>
        <td>#{o.runId}</td>
        <td className="nowrap">
          <ListBadge list={o.fromList} /> → <ListBadge list={o.list} />
          {o.computedList !== o.fromList && (
            <div className="sub">
              {t('override.computed')} <ListBadge list={o.computedList} />
            </div>
          )}
        </td>
        <td>
          <V>{o.reason}</V>
          {o.expiresOn && (
            <div className="sub">
              {t('override.expires')} {o.expiresOn}
            </div>
          )}
        </td>
        <td>
          <OverrideStatusBadge status={o.status} />
          {o.inForce && <span className="tag">{t('override.inForce')}</span>}
        </td>
        <td>
          <V>{o.requestedBy}</V>
          <div className="sub">{fmtTime(lang, o.requestedAt)}</div>
        </td>
        <td>
          {pendingOnly ? null : o.decidedBy ? (
            <>
              <V>{o.decidedBy}</V>
              <div className="sub">{fmtTime(lang, o.decidedAt)}</div>
              {o.decisionNote && (
                <div className="sub">
                  <V>{o.decisionNote}</V>
                </div>
              )}
            </>
          ) : (
            '—'
          )}
        </td>
      </tr>
      {pendingOnly && o.status === 'pending' && (
        <tr className="decision-row">
          <td />
          <td colSpan={7}>
            <DecisionBar o={o} canDecide={canDecide} onChanged={onChanged} />
          </td>
        </tr>
      )}
    </>
  );
}

/** Approve, reject (with a note) or withdraw a pending request. */
function DecisionBar({
  o,
  canDecide,
  onChanged,
}: {
  o: Override;
  canDecide: boolean;
  onChanged: () => void;
}) {
  const { t } = useI18n();
  const me = useMe();
  const own = o.requestedBy === me.user.username;
  const [note, setNote] = useState('');
  const decide = useAction(async (what: 'approve' | 'reject' | 'withdraw') => {
    const params = { path: { id: o.id } };
    const text = note.trim();
    if (what === 'approve')
      await data(api.POST('/api/overrides/{id}/approve', { params, body: text ? { note: text } : {} }));
    else if (what === 'reject')
      await data(api.POST('/api/overrides/{id}/reject', { params, body: { note: text } }));
    else await data(api.POST('/api/overrides/{id}/withdraw', { params, body: text ? { note: text } : {} }));
    onChanged();
  });
  if (!canDecide && !own) return <span className="hint">{t('override.waitsForManager')}</span>;
  return (
    <div className="decision" data-testid="override-decision">
      <div className="filters">
        <label className="grow">
          <span>{t('override.note')}</span>
          <input
            value={note}
            onChange={(e) => setNote(e.target.value)}
            maxLength={2000}
            placeholder={t('override.notePlaceholder')}
            data-testid="override-note"
          />
        </label>
        {canDecide && (
          <>
            <button
              type="button"
              className="btn btn-primary"
              disabled={decide.busy}
              onClick={() => void decide.run('approve')}
              data-testid="override-approve"
            >
              {t('override.approve')}
            </button>
            <button
              type="button"
              className="btn"
              disabled={decide.busy || note.trim() === ''}
              title={note.trim() === '' ? t('override.rejectNeedsNote') : undefined}
              onClick={() => void decide.run('reject')}
              data-testid="override-reject"
            >
              {t('override.reject')}
            </button>
          </>
        )}
        {own && (
          <button
            type="button"
            className="btn"
            disabled={decide.busy}
            onClick={() => void decide.run('withdraw')}
            data-testid="override-withdraw"
          >
            {t('override.withdraw')}
          </button>
        )}
      </div>
      {own && canDecide && <p className="hint">{t('override.ownRequest')}</p>}
      {decide.error !== undefined && <ErrorBox error={decide.error} />}
    </div>
  );
}
