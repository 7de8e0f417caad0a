// Registration of every enterprise in a campaign's scope (issue 7; domain.md §2 "verify every
// mining, production and trading enterprise one by one"): status (not registered, registered,
// verified), the registration record (licences, capacity, declared opening stock, contact),
// bulk registration from a file, and progress by region. Inspectors register and verify only in
// their regions; anything else is not found to them.
import type { Composition, EnterpriseRole } from '@oresight/core/domain';
import {
  checkTaxId,
  normalizeTaxId,
  prefectureCodeOf,
  provinceCodeOf,
  regionLabel,
} from '@oresight/core/domain';
import type { RegistrationRow, Store, StoreTransaction } from '@oresight/store';
import {
  appendAudit,
  getRegistration,
  insertRegistration,
  listRegistrations,
  nowIso,
  updateRegistration,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { READ_ONLY, canWork, lockForDecision } from './access.ts';
import type { CampaignView } from './campaigns.ts';
import { loadCampaign, scopeOf } from './campaigns.ts';
import type { RegistrationRowIssue } from './registration-file.ts';
import { parseRegistrationFile } from './registration-file.ts';
import type {
  CheckedRegistration,
  Licence,
  RegistrationInput,
  RegistrationStatus,
} from './registration-values.ts';
import { checkRegistrationInput } from './registration-values.ts';
import type { ScopeEnterprise } from './scope.ts';
import {
  campaignMembers,
  describeEnterprise,
  inCampaignScope,
  loadUniverse,
  registeredEnterprise,
} from './scope.ts';

export type RegistrationState = 'not_registered' | RegistrationStatus;

export interface RegistrationView {
  readonly id: number;
  readonly campaignId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly status: RegistrationStatus;
  readonly licences: readonly Licence[];
  readonly capacityKg: number | null;
  readonly openingStockKg: number | null;
  readonly openingStockDate: string | null;
  readonly openingStockComposition: Composition | null;
  readonly contactName: string | null;
  readonly contactPhone: string | null;
  readonly contactEmail: string | null;
  readonly address: string | null;
  readonly notes: string | null;
  readonly source: string;
  readonly registeredAt: string;
  readonly registeredBy: string;
  readonly verifiedAt: string | null;
  readonly verifiedBy: string | null;
  readonly updatedAt: string;
  readonly updatedBy: string;
}

export interface RegistrationListItem {
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly roles: readonly EnterpriseRole[];
  readonly group: string | null;
  readonly inRegistry: boolean;
  readonly status: RegistrationState;
  readonly registration: RegistrationView | null;
}

function parseJsonOr<T>(text: string | null, fallback: T): T {
  if (text === null) return fallback;
  return JSON.parse(text) as T;
}

/** A stored registration as the use cases show it (our own JSON: trusted). */
export function toRegistrationView(r: RegistrationRow): RegistrationView {
  return {
    id: Number(r.id),
    campaignId: Number(r.campaignId),
    taxId: r.taxId,
    name: r.name,
    region: r.region,
    status: r.status === 'verified' ? 'verified' : 'registered',
    licences: parseJsonOr<Licence[]>(r.licences, []),
    capacityKg: r.capacityKg,
    openingStockKg: r.openingStockKg,
    openingStockDate: r.openingStockDate,
    openingStockComposition: parseJsonOr<Composition | null>(r.openingStockComposition, null),
    contactName: r.contactName,
    contactPhone: r.contactPhone,
    contactEmail: r.contactEmail,
    address: r.address,
    notes: r.notes,
    source: r.source,
    registeredAt: r.registeredAt,
    registeredBy: r.registeredBy,
    verifiedAt: r.verifiedAt,
    verifiedBy: r.verifiedBy,
    updatedAt: r.updatedAt,
    updatedBy: r.updatedBy,
  };
}

function listItem(e: ScopeEnterprise, r: RegistrationRow | undefined): RegistrationListItem {
  return {
    taxId: e.taxId,
    name: r?.name ?? e.name,
    region: e.region,
    regionNameZh: e.region ? regionLabel(e.region, 'zh') : null,
    regionNameEn: e.region ? regionLabel(e.region, 'en') : null,
    roles: e.roles,
    group: e.group,
    inRegistry: e.inRegistry,
    status: r ? (r.status === 'verified' ? 'verified' : 'registered') : 'not_registered',
    registration: r ? toRegistrationView(r) : null,
  };
}

const NOT_IN_SCOPE = (taxId: string) =>
  notFound(
    `本专项行动（或您的辖区）范围内的企业 ${taxId}`,
    `Enterprise ${taxId} in this campaign (within your regions)`,
  );

/** The enterprise if it is in the campaign's scope and the actor's regions (else undefined). */
async function memberOf(
  store: Store,
  actor: Actor,
  campaign: CampaignView,
  taxId: string,
  existing: RegistrationRow | undefined,
): Promise<ScopeEnterprise | undefined> {
  let e = await describeEnterprise(store, taxId);
  if (!e && existing) e = registeredEnterprise(existing);
  if (!e) {
    // A taxpayer the store has never seen may still be registered (the campaign finds them):
    // placed by the division code inside its ID.
    if (!checkTaxId(taxId)) return undefined;
    e = registeredEnterprise({ taxId, name: taxId, region: null });
  }
  if (!existing && !inCampaignScope(scopeOf(campaign), e)) return undefined;
  if (!isRegionVisible(actor, e.region)) return undefined;
  return e;
}

type Saved = { action: 'created' | 'updated' | 'unchanged'; row: RegistrationRow };

const CONTENT_FIELDS = [
  'name',
  'licences',
  'capacityKg',
  'openingStockKg',
  'openingStockDate',
  'openingStockComposition',
  'contactName',
  'contactPhone',
  'contactEmail',
  'address',
  'notes',
] as const;

/** Writes one registration inside a transaction, with its audit entry. */
async function saveRegistration(
  tx: StoreTransaction,
  actor: Actor,
  campaign: CampaignView,
  e: ScopeEnterprise,
  input: CheckedRegistration,
  source: string,
): Promise<Saved> {
  // Two first registrations of the same enterprise at once: the second waits, then updates.
  await lockForDecision(tx);
  const now = nowIso();
  const existing = await getRegistration(tx.db, campaign.id, e.taxId);
  const content = {
    name: input.name ?? existing?.name ?? e.name,
    licences: input.licences !== undefined ? JSON.stringify(input.licences) : (existing?.licences ?? '[]'),
    capacityKg: input.capacityKg !== undefined ? input.capacityKg : (existing?.capacityKg ?? null),
    openingStockKg:
      input.openingStockKg !== undefined ? input.openingStockKg : (existing?.openingStockKg ?? null),
    openingStockDate:
      input.openingStockDate !== undefined ? input.openingStockDate : (existing?.openingStockDate ?? null),
    openingStockComposition:
      input.openingStockComposition !== undefined
        ? input.openingStockComposition === null
          ? null
          : JSON.stringify(input.openingStockComposition)
        : (existing?.openingStockComposition ?? null),
    contactName: input.contactName !== undefined ? input.contactName : (existing?.contactName ?? null),
    contactPhone: input.contactPhone !== undefined ? input.contactPhone : (existing?.contactPhone ?? null),
    contactEmail: input.contactEmail !== undefined ? input.contactEmail : (existing?.contactEmail ?? null),
    address: input.address !== undefined ? input.address : (existing?.address ?? null),
    notes: input.notes !== undefined ? input.notes : (existing?.notes ?? null),
  };
  const changed = !existing || CONTENT_FIELDS.some((f) => content[f] !== existing[f]);
  // A changed record needs verifying again, unless this very change says it is verified.
  const status: RegistrationStatus =
    input.status ?? (existing && !changed && existing.status === 'verified' ? 'verified' : 'registered');
  const verified =
    status === 'verified'
      ? existing?.status === 'verified' && !changed
        ? { verifiedAt: existing.verifiedAt, verifiedBy: existing.verifiedBy }
        : { verifiedAt: now, verifiedBy: actor.username }
      : { verifiedAt: null, verifiedBy: null };
  if (existing && !changed && existing.status === status) return { action: 'unchanged', row: existing };
  const details = {
    ...content,
    licences: JSON.parse(content.licences) as unknown,
    openingStockComposition: content.openingStockComposition
      ? (JSON.parse(content.openingStockComposition) as unknown)
      : null,
    status,
    source,
  };
  if (!existing) {
    const row = {
      campaignId: campaign.id,
      taxId: e.taxId,
      region: e.region,
      status,
      ...content,
      source,
      registeredAt: now,
      registeredBy: actor.username,
      ...verified,
      updatedAt: now,
      updatedBy: actor.username,
    };
    const id = await insertRegistration(tx.db, row);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'registration.create',
      subject: `registration:${campaign.id}:${e.taxId}`,
      details,
    });
    return { action: 'created', row: { id, ...row } };
  }
  const set = { ...content, status, source, ...verified, updatedAt: now, updatedBy: actor.username };
  await updateRegistration(tx.db, Number(existing.id), set);
  await appendAudit(tx, {
    actor: actor.username,
    action: status === 'verified' && !changed ? 'registration.verify' : 'registration.update',
    subject: `registration:${campaign.id}:${e.taxId}`,
    details,
  });
  return { action: 'updated', row: { ...existing, ...set } };
}

