// Declared opening stocks from campaign registrations feed the mass balance (issue 7): the
// declaration in force for an enterprise (a verified record before a merely registered one, then
// the latest change; store listDeclaredOpeningStocks) replaces the registry's opening stock and
// brings its element composition when one was declared. The declarations are part of the data
// fingerprint, so a run stays reproducible from it.
import type { Composition } from '@oresight/core/domain';
import type { Store } from '@oresight/store';
import { listDeclaredOpeningStocks } from '@oresight/store';
import { checkComposition } from './registration-values.ts';

export interface DeclaredStock {
  readonly kg: number;
  readonly composition: Composition | null;
}

export interface DeclaredStocks {
  readonly byTaxId: ReadonlyMap<string, DeclaredStock>;
  /** One line per declaration for computeFingerprint's `extra`. */
  readonly fingerprintLines: readonly string[];
}

/**
 * The declared opening stocks in force, by taxpayer ID.
 * @example const { byTaxId } = await loadDeclaredStocks(store); byTaxId.get('911502007012888877')?.kg
 */
export async function loadDeclaredStocks(store: Store): Promise<DeclaredStocks> {
  const byTaxId = new Map<string, DeclaredStock>();
  const fingerprintLines: string[] = [];
  for (const d of await listDeclaredOpeningStocks(store.db)) {
    let composition: Composition | null = null;
    if (d.composition !== null) {
      // Written by registrations.ts after checkComposition: a failure here is a bug.
      const checked = checkComposition(JSON.parse(d.composition) as Record<string, number>);
      if (!checked.ok) throw new Error(`registration ${d.registrationId}: stored composition is invalid`);
      composition = checked.value;
    }
    byTaxId.set(d.taxId, { kg: d.openingStockKg, composition });
    fingerprintLines.push(
      `declared-stock\u0000${d.taxId}\u0000${d.openingStockKg}\u0000${composition ? JSON.stringify(composition) : ''}`,
    );
  }
  return { byTaxId, fingerprintLines };
}
