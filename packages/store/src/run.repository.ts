// Inspection runs: never overwritten (architecture.md §4); entries per enterprise for paging,
// filtering and regional scoping; the full result kept gzip'd for exports and diffs.
import type { Kysely, Selectable } from 'kysely';
import type { Database, InspectionRunTable, PolicyTable, RunEntryTable } from './schema.ts';

export type InspectionRunRow = Selectable<InspectionRunTable>;
export type InspectionRunMeta = Omit<InspectionRunRow, 'result'>;
export type RunEntryRow = Selectable<RunEntryTable>;
export type PolicyRow = Selectable<PolicyTable>;

const META_COLUMNS = [
  'id',
  'status',
  'periodFrom',
  'periodTo',
  'policyId',
  'policyVersion',
  'policyHash',
  'fingerprint',
  'invoiceLines',
  'enterprises',
  'black',
  'grey',
  'white',
  'unrated',
  'createdAt',
  'finishedAt',
  'userName',
  'stats',
  'error',
] as const;

export async function insertRun(db: Kysely<Database>, run: Omit<InspectionRunRow, 'id'>): Promise<number> {
  const r = await db.insertInto('inspectionRuns').values(run).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateRun(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<InspectionRunRow, 'id'>>,
): Promise<void> {
  await db.updateTable('inspectionRuns').set(changes).where('id', '=', id).execute();
}

export async function getRunMeta(db: Kysely<Database>, id: number): Promise<InspectionRunMeta | undefined> {
  return db.selectFrom('inspectionRuns').select(META_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function getRunResultBlob(
  db: Kysely<Database>,
  id: number,
): Promise<Uint8Array | null | undefined> {
  const r = await db.selectFrom('inspectionRuns').select('result').where('id', '=', id).executeTakeFirst();
  return r?.result;
}

/** Runs, newest first. */
export async function listRuns(
  db: Kysely<Database>,
  q: { limit?: number; offset?: number; status?: string } = {},
): Promise<{ items: InspectionRunMeta[]; total: number }> {
  let base = db.selectFrom('inspectionRuns');
  if (q.status) base = base.where('status', '=', q.status);
  const [items, count] = await Promise.all([
    base
      .select(META_COLUMNS)
      .orderBy('id', 'desc')
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

/** The newest finished run, if any. */
export async function getLatestRun(db: Kysely<Database>): Promise<InspectionRunMeta | undefined> {
  return db
    .selectFrom('inspectionRuns')
    .select(META_COLUMNS)
    .where('status', '=', 'done')
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function insertRunEntries(db: Kysely<Database>, entries: readonly RunEntryRow[]): Promise<void> {
  for (let i = 0; i < entries.length; i += 200) {
    await db
      .insertInto('runEntries')
      .values(entries.slice(i, i + 200))
      .execute();
  }
}

export async function getRunEntry(
  db: Kysely<Database>,
  runId: number,
  taxId: string,
): Promise<RunEntryRow | undefined> {
  return db
    .selectFrom('runEntries')
    .selectAll()
    .where('runId', '=', runId)
    .where('taxId', '=', taxId)
    .executeTakeFirst();
}

/** Every entry of a run (1–2k), in tax ID order. */
export async function listRunEntries(db: Kysely<Database>, runId: number): Promise<RunEntryRow[]> {
  return db.selectFrom('runEntries').selectAll().where('runId', '=', runId).orderBy('taxId').execute();
}

/** An enterprise's entries across runs, newest first (its list history). */
export async function listEntriesOfEnterprise(
  db: Kysely<Database>,
  taxId: string,
  limit = 50,
): Promise<(RunEntryRow & { periodFrom: string; periodTo: string; createdAt: string })[]> {
  return db
    .selectFrom('runEntries')
    .innerJoin('inspectionRuns', 'inspectionRuns.id', 'runEntries.runId')
    .selectAll('runEntries')
    .select(['inspectionRuns.periodFrom', 'inspectionRuns.periodTo', 'inspectionRuns.createdAt'])
    .where('runEntries.taxId', '=', taxId)
    .where('inspectionRuns.status', '=', 'done')
    .orderBy('runEntries.runId', 'desc')
    .limit(limit)
    .execute();
}

export async function findPolicyByHash(db: Kysely<Database>, hash: string): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('hash', '=', hash).executeTakeFirst();
}

export async function insertPolicy(db: Kysely<Database>, policy: Omit<PolicyRow, 'id'>): Promise<number> {
  const r = await db.insertInto('policies').values(policy).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function listPolicies(db: Kysely<Database>): Promise<PolicyRow[]> {
  return db.selectFrom('policies').selectAll().orderBy('id', 'desc').execute();
}

export async function getPolicy(db: Kysely<Database>, id: number): Promise<PolicyRow | undefined> {
  return db.selectFrom('policies').selectAll().where('id', '=', id).executeTakeFirst();
}
