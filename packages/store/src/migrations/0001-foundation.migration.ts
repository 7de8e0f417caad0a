// Registry, catalogue overrides, quotas, prices, import batches, invoice lines, rejects,
// columnar segments, inspection runs and the audit log.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import { addIdColumn, binaryType, notNull } from './dialect-types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('store_meta')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value', 'text', notNull)
    .execute();

  await addIdColumn(db, db.schema.createTable('import_batches'))
    .addColumn('kind', 'text', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('size_bytes', 'bigint', notNull)
    .addColumn('format', 'text', notNull)
    .addColumn('encoding', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('rows_read', 'integer', notNull)
    .addColumn('accepted', 'integer', notNull)
    .addColumn('rejected', 'integer', notNull)
    .addColumn('duplicate', 'integer', notNull)
    .addColumn('updated', 'integer', notNull)
    .addColumn('user_name', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('finished_at', 'text')
    .addColumn('options', 'text', notNull)
    .addColumn('summary', 'text', notNull)
    .execute();
  // Idempotency: a file (by content hash) lands once per kind. Rejected attempts are kept as
  // history and do not block a later import.
  await sql`create unique index import_batches_committed_hash on import_batches (kind, sha256) where status = 'committed'`.execute(
    db,
  );

  await db.schema
    .createTable('import_file_chunks')
    .addColumn('batch_id', 'bigint', notNull)
    .addColumn('seq', 'integer', notNull)
    .addColumn('data', binaryType(db), notNull)
    .addPrimaryKeyConstraint('import_file_chunks_pk', ['batch_id', 'seq'])
    .execute();

  await addIdColumn(db, db.schema.createTable('rejects'))
    .addColumn('batch_id', 'bigint', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('row_no', 'integer', notNull)
    .addColumn('column_name', 'text')
    .addColumn('value', 'text')
    .addColumn('code', 'text', notNull)
    .addColumn('message_zh', 'text', notNull)
    .addColumn('message_en', 'text', notNull)
    .execute();
  await db.schema.createIndex('rejects_batch').on('rejects').columns(['batch_id', 'row_no']).execute();

  await db.schema
    .createTable('enterprises')
    .addColumn('tax_id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', notNull)
    .addColumn('roles', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('group_name', 'text')
    .addColumn('mining_licence', 'text')
    .addColumn('founded', 'text')
    .addColumn('deregistered', 'text')
    .addColumn('opening_stock_kg', 'double precision')
    .addColumn('extra', 'text', notNull)
    .addColumn('flags', 'integer', notNull)
    .addColumn('batch_id', 'bigint')
    .addColumn('updated_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('enterprises_region').on('enterprises').column('region').execute();

  await addIdColumn(db, db.schema.createTable('quotas'))
    .addColumn('year', 'integer', notNull)
    .addColumn('quota_batch', 'text', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('group_name', 'text', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('kg', 'double precision', notNull)
    .addColumn('batch_id', 'bigint', notNull)
    .execute();
  await db.schema
    .createIndex('quotas_identity')
    .unique()
    .on('quotas')
    .columns(['year', 'quota_batch', 'tax_id', 'group_name', 'kind'])
    .execute();

  await addIdColumn(db, db.schema.createTable('prices'))
    .addColumn('date', 'text', notNull)
    .addColumn('product_id', 'text', notNull)
    .addColumn('price', 'double precision', notNull)
    .addColumn('unit', 'text', notNull)
    .addColumn('vat_included', 'integer', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('batch_id', 'bigint', notNull)
    .execute();
  await db.schema
    .createIndex('prices_identity')
    .unique()
    .on('prices')
    .columns(['product_id', 'date', 'source'])
    .execute();

  await addIdColumn(db, db.schema.createTable('invoice_lines'))
    .addColumn('batch_id', 'bigint', notNull)
    .addColumn('source', 'text', notNull)
    .addColumn('row_no', 'integer', notNull)
    .addColumn('invoice_key', 'text', notNull)
    .addColumn('line_no', 'integer', notNull)
    .addColumn('invoice_code', 'text')
    .addColumn('invoice_number', 'text')
    .addColumn('e_invoice_number', 'text')
    .addColumn('issue_date', 'text', notNull)
    .addColumn('seller_tax_id', 'text', notNull)
    .addColumn('seller_name', 'text', notNull)
    .addColumn('buyer_tax_id', 'text', notNull)
    .addColumn('buyer_name', 'text', notNull)
    .addColumn('tax_code', 'text')
    .addColumn('special_business', 'text')
    .addColumn('item_name', 'text', notNull)
    .addColumn('specification', 'text')
    .addColumn('unit', 'text', notNull)
    .addColumn('quantity', 'text', notNull)
    .addColumn('unit_price', 'text', notNull)
    .addColumn('amount_fen', 'bigint', notNull)
    .addColumn('tax_rate', 'double precision')
    .addColumn('tax_fen', 'bigint', notNull)
    .addColumn('total_fen', 'bigint')
    .addColumn('invoice_kind', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('original_invoice_key', 'text')
    .addColumn('remark', 'text')
    .addColumn('product_id', 'text')
    .addColumn('kg', 'double precision', notNull)
    .addColumn('reo_kg', 'double precision', notNull)
    .addColumn('flags', 'integer', notNull)
    .execute();
  // A line's identity is (invoice identity, line number): the same line in two files is one line.
  await db.schema
    .createIndex('invoice_lines_identity')
    .unique()
    .on('invoice_lines')
    .columns(['invoice_key', 'line_no'])
    .execute();
  await db.schema.createIndex('invoice_lines_batch').on('invoice_lines').column('batch_id').execute();
  await db.schema
    .createIndex('invoice_lines_original')
    .on('invoice_lines')
    .column('original_invoice_key')
    .where(sql.ref('original_invoice_key'), 'is not', null)
    .execute();

  await db.schema
    .createTable('red_links')
    .addColumn('line_id', 'bigint', (c) => c.primaryKey())
    .addColumn('flags', 'integer', notNull)
    .execute();

  await addIdColumn(db, db.schema.createTable('line_segments'))
    .addColumn('batch_id', 'bigint', notNull)
    .addColumn('seq', 'integer', notNull)
    .addColumn('line_count', 'integer', notNull)
    .addColumn('min_date', 'text', notNull)
    .addColumn('max_date', 'text', notNull)
    .addColumn('format', 'integer', notNull)
    .addColumn('data', binaryType(db), notNull)
    .execute();
  await db.schema
    .createIndex('line_segments_batch')
    .unique()
    .on('line_segments')
    .columns(['batch_id', 'seq'])
    .execute();

  await db.schema
    .createTable('catalogue_overrides')
    .addColumn('product_id', 'text', (c) => c.primaryKey())
    .addColumn('definition', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('user_name', 'text')
    .execute();

  await db.schema
    .createTable('tax_id_allow_list')
    .addColumn('tax_id', 'text', (c) => c.primaryKey())
    .addColumn('reason', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('user_name', 'text')
    .execute();

  await addIdColumn(db, db.schema.createTable('policies'))
    .addColumn('policy_id', 'text', notNull)
    .addColumn('version', 'text', notNull)
    .addColumn('hash', 'text', notNull)
    .addColumn('body', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('user_name', 'text')
    .execute();
  await db.schema.createIndex('policies_hash').unique().on('policies').column('hash').execute();

  await addIdColumn(db, db.schema.createTable('inspection_runs'))
    .addColumn('status', 'text', notNull)
    .addColumn('period_from', 'text', notNull)
    .addColumn('period_to', 'text', notNull)
    .addColumn('policy_id', 'text', notNull)
    .addColumn('policy_version', 'text', notNull)
    .addColumn('policy_hash', 'text', notNull)
    .addColumn('fingerprint', 'text', notNull)
    .addColumn('invoice_lines', 'integer', notNull)
    .addColumn('enterprises', 'integer', notNull)
    .addColumn('black', 'integer', notNull)
    .addColumn('grey', 'integer', notNull)
    .addColumn('white', 'integer', notNull)
    .addColumn('unrated', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('finished_at', 'text')
    .addColumn('user_name', 'text')
    .addColumn('stats', 'text', notNull)
    .addColumn('error', 'text')
    .addColumn('result', binaryType(db))
    .execute();

  await db.schema
    .createTable('run_entries')
    .addColumn('run_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('roles', 'text', notNull)
    .addColumn('group_name', 'text')
    .addColumn('list', 'text', notNull)
    .addColumn('score', 'double precision', notNull)
    .addColumn('signals', 'text', notNull)
    .addColumn('reasons', 'text', notNull)
    .addPrimaryKeyConstraint('run_entries_pk', ['run_id', 'tax_id'])
    .execute();
  await db.schema
    .createIndex('run_entries_list')
    .on('run_entries')
    .columns(['run_id', 'list', 'score'])
    .execute();

  await addIdColumn(db, db.schema.createTable('audit_log'))
    .addColumn('at', 'text', notNull)
    .addColumn('actor', 'text', notNull)
    .addColumn('action', 'text', notNull)
    .addColumn('subject', 'text')
    .addColumn('details', 'text', notNull)
    .addColumn('prev_hash', 'text', notNull)
    .addColumn('hash', 'text', notNull)
    .execute();
}

export async function down(): Promise<void> {
  throw new Error('the foundation migration is not reversible: restore from a backup instead');
}
