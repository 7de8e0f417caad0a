// Published list versions, frozen (issue 7): the entries as they stood when published, copied so
// that later overrides or runs never change what was published; and appeals against them.
import type { Kysely, Selectable } from 'kysely';
import type { AppealTable, Database, ListPublicationTable, PublicationEntryTable } from './schema.ts';

export type PublicationRow = Selectable<ListPublicationTable>;
export type NewPublication = Omit<PublicationRow, 'id'>;
export type PublicationEntryRow = Selectable<PublicationEntryTable>;
export type AppealRow = Selectable<AppealTable>;
export type NewAppeal = Omit<AppealRow, 'id'>;

/**
 * Stores a publication and its entries (call inside a transaction) and returns its id.
 * @example const id = await insertPublication(tx.db, pub, entries);
 */
export async function insertPublication(
  db: Kysely<Database>,
  publication: NewPublication,
  entries: readonly Omit<PublicationEntryRow, 'publicationId'>[],
): Promise<number> {
  const r = await db
    .insertInto('listPublications')
    .values(publication)
    .returning('id')
    .executeTakeFirstOrThrow();
  const id = Number(r.id);
  for (let i = 0; i < entries.length; i += 500) {
    const chunk = entries.slice(i, i + 500).map((e) => ({ ...e, publicationId: id }));
    if (chunk.length > 0) await db.insertInto('publicationEntries').values(chunk).execute();
  }
  return id;
}

function publication(row: PublicationRow): PublicationRow {
  return { ...row, id: Number(row.id), runId: Number(row.runId) };
}

export async function getPublication(db: Kysely<Database>, id: number): Promise<PublicationRow | undefined> {
  const r = await db.selectFrom('listPublications').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? publication(r) : undefined;
}

/** Publications, newest first (optionally of one run). */
export async function listPublications(
  db: Kysely<Database>,
  q: { runId?: number; limit?: number; offset?: number } = {},
): Promise<{ items: PublicationRow[]; total: number }> {
  let base = db.selectFrom('listPublications');
  if (q.runId !== undefined) base = base.where('runId', '=', q.runId);
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map(publication), total: Number(count.n) };
}

/** A publication's frozen entries, in taxpayer-ID order (the app sorts them by list and score). */
export async function listPublicationEntries(
  db: Kysely<Database>,
  publicationId: number,
): Promise<PublicationEntryRow[]> {
  const rows = await db
    .selectFrom('publicationEntries')
    .selectAll()
    .where('publicationId', '=', publicationId)
    .orderBy('taxId')
    .execute();
  return rows.map((r) => ({
    ...r,
    publicationId: Number(r.publicationId),
    overrideId: r.overrideId === null ? null : Number(r.overrideId),
  }));
}

/** The publications that list an enterprise, newest first, with its frozen entry. */
export async function listPublicationEntriesOfEnterprise(
  db: Kysely<Database>,
  taxId: string,
): Promise<PublicationEntryRow[]> {
  const rows = await db
    .selectFrom('publicationEntries')
    .selectAll()
    .where('taxId', '=', taxId)
    .orderBy('publicationId', 'desc')
    .execute();
  return rows.map((r) => ({
    ...r,
    publicationId: Number(r.publicationId),
    overrideId: r.overrideId === null ? null : Number(r.overrideId),
  }));
}

function appeal(row: AppealRow): AppealRow {
  return { ...row, id: Number(row.id), publicationId: Number(row.publicationId) };
}

export async function insertAppeal(db: Kysely<Database>, a: NewAppeal): Promise<number> {
  const r = await db.insertInto('appeals').values(a).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateAppeal(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Pick<AppealRow, 'status' | 'outcomeNote' | 'decidedBy' | 'decidedAt'>>,
): Promise<void> {
  await db.updateTable('appeals').set(changes).where('id', '=', id).execute();
}

export async function getAppeal(db: Kysely<Database>, id: number): Promise<AppealRow | undefined> {
  const r = await db.selectFrom('appeals').selectAll().where('id', '=', id).executeTakeFirst();
  return r ? appeal(r) : undefined;
}

/** Appeals matching the filter, oldest first. */
export async function listAppeals(
  db: Kysely<Database>,
  f: { publicationId?: number; taxId?: string; status?: string } = {},
): Promise<AppealRow[]> {
  let q = db.selectFrom('appeals').selectAll();
  if (f.publicationId !== undefined) q = q.where('publicationId', '=', f.publicationId);
  if (f.taxId !== undefined) q = q.where('taxId', '=', f.taxId);
  if (f.status !== undefined) q = q.where('status', '=', f.status);
  return (await q.orderBy('id').execute()).map(appeal);
}
