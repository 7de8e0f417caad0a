// Small user-maintained tables: catalogue overrides, the taxpayer-ID allow-list, store metadata.
import type { Kysely, Selectable } from 'kysely';
import type { CatalogueOverrideTable, Database, TaxIdAllowTable } from './schema.ts';
import { nowIso } from './clock.ts';

export type CatalogueOverrideRow = Selectable<CatalogueOverrideTable>;
export type TaxIdAllowRow = Selectable<TaxIdAllowTable>;

export async function listCatalogueOverrides(db: Kysely<Database>): Promise<CatalogueOverrideRow[]> {
  return db.selectFrom('catalogueOverrides').selectAll().orderBy('productId').execute();
}

export async function putCatalogueOverride(
  db: Kysely<Database>,
  productId: string,
  definition: string,
  userName: string | null,
): Promise<void> {
  await db
    .insertInto('catalogueOverrides')
    .values({ productId, definition, updatedAt: nowIso(), userName })
    .onConflict((oc) => oc.column('productId').doUpdateSet({ definition, updatedAt: nowIso(), userName }))
    .execute();
}

export async function deleteCatalogueOverride(db: Kysely<Database>, productId: string): Promise<boolean> {
  const r = await db.deleteFrom('catalogueOverrides').where('productId', '=', productId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

export async function listTaxIdAllowList(db: Kysely<Database>): Promise<TaxIdAllowRow[]> {
  return db.selectFrom('taxIdAllowList').selectAll().orderBy('taxId').execute();
}

export async function putTaxIdAllowed(
  db: Kysely<Database>,
  taxId: string,
  reason: string,
  userName: string | null,
): Promise<void> {
  await db
    .insertInto('taxIdAllowList')
    .values({ taxId, reason, createdAt: nowIso(), userName })
    .onConflict((oc) => oc.column('taxId').doUpdateSet({ reason }))
    .execute();
}

export async function getMeta(db: Kysely<Database>, key: string): Promise<string | undefined> {
  const r = await db.selectFrom('storeMeta').select('value').where('key', '=', key).executeTakeFirst();
  return r?.value;
}

export async function setMeta(db: Kysely<Database>, key: string, value: string): Promise<void> {
  await db
    .insertInto('storeMeta')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value }))
    .execute();
}
