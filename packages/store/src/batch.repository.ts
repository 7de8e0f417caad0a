import type { Kysely, Selectable } from 'kysely';
import type { Database, ImportBatchTable } from './schema.ts';

export type ImportBatch = Selectable<ImportBatchTable>;
export type NewImportBatch = Omit<ImportBatch, 'id'>;

/** The committed batch of this kind with this content hash, if the file was imported before. */
export async function findCommittedBatch(
  db: Kysely<Database>,
  kind: string,
  sha256: string,
): Promise<ImportBatch | undefined> {
  return db
    .selectFrom('importBatches')
    .selectAll()
    .where('kind', '=', kind)
    .where('sha256', '=', sha256)
    .where('status', '=', 'committed')
    .executeTakeFirst();
}

/**
 * Records a batch and returns its id.
 * @example const id = await insertBatch(tx.db, { kind: 'invoices', fileName: 'a.csv', … });
 */
export async function insertBatch(db: Kysely<Database>, batch: NewImportBatch): Promise<number> {
  const row = await db.insertInto('importBatches').values(batch).returning('id').executeTakeFirstOrThrow();
  return Number(row.id);
}

export async function updateBatch(
  db: Kysely<Database>,
  id: number,
  changes: Partial<NewImportBatch>,
): Promise<void> {
  await db.updateTable('importBatches').set(changes).where('id', '=', id).execute();
}

export async function getBatch(db: Kysely<Database>, id: number): Promise<ImportBatch | undefined> {
  return db.selectFrom('importBatches').selectAll().where('id', '=', id).executeTakeFirst();
}

export interface BatchQuery {
  kind?: string;
  status?: string;
  limit?: number;
  offset?: number;
}

/** Batches, newest first. */
export async function listBatches(
  db: Kysely<Database>,
  q: BatchQuery = {},
): Promise<{ items: ImportBatch[]; total: number }> {
  let base = db.selectFrom('importBatches');
  if (q.kind) base = base.where('kind', '=', q.kind);
  if (q.status) base = base.where('status', '=', q.status);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** Keeps the original file (gzip, in chunks) as evidence beside its batch. */
export async function insertFileChunk(
  db: Kysely<Database>,
  batchId: number,
  seq: number,
  data: Uint8Array,
): Promise<void> {
  await db.insertInto('importFileChunks').values({ batchId, seq, data }).execute();
}

/** The stored chunks of a batch's original file, in order. */
export async function listFileChunks(db: Kysely<Database>, batchId: number): Promise<Uint8Array[]> {
  const rows = await db
    .selectFrom('importFileChunks')
    .select('data')
    .where('batchId', '=', batchId)
    .orderBy('seq')
    .execute();
  return rows.map((r) => r.data);
}

/** SHA-256 hashes of every committed batch by kind, in id order (input to the data fingerprint). */
export async function listCommittedHashes(
  db: Kysely<Database>,
): Promise<{ id: number; kind: string; sha256: string }[]> {
  return db
    .selectFrom('importBatches')
    .select(['id', 'kind', 'sha256'])
    .where('status', '=', 'committed')
    .orderBy('id')
    .execute();
}
