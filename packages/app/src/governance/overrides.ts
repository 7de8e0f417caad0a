// List governance (issue 7; inspection.md §7): an enterprise's list in a run may be overridden
// with a written reason and an optional expiry; the computed list stays beside it. Moving an
// enterprise onto or off the black list needs a second user's approval (four eyes: the approver
// is an administrator or analyst and never the requester); other moves apply at once. A newer
// override in force supersedes the older one; an expired one leaves the computed list in force.
import type { IsoDate } from '@oresight/core/domain';
import { dayNumberOf, regionLabel } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import { LIST_NAMES } from '@oresight/core/inspect';
import type { Kysely } from 'kysely';
import type { Database, OverrideRow, Store, StoreTransaction } from '@oresight/store';
import {
  appendAudit,
  getEnterprise,
  getOverride,
  getRunEntry,
  getRunMeta,
  insertOverride,
  listOverrides,
  nowIso,
  updateOverride,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { effectiveRegion, isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import {
  MANAGERS_ONLY,
  READ_ONLY,
  canWork,
  isManager,
  lockForDecision,
  todayCst,
} from '../campaigns/access.ts';

export const OVERRIDE_STATUSES = [
  'pending',
  'approved',
  'applied',
  'rejected',
  'withdrawn',
  'superseded',
] as const;
export type OverrideStatus = (typeof OVERRIDE_STATUSES)[number];

/** Statuses of an override that took effect (it is in force until it expires or is superseded). */
const TOOK_EFFECT: readonly string[] = ['approved', 'applied'];

export interface OverrideView {
  readonly id: number;
  readonly runId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly computedList: ListName;
  /** The list in force when it was requested. */
  readonly fromList: ListName;
  readonly list: ListName;
  readonly reason: string;
  /** Last day in force (inclusive), or null: until superseded. */
  readonly expiresOn: IsoDate | null;
  /** True when the move is onto or off the black list (four eyes). */
  readonly needsApproval: boolean;
  readonly status: OverrideStatus;
  /** In force today (China Standard Time): took effect, not superseded, not expired. */
  readonly inForce: boolean;
  readonly requestedBy: string;
  readonly requestedAt: string;
  readonly decidedBy: string | null;
  readonly decidedAt: string | null;
  readonly decisionNote: string | null;
}

export function isListName(v: string): v is ListName {
  return (LIST_NAMES as readonly string[]).includes(v);
}

function asList(v: string): ListName {
  if (!isListName(v)) throw new Error(`stored list "${v}" is not a list name`);
  return v;
}

function isInForce(o: Pick<OverrideRow, 'status' | 'expiresOn'>, asOf: IsoDate): boolean {
  return TOOK_EFFECT.includes(o.status) && (o.expiresOn === null || o.expiresOn >= asOf);
}

/** A stored override as the use cases show it. */
export function toOverrideView(o: OverrideRow, asOf: IsoDate = todayCst()): OverrideView {
  return {
    id: Number(o.id),
    runId: Number(o.runId),
    taxId: o.taxId,
    name: o.name,
    region: o.region,
    regionNameZh: o.region ? regionLabel(o.region, 'zh') : null,
    regionNameEn: o.region ? regionLabel(o.region, 'en') : null,
    computedList: asList(o.computedList),
    fromList: asList(o.fromList),
    list: asList(o.list),
    reason: o.reason,
    expiresOn: o.expiresOn,
    needsApproval: o.needsApproval === 1,
    status: (OVERRIDE_STATUSES as readonly string[]).includes(o.status)
      ? (o.status as OverrideStatus)
      : 'pending',
    inForce: isInForce(o, asOf),
    requestedBy: o.requestedBy,
    requestedAt: o.requestedAt,
    decidedBy: o.decidedBy,
    decidedAt: o.decidedAt,
    decisionNote: o.decisionNote,
  };
}

/**
 * The overrides in force in a run on a date, by taxpayer ID.
 * @example (await overridesInForce(store.db, 3, '2013-11-01')).get('911502007012888877')?.list // 'grey'
 */
export async function overridesInForce(
  db: Kysely<Database>,
  runId: number,
  asOf: IsoDate = todayCst(),
): Promise<Map<string, OverrideRow>> {
  const out = new Map<string, OverrideRow>();
  for (const o of await listOverrides(db, { runId, statuses: TOOK_EFFECT }))
    if (isInForce(o, asOf)) out.set(o.taxId, o);
  return out;
}

/** The list in force for one enterprise in a run: its override in force, else the computed one. */
async function listInForce(
  db: Kysely<Database>,
  runId: number,
  taxId: string,
  computed: ListName,
  asOf: IsoDate,
): Promise<{ list: ListName; override: OverrideRow | undefined }> {
  const inForce = (await listOverrides(db, { runId, taxId, statuses: TOOK_EFFECT })).filter((o) =>
    isInForce(o, asOf),
  );
  const last = inForce[inForce.length - 1];
  return { list: last ? asList(last.list) : computed, override: last };
}

/** Marks the overrides in force for the enterprise superseded (a newer one takes over). */
async function supersede(tx: StoreTransaction, runId: number, taxId: string, by: number): Promise<void> {
  for (const o of await listOverrides(tx.db, { runId, taxId, statuses: TOOK_EFFECT }))
    if (Number(o.id) !== by) await updateOverride(tx.db, Number(o.id), { status: 'superseded' });
}

const overrideNotFound = (id: number) => ({
  ok: false as const,
  error: notFound(`名单调整 ${id}`, `Override ${id}`),
});

export interface OverrideRequest {
  readonly runId: number;
  readonly taxId: string;
  readonly list: string;
  readonly reason: string;
  readonly expiresOn?: string | null;
}

/**
 * Requests an override of an enterprise's list in a run. Onto or off the black list it waits
 * for a second user's approval; otherwise it applies at once.
 * @example await requestOverride(store, inspector, { runId: 3, taxId: '9115…', list: 'grey', reason: '现场核实库存来源合法' });
 */
export async function requestOverride(
  store: Store,
  actor: Actor,
  input: OverrideRequest,
  options: { asOf?: IsoDate } = {},
): Promise<Outcome<OverrideView>> {
  const asOf = options.asOf ?? todayCst();
  const meta = await getRunMeta(store.db, input.runId);
  const entry = meta?.status === 'done' ? await getRunEntry(store.db, input.runId, input.taxId) : undefined;
  const registry = entry ? await getEnterprise(store.db, input.taxId) : undefined;
  const region = entry ? effectiveRegion(input.taxId, registry?.region ?? null, entry.region) : null;
  if (!entry || !isRegionVisible(actor, region))
    return {
      ok: false,
      error: notFound(
        `检查批次 ${input.runId} 中的企业 ${input.taxId}`,
        `Enterprise ${input.taxId} in run ${input.runId}`,
      ),
    };
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (!isListName(input.list))
    return fail(
      'invalid',
      '名单须为 black、grey、white 或 unrated',
      'The list is black, grey, white or unrated',
      'list',
    );
  const reason = input.reason.normalize('NFC').trim();
  if (reason.length < 5 || reason.length > 2000)
    return fail(
      'invalid',
      '请写明调整理由（5–2000 字）',
      'Give a written reason (5–2,000 characters)',
      'reason',
    );
  const expiresOn = input.expiresOn ?? null;
  if (expiresOn !== null && (dayNumberOf(expiresOn) === undefined || expiresOn < asOf))
    return fail(
      'invalid',
      `有效期至须为不早于今天（${asOf}）的日期`,
      `expiresOn must be a date not before today (${asOf})`,
      'expiresOn',
    );
  const computed = asList(entry.list);
  const list = input.list;
  const result = await store.transaction(async (tx): Promise<Outcome<OverrideRow>> => {
    await lockForDecision(tx);
    const current = await listInForce(tx.db, input.runId, input.taxId, computed, asOf);
    if (current.list === list)
      return fail(
        'conflict',
        `该企业当前已在${list}名单`,
        `The enterprise is already on the ${list} list`,
        'list',
      );
    const pending = await listOverrides(tx.db, {
      runId: input.runId,
      taxId: input.taxId,
      statuses: ['pending'],
    });
    if (pending.length > 0)
      return fail(
        'conflict',
        `该企业已有待审批的调整（${pending[0]?.id}）`,
        `A request for this enterprise is already pending (override ${pending[0]?.id})`,
      );
    const needsApproval = (current.list === 'black') !== (list === 'black');
    const now = nowIso();
    const row = {
      runId: input.runId,
      taxId: input.taxId,
      name: entry.name,
      region,
      computedList: computed,
      fromList: current.list,
      list,
      reason,
      expiresOn,
      needsApproval: needsApproval ? 1 : 0,
      status: needsApproval ? 'pending' : 'applied',
      requestedBy: actor.username,
      requestedAt: now,
      decidedBy: needsApproval ? null : actor.username,
      decidedAt: needsApproval ? null : now,
      decisionNote: null,
    };
    const id = await insertOverride(tx.db, row);
    if (!needsApproval) await supersede(tx, input.runId, input.taxId, id);
    await appendAudit(tx, {
      actor: actor.username,
      action: needsApproval ? 'override.request' : 'override.apply',
      subject: `override:${id}`,
      details: {
        runId: input.runId,
        taxId: input.taxId,
        computedList: computed,
        fromList: current.list,
        list,
        reason,
        expiresOn,
        needsApproval,
      },
    });
    return ok({ id, ...row });
  });
  return result.ok ? ok(toOverrideView(result.value, asOf)) : result;
}

/** The override if the actor may see it (its enterprise lies in the actor's regions). */
async function visibleOverride(store: Store, actor: Actor, id: number): Promise<OverrideRow | undefined> {
  const o = await getOverride(store.db, id);
  return o && isRegionVisible(actor, o.region) ? o : undefined;
}

/**
 * Approves a pending black-list move: an administrator or analyst other than the requester.
 * @example await approveOverride(store, analyst2, 7, { note: '证据充分' });
 */
export async function approveOverride(
  store: Store,
  actor: Actor,
  id: number,
  input: { note?: string | null } = {},
  options: { asOf?: IsoDate } = {},
): Promise<Outcome<OverrideView>> {
  const asOf = options.asOf ?? todayCst();
  const o = await visibleOverride(store, actor, id);
  if (!o) return overrideNotFound(id);
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  if (o.requestedBy === actor.username)
    return fail(
      'forbidden',
      '四眼原则：不能审批自己提出的调整，须由另一名用户审批',
      'Four eyes: you cannot approve your own request; another user must approve it',
    );
  const note = input.note?.trim() || null;
  const result = await store.transaction(async (tx): Promise<Outcome<OverrideRow>> => {
    await lockForDecision(tx);
    const fresh = await getOverride(tx.db, id);
    if (!fresh || fresh.status !== 'pending')
      return fail(
        'conflict',
        `该调整状态为 ${fresh?.status ?? '?'}，不能审批`,
        `The override is ${fresh?.status ?? '?'}, not pending`,
      );
    const current = await listInForce(tx.db, fresh.runId, fresh.taxId, asList(fresh.computedList), asOf);
    if (current.list !== fresh.fromList)
      return fail(
        'conflict',
        '提出申请后该企业的名单已变化，请重新申请',
        'The enterprise’s list changed since the request: request again',
      );
    const now = nowIso();
    await updateOverride(tx.db, id, {
      status: 'approved',
      decidedBy: actor.username,
      decidedAt: now,
      decisionNote: note,
    });
    await supersede(tx, fresh.runId, fresh.taxId, id);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'override.approve',
      subject: `override:${id}`,
      details: {
        runId: fresh.runId,
        taxId: fresh.taxId,
        fromList: fresh.fromList,
        list: fresh.list,
        requestedBy: fresh.requestedBy,
        note,
      },
    });
    return ok({
      ...fresh,
      status: 'approved',
      decidedBy: actor.username,
      decidedAt: now,
      decisionNote: note,
    });
  });
  return result.ok ? ok(toOverrideView(result.value, asOf)) : result;
}

