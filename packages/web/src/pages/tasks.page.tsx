// Inspection tasks (issue 7) in the reader's regions: filtered by campaign, status, province,
// assignee, list and overdue, sorted by deadline, paged. The filters live in the URL; a row opens
// the task.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { TaskItem } from '../api/types.ts';
import { LIST_NAMES } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { ChoiceFilter, RegionFilter } from '../components/filters.tsx';
import { PagedTable } from '../components/paged-table.tsx';
import { Card, ListBadge, V } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
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
          <ChoiceFilter
            label={t('col.status')}
            value={status ?? ''}
            choices={TASK_STATUSES}
            text={(s) => t(`taskStatus.${s}`)}
            onChange={(s) => set({ status: s || undefined })}
            testId="task-status-filter"
          />
          <ChoiceFilter
            label={t('col.list')}
            value={list ?? ''}
            choices={LIST_NAMES}
            text={(l) => t(`list.${l}`)}
            onChange={(l) => set({ list: l || undefined })}
          />
          <RegionFilter value={region} onChange={(code) => set({ region: code })} />
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
        <PagedTable
          state={tasks}
          limit={LIMIT}
          offset={offset}
          onOffset={(o) => set({ offset: o })}
          empty={
            <>
              <div className="empty-title">{t('tasks.none')}</div>
              <div className="hint">{t('tasks.noneHint')}</div>
            </>
          }
          testId="task-table"
          head={
            <>
              <th className="num">{t('tasks.id')}</th>
              <th>{t('col.enterprise')}</th>
              <th>{t('col.region')}</th>
              <th>{t('col.list')}</th>
              <th>{t('tasks.kind')}</th>
              <th>{t('tasks.due')}</th>
              <th>{t('tasks.assignee')}</th>
              <th>{t('col.status')}</th>
            </>
          }
          row={(task) => <TaskRow key={task.id} task={task} />}
        />
      </Card>
    </>
  );
}

function TaskRow({ task }: { task: TaskItem }) {
  const i18n = useI18n();
  const { t } = i18n;
  return (
    <tr className="clickable" onClick={() => navigate(`/tasks/${task.id}`)} data-testid="task-row">
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
      <td>{task.region ? i18n.pick(task.regionNameZh, task.regionNameEn) : t('common.unknownRegion')}</td>
      <td>
        <ListBadge list={task.list} />
      </td>
      <td>{t(`taskKind.${task.kind}`)}</td>
      <td className={task.overdue ? 'nowrap bad' : 'nowrap'}>
        {task.dueDate}
        {task.overdue && <span className="tag tag-red">{t('tasks.overdue')}</span>}
      </td>
      <td>{task.assignee ? <V>{task.assignee}</V> : <span className="sub">{t('tasks.unassigned')}</span>}</td>
      <td>
        <TaskStatusBadge status={task.status} />
      </td>
    </tr>
  );
}
