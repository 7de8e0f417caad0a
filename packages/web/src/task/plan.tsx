// Reassigning a task or moving its deadline (administrators, analysts). An inspector assignee
// must cover the enterprise's region; the server says so when not.
import type { FormEvent } from 'react';
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { TaskDetail } from '../api/types.ts';
import { ErrorBox } from '../components/ui.tsx';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';

export function PlanForm({ task, onChanged }: { task: TaskDetail; onChanged: () => void }) {
  const { t } = useI18n();
  const [assignee, setAssignee] = useState(task.assignee ?? '');
  const [dueDate, setDueDate] = useState(task.dueDate);
  const save = useAction(async () => {
    const next = assignee.trim() || null;
    await data(
      api.PATCH('/api/tasks/{id}', {
        params: { path: { id: task.id } },
        body: {
          ...(next !== task.assignee ? { assignee: next } : {}),
          ...(dueDate !== task.dueDate ? { dueDate } : {}),
        },
      }),
    );
    onChanged();
  });
  const unchanged = (assignee.trim() || null) === task.assignee && dueDate === task.dueDate;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!unchanged) void save.run();
  };
  return (
    <form onSubmit={submit} data-testid="task-plan">
      <div className="filters">
        <label>
          <span>{t('tasks.assignee')}</span>
          <input
            value={assignee}
            onChange={(e) => setAssignee(e.target.value)}
            maxLength={64}
            placeholder={t('tasks.unassigned')}
          />
        </label>
        <label>
          <span>{t('tasks.due')}</span>
          <input type="date" value={dueDate} onChange={(e) => setDueDate(e.target.value)} required />
        </label>
        <button type="submit" className="btn" disabled={unchanged || save.busy}>
          {t('task.savePlan')}
        </button>
      </div>
      {save.error !== undefined && <ErrorBox error={save.error} />}
    </form>
  );
}
