// Inspection runs: start one (period + stored policy) and watch it, list the runs with their list
// counts, pick two to compare. Runs are never overwritten.
import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Job, Run } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ErrorBox, Pager, Progress, V } from '../components/ui.tsx';
import { fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCan } from '../lib/auth.tsx';
import { inspectionResultOf, jobFraction, useJob } from '../lib/jobs.ts';
import { Link, hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 20;

export function RunsPage() {
  const { t } = useI18n();
  const canRun = useCan('inspect');
  const { query } = useLocation();
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(0);
  const runs = useApi(
    (signal) => data(api.GET('/api/runs', { params: { query: { limit: LIMIT, offset } }, signal })),
    [offset, tick],
  );
  return (
    <>
      <PageHead title={t('runs.title')} sub={t('runs.sub')} />
      {canRun && <NewRun initialPolicy={query.get('policy') ?? ''} onDone={() => setTick((x) => x + 1)} />}
      <Card title={t('runs.list')} testId="runs">
        <Async state={runs}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('runs.none')}</Empty>
            ) : (
              <>
                <RunTable runs={page.items} />
                <Pager total={page.total} limit={LIMIT} offset={offset} onChange={setOffset} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function NewRun({ initialPolicy, onDone }: { initialPolicy: string; onDone: () => void }) {
  const { t, lang, tMaybe } = useI18n();
  const policies = useApi(
    (signal) => data(api.GET('/api/policies', { params: { query: { limit: 500, offset: 0 } }, signal })),
    [],
  );
  const [period, setPeriod] = useState('');
  const [policyId, setPolicyId] = useState(initialPolicy);
  const [error, setError] = useState<unknown>(undefined);
  const [submitted, setSubmitted] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const { job, error: pollError } = useJob(submitted);
  const ended = job && (job.status === 'succeeded' || job.status === 'failed') ? job.id : null;
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  useEffect(() => {
    if (ended) onDoneRef.current();
  }, [ended]);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(undefined);
    setSubmitted(null);
    try {
      const id = Number(policyId);
      const j = await data(
        api.POST('/api/runs', {
          body: { period: period.trim(), ...(Number.isInteger(id) && id > 0 ? { policyId: id } : {}) },
        }),
      );
      setSubmitted(j);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  const result = job?.status === 'succeeded' ? inspectionResultOf(job) : null;
  return (
    <Card title={t('runs.new')} testId="new-run">
      <form className="filters" onSubmit={(e) => void submit(e)}>
        <label>
          <span>{t('runs.period')}</span>
          <input
            value={period}
            onChange={(e) => setPeriod(e.target.value)}
            placeholder={t('runs.periodPlaceholder')}
            required
            pattern="\d{4}(-Q[1-4]|-\d{2})?"
            data-testid="run-period"
          />
        </label>
        <label className="grow">
          <span>{t('runs.policy')}</span>
          <select value={policyId} onChange={(e) => setPolicyId(e.target.value)} data-testid="run-policy">
            <option value="">{t('policies.shippedDefault')}</option>
            {(policies.data?.items ?? []).map((p) => (
              <option key={p.id} value={String(p.id)}>
                {`${p.policyId} ${p.version} (#${p.id})`}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary" disabled={busy} data-testid="run-submit">
          {t('runs.start')}
        </button>
      </form>
      <p className="hint">{t('runs.periodHint')}</p>
      {error !== undefined && <ErrorBox error={error} />}
      {job && (
        <div className="progress-row" data-testid="run-job">
          <span>{t('runs.running')}</span>
          <Progress value={jobFraction(job)} label={t('runs.running')} />
          <span className="sub">
            {t(`jobStatus.${job.status}`)}
            {job.progress.phase && ` · ${tMaybe(`phase.${job.progress.phase}`) ?? job.progress.phase}`}
          </span>
        </div>
      )}
      {pollError !== undefined && <ErrorBox error={pollError} />}
      {job?.status === 'failed' && job.error && (
        <div className="state state-error" role="alert">
          <span data-server-text="">{lang === 'zh' ? job.error.zh : job.error.en}</span>
        </div>
      )}
      {result && (
        <p className="outcome-status outcome-committed" data-testid="run-done">
          {t('runs.done', {
            id: result.runId,
            black: fmtNum(lang, result.counts.black),
            grey: fmtNum(lang, result.counts.grey),
          })}{' '}
          <Link to={hrefOf('/lists/black', { runId: result.runId })}>{t('runs.viewLists')}</Link>
        </p>
      )}
    </Card>
  );
}

function RunTable({ runs }: { runs: readonly Run[] }) {
  const { t, lang } = useI18n();
  const done = runs.filter((r) => r.status === 'done');
  const [a, setA] = useState<number | null>(done[1]?.id ?? null);
  const [b, setB] = useState<number | null>(done[0]?.id ?? null);
  return (
    <>
      <div className="table-wrap">
        <table className="table table-compact" data-testid="run-table">
          <thead>
            <tr>
              <th className="center">{t('runs.compareA')}</th>
              <th className="center">{t('runs.compareB')}</th>
              <th className="num">{t('col.run')}</th>
              <th>{t('col.period')}</th>
              <th>{t('runs.policy')}</th>
              {LIST_NAMES.map((l) => (
                <th key={l} className="num">
                  {t(`list.${l}`)}
                </th>
              ))}
              <th className="num">{t('runs.lines')}</th>
              <th>{t('col.status')}</th>
              <th>{t('col.createdAt')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {runs.map((r) => (
              <tr key={r.id} data-testid="run-row">
                <td className="center">
                  <input
                    type="radio"
                    name="run-a"
                    disabled={r.status !== 'done'}
                    checked={a === r.id}
                    onChange={() => setA(r.id)}
                    aria-label={t('runs.pickA', { id: r.id })}
                  />
                </td>
                <td className="center">
                  <input
                    type="radio"
                    name="run-b"
                    disabled={r.status !== 'done'}
                    checked={b === r.id}
                    onChange={() => setB(r.id)}
                    aria-label={t('runs.pickB', { id: r.id })}
                  />
                </td>
                <td className="num">#{r.id}</td>
                <td>
                  {r.periodFrom} – {r.periodTo}
                </td>
                <td>
                  <V>
                    {r.policyId} {r.policyVersion}
                  </V>
                </td>
                {LIST_NAMES.map((l) => (
                  <td key={l} className="num">
                    {fmtNum(lang, r.counts[l])}
                  </td>
                ))}
                <td className="num">{fmtNum(lang, r.invoiceLines)}</td>
                <td>
                  {t(`runStatus.${r.status === 'done' || r.status === 'failed' ? r.status : 'running'}`)}
                  {r.error && (
                    <div className="sub bad" data-server-text="">
                      {r.error}
                    </div>
                  )}
                </td>
                <td>
                  {fmtTime(lang, r.createdAt)}
                  {r.userName && (
                    <div className="sub">
                      <V>{r.userName}</V>
                    </div>
                  )}
                </td>
                <td>
                  {r.status === 'done' && (
                    <Link to={hrefOf('/lists/black', { runId: r.id })}>{t('runs.viewLists')}</Link>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="row-actions">
        <button
          type="button"
          className="btn btn-primary"
          disabled={a === null || b === null || a === b}
          onClick={() => a !== null && b !== null && navigate(hrefOf('/runs/compare', { a, b }))}
          data-testid="compare-runs"
        >
          {t('runs.compare', { a: a ?? '—', b: b ?? '—' })}
        </button>
      </div>
    </>
  );
}
