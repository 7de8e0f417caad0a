// Campaigns (issue 7; domain.md §2): a name, a period (e.g. 2013-08-15 → 2013-11-15), a scope
// (regions, enterprise roles) and the measures each list gets. Created and changed by
// administrators and analysts; read by everyone whose regions the campaign touches.
import type { EnterpriseRole, IsoDate } from '@oresight/core/domain';
import {
  ENTERPRISE_ROLES,
  dayNumberOf,
  isEnterpriseRole,
  parseRole,
  regionLabel,
} from '@oresight/core/domain';
import type { CampaignRow, Store } from '@oresight/store';
import {
  appendAudit,
  getCampaign,
  insertCampaign,
  listCampaigns,
  nowIso,
  updateCampaign as updateCampaignRow,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { isNational } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { joinRegions, regionCodeProblem, splitRegions } from '../users/roles.ts';
import { MANAGERS_ONLY, isManager, regionsOverlap } from './access.ts';
import type { CampaignMeasures } from './measures.ts';
import { DEFAULT_CAMPAIGN_MEASURES, parseCampaignMeasures, readStoredMeasures } from './measures.ts';

export const CAMPAIGN_STATUSES = ['active', 'closed'] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export interface CampaignView {
  readonly id: number;
  readonly name: string;
  readonly periodFrom: IsoDate;
  readonly periodTo: IsoDate;
  readonly regions: readonly { readonly code: string; readonly nameZh: string; readonly nameEn: string }[];
  readonly roles: readonly EnterpriseRole[];
  readonly measures: CampaignMeasures;
  readonly description: string;
  readonly status: CampaignStatus;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
}

export interface CampaignInput {
  readonly name: string;
  readonly periodFrom: string;
  readonly periodTo: string;
  readonly regions?: readonly string[];
  /** Role ids or names (Chinese or English). */
  readonly roles?: readonly string[];
  /** Some or all lists' measures, merged over the defaults (inspection.md §7). */
  readonly measures?: unknown;
  readonly description?: string;
}

export type CampaignChanges = Partial<CampaignInput> & { readonly status?: string };

/** A stored campaign as the use cases see it. */
export function toCampaignView(row: CampaignRow): CampaignView {
  return {
    id: Number(row.id),
    name: row.name,
    periodFrom: row.periodFrom,
    periodTo: row.periodTo,
    regions: splitRegions(row.regions).map((code) => ({
      code,
      nameZh: regionLabel(code, 'zh'),
      nameEn: regionLabel(code, 'en'),
    })),
    roles: row.roles === '' ? [] : row.roles.split(',').filter(isEnterpriseRole),
    measures: readStoredMeasures(row.measures),
    description: row.description,
    status: row.status === 'closed' ? 'closed' : 'active',
    createdAt: row.createdAt,
    createdBy: row.createdBy,
    updatedAt: row.updatedAt,
  };
}

/** True when the actor may see the campaign: national readers always; others when it touches their regions. */
export function isCampaignVisible(actor: Pick<Actor, 'regions'>, c: Pick<CampaignView, 'regions'>): boolean {
  if (isNational(actor) || c.regions.length === 0) return true;
  return c.regions.some((r) => actor.regions.some((a) => regionsOverlap(r.code, a)));
}

function campaignNotFound(id: number): Outcome<never> {
  return { ok: false, error: notFound(`专项行动 ${id}`, `Campaign ${id}`) };
}

/**
 * The campaign if the actor may see it (else a not-found failure, whether it exists or not).
 * @example const c = await loadCampaign(store, actor, 1); if (!c.ok) return c;
 */
export async function loadCampaign(store: Store, actor: Actor, id: number): Promise<Outcome<CampaignView>> {
  const row = await getCampaign(store.db, id);
  if (!row) return campaignNotFound(id);
  const view = toCampaignView(row);
  if (!isCampaignVisible(actor, view)) return campaignNotFound(id);
  return ok(view);
}

interface CheckedFields {
  name?: string;
  periodFrom?: string;
  periodTo?: string;
  regions?: string;
  roles?: string;
  measures?: string;
  description?: string;
  status?: string;
}

function checkFields(input: CampaignChanges, base: CampaignView | undefined): Outcome<CheckedFields> {
  const out: CheckedFields = {};
  if (input.name !== undefined) {
    const name = input.name.normalize('NFC').trim();
    if (name.length < 1 || name.length > 200)
      return fail('invalid', '名称须为 1–200 个字符', 'The name must have 1–200 characters', 'name');
    out.name = name;
  }
  const from = input.periodFrom ?? base?.periodFrom;
  const to = input.periodTo ?? base?.periodTo;
  if (input.periodFrom !== undefined || input.periodTo !== undefined) {
    if (from === undefined || dayNumberOf(from) === undefined)
      return fail(
        'invalid',
        '开始日期无效（YYYY-MM-DD）',
        'periodFrom is not a date (YYYY-MM-DD)',
        'periodFrom',
      );
    if (to === undefined || dayNumberOf(to) === undefined)
      return fail('invalid', '结束日期无效（YYYY-MM-DD）', 'periodTo is not a date (YYYY-MM-DD)', 'periodTo');
    if (from > to) return fail('invalid', '开始日期晚于结束日期', 'periodFrom is after periodTo', 'periodTo');
    out.periodFrom = from;
    out.periodTo = to;
  }
  if (input.regions !== undefined) {
    for (const code of input.regions) {
      const problem = regionCodeProblem(code);
      if (problem) return fail('invalid', problem.zh, problem.en, 'regions');
    }
    out.regions = joinRegions(input.regions);
  }
  if (input.roles !== undefined) {
    const roles = new Set<EnterpriseRole>();
    for (const text of input.roles) {
      const role = parseRole(text);
      if (!role)
        return fail(
          'invalid',
          `未知企业类型 "${text}"`,
          `Unknown enterprise role "${text}" (use ${ENTERPRISE_ROLES.join(', ')})`,
          'roles',
        );
      roles.add(role);
    }
    out.roles = ENTERPRISE_ROLES.filter((r) => roles.has(r)).join(',');
  }
  if (input.measures !== undefined) {
    const parsed = parseCampaignMeasures(input.measures, base?.measures ?? DEFAULT_CAMPAIGN_MEASURES);
    if (!parsed.ok) return parsed;
    out.measures = JSON.stringify(parsed.value);
  }
  if (input.description !== undefined) {
    if (input.description.length > 5000)
      return fail(
        'invalid',
        '说明不能超过 5000 个字符',
        'The description has at most 5,000 characters',
        'description',
      );
    out.description = input.description.trim();
  }
  if (input.status !== undefined) {
    if (!(CAMPAIGN_STATUSES as readonly string[]).includes(input.status))
      return fail('invalid', '状态须为 active 或 closed', 'The status is active or closed', 'status');
    out.status = input.status;
  }
  return ok(out);
}

/**
 * Creates a campaign (administrators and analysts).
 * @example await createCampaign(store, analyst, { name: '稀土专项整治行动', periodFrom: '2013-08-15', periodTo: '2013-11-15' });
 */
export async function createCampaign(
  store: Store,
  actor: Actor,
  input: CampaignInput,
): Promise<Outcome<CampaignView>> {
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const checked = checkFields({ measures: {}, ...input }, undefined);
  if (!checked.ok) return checked;
  const c = checked.value;
  if (c.name === undefined || c.periodFrom === undefined || c.periodTo === undefined)
    return fail(
      'invalid',
      '需要名称、开始日期和结束日期',
      'A campaign needs a name, periodFrom and periodTo',
    );
  const now = nowIso();
  const row = {
    name: c.name,
    periodFrom: c.periodFrom,
    periodTo: c.periodTo,
    regions: c.regions ?? '',
    roles: c.roles ?? '',
    measures: c.measures ?? JSON.stringify(DEFAULT_CAMPAIGN_MEASURES),
    description: c.description ?? '',
    status: 'active',
    createdAt: now,
    createdBy: actor.username,
    updatedAt: now,
  };
  const id = await store.transaction(async (tx) => {
    const id = await insertCampaign(tx.db, row);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'campaign.create',
      subject: `campaign:${id}`,
      details: { ...row, measures: JSON.parse(row.measures) as unknown },
    });
    return id;
  });
  return ok(toCampaignView({ id, ...row }));
}

