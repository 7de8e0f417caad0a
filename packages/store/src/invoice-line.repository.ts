// Invoice lines: the bulk write path (prepared statements on SQLite, COPY on PostgreSQL) and the
// queries the app needs. Identity is (invoice_key, line_no); a line already stored is a duplicate.
import { once } from 'node:events';
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import copyStreams from 'pg-copy-streams';
import type { Database, InvoiceLineTable } from './schema.ts';
import type { StoreTransaction } from './open-store.ts';

export type InvoiceLineRow = Selectable<InvoiceLineTable>;
export type InvoiceLineInsert = Omit<InvoiceLineRow, 'id'>;

/** Column order of the bulk paths (snake_case as in SQL). */
const COLUMNS = [
  ['batchId', 'batch_id'],
  ['source', 'source'],
  ['rowNo', 'row_no'],
  ['invoiceKey', 'invoice_key'],
  ['lineNo', 'line_no'],
  ['invoiceCode', 'invoice_code'],
  ['invoiceNumber', 'invoice_number'],
  ['eInvoiceNumber', 'e_invoice_number'],
  ['issueDate', 'issue_date'],
  ['sellerTaxId', 'seller_tax_id'],
  ['sellerName', 'seller_name'],
  ['buyerTaxId', 'buyer_tax_id'],
  ['buyerName', 'buyer_name'],
  ['taxCode', 'tax_code'],
  ['specialBusiness', 'special_business'],
  ['itemName', 'item_name'],
  ['specification', 'specification'],
  ['unit', 'unit'],
  ['quantity', 'quantity'],
  ['unitPrice', 'unit_price'],
  ['amountFen', 'amount_fen'],
  ['taxRate', 'tax_rate'],
  ['taxFen', 'tax_fen'],
  ['totalFen', 'total_fen'],
  ['invoiceKind', 'invoice_kind'],
  ['status', 'status'],
  ['originalInvoiceKey', 'original_invoice_key'],
  ['remark', 'remark'],
  ['productId', 'product_id'],
  ['kg', 'kg'],
  ['reoKg', 'reo_kg'],
  ['flags', 'flags'],
] as const satisfies readonly (readonly [keyof InvoiceLineInsert, string])[];

const SQL_COLUMNS = COLUMNS.map(([, c]) => c).join(', ');

export interface LineWriter {
  /** Writes rows in order; returns each row's new id, or null when the line was already stored. */
  write(rows: readonly InvoiceLineInsert[]): Promise<(number | null)[]>;
}

function sqliteWriter(tx: Extract<StoreTransaction, { kind: 'sqlite' }>): LineWriter {
  const statement = tx.sqlite.prepare(
    `insert into invoice_lines (${SQL_COLUMNS}) values (${COLUMNS.map(() => '?').join(', ')}) on conflict (invoice_key, line_no) do nothing`,
  );
  const params: unknown[] = new Array(COLUMNS.length);
  return {
    async write(rows) {
      const ids: (number | null)[] = new Array(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as InvoiceLineInsert;
        for (let c = 0; c < COLUMNS.length; c++)
          params[c] = row[(COLUMNS[c] as readonly [keyof InvoiceLineInsert, string])[0]];
        const info = statement.run(params);
        ids[i] = info.changes === 1 ? Number(info.lastInsertRowid) : null;
      }
      return ids;
    },
  };
}

/** COPY text format: backslash escapes, \N for NULL. */
function copyField(value: unknown): string {
  if (value === null || value === undefined) return '\\N';
  if (typeof value === 'number') return String(value);
  return String(value).replace(/[\\\t\n\r]/g, (c) =>
    c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r',
  );
}

function postgresWriter(tx: Extract<StoreTransaction, { kind: 'postgres' }>): LineWriter {
  let staged = false;
  return {
    async write(rows) {
      if (rows.length === 0) return [];
      const client = tx.pg;
      if (!staged) {
        await client.query(
          `create temp table if not exists line_stage (seq integer, ${COLUMNS.map(([, c]) => `${c} text`).join(', ')}) on commit drop`,
        );
        staged = true;
      } else {
        await client.query('truncate line_stage');
      }
      const stream = client.query(copyStreams.from(`copy line_stage (seq, ${SQL_COLUMNS}) from stdin`));
      const parts: string[] = [];
      for (let i = 0; i < rows.length; i++) {
        const row = rows[i] as InvoiceLineInsert;
        let line = String(i);
        for (const [key] of COLUMNS) line += `\t${copyField(row[key])}`;
        parts.push(line);
        if (parts.length === 2000) {
          if (!stream.write(`${parts.join('\n')}\n`)) await once(stream, 'drain');
          parts.length = 0;
        }
      }
      if (parts.length > 0) stream.write(`${parts.join('\n')}\n`);
      stream.end();
      await once(stream, 'finish');
      const casts: Record<string, string> = {
        batch_id: 'bigint',
        row_no: 'integer',
        line_no: 'integer',
        amount_fen: 'bigint',
        tax_rate: 'double precision',
        tax_fen: 'bigint',
        total_fen: 'bigint',
        kg: 'double precision',
        reo_kg: 'double precision',
        flags: 'integer',
      };
      const select = COLUMNS.map(([, c]) => (casts[c] ? `${c}::${casts[c]}` : c)).join(', ');
      const inserted = await client.query<{ id: number; invoice_key: string; line_no: number }>(
        `insert into invoice_lines (${SQL_COLUMNS}) select ${select} from line_stage order by seq on conflict (invoice_key, line_no) do nothing returning id, invoice_key, line_no`,
      );
      const idByKey = new Map<string, number>();
      for (const r of inserted.rows) idByKey.set(`${r.invoice_key}\u0000${r.line_no}`, Number(r.id));
      return rows.map((row) => {
        const key = `${row.invoiceKey}\u0000${row.lineNo}`;
        const id = idByKey.get(key);
        if (id === undefined) return null;
        idByKey.delete(key); // a second copy of the same line in this chunk is a duplicate
        return id;
      });
    },
  };
}

/**
 * The bulk path for one import transaction.
 * @example const ids = await createLineWriter(tx).write(rows) // [101, 102, null] — null: already stored
 */
export function createLineWriter(tx: StoreTransaction): LineWriter {
  return tx.kind === 'sqlite' ? sqliteWriter(tx) : postgresWriter(tx);
}

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
