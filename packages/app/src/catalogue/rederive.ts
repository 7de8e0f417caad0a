// `oresight rederive` (architecture.md §4, decision 0002): applies the catalogue in force to the
// stored lines. Every item (invoice_items) is matched again; every line is read in id order, a
// page at a time, and its REO kg and catalogue flag bits recomputed; the batches whose lines
// changed get new columnar segments from the `invoice_lines` view. All in one transaction: it
// lands whole, or (on any failure) the store stays as it was. Red-letter linkage (red_links)
// depends on quantities and amounts only and is left alone.
import { LineFlag } from '@oresight/core/domain';
import type { Catalogue, LineFlagName } from '@oresight/core/domain';
import type { Kysely } from 'kysely';
import type { BatchLines, Database, Store } from '@oresight/store';
import {
  appendAudit,
  countLinesByBatch,
  listItemsAfter,
  listLineDerivationsAfter,
  setItemProduct,
  updateLineDerivations,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import { loadCatalogue } from '../shared/catalogue.ts';
import type { Actor } from '../users/roles.ts';
import { can } from '../users/roles.ts';
import { bumpDerivationVersion } from './derivation-version.ts';
import type { RederivedItem } from './line-rederiver.ts';
import { CATALOGUE_FLAG_NAMES, rederiveItem, rederiveLine } from './line-rederiver.ts';
import { CATALOGUE_EDITORS_ONLY } from './overrides.ts';
import { rebuildSegments, segmentsFor } from './segment-rebuild.ts';

export interface RederiveOptions {
  /** Compute and report what would change; write nothing. */
  readonly dryRun?: boolean;
  /** Rebuild the segments of every batch, not only of those whose lines changed. */
  readonly allSegments?: boolean;
  readonly onProgress?: (p: RederiveProgress) => void;
  /** Lines per page read (tests use small pages to cross page boundaries). */
  readonly pageSize?: number;
}

export interface RederiveProgress {
  readonly phase: 'items' | 'lines' | 'segments';
  readonly done: number;
  readonly total: number;
}

/** An item whose product changed, with the number of its lines. */
export interface RematchedItem {
  readonly itemName: string;
  readonly specification: string | null;
  readonly from: string | null;
  readonly to: string | null;
  readonly lines: number;
}

export interface RederiveOutcome {
  readonly dryRun: boolean;
  readonly itemsChecked: number;
  readonly itemsRematched: number;
  /** The first REMATCHED_SHOWN of them, most lines first. */
  readonly rematched: readonly RematchedItem[];
  readonly linesChecked: number;
  /** Lines whose product, REO kg or flags changed. */
  readonly linesChanged: number;
  /** Σ (new − old) REO kg over the changed lines. */
  readonly reoKgDelta: number;
  /** Per catalogue flag: lines that gained it, lines that lost it. */
  readonly flags: Partial<Record<LineFlagName, { set: number; cleared: number }>>;
  readonly batchesAffected: readonly number[];
  /** Segments written (in a dry run: that would be written). */
  readonly segmentsRebuilt: number;
  readonly durationMs: number;
}

export const REMATCHED_SHOWN = 100;
const ITEM_PAGE = 5_000;
const LINE_PAGE = 10_000;

/** Where writes go: the transaction, or nowhere in a dry run. */
type Writes = Kysely<Database> | null;

/** An item as matched now, with what the report needs of it. */
type ItemState = RederivedItem & { itemName: string; specification: string | null; lines: number };

async function matchItems(
  db: Kysely<Database>,
  write: Writes,
  catalogue: Catalogue,
): Promise<Map<number, ItemState>> {
  const items = new Map<number, ItemState>();
  for (let after = 0; ;) {
    const page = await listItemsAfter(db, after, ITEM_PAGE);
    if (page.length === 0) break;
    for (const item of page) {
      const r = rederiveItem(catalogue, item);
      items.set(item.id, { ...r, itemName: item.itemName, specification: item.specification, lines: 0 });
      if (r.rematched && write) await setItemProduct(write, item.id, r.derivation.productId);
    }
    after = page[page.length - 1]?.id ?? after;
  }
  return items;
}

async function run(
  db: Kysely<Database>,
  write: Writes,
  options: RederiveOptions,
): Promise<Omit<RederiveOutcome, 'dryRun' | 'durationMs'> & { linesByBatch: Map<number, BatchLines> }> {
  const progress = options.onProgress ?? (() => undefined);
  const pageSize = options.pageSize ?? LINE_PAGE;
  const catalogue = await loadCatalogue({ db });
  const linesByBatch = await countLinesByBatch(db);
  const totalLines = [...linesByBatch.values()].reduce((n, b) => n + b.lines, 0);

  progress({ phase: 'items', done: 0, total: 1 });
  const items = await matchItems(db, write, catalogue);
  progress({ phase: 'items', done: 1, total: 1 });

  const affected = new Set<number>();
  const flags: Partial<Record<LineFlagName, { set: number; cleared: number }>> = {};
  let linesChecked = 0;
  let linesChanged = 0;
  let reoKgDelta = 0;
  for (let after = 0; ;) {
    const page = await listLineDerivationsAfter(db, after, pageSize);
    if (page.length === 0) break;
    const updates: { id: number; reoKg: number; flags: number }[] = [];
    for (const line of page) {
      const item = items.get(line.itemId);
      if (!item) throw new Error(`line ${line.id} refers to item ${line.itemId}, which is not stored`);
      const r = rederiveLine(line, item);
      if (item.rematched) item.lines++;
      if (!r.changed) continue;
      linesChanged++;
      affected.add(line.batchId);
      if (!r.rowChanged) continue;
      updates.push({ id: line.id, reoKg: r.reoKg, flags: r.flags });
      reoKgDelta += r.reoKg - line.reoKg;
      for (const name of CATALOGUE_FLAG_NAMES) {
        const bit = LineFlag[name];
        const before = (line.flags & bit) !== 0;
        const now = (r.flags & bit) !== 0;
        if (before === now) continue;
        const counts = (flags[name] ??= { set: 0, cleared: 0 });
        if (now) counts.set++;
        else counts.cleared++;
      }
    }
    if (write && updates.length > 0) await updateLineDerivations(write, updates);
    linesChecked += page.length;
    after = page[page.length - 1]?.id ?? after;
    progress({ phase: 'lines', done: linesChecked, total: totalLines });
  }

  const rematched: RematchedItem[] = [];
  for (const item of items.values())
    if (item.rematched)
      rematched.push({
        itemName: item.itemName,
        specification: item.specification,
        from: item.previousProductId,
        to: item.derivation.productId,
        lines: item.lines,
      });
  // Most lines first; item ids differ between SQLite and PostgreSQL, names do not.
  rematched.sort(
    (a, b) =>
      b.lines - a.lines ||
      a.itemName.localeCompare(b.itemName) ||
      (a.specification ?? '').localeCompare(b.specification ?? ''),
  );
  return {
    itemsChecked: items.size,
    itemsRematched: rematched.length,
    rematched: rematched.slice(0, REMATCHED_SHOWN),
    linesChecked,
    linesChanged,
    // Float sums drift in the last bits; a gram is the finest figure anyone reads.
    reoKgDelta: Math.round(reoKgDelta * 1000) / 1000,
    flags,
    batchesAffected: [...affected].sort((a, b) => a - b),
    segmentsRebuilt: 0,
    linesByBatch,
  };
}

/**
 * Applies the catalogue in force to every stored line (see the file comment).
 * @example const r = unwrap(await rederive(store, actor, { dryRun: true })); r.linesChanged
 */
export async function rederive(
  store: Store,
  actor: Actor,
  options: RederiveOptions = {},
): Promise<Outcome<RederiveOutcome>> {
  if (!can(actor, 'inspect')) return { ok: false, error: CATALOGUE_EDITORS_ONLY };
  const started = Date.now();
  const progress = options.onProgress ?? (() => undefined);
  if (options.dryRun) {
    // Reads only: no transaction, so a preview never holds the writers' lock.
    const { linesByBatch, ...r } = await run(store.db, null, options);
    const batches = options.allSegments ? [...linesByBatch.keys()] : r.batchesAffected;
    const segments = batches.reduce((n, id) => n + segmentsFor(linesByBatch.get(id)?.lines ?? 0), 0);
    return ok({ ...r, segmentsRebuilt: segments, dryRun: true, durationMs: Date.now() - started });
  }
  return store.transaction(async (tx) => {
    const { linesByBatch, ...r } = await run(tx.db, tx.db, options);
    const segmentsRebuilt = await rebuildSegments(
      tx,
      new Set(r.batchesAffected),
      linesByBatch,
      options.allSegments === true,
      (done, total) => progress({ phase: 'segments', done, total }),
    );
    const changed = r.itemsRematched > 0 || r.linesChanged > 0;
    if (changed) await bumpDerivationVersion(tx.db);
    const outcome: RederiveOutcome = {
      ...r,
      segmentsRebuilt,
      dryRun: false,
      durationMs: Date.now() - started,
    };
    await appendAudit(tx, {
      actor: actor.username,
      action: 'catalogue.rederive',
      subject: null,
      details: {
        itemsChecked: r.itemsChecked,
        itemsRematched: r.itemsRematched,
        linesChecked: r.linesChecked,
        linesChanged: r.linesChanged,
        reoKgDelta: r.reoKgDelta,
        batches: r.batchesAffected.slice(0, 100),
        batchCount: r.batchesAffected.length,
        segmentsRebuilt,
      },
    });
    return ok(outcome);
  });
}
