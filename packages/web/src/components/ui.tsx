// Small building blocks every screen uses: data values, list badges, cards, loading / empty /
// error states, paging and sortable headers.
import type { ReactNode } from 'react';
import { ApiError } from '../api/client.ts';
import type { ListName } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { fmtNum } from '../i18n/format.ts';

/**
 * A value from the data (a name, a taxpayer ID, an invoice's item text), shown as stored in
 * either language. Marked `data-value` so that checks for untranslated text can tell it apart.
 */
export function V({
  children,
  className,
  title,
}: {
  children: ReactNode;
  className?: string;
  title?: string;
}) {
  return (
    <span data-value="" className={className} title={title}>
      {children}
    </span>
  );
}

export function ListBadge({ list }: { list: ListName | null | undefined }) {
  const { t } = useI18n();
  if (!list) return <span className="badge badge-none">{t('list.none')}</span>;
  return <span className={`badge badge-${list}`}>{t(`list.${list}`)}</span>;
}

export function Card({
  title,
  actions,
  children,
  className,
  testId,
}: {
  title?: ReactNode;
  actions?: ReactNode;
  children: ReactNode;
  className?: string;
  testId?: string;
}) {
  return (
    <section className={`card ${className ?? ''}`} data-testid={testId}>
      {(title !== undefined || actions !== undefined) && (
        <header className="card-head">
          {title !== undefined && <h2>{title}</h2>}
          {actions !== undefined && <div className="card-actions">{actions}</div>}
        </header>
      )}
      {children}
    </section>
  );
}

export function Loading({ inline }: { inline?: boolean }) {
  const { t } = useI18n();
  return (
    <div className={inline ? 'state state-inline' : 'state'} role="status" aria-busy="true">
      <span className="spinner" aria-hidden="true" />
      {t('state.loading')}
    </div>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <div className="state state-empty">{children}</div>;
}

/** The message of an error in the reader's language: the problem's detail when the API sent one. */
export function useErrorText(): (error: unknown) => string {
  const { t, lang } = useI18n();
  return (error) => {
    if (error instanceof ApiError) {
      const p = error.problem;
      if (p) {
        const text = lang === 'zh' ? (p.detailZh ?? p.detail) : p.detail;
        if (text) return text;
      }
      if (error.status === 401) return t('error.unauthorized');
      if (error.status === 404) return t('error.notFound');
      if (error.status === 403) return t('error.forbidden');
      return t('error.http', { status: error.status });
    }
    if (error instanceof TypeError) return t('error.network');
    return t('error.unexpected');
  };
}

/**
 * One language of a server message written "English / 中文" (policy validation); others as sent.
 * @example bilingual('is missing / 缺失', 'zh') // '缺失'
 */
export function bilingual(message: string, lang: 'zh' | 'en'): string {
  const cut = message.lastIndexOf(' / ');
  if (cut < 0 || !/[\u3400-\u9fff]/.test(message.slice(cut + 3))) return message;
  return lang === 'zh' ? message.slice(cut + 3) : message.slice(0, cut);
}

export function ErrorBox({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t, lang } = useI18n();
  const text = useErrorText()(error);
  const problem = error instanceof ApiError ? error.problem : null;
  return (
    <div className="state state-error" role="alert">
      <strong>{t('state.error')}</strong>
      <span className="error-detail" data-testid="error-detail" data-server-text="">
        {text}
      </span>
      {problem?.errors && problem.errors.length > 0 && (
        <ul className="error-list">
          {problem.errors.map((e, i) => (
            <li key={i}>
              <code data-value="">{e.path || '/'}</code>{' '}
              <span data-server-text="">{bilingual(e.message, lang)}</span>
            </li>
          ))}
        </ul>
      )}
      {onRetry && (
        <button type="button" className="btn btn-small" onClick={onRetry}>
          {t('action.retry')}
        </button>
      )}
    </div>
  );
}

/** Loading, error or content. */
export function Async<T>({
  state,
  children,
}: {
  state: { data: T | undefined; error: unknown; loading: boolean; reload(): void };
  children: (data: T) => ReactNode;
}) {
  if (state.error !== undefined) return <ErrorBox error={state.error} onRetry={state.reload} />;
  if (state.data === undefined) return <Loading />;
  return (
    <div className={state.loading ? 'refreshing' : undefined} aria-busy={state.loading}>
      {children(state.data)}
    </div>
  );
}

export function Pager({
  total,
  limit,
  offset,
  onChange,
}: {
  total: number;
  limit: number;
  offset: number;
  onChange: (offset: number) => void;
}) {
  const { t, lang } = useI18n();
  if (total <= limit && offset === 0)
    return <div className="pager">{t('pager.total', { total: fmtNum(lang, total) })}</div>;
  const page = Math.floor(offset / limit) + 1;
  const pages = Math.max(1, Math.ceil(total / limit));
  return (
    <nav className="pager" aria-label={t('pager.label')}>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset === 0}
        onClick={() => onChange(Math.max(0, offset - limit))}
      >
        {t('pager.prev')}
      </button>
      <span>
        {t('pager.page', {
          page: fmtNum(lang, page),
          pages: fmtNum(lang, pages),
          total: fmtNum(lang, total),
        })}
      </span>
      <button
        type="button"
        className="btn btn-small"
        disabled={offset + limit >= total}
        onClick={() => onChange(offset + limit)}
      >
        {t('pager.next')}
      </button>
    </nav>
  );
}

export type SortDir = 'asc' | 'desc';

/** A column header that sorts by `field` (click again to reverse). */
export function SortHeader({
  field,
  label,
  sort,
  order,
  onSort,
  className,
}: {
  field: string;
  label: string;
  sort: string | undefined;
  order: SortDir;
  onSort: (field: string, order: SortDir) => void;
  className?: string;
}) {
  const { t } = useI18n();
  const active = sort === field;
  const next: SortDir = active && order === 'desc' ? 'asc' : 'desc';
  return (
    <th className={className} aria-sort={active ? (order === 'asc' ? 'ascending' : 'descending') : 'none'}>
      <button
        type="button"
        className="sort"
        onClick={() => onSort(field, next)}
        title={t('table.sortBy', { column: label })}
      >
        {label}
        <span className="sort-mark" aria-hidden="true">
          {active ? (order === 'asc' ? '▲' : '▼') : '↕'}
        </span>
      </button>
    </th>
  );
}

/** A labelled value in a definition grid. */
export function Field({ label, children, hint }: { label: string; children: ReactNode; hint?: string }) {
  return (
    <div className="field">
      <dt>{label}</dt>
      <dd>
        {children}
        {hint && <div className="hint">{hint}</div>}
      </dd>
    </div>
  );
}

/** A progress bar (0–1, or indeterminate when null). */
export function Progress({ value, label }: { value: number | null; label: string }) {
  return (
    <div
      className="progress"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={value === null ? undefined : Math.round(value * 100)}
    >
      <div
        className={value === null ? 'progress-bar indeterminate' : 'progress-bar'}
        style={value === null ? undefined : { width: `${Math.min(100, Math.max(0, value * 100))}%` }}
      />
    </div>
  );
}
