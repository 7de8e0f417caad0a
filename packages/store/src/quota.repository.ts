import type { Kysely, Selectable } from 'kysely';
import type { Database, QuotaTable } from './schema.ts';

export type QuotaRow = Selectable<QuotaTable>;
export type QuotaInput = Omit<QuotaRow, 'id' | 'batchId'>;

const CHUNK = 500;

/**
 * Inserts quotas; a quota with the same (year, batch, tax ID, group, kind) already stored is a
 * duplicate and is not changed (a correction is a new quota batch).
 */
export async function insertQuotas(
  db: Kysely<Database>,
  rows: readonly QuotaInput[],
  batchId: number,
): Promise<{ inserted: number; duplicate: number }> {
  let inserted = 0;
  for (let i = 0; i < rows.length; i += CHUNK) {
    const res = await db
      .insertInto('quotas')
      .values(rows.slice(i, i + CHUNK).map((r) => ({ ...r, batchId })))
      .onConflict((oc) => oc.columns(['year', 'quotaBatch', 'taxId', 'groupName', 'kind']).doNothing())
      .executeTakeFirst();
    inserted += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return { inserted, duplicate: rows.length - inserted };
}

export async function listQuotas(
  db: Kysely<Database>,
  q: { year?: number; taxId?: string } = {},
): Promise<QuotaRow[]> {
  let query = db.selectFrom('quotas').selectAll();
  if (q.year !== undefined) query = query.where('year', '=', q.year);
  if (q.taxId) query = query.where('taxId', '=', q.taxId);
  return query.orderBy('year').orderBy('kind').orderBy('taxId').orderBy('groupName').orderBy('id').execute();
}
