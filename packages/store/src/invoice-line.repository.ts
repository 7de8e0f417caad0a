// Invoice lines as readers see them (the `invoice_lines` view, migration 0005) and the queries the
// import needs. The bulk write path is invoice-line.writer.ts.
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { Database, InvoiceLineTable } from './schema.ts';

export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export async function getLine(db: Kysely<Database>, id: number): Promise<InvoiceLineRow | undefined> {
  return db.selectFrom('invoiceLines').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Lines by their ids (evidence lookups), in id order. */
export async function getLinesByIds(db: Kysely<Database>, ids: readonly number[]): Promise<InvoiceLineRow[]> {
  const out: InvoiceLineRow[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    out.push(
      ...(await db
        .selectFrom('invoiceLines')
        .selectAll()
        .where('id', 'in', ids.slice(i, i + 500))
        .execute()),
    );
  }
  return out.sort((a, b) => a.id - b.id);
}

/** Lines by their identities (`invoiceKey/lineNo`), for evidence that names lines that way. */
export async function getLinesByKeys(
  db: Kysely<Database>,
  keys: readonly { invoiceKey: string; lineNo: number }[],
): Promise<InvoiceLineRow[]> {
  const byInvoice = new Map<string, Set<number>>();
  for (const k of keys) {
    const set = byInvoice.get(k.invoiceKey) ?? new Set<number>();
    set.add(k.lineNo);
    byInvoice.set(k.invoiceKey, set);
  }
  const invoices = [...byInvoice.keys()];
  const out: InvoiceLineRow[] = [];
  for (let i = 0; i < invoices.length; i += 500) {
    const rows = await db
      .selectFrom('invoiceLines')
      .selectAll()
      .where('invoiceKey', 'in', invoices.slice(i, i + 500))
      .execute();
    for (const r of rows) if (byInvoice.get(r.invoiceKey)?.has(r.lineNo)) out.push(r);
  }
  return out.sort((a, b) => a.id - b.id);
}

export interface InvoiceTotals {
  invoiceKey: string;
  blueAmountFen: number;
  blueKg: number;
  lines: number;
}

/**
 * For red-letter linkage: per original invoice key, the stored non-voided blue totals (amount and
 * kg of its positive lines). Keys with no stored blue line are absent.
 */
export async function getBlueInvoiceTotals(
  db: Kysely<Database>,
  keys: readonly string[],
): Promise<Map<string, InvoiceTotals>> {
  const out = new Map<string, InvoiceTotals>();
  for (let i = 0; i < keys.length; i += 500) {
    const rows = await db
      .selectFrom('invoiceLines')
      .select((eb) => [
        'invoiceKey',
        eb.fn.sum<number>('amountFen').as('amount'),
        eb.fn.sum<number>('kg').as('kg'),
        eb.fn.countAll<number>().as('n'),
      ])
      .where('invoiceKey', 'in', keys.slice(i, i + 500))
      .where('amountFen', '>=', 0)
      .where('status', '!=', 'void')
      .groupBy('invoiceKey')
      .execute();
    for (const r of rows)
      out.set(r.invoiceKey, {
        invoiceKey: r.invoiceKey,
        blueAmountFen: Number(r.amount),
        blueKg: Number(r.kg),
        lines: Number(r.n),
      });
  }
  return out;
}

/** Every stored red (negative) non-voided line that names one of these originals. */
export async function getRedLinesFor(
  db: Kysely<Database>,
  originalKeys: readonly string[],
): Promise<{ id: number; originalInvoiceKey: string; amountFen: number; kg: number }[]> {
  const out: { id: number; originalInvoiceKey: string; amountFen: number; kg: number }[] = [];
  for (let i = 0; i < originalKeys.length; i += 500) {
    const rows = await db
      .selectFrom('invoiceLines')
      .select(['id', 'originalInvoiceKey', 'amountFen', 'kg'])
      .where('originalInvoiceKey', 'in', originalKeys.slice(i, i + 500))
      .where('status', '!=', 'void')
      .execute();
    for (const r of rows)
      if (r.originalInvoiceKey !== null)
        out.push({ id: r.id, originalInvoiceKey: r.originalInvoiceKey, amountFen: r.amountFen, kg: r.kg });
  }
  return out;
}

/** Records red-letter linkage flags (replacing earlier ones for the same lines). */
export async function upsertRedLinks(
  db: Kysely<Database>,
  links: readonly { lineId: number; flags: number }[],
): Promise<void> {
  for (let i = 0; i < links.length; i += 500) {
    await db
      .insertInto('redLinks')
      .values(links.slice(i, i + 500))
      .onConflict((oc) => oc.column('lineId').doUpdateSet((eb) => ({ flags: eb.ref('excluded.flags') })))
      .execute();
  }
}

export async function listRedLinks(db: Kysely<Database>): Promise<{ lineId: number; flags: number }[]> {
  return db.selectFrom('redLinks').selectAll().where('flags', '!=', 0).orderBy('lineId').execute();
}

export interface ProductSummaryRow {
  productId: string | null;
  lines: number;
  kg: number;
  reoKg: number;
  amountFen: number;
}

/**
 * Sums over non-voided lines by product, red-letter lines netted (SQL, independent of the
 * columnar segments: `oresight summary` uses it to check an import to the kilogram).
 */
export async function summarizeByProduct(db: Kysely<Database>): Promise<ProductSummaryRow[]> {
  const rows = await db
    .selectFrom('invoiceLines')
    .select((eb) => [
      'productId',
      eb.fn.countAll<number>().as('lines'),
      eb.fn.sum<number>('kg').as('kg'),
      eb.fn.sum<number>('reoKg').as('reoKg'),
      eb.fn.sum<number>('amountFen').as('amountFen'),
    ])
    .where('status', '!=', 'void')
    .groupBy('productId')
    .orderBy('productId')
    .execute();
  return rows.map((r) => ({
    productId: r.productId,
    lines: Number(r.lines),
    kg: Number(r.kg),
    reoKg: Number(r.reoKg),
    amountFen: Number(r.amountFen),
  }));
}

/** Line counts: all stored lines and voided ones. */
export async function countLines(db: Kysely<Database>): Promise<{ lines: number; voided: number }> {
  const r = await db
    .selectFrom('invoiceLines')
    .select([
      sql<number>`count(*)`.as('lines'),
      sql<number>`sum(case when status = 'void' then 1 else 0 end)`.as('voided'),
    ])
    .executeTakeFirstOrThrow();
  return { lines: Number(r.lines), voided: Number(r.voided ?? 0) };
}

/** Distinct taxpayers appearing on any invoice line (as seller or buyer). */
export async function countInvoiceParties(db: Kysely<Database>): Promise<number> {
  const r = await sql<{
    n: number;
  }>`select count(*) as n from (select seller_tax_id as t from invoice_lines union select buyer_tax_id from invoice_lines) p`.execute(
    db,
  );
  return Number(r.rows[0]?.n ?? 0);
}
