// The reads and writes of `oresight rederive` (architecture.md §4: derived values are recomputable).
// Everything is paged by id so that memory stays flat on tens of millions of lines, and written
// with portable SQL (house rule 6): the same statements run on SQLite and PostgreSQL.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';

export interface StoredItem {
  readonly id: number;
  readonly itemName: string;
  /** Null when the item has none ('' in the table). */
  readonly specification: string | null;
  readonly productId: string | null;
}

/**
 * Items with an id above `afterId`, in id order.
 * @example for (let after = 0, page; (page = await listItemsAfter(db, after, 5000)).length; after = page.at(-1)!.id) …
 */
export async function listItemsAfter(
  db: Kysely<Database>,
  afterId: number,
  limit: number,
): Promise<StoredItem[]> {
  const rows = await db
    .selectFrom('invoiceItems')
    .select(['id', 'itemName', 'specification', 'productId'])
    .where('id', '>', afterId)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({ ...r, id: Number(r.id), specification: r.specification || null }));
}

/** Sets the matched product of one item (every line of the item shows it through the view). */
export async function setItemProduct(
  db: Kysely<Database>,
  itemId: number,
  productId: string | null,
): Promise<void> {
  await db.updateTable('invoiceItems').set({ productId }).where('id', '=', itemId).execute();
}

/** What rederive needs of a line: its item, derived values, and its invoice's kind (发票票种). */
export interface LineDerivationRow {
  readonly id: number;
  readonly batchId: number;
  readonly itemId: number;
  readonly kg: number;
  readonly reoKg: number;
  readonly flags: number;
  readonly invoiceKind: string | null;
}

/**
 * Lines with an id above `afterId`, in id order.
 * @example const page = await listLineDerivationsAfter(db, 0, 10_000);
 */
export async function listLineDerivationsAfter(
  db: Kysely<Database>,
  afterId: number,
  limit: number,
): Promise<LineDerivationRow[]> {
  const rows = await db
    .selectFrom('invoiceLineRows as l')
    .innerJoin('invoices as i', 'i.id', 'l.invoiceId')
    .select(['l.id', 'l.batchId', 'l.itemId', 'l.kg', 'l.reoKg', 'l.flags', 'i.invoiceKind'])
    .where('l.id', '>', afterId)
    .orderBy('l.id')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    batchId: Number(r.batchId),
    itemId: Number(r.itemId),
  }));
}

/** Rows per UPDATE statement: 3 parameters each stays under SQLite's 32,766-variable limit. */
const UPDATE_ROWS = 1000;

/**
 * Writes recomputed REO kg and flags of lines, a thousand per statement (one set-based UPDATE
 * from a VALUES list; the casts give PostgreSQL the column types of the bound parameters).
 * @example await updateLineDerivations(tx.db, [{ id: 7, reoKg: 1980, flags: 0 }]);
 */
export async function updateLineDerivations(
  db: Kysely<Database>,
  rows: readonly { id: number; reoKg: number; flags: number }[],
): Promise<void> {
  for (let i = 0; i < rows.length; i += UPDATE_ROWS) {
    const values = sql.join(
      rows
        .slice(i, i + UPDATE_ROWS)
        .map(
          (r) =>
            sql`(cast(${r.id} as bigint), cast(${r.reoKg} as double precision), cast(${r.flags} as integer))`,
        ),
    );
    await sql`with v (id, reo_kg, flags) as (values ${values})
      update invoice_line_rows set reo_kg = v.reo_kg, flags = v.flags
      from v where invoice_line_rows.id = v.id`.execute(db);
  }
}

/** A batch's stored lines: how many, and the lowest line id (where a scan of them may start). */
export interface BatchLines {
  readonly lines: number;
  readonly firstId: number;
}

/** Stored lines per batch (batches whose lines were all duplicates are absent). */
export async function countLinesByBatch(db: Kysely<Database>): Promise<Map<number, BatchLines>> {
  const rows = await db
    .selectFrom('invoiceLineRows')
    .select((eb) => ['batchId', eb.fn.countAll<number>().as('lines'), eb.fn.min<number>('id').as('firstId')])
    .groupBy('batchId')
    .execute();
  return new Map(
    rows.map((r) => [Number(r.batchId), { lines: Number(r.lines), firstId: Number(r.firstId) }]),
  );
}

/** A line as its columnar segment holds it (the `invoice_lines` view: header from its invoice). */
export interface SegmentSourceRow {
  readonly id: number;
  readonly batchId: number;
  readonly invoiceId: number;
  readonly invoiceKey: string;
  readonly lineNo: number;
  readonly issueDate: string;
  readonly sellerTaxId: string;
  readonly sellerName: string;
  readonly buyerTaxId: string;
  readonly buyerName: string;
  readonly productId: string | null;
  readonly unit: string;
  readonly kg: number;
  readonly reoKg: number;
  readonly amountFen: number;
  readonly taxRate: number | null;
  readonly flags: number;
  readonly invoiceKind: string | null;
}

/**
 * Lines of the given batches (every batch when `batchIds` is null) with an id above `afterId`,
 * in id order, as segments need them.
 * @example const page = await listSegmentSourceAfter(db, [3, 4], 0, 10_000);
 */
export async function listSegmentSourceAfter(
  db: Kysely<Database>,
  batchIds: readonly number[] | null,
  afterId: number,
  limit: number,
): Promise<SegmentSourceRow[]> {
  let q = db
    .selectFrom('invoiceLines')
    .select([
      'id',
      'batchId',
      'invoiceId',
      'invoiceKey',
      'lineNo',
      'issueDate',
      'sellerTaxId',
      'sellerName',
      'buyerTaxId',
      'buyerName',
      'productId',
      'unit',
      'kg',
      'reoKg',
      'amountFen',
      'taxRate',
      'flags',
      'invoiceKind',
    ])
    .where('id', '>', afterId);
  if (batchIds !== null) q = q.where('batchId', 'in', batchIds.length > 0 ? [...batchIds] : [-1]);
  const rows = await q.orderBy('id').limit(limit).execute();
  return rows.map((r) => ({
    ...r,
    id: Number(r.id),
    batchId: Number(r.batchId),
    invoiceId: Number(r.invoiceId),
  }));
}
