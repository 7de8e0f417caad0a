// Files attached to inspection tasks (photos, scanned documents), kept in the database so that a
// backup of the store is a backup of the evidence. Size, type and hash are checked by the app.
import type { Kysely, Selectable } from 'kysely';
import type { Database, TaskAttachmentTable } from './schema.ts';

export type AttachmentRow = Selectable<TaskAttachmentTable>;
export type AttachmentMeta = Omit<AttachmentRow, 'data'>;
export type NewAttachment = Omit<AttachmentRow, 'id'>;

const META = [
  'id',
  'taskId',
  'fileName',
  'contentType',
  'sizeBytes',
  'sha256',
  'uploadedAt',
  'uploadedBy',
] as const;

/**
 * Stores an attachment and returns its id.
 * @example const id = await insertAttachment(db, { taskId: 4, fileName: 'scene.jpg', … });
 */
export async function insertAttachment(db: Kysely<Database>, a: NewAttachment): Promise<number> {
  const r = await db.insertInto('taskAttachments').values(a).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

/** The attachments of the given tasks, without their bytes. */
export async function listAttachmentMeta(
  db: Kysely<Database>,
  taskIds: readonly number[],
): Promise<AttachmentMeta[]> {
  if (taskIds.length === 0) return [];
  const rows = await db
    .selectFrom('taskAttachments')
    .select(META)
    .where('taskId', 'in', [...taskIds])
    .orderBy('id')
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), taskId: Number(r.taskId) }));
}

/** One attachment with its bytes. */
export async function getAttachment(db: Kysely<Database>, id: number): Promise<AttachmentRow | undefined> {
  const r = await db.selectFrom('taskAttachments').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? { ...r, id: Number(r.id), taskId: Number(r.taskId), data: new Uint8Array(r.data) } : undefined;
}
