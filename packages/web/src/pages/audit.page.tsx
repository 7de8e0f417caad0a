// The audit log (administrators, analysts): every sign-in, import, run, override, approval, task
// change, publication, appeal and export, newest first, filtered by area, user and subject; and
// a check of the whole SHA-256 chain.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { AuditEntry } from '../api/types.ts';
import { VerifyChainCard } from '../audit/verify.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, Pager, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useIsManager } from '../lib/auth.tsx';
import { AuditActionName } from '../lib/labels.tsx';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 50;
/** Action prefixes the log can be filtered by (docs/campaigns.md, "Audit log"). */
const AREAS = [
  'auth',
  'user',
  'token',
  'import',
  'inspection',
  'policy',
  'campaign',
  'registration',
  'task',
  'override',
  'publication',
  'appeal',
  'export',
  'report',
] as const;

export function AuditPage() {
  const { t } = useI18n();
  const manager = useIsManager();
  return (
    <>
      <PageHead title={t('audit.title')} sub={t('audit.sub')} />
      {manager ? (
        <>
          <VerifyChainCard />
          <AuditLog />
        </>
      ) : (
        <Empty>{t('audit.managersOnly')}</Empty>
      )}
    </>
  );
}

function AuditLog() {
  const { t } = useI18n();
  const [area, setArea] = useState('');
  const [actorInput, setActorInput] = useState('');
  const [subjectInput, setSubjectInput] = useState('');
  const [filters, setFilters] = useState({ actor: '', subject: '' });
  const [offset, setOffset] = useState(0);
  const page = useApi(
    (signal) =>
      data(
        api.GET('/api/audit', {
          params: {
            query: {
              ...(area ? { action: area } : {}),
              ...(filters.actor ? { actor: filters.actor } : {}),
              ...(filters.subject ? { subject: filters.subject } : {}),
              limit: LIMIT,
              offset,
            },
          },
          signal,
        }),
      ),
    [area, filters, offset],
  );
  const search = (e: FormEvent) => {
    e.preventDefault();
    setFilters({ actor: actorInput.trim(), subject: subjectInput.trim() });
    setOffset(0);
  };
  return (
    <Card title={t('audit.entries')} testId="audit-log">
      <form className="filters" onSubmit={search}>
        <label>
          <span>{t('audit.area')}</span>
          <select
            value={area}
            onChange={(e) => {
              setArea(e.target.value);
              setOffset(0);
            }}
            data-testid="audit-area"
          >
            <option value="">{t('common.all')}</option>
            {AREAS.map((a) => (
              <option key={a} value={a}>
                {t(`auditArea.${a}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('col.user')}</span>
          <input value={actorInput} onChange={(e) => setActorInput(e.target.value)} maxLength={100} />
        </label>
        <label className="grow">
          <span>{t('audit.subject')}</span>
          <input
            value={subjectInput}
            onChange={(e) => setSubjectInput(e.target.value)}
            maxLength={200}
            placeholder={t('audit.subjectPlaceholder')}
          />
        </label>
        <button type="submit" className="btn">
          {t('action.search')}
        </button>
      </form>
      <Async state={page}>
        {(p) =>
          p.items.length === 0 ? (
            <Empty>{t('audit.none')}</Empty>
          ) : (
            <>
              <AuditTable items={p.items} />
              <Pager total={p.total} limit={LIMIT} offset={offset} onChange={setOffset} />
            </>
          )
        }
      </Async>
    </Card>
  );
}

function AuditTable({ items }: { items: readonly AuditEntry[] }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="audit-table">
        <thead>
          <tr>
            <th className="num">{t('audit.id')}</th>
            <th>{t('col.createdAt')}</th>
            <th>{t('col.user')}</th>
            <th>{t('audit.action')}</th>
            <th>{t('audit.subject')}</th>
            <th>{t('audit.details')}</th>
            <th>{t('audit.hash')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr key={e.id} data-testid="audit-row">
              <td className="num">{e.id}</td>
              <td className="nowrap">{fmtTime(lang, e.at)}</td>
              <td>
                <V>{e.actor}</V>
              </td>
              <td>
                <AuditActionName i18n={i18n} action={e.action} />
              </td>
              <td>{e.subject ? <V className="mono small">{e.subject}</V> : '—'}</td>
              <td className="audit-details">
                <AuditDetails details={e.details} />
              </td>
              <td>
                <V className="mono small" title={e.hash}>
                  {e.hash.slice(0, 10)}…
                </V>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Details longer than this are cut in the table (the whole text is the cell's tooltip). */
const DETAILS_SHOWN = 160;

/** The entry's details as stored (JSON), on one line. */
function AuditDetails({ details }: { details: unknown }) {
  if (details === null || details === undefined) return <>—</>;
  const text = typeof details === 'string' ? details : JSON.stringify(details);
  const cut = text.length > DETAILS_SHOWN;
  return (
    <V className="mono small" {...(cut ? { title: text } : {})}>
      {cut ? `${text.slice(0, DETAILS_SHOWN)}…` : text}
    </V>
  );
}
