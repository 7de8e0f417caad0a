import type { Kysely, Selectable } from 'kysely';
import type { Database, RejectTable } from './schema.ts';

export type Reject = Selectable<RejectTable>;
export type NewReject = Omit<Reject, 'id'>;

const CHUNK = 500;

/** Stores rejected rows with their reasons (visible and exportable: nothing is dropped silently). */
export async function insertRejects(db: Kysely<Database>, rejects: readonly NewReject[]): Promise<void> {
  for (let i = 0; i < rejects.length; i += CHUNK) {
    await db
      .insertInto('rejects')
      .values(rejects.slice(i, i + CHUNK))
      .execute();
  }
}

export interface RejectQuery {
  batchId?: number;
  code?: string;
  limit?: number;
  offset?: number;
}

/** Rejects in batch and row order. */
export async function listRejects(
  db: Kysely<Database>,
  q: RejectQuery = {},
): Promise<{ items: Reject[]; total: number }> {
  let base = db.selectFrom('rejects');
  if (q.batchId !== undefined) base = base.where('batchId', '=', q.batchId);
  if (q.code) base = base.where('code', '=', q.code);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('batchId')
      .orderBy('rowNo')
      .orderBy('id')
      .limit(q.limit ?? 1000)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
