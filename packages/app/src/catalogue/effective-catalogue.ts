// The catalogue in force: the shipped products with the user's overrides applied, each marked as
// shipped, overridden (and which fields) or added, so a user can see what the import matches.
import type { Product } from '@oresight/core/domain';
import { createCatalogue } from '@oresight/core/domain';
import type { Store } from '@oresight/store';
import { listCatalogueOverrides } from '@oresight/store';
import { loadCatalogueOverrides } from '../shared/catalogue.ts';
import { isShippedProduct } from './catalogue-check.ts';

export interface EffectiveProduct extends Product {
  readonly status: 'shipped' | 'overridden' | 'added';
  /** The fields an override sets (empty for shipped products). */
  readonly overriddenFields: readonly string[];
  /** Who last changed the override, and when (null for shipped products). */
  readonly changedBy: string | null;
  readonly changedAt: string | null;
}

/**
 * Every product in force, in catalogue order (shipped first, then added ones).
 * @example (await listEffectiveCatalogue(store)).filter((p) => p.status !== 'shipped')
 */
export async function listEffectiveCatalogue(store: Pick<Store, 'db'>): Promise<EffectiveProduct[]> {
  const overrides = await loadCatalogueOverrides(store);
  const rows = new Map((await listCatalogueOverrides(store.db)).map((r) => [r.productId, r]));
  const byId = new Map(overrides.map((o) => [o.id, o]));
  return createCatalogue(overrides).products.map((p) => {
    const o = byId.get(p.id);
    const row = rows.get(p.id);
    return {
      ...p,
      status: o === undefined ? 'shipped' : isShippedProduct(p.id) ? 'overridden' : 'added',
      overriddenFields: o === undefined ? [] : Object.keys(o).filter((k) => k !== 'id'),
      changedBy: row?.userName ?? null,
      changedAt: row?.updatedAt ?? null,
    };
  });
}