function invalid(problems: ReturnType<typeof checkRegistrationInput>['problems']): Outcome<never> {
  const first = problems[0];
  return {
    ok: false,
    error: {
      code: 'invalid',
      zh: first ? first.zh : '登记信息无效',
      en: first ? first.en : 'The registration is invalid',
      ...(first ? { field: first.field } : {}),
      details: problems.map((p) => `${p.field}: ${p.en}`),
    },
  };
}

const CLOSED = fail<never>(
  'conflict',
  '专项行动已结束，不能再修改登记',
  'The campaign is closed: registrations can no longer change',
);

/**
 * Registers an enterprise in a campaign, or changes its record (omitted fields keep their value).
 * A changed record goes back to `registered` until verified again.
 * @example await upsertRegistration(store, inspector, 1, '911502007012888877', { openingStockKg: 1_250_500 });
 */
export async function upsertRegistration(
  store: Store,
  actor: Actor,
  campaignId: number,
  rawTaxId: string,
  input: RegistrationInput,
): Promise<Outcome<{ action: Saved['action']; registration: RegistrationView }>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  const taxId = normalizeTaxId(rawTaxId);
  const existing = await getRegistration(store.db, campaignId, taxId);
  const e = await memberOf(store, actor, campaign.value, taxId, existing);
  if (!e) return { ok: false, error: NOT_IN_SCOPE(taxId) };
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (campaign.value.status === 'closed') return CLOSED;
  const checked = checkRegistrationInput(input);
  if (checked.problems.length > 0) return invalid(checked.problems);
  if (!existing && !e.inRegistry && e.name === e.taxId && checked.value.name === undefined)
    return fail(
      'invalid',
      '该企业不在企业名录中：请填写企业名称',
      'This enterprise is not in the registry: give its name',
      'name',
    );
  const saved = await store.transaction((tx) =>
    saveRegistration(tx, actor, campaign.value, e, checked.value, 'manual'),
  );
  return ok({ action: saved.action, registration: toRegistrationView(saved.row) });
}

