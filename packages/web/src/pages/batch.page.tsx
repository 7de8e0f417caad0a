// One import batch: the file, its counts, and every rejected row with its reason.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, Field, Pager, V } from '../components/ui.tsx';
import { fmtBytes, fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { Link } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { IssueTable } from '../components/issue-table.tsx';

const LIMIT = 100;

export function BatchPage({ id }: { id: number }) {
  const { t, lang } = useI18n();
  const [offset, setOffset] = useState(0);
  const batch = useApi(
    (signal) => data(api.GET('/api/imports/batches/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  const rejects = useApi(
    (signal) =>
      data(
        api.GET('/api/imports/batches/{id}/rejects', {
          params: { path: { id }, query: { limit: LIMIT, offset } },
          signal,
        }),
      ),
    [id, offset],
  );
  return (
    <>
      <PageHead
        title={t('batch.title', { id })}
        actions={
          <Link className="btn" to="/imports">
            {t('batch.back')}
          </Link>
        }
      />
      <Card>
        <Async state={batch}>
          {(b) => (
            <dl className="fields">
              <Field label={t('imports.file')}>
                <V>{b.fileName}</V>
              </Field>
              <Field label={t('imports.kind')}>
                {t(
                  `importKind.${b.kind === 'enterprises' || b.kind === 'quotas' || b.kind === 'prices' ? b.kind : 'invoices'}`,
                )}
              </Field>
              <Field label={t('col.status')}>
                {t(b.status === 'committed' ? 'importStatus.committed' : 'importStatus.rejected')}
              </Field>
              <Field label={t('batch.format')}>
                <V>
                  {b.format}
                  {b.encoding ? ` · ${b.encoding}` : ''}
                </V>
              </Field>
              <Field label={t('batch.size')}>{fmtBytes(lang, b.sizeBytes)}</Field>
              <Field label={t('batch.sha256')}>
                <V className="mono small">{b.sha256}</V>
              </Field>
              <Field label={t('imports.rowsRead')}>{fmtNum(lang, b.rowsRead)}</Field>
              <Field label={t('imports.accepted')}>{fmtNum(lang, b.accepted)}</Field>
              <Field label={t('imports.rejected')}>{fmtNum(lang, b.rejected)}</Field>
              <Field label={t('imports.duplicate')}>{fmtNum(lang, b.duplicate)}</Field>
              <Field label={t('col.user')}>{b.userName ? <V>{b.userName}</V> : '—'}</Field>
              <Field label={t('col.createdAt')}>{fmtTime(lang, b.createdAt)}</Field>
            </dl>
          )}
        </Async>
      </Card>
      <Card title={t('batch.rejects')} testId="rejects">
        <Async state={rejects}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('batch.noRejects')}</Empty>
            ) : (
              <>
                <IssueTable
                  issues={page.items.map((r) => ({
                    source: r.source,
                    row: r.rowNo,
                    column: r.columnName,
                    value: r.value,
                    code: r.code,
                    zh: r.messageZh,
                    en: r.messageEn,
                  }))}
                />
                <Pager total={page.total} limit={LIMIT} offset={offset} onChange={setOffset} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}
