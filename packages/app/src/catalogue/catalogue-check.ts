// Checks a set of overrides against the catalogue they produce, beyond the shape of each one
// (catalogue-override.ts): a new product needs its defining fields, and a name or alias must
// really lead to its product — when two products claim a spelling the first one keeps it
// (core createCatalogue), so a colliding alias would silently do nothing.
import type { Catalogue, CatalogueOverride, ProductDefinition } from '@oresight/core/domain';
import { SHIPPED_PRODUCTS, createCatalogue, normalizeProductName } from '@oresight/core/domain';

const NEW_PRODUCT_FIELDS = ['nameZh', 'nameEn', 'category', 'basis', 'reoPerKg'] as const;

export interface CatalogueCheck {
  /** Problems that make an override useless or the catalogue unbuildable. */
  readonly errors: string[];
  /** Worth telling the user, not wrong. */
  readonly warnings: string[];
}

const shipped = new Map<string, ProductDefinition>(SHIPPED_PRODUCTS.map((p) => [p.id, p]));

/** True when the id is a product the project ships (an override changes it; otherwise it adds one). */
export function isShippedProduct(id: string): boolean {
  return shipped.has(id);
}

/**
 * Checks `subjects` (the overrides being set) within `all` (every override once they are set).
 * @example checkOverrides([{ id: 'x' }], [{ id: 'x' }]).errors // ['x: a new product needs nameZh, …']
 */
export function checkOverrides(
  subjects: readonly CatalogueOverride[],
  all: readonly CatalogueOverride[],
): CatalogueCheck {
  const errors: string[] = [];
  const warnings: string[] = [];
  for (const o of subjects) {
    if (shipped.has(o.id)) continue;
    const missing = NEW_PRODUCT_FIELDS.filter((f) => o[f] === undefined);
    if (missing.length > 0)
      errors.push(
        `${o.id}: not a shipped product, so this adds one, and a new product needs ${missing.join(', ')}`,
      );
  }
  if (errors.length > 0) return { errors, warnings };

  let catalogue: Catalogue;
  try {
    catalogue = createCatalogue(all);
  } catch (error) {
    return { errors: [error instanceof Error ? error.message : String(error)], warnings };
  }
  for (const o of subjects) {
    const spellings = [o.nameZh, o.nameEn, ...(o.aliases ?? [])].filter((s) => s !== undefined);
    for (const s of spellings) {
      const owner = catalogue.findProduct(s);
      if (owner && owner.id !== o.id)
        errors.push(
          `${o.id}: "${s}" already names ${owner.id}, which keeps it; to move it, set ${owner.id}'s aliases without it`,
        );
    }
    const base = shipped.get(o.id);
    if (base && o.aliases !== undefined) {
      const kept = new Set(o.aliases.map(normalizeProductName));
      const dropped = base.aliases.filter((a) => !kept.has(normalizeProductName(a)));
      if (dropped.length > 0)
        warnings.push(
          `${o.id}: aliases replace the shipped list, so ${dropped.map((a) => `"${a}"`).join(', ')} no longer match (list them to keep them)`,
        );
    }
  }
  return { errors, warnings };
}