/**
 * Marks a registration verified (the record was checked against the enterprise's documents).
 * @example await verifyRegistration(store, inspector, 1, '911502007012888877');
 */
export async function verifyRegistration(
  store: Store,
  actor: Actor,
  campaignId: number,
  rawTaxId: string,
): Promise<Outcome<RegistrationView>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  const taxId = normalizeTaxId(rawTaxId);
  const existing = await getRegistration(store.db, campaignId, taxId);
  const e = existing ? await memberOf(store, actor, campaign.value, taxId, existing) : undefined;
  if (!existing || !e) return { ok: false, error: NOT_IN_SCOPE(taxId) };
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (campaign.value.status === 'closed') return CLOSED;
  const saved = await store.transaction((tx) =>
    saveRegistration(tx, actor, campaign.value, e, { status: 'verified' }, existing.source),
  );
  return ok(toRegistrationView(saved.row));
}

/** One enterprise's registration state in a campaign (undefined: outside the campaign or the actor's regions). */
export async function getCampaignRegistration(
  store: Store,
  actor: Actor,
  campaignId: number,
  rawTaxId: string,
): Promise<RegistrationListItem | undefined> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return undefined;
  const taxId = normalizeTaxId(rawTaxId);
  const existing = await getRegistration(store.db, campaignId, taxId);
  const known = await describeEnterprise(store, taxId);
  const e = known ?? (existing ? registeredEnterprise(existing) : undefined);
  if (!e) return undefined;
  if (!existing && !inCampaignScope(scopeOf(campaign.value), e)) return undefined;
  if (!isRegionVisible(actor, e.region)) return undefined;
  return listItem(e, existing);
}

