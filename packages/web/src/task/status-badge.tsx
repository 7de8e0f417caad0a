// A task's workflow status as a tag.
import type { TaskStatus } from '../api/types.ts';
import { useI18n } from '../i18n/i18n.tsx';

export function TaskStatusBadge({ status }: { status: TaskStatus }) {
  const { t } = useI18n();
  return (
    <span className={`tag task-${status}`} data-testid="task-status" data-status={status}>
      {t(`taskStatus.${status}`)}
    </span>
  );
}
