// Campaigns and their workflow (issue 7): campaigns with a period and a scope, the registration
// of every enterprise in scope, inspection tasks generated from a run's lists with their findings
// and attachments, list overrides (four eyes on black-list moves), frozen list publications and
// appeals against them. Every change is also written to the audit log by the app.
import type { Kysely } from 'kysely';
import { addIdColumn, binaryType, notNull } from './dialect-types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('campaigns'))
    .addColumn('name', 'text', notNull)
    .addColumn('period_from', 'text', notNull)
    .addColumn('period_to', 'text', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('roles', 'text', notNull)
    .addColumn('measures', 'text', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .execute();

  await addIdColumn(db, db.schema.createTable('registrations'))
    .addColumn('campaign_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('licences', 'text', notNull)
    .addColumn('capacity_kg', 'double precision')
    .addColumn('opening_stock_kg', 'double precision')
    .addColumn('opening_stock_date', 'text')
    .addColumn('opening_stock_composition', 'text')
    .addColumn('contact_name', 'text')
    .addColumn('contact_phone', 'text')
    .addColumn('contact_email', 'text')
    .addColumn('address', 'text')
    .addColumn('notes', 'text')
    .addColumn('source', 'text', notNull)
    .addColumn('registered_at', 'text', notNull)
    .addColumn('registered_by', 'text', notNull)
    .addColumn('verified_at', 'text')
    .addColumn('verified_by', 'text')
    .addColumn('updated_at', 'text', notNull)
    .addColumn('updated_by', 'text', notNull)
    .execute();
  // One registration record per enterprise and campaign (updated in place; the audit log keeps
  // every version's content).
  await db.schema
    .createIndex('registrations_identity')
    .unique()
    .on('registrations')
    .columns(['campaign_id', 'tax_id'])
    .execute();
  await db.schema.createIndex('registrations_tax_id').on('registrations').column('tax_id').execute();

  await addIdColumn(db, db.schema.createTable('inspection_tasks'))
    .addColumn('campaign_id', 'bigint', notNull)
    .addColumn('run_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('computed_list', 'text', notNull)
    .addColumn('list', 'text', notNull)
    .addColumn('score', 'double precision', notNull)
    .addColumn('kind', 'text', notNull)
    .addColumn('measures', 'text', notNull)
    .addColumn('due_date', 'text', notNull)
    .addColumn('assignee', 'text')
    .addColumn('status', 'text', notNull)
    .addColumn('outcome', 'text')
    .addColumn('created_at', 'text', notNull)
    .addColumn('created_by', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('closed_at', 'text')
    .execute();
  await db.schema
    .createIndex('inspection_tasks_identity')
    .unique()
    .on('inspection_tasks')
    .columns(['campaign_id', 'run_id', 'tax_id'])
    .execute();
  await db.schema.createIndex('inspection_tasks_tax_id').on('inspection_tasks').column('tax_id').execute();

  await addIdColumn(db, db.schema.createTable('task_findings'))
    .addColumn('task_id', 'bigint', notNull)
    .addColumn('violation_kind', 'text', notNull)
    .addColumn('description', 'text', notNull)
    .addColumn('seized_kg', 'double precision', notNull)
    .addColumn('penalty_fen', 'bigint', notNull)
    .addColumn('licence_action', 'text', notNull)
    .addColumn('recorded_at', 'text', notNull)
    .addColumn('recorded_by', 'text', notNull)
    .execute();
  await db.schema.createIndex('task_findings_task').on('task_findings').column('task_id').execute();

  await addIdColumn(db, db.schema.createTable('task_attachments'))
    .addColumn('task_id', 'bigint', notNull)
    .addColumn('file_name', 'text', notNull)
    .addColumn('content_type', 'text', notNull)
    .addColumn('size_bytes', 'integer', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('data', binaryType(db), notNull)
    .addColumn('uploaded_at', 'text', notNull)
    .addColumn('uploaded_by', 'text', notNull)
    .execute();
  await db.schema.createIndex('task_attachments_task').on('task_attachments').column('task_id').execute();

  await addIdColumn(db, db.schema.createTable('list_overrides'))
    .addColumn('run_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('computed_list', 'text', notNull)
    .addColumn('from_list', 'text', notNull)
    .addColumn('list', 'text', notNull)
    .addColumn('reason', 'text', notNull)
    .addColumn('expires_on', 'text')
    .addColumn('needs_approval', 'integer', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('requested_by', 'text', notNull)
    .addColumn('requested_at', 'text', notNull)
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .addColumn('decision_note', 'text')
    .execute();
  await db.schema
    .createIndex('list_overrides_run_tax')
    .on('list_overrides')
    .columns(['run_id', 'tax_id'])
    .execute();

  await addIdColumn(db, db.schema.createTable('list_publications'))
    .addColumn('run_id', 'bigint', notNull)
    .addColumn('title', 'text', notNull)
    .addColumn('as_of', 'text', notNull)
    .addColumn('entries', 'integer', notNull)
    .addColumn('counts', 'text', notNull)
    .addColumn('overrides', 'integer', notNull)
    .addColumn('sha256', 'text', notNull)
    .addColumn('published_at', 'text', notNull)
    .addColumn('published_by', 'text', notNull)
    .execute();

  await db.schema
    .createTable('publication_entries')
    .addColumn('publication_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('region', 'text')
    .addColumn('roles', 'text', notNull)
    .addColumn('group_name', 'text')
    .addColumn('computed_list', 'text', notNull)
    .addColumn('list', 'text', notNull)
    .addColumn('score', 'double precision', notNull)
    .addColumn('rules', 'text', notNull)
    .addColumn('override_id', 'bigint')
    .addColumn('override_reason', 'text')
    .addColumn('override_expires_on', 'text')
    .addPrimaryKeyConstraint('publication_entries_pk', ['publication_id', 'tax_id'])
    .execute();

  await addIdColumn(db, db.schema.createTable('appeals'))
    .addColumn('publication_id', 'bigint', notNull)
    .addColumn('tax_id', 'text', notNull)
    .addColumn('filed_on', 'text', notNull)
    .addColumn('grounds', 'text', notNull)
    .addColumn('status', 'text', notNull)
    .addColumn('outcome_note', 'text')
    .addColumn('filed_by', 'text', notNull)
    .addColumn('filed_at', 'text', notNull)
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema
    .createIndex('appeals_publication')
    .on('appeals')
    .columns(['publication_id', 'tax_id'])
    .execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  for (const table of [
    'appeals',
    'publication_entries',
    'list_publications',
    'list_overrides',
    'task_attachments',
    'task_findings',
    'inspection_tasks',
    'registrations',
    'campaigns',
  ])
    await db.schema.dropTable(table).execute();
}
