// What each card of a task's page is given: the task, whether the reader may work on it, and what
// to call once the card has changed it (the page then reloads the task).
import type { TaskDetail } from '../api/types.ts';

export interface TaskCardProps {
  task: TaskDetail;
  canWork: boolean;
  onChanged: () => void;
}
