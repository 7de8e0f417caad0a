import type { Migration } from 'kysely';
import * as foundation from './0001-foundation.migration.ts';

/** Every migration, by name in order. New migrations are appended, never edited once shipped. */
export const MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001-foundation': foundation,
};
