import type { Kysely, Selectable } from 'kysely';
import type { Database, PriceTable } from './schema.ts';

export type PriceRow = Selectable<PriceTable>;
export type PriceInput = Omit<PriceRow, 'id' | 'batchId'>;

const CHUNK = 500;

/** Inserts quotes; the same (product, date, source) already stored is a duplicate. */
export async function insertPrices(
  db: Kysely<Database>,
  rows: readonly PriceInput[],
  batchId: number,
): Promise<{ inserted: number; duplicate: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await db
      .insertInto('prices')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, batchId })))
      .onConflict((oc) => oc.columns(['productId', 'date', 'source']).doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return { inserted, duplicate: rows.length - inserted };
}

export async function listPrices(
  db: Kysely<Database>,
  q: { productId?: string; from?: string; to?: string } = {},
): Promise<PriceRow[]> {
  let query = db.selectFrom('prices').selectAll();
  if (q.productId) query = query.where('productId', '=', q.productId);
  if (q.from) query = query.where('date', '>=', q.from);
  if (q.to) query = query.where('date', '<=', q.to);
  return query.orderBy('productId').orderBy('date').orderBy('source').execute();
}
