// A counter of catalogue re-derivations that changed stored lines. The data fingerprint of a run
// (inspections/fingerprint.ts) includes it: the batches and overrides alone do not say whether
// the lines were re-derived since the overrides changed, and two runs with the same fingerprint
// must see the same data.
import type { Kysely } from 'kysely';
import type { Database } from '@oresight/store';
import { getMeta, setMeta } from '@oresight/store';

const KEY = 'catalogue.derivation';

/** The counter, or undefined on a store whose lines were never re-derived. */
export async function getDerivationVersion(db: Kysely<Database>): Promise<string | undefined> {
  return getMeta(db, KEY);
}

/** Counts one more re-derivation (inside the transaction that changed the lines). */
export async function bumpDerivationVersion(db: Kysely<Database>): Promise<number> {
  const next = Number((await getMeta(db, KEY)) ?? '0') + 1;
  await setMeta(db, KEY, String(next));
  return next;
}
