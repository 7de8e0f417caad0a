// Read-side queries over quotas and reference prices for the API (issue 5): paged, filtered,
// sorted. The repositories' list functions return everything; these return one page and a total.
import type { Expression, Kysely, SqlBool } from 'kysely';
import { sql } from 'kysely';
import type { Database } from './schema.ts';
import type { QuotaRow } from './quota.repository.ts';
import type { PriceRow } from './price.repository.ts';

export interface QuotaSearch {
  year?: number;
  kind?: string;
  taxId?: string;
  group?: string;
  /** Regional scope: only quotas of these taxpayers (group quotas excluded). Undefined: all. */
  visibleTo?: readonly string[];
  sort?: 'year' | 'kg' | 'taxId' | 'groupName' | 'kind';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Quotas, paged.
 * @example await searchQuotas(db, { year: 2013, kind: 'separation', limit: 20 }) // { items, total }
 */
export async function searchQuotas(
  db: Kysely<Database>,
  q: QuotaSearch,
): Promise<{ items: QuotaRow[]; total: number }> {
  const base = db.selectFrom('quotas').where((eb) => {
    const and: Expression<SqlBool>[] = [];
    if (q.year !== undefined) and.push(eb('year', '=', q.year));
    if (q.kind) and.push(eb('kind', '=', q.kind));
    if (q.taxId) and.push(eb('taxId', '=', q.taxId));
    if (q.group) and.push(eb('groupName', '=', q.group));
    if (q.visibleTo !== undefined) {
      if (q.visibleTo.length === 0) return sql<SqlBool>`1 = 0`;
      and.push(eb('taxId', 'in', [...q.visibleTo]));
    }
    return eb.and(and);
  });
  const direction = q.desc ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(q.sort ?? 'year', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}

export interface PriceSearch {
  productId?: string;
  from?: string;
  to?: string;
  source?: string;
  sort?: 'date' | 'productId' | 'price';
  desc?: boolean;
  limit?: number;
  offset?: number;
}

/**
 * Reference price quotes as stored (CNY per price unit, VAT as quoted), paged.
 * @example await searchPrices(db, { productId: 'oxide-prnd', from: '2013-01-01' })
 */
export async function searchPrices(
  db: Kysely<Database>,
  q: PriceSearch,
): Promise<{ items: PriceRow[]; total: number }> {
  const base = db.selectFrom('prices').where((eb) => {
    const and: Expression<SqlBool>[] = [];
    if (q.productId) and.push(eb('productId', '=', q.productId));
    if (q.from) and.push(eb('date', '>=', q.from));
    if (q.to) and.push(eb('date', '<=', q.to));
    if (q.source !== undefined) and.push(eb('source', '=', q.source));
    return eb.and(and);
  });
  const direction = q.desc ? 'desc' : 'asc';
  const [items, count] = await Promise.all([
    base
      .selectAll()
      .orderBy(q.sort ?? 'date', direction)
      .orderBy('id', direction)
      .limit(q.limit ?? 50)
      .offset(q.offset ?? 0)
      .execute(),
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { items, total: Number(count.n) };
}
