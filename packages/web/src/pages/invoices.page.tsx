// The invoices explorer: invoice lines by party (taxpayer ID, or a name to look up), side,
// product, dates, price ratio against the reference, warnings and status. The search lives in the
// URL; a row opens the line with the reference price used and its warnings in words.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { LineFlag } from '@oresight/core/domain';
import { api, data } from '../api/client.ts';
import type { EnterpriseItem, GetQuery } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { LineTable } from '../components/line-table.tsx';
import type { SortDir } from '../components/ui.tsx';
import { Async, Card, Empty, ErrorBox, ListBadge, Pager, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { flagText } from '../lib/labels.tsx';
import { hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

type LineQuery = GetQuery<'/api/lines'>;
type Flag = NonNullable<LineQuery['flag']>[number];
type Sort = NonNullable<LineQuery['sort']>;
type Status = NonNullable<LineQuery['status']>;
const FLAGS = Object.keys(LineFlag) as Flag[];
const SORTS: readonly Sort[] = ['issueDate', 'amount', 'reoKg', 'kg', 'id'];
const STATUSES: readonly Status[] = ['normal', 'void', 'reversed', 'partly_reversed'];
const LIMIT = 50;
const TAX_ID = /^[0-9A-Za-z]{15,20}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

const FIELDS = ['party', 'side', 'product', 'from', 'to', 'minRatio', 'maxRatio', 'flag', 'status'] as const;
type Field = (typeof FIELDS)[number];
type Form = Record<Field, string>;

function ratioOf(text: string): number | undefined {
  if (text.trim() === '') return undefined;
  const v = Number(text);
  return Number.isFinite(v) && v >= 0 ? v : undefined;
}

export function InvoicesPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query } = useLocation();
  const form: Form = Object.fromEntries(FIELDS.map((f) => [f, query.get(f) ?? ''])) as Form;
  const sortParam = query.get('sort') ?? 'issueDate';
  const sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : 'issueDate';
  const order: SortDir = query.get('order') === 'asc' ? 'asc' : 'desc';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const go = (next: Partial<Form> & { sort?: string; order?: string; offset?: number }) =>
    navigate(hrefOf('/invoices', { ...form, sort, order, ...next }));

  const party = TAX_ID.test(form.party) ? form.party : undefined;
  const side = form.side === 'seller' || form.side === 'buyer' ? form.side : 'any';
  const flag = (FLAGS as readonly string[]).includes(form.flag) ? (form.flag as Flag) : undefined;
  const status = (STATUSES as readonly string[]).includes(form.status) ? (form.status as Status) : undefined;
  const key = JSON.stringify([form, sort, order, offset]);

  const lines = useApi(
    (signal) => {
      const q: LineQuery = {
        ...(party && side === 'any' ? { party } : {}),
        ...(party && side === 'seller' ? { seller: party } : {}),
        ...(party && side === 'buyer' ? { buyer: party } : {}),
        ...(form.product ? { product: form.product } : {}),
        ...(DATE.test(form.from) ? { from: form.from } : {}),
        ...(DATE.test(form.to) ? { to: form.to } : {}),
        ...(ratioOf(form.minRatio) !== undefined ? { minRatio: ratioOf(form.minRatio) } : {}),
        ...(ratioOf(form.maxRatio) !== undefined ? { maxRatio: ratioOf(form.maxRatio) } : {}),
        ...(flag ? { flag: [flag] } : {}),
        ...(status ? { status } : {}),
        sort,
        order,
        limit: LIMIT,
        offset,
      };
      return data(api.GET('/api/lines', { params: { query: q }, signal }));
    },
    [key],
  );

  return (
    <>
      <PageHead title={t('invoices.title')} sub={t('invoices.sub')} />
      <SearchForm key={JSON.stringify(form)} initial={form} onSearch={(f) => go({ ...f, offset: 0 })} />
      <Card>
        <Async state={lines}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>{t('invoices.none')}</Empty>
            ) : (
              <>
                <LineTable
                  lines={page.items}
                  testId="line-results"
                  sort={sort}
                  order={order}
                  highlight={party}
                  onSort={(f, o) => go({ sort: f, order: o, offset: 0 })}
                />
                <Pager total={page.total} limit={LIMIT} offset={offset} onChange={(o) => go({ offset: o })} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function SearchForm({ initial, onSearch }: { initial: Form; onSearch: (f: Form) => void }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [f, setF] = useState<Form>(initial);
  const [candidates, setCandidates] = useState<readonly EnterpriseItem[] | null>(null);
  const [lookupError, setLookupError] = useState<unknown>(undefined);
  const products = useApi((signal) => data(api.GET('/api/products', { signal })), []);
  const set = (k: Field, v: string) => setF((x) => ({ ...x, [k]: v }));

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setLookupError(undefined);
    const text = f.party.trim();
    if (text === '' || TAX_ID.test(text)) {
      setCandidates(null);
      onSearch({ ...f, party: text });
      return;
    }
    // A name: find the enterprise first (a party filter takes a taxpayer ID).
    try {
      const found = await data(
        api.GET('/api/enterprises', { params: { query: { q: text, limit: 10, offset: 0, sort: 'name' } } }),
      );
      if (found.items.length === 1 && found.items[0]) {
        setCandidates(null);
        onSearch({ ...f, party: found.items[0].taxId });
      } else setCandidates(found.items);
    } catch (err) {
      setLookupError(err);
    }
  };

  return (
    <Card>
      <form className="filters filters-wrap" onSubmit={(e) => void submit(e)} data-testid="line-search">
        <label className="grow">
          <span>{t('invoices.party')}</span>
          <input
            value={f.party}
            onChange={(e) => set('party', e.target.value)}
            placeholder={t('invoices.partyPlaceholder')}
            data-testid="search-party"
          />
        </label>
        <label>
          <span>{t('invoices.side')}</span>
          <select value={f.side || 'any'} onChange={(e) => set('side', e.target.value)}>
            <option value="any">{t('invoices.sideAny')}</option>
            <option value="seller">{t('invoices.sideSeller')}</option>
            <option value="buyer">{t('invoices.sideBuyer')}</option>
          </select>
        </label>
        <label>
          <span>{t('col.product')}</span>
          <select
            value={f.product}
            onChange={(e) => set('product', e.target.value)}
            data-testid="search-product"
          >
            <option value="">{t('filter.all')}</option>
            <option value="unmatched">{t('invoices.unmatched')}</option>
            {(products.data?.items ?? []).map((p) => (
              <option key={p.id} value={p.id}>
                {i18n.pick(p.nameZh, p.nameEn)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('invoices.from')}</span>
          <input type="date" value={f.from} onChange={(e) => set('from', e.target.value)} />
        </label>
        <label>
          <span>{t('invoices.to')}</span>
          <input type="date" value={f.to} onChange={(e) => set('to', e.target.value)} />
        </label>
        <label className="narrow">
          <span>{t('invoices.minRatio')}</span>
          <input inputMode="decimal" value={f.minRatio} onChange={(e) => set('minRatio', e.target.value)} />
        </label>
        <label className="narrow">
          <span>{t('invoices.maxRatio')}</span>
          <input
            inputMode="decimal"
            value={f.maxRatio}
            onChange={(e) => set('maxRatio', e.target.value)}
            data-testid="search-max-ratio"
          />
        </label>
        <label>
          <span>{t('col.flags')}</span>
          <select value={f.flag} onChange={(e) => set('flag', e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {FLAGS.map((fl) => (
              <option key={fl} value={fl}>
                {flagText(i18n, fl)}
              </option>
            ))}
          </select>
        </label>
        <label>
          <span>{t('col.status')}</span>
          <select value={f.status} onChange={(e) => set('status', e.target.value)}>
            <option value="">{t('filter.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {t(`status.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="btn btn-primary">
          {t('action.search')}
        </button>
      </form>
      <p className="hint">{t('invoices.ratioHint')}</p>
      {lookupError !== undefined && <ErrorBox error={lookupError} />}
      {candidates && (
        <div className="candidates">
          {candidates.length === 0 ? (
            <Empty>{t('invoices.noParty')}</Empty>
          ) : (
            <>
              <div className="hint">{t('invoices.pickParty')}</div>
              <ul>
                {candidates.map((c) => (
                  <li key={c.taxId}>
                    <button
                      type="button"
                      className="link-btn"
                      onClick={() => {
                        setCandidates(null);
                        onSearch({ ...f, party: c.taxId });
                      }}
                    >
                      <V>{c.name}</V> <V className="sub">{c.taxId}</V>
                    </button>{' '}
                    <ListBadge list={c.list} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </Card>
  );
}
