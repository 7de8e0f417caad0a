// Changing the catalogue (issue 2): a user overrides fields of a shipped product, or adds a
// product, by id; or removes that override again. Stored lines keep what they were derived with
// until `oresight rederive` (rederive.ts) applies the catalogue to them. Every change is audited.
import type { CatalogueOverride } from '@oresight/core/domain';
import type { Store } from '@oresight/store';
import {
  appendAudit,
  deleteCatalogueOverride,
  listCatalogueOverrides,
  putCatalogueOverride,
} from '@oresight/store';
import type { Failure, Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import { loadCatalogueOverrides } from '../shared/catalogue.ts';
import type { Actor } from '../users/roles.ts';
import { can } from '../users/roles.ts';
import { checkOverrides, isShippedProduct } from './catalogue-check.ts';
import { invalidOverrides, parseOverrideList, readJsonFile } from './override-input.ts';

/** The catalogue shapes every inspection: changing it is for those who run inspections. */
export const CATALOGUE_EDITORS_ONLY: Failure = {
  code: 'forbidden',
  zh: '只有管理员或分析员可以修改产品目录',
  en: 'Only administrators and analysts can change the product catalogue',
};

export interface SavedOverride {
  readonly id: string;
  /** A shipped product changed, or a product added. */
  readonly kind: 'shipped' | 'added';
  /** True when an earlier override of this id was replaced (a set replaces, never merges). */
  readonly replaced: boolean;
}

export interface SetOverridesResult {
  readonly saved: readonly SavedOverride[];
  readonly warnings: readonly string[];
}

/**
 * Sets one override or several (a JSON object or an array, as parsed JSON), all or none: each is
 * validated, the resulting catalogue is built and checked, then they are stored in one
 * transaction with an audit entry each.
 * @example await setCatalogueOverrides(store, actor, { id: 'recycled-polishing-powder', aliases: ['废抛光粉', '稀土抛光液'] });
 */
export async function setCatalogueOverrides(
  store: Store,
  actor: Actor,
  input: unknown,
): Promise<Outcome<SetOverridesResult>> {
  if (!can(actor, 'inspect')) return { ok: false, error: CATALOGUE_EDITORS_ONLY };
  const parsed = parseOverrideList(input);
  if (!parsed.ok) return parsed;
  const subjects = parsed.value;
  return store.transaction(async (tx) => {
    const stored = new Map((await listCatalogueOverrides(tx.db)).map((r) => [r.productId, r.definition]));
    const current = await loadCatalogueOverrides(tx);
    const byId = new Map<string, CatalogueOverride>(current.map((o) => [o.id, o]));
    for (const o of subjects) byId.set(o.id, o);
    const check = checkOverrides(subjects, [...byId.values()]);
    if (check.errors.length > 0) return { ok: false, error: invalidOverrides(check.errors) };
    const saved: SavedOverride[] = [];
    for (const o of subjects) {
      const previous = stored.get(o.id);
      await putCatalogueOverride(tx.db, o.id, JSON.stringify(o), actor.username);
      await appendAudit(tx, {
        actor: actor.username,
        action: 'catalogue.set',
        subject: `product:${o.id}`,
        details: { override: o, previous: previous === undefined ? null : (JSON.parse(previous) as unknown) },
      });
      saved.push({
        id: o.id,
        kind: isShippedProduct(o.id) ? 'shipped' : 'added',
        replaced: previous !== undefined,
      });
    }
    return ok({ saved, warnings: check.warnings });
  });
}

/**
 * Sets the override(s) in a JSON file (one object or an array).
 * @example await setCatalogueOverridesFromFile(store, actor, 'polishing.json');
 */
export async function setCatalogueOverridesFromFile(
  store: Store,
  actor: Actor,
  path: string,
): Promise<Outcome<SetOverridesResult>> {
  if (!can(actor, 'inspect')) return { ok: false, error: CATALOGUE_EDITORS_ONLY };
  const value = readJsonFile(path);
  return value.ok ? setCatalogueOverrides(store, actor, value.value) : value;
}

export interface RemovedOverride {
  readonly id: string;
  /** 'shipped': the shipped definition is in force again; 'added': the product is gone. */
  readonly kind: 'shipped' | 'added';
  readonly warnings: readonly string[];
}

/**
 * Removes the override of a product: a shipped product returns to its shipped definition, an
 * added product leaves the catalogue (its lines become unmatched at the next rederive).
 * @example await removeCatalogueOverride(store, actor, 'recycled-polishing-powder');
 */
export async function removeCatalogueOverride(
  store: Store,
  actor: Actor,
  productId: string,
): Promise<Outcome<RemovedOverride>> {
  if (!can(actor, 'inspect')) return { ok: false, error: CATALOGUE_EDITORS_ONLY };
  return store.transaction(async (tx) => {
    const rows = await listCatalogueOverrides(tx.db);
    const row = rows.find((r) => r.productId === productId);
    if (!row) {
      const shipped = isShippedProduct(productId);
      return {
        ok: false,
        error: {
          code: 'not_found',
          zh: shipped
            ? `产品 ${productId} 没有调整：目录中使用的是随附定义`
            : `产品目录中没有 ${productId} 的调整`,
          en: shipped
            ? `${productId} has no override: its shipped definition is in force`
            : `There is no catalogue override for ${productId}`,
          field: 'productId',
        },
      };
    }
    await deleteCatalogueOverride(tx.db, productId);
    // What the catalogue looks like without it: a spelling the removed override took away from a
    // shipped product goes back to that product, which may shadow an alias set elsewhere.
    const rest = await loadCatalogueOverrides(tx);
    const check = checkOverrides(rest, rest);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'catalogue.remove',
      subject: `product:${productId}`,
      details: { previous: JSON.parse(row.definition) as unknown },
    });
    return ok({
      id: productId,
      kind: isShippedProduct(productId) ? 'shipped' : 'added',
      warnings: [...check.errors, ...check.warnings],
    });
  });
}
