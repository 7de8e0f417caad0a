import type { Catalogue, CatalogueOverride } from '@oresight/core/domain';
import { createCatalogue } from '@oresight/core/domain';
import type { Store } from '@oresight/store';
import { listCatalogueOverrides, listTaxIdAllowList } from '@oresight/store';
import { parseCatalogueOverride } from './catalogue-override.ts';

/** The shipped catalogue with the user's overrides from the store (or a transaction) applied. */
export async function loadCatalogue(store: Pick<Store, 'db'>): Promise<Catalogue> {
  return createCatalogue(await loadCatalogueOverrides(store));
}

/** The user's catalogue overrides, validated. */
export async function loadCatalogueOverrides(store: Pick<Store, 'db'>): Promise<CatalogueOverride[]> {
  const rows = await listCatalogueOverrides(store.db);
  const overrides: CatalogueOverride[] = [];
  for (const row of rows) {
    const parsed = parseCatalogueOverride(JSON.parse(row.definition));
    if (!parsed.ok)
      throw new Error(`stored catalogue override ${row.productId} is invalid: ${parsed.errors.join('; ')}`);
    overrides.push(parsed.value);
  }
  return overrides;
}

/** Taxpayer IDs whose failing checksum is accepted (genuine pilot-era codes, domain.md §4). */
export async function loadTaxIdAllowList(store: Store): Promise<Set<string>> {
  return new Set((await listTaxIdAllowList(store.db)).map((r) => r.taxId));
}
