// Appeals against published entries: file one (the publication, the enterprise, the date filed,
// the grounds) and decide it — upheld or dismissed with a note (administrators, analysts). The
// publication stays frozen: an upheld appeal is acted on by an override and a new publication.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Appeal } from '../api/types.ts';
import { ChoiceFilter } from '../components/filters.tsx';
import { EnterpriseCell, PagedTable } from '../components/paged-table.tsx';
import { Card, Empty, ErrorBox, ListBadge, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 20;
type AppealStatus = Appeal['status'];
const APPEAL_STATUSES: readonly AppealStatus[] = ['pending', 'upheld', 'dismissed'];

export function FileAppealCard({ onFiled }: { onFiled: () => void }) {
  const { t } = useI18n();
  const publications = useApi(
    (signal) => data(api.GET('/api/publications', { params: { query: { limit: 100, offset: 0 } }, signal })),
    [],
  );
  const [publicationId, setPublicationId] = useState('');
  const [taxId, setTaxId] = useState('');
  const [filedOn, setFiledOn] = useState('');
  const [grounds, setGrounds] = useState('');
  const [filed, setFiled] = useState<Appeal | null>(null);
  const file = useAction(async (id: number) => {
    setFiled(null);
    const a = await data(
      api.POST('/api/publications/{id}/appeals', {
        params: { path: { id } },
        body: { taxId: taxId.trim().toUpperCase(), grounds: grounds.trim(), ...(filedOn ? { filedOn } : {}) },
      }),
    );
    setFiled(a);
    setGrounds('');
    onFiled();
  });
  const items = publications.data?.items ?? [];
  const chosen = publicationId || (items[0] ? String(items[0].id) : '');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (chosen) void file.run(Number(chosen));
  };
  return (
    <Card title={t('appeal.file')} testId="appeal-form">
      {publications.data && items.length === 0 ? (
        <Empty>{t('appeal.noPublication')}</Empty>
      ) : (
        <form onSubmit={submit}>
          <div className="filters">
            <label>
              <span>{t('appeal.publication')}</span>
              <select value={chosen} onChange={(e) => setPublicationId(e.target.value)}>
                {items.map((p) => (
                  <option key={p.id} value={p.id} data-value="">
                    {`#${p.id} ${p.title} (${p.asOf})`}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t('col.taxId')}</span>
              <input
                value={taxId}
                onChange={(e) => setTaxId(e.target.value)}
                required
                pattern="[0-9A-Za-z]{15,20}"
              />
            </label>
            <label>
              <span>{t('appeal.filedOn')}</span>
              <input type="date" value={filedOn} onChange={(e) => setFiledOn(e.target.value)} />
            </label>
          </div>
          <label className="form-row">
            <span>{t('appeal.grounds')}</span>
            <textarea
              rows={2}
              value={grounds}
              onChange={(e) => setGrounds(e.target.value)}
              required
              maxLength={5000}
            />
          </label>
          {file.error !== undefined && <ErrorBox error={file.error} />}
          {filed && (
            <p className="outcome-status outcome-committed" role="status">
              {t('appeal.filed', { id: filed.id })}
            </p>
          )}
          <div className="row-actions">
            <button type="submit" className="btn btn-primary" disabled={!chosen || file.busy}>
              {t('appeal.submit')}
            </button>
          </div>
        </form>
      )}
    </Card>
  );
}

export function AppealsCard({ tick, canDecide }: { tick: number; canDecide: boolean }) {
  const { t } = useI18n();
  const [status, setStatus] = useState<AppealStatus | ''>('');
  const [offset, setOffset] = useState(0);
  const [changed, setChanged] = useState(0);
  const page = useApi(
    (signal) =>
      data(
        api.GET('/api/appeals', {
          params: { query: { ...(status ? { status } : {}), limit: LIMIT, offset } },
          signal,
        }),
      ),
    [status, offset, tick, changed],
  );
  return (
    <Card
      title={t('appeal.list')}
      testId="appeals"
      actions={
        <ChoiceFilter
          inline
          label={t('col.status')}
          value={status}
          choices={APPEAL_STATUSES}
          text={(s) => t(`appeal.status.${s}`)}
          onChange={(s) => {
            setStatus(s);
            setOffset(0);
          }}
        />
      }
    >
      <PagedTable
        state={page}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        empty={t('appeal.none')}
        testId="appeal-table"
        head={
          <>
            <th className="num">{t('appeal.id')}</th>
            <th>{t('col.enterprise')}</th>
            <th>{t('appeal.publication')}</th>
            <th>{t('col.list')}</th>
            <th>{t('appeal.grounds')}</th>
            <th>{t('col.status')}</th>
            <th>{t('appeal.outcome')}</th>
          </>
        }
        row={(a) => (
          <AppealRow key={a.id} a={a} canDecide={canDecide} onChanged={() => setChanged((x) => x + 1)} />
        )}
      />
    </Card>
  );
}

function AppealRow({ a, canDecide, onChanged }: { a: Appeal; canDecide: boolean; onChanged: () => void }) {
  const { t, lang } = useI18n();
  return (
    <tr data-testid="appeal-row">
      <td className="num">#{a.id}</td>
      <td>
        <EnterpriseCell taxId={a.taxId} name={a.name} />
      </td>
      <td>#{a.publicationId}</td>
      <td>
        <ListBadge list={a.list} />
      </td>
      <td>
        <V>{a.grounds}</V>
        <div className="sub">
          {t('appeal.filedOn')} {a.filedOn} · <V>{a.filedBy}</V>
        </div>
      </td>
      <td>
        <span className={`tag appeal-${a.status}`}>{t(`appeal.status.${a.status}`)}</span>
      </td>
      <td>
        {a.status === 'pending' ? (
          canDecide ? (
            <DecideForm id={a.id} onDecided={onChanged} />
          ) : (
            '—'
          )
        ) : (
          <>
            {a.outcomeNote && <V>{a.outcomeNote}</V>}
            <div className="sub">
              {a.decidedBy && <V>{a.decidedBy}</V>} {fmtTime(lang, a.decidedAt)}
            </div>
          </>
        )}
      </td>
    </tr>
  );
}

function DecideForm({ id, onDecided }: { id: number; onDecided: () => void }) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<'upheld' | 'dismissed'>('dismissed');
  const [note, setNote] = useState('');
  const decide = useAction(async () => {
    await data(
      api.POST('/api/appeals/{id}/decision', {
        params: { path: { id } },
        body: { outcome, note: note.trim() },
      }),
    );
    onDecided();
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void decide.run();
  };
  return (
    <form className="decide" onSubmit={submit}>
      <select
        value={outcome}
        onChange={(e) => setOutcome(e.target.value === 'upheld' ? 'upheld' : 'dismissed')}
        aria-label={t('appeal.outcome')}
      >
        <option value="dismissed">{t('appeal.status.dismissed')}</option>
        <option value="upheld">{t('appeal.status.upheld')}</option>
      </select>
      <input
        value={note}
        onChange={(e) => setNote(e.target.value)}
        required
        maxLength={5000}
        placeholder={t('appeal.notePlaceholder')}
        aria-label={t('appeal.note')}
      />
      <button type="submit" className="btn btn-small" disabled={decide.busy || note.trim() === ''}>
        {t('appeal.decide')}
      </button>
      {decide.error !== undefined && <ErrorBox error={decide.error} />}
    </form>
  );
}
