// A task's workflow, open → in progress → findings recorded → closed, one step at a time: the
// steps with the current one marked, and the one move allowed from here. Recording the first
// finding is what moves an in-progress task on; closing needs an outcome. The server refuses any
// other move (409) and says why.
import { useState } from 'react';
import { api, data } from '../api/client.ts';
import type { TaskStatus } from '../api/types.ts';
import { Card, ErrorBox, V } from '../components/ui.tsx';
import { fmtTime } from '../i18n/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { useAction } from '../lib/use-action.ts';
import type { TaskCardProps } from './task-card.ts';
import { TASK_STATUSES, nextTaskStatus } from '../lib/vocabulary.ts';

export function WorkflowCard({ task, canWork, onChanged }: TaskCardProps) {
  const { t, lang } = useI18n();
  const [outcome, setOutcome] = useState('');
  const move = useAction(async (status: TaskStatus) => {
    await data(
      api.POST('/api/tasks/{id}/status', {
        params: { path: { id: task.id } },
        body: { status, ...(status === 'closed' ? { outcome: outcome.trim() } : {}) },
      }),
    );
    onChanged();
  });
  const current = TASK_STATUSES.indexOf(task.status);
  const next = nextTaskStatus(task.status);
  return (
    <Card title={t('task.workflow')} testId="task-workflow">
      <ol className="steps">
        {TASK_STATUSES.map((s, i) => (
          <li
            key={s}
            className={i < current ? 'step done' : i === current ? 'step current' : 'step'}
            aria-current={i === current ? 'step' : undefined}
          >
            {t(`taskStatus.${s}`)}
          </li>
        ))}
      </ol>
      {task.status === 'closed' ? (
        <div className="task-outcome">
          <span className="form-label">{t('task.outcome')}</span>
          <p>
            <V>{task.outcome ?? '—'}</V>
          </p>
          <p className="sub">{fmtTime(lang, task.closedAt)}</p>
        </div>
      ) : !canWork ? (
        <p className="hint">{t('task.readOnly')}</p>
      ) : task.status === 'open' ? (
        <div className="row-actions">
          <button
            type="button"
            className="btn btn-primary"
            disabled={move.busy}
            onClick={() => void move.run('in_progress')}
            data-testid="task-start"
          >
            {t('task.start')}
          </button>
        </div>
      ) : task.status === 'in_progress' ? (
        <p className="hint">{t('task.recordToContinue')}</p>
      ) : (
        <div className="close-task">
          <label className="form-row">
            <span>{t('task.outcome')}</span>
            <textarea
              rows={2}
              value={outcome}
              onChange={(e) => setOutcome(e.target.value)}
              maxLength={5000}
              placeholder={t('task.outcomePlaceholder')}
              data-testid="task-outcome"
            />
          </label>
          <div className="row-actions">
            <button
              type="button"
              className="btn btn-primary"
              disabled={move.busy || outcome.trim() === '' || next !== 'closed'}
              onClick={() => void move.run('closed')}
              data-testid="task-close"
            >
              {t('task.close')}
            </button>
          </div>
        </div>
      )}
      {move.error !== undefined && <ErrorBox error={move.error} />}
    </Card>
  );
}
