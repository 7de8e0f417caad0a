// Requesting an override of an enterprise's list in a run, with a written reason (5–2,000
// characters) and an optional last day in force. The enterprise's computed list and list in force
// are shown first: a move onto or off the black list waits for a second person's approval.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { ListName, Override } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { RunSelect } from '../components/run-select.tsx';
import { Card, ErrorBox, ListBadge, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';
import { OverrideStatusBadge } from './override-status.tsx';

const TAX_ID = /^[0-9A-Za-z]{15,20}$/;

export function OverrideForm({
  initialTaxId,
  initialRunId,
  onCreated,
}: {
  initialTaxId: string;
  initialRunId: number | null;
  onCreated: () => void;
}) {
  const { t } = useI18n();
  const [runId, setRunId] = useState<number | null>(initialRunId);
  const [taxId, setTaxId] = useState(initialTaxId);
  const [list, setList] = useState<ListName>('black');
  const [reason, setReason] = useState('');
  const [expiresOn, setExpiresOn] = useState('');
  const [created, setCreated] = useState<Override | null>(null);
  const id = taxId.trim().toUpperCase();
  const create = useAction(async (run: number) => {
    setCreated(null);
    const o = await data(
      api.POST('/api/overrides', {
        body: { runId: run, taxId: id, list, reason: reason.trim(), expiresOn: expiresOn || null },
      }),
    );
    setCreated(o);
    setReason('');
    onCreated();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (runId !== null) void create.run(runId);
  };
  return (
    <Card title={t('override.new')} testId="override-form">
      <form onSubmit={submit}>
        <div className="filters">
          <RunSelect value={runId} onChange={setRunId} testId="override-run" />
          <label>
            <span>{t('col.taxId')}</span>
            <input
              value={taxId}
              onChange={(e) => setTaxId(e.target.value)}
              required
              pattern="[0-9A-Za-z]{15,20}"
              data-testid="override-tax-id"
            />
          </label>
          <label>
            <span>{t('override.list')}</span>
            <select
              value={list}
              onChange={(e) => setList(LIST_NAMES.find((l) => l === e.target.value) ?? 'black')}
              data-testid="override-list"
            >
              {LIST_NAMES.map((l) => (
                <option key={l} value={l}>
                  {t(`list.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('override.expiresOptional')}</span>
            <input type="date" value={expiresOn} onChange={(e) => setExpiresOn(e.target.value)} />
          </label>
        </div>
        {runId !== null && TAX_ID.test(id) && <CurrentList runId={runId} taxId={id} target={list} />}
        <label className="form-row">
          <span>{t('override.reason')}</span>
          <textarea
            rows={2}
            value={reason}
            onChange={(e) => setReason(e.target.value)}
            required
            minLength={5}
            maxLength={2000}
            placeholder={t('override.reasonPlaceholder')}
            data-testid="override-reason"
          />
        </label>
        <p className="hint">{t('override.fourEyesHint')}</p>
        {create.error !== undefined && <ErrorBox error={create.error} />}
        {created && (
          <p className="outcome-status outcome-committed" role="status" data-testid="override-created">
            {t('override.created', { id: created.id })} <OverrideStatusBadge status={created.status} />{' '}
            {created.status === 'pending' && t('override.awaitingApproval')}
          </p>
        )}
        <div className="row-actions">
          <button
            type="submit"
            className="btn btn-primary"
            disabled={runId === null || create.busy}
            data-testid="override-submit"
          >
            {t('override.submit')}
          </button>
        </div>
      </form>
    </Card>
  );
}

/** The enterprise's computed list and list in force in the run, and whether the move needs approval. */
function CurrentList({ runId, taxId, target }: { runId: number; taxId: string; target: ListName }) {
  const { t } = useI18n();
  const entry = useApi(
    (signal) =>
      data(
        api.GET('/api/runs/{id}/lists', {
          params: { path: { id: runId }, query: { q: taxId, limit: 1, offset: 0 } },
          signal,
        }),
      ),
    [runId, taxId],
  );
  const e = entry.data?.items.find((x) => x.taxId === taxId);
  // A failed look-up says why (the server's message); the request itself can still be sent.
  if (entry.error !== undefined) return <ErrorBox error={entry.error} />;
  if (entry.loading) return null;
  if (!e) return <p className="hint bad">{t('override.notInRun', { id: runId })}</p>;
  const needsApproval = (e.list === 'black') !== (target === 'black');
  return (
    <p className="current-list" data-testid="override-current">
      <V>{e.name}</V> · {t('override.computed')} <ListBadge list={e.computedList} /> ·{' '}
      {t('override.inForceList')} <ListBadge list={e.list} />
      {e.pendingOverrideId !== null && (
        <span className="tag tag-warn">{t('override.hasPending', { id: e.pendingOverrideId })}</span>
      )}
      {e.list !== target && (
        <span className={needsApproval ? 'tag tag-warn' : 'tag'}>
          {t(needsApproval ? 'override.needsApproval' : 'override.appliesAtOnce')}
        </span>
      )}
    </p>
  );
}
