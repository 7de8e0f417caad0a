// Inspection tasks (issue 7; inspection.md §7): generated from a run's lists (overrides in force
// applied) with the campaign's measures — by default black → on-site inspection due in 30 days,
// grey → document request due in 15 days — and assigned to an inspector whose regions cover the
// enterprise. Workflow: open → in_progress → findings_recorded → closed, nothing else. Findings
// record the violation, quantities seized (kg), penalties (exact fen) and licence actions.
import type { IsoDate } from '@oresight/core/domain';
import { addDays, dayNumberOf, isEnterpriseRole, isWithinRegion, regionLabel } from '@oresight/core/domain';
import type { ListName, MeasureText } from '@oresight/core/inspect';
import type { FindingRow, Store, TaskRow } from '@oresight/store';
import {
  appendAudit,
  getRunMeta,
  getTask,
  getUserByName,
  insertFinding,
  insertTasks,
  listAttachmentMeta,
  listAudit,
  listFindings,
  listRunEntries,
  listTasks,
  listUsers,
  nowIso,
  updateTask,
} from '@oresight/store';
import { fenToYuanText } from '@oresight/core/domain';
import type { Outcome } from '../shared/app-error.ts';
import { fail, notFound, ok } from '../shared/app-error.ts';
import type { Page } from '../queries/page.ts';
import { LIST_ORDER } from '../queries/run-entries.ts';
import { effectiveRegion, isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { splitRegions } from '../users/roles.ts';
import { isListName, overridesInForce } from '../governance/overrides.ts';
import { MANAGERS_ONLY, READ_ONLY, canWork, isManager, lockForDecision, todayCst } from './access.ts';
import { loadCampaign, scopeOf } from './campaigns.ts';
import type { TaskKind } from './measures.ts';
import { TASK_KIND_LABELS, isTaskKind } from './measures.ts';
import { inCampaignScope, loadUniverse } from './scope.ts';

export const TASK_STATUSES = ['open', 'in_progress', 'findings_recorded', 'closed'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: Readonly<Record<TaskStatus, MeasureText>> = {
  open: { zh: '待办', en: 'Open' },
  in_progress: { zh: '办理中', en: 'In progress' },
  findings_recorded: { zh: '已记录结果', en: 'Findings recorded' },
  closed: { zh: '已办结', en: 'Closed' },
};

/** The only moves the workflow allows. */
const NEXT_STATUS: Readonly<Record<TaskStatus, TaskStatus | null>> = {
  open: 'in_progress',
  in_progress: 'findings_recorded',
  findings_recorded: 'closed',
  closed: null,
};

export const VIOLATION_KINDS = [
  'illegal_mining',
  'over_quota',
  'false_invoicing',
  'unexplained_source',
  'illegal_trading',
  'environmental',
  'record_keeping',
  'none',
  'other',
] as const;
export type ViolationKind = (typeof VIOLATION_KINDS)[number];

export const VIOLATION_LABELS: Readonly<Record<ViolationKind, MeasureText>> = {
  illegal_mining: { zh: '非法开采', en: 'Illegal mining' },
  over_quota: { zh: '超指标生产', en: 'Production over quota' },
  false_invoicing: { zh: '虚开发票', en: 'False invoicing' },
  unexplained_source: { zh: '原料来源不明', en: 'Material of unexplained source' },
  illegal_trading: { zh: '非法收购、销售', en: 'Illegal purchase or sale' },
  environmental: { zh: '环保违法', en: 'Environmental violation' },
  record_keeping: { zh: '台账、库存记录不全', en: 'Incomplete records or stock books' },
  none: { zh: '未发现违法违规', en: 'No violation found' },
  other: { zh: '其他', en: 'Other' },
};

export const LICENCE_ACTIONS = ['none', 'warning', 'rectification', 'suspension', 'revocation'] as const;
export type LicenceAction = (typeof LICENCE_ACTIONS)[number];

export const LICENCE_ACTION_LABELS: Readonly<Record<LicenceAction, MeasureText>> = {
  none: { zh: '无', en: 'None' },
  warning: { zh: '警告', en: 'Warning' },
  rectification: { zh: '责令整改', en: 'Order to rectify' },
  suspension: { zh: '停产整顿', en: 'Suspension' },
  revocation: { zh: '吊销许可证', en: 'Licence revoked' },
};

export interface FindingView {
  readonly id: number;
  readonly taskId: number;
  readonly violationKind: ViolationKind;
  readonly description: string;
  readonly seizedKg: number;
  readonly penaltyFen: number;
  /** The penalty as exact yuan text (`12345.67`). */
  readonly penaltyCny: string;
  readonly licenceAction: LicenceAction;
  readonly recordedAt: string;
  readonly recordedBy: string;
}

export interface TaskView {
  readonly id: number;
  readonly campaignId: number;
  readonly runId: number;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly regionNameZh: string | null;
  readonly regionNameEn: string | null;
  readonly computedList: ListName;
  readonly list: ListName;
  readonly score: number;
  readonly kind: TaskKind;
  readonly measures: readonly MeasureText[];
  readonly dueDate: IsoDate;
  /** Past its deadline (China Standard Time) and not closed. */
  readonly overdue: boolean;
  readonly assignee: string | null;
  readonly status: TaskStatus;
  readonly outcome: string | null;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly updatedAt: string;
  readonly closedAt: string | null;
}

export interface TaskDetail extends TaskView {
  readonly findings: readonly FindingView[];
  readonly attachments: readonly {
    readonly id: number;
    readonly fileName: string;
    readonly contentType: string;
    readonly sizeBytes: number;
    readonly sha256: string;
    readonly uploadedAt: string;
    readonly uploadedBy: string;
  }[];
  /** The task's audit entries, oldest first. */
  readonly history: readonly {
    readonly at: string;
    readonly actor: string;
    readonly action: string;
    readonly details: unknown;
  }[];
}

function asStatus(v: string): TaskStatus {
  const s = TASK_STATUSES.find((t) => t === v);
  if (!s) throw new Error(`stored task status "${v}" is unknown`);
  return s;
}

function asList(v: string): ListName {
  if (!isListName(v)) throw new Error(`stored list "${v}" is unknown`);
  return v;
}

/** A stored task as the use cases show it. */
export function toTaskView(t: TaskRow, today: IsoDate = todayCst()): TaskView {
  const status = asStatus(t.status);
  if (!isTaskKind(t.kind)) throw new Error(`stored task kind "${t.kind}" is unknown`);
  return {
    id: Number(t.id),
    campaignId: Number(t.campaignId),
    runId: Number(t.runId),
    taxId: t.taxId,
    name: t.name,
    region: t.region,
    regionNameZh: t.region ? regionLabel(t.region, 'zh') : null,
    regionNameEn: t.region ? regionLabel(t.region, 'en') : null,
    computedList: asList(t.computedList),
    list: asList(t.list),
    score: t.score,
    kind: t.kind,
    measures: JSON.parse(t.measures) as MeasureText[],
    dueDate: t.dueDate,
    overdue: status !== 'closed' && t.dueDate < today,
    assignee: t.assignee,
    status,
    outcome: t.outcome,
    createdAt: t.createdAt,
    createdBy: t.createdBy,
    updatedAt: t.updatedAt,
    closedAt: t.closedAt,
  };
}

export function toFindingView(f: FindingRow): FindingView {
  const kind = VIOLATION_KINDS.find((k) => k === f.violationKind) ?? 'other';
  const action = LICENCE_ACTIONS.find((a) => a === f.licenceAction) ?? 'none';
  return {
    id: Number(f.id),
    taskId: Number(f.taskId),
    violationKind: kind,
    description: f.description,
    seizedKg: f.seizedKg,
    penaltyFen: Number(f.penaltyFen),
    penaltyCny: fenToYuanText(Number(f.penaltyFen)),
    licenceAction: action,
    recordedAt: f.recordedAt,
    recordedBy: f.recordedBy,
  };
}

interface Inspector {
  readonly username: string;
  readonly regions: readonly string[];
}

/**
 * The inspector for an enterprise's region: whose regions cover it most narrowly (a city before
 * its province), then with the fewest unfinished tasks, then by name; undefined when nobody covers it.
 */
export function pickInspector(
  region: string | null,
  inspectors: readonly Inspector[],
  load: ReadonlyMap<string, number>,
): string | undefined {
  if (region === null) return undefined;
  let best: { username: string; specificity: number; load: number } | undefined;
  for (const i of inspectors) {
    const covering = i.regions.filter((r) => isWithinRegion(region, r));
    if (covering.length === 0) continue;
    // City scopes (xxyy00) are narrower than provinces (xx0000); a county scope is narrower still.
    const specificity = Math.max(...covering.map((r) => (r.endsWith('0000') ? 1 : r.endsWith('00') ? 2 : 3)));
    const candidate = { username: i.username, specificity, load: load.get(i.username) ?? 0 };
    if (
      !best ||
      candidate.specificity > best.specificity ||
      (candidate.specificity === best.specificity &&
        (candidate.load < best.load || (candidate.load === best.load && candidate.username < best.username)))
    )
      best = candidate;
  }
  return best?.username;
}

async function activeInspectors(store: Store): Promise<Inspector[]> {
  const { items } = await listUsers(store.db, { role: 'inspector', disabled: false, limit: 100_000 });
  return items.map((u) => ({ username: u.username, regions: splitRegions(u.regions) }));
}

export interface GenerateResult {
  readonly campaignId: number;
  readonly runId: number;
  readonly asOf: IsoDate;
  readonly created: readonly TaskView[];
  /** Entries of a listed kind that already have an unfinished task in the campaign. */
  readonly skippedExisting: number;
  /** Created tasks nobody's regions cover (assign them by hand). */
  readonly unassigned: number;
  readonly byList: Readonly<Record<ListName, number>>;
}

/**
 * Makes the campaign's tasks from a finished run: one per enterprise in the campaign's scope
 * whose list (overrides in force applied) carries a task, unless it already has an unfinished
 * task in the campaign. Deadlines count from `asOf` (default today, China Standard Time).
 * @example const { value } = await generateTasks(store, analyst, 1, { runId: 3, asOf: '2013-08-15' });
 */
export async function generateTasks(
  store: Store,
  actor: Actor,
  campaignId: number,
  input: { runId: number; asOf?: IsoDate },
): Promise<Outcome<GenerateResult>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const c = campaign.value;
  if (c.status === 'closed')
    return fail('conflict', '专项行动已结束，不能再生成任务', 'The campaign is closed: no new tasks');
  const asOf = input.asOf ?? todayCst();
  if (dayNumberOf(asOf) === undefined) return fail('invalid', '起算日期无效', 'asOf is not a date', 'asOf');
  const meta = await getRunMeta(store.db, input.runId);
  if (!meta || meta.status !== 'done')
    return { ok: false, error: notFound(`检查批次 ${input.runId}`, `Run ${input.runId}`) };
  const [entries, universe, inForce, inspectors] = await Promise.all([
    listRunEntries(store.db, input.runId),
    loadUniverse(store),
    overridesInForce(store.db, input.runId, asOf),
    activeInspectors(store),
  ]);
  const scope = scopeOf(c);
  const now = nowIso();
  const byList: Record<ListName, number> = { black: 0, grey: 0, white: 0, unrated: 0 };
  const result = await store.transaction(async (tx) => {
    await lockForDecision(tx);
    const existing = await listTasks(tx.db, { campaignId });
    const busy = new Set(
      existing.filter((t) => t.status !== 'closed' || Number(t.runId) === input.runId).map((t) => t.taxId),
    );
    const load = new Map<string, number>();
    for (const t of await listTasks(tx.db, {}))
      if (t.assignee && t.status !== 'closed') load.set(t.assignee, (load.get(t.assignee) ?? 0) + 1);
    const candidates = entries
      .map((e) => {
        const known = universe.get(e.taxId);
        const computed = asList(e.list);
        const o = inForce.get(e.taxId);
        return {
          e,
          computed,
          list: o ? asList(o.list) : computed,
          region: known?.region ?? effectiveRegion(e.taxId, null, e.region),
          roles: known?.roles ?? e.roles.split(',').filter(isEnterpriseRole),
        };
      })
      .filter((x) => c.measures[x.list].task !== null && inCampaignScope(scope, x))
      .sort(
        (a, b) =>
          LIST_ORDER[a.list] - LIST_ORDER[b.list] ||
          b.e.score - a.e.score ||
          (a.e.taxId < b.e.taxId ? -1 : 1),
      );
    let skippedExisting = 0;
    const rows: Omit<TaskRow, 'id'>[] = [];
    for (const x of candidates) {
      if (busy.has(x.e.taxId)) {
        skippedExisting++;
        continue;
      }
      const measure = c.measures[x.list];
      const assignee = pickInspector(x.region, inspectors, load) ?? null;
      if (assignee) load.set(assignee, (load.get(assignee) ?? 0) + 1);
      byList[x.list]++;
      rows.push({
        campaignId,
        runId: input.runId,
        taxId: x.e.taxId,
        name: x.e.name,
        region: x.region,
        computedList: x.computed,
        list: x.list,
        score: x.e.score,
        kind: measure.task as TaskKind,
        measures: JSON.stringify(measure.measures),
        dueDate: addDays(asOf, measure.dueDays),
        assignee,
        status: 'open',
        outcome: null,
        createdAt: now,
        createdBy: actor.username,
        updatedAt: now,
        closedAt: null,
      });
    }
    const ids = await insertTasks(tx.db, rows);
    for (let i = 0; i < ids.length; i++) {
      const r = rows[i] as Omit<TaskRow, 'id'>;
      await appendAudit(tx, {
        actor: actor.username,
        action: 'task.create',
        subject: `task:${ids[i]}`,
        details: {
          campaignId,
          runId: input.runId,
          taxId: r.taxId,
          computedList: r.computedList,
          list: r.list,
          kind: r.kind,
          dueDate: r.dueDate,
          assignee: r.assignee,
        },
      });
    }
    await appendAudit(tx, {
      actor: actor.username,
      action: 'task.generate',
      subject: `campaign:${campaignId}`,
      details: { runId: input.runId, asOf, created: ids.length, skippedExisting, byList },
    });
    return { rows: rows.map((r, i) => ({ id: ids[i] as number, ...r })), skippedExisting };
  });
  const created = result.rows.map((r) => toTaskView(r));
  return ok({
    campaignId,
    runId: input.runId,
    asOf,
    created,
    skippedExisting: result.skippedExisting,
    unassigned: created.filter((t) => t.assignee === null).length,
    byList,
  });
}

export interface TaskQuery {
  readonly campaignId?: number;
  readonly runId?: number;
  readonly taxId?: string;
  readonly status?: TaskStatus;
  readonly assignee?: string;
  readonly list?: ListName;
  readonly kind?: TaskKind;
  /** Region code: tasks of enterprises within it. */
  readonly region?: string;
  readonly overdue?: boolean;
  readonly sort?: 'dueDate' | 'score' | 'id';
  readonly desc?: boolean;
  readonly limit: number;
  readonly offset: number;
}

/**
 * Tasks in the actor's regions, filtered, sorted (default: deadline, then score) and paged.
 * @example await listTaskViews(store, inspector, { status: 'open', limit: 50, offset: 0 });
 */
export async function listTaskViews(store: Store, actor: Actor, q: TaskQuery): Promise<Page<TaskView>> {
  const today = todayCst();
  const rows = await listTasks(store.db, {
    ...(q.campaignId !== undefined ? { campaignId: q.campaignId } : {}),
    ...(q.runId !== undefined ? { runId: q.runId } : {}),
    ...(q.taxId !== undefined ? { taxId: q.taxId } : {}),
    ...(q.status !== undefined ? { status: q.status } : {}),
    ...(q.assignee !== undefined ? { assignee: q.assignee } : {}),
  });
  const region = q.region;
  const all = rows
    .filter((t) => isRegionVisible(actor, t.region))
    .filter((t) => region === undefined || (t.region !== null && isWithinRegion(t.region, region)))
    .map((t) => toTaskView(t, today))
    .filter(
      (t) =>
        (q.list === undefined || t.list === q.list) &&
        (q.kind === undefined || t.kind === q.kind) &&
        (q.overdue === undefined || t.overdue === q.overdue),
    );
  const sort = q.sort ?? 'dueDate';
  const dir = q.desc ? -1 : 1;
  all.sort((a, b) => {
    const primary =
      sort === 'score'
        ? a.score - b.score
        : sort === 'id'
          ? a.id - b.id
          : a.dueDate < b.dueDate
            ? -1
            : a.dueDate > b.dueDate
              ? 1
              : 0;
    return dir * primary || b.score - a.score || a.id - b.id;
  });
  return {
    items: all.slice(q.offset, q.offset + q.limit),
    total: all.length,
    limit: q.limit,
    offset: q.offset,
  };
}

/** The task if the actor may see it (its enterprise lies in the actor's regions). */
async function visibleTask(store: Store, actor: Actor, id: number): Promise<TaskRow | undefined> {
  const t = await getTask(store.db, id);
  return t && isRegionVisible(actor, t.region) ? t : undefined;
}

const taskNotFound = (id: number) => ({
  ok: false as const,
  error: notFound(`检查任务 ${id}`, `Task ${id}`),
});

/**
 * One task with its findings, attachments (without their bytes) and history; undefined when
 * absent or outside the actor's regions.
 */
export async function getTaskDetail(store: Store, actor: Actor, id: number): Promise<TaskDetail | undefined> {
  const t = await visibleTask(store, actor, id);
  if (!t) return undefined;
  const [findings, attachments, audit] = await Promise.all([
    listFindings(store.db, [id]),
    listAttachmentMeta(store.db, [id]),
    listAudit(store.db, { subject: `task:${id}`, limit: 1000 }),
  ]);
  return {
    ...toTaskView(t),
    findings: findings.map(toFindingView),
    attachments: attachments.map((a) => ({
      id: Number(a.id),
      fileName: a.fileName,
      contentType: a.contentType,
      sizeBytes: a.sizeBytes,
      sha256: a.sha256,
      uploadedAt: a.uploadedAt,
      uploadedBy: a.uploadedBy,
    })),
    history: audit.items
      .map((e) => ({ at: e.at, actor: e.actor, action: e.action, details: JSON.parse(e.details) as unknown }))
      .reverse(),
  };
}

/** Loads a task for a change: visible (else not found), changeable by this role, not closed. */
async function taskForChange(store: Store, actor: Actor, id: number): Promise<Outcome<TaskRow>> {
  const t = await visibleTask(store, actor, id);
  if (!t) return taskNotFound(id);
  if (!canWork(actor)) return { ok: false, error: READ_ONLY };
  if (t.status === 'closed')
    return fail('conflict', '任务已办结，不能再修改', `Task ${id} is closed and cannot change`);
  return ok(t);
}

/**
 * Moves a task one step along its workflow (open → in_progress → findings_recorded → closed).
 * `findings_recorded` needs a finding; closing needs an outcome.
 * @example await setTaskStatus(store, inspector, 4, { status: 'in_progress' });
 */
export async function setTaskStatus(
  store: Store,
  actor: Actor,
  id: number,
  input: { status: string; outcome?: string | null },
): Promise<Outcome<TaskView>> {
  const loaded = await taskForChange(store, actor, id);
  if (!loaded.ok) return loaded;
  const t = loaded.value;
  const from = asStatus(t.status);
  const to = TASK_STATUSES.find((s) => s === input.status);
  if (!to) return fail('invalid', `未知状态 "${input.status}"`, `Unknown status "${input.status}"`, 'status');
  if (NEXT_STATUS[from] !== to)
    return fail(
      'conflict',
      `不能从“${TASK_STATUS_LABELS[from].zh}”转为“${TASK_STATUS_LABELS[to].zh}”${NEXT_STATUS[from] ? `（下一步只能是“${TASK_STATUS_LABELS[NEXT_STATUS[from]].zh}”）` : ''}`,
      `A task cannot go from ${from} to ${to}${NEXT_STATUS[from] ? ` (the next step is ${NEXT_STATUS[from]})` : ''}`,
      'status',
    );
  if (to === 'findings_recorded' && (await listFindings(store.db, [id])).length === 0)
    return fail('conflict', '请先记录检查结果', 'Record a finding first', 'status');
  const outcome = input.outcome?.normalize('NFC').trim() || null;
  if (to === 'closed' && (outcome === null || outcome.length > 5000))
    return fail(
      'invalid',
      '办结须写明处理结果（≤5000 字）',
      'Closing a task needs an outcome (at most 5,000 characters)',
      'outcome',
    );
  const now = nowIso();
  const changes = {
    status: to,
    updatedAt: now,
    ...(to === 'closed' ? { closedAt: now, outcome } : {}),
  };
  const done = await store.transaction(async (tx): Promise<boolean> => {
    await lockForDecision(tx);
    const fresh = await getTask(tx.db, id);
    if (!fresh || fresh.status !== from) return false;
    await updateTask(tx.db, id, changes);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'task.status',
      subject: `task:${id}`,
      details: { from, to, ...(to === 'closed' ? { outcome } : {}) },
    });
    return true;
  });
  if (!done) return fail('conflict', '任务已被他人修改，请刷新', 'The task changed meanwhile: reload it');
  return ok(toTaskView({ ...t, ...changes }));
}

