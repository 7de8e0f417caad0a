// The enterprise read model: the registry joined with one run's entries (by default the latest
// finished run), including taxpayers that only appear on invoices (off-register, from the run).
// Built once per (registry version, run) and filtered in memory: 1–2k rows nationally, so a
// request costs a scan of an array rather than a SQL join.
import type { EnterpriseRole } from '@oresight/core/domain';
import { ENTERPRISE_ROLES, isEnterpriseRole, isWithinRegion } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { EnterpriseRow } from '@oresight/store';
import type { Actor } from '../users/roles.ts';
import type { Page } from './page.ts';
import type { ParsedEntry, SummarySignal } from './run-entries.ts';
import { LIST_ORDER, numericSignal, summarySignals } from './run-entries.ts';
import { effectiveRegion, isRegionVisible } from './scope.ts';

export interface IndexedEnterprise {
  readonly taxId: string;
  readonly name: string;
  readonly roles: readonly EnterpriseRole[];
  /** Effective region (registry, else run entry, else taxpayer ID). */
  readonly region: string | null;
  readonly group: string | null;
  readonly registered: boolean;
  readonly registry: EnterpriseRow | null;
  readonly entry: ParsedEntry | null;
  /** Lower-case name and taxpayer ID, for `q`. */
  readonly haystack: string;
}

export const ENTERPRISE_SORTS = [
  'list',
  'score',
  'name',
  'taxId',
  'region',
  'reoOutKg',
  'unexplainedKg',
  'purchaseValueGap',
] as const;
export type EnterpriseSort = (typeof ENTERPRISE_SORTS)[number];

export interface EnterpriseQuery {
  /** Province, city or county code: enterprises within it. */
  readonly region?: string;
  readonly role?: EnterpriseRole;
  /** Exact group name as registered. */
  readonly group?: string;
  /** A list of the run, or `none` for enterprises without an entry in it. */
  readonly list?: ListName | 'none';
  /** Substring of the name or taxpayer ID (case-insensitive). */
  readonly q?: string;
  readonly registered?: boolean;
  readonly sort?: EnterpriseSort;
  readonly desc?: boolean;
  readonly limit: number;
  readonly offset: number;
}

export interface EnterpriseListItem {
  readonly taxId: string;
  readonly name: string;
  readonly roles: readonly EnterpriseRole[];
  readonly region: string | null;
  readonly group: string | null;
  readonly registered: boolean;
  readonly deregistered: string | null;
  readonly list: ListName | null;
  readonly score: number | null;
  /** Rule ids of the entry's reasons. */
  readonly rules: readonly string[];
  readonly signals: Record<SummarySignal, number | null> | null;
}

function rolesOf(stored: string): EnterpriseRole[] {
  const set = new Set(stored.split(/[,;]/).map((r) => r.trim()));
  return ENTERPRISE_ROLES.filter((r) => set.has(r) && isEnterpriseRole(r));
}

export interface EnterpriseIndex {
  readonly items: readonly IndexedEnterprise[];
  readonly byTaxId: ReadonlyMap<string, IndexedEnterprise>;
  /** Lazily sorted copies, per sort key and direction. */
  sorted(sort: EnterpriseSort, desc: boolean): readonly IndexedEnterprise[];
  /** The taxpayers a set of regions may see (computed once per set of regions). */
  visibleTo(regions: readonly string[]): ReadonlySet<string>;
}

/**
 * Joins the registry and a run's entries.
 * @example const index = buildEnterpriseIndex(await listAllEnterprises(db), entries);
 */
