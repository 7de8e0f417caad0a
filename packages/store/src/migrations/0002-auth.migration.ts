// Sign-in (issue 5): users with scrypt password hashes, server-side sessions (cookie tokens) and
// API tokens for scripts. Only hashes of session and API tokens are stored: a copy of the database
// does not let anyone sign in.
import type { Kysely } from 'kysely';
import { addIdColumn, notNull } from './dialect-types.ts';

export async function up(db: Kysely<unknown>): Promise<void> {
  await addIdColumn(db, db.schema.createTable('users'))
    .addColumn('username', 'text', notNull)
    .addColumn('role', 'text', notNull)
    .addColumn('regions', 'text', notNull)
    .addColumn('password_hash', 'text', notNull)
    .addColumn('disabled', 'integer', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('updated_at', 'text', notNull)
    .addColumn('password_changed_at', 'text', notNull)
    .execute();
  await db.schema.createIndex('users_username').unique().on('users').column('username').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'bigint', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text', notNull)
    .addColumn('last_seen_at', 'text', notNull)
    .addColumn('revoked_at', 'text')
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await addIdColumn(db, db.schema.createTable('api_tokens'))
    .addColumn('user_id', 'bigint', notNull)
    .addColumn('name', 'text', notNull)
    .addColumn('token_hash', 'text', notNull)
    .addColumn('prefix', 'text', notNull)
    .addColumn('created_at', 'text', notNull)
    .addColumn('expires_at', 'text')
    .addColumn('last_used_at', 'text')
    .addColumn('revoked_at', 'text')
    .execute();
  await db.schema.createIndex('api_tokens_hash').unique().on('api_tokens').column('token_hash').execute();
  await db.schema.createIndex('api_tokens_user').on('api_tokens').column('user_id').execute();
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await db.schema.dropTable('api_tokens').execute();
  await db.schema.dropTable('sessions').execute();
  await db.schema.dropTable('users').execute();
}
