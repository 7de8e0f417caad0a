// Imports: upload a file (kind + file, options), watch the upload and the server's import job,
// see the result — every bad row with its reason — and the history of batches.
import type { FormEvent } from 'react';
import { useEffect, useRef, useState } from 'react';
import { api, data } from '../api/client.ts';
import type { ImportKind } from '../api/upload.ts';
import { uploadImport } from '../api/upload.ts';
import type { Batch, ImportResult, Job } from '../api/types.ts';
import { FilePick } from '../components/file-pick.tsx';
import { IssueTable } from '../components/issue-table.tsx';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ErrorBox, Pager, Progress, V } from '../components/ui.tsx';
import { fmtBytes, fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCan } from '../lib/auth.tsx';
import { importResultOf, jobFraction, useJob } from '../lib/jobs.ts';
import { Link, navigate } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

const KINDS: readonly ImportKind[] = ['invoices', 'enterprises', 'quotas', 'prices'];
const BATCH_LIMIT = 20;

export function ImportsPage() {
  const { t } = useI18n();
  const canImport = useCan('import');
  const [offset, setOffset] = useState(0);
  const [tick, setTick] = useState(0);
  const batches = useApi(
    (signal) =>
      data(api.GET('/api/imports/batches', { params: { query: { limit: BATCH_LIMIT, offset } }, signal })),
    [offset, tick],
  );
  return (
    <>
      <PageHead title={t('imports.title')} sub={t('imports.sub')} />
      {canImport ? (
        <UploadCard onDone={() => setTick((x) => x + 1)} />
      ) : (
        <Empty>{t('imports.noPermission')}</Empty>
      )}
      <Card title={t('imports.batches')} testId="batches">
        <Async state={batches}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('imports.noBatches')}</Empty>
            ) : (
              <>
                <BatchTable items={page.items} />
                <Pager total={page.total} limit={BATCH_LIMIT} offset={offset} onChange={setOffset} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function UploadCard({ onDone }: { onDone: () => void }) {
  const { t, lang, tMaybe } = useI18n();
  const phaseText = (phase: string) => tMaybe(`phase.${phase}`) ?? phase;
  const [kind, setKind] = useState<ImportKind>('invoices');
  const [file, setFile] = useState<File | null>(null);
  const [skipInvalid, setSkipInvalid] = useState(false);
  const [dryRun, setDryRun] = useState(false);
  const [encoding, setEncoding] = useState<'auto' | 'utf8' | 'gb18030'>('auto');
  const [sent, setSent] = useState<{ sent: number; total: number } | null>(null);
  const [uploadError, setUploadError] = useState<unknown>(undefined);
  const [submitted, setSubmitted] = useState<Job | null>(null);
  const [busy, setBusy] = useState(false);
  const { job, error: pollError } = useJob(submitted);
  const finished = job && (job.status === 'succeeded' || job.status === 'failed');

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setBusy(true);
    setUploadError(undefined);
    setSubmitted(null);
    setSent({ sent: 0, total: file.size });
    try {
      const j = await uploadImport(kind, file, {
        skipInvalid,
        dryRun,
        encoding,
        onProgress: (s, total) => setSent({ sent: s, total }),
      });
      setSubmitted(j);
    } catch (err) {
      setUploadError(err);
    } finally {
      setBusy(false);
    }
  };

  // The batch history gains a row when the job ends.
  const onDoneRef = useRef(onDone);
  onDoneRef.current = onDone;
  const endedId = finished ? job.id : null;
  useEffect(() => {
    if (endedId) onDoneRef.current();
  }, [endedId]);

  return (
    <Card title={t('imports.upload')} testId="upload">
      <form className="filters filters-wrap" onSubmit={(e) => void submit(e)}>
        <label>
          <span>{t('imports.kind')}</span>
          <select
            value={kind}
            onChange={(e) => setKind(e.target.value as ImportKind)}
            data-testid="import-kind"
          >
            {KINDS.map((k) => (
              <option key={k} value={k}>
                {t(`importKind.${k}`)}
              </option>
            ))}
          </select>
        </label>
        <FilePick
          file={file}
          onChange={setFile}
          accept=".csv,.xlsx,.xml,.zip,.txt"
          label={t('imports.file')}
          testId="import-file"
        />
        <label>
          <span>{t('imports.encoding')}</span>
          <select value={encoding} onChange={(e) => setEncoding(e.target.value as typeof encoding)}>
            <option value="auto">{t('imports.encodingAuto')}</option>
            <option value="utf8">{t('imports.encodingUtf8')}</option>
            <option value="gb18030">{t('imports.encodingGbk')}</option>
          </select>
        </label>
        <label className="check">
          <input type="checkbox" checked={skipInvalid} onChange={(e) => setSkipInvalid(e.target.checked)} />
          <span>{t('imports.skipInvalid')}</span>
        </label>
        <label className="check">
          <input type="checkbox" checked={dryRun} onChange={(e) => setDryRun(e.target.checked)} />
          <span>{t('imports.dryRun')}</span>
        </label>
        <button
          type="submit"
          className="btn btn-primary"
          disabled={!file || busy}
          data-testid="import-submit"
        >
          {t('imports.submit')}
        </button>
      </form>
      <p className="hint">{t('imports.hint')}</p>
      {sent && (
        <div className="progress-row">
          <span>{t('imports.uploading')}</span>
          <Progress value={sent.total > 0 ? sent.sent / sent.total : null} label={t('imports.uploading')} />
          <span className="sub">
            {fmtBytes(lang, sent.sent)} / {fmtBytes(lang, sent.total)}
          </span>
        </div>
      )}
      {uploadError !== undefined && <ErrorBox error={uploadError} />}
      {job && (
        <div className="progress-row" data-testid="import-job">
          <span>{t('imports.processing')}</span>
          <Progress value={jobFraction(job)} label={t('imports.processing')} />
          <span className="sub">
            {t(`jobStatus.${job.status}`)}
            {job.progress.phase && ` · ${phaseText(job.progress.phase)}`}
            {job.queuePosition !== null && ` · ${t('imports.queue', { n: job.queuePosition })}`}
          </span>
        </div>
      )}
      {pollError !== undefined && <ErrorBox error={pollError} />}
      {job?.status === 'failed' && job.error && (
        <div className="state state-error" role="alert">
          <span data-server-text="">{lang === 'zh' ? job.error.zh : job.error.en}</span>
        </div>
      )}
      {job?.status === 'succeeded' && <ImportOutcome job={job} />}
    </Card>
  );
}