export function buildEnterpriseIndex(
  registry: readonly EnterpriseRow[],
  entries: readonly ParsedEntry[] | null,
): EnterpriseIndex {
  const entryByTaxId = new Map((entries ?? []).map((e) => [e.taxId, e]));
  const items: IndexedEnterprise[] = [];
  for (const row of registry) {
    const entry = entryByTaxId.get(row.taxId) ?? null;
    items.push({
      taxId: row.taxId,
      name: row.name,
      roles: rolesOf(row.roles),
      region: effectiveRegion(row.taxId, row.region, entry?.region ?? null),
      group: row.groupName,
      registered: true,
      registry: row,
      entry,
      haystack: `${row.name}\u0000${row.taxId}`.toLowerCase(),
    });
    entryByTaxId.delete(row.taxId);
  }
  // Taxpayers the run saw on invoices but the registry does not hold (off-register parties).
  for (const entry of entryByTaxId.values()) {
    items.push({
      taxId: entry.taxId,
      name: entry.name,
      roles: entry.roles,
      region: effectiveRegion(entry.taxId, null, entry.region),
      group: entry.group,
      registered: false,
      registry: null,
      entry,
      haystack: `${entry.name}\u0000${entry.taxId}`.toLowerCase(),
    });
  }
  items.sort((a, b) => (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
  const byTaxId = new Map(items.map((e) => [e.taxId, e]));
  const cache = new Map<string, readonly IndexedEnterprise[]>();
  const visible = new Map<string, ReadonlySet<string>>();
  return {
    items,
    byTaxId,
    visibleTo(regions) {
      const key = regions.join(',');
      let set = visible.get(key);
      if (!set) {
        set = new Set(items.filter((e) => isRegionVisible({ regions }, e.region)).map((e) => e.taxId));
        visible.set(key, set);
      }
      return set;
    },
    sorted(sort, desc) {
      const key = `${sort}:${desc}`;
      let out = cache.get(key);
      if (!out) {
        out = [...items].sort(comparator(sort, desc));
        cache.set(key, out);
      }
      return out;
    },
  };
}

const collator = new Intl.Collator('zh-Hans-CN');

function byTaxId(a: IndexedEnterprise, b: IndexedEnterprise): number {
  return a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0;
}

/** Compares numbers with nulls always last, whatever the direction. */
function nullsLast(a: number | null, b: number | null, desc: boolean): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return desc ? b - a : a - b;
}

function comparator(
  sort: EnterpriseSort,
  desc: boolean,
): (a: IndexedEnterprise, b: IndexedEnterprise) => number {
  const dir = desc ? -1 : 1;
  switch (sort) {
    case 'list':
      // Urgency first (black → none), then the riskiest within a list.
      return (a, b) =>
        dir * (LIST_ORDER[a.entry?.list ?? 'none'] - LIST_ORDER[b.entry?.list ?? 'none']) ||
        nullsLast(a.entry?.score ?? null, b.entry?.score ?? null, true) ||
        byTaxId(a, b);
    case 'score':
      return (a, b) => nullsLast(a.entry?.score ?? null, b.entry?.score ?? null, desc) || byTaxId(a, b);
    case 'name':
      return (a, b) => dir * collator.compare(a.name, b.name) || byTaxId(a, b);
    case 'taxId':
      return (a, b) => dir * byTaxId(a, b);
    case 'region':
      return (a, b) => dir * (a.region ?? '999999').localeCompare(b.region ?? '999999') || byTaxId(a, b);
    case 'reoOutKg':
    case 'unexplainedKg':
    case 'purchaseValueGap':
      return (a, b) =>
        nullsLast(numericSignal(a.entry?.signals, sort), numericSignal(b.entry?.signals, sort), desc) ||
        byTaxId(a, b);
  }
}

export function toListItem(e: IndexedEnterprise): EnterpriseListItem {
  return {
    taxId: e.taxId,
    name: e.name,
    roles: e.roles,
    region: e.region,
    group: e.group,
    registered: e.registered,
    deregistered: e.registry?.deregistered ?? null,
    list: e.entry?.list ?? null,
    score: e.entry?.score ?? null,
    rules: e.entry ? [...new Set(e.entry.reasons.map((r) => r.rule))] : [],
    signals: summarySignals(e.entry?.signals),
  };
}

/**
 * The enterprises an actor may see that match `q`, in the requested order (all of them; the
 * caller pages).
 */
export function filterEnterprises(
  index: EnterpriseIndex,
  actor: Pick<Actor, 'regions'>,
  q: Omit<EnterpriseQuery, 'limit' | 'offset'>,
): IndexedEnterprise[] {
  const needle = q.q?.trim().toLowerCase();
  return index
    .sorted(q.sort ?? 'list', q.desc ?? false)
    .filter(
      (e) =>
        isRegionVisible(actor, e.region) &&
        (q.region === undefined || (e.region !== null && isWithinRegion(e.region, q.region))) &&
        (q.role === undefined || e.roles.includes(q.role)) &&
        (q.group === undefined || e.group === q.group) &&
        (q.list === undefined || (e.entry?.list ?? 'none') === q.list) &&
        (q.registered === undefined || e.registered === q.registered) &&
        (!needle || e.haystack.includes(needle)),
    );
}

/** One page of list items. */
export function pageEnterprises(
  index: EnterpriseIndex,
  actor: Pick<Actor, 'regions'>,
  q: EnterpriseQuery,
): Page<EnterpriseListItem> {
  const all = filterEnterprises(index, actor, q);
  return {
    items: all.slice(q.offset, q.offset + q.limit).map(toListItem),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}
