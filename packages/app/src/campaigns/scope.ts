// Which enterprises a campaign covers: every enterprise of the registry, every taxpayer of the
// latest finished run (off-register invoice parties included: the campaign's point is to register
// them) and every taxpayer already registered in the campaign, cut to the campaign's regions and
// roles. An enterprise's region is the registry's, else its run entry's, else the division code
// in its taxpayer ID (the same rule the read side uses for scoping).
import type { EnterpriseRole } from '@oresight/core/domain';
import { ENTERPRISE_ROLES, isEnterpriseRole, isWithinRegion } from '@oresight/core/domain';
import type { RegistrationRow, Store } from '@oresight/store';
import {
  getEnterprise,
  getLatestRun,
  getRunEntry,
  listAllEnterprises,
  listRunEntries,
} from '@oresight/store';
import { effectiveRegion } from '../queries/scope.ts';

export interface ScopeEnterprise {
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly roles: readonly EnterpriseRole[];
  readonly group: string | null;
  /** In the registry (false: seen only on invoices, or registered only in a campaign). */
  readonly inRegistry: boolean;
}

export interface CampaignScope {
  /** Region codes; empty = nationwide. */
  readonly regions: readonly string[];
  /** Enterprise roles; empty = every role (and taxpayers without a known role). */
  readonly roles: readonly EnterpriseRole[];
}

function rolesOf(text: string): EnterpriseRole[] {
  const set = new Set(text.split(/[,;]/).map((r) => r.trim()));
  return ENTERPRISE_ROLES.filter((r) => set.has(r) && isEnterpriseRole(r));
}

/**
 * Every known taxpayer, by taxpayer ID: the registry and the latest finished run's entries.
 * @example const all = await loadUniverse(store); all.get('911502007012888877')?.region // '150200'
 */
export async function loadUniverse(store: Store): Promise<Map<string, ScopeEnterprise>> {
  const out = new Map<string, ScopeEnterprise>();
  for (const e of await listAllEnterprises(store.db))
    out.set(e.taxId, {
      taxId: e.taxId,
      name: e.name,
      region: effectiveRegion(e.taxId, e.region),
      roles: rolesOf(e.roles),
      group: e.groupName,
      inRegistry: true,
    });
  const run = await getLatestRun(store.db);
  if (run)
    for (const e of await listRunEntries(store.db, Number(run.id)))
      if (!out.has(e.taxId))
        out.set(e.taxId, {
          taxId: e.taxId,
          name: e.name,
          region: effectiveRegion(e.taxId, null, e.region),
          roles: rolesOf(e.roles),
          group: e.groupName,
          inRegistry: false,
        });
  return out;
}

/**
 * One taxpayer as the universe would describe it (registry, latest run, else only its ID), or
 * undefined when the store knows nothing of it.
 */
export async function describeEnterprise(store: Store, taxId: string): Promise<ScopeEnterprise | undefined> {
  const e = await getEnterprise(store.db, taxId);
  if (e)
    return {
      taxId,
      name: e.name,
      region: effectiveRegion(taxId, e.region),
      roles: rolesOf(e.roles),
      group: e.groupName,
      inRegistry: true,
    };
  const run = await getLatestRun(store.db);
  const entry = run ? await getRunEntry(store.db, Number(run.id), taxId) : undefined;
  if (!entry) return undefined;
  return {
    taxId,
    name: entry.name,
    region: effectiveRegion(taxId, null, entry.region),
    roles: rolesOf(entry.roles),
    group: entry.groupName,
    inRegistry: false,
  };
}

/** A registration row as a scope member (for taxpayers registered but not otherwise known). */
export function registeredEnterprise(r: Pick<RegistrationRow, 'taxId' | 'name' | 'region'>): ScopeEnterprise {
  return {
    taxId: r.taxId,
    name: r.name,
    region: r.region ?? effectiveRegion(r.taxId, null),
    roles: [],
    group: null,
    inRegistry: false,
  };
}

/**
 * True when the campaign covers the enterprise: its region lies in one of the campaign's regions
 * (any, for a nationwide campaign) and it holds one of the campaign's roles (any, when none are
 * named; a taxpayer without a known role is covered only then).
 * @example inCampaignScope({ regions: ['150000'], roles: ['separation'] }, jinmeng) // true
 */
export function inCampaignScope(scope: CampaignScope, e: Pick<ScopeEnterprise, 'region' | 'roles'>): boolean {
  if (scope.regions.length > 0) {
    const region = e.region;
    if (region === null || !scope.regions.some((r) => isWithinRegion(region, r))) return false;
  }
  if (scope.roles.length > 0 && !e.roles.some((r) => scope.roles.includes(r))) return false;
  return true;
}

/** The enterprises a campaign covers, with its registered taxpayers, in taxpayer-ID order. */
export function campaignMembers(
  scope: CampaignScope,
  universe: ReadonlyMap<string, ScopeEnterprise>,
  registrations: readonly RegistrationRow[],
): ScopeEnterprise[] {
  const out = new Map<string, ScopeEnterprise>();
  for (const e of universe.values()) if (inCampaignScope(scope, e)) out.set(e.taxId, e);
  // A registration stays part of its campaign even if the registry changed since.
  for (const r of registrations)
    if (!out.has(r.taxId)) out.set(r.taxId, universe.get(r.taxId) ?? registeredEnterprise(r));
  return [...out.values()].sort((a, b) => (a.taxId < b.taxId ? -1 : a.taxId > b.taxId ? 1 : 0));
}
