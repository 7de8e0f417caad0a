// One inspection task: the enterprise and its list, the campaign's measures for it, the
// deadline and assignee, the workflow with the next step, findings, attachments and history.
import { api, data } from '../api/client.ts';
import type { TaskDetail } from '../api/types.ts';
import { PageHead } from '../components/layout.tsx';
import { Async, Card, Field, ListBadge, V } from '../components/ui.tsx';
import { fmtNum, fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useCanWork, useIsManager } from '../lib/auth.tsx';
import { AuditActionName } from '../lib/labels.tsx';
import { Link } from '../lib/router.tsx';
import { useApi } from '../lib/use-api.ts';
import { AttachmentsCard } from '../task/attachments.tsx';
import { FindingsCard } from '../task/findings.tsx';
import { PlanForm } from '../task/plan.tsx';
import { TaskStatusBadge } from '../task/status-badge.tsx';
import { WorkflowCard } from '../task/workflow.tsx';

export function TaskPage({ id }: { id: number }) {
  const task = useApi(
    (signal) => data(api.GET('/api/tasks/{id}', { params: { path: { id } }, signal })),
    [id],
  );
  return <Async state={task}>{(x) => <TaskView task={x} reload={task.reload} />}</Async>;
}

function TaskView({ task, reload }: { task: TaskDetail; reload: () => void }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  const canWork = useCanWork();
  const manager = useIsManager();
  return (
    <div data-testid="task-detail">
      <PageHead
        title={
          <>
            {t('task.title', { id: task.id })} · <V>{task.name}</V> <TaskStatusBadge status={task.status} />
          </>
        }
        sub={
          <>
            <V>{task.taxId}</V> · {t(`taskKind.${task.kind}`)} · {t('tasks.due')} {task.dueDate}
            {task.overdue && <span className="tag tag-red">{t('tasks.overdue')}</span>}
          </>
        }
        actions={
          <>
            <Link className="btn" to={`/campaigns/${task.campaignId}`}>
              {t('task.campaign')}
            </Link>
            <Link className="btn" to={`/enterprises/${task.taxId}`}>
              {t('task.dossier')}
            </Link>
          </>
        }
      />
      <div className="grid-2">
        <div>
          <WorkflowCard task={task} canWork={canWork} onChanged={reload} />
          <Card title={t('task.about')}>
            <dl className="fields">
              <Field label={t('col.list')}>
                <ListBadge list={task.list} />
                {task.computedList !== task.list && (
                  <span className="sub">
                    {' '}
                    {t('task.computedList')} <ListBadge list={task.computedList} />
                  </span>
                )}
              </Field>
              <Field label={t('col.score')}>{fmtNum(lang, task.score, 1)}</Field>
              <Field label={t('col.region')}>
                {task.region ? i18n.pick(task.regionNameZh, task.regionNameEn) : t('common.unknownRegion')}
              </Field>
              <Field label={t('col.run')}>#{task.runId}</Field>
              <Field label={t('tasks.assignee')}>
                {task.assignee ? <V>{task.assignee}</V> : t('tasks.unassigned')}
              </Field>
              <Field label={t('task.created')}>
                <V>{task.createdBy}</V> {fmtTime(lang, task.createdAt)}
              </Field>
            </dl>
            {task.measures.length > 0 && (
              <div className="measures">
                <span className="measures-label">{t('lists.measures')}</span>
                <ul>
                  {task.measures.map((m, k) => (
                    <li key={k}>{i18n.pick(m.zh, m.en)}</li>
                  ))}
                </ul>
              </div>
            )}
            {manager && task.status !== 'closed' && (
              <PlanForm key={task.updatedAt} task={task} onChanged={reload} />
            )}
          </Card>
        </div>
        <div>
          <AttachmentsCard task={task} canWork={canWork} onChanged={reload} />
          <HistoryCard history={task.history} />
        </div>
      </div>
      <FindingsCard task={task} canWork={canWork} onChanged={reload} />
    </div>
  );
}

function HistoryCard({ history }: { history: TaskDetail['history'] }) {
  const i18n = useI18n();
  const { t, lang } = i18n;
  return (
    <Card title={t('task.history')} testId="task-history">
      <table className="table table-compact">
        <tbody>
          {history.map((h, k) => (
            <tr key={k}>
              <td className="nowrap">{fmtTime(lang, h.at)}</td>
              <td>
                <V>{h.actor}</V>
              </td>
              <td>
                <AuditActionName i18n={i18n} action={h.action} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}
