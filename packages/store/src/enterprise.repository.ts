import type { Kysely, Selectable } from 'kysely';
import type { Database, EnterpriseTable } from './schema.ts';
import { nowIso } from './clock.ts';

export type EnterpriseRow = Selectable<EnterpriseTable>;
export type EnterpriseInput = Omit<EnterpriseRow, 'updatedAt' | 'batchId'>;

const CHUNK = 400;
const COMPARED: readonly (keyof EnterpriseInput)[] = [
  'name',
  'roles',
  'region',
  'groupName',
  'miningLicence',
  'founded',
  'deregistered',
  'openingStockKg',
  'extra',
  'flags',
];

/**
 * Inserts new enterprises and updates changed ones (the registry evolves: a later file wins);
 * identical rows are counted as duplicates and left alone.
 * @example await upsertEnterprises(tx.db, rows, batchId) // { inserted: 3, updated: 1, duplicate: 0 }
 */
export async function upsertEnterprises(
  db: Kysely<Database>,
  rows: readonly EnterpriseInput[],
  batchId: number,
): Promise<{ inserted: number; updated: number; duplicate: number }> {
  let inserted = 0;
  let updated = 0;
  let duplicate = 0;
  const now = nowIso();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const chunk = rows.slice(i, i + CHUNK);
    const existing = new Map(
      (
        await db
          .selectFrom('enterprises')
          .selectAll()
          .where(
            'taxId',
            'in',
            chunk.map((r) => r.taxId),
          )
          .execute()
      ).map((r) => [r.taxId, r]),
    );
    const fresh: EnterpriseRow[] = [];
    for (const row of chunk) {
      const old = existing.get(row.taxId);
      if (!old) {
        fresh.push({ ...row, batchId, updatedAt: now });
        existing.set(row.taxId, { ...row, batchId, updatedAt: now });
      } else if (COMPARED.some((k) => old[k] !== row[k])) {
        await db
          .updateTable('enterprises')
          .set({ ...row, batchId, updatedAt: now })
          .where('taxId', '=', row.taxId)
          .execute();
        existing.set(row.taxId, { ...row, batchId, updatedAt: now });
        updated++;
      } else {
        duplicate++;
      }
    }
    if (fresh.length > 0) await db.insertInto('enterprises').values(fresh).execute();
    inserted += fresh.length;
  }
  return { inserted, updated, duplicate };
}

export async function getEnterprise(db: Kysely<Database>, taxId: string): Promise<EnterpriseRow | undefined> {
  return db.selectFrom('enterprises').selectAll().where('taxId', '=', taxId).executeTakeFirst();
}

/** The whole registry in tax ID order (1–2k rows nationally). */
export async function listAllEnterprises(db: Kysely<Database>): Promise<EnterpriseRow[]> {
  return db.selectFrom('enterprises').selectAll().orderBy('taxId').execute();
}

export async function countEnterprises(db: Kysely<Database>): Promise<number> {
  const r = await db
    .selectFrom('enterprises')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}
