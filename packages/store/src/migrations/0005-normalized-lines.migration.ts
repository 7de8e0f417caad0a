// Invoice lines normalised into invoices (one header per invoice), items (the distinct item
// name / specification / unit / tax code combinations) and line rows. An invoice carries up to 7
// lines and a file a few thousand distinct items, so a line row shrinks to numbers and two short
// decimals: the bulk import writes about half the bytes and maintains narrow indexes (measured in
// docs/decisions/0005-normalized-invoice-lines.md). A view named `invoice_lines` keeps the old
// one-row-per-line shape for every reader. Line ids are kept, so columnar segments stay valid.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { isPostgres, notNull } from './dialect-types.ts';

/** The view every reader uses: the line as invoiced, header fields from its invoice. */
export const INVOICE_LINES_VIEW = `
create view invoice_lines as
select
  l.id, l.batch_id, coalesce(l.source, i.source) as source, l.row_no,
  i.invoice_key, l.line_no, i.invoice_code, i.invoice_number, i.e_invoice_number, i.issue_date,
  i.seller_tax_id, i.seller_name, i.buyer_tax_id, i.buyer_name,
  nullif(t.tax_code, '') as tax_code, i.special_business,
  t.item_name, nullif(t.specification, '') as specification, t.unit,
  l.quantity, l.unit_price, l.amount_fen, l.tax_rate, l.tax_fen, l.total_fen,
  i.invoice_kind, i.status, i.original_invoice_key, i.remark,
  t.product_id, l.kg, l.reo_kg, l.flags,
  l.invoice_id, l.item_id
from invoice_line_rows l
join invoices i on i.id = l.invoice_id
join invoice_items t on t.id = l.item_id`;

