// A run's lists with governance applied (issue 7): each entry's computed list, the override in
// force (if any) and the list that results — what tasks are made from, what is published and
// exported. Cut to the reader's regions.
import type { EnterpriseRole, IsoDate } from '@oresight/core/domain';
import { isEnterpriseRole, regionLabel } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { Store } from '@oresight/store';
import { getRunMeta, listAllEnterprises, listOverrides, listRunEntries } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { notFound, ok } from '../shared/app-error.ts';
import type { RunRef } from '../queries/run-entries.ts';
import { LIST_ORDER, runRefOf } from '../queries/run-entries.ts';
import { effectiveRegion, isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { todayCst } from '../campaigns/access.ts';
import { isListName, overridesInForce } from './overrides.ts';

export interface EffectiveEntry {
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly roles: readonly EnterpriseRole[];
  readonly group: string | null;
  readonly score: number;
  /** Rule ids that fired, in order, without repeats. */
  readonly rules: readonly string[];
  readonly computedList: ListName;
  /** The list in force: the override's, else the computed one. */
  readonly list: ListName;
  readonly override: {
    readonly id: number;
    readonly reason: string;
    readonly expiresOn: string | null;
    readonly requestedBy: string;
    readonly decidedBy: string | null;
  } | null;
  /** A request awaiting approval, if any. */
  readonly pendingOverrideId: number | null;
}

export interface EffectiveList {
  readonly run: RunRef;
  /** The date overrides' expiry was judged at. */
  readonly asOf: IsoDate;
  readonly counts: Readonly<Record<ListName, number>>;
  readonly overridden: number;
  readonly entries: readonly EffectiveEntry[];
}

/** Black, grey, unrated, white; score descending; taxpayer ID. */
export function compareEntries(
  a: { list: ListName; score: number; taxId: string },
  b: { list: ListName; score: number; taxId: string },
): number {
  return (
    LIST_ORDER[a.list] - LIST_ORDER[b.list] ||
    b.score - a.score ||
    (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0)
  );
}

function rulesOf(reasonsJson: string): string[] {
  // Our own stored JSON (run-inspection.ts): trusted.
  const reasons = JSON.parse(reasonsJson) as { rule?: unknown }[];
  return [...new Set(reasons.map((r) => String(r.rule)))];
}

/**
 * A finished run's entries with the overrides in force on `asOf` (default today, China Standard
 * Time), sorted by list and score; undefined run → not found.
 * @example const { value } = await getEffectiveList(store, actor, 3); value.entries[0].list // 'black'
 */
export async function getEffectiveList(
  store: Store,
  actor: Actor,
  runId: number,
  options: { asOf?: IsoDate } = {},
): Promise<Outcome<EffectiveList>> {
  const asOf = options.asOf ?? todayCst();
  const meta = await getRunMeta(store.db, runId);
  if (!meta || meta.status !== 'done')
    return { ok: false, error: notFound(`检查批次 ${runId}`, `Run ${runId}`) };
  const [entries, registry, inForce, pending] = await Promise.all([
    listRunEntries(store.db, runId),
    listAllEnterprises(store.db),
    overridesInForce(store.db, runId, asOf),
    listOverrides(store.db, { runId, statuses: ['pending'] }),
  ]);
  const regionOf = new Map(registry.map((e) => [e.taxId, e.region]));
  const pendingOf = new Map(pending.map((o) => [o.taxId, Number(o.id)]));
  const out: EffectiveEntry[] = [];
  const counts: Record<ListName, number> = { black: 0, grey: 0, white: 0, unrated: 0 };
  let overridden = 0;
  for (const e of entries) {
    const region = effectiveRegion(e.taxId, regionOf.get(e.taxId) ?? null, e.region);
    if (!isRegionVisible(actor, region)) continue;
    if (!isListName(e.list)) throw new Error(`run ${runId} entry ${e.taxId}: unknown list "${e.list}"`);
    const o = inForce.get(e.taxId);
    const list = o && isListName(o.list) ? o.list : e.list;
    counts[list]++;
    if (o) overridden++;
    out.push({
      taxId: e.taxId,
      name: e.name,
      region,
      regionNameZh: region ? regionLabel(region, 'zh') : null,
      regionNameEn: region ? regionLabel(region, 'en') : null,
      roles: e.roles.split(/[,;]/).filter(isEnterpriseRole),
      group: e.groupName,
      score: e.score,
      rules: rulesOf(e.reasons),
      computedList: e.list,
      list,
      override: o
        ? {
            id: Number(o.id),
            reason: o.reason,
            expiresOn: o.expiresOn,
            requestedBy: o.requestedBy,
            decidedBy: o.decidedBy,
          }
        : null,
      pendingOverrideId: pendingOf.get(e.taxId) ?? null,
    });
  }
  out.sort(compareEntries);
  return ok({ run: runRefOf(meta), asOf, counts, overridden, entries: out });
}
