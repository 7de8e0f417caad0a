// Policies: the stored versions (runs are reproducible from them), one policy's parameters, rules
// and measures, and "edit a copy": a JSON editor whose save the server validates field by field
// (its errors are shown as it words them). A saved policy is a new version, never an overwrite.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { PolicyBody, PolicyRecord } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ErrorBox, ListBadge, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCan } from '../lib/auth.tsx';
import { RuleName } from '../lib/labels.tsx';
import { Link, hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

export function PoliciesPage() {
  const { t, lang } = useI18n();
  const { query } = useLocation();
  const selected = query.get('id') ?? 'default';
  const [tick, setTick] = useState(0);
  const records = useApi(
    (signal) => data(api.GET('/api/policies', { params: { query: { limit: 500, offset: 0 } }, signal })),
    [tick],
  );
  const fallback = useApi((signal) => data(api.GET('/api/policies/default', { signal })), []);
  const record = records.data?.items.find((r) => String(r.id) === selected) ?? null;
  const policy: PolicyBody | undefined = selected === 'default' ? fallback.data : record?.policy;

  return (
    <>
      <PageHead title={t('policies.title')} sub={t('policies.sub')} />
      <div className="split">
        <Card title={t('policies.versions')} className="split-side">
          <Async state={records}>
            {(page) => (
              <ul className="pick-list" data-testid="policy-list">
                <li>
                  <Link to="/policies" className={selected === 'default' ? 'active' : undefined}>
                    {t('policies.shippedDefault')}
                  </Link>
                </li>
                {page.items.map((p) => (
                  <li key={p.id}>
                    <Link
                      to={hrefOf('/policies', { id: p.id })}
                      className={String(p.id) === selected ? 'active' : undefined}
                    >
                      <V>
                        {p.policyId} {p.version}
                      </V>
                      <span className="sub">
                        #{p.id} · {fmtTime(lang, p.createdAt)}
                      </span>
                    </Link>
                  </li>
                ))}
              </ul>
            )}
          </Async>
        </Card>
        <div className="split-main">
          {policy ? (
            <PolicyView
              key={selected}
              policy={policy}
              record={record}
              onSaved={(r) => {
                setTick((x) => x + 1);
                navigate(hrefOf('/policies', { id: r.id }));
              }}
            />
          ) : selected === 'default' ? (
            <Async state={fallback}>{() => null}</Async>
          ) : records.data ? (
            <Empty>{t('policies.notFound')}</Empty>
          ) : (
            <Async state={records}>{() => null}</Async>
          )}
        </div>
      </div>
    </>
  );
}

function PolicyView({
  policy,
  record,
  onSaved,
}: {
  policy: PolicyBody;
  record: PolicyRecord | null;
  onSaved: (r: PolicyRecord) => void;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const canEdit = useCan('inspect');
  const [editing, setEditing] = useState(false);
  const params = Object.entries(policy.parameters as Record<string, unknown>);
  return (
    <>
      <Card
        title={
          <>
            {i18n.pick(policy.name.zh, policy.name.en)}{' '}
            <V className="sub">
              {policy.id} {policy.version}
            </V>
          </>
        }
        actions={
          <>
            {record && (
              <Link className="btn" to={hrefOf('/runs', { policy: record.id })}>
                {t('policies.runWith')}
              </Link>
            )}
            {canEdit && !editing && (
              <button
                type="button"
                className="btn btn-primary"
                onClick={() => setEditing(true)}
                data-testid="edit-copy"
              >
                {t('policies.editCopy')}
              </button>
            )}
          </>
        }
        testId="policy-view"
      >
        {record && (
          <p className="hint">
            {t('policies.stored', { id: record.id, at: fmtTime(lang, record.createdAt) })}{' '}
            <V className="mono small">{record.hash}</V>
          </p>
        )}
        {editing && <PolicyEditor policy={policy} onCancel={() => setEditing(false)} onSaved={onSaved} />}
        <h3>{t('policies.rules')}</h3>
        <table className="table table-compact">
          <thead>
            <tr>
              <th>{t('col.rule')}</th>
              <th>{t('col.list')}</th>
              <th>{t('policies.enabled')}</th>
              <th>{t('policies.params')}</th>
            </tr>
          </thead>
          <tbody>
            {policy.rules.map((r) => (
              <tr key={r.id} className={r.enabled ? undefined : 'muted'}>
                <td>
                  <div className="strong">
                    <RuleName i18n={i18n} rule={r.id} />
                  </div>
                  <div className="sub">{i18n.tMaybe(`ruleHelp.${r.id}`) ?? ''}</div>
                </td>
                <td>
                  <ListBadge list={r.list} />
                </td>
                <td>{r.enabled ? t('common.yes') : t('common.no')}</td>
                <td>
                  {Object.entries(r.params).map(([k, v]) => (
                    <div key={k} className="param">
                      <V className="mono">{k}</V> = <V className="mono">{JSON.stringify(v)}</V>
                    </div>
                  ))}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('policies.parameters')}</h3>
        <table className="table table-compact">
          <tbody>
            {params.map(([k, v]) => (
              <tr key={k}>
                <th>
                  <V className="mono">{k}</V>
                </th>
                <td>
                  <V className="mono">{JSON.stringify(v)}</V>
                </td>
                <td className="sub">{i18n.tMaybe(`param.${k}`) ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <h3>{t('policies.measures')}</h3>
        <div className="grid-2">
          {(['black', 'grey', 'white', 'unrated'] as const).map((l) => (
            <div key={l}>
              <ListBadge list={l} />
              <ul>
                {policy.measures[l].map((m, k) => (
                  <li key={k}>{i18n.pick(m.zh, m.en)}</li>
                ))}
              </ul>
            </div>
          ))}
        </div>
      </Card>
    </>
  );
}

/** A copy of the policy to edit: a new version, so that the original stays as runs used it. */
function copyOf(policy: PolicyBody): PolicyBody {
  const { $comment: _comment, ...rest } = policy;
  return { ...rest, id: policy.id === 'default' ? 'custom' : policy.id, version: `${policy.version}-edit` };
}

function PolicyEditor({
  policy,
  onCancel,
  onSaved,
}: {
  policy: PolicyBody;
  onCancel: () => void;
  onSaved: (r: PolicyRecord) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState(() => JSON.stringify(copyOf(policy), null, 2));
  const [error, setError] = useState<unknown>(undefined);
  const [syntax, setSyntax] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const save = async () => {
    setError(undefined);
    setSyntax(null);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch (e) {
      setSyntax(e instanceof Error ? e.message : String(e));
      return;
    }
    setBusy(true);
    try {
      // The server validates every field (parse at the edge): the body goes as written.
      const saved = await data(api.POST('/api/policies', { body: body as PolicyBody }));
      onSaved(saved);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div className="editor" data-testid="policy-editor">
      <p className="hint">{t('policies.editorHint')}</p>
      <textarea
        value={text}
        onChange={(e) => setText(e.target.value)}
        spellCheck={false}
        rows={22}
        aria-label={t('policies.editor')}
        data-testid="policy-json"
      />
      {syntax && (
        <div className="state state-error" role="alert">
          <strong>{t('policies.badJson')}</strong> <V>{syntax}</V>
        </div>
      )}
      {error !== undefined && <ErrorBox error={error} />}
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={busy}
          onClick={() => void save()}
          data-testid="policy-save"
        >
          {t('policies.save')}
        </button>
        <button type="button" className="btn" onClick={onCancel}>
          {t('action.cancel')}
        </button>
      </div>
    </div>
  );
}
