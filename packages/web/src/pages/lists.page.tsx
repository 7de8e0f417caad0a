// The lists: black, grey, white, unrated (inspection.md §6), each with what it means in practice
// (§7, the run policy's measures); filters by region, role, group and name; sorted by score or a
// key signal; paged. A row opens the enterprise's dossier. The state lives in the URL.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { EnterpriseItem, GetQuery, ListName } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import type { SortDir } from '../components/ui.tsx';
import { Async, Card, Empty, ListBadge, Pager, SortHeader, V } from '../components/ui.tsx';
import { fmtGap, fmtKg, fmtNum, fmtPct } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useMe } from '../lib/auth.tsx';
import {
  ENTERPRISE_ROLES,
  GROUP_IDS,
  PROVINCES,
  RegionName,
  RuleName,
  groupText,
  isEnterpriseRole,
  regionText,
  rolesText,
} from '../lib/labels.tsx';
import { useRunPolicy } from '../lib/policy.ts';
import { Link, hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';

type EnterpriseQuery = GetQuery<'/api/enterprises'>;
type Sort = NonNullable<EnterpriseQuery['sort']>;
const SORTS: readonly Sort[] = ['score', 'name', 'reoOutKg', 'unexplainedKg', 'purchaseValueGap', 'region'];
const LIMIT = 50;

function isListName(v: string): v is ListName {
  return (LIST_NAMES as readonly string[]).includes(v);
}

export function ListsPage({ list: listParam }: { list: string }) {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const { query, path } = useLocation();
  const list: ListName = isListName(listParam) ? listParam : 'black';
  const region = query.get('region') ?? '';
  const roleParam = query.get('role') ?? '';
  const role = isEnterpriseRole(roleParam) ? roleParam : undefined;
  const group = query.get('group') ?? '';
  const q = query.get('q') ?? '';
  const sortParam = query.get('sort') ?? 'score';
  const sort: Sort = (SORTS as readonly string[]).includes(sortParam) ? (sortParam as Sort) : 'score';
  const order: SortDir = query.get('order') === 'asc' ? 'asc' : 'desc';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const runIdParam = Number(query.get('runId') ?? '');
  const runId = Number.isInteger(runIdParam) && runIdParam > 0 ? runIdParam : undefined;

  const set = (changes: Record<string, string | number | undefined>, keepOffset = false) => {
    const next: Record<string, string | number | undefined> = {
      region,
      role,
      group,
      q,
      sort: sort === 'score' ? undefined : sort,
      order: order === 'desc' ? undefined : order,
      runId,
      ...(keepOffset ? { offset } : {}),
      ...changes,
    };
    navigate(hrefOf(path, next));
  };

  const page = useApi(
    (signal) =>
      data(
        api.GET('/api/enterprises', {
          params: {
            query: {
              list,
              ...(region ? { region } : {}),
              ...(role ? { role } : {}),
              ...(group ? { group } : {}),
              ...(q ? { q } : {}),
              ...(runId ? { runId } : {}),
              sort,
              order,
              limit: LIMIT,
              offset,
            },
          },
          signal,
        }),
      ),
    [list, region, role, group, q, sort, order, offset, runId],
  );
  const usedRun = page.data?.run?.id ?? runId;
  const policy = useRunPolicy(usedRun);
  const measures = policy.data?.policy?.measures[list] ?? [];

  return (
    <>
      <PageHead
        title={t('lists.title')}
        sub={
          page.data?.run
            ? t('lists.fromRun', {
                id: page.data.run.id,
                from: page.data.run.periodFrom,
                to: page.data.run.periodTo,
              })
            : undefined
        }
      />
      <div className="tabs" role="tablist">
        {LIST_NAMES.map((l) => (
          <Link
            key={l}
            role="tab"
            aria-selected={l === list}
            className={l === list ? `tab active tab-${l}` : `tab tab-${l}`}
            to={hrefOf(`/lists/${l}`, { region, role, group, q, runId })}
            data-testid={`tab-${l}`}
          >
            {t(`list.${l}`)}
          </Link>
        ))}
      </div>
      <Card className="list-meaning">
        <p>
          <ListBadge list={list} /> {t(`listHelp.${list}`)}
        </p>
        {measures.length > 0 && (
          <div className="measures">
            <span className="measures-label">{t('lists.measures')}</span>
            <ul>
              {measures.map((m, k) => (
                <li key={k}>{i18n.pick(m.zh, m.en)}</li>
              ))}
            </ul>
          </div>
        )}
      </Card>
      <Filters
        key={`${region}|${role ?? ''}|${group}|${q}`}
        national={me.user.regions.length === 0}
        region={region}
        role={role ?? ''}
        group={group}
        q={q}
        onApply={(f) => set(f)}
      />
      <Card>
        <Async state={page}>
          {(p) =>
            p.items.length === 0 ? (
              <Empty>{p.run ? t('lists.empty') : t('dashboard.noRun')}</Empty>
            ) : (
              <>
                <EnterpriseTable
                  items={p.items}
                  sort={sort}
                  order={order}
                  onSort={(f, o) => set({ sort: f, order: o })}
                />
                <Pager total={p.total} limit={LIMIT} offset={offset} onChange={(o) => set({ offset: o })} />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function Filters({
  national,
  region,
  role,
  group,
  q,
  onApply,
}: {
  national: boolean;
  region: string;
  role: string;
  group: string;
  q: string;
  onApply: (f: { region?: string; role?: string; group?: string; q?: string }) => void;
}) {
  const i18n = useI18n();
  const { t } = i18n;
  const me = useMe();
  const [text, setText] = useState(q);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    onApply({ q: text.trim() });
  };
  // A regional reader picks among their own regions; others among the provinces.
  const regionOptions = national
    ? PROVINCES.map((p) => ({ code: p.code, name: i18n.pick(p.nameZh, p.nameEn) }))
    : me.user.regions.map((r) => ({ code: r.code, name: i18n.pick(r.nameZh, r.nameEn) }));
  const regionKnown = region === '' || regionOptions.some((o) => o.code === region);
  return (
    <form className="filters" onSubmit={submit} data-testid="list-filters">
      <label>
        <span>{t('filter.region')}</span>
        <select
          value={region}
          onChange={(e) => onApply({ region: e.target.value })}
          data-testid="filter-region"
        >
          <option value="">{t('filter.all')}</option>
          {!regionKnown && <option value={region}>{regionText(i18n, region)}</option>}
          {regionOptions.map((o) => (
            <option key={o.code} value={o.code}>
              {o.name}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.role')}</span>
        <select value={role} onChange={(e) => onApply({ role: e.target.value })} data-testid="filter-role">
          <option value="">{t('filter.all')}</option>
          {ENTERPRISE_ROLES.map((r) => (
            <option key={r} value={r}>
              {rolesText(i18n, [r])}
            </option>
          ))}
        </select>
      </label>
      <label>
        <span>{t('filter.group')}</span>
        <select value={group} onChange={(e) => onApply({ group: e.target.value })} data-testid="filter-group">
          <option value="">{t('filter.all')}</option>
          {GROUP_IDS.map((g) => (
            <option key={g} value={g}>
              {groupText(i18n, g)}
            </option>
          ))}
        </select>
      </label>
      <label className="grow">
        <span>{t('filter.search')}</span>
        <input
          type="search"
          value={text}
          placeholder={t('filter.searchPlaceholder')}
          onChange={(e) => setText(e.target.value)}
          data-testid="filter-q"
        />
      </label>
      <button type="submit" className="btn">
        {t('action.search')}
      </button>
    </form>
  );
}

function EnterpriseTable({
  items,
  sort,
  order,
  onSort,
}: {
  items: readonly EnterpriseItem[];
  sort: string;
  order: SortDir;
  onSort: (field: string, order: SortDir) => void;
}) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const h = (field: string, label: string, className?: string) => (
    <SortHeader field={field} label={label} sort={sort} order={order} onSort={onSort} className={className} />
  );
  return (
    <div className="table-wrap">
      <table className="table" data-testid="enterprise-table">
        <thead>
          <tr>
            {h('name', t('col.enterprise'))}
            {h('region', t('col.region'))}
            <th>{t('col.roles')}</th>
            {h('score', t('col.score'), 'num')}
            {h('unexplainedKg', t('col.unexplainedKg'), 'num')}
            {h('purchaseValueGap', t('col.purchaseGap'), 'num')}
            <th className="num">{t('col.illegalShare')}</th>
            {h('reoOutKg', t('col.reoOutKg'), 'num')}
            <th>{t('col.reasons')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((e) => (
            <tr
              key={e.taxId}
              className="clickable"
              onClick={() => navigate(`/enterprises/${e.taxId}`)}
              data-testid="enterprise-row"
            >
              <td>
                <Link
                  to={`/enterprises/${e.taxId}`}
                  onClick={(ev) => ev.stopPropagation()}
                  className="strong"
                >
                  <V>{e.name}</V>
                </Link>
                <div className="sub">
                  <V>{e.taxId}</V>
                  {!e.registered && <span className="tag">{t('common.offRegister')}</span>}
                  {e.group && <span className="tag">{groupText(i18n, e.group)}</span>}
                </div>
              </td>
              <td>
                <RegionName i18n={i18n} code={e.region} />
              </td>
              <td>{rolesText(i18n, e.roles)}</td>
              <td className="num strong">{fmtNum(lang, e.score, 1)}</td>
              <td className="num">{fmtKg(lang, e.signals?.unexplainedKg)}</td>
              <td className="num">{fmtGap(lang, e.signals?.purchaseValueGap)}</td>
              <td className="num">{fmtPct(lang, e.signals?.illegalShare)}</td>
              <td className="num">{fmtKg(lang, e.signals?.reoOutKg)}</td>
              <td className="rules">
                {e.rules.slice(0, 3).map((r) => (
                  <span key={r} className="rule-chip">
                    <RuleName i18n={i18n} rule={r} />
                  </span>
                ))}
                {e.rules.length > 3 && (
                  <span className="sub">{t('common.more', { n: e.rules.length - 3 })}</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
