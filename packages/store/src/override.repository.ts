// Overrides of an enterprise's list in a run (issue 7): requested, approved or rejected by a
// second user when the move is onto or off the black list, else applied at once. Which one is in
// force is decided by the app (packages/app/src/governance/overrides.ts).
import type { Kysely, Selectable } from 'kysely';
import type { Database, ListOverrideTable } from './schema.ts';

export type OverrideRow = Selectable<ListOverrideTable>;
export type NewOverride = Omit<OverrideRow, 'id'>;

function override(row: OverrideRow): OverrideRow {
  return { ...row, id: Number(row.id), runId: Number(row.runId) };
}

/**
 * Stores an override request and returns its id.
 * @example const id = await insertOverride(db, { runId: 3, taxId: '9115…', list: 'grey', status: 'pending', … });
 */
export async function insertOverride(db: Kysely<Database>, o: NewOverride): Promise<number> {
  const r = await db.insertInto('listOverrides').values(o).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateOverride(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Pick<OverrideRow, 'status' | 'decidedBy' | 'decidedAt' | 'decisionNote'>>,
): Promise<void> {
  await db.updateTable('listOverrides').set(changes).where('id', '=', id).execute();
}

export async function getOverride(db: Kysely<Database>, id: number): Promise<OverrideRow | undefined> {
  const r = await db.selectFrom('listOverrides').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? override(r) : undefined;
}

export interface OverrideFilter {
  runId?: number;
  taxId?: string;
  statuses?: readonly string[];
}

/** Overrides matching the filter, oldest first. */
export async function listOverrides(db: Kysely<Database>, f: OverrideFilter = {}): Promise<OverrideRow[]> {
  let q = db.selectFrom('listOverrides').selectAll();
  if (f.runId !== undefined) q = q.where('runId', '=', f.runId);
  if (f.taxId !== undefined) q = q.where('taxId', '=', f.taxId);
  if (f.statuses && f.statuses.length > 0) q = q.where('status', 'in', [...f.statuses]);
  return (await q.orderBy('id').execute()).map(override);
}
