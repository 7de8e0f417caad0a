// Inspection tasks (issue 7) in the reader's regions: filtered by campaign, status, province,
// assignee, list and overdue, sorted by deadline, paged. The filters live in the URL; a row opens
// the task.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { TaskItem } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Empty, ListBadge, Pager, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { PROVINCES } from '../lib/labels.tsx';
import { Link, hrefOf, navigate, useLocation } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { TASK_STATUSES } from '../lib/vocabulary.ts';
import { TaskStatusBadge } from '../task/status-badge.tsx';

const LIMIT = 50;

function positiveInt(v: string | null): number | undefined {
  const n = Number(v ?? '');
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

export function TasksPage() {
  const i18n = useI18n();
  const { t } = i18n;
  const { query, path } = useLocation();
  const campaignId = positiveInt(query.get('campaignId'));
  const status = TASK_STATUSES.find((s) => s === query.get('status'));
  const list = LIST_NAMES.find((l) => l === query.get('list'));
  const region = query.get('region') ?? '';
  const assignee = query.get('assignee') ?? '';
  const overdue = query.get('overdue') === 'true';
  const offset = Math.max(0, Number(query.get('offset') ?? 0) || 0);
  const [assigneeInput, setAssigneeInput] = useState(assignee);

  const set = (changes: Record<string, string | number | boolean | undefined>) =>
    navigate(
      hrefOf(path, {
        campaignId,
        status,
        list,
        region,
        assignee,
        overdue: overdue || undefined,
        ...changes,
      }),
    );

  const campaigns = useApi(
    (signal) => data(api.GET('/api/campaigns', { params: { query: { limit: 100, offset: 0 } }, signal })),
    [],
  );
  const tasks = useApi(
    (signal) =>
      data(
        api.GET('/api/tasks', {
          params: {
            query: {
              ...(campaignId ? { campaignId } : {}),
              ...(status ? { status } : {}),
              ...(list ? { list } : {}),
              ...(region ? { region } : {}),
              ...(assignee ? { assignee } : {}),
              ...(overdue ? { overdue: true } : {}),
              sort: 'dueDate',
              order: 'asc',
              limit: LIMIT,
              offset,
            },
          },
          signal,
        }),
      ),
    [campaignId, status, list, region, assignee, overdue, offset],
  );
  const searchAssignee = (e: FormEvent) => {
    e.preventDefault();
    set({ assignee: assigneeInput.trim() });
  };
  return (
    <>
      <PageHead title={t('tasks.title')} sub={t('tasks.sub')} />
      <Card>
        <form className="filters" onSubmit={searchAssignee} data-testid="task-filters">
          <label>
            <span>{t('tasks.campaign')}</span>
            <select
              value={campaignId ?? ''}
              onChange={(e) => set({ campaignId: positiveInt(e.target.value) })}
              data-testid="task-campaign-filter"
            >
              <option value="">{t('common.all')}</option>
              {(campaigns.data?.items ?? []).map((c) => (
                <option key={c.id} value={c.id} data-value="">
                  {c.name}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('col.status')}</span>
            <select
              value={status ?? ''}
              onChange={(e) => set({ status: TASK_STATUSES.find((x) => x === e.target.value) })}
              data-testid="task-status-filter"
            >
              <option value="">{t('common.all')}</option>
              {TASK_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`taskStatus.${s}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('col.list')}</span>
            <select
              value={list ?? ''}
              onChange={(e) => set({ list: LIST_NAMES.find((x) => x === e.target.value) })}
            >
              <option value="">{t('common.all')}</option>
              {LIST_NAMES.map((l) => (
                <option key={l} value={l}>
                  {t(`list.${l}`)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('col.region')}</span>
            <select value={region} onChange={(e) => set({ region: e.target.value })}>
              <option value="">{t('common.all')}</option>
              {PROVINCES.map((p) => (
                <option key={p.code} value={p.code}>
                  {i18n.pick(p.nameZh, p.nameEn)}
                </option>
              ))}
            </select>
          </label>
          <label>
            <span>{t('tasks.assignee')}</span>
            <input
              value={assigneeInput}
              onChange={(e) => setAssigneeInput(e.target.value)}
              maxLength={64}
              data-testid="task-assignee-filter"
            />
          </label>
          <label className="check">
            <input
              type="checkbox"
              checked={overdue}
              onChange={(e) => set({ overdue: e.target.checked || undefined })}
            />
            <span>{t('tasks.overdueOnly')}</span>
          </label>
          <button type="submit" className="btn">
            {t('action.search')}
          </button>
        </form>
      </Card>
      <Card title={t('tasks.list')} testId="tasks">
        <Async state={tasks}>
          {(page) =>
            page.items.length === 0 ? (
              <Empty>
                <div className="empty-title">{t('tasks.none')}</div>
                <div className="hint">{t('tasks.noneHint')}</div>
              </Empty>
            ) : (
              <>
                <TaskTable items={page.items} />
                <Pager
                  total={page.total}
                  limit={LIMIT}
                  offset={offset}
                  onChange={(o) => set({ offset: o })}
                />
              </>
            )
          }
        </Async>
      </Card>
    </>
  );
}

function TaskTable({ items }: { items: readonly TaskItem[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <div className="table-wrap">
      <table className="table table-compact" data-testid="task-table">
        <thead>
          <tr>
            <th className="num">{t('tasks.id')}</th>
            <th>{t('col.enterprise')}</th>
            <th>{t('col.region')}</th>
            <th>{t('col.list')}</th>
            <th>{t('tasks.kind')}</th>
            <th>{t('tasks.due')}</th>
            <th>{t('tasks.assignee')}</th>
            <th>{t('col.status')}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((task) => (
            <tr
              key={task.id}
              className="clickable"
              onClick={() => navigate(`/tasks/${task.id}`)}
              data-testid="task-row"
            >
              <td className="num">
                <Link to={`/tasks/${task.id}`} onClick={(e) => e.stopPropagation()}>
                  #{task.id}
                </Link>
              </td>
              <td>
                <span className="strong">
                  <V>{task.name}</V>
                </span>
                <div className="sub">
                  <V>{task.taxId}</V>
                </div>
              </td>
              <td>
                {task.region ? i18n.pick(task.regionNameZh, task.regionNameEn) : t('common.unknownRegion')}
              </td>
              <td>
                <ListBadge list={task.list} />
              </td>
              <td>{t(`taskKind.${task.kind}`)}</td>
              <td className={task.overdue ? 'nowrap bad' : 'nowrap'}>
                {task.dueDate}
                {task.overdue && <span className="tag tag-red">{t('tasks.overdue')}</span>}
              </td>
              <td>
                {task.assignee ? (
                  <V>{task.assignee}</V>
                ) : (
                  <span className="sub">{t('tasks.unassigned')}</span>
                )}
              </td>
              <td>
                <TaskStatusBadge status={task.status} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
