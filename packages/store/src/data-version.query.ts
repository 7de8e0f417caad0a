// Cheap version tokens for the read models the API caches (issue 5): they change whenever data
// lands, the registry changes or a run is recorded, so a cache keyed on them is never stale.
import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';

export interface DataVersion {
  /** Committed batches: newest id and count (a rejected or rolled-back import changes nothing). */
  readonly batches: string;
  /** The registry: row count and newest change (any writer, not only imports, bumps it). */
  readonly registry: string;
  /** Inspection runs: newest id and status of the newest run. */
  readonly runs: string;
}

/**
 * Reads the current version tokens (three small aggregate queries).
 * @example const v = await getDataVersion(db); cache.get(`${v.batches}|${v.registry}`)
 */
export async function getDataVersion(db: Kysely<Database>): Promise<DataVersion> {
  // One statement, one round trip: this runs on every API read.
  const r = await sql<{
    batchMax: number | null;
    batchCount: number;
    registryAt: string | null;
    registryCount: number;
    runMax: number | null;
    runCount: number;
  }>`select
      (select max(id) from import_batches where status = 'committed') as "batchMax",
      (select count(*) from import_batches where status = 'committed') as "batchCount",
      (select max(updated_at) from enterprises) as "registryAt",
      (select count(*) from enterprises) as "registryCount",
      (select max(id) from inspection_runs where status = 'done') as "runMax",
      (select count(*) from inspection_runs where status = 'done') as "runCount"`.execute(db);
  const v = r.rows[0];
  if (!v) throw new Error('data version query returned no row');
  return {
    batches: `${v.batchMax ?? 0}:${Number(v.batchCount)}`,
    registry: `${v.registryAt ?? ''}:${Number(v.registryCount)}`,
    runs: `${v.runMax ?? 0}:${Number(v.runCount)}`,
  };
}
