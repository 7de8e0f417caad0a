// The data fingerprint of a run: what the store held when the Dataset was read. Two runs with the
// same fingerprint, period and policy must give byte-identical results (issue 4).
import { createHash } from 'node:crypto';
import type { Store } from '@oresight/store';
import { listCatalogueOverrides, listCommittedHashes, listTaxIdAllowList } from '@oresight/store';
import { getDerivationVersion } from '../catalogue/derivation-version.ts';

/**
 * SHA-256 over the committed batches (kind and content hash, in import order), the catalogue
 * overrides, how often the lines were re-derived since (`oresight rederive`) and the taxpayer-ID
 * allow-list, plus any extra inputs (e.g. declared stocks).
 */
export async function computeFingerprint(store: Store, extra: readonly string[] = []): Promise<string> {
  const hash = createHash('sha256');
  for (const b of await listCommittedHashes(store.db)) hash.update(`batch\u0000${b.kind}\u0000${b.sha256}\n`);
  for (const o of await listCatalogueOverrides(store.db))
    hash.update(`catalogue\u0000${o.productId}\u0000${o.definition}\n`);
  // Absent until the first rederive, so fingerprints of stores that never re-derived stay as they were.
  const derived = await getDerivationVersion(store.db);
  if (derived !== undefined) hash.update(`derived\u0000${derived}\n`);
  for (const a of await listTaxIdAllowList(store.db)) hash.update(`allow\u0000${a.taxId}\n`);
  for (const e of extra) hash.update(`extra\u0000${e}\n`);
  return `sha256:${hash.digest('hex')}`;
}
