// Regional scoping (issue 5): an inspector sees only enterprises in their regions, and only the
// invoice lines whose seller or buyer is such an enterprise. Anything else is "not found" to
// them (404, never 403: a refusal would confirm that the thing exists).
import { checkTaxId, isWithinRegion } from '@oresight/core/domain';
import type { Actor } from '../users/roles.ts';

/**
 * The region an enterprise is taken to be in: the registry's, else the one its inspection entry
 * carried, else the division code inside its taxpayer ID (USCC positions 3–8, or the first six
 * characters of a legacy 15-character ID), else none.
 * @example effectiveRegion('91150200MA0000000X', null, null) // '150200'
 */
export function effectiveRegion(
  taxId: string,
  registry: string | null,
  entry: string | null = null,
): string | null {
  if (registry) return registry;
  if (entry) return entry;
  const code = checkTaxId(taxId)?.regionCode;
  return code !== undefined && /^\d{6}$/.test(code) ? code : null;
}

/** True when the actor reads the whole country. */
export function isNational(actor: Pick<Actor, 'regions'>): boolean {
  return actor.regions.length === 0;
}

/**
 * True when a region lies within the actor's regions (always, for a national user; never, for a
 * scoped user and an enterprise of unknown region).
 * @example isRegionVisible({ regions: ['150000'] }, '150204') // true
 */
export function isRegionVisible(actor: Pick<Actor, 'regions'>, region: string | null): boolean {
  if (isNational(actor)) return true;
  if (region === null) return false;
  return actor.regions.some((scope) => isWithinRegion(region, scope));
}