/**
 * Reassigns a task or moves its deadline (administrators and analysts). An inspector assignee
 * must cover the enterprise's region.
 * @example await updateTaskPlan(store, analyst, 4, { assignee: 'baotou', dueDate: '2013-09-30' });
 */
export async function updateTaskPlan(
  store: Store,
  actor: Actor,
  id: number,
  input: { assignee?: string | null; dueDate?: string },
): Promise<Outcome<TaskView>> {
  const loaded = await taskForChange(store, actor, id);
  if (!loaded.ok) return loaded;
  if (!isManager(actor)) return { ok: false, error: MANAGERS_ONLY };
  const t = loaded.value;
  const changes: { assignee?: string | null; dueDate?: string; updatedAt: string } = { updatedAt: nowIso() };
  if (input.assignee !== undefined) {
    if (input.assignee !== null) {
      const u = await getUserByName(store.db, input.assignee);
      const regions = u ? splitRegions(u.regions) : [];
      if (!u || u.disabled === 1 || u.role === 'viewer')
        return fail(
          'invalid',
          `用户 "${input.assignee}" 不存在、已停用或为只读用户`,
          `User "${input.assignee}" does not exist, is disabled or is a viewer`,
          'assignee',
        );
      if (regions.length > 0 && !isRegionVisible({ regions }, t.region))
        return fail(
          'invalid',
          `用户 "${input.assignee}" 的辖区不包括该企业`,
          `User "${input.assignee}"'s regions do not cover this enterprise`,
          'assignee',
        );
    }
    changes.assignee = input.assignee;
  }
  if (input.dueDate !== undefined) {
    if (dayNumberOf(input.dueDate) === undefined)
      return fail('invalid', '截止日期无效', 'dueDate is not a date (YYYY-MM-DD)', 'dueDate');
    changes.dueDate = input.dueDate;
  }
  await store.transaction(async (tx) => {
    await updateTask(tx.db, id, changes);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'task.update',
      subject: `task:${id}`,
      details: {
        ...(changes.assignee !== undefined ? { assignee: { from: t.assignee, to: changes.assignee } } : {}),
        ...(changes.dueDate !== undefined ? { dueDate: { from: t.dueDate, to: changes.dueDate } } : {}),
      },
    });
  });
  return ok(toTaskView({ ...t, ...changes }));
}

