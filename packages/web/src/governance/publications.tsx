// List publications: publish a run's lists as they stand (the overrides in force on a date; a
// frozen copy sealed by SHA-256) and download any publication as XLSX or CSV in the reader's
// language, cut to the reader's regions. The run's current lists in force can be downloaded too.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { Publication } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { RunSelect } from '../components/run-select.tsx';
import { PagedTable, Stamp } from '../components/paged-table.tsx';
import { Card, ErrorBox, V } from '../components/ui.tsx';
import { fmtNum } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { publicationExportHref, runListExportHref } from '../lib/downloads.ts';
import { useAction } from '../lib/use-action.ts';
import { useApi } from '../lib/use-api.ts';

const LIMIT = 20;

export function PublishCard({ canPublish, onPublished }: { canPublish: boolean; onPublished: () => void }) {
  const { t, lang } = useI18n();
  const [runId, setRunId] = useState<number | null>(null);
  const [title, setTitle] = useState('');
  const [asOf, setAsOf] = useState('');
  const [done, setDone] = useState<Publication | null>(null);
  const publish = useAction(async (run: number) => {
    setDone(null);
    const p = await data(
      api.POST('/api/publications', {
        body: { runId: run, ...(title.trim() ? { title: title.trim() } : {}), ...(asOf ? { asOf } : {}) },
      }),
    );
    setDone(p);
    onPublished();
  });
  return (
    <Card title={t('publication.publish')} testId="publish">
      <div className="filters">
        <RunSelect value={runId} onChange={setRunId} testId="publish-run" />
        {canPublish && (
          <>
            <label className="grow">
              <span>{t('publication.titleField')}</span>
              <input
                value={title}
                onChange={(e) => setTitle(e.target.value)}
                maxLength={200}
                placeholder={t('publication.titlePlaceholder')}
              />
            </label>
            <label>
              <span>{t('publication.asOf')}</span>
              <input type="date" value={asOf} onChange={(e) => setAsOf(e.target.value)} />
            </label>
            <button
              type="button"
              className="btn btn-primary"
              disabled={runId === null || publish.busy}
              onClick={() => runId !== null && void publish.run(runId)}
              data-testid="publish-submit"
            >
              {t('publication.submit')}
            </button>
          </>
        )}
        {runId !== null && (
          <span className="downloads">
            {t('publication.currentLists')}{' '}
            <DownloadLinks href={(format) => runListExportHref(runId, format, lang)} />
          </span>
        )}
      </div>
      <p className="hint">{t(canPublish ? 'publication.hint' : 'publication.managersOnly')}</p>
      {publish.error !== undefined && <ErrorBox error={publish.error} />}
      {done && (
        <p className="outcome-status outcome-committed" role="status" data-testid="publication-done">
          {t('publication.done', { id: done.id, n: fmtNum(lang, done.entries) })}
        </p>
      )}
    </Card>
  );
}

export function PublicationsCard({ tick }: { tick: number }) {
  const { t, lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const page = useApi(
    (signal) => data(api.GET('/api/publications', { params: { query: { limit: LIMIT, offset } }, signal })),
    [offset, tick],
  );
  return (
    <Card title={t('publication.list')} testId="publications">
      <PagedTable
        state={page}
        limit={LIMIT}
        offset={offset}
        onOffset={setOffset}
        empty={t('publication.none')}
        testId="publication-table"
        head={
          <>
            <th className="num">{t('publication.id')}</th>
            <th>{t('publication.titleField')}</th>
            <th>{t('col.run')}</th>
            <th>{t('publication.asOf')}</th>
            {LIST_NAMES.map((l) => (
              <th key={l} className="num">
                {t(`list.${l}`)}
              </th>
            ))}
            <th className="num">{t('publication.overrides')}</th>
            <th>{t('publication.sha256')}</th>
            <th>{t('publication.published')}</th>
            <th>{t('publication.download')}</th>
          </>
        }
        row={(x) => (
          <tr key={x.id} data-testid="publication-row">
            <td className="num">#{x.id}</td>
            <td>
              <V>{x.title}</V>
            </td>
            <td>#{x.runId}</td>
            <td className="nowrap">{x.asOf}</td>
            {LIST_NAMES.map((l) => (
              <td key={l} className="num">
                {fmtNum(lang, x.counts[l])}
              </td>
            ))}
            <td className="num">{fmtNum(lang, x.overrides)}</td>
            <td>
              <V className="mono small" title={x.sha256}>
                {x.sha256.slice(0, 12)}…
              </V>
            </td>
            <td>
              <Stamp by={x.publishedBy} at={x.publishedAt} />
            </td>
            <td className="nowrap">
              <DownloadLinks href={(format) => publicationExportHref(x.id, format, lang)} />
            </td>
          </tr>
        )}
      />
    </Card>
  );
}

/** XLSX and CSV download buttons. */
function DownloadLinks({ href }: { href: (format: 'xlsx' | 'csv') => string }) {
  const { t } = useI18n();
  return (
    <>
      <a className="btn btn-small" href={href('xlsx')} download>
        {t('download.xlsx')}
      </a>{' '}
      <a className="btn btn-small" href={href('csv')} download>
        {t('download.csv')}
      </a>
    </>
  );
}