function ImportOutcome({ job }: { job: Job }) {
  const { t, lang } = useI18n();
  const r = importResultOf(job);
  if (!r) return <ErrorBox error={new Error('bad job result')} />;
  return (
    <div className="outcome" data-testid="import-outcome">
      <p className={`outcome-status outcome-${r.status}`} data-testid="import-status">
        {t(`importStatus.${r.status}`)}
        {r.batchId !== null && (
          <>
            {' · '}
            <Link to={`/imports/batches/${r.batchId}`}>{t('imports.batchLink', { id: r.batchId })}</Link>
          </>
        )}
      </p>
      <ResultCounts r={r} />
      {r.fatal && (
        <div className="state state-error" role="alert">
          <span data-server-text="">{lang === 'zh' ? r.fatal.zh : r.fatal.en}</span>
        </div>
      )}
      {r.issues.length > 0 && (
        <>
          <h3>{t('imports.issues', { n: fmtNum(lang, r.rejected) })}</h3>
          <IssueTable issues={r.issues} />
          {r.issues.length < r.rejected && (
            <p className="hint">{t('imports.issuesCut', { n: r.issues.length })}</p>
          )}
        </>
      )}
    </div>
  );
}

function ResultCounts({ r }: { r: ImportResult }) {
  const { t, lang } = useI18n();
  const items: [string, number][] = [
    [t('imports.rowsRead'), r.rowsRead],
    [t('imports.accepted'), r.accepted],
    [t('imports.rejected'), r.rejected],
    [t('imports.duplicate'), r.duplicate],
    [t('imports.updated'), r.updated],
  ];
  return (
    <div className="stat-row">
      {items.map(([label, n]) => (
        <div key={label} className="stat">
          <span className="stat-label">{label}</span>
          <span className="stat-value">{fmtNum(lang, n)}</span>
        </div>
      ))}
    </div>
  );
}

function BatchTable({ items }: { items: readonly Batch[] }) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="batch-table">
        <thead>
          <tr>
            <th className="num">{t('col.batch')}</th>
            <th>{t('imports.kind')}</th>
            <th>{t('imports.file')}</th>
            <th>{t('col.status')}</th>
            <th className="num">{t('imports.rowsRead')}</th>
            <th className="num">{t('imports.accepted')}</th>
            <th className="num">{t('imports.rejected')}</th>
            <th className="num">{t('imports.duplicate')}</th>
            <th>{t('col.user')}</th>
            <th>{t('col.createdAt')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((b) => (
            <tr
              key={b.id}
              className="clickable"
              onClick={() => navigate(`/imports/batches/${b.id}`)}
              data-testid="batch-row"
            >
              <td className="num">
                <Link to={`/imports/batches/${b.id}`} onClick={(e) => e.stopPropagation()}>
                  #{b.id}
                </Link>
              </td>
              <td>
                {t(
                  `importKind.${b.kind === 'enterprises' || b.kind === 'quotas' || b.kind === 'prices' ? b.kind : 'invoices'}`,
                )}
              </td>
              <td>
                <V>{b.fileName}</V>
                <div className="sub">{fmtBytes(lang, b.sizeBytes)}</div>
              </td>
              <td>{t(b.status === 'committed' ? 'importStatus.committed' : 'importStatus.rejected')}</td>
              <td className="num">{fmtNum(lang, b.rowsRead)}</td>
              <td className="num">{fmtNum(lang, b.accepted)}</td>
              <td className={b.rejected > 0 ? 'num bad' : 'num'}>{fmtNum(lang, b.rejected)}</td>
              <td className="num">{fmtNum(lang, b.duplicate)}</td>
              <td>{b.userName ? <V>{b.userName}</V> : '—'}</td>
              <td>{fmtTime(lang, b.createdAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
