// Inspection tasks and their findings (issue 7). Workflow rules and regional scoping live in the
// app (packages/app/src/campaigns/tasks.ts).
import type { Kysely, Selectable } from 'kysely';
import type { Database, InspectionTaskTable, TaskFindingTable } from './schema.ts';

export type TaskRow = Selectable<InspectionTaskTable>;
export type NewTask = Omit<TaskRow, 'id'>;
export type FindingRow = Selectable<TaskFindingTable>;
export type NewFinding = Omit<FindingRow, 'id'>;

function task(row: TaskRow): TaskRow {
  return { ...row, id: Number(row.id), campaignId: Number(row.campaignId), runId: Number(row.runId) };
}

/**
 * Stores tasks and returns their ids in order.
 * @example const [id] = await insertTasks(db, [{ campaignId: 1, runId: 3, taxId: '9115…', … }]);
 */
export async function insertTasks(db: Kysely<Database>, tasks: readonly NewTask[]): Promise<number[]> {
  const ids: number[] = [];
  // One statement per task: a few hundred per generation, and ids must come back in order.
  for (const t of tasks) {
    const r = await db.insertInto('inspectionTasks').values(t).returning('id').executeTakeFirstOrThrow();
    ids.push(Number(r.id));
  }
  return ids;
}

export async function updateTask(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<NewTask, 'campaignId' | 'runId' | 'taxId' | 'createdAt' | 'createdBy'>>,
): Promise<void> {
  await db.updateTable('inspectionTasks').set(changes).where('id', '=', id).execute();
}

export async function getTask(db: Kysely<Database>, id: number): Promise<TaskRow | undefined> {
  const row = await db.selectFrom('inspectionTasks').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? task(row) : undefined;
}

export interface TaskFilter {
  campaignId?: number;
  runId?: number;
  taxId?: string;
  status?: string;
  assignee?: string;
}

/** Tasks matching the filter, by id (the app cuts them to the reader's regions, then pages). */
export async function listTasks(db: Kysely<Database>, f: TaskFilter = {}): Promise<TaskRow[]> {
  let q = db.selectFrom('inspectionTasks').selectAll();
  if (f.campaignId !== undefined) q = q.where('campaignId', '=', f.campaignId);
  if (f.runId !== undefined) q = q.where('runId', '=', f.runId);
  if (f.taxId !== undefined) q = q.where('taxId', '=', f.taxId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  if (f.assignee !== undefined) q = q.where('assignee', '=', f.assignee);
  return (await q.orderBy('id').execute()).map(task);
}

export async function insertFinding(db: Kysely<Database>, finding: NewFinding): Promise<number> {
  const r = await db.insertInto('taskFindings').values(finding).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** Findings of the given tasks, in the order recorded. */
export async function listFindings(db: Kysely<Database>, taskIds: readonly number[]): Promise<FindingRow[]> {
  if (taskIds.length === 0) return [];
  const out: FindingRow[] = [];
  // Chunked: PostgreSQL and SQLite both cap bound parameters per statement.
  for (let i = 0; i < taskIds.length; i += 500) {
    const rows = await db
      .selectFrom('taskFindings')
      .selectAll()
      .where('taskId', 'in', taskIds.slice(i, i + 500))
      .orderBy('id')
      .execute();
    for (const r of rows) out.push({ ...r, id: Number(r.id), taskId: Number(r.taskId) });
  }
  return out.sort((a, b) => a.id - b.id);
}