/**
 * Rejects a pending request, with a note saying why (administrators and analysts).
 * @example await rejectOverride(store, analyst2, 7, { note: '理由不充分' });
 */
export async function rejectOverride(
  store: Store,
  actor: Actor,
  id: number,
  input: { note: string },
): Promise<Outcome<OverrideView>> {
  return decidePending(store, actor, id, 'rejected', input.note);
}

/**
 * Withdraws one's own pending request.
 * @example await withdrawOverride(store, inspector, 7);
 */
export async function withdrawOverride(
  store: Store,
  actor: Actor,
  id: number,
  input: { note?: string | null } = {},
): Promise<Outcome<OverrideView>> {
  return decidePending(store, actor, id, 'withdrawn', input.note ?? null);
}

async function decidePending(
  store: Store,
  actor: Actor,
  id: number,
  status: 'rejected' | 'withdrawn',
  rawNote: string | null,
): Promise<Outcome<OverrideView>> {
  const o = await visibleOverride(store, actor, id);
  if (!o) return overrideNotFound(id);
  if (status === 'rejected' && !isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  if (status === 'withdrawn' && o.requestedBy !== actor.username)
    return fail('forbidden', '只有申请人可以撤回申请', 'Only the requester can withdraw a request');
  const note = rawNote?.trim() || null;
  if (status === 'rejected' && (note === null || note.length < 2))
    return fail('invalid', '驳回须写明理由', 'Say why the request is rejected', 'note');
  const result = await store.transaction(async (tx): Promise<Outcome<OverrideRow>> => {
    await lockForDecision(tx);
    const fresh = await getOverride(tx.db, id);
    if (!fresh || fresh.status !== 'pending')
      return fail(
        'conflict',
        `该调整状态为 ${fresh?.status ?? '?'}，不是待审批`,
        `The override is ${fresh?.status ?? '?'}, not pending`,
      );
    const now = nowIso();
    await updateOverride(tx.db, id, {
      status,
      decidedBy: actor.username,
      decidedAt: now,
      decisionNote: note,
    });
    await appendAudit(tx, {
      actor: actor.username,
      action: status === 'rejected' ? 'override.reject' : 'override.withdraw',
      subject: `override:${id}`,
      details: {
        runId: fresh.runId,
        taxId: fresh.taxId,
        list: fresh.list,
        requestedBy: fresh.requestedBy,
        note,
      },
    });
    return ok({ ...fresh, status, decidedBy: actor.username, decidedAt: now, decisionNote: note });
  });
  return result.ok ? ok(toOverrideView(result.value)) : result;
}

export interface OverrideQuery {
  readonly runId?: number;
  readonly taxId?: string;
  readonly status?: OverrideStatus;
  /** Only the overrides in force today. */
  readonly inForce?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/** Overrides the actor may see, newest first. */
export async function listOverrideViews(
  store: Store,
  actor: Actor,
  q: OverrideQuery,
): Promise<Page<OverrideView>> {
  const asOf = todayCst();
  const rows = await listOverrides(store.db, {
    ...(q.runId !== undefined ? { runId: q.runId } : {}),
    ...(q.taxId !== undefined ? { taxId: q.taxId } : {}),
    ...(q.status !== undefined ? { statuses: [q.status] } : {}),
  });
  const all = rows
    .filter((o) => isRegionVisible(actor, o.region))
    .map((o) => toOverrideView(o, asOf))
    .filter((o) => q.inForce === undefined || o.inForce === q.inForce)
    .reverse();
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}

/** One override, or undefined when absent or outside the actor's regions. */
export async function getOverrideView(
  store: Store,
  actor: Actor,
  id: number,
): Promise<OverrideView | undefined> {
  const o = await visibleOverride(store, actor, id);
  return o ? toOverrideView(o) : undefined;
}
