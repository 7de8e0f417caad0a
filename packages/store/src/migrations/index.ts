import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.migration.ts';
import * as auth from './0002-auth.migration.ts';
import * as apiIndexes from './0003-api-indexes.migration.ts';
import * as campaigns from './0004-campaigns.migration.ts';
import * as normalizedLines from './0005-normalized-lines.migration.ts';

/** Every migration, by name in order. New migrations are appended, never edited once shipped. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
  '0002-auth': auth,
  '0003-api-indexes': apiIndexes,
  '0004-campaigns': campaigns,
  '0005-normalized-lines': normalizedLines,
};