export async function up(db: Kysely<unknown>): Promise<void> {
  const pg = isPostgres(db);
  // Plain INTEGER PRIMARY KEY on SQLite (no AUTOINCREMENT): rows here are never deleted, so ids
  // are never reused, and AUTOINCREMENT's extra bookkeeping costs ~15% of the bulk insert.
  const idColumn = (table: string) =>
    db.schema
      .createTable(table)
      .addColumn('id', pg ? 'bigint' : 'integer', (c) =>
        pg ? c.primaryKey().generatedByDefaultAsIdentity() : c.primaryKey(),
      );
  await idColumn('invoices')
    .addColumn('batch_id', 'bigint', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('invoice_key', 'text', notNull)
    .addColumn('invoice_code', 'text')
    .addColumn('invoice_number', 'text')
    .addColumn('e_invoice_number', 'text')
    .addColumn('issue_date', 'text', notNull)
    .addColumn('seller_tax_id', 'text', notNull)
    .addColumn('seller_name', 'text', notNull)
    .addColumn('buyer_tax_id', 'text', notNull)
    .addColumn('buyer_name', 'text', notNull)
    .addColumn('special_business', 'text')
    .addColumn('invoice_kind', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('original_invoice_key', 'text')
    .addColumn('remark', 'text')
    .execute();

  await idColumn('invoice_items')
    .addColumn('item_name', 'text', notNull)
    // '' for none: a unique index treats NULLs as distinct, '' as a value.
    .addColumn('specification', 'text', notNull)
    .addColumn('unit', 'text', notNull)
    .addColumn('tax_code', 'text', notNull)
    .addColumn('product_id', 'text')
    .execute();

  await idColumn('invoice_line_rows')
    .addColumn('invoice_id', 'bigint', notNull)
    .addColumn('line_no', 'integer', notNull)
    .addColumn('batch_id', 'bigint', notNull)
    // Null when it is the invoice's own source (always, for CSV and XLSX).
    .addColumn('source', 'text')
    .addColumn('row_no', 'integer', notNull)
    .addColumn('item_id', 'bigint', notNull)
    .addColumn('quantity', 'text', notNull)
    .addColumn('unit_price', 'text', notNull)
    .addColumn('amount_fen', 'bigint', notNull)
    .addColumn('tax_rate', 'double precision')
    .addColumn('tax_fen', 'bigint', notNull)
    .addColumn('total_fen', 'bigint')
    .addColumn('kg', 'double precision', notNull)
    .addColumn('reo_kg', 'double precision', notNull)
    .addColumn('flags', 'integer', notNull)
    .execute();

  // Carry over what the one-table layout held, keeping line ids.
  await sql`
    insert into invoices (batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date,
      seller_tax_id, seller_name, buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark)
    select batch_id, source, invoice_key, invoice_code, invoice_number, e_invoice_number, issue_date,
      seller_tax_id, seller_name, buyer_tax_id, buyer_name, special_business, invoice_kind, status, original_invoice_key, remark
    from invoice_lines l where l.id in (select min(id) from invoice_lines group by invoice_key) order by l.id`.execute(
    db,
  );
  await sql`
    insert into invoice_items (item_name, specification, unit, tax_code, product_id)
    select item_name, coalesce(specification, ''), unit, coalesce(tax_code, ''), min(product_id)
    from invoice_lines group by item_name, coalesce(specification, ''), unit, coalesce(tax_code, '')`.execute(
    db,
  );
  await sql`
    insert into invoice_line_rows (id, invoice_id, line_no, batch_id, source, row_no, item_id, quantity, unit_price,
      amount_fen, tax_rate, tax_fen, total_fen, kg, reo_kg, flags)
    select l.id, i.id, l.line_no, l.batch_id, case when l.source = i.source then null else l.source end, l.row_no, t.id,
      l.quantity, l.unit_price, l.amount_fen, l.tax_rate, l.tax_fen, l.total_fen, l.kg, l.reo_kg, l.flags
    from invoice_lines l
    join invoices i on i.invoice_key = l.invoice_key
    join invoice_items t on t.item_name = l.item_name and t.specification = coalesce(l.specification, '')
      and t.unit = l.unit and t.tax_code = coalesce(l.tax_code, '')
    order by l.id`.execute(db);
  if (pg) {
    for (const table of ['invoices', 'invoice_items', 'invoice_line_rows'])
      // The next id follows the carried rows (1 on an empty store: is_called = false).
      await sql`select setval(pg_get_serial_sequence(${table}, 'id'), coalesce((select max(id) from ${sql.table(table)}), 0) + 1, false)`.execute(
        db,
      );
  }
  await db.schema.dropTable('invoice_lines').execute();

  // Identity: (invoice identity, line number) — the same line in two files is one line.
  await db.schema.createIndex('invoices_identity').unique().on('invoices').column('invoice_key').execute();
  await db.schema
    .createIndex('invoices_seller_date')
    .on('invoices')
    .columns(['seller_tax_id', 'issue_date'])
    .execute();
  await db.schema
    .createIndex('invoices_buyer_date')
    .on('invoices')
    .columns(['buyer_tax_id', 'issue_date'])
    .execute();
  await db.schema
    .createIndex('invoices_original')
    .on('invoices')
    .column('original_invoice_key')
    .where(sql.ref('original_invoice_key'), 'is not', null)
    .execute();
  await db.schema
    .createIndex('invoice_items_identity')
    .unique()
    .on('invoice_items')
    .columns(['item_name', 'specification', 'unit', 'tax_code'])
    .execute();
  await db.schema.createIndex('invoice_items_product').on('invoice_items').column('product_id').execute();
  await db.schema
    .createIndex('invoice_line_rows_identity')
    .unique()
    .on('invoice_line_rows')
    .columns(['invoice_id', 'line_no'])
    .execute();
  await sql.raw(INVOICE_LINES_VIEW).execute(db);
}

export async function down(): Promise<void> {
  throw new Error('0005-normalized-lines is not reversible: restore from a backup instead');
}