export interface FindingInput {
  readonly violationKind: string;
  readonly description: string;
  /** kg seized (0 when none); kept to the gram. */
  readonly seizedKg?: number;
  /** Penalty in integer fen (0 when none). */
  readonly penaltyFen?: number;
  readonly licenceAction?: string;
}

/**
 * Records a finding on a task in progress (or with findings already). The first finding moves
 * the task to findings_recorded.
 * @example await recordFinding(store, inspector, 4, { violationKind: 'unexplained_source', description: '…', seizedKg: 12000, penaltyFen: 50_000_000 });
 */
export async function recordFinding(
  store: Store,
  actor: Actor,
  id: number,
  input: FindingInput,
): Promise<Outcome<{ finding: FindingView; task: TaskView }>> {
  const loaded = await taskForChange(store, actor, id);
  if (!loaded.ok) return loaded;
  const t = loaded.value;
  if (t.status === 'open')
    return fail(
      'conflict',
      '请先将任务转为“办理中”',
      'Start the task (in_progress) before recording findings',
      'status',
    );
  const kind = VIOLATION_KINDS.find((k) => k === input.violationKind);
  if (!kind)
    return fail(
      'invalid',
      `未知违法类型 "${input.violationKind}"`,
      `Unknown violation kind "${input.violationKind}" (use ${VIOLATION_KINDS.join(', ')})`,
      'violationKind',
    );
  const description = input.description.normalize('NFC').trim();
  if (description.length < 2 || description.length > 5000)
    return fail(
      'invalid',
      '请描述检查发现（2–5000 字）',
      'Describe the finding (2–5,000 characters)',
      'description',
    );
  const seizedKg = input.seizedKg ?? 0;
  if (!Number.isFinite(seizedKg) || seizedKg < 0 || seizedKg > 1e10)
    return fail(
      'invalid',
      '查扣数量须为非负公斤数',
      'seizedKg must be a non-negative quantity in kg',
      'seizedKg',
    );
  const penaltyFen = input.penaltyFen ?? 0;
  if (!Number.isSafeInteger(penaltyFen) || penaltyFen < 0)
    return fail(
      'invalid',
      '罚款须为非负整数（分）',
      'penaltyFen must be a non-negative whole number of fen',
      'penaltyFen',
    );
  const action = LICENCE_ACTIONS.find((a) => a === (input.licenceAction ?? 'none'));
  if (!action)
    return fail(
      'invalid',
      `未知许可证处理 "${input.licenceAction}"`,
      `Unknown licence action "${input.licenceAction}" (use ${LICENCE_ACTIONS.join(', ')})`,
      'licenceAction',
    );
  const now = nowIso();
  const row = {
    taskId: id,
    violationKind: kind,
    description,
    seizedKg: Math.round(seizedKg * 1000) / 1000,
    penaltyFen,
    licenceAction: action,
    recordedAt: now,
    recordedBy: actor.username,
  };
  const out = await store.transaction(async (tx): Promise<Outcome<{ findingId: number; status: string }>> => {
    await lockForDecision(tx);
    const fresh = await getTask(tx.db, id);
    if (!fresh || (fresh.status !== 'in_progress' && fresh.status !== 'findings_recorded'))
      return fail('conflict', '任务状态已变化，请刷新', 'The task changed meanwhile: reload it');
    const findingId = await insertFinding(tx.db, row);
    await appendAudit(tx, {
      actor: actor.username,
      action: 'task.finding',
      subject: `task:${id}`,
      details: { findingId, ...row, penaltyCny: fenToYuanText(penaltyFen) },
    });
    if (fresh.status === 'in_progress') {
      await updateTask(tx.db, id, { status: 'findings_recorded', updatedAt: now });
      await appendAudit(tx, {
        actor: actor.username,
        action: 'task.status',
        subject: `task:${id}`,
        details: { from: 'in_progress', to: 'findings_recorded', byFinding: findingId },
      });
      return ok({ findingId, status: 'findings_recorded' });
    }
    await updateTask(tx.db, id, { updatedAt: now });
    return ok({ findingId, status: fresh.status });
  });
  if (!out.ok) return out;
  return ok({
    finding: toFindingView({ id: out.value.findingId, ...row }),
    task: toTaskView({ ...t, status: out.value.status, updatedAt: now }),
  });
}

/** Labels of the workflow's vocabularies, for reports and clients. */
export const TASK_VOCABULARY = {
  statuses: TASK_STATUS_LABELS,
  kinds: TASK_KIND_LABELS,
  violations: VIOLATION_LABELS,
  licenceActions: LICENCE_ACTION_LABELS,
} as const;