export interface RegistrationQuery {
  readonly status?: RegistrationState;
  /** Region code: the enterprises within it. */
  readonly region?: string;
  /** Substring of the name or the taxpayer ID. */
  readonly q?: string;
  readonly limit: number;
  readonly offset: number;
}

/** The campaign's enterprises (in the actor's regions) with their registration state. */
async function members(store: Store, actor: Actor, campaign: CampaignView): Promise<RegistrationListItem[]> {
  const [universe, registrations] = await Promise.all([
    loadUniverse(store),
    listRegistrations(store.db, campaign.id),
  ]);
  const byTaxId = new Map(registrations.map((r) => [r.taxId, r]));
  return campaignMembers(scopeOf(campaign), universe, registrations)
    .filter((e) => isRegionVisible(actor, e.region))
    .map((e) => listItem(e, byTaxId.get(e.taxId)));
}

/**
 * The enterprises a campaign covers, with their registration state, filtered and paged.
 * @example await listCampaignRegistrations(store, actor, 1, { status: 'not_registered', limit: 50, offset: 0 });
 */
export async function listCampaignRegistrations(
  store: Store,
  actor: Actor,
  campaignId: number,
  q: RegistrationQuery,
): Promise<Outcome<Page<RegistrationListItem>>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  const needle = q.q?.trim().toLowerCase();
  const all = (await members(store, actor, campaign.value)).filter(
    (m) =>
      (q.status === undefined || m.status === q.status) &&
      (q.region === undefined || (m.region !== null && isRegionVisible({ regions: [q.region] }, m.region))) &&
      (!needle || m.taxId.toLowerCase().includes(needle) || m.name.toLowerCase().includes(needle)),
  );
  return ok({
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  });
}

export interface ProgressRow {
  /** Province or city code; null for enterprises of unknown region. */
  readonly region: string | null;
  readonly nameZh: string;
  readonly nameEn: string;
  readonly inScope: number;
  readonly notRegistered: number;
  readonly registered: number;
  readonly verified: number;
  /** (registered + verified) / inScope, 0 when empty. */
  readonly registeredShare: number;
  readonly verifiedShare: number;
}

export interface RegistrationProgress {
  readonly campaignId: number;
  readonly level: 'province' | 'city';
  readonly total: ProgressRow;
  readonly regions: readonly ProgressRow[];
}

function progressRow(region: string | null, items: readonly RegistrationListItem[]): ProgressRow {
  const registered = items.filter((i) => i.status === 'registered').length;
  const verified = items.filter((i) => i.status === 'verified').length;
  const n = items.length;
  return {
    region,
    nameZh: region === null ? '全部' : regionLabel(region, 'zh'),
    nameEn: region === null ? 'All' : regionLabel(region, 'en'),
    inScope: n,
    notRegistered: n - registered - verified,
    registered,
    verified,
    registeredShare: n === 0 ? 0 : Math.round(((registered + verified) / n) * 1e6) / 1e6,
    verifiedShare: n === 0 ? 0 : Math.round((verified / n) * 1e6) / 1e6,
  };
}

/**
 * Registration progress by province (or city) over the enterprises the actor may see.
 * @example (await registrationProgress(store, actor, 1, 'province')).value.regions[0] // { region: '150000', inScope: 4, … }
 */
export async function registrationProgress(
  store: Store,
  actor: Actor,
  campaignId: number,
  level: 'province' | 'city' = 'province',
): Promise<Outcome<RegistrationProgress>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  const all = await members(store, actor, campaign.value);
  const groups = new Map<string, RegistrationListItem[]>();
  for (const m of all) {
    const key =
      m.region === null ? '' : level === 'province' ? provinceCodeOf(m.region) : prefectureCodeOf(m.region);
    const g = groups.get(key);
    if (g) g.push(m);
    else groups.set(key, [m]);
  }
  const regions = [...groups.entries()]
    .sort(([a], [b]) => (a === '' ? 1 : b === '' ? -1 : a < b ? -1 : 1))
    .map(([key, items]) =>
      key === ''
        ? { ...progressRow(null, items), nameZh: '地区不明', nameEn: 'Unknown region' }
        : progressRow(key, items),
    );
  return ok({ campaignId, level, total: progressRow(null, all), regions });
}