/**
 * Changes a campaign's name, period, scope, measures, description or status (managers).
 * @example await updateCampaign(store, analyst, 1, { measures: { grey: { dueDays: 10 } } });
 */
export async function updateCampaign(
  store: Store,
  actor: Actor,
  id: number,
  changes: CampaignChanges,
): Promise<Outcome<CampaignView>> {
  const current = await loadCampaign(store, actor, id);
  if (!current.ok) return current;
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const checked = checkFields(changes, current.value);
  if (!checked.ok) return checked;
  const set = { ...checked.value, updatedAt: nowIso() };
  await store.transaction(async (tx) => {
    await updateCampaignRow(tx.db, id, set);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'campaign.update',
      subject: `campaign:${id}`,
      details: { ...set, ...(set.measures ? { measures: JSON.parse(set.measures) as unknown } : {}) },
    });
  });
  const row = await getCampaign(store.db, id);
  if (!row) throw new Error(`campaign ${id} vanished during an update`);
  return ok(toCampaignView(row));
}

/** Campaigns the actor may see, newest first. */
export async function listCampaignViews(
  store: Store,
  actor: Actor,
  q: { status?: CampaignStatus; q?: string; limit: number; offset: number },
): Promise<Page<CampaignView>> {
  const { items } = await listCampaigns(store.db, {
    ...(q.status ? { status: q.status } : {}),
    ...(q.q ? { q: q.q } : {}),
    limit: 100_000,
  });
  const visible = items.map(toCampaignView).filter((c) => isCampaignVisible(actor, c));
  return {
    items: visible.slice(q.offset, q.offset + q.limit),
    total: visible.length,
    limit: q.limit,
    offset: q.offset,
  };
}

/** The campaign's scope in the form scope.ts takes. */
export function scopeOf(c: CampaignView): { regions: string[]; roles: EnterpriseRole[] } {
  return { regions: c.regions.map((r) => r.code), roles: [...c.roles] };
}
