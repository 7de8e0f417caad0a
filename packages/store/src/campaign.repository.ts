// Campaigns and the registration of enterprises in them (issue 7). Scope, progress and rights are
// decided in the app (packages/app/src/campaigns); this file only reads and writes rows.
import type { Kysely, Selectable } from 'kysely';
import { sql } from 'kysely';
import type { CampaignTable, Database, RegistrationTable } from './schema.ts';
import { containsText } from './text-match.ts';

export type CampaignRow = Selectable<CampaignTable>;
export type NewCampaign = Omit<CampaignRow, 'id'>;
export type RegistrationRow = Selectable<RegistrationTable>;
export type NewRegistration = Omit<RegistrationRow, 'id'>;

/**
 * Stores a campaign and returns its id.
 * @example const id = await insertCampaign(db, { name: '稀土专项整治', periodFrom: '2013-08-15', … });
 */
export async function insertCampaign(db: Kysely<Database>, campaign: NewCampaign): Promise<number> {
  const r = await db.insertInto('campaigns').values(campaign).returning('id').executeTakeFirstOrThrow();
  return Number(r.id);
}

export async function updateCampaign(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<NewCampaign, 'createdAt' | 'createdBy'>>,
): Promise<void> {
  await db.updateTable('campaigns').set(changes).where('id', '=', id).execute();
}

export async function getCampaign(db: Kysely<Database>, id: number): Promise<CampaignRow | undefined> {
  const row = await db.selectFrom('campaigns').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? { ...row, id: Number(row.id) } : undefined;
}

export interface CampaignQuery {
  status?: string;
  /** Substring of the name. */
  q?: string;
  limit?: number;
  offset?: number;
}

/** Campaigns, newest first. */
export async function listCampaigns(
  db: Kysely<Database>,
  q: CampaignQuery = {},
): Promise<{ items: CampaignRow[]; total: number }> {
  let base = db.selectFrom('campaigns');
  if (q.status) base = base.where('status', '=', q.status);
  if (q.q) base = base.where(containsText(sql.ref('name'), q.q));
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy('id', 'desc')
      .limit(q.limit ?? 100)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items: items.map((c) => ({ ...c, id: Number(c.id) })), total: Number(count.n) };
}

function registration(row: RegistrationRow): RegistrationRow {
  return { ...row, id: Number(row.id), campaignId: Number(row.campaignId) };
}

/** Stores a new registration record (one per campaign and enterprise: unique index). */
export async function insertRegistration(db: Kysely<Database>, r: NewRegistration): Promise<number> {
  const out = await db.insertInto('registrations').values(r).returning('id').executeTakeFirstOrThrow();
  return Number(out.id);
}

export async function updateRegistration(
  db: Kysely<Database>,
  id: number,
  changes: Partial<Omit<NewRegistration, 'campaignId' | 'taxId' | 'registeredAt' | 'registeredBy'>>,
): Promise<void> {
  await db.updateTable('registrations').set(changes).where('id', '=', id).execute();
}

export async function getRegistration(
  db: Kysely<Database>,
  campaignId: number,
  taxId: string,
): Promise<RegistrationRow | undefined> {
  const row = await db
    .selectFrom('registrations')
    .selectAll()
    .where('campaignId', '=', campaignId)
    .where('taxId', '=', taxId)
    .executeTakeFirst();
  return row ? registration(row) : undefined;
}

/** Every registration of a campaign (a campaign registers at most a few thousand enterprises). */
export async function listRegistrations(
  db: Kysely<Database>,
  campaignId: number,
): Promise<RegistrationRow[]> {
  const rows = await db
    .selectFrom('registrations')
    .selectAll()
    .where('campaignId', '=', campaignId)
    .orderBy('taxId')
    .execute();
  return rows.map(registration);
}

/** An enterprise's registrations across campaigns, newest campaign first. */
export async function listRegistrationsOfEnterprise(
  db: Kysely<Database>,
  taxId: string,
): Promise<RegistrationRow[]> {
  const rows = await db
    .selectFrom('registrations')
    .selectAll()
    .where('taxId', '=', taxId)
    .orderBy('campaignId', 'desc')
    .execute();
  return rows.map(registration);
}

/** A declared opening stock that the mass balance uses instead of the registry's. */
export interface DeclaredOpeningStock {
  readonly taxId: string;
  readonly registrationId: number;
  readonly campaignId: number;
  readonly status: string;
  readonly openingStockKg: number;
  /** JSON composition text as stored, or null. */
  readonly composition: string | null;
  readonly updatedAt: string;
}

/**
 * The declaration in force per enterprise: among registered or verified records that declare an
 * opening stock, a verified one before a merely registered one, then the latest change (ties:
 * the newer record).
 * @example const stocks = await listDeclaredOpeningStocks(db); // [{ taxId, openingStockKg: 1250500, … }]
 */
export async function listDeclaredOpeningStocks(db: Kysely<Database>): Promise<DeclaredOpeningStock[]> {
  const rows = await db
    .selectFrom('registrations')
    .select(['id', 'taxId', 'campaignId', 'status', 'openingStockKg', 'openingStockComposition', 'updatedAt'])
    .where('openingStockKg', 'is not', null)
    .where('status', 'in', ['registered', 'verified'])
    .orderBy('taxId')
    .orderBy(sql`case when status = 'verified' then 0 else 1 end`)
    .orderBy('updatedAt', 'desc')
    .orderBy('id', 'desc')
    .execute();
  const out: DeclaredOpeningStock[] = [];
  for (const r of rows) {
    if (out.length > 0 && out[out.length - 1]?.taxId === r.taxId) continue;
    out.push({
      taxId: r.taxId,
      registrationId: Number(r.id),
      campaignId: Number(r.campaignId),
      status: r.status,
      openingStockKg: r.openingStockKg as number,
      composition: r.openingStockComposition,
      updatedAt: r.updatedAt,
    });
  }
  return out;
}
