// Overrides: the requests waiting for a second person's approval (approve, reject with a note,
// withdraw one's own) and all overrides with their status. Four eyes is the server's rule: an
// approval of one's own request is refused (403) and its message is shown beside the request.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Override, OverrideStatus } from '../api/types.ts';
import { ChoiceFilter } from '../components/filters.tsx';
import { EnterpriseCell, PagedTable, Stamp } from '../components/paged-table.tsx';
import { Card, ErrorBox, ListBadge, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/auth.tsx';
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
          <ChoiceFilter
            inline
            label={t('col.status')}
            value={status}
            choices={OVERRIDE_STATUSES}
            text={(s) => t(`override.status.${s}`)}
            onChange={(s) => {
              setStatus(s);
              setOffset(0);
            }}
          />
        )
      }
    >
      <PagedTable
        state={page}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        empty={t(pendingOnly ? 'override.nonePending' : 'override.none')}
        testId="override-table"
        head={
          <>
            <th className="num">{t('override.id')}</th>
            <th>{t('col.enterprise')}</th>
            <th>{t('col.run')}</th>
            <th>{t('override.move')}</th>
            <th>{t('override.reason')}</th>
            <th>{t('col.status')}</th>
            <th>{t('override.requested')}</th>
            <th>{pendingOnly ? '' : t('override.decided')}</th>
          </>
        }
        row={(o) => (
          <OverrideRow
            key={o.id}
            o={o}
            pendingOnly={pendingOnly}
            canDecide={canDecide}
            onChanged={onChanged}
          />
        )}
      />
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
  const { t } = useI18n();
  return (
    <>
      <tr data-testid="override-row" data-override-id={o.id}>
        <td className="num">#{o.id}</td>
        <td>
          <EnterpriseCell taxId={o.taxId} name={o.name} />
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
          <Stamp by={o.requestedBy} at={o.requestedAt} />
        </td>
        <td>
          {pendingOnly ? null : o.decidedBy ? (
            <>
              <Stamp by={o.decidedBy} at={o.decidedAt} />
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