export interface RegistrationImportResult {
  readonly fileName: string;
  /** committed: the rows landed; rejected: nothing changed (errors, and skipInvalid not set). */
  readonly status: 'committed' | 'rejected';
  readonly rowsRead: number;
  readonly accepted: number;
  readonly rejected: number;
  readonly created: number;
  readonly updated: number;
  readonly unchanged: number;
  readonly issues: readonly RegistrationRowIssue[];
  readonly fatal: RegistrationRowIssue | null;
}

/**
 * Registers the enterprises of a CSV or XLSX table in one transaction. With errors, nothing is
 * saved unless `skipInvalid` (then the good rows land and the bad ones are reported).
 * @example await importRegistrations(store, analyst, 1, { bytes, fileName: '登记表.xlsx' });
 */
export async function importRegistrations(
  store: Store,
  actor: Actor,
  campaignId: number,
  file: { bytes: Uint8Array; fileName: string; skipInvalid?: boolean; sheet?: string },
): Promise<Outcome<RegistrationImportResult>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (campaign.value.status === 'closed') return CLOSED;
  const parsed = parseRegistrationFile(file.bytes, {
    source: file.fileName,
    ...(file.sheet !== undefined ? { sheet: file.sheet } : {}),
  });
  const base = { fileName: file.fileName, rowsRead: parsed.rowsRead, created: 0, updated: 0, unchanged: 0 };
  if (parsed.fatal)
    return ok({ ...base, status: 'rejected', accepted: 0, rejected: 0, issues: [], fatal: parsed.fatal });
  const issues = [...parsed.issues];
  let rejected = parsed.rejectedRows;
  const good: { e: ScopeEnterprise; input: CheckedRegistration }[] = [];
  for (const row of parsed.rows) {
    const existing = await getRegistration(store.db, campaignId, row.taxId);
    const e = await memberOf(store, actor, campaign.value, row.taxId, existing);
    const checked = checkRegistrationInput(row.input);
    const rowIssue = (column: string | null, value: string | null, code: string, zh: string, en: string) =>
      issues.push({ source: file.fileName, row: row.row, column, value, code, zh, en });
    if (!e) {
      rowIssue(
        '统一社会信用代码 / tax_id',
        row.taxId,
        'not_in_scope',
        '该企业不在本专项行动（或您的辖区）范围内',
        'The enterprise is not covered by this campaign (within your regions)',
      );
      rejected++;
    } else if (checked.problems.length > 0) {
      for (const p of checked.problems) rowIssue(p.field, null, p.code, p.zh, p.en);
      rejected++;
    } else if (!existing && !e.inRegistry && e.name === e.taxId && checked.value.name === undefined) {
      rowIssue(
        '企业名称 / name',
        null,
        'missing_value',
        '该企业不在企业名录中：请填写企业名称',
        'Not in the registry: give the name',
      );
      rejected++;
    } else good.push({ e, input: checked.value });
  }
  issues.sort((a, b) => a.row - b.row);
  if (rejected > 0 && !file.skipInvalid)
    return ok({ ...base, status: 'rejected', accepted: 0, rejected, issues, fatal: null });
  const counts = { created: 0, updated: 0, unchanged: 0 };
  await store.transaction(async (tx) => {
    for (const g of good) {
      const saved = await saveRegistration(tx, actor, campaign.value, g.e, g.input, `file:${file.fileName}`);
      counts[saved.action]++;
    }
    await appendAudit(tx, {
      actor: actor.username,
      action: 'registration.import',
      subject: `campaign:${campaignId}`,
      details: {
        fileName: file.fileName,
        rowsRead: parsed.rowsRead,
        accepted: good.length,
        rejected,
        ...counts,
      },
    });
  });
  return ok({
    ...base,
    ...counts,
    status: 'committed',
    accepted: good.length,
    rejected,
    issues,
    fatal: null,
  });
}
