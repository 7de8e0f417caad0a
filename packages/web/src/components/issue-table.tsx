// Bad rows of an uploaded table (an import or a bulk registration): row as the spreadsheet shows
// it, column, value, and the reason in the reader's language.
import type { ImportIssue } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { V } from './ui.tsx';

/** Bad rows: file, row, column, value, and the reason in the reader's language. */
export function IssueTable({
  issues,
}: {
  issues: readonly Pick<ImportIssue, 'source' | 'row' | 'column' | 'value' | 'code' | 'zh' | 'en'>[];
}) {
  const { t, lang } = useI18n();
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="issue-table">
        <thead>
          <tr>
            <th className="num">{t('col.row')}</th>
            <th>{t('col.column')}</th>
            <th>{t('col.value')}</th>
            <th>{t('col.reason')}</th>
            <th>{t('col.code')}</th>
          </tr>
        </thead>
        <tbody>
          {issues.map((i, k) => (
            <tr key={k} data-testid="issue-row" data-row={i.row}>
              <td className="num">{i.row}</td>
              <td>{i.column ? <V>{i.column}</V> : '—'}</td>
              <td>{i.value === null ? '—' : <V>{i.value}</V>}</td>
              <td>
                <span data-server-text="">{lang === 'zh' ? i.zh : i.en}</span>
              </td>
              <td>
                <V className="sub">{i.code}</V>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
