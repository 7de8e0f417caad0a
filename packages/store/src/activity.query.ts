// Paged, sorted lists of import batches, rejected rows and inspection runs for the API (issue 5).
// The repositories' list functions keep their fixed orders for the CLI; these add sorting.
import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { ImportBatch } from './batch.repository.ts';
import type { Reject } from './reject.repository.ts';
import type { InspectionRunMeta } from './run.repository.ts';

export interface BatchSearch {
  kind?: string;
  status?: string;
  sort?: 'id' | 'fileName' | 'rowsRead' | 'accepted' | 'rejected';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Import batches, paged and sorted (default: newest first).
 * @example await searchBatches(db, { kind: 'invoices', sort: 'rejected', desc: true })
 */
export async function searchBatches(
  db: Kysely<Database>,
  q: BatchSearch,
): Promise<{ items: ImportBatch[]; total: number }> {
  let base = db.selectFrom('importBatches');
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.status) base = base.where('status', '=', q.status);
  // Newest first unless another order is asked for.
  const direction = (q.desc ?? q.sort === undefined) ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(q.sort ?? 'id', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export interface RejectSearch {
  batchId: number;
  code?: string;
  sort?: 'rowNo' | 'code' | 'columnName';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

/** A batch's rejected rows, paged and sorted (default: row order). */
export async function searchRejects(
  db: Kysely<Database>,
  q: RejectSearch,
): Promise<{ items: Reject[]; total: number }> {
  let base = db.selectFrom('rejects').where('batchId', '=', q.batchId);
  if (q.code) base = base.where('code', '=', q.code);
  const direction = q.desc ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(q.sort ?? 'rowNo', direction)
      .orderBy('rowNo', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export interface RunSearch {
  status?: string;
  policyId?: string;
  sort?: 'id' | 'periodFrom' | 'periodTo' | 'black';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

const RUN_META_COLUMNS = [
  'id',
  'status',
  'periodFrom',
  'periodTo',
  'policyId',
  'policyVersion',
  'policyHash',
  'fingerprint',
  'invoiceLines',
  'enterprises',
  'black',
  'grey',
  'white',
  'unrated',
  'createdAt',
  'finishedAt',
  'userName',
  'stats',
  'error',
] as const;

/** Runs (without their stored results), paged and sorted (default: newest first). */
export async function searchRuns(
  db: Kysely<Database>,
  q: RunSearch,
): Promise<{ items: InspectionRunMeta[]; total: number }> {
  let base = db.selectFrom('inspectionRuns');
  if (q.status) base = base.where('status', '=', q.status);
  if (q.policyId) base = base.where('policyId', '=', q.policyId);
  // Newest first unless another order is asked for.
  const direction = (q.desc ?? q.sort === undefined) ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .select(RUN_META_COLUMNS)
      .orderBy(q.sort ?? 'id', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
