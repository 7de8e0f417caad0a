// Indexes for the API's read side (issue 5): a party's invoice lines by date, lines by product
// and date, an enterprise's entries across runs (its list history) and its quotas. Without them
// every dossier and every search by party scans whole tables (millions of lines). The three line
// indexes cost the bulk import some speed: measured in docs/benchmarks.md (## API).
import type { Kysely } from 'kysely';

export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createIndex('invoice_lines_seller_date')
    .on('invoice_lines')
    .columns(['seller_tax_id', 'issue_date'])
    .execute();
  await db.schema
    .createIndex('invoice_lines_buyer_date')
    .on('invoice_lines')
    .columns(['buyer_tax_id', 'issue_date'])
    .execute();
  await db.schema
    .createIndex('invoice_lines_product_date')
    .on('invoice_lines')
    .columns(['product_id', 'issue_date'])
    .execute();
  await db.schema.createIndex('run_entries_tax_id').on('run_entries').columns(['tax_id', 'run_id']).execute();
  await db.schema.createIndex('quotas_tax_id').on('quotas').column('tax_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const name of [
    'quotas_tax_id',
    'run_entries_tax_id',
    'invoice_lines_product_date',
    'invoice_lines_buyer_date',
    'invoice_lines_seller_date',
  ])
    await db.schema.dropIndex(name).execute();
}
