// The campaign report (issue 7; domain.md §2: "46 illegal-mining cases, 126 firms suspended, 16
// licences revoked, ~19,000 t seized"): scope and period, registration progress by region, the
// inspection tasks by status, kind and list, overdue tasks, and the outcome — cases by violation,
// quantities seized, penalties (exact to the fen) and licence actions — with the enterprises
// behind them, and the list publications and appeals of the runs the tasks came from.
import type { IsoDate } from '@oresight/core/domain';
import { ROLE_LABELS } from '@oresight/core/domain';
import type { ListName } from '@oresight/core/inspect';
import type { Store } from '@oresight/store';
import { listFindings, listTasks } from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { ok } from '../shared/app-error.ts';
import { isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { todayCst } from '../campaigns/access.ts';
import type { CampaignView } from '../campaigns/campaigns.ts';
import { loadCampaign } from '../campaigns/campaigns.ts';
import type { RegistrationProgress } from '../campaigns/registrations.ts';
import { registrationProgress } from '../campaigns/registrations.ts';
import type { FindingView, LicenceAction, TaskStatus, TaskView, ViolationKind } from '../campaigns/tasks.ts';
import {
  LICENCE_ACTIONS,
  LICENCE_ACTION_LABELS,
  TASK_STATUSES,
  TASK_STATUS_LABELS,
  VIOLATION_KINDS,
  VIOLATION_LABELS,
  toFindingView,
  toTaskView,
} from '../campaigns/tasks.ts';
import type { TaskKind } from '../campaigns/measures.ts';
import { TASK_KINDS, TASK_KIND_LABELS } from '../campaigns/measures.ts';
import type { PublicationView } from '../governance/publications.ts';
import { listPublicationViews } from '../governance/publications.ts';
import type { AppealView } from '../governance/appeals.ts';
import { listAppealViews } from '../governance/appeals.ts';
import { LIST_LABELS } from '../governance/list-export.ts';
import type { ReportLanguage } from './html.ts';
import { badge, esc, facts, num, page, pct, t, table, tonnes, yuan } from './html.ts';

export interface CampaignReportData {
  readonly generatedAt: string;
  readonly asOf: IsoDate;
  readonly campaign: CampaignView;
  readonly progress: RegistrationProgress;
  readonly tasks: readonly TaskView[];
  readonly byStatus: Readonly<Record<TaskStatus, number>>;
  readonly byKind: Readonly<Record<TaskKind, number>>;
  readonly byList: Readonly<Record<ListName, number>>;
  readonly overdue: readonly TaskView[];
  readonly findings: readonly FindingView[];
  readonly outcome: {
    /** Findings of an actual violation (kind other than `none`). */
    readonly cases: number;
    readonly byViolation: Readonly<Record<ViolationKind, number>>;
    readonly seizedKg: number;
    readonly penaltyFen: number;
    /** Enterprises per licence action (the strongest action per enterprise counts). */
    readonly licenceActions: Readonly<Record<LicenceAction, number>>;
  };
  readonly publications: readonly PublicationView[];
  readonly appeals: readonly AppealView[];
}

function zeros<K extends string>(keys: readonly K[]): Record<K, number> {
  return Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
}

/**
 * Gathers a campaign's report over what the actor may see (their regions).
 * @example const r = await buildCampaignReport(store, analyst, 1);
 */
export async function buildCampaignReport(
  store: Store,
  actor: Actor,
  campaignId: number,
  options: { asOf?: IsoDate } = {},
): Promise<Outcome<CampaignReportData>> {
  const campaign = await loadCampaign(store, actor, campaignId);
  if (!campaign.ok) return campaign;
  const asOf = options.asOf ?? todayCst();
  const progress = await registrationProgress(store, actor, campaignId, 'province');
  if (!progress.ok) return progress;
  const tasks = (await listTasks(store.db, { campaignId }))
    .filter((x) => isRegionVisible(actor, x.region))
    .map((x) => toTaskView(x, asOf));
  const findings = (
    await listFindings(
      store.db,
      tasks.map((x) => x.id),
    )
  ).map(toFindingView);
  const byStatus = zeros(TASK_STATUSES);
  const byKind = zeros(TASK_KINDS);
  const byList: Record<ListName, number> = { black: 0, grey: 0, white: 0, unrated: 0 };
  for (const x of tasks) {
    byStatus[x.status]++;
    byKind[x.kind]++;
    byList[x.list]++;
  }
  const byViolation = zeros(VIOLATION_KINDS);
  let seizedKg = 0;
  let penaltyFen = 0;
  const strongest = new Map<string, number>();
  const taxIdOf = new Map(tasks.map((x) => [x.id, x.taxId]));
  for (const f of findings) {
    byViolation[f.violationKind]++;
    // Sum in grams so that the total is exact to the gram.
    seizedKg += Math.round(f.seizedKg * 1000);
    penaltyFen += f.penaltyFen;
    const taxId = taxIdOf.get(f.taskId) ?? '';
    const rank = LICENCE_ACTIONS.indexOf(f.licenceAction);
    if (rank > (strongest.get(taxId) ?? 0)) strongest.set(taxId, rank);
  }
  const licenceActions = zeros(LICENCE_ACTIONS);
  for (const rank of strongest.values()) {
    const a = LICENCE_ACTIONS[rank];
    if (a) licenceActions[a]++;
  }
  const runIds = [...new Set(tasks.map((x) => x.runId))];
  const publications: PublicationView[] = [];
  for (const runId of runIds)
    publications.push(...(await listPublicationViews(store, { runId, limit: 1000, offset: 0 })).items);
  const appeals: AppealView[] = [];
  for (const p of publications)
    appeals.push(
      ...(await listAppealViews(store, actor, { publicationId: p.id, limit: 10_000, offset: 0 })).items,
    );
  return ok({
    generatedAt: new Date().toISOString(),
    asOf,
    campaign: campaign.value,
    progress: progress.value,
    tasks,
    byStatus,
    byKind,
    byList,
    overdue: tasks.filter((x) => x.overdue).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1)),
    findings,
    outcome: {
      cases: findings.filter((f) => f.violationKind !== 'none').length,
      byViolation,
      seizedKg: seizedKg / 1000,
      penaltyFen,
      licenceActions,
    },
    publications,
    appeals,
  });
}

/**
 * The campaign report as a self-contained HTML document.
 * @example writeFileSync('campaign.html', renderCampaignHtml(report, 'zh'));
 */
export function renderCampaignHtml(r: CampaignReportData, lang: ReportLanguage): string {
  const c = r.campaign;
  const parts: string[] = [];
  parts.push(`<h1>${t(lang, '专项行动报告', 'Campaign report')}</h1>`);
  parts.push(
    `<div class="subtitle"><strong>${esc(c.name)}</strong> · ${esc(c.periodFrom)} → ${esc(c.periodTo)}</div>`,
  );
  parts.push(
    `<div class="meta">${t(lang, '生成时间', 'Generated')}: ${esc(r.generatedAt)} · ${t(lang, '统计日期', 'As of')} ${esc(r.asOf)}</div>`,
  );

  parts.push(`<h2>${t(lang, '行动概况', 'Overview')}</h2>`);
  parts.push(
    facts([
      [t(lang, '期间', 'Period'), `${esc(c.periodFrom)} → ${esc(c.periodTo)}`],
      [
        t(lang, '范围（地区）', 'Scope (regions)'),
        c.regions.length === 0
          ? t(lang, '全国', 'Nationwide')
          : c.regions.map((x) => t(lang, x.nameZh, x.nameEn)).join('、'),
      ],
      [
        t(lang, '范围（企业类型）', 'Scope (roles)'),
        c.roles.length === 0
          ? t(lang, '全部', 'All')
          : c.roles.map((x) => t(lang, ROLE_LABELS[x].zh, ROLE_LABELS[x].en)).join('、'),
      ],
      [
        t(lang, '状态', 'Status'),
        c.status === 'active' ? t(lang, '进行中', 'active') : t(lang, '已结束', 'closed'),
      ],
      ...(c.description
        ? ([[t(lang, '说明', 'Description'), esc(c.description)]] as [string, string][])
        : []),
    ]),
  );
  parts.push(`<h3>${t(lang, '分类处置措施', 'Measures by list')}</h3>`);
  parts.push(
    table(
      [
        t(lang, '名单', 'List'),
        t(lang, '任务', 'Task'),
        t(lang, '期限（天）', 'Due (days)'),
        t(lang, '措施', 'Measures'),
      ],
      (['black', 'grey', 'unrated', 'white'] as const).map((l) => {
        const m = c.measures[l];
        return [
          badge(l, t(lang, LIST_LABELS[l].zh, LIST_LABELS[l].en)),
          m.task ? t(lang, TASK_KIND_LABELS[m.task].zh, TASK_KIND_LABELS[m.task].en) : '—',
          { html: m.task ? num(m.dueDays) : '—', numeric: true },
          m.measures.map((x) => t(lang, x.zh, x.en)).join('<br>'),
        ];
      }),
    ),
  );

  parts.push(`<h2>${t(lang, '企业登记进度', 'Registration progress')}</h2>`);
  const row = (p: RegistrationProgress['total']) => [
    p.region === null
      ? `<strong>${t(lang, p.nameZh, p.nameEn)}</strong>`
      : `${t(lang, p.nameZh, p.nameEn)} (${esc(p.region)})`,
    { html: num(p.inScope), numeric: true },
    { html: num(p.notRegistered), numeric: true },
    { html: num(p.registered), numeric: true },
    { html: num(p.verified), numeric: true },
    { html: pct(p.registeredShare), numeric: true },
    { html: pct(p.verifiedShare), numeric: true },
  ];
  parts.push(
    table(
      [
        t(lang, '地区', 'Region'),
        t(lang, '应登记', 'In scope'),
        t(lang, '未登记', 'Not registered'),
        t(lang, '已登记', 'Registered'),
        t(lang, '已核实', 'Verified'),
        t(lang, '登记率', 'Registered'),
        t(lang, '核实率', 'Verified'),
      ],
      [...r.progress.regions.map(row), row(r.progress.total)],
    ),
  );

  parts.push(`<h2>${t(lang, '检查任务', 'Inspection tasks')}</h2>`);
  parts.push(
    table(
      [t(lang, '状态', 'Status'), t(lang, '数量', 'Tasks')],
      [
        ...TASK_STATUSES.map((s) => [
          t(lang, TASK_STATUS_LABELS[s].zh, TASK_STATUS_LABELS[s].en),
          { html: num(r.byStatus[s]), numeric: true },
        ]),
        [`<strong>${t(lang, '合计', 'Total')}</strong>`, { html: num(r.tasks.length), numeric: true }],
        [t(lang, '已逾期', 'Overdue'), { html: num(r.overdue.length), numeric: true }],
      ],
    ) +
      table(
        [t(lang, '任务类型', 'Kind'), t(lang, '数量', 'Tasks')],
        TASK_KINDS.filter((k) => r.byKind[k] > 0).map((k) => [
          t(lang, TASK_KIND_LABELS[k].zh, TASK_KIND_LABELS[k].en),
          { html: num(r.byKind[k]), numeric: true },
        ]),
        t(lang, '（尚未生成任务）', '(no tasks yet)'),
      ),
  );
  if (r.overdue.length > 0) {
    parts.push(`<h3>${t(lang, '逾期任务', 'Overdue tasks')}</h3>`);
    parts.push(
      table(
        [
          '#',
          t(lang, '企业', 'Enterprise'),
          t(lang, '名单', 'List'),
          t(lang, '截止日期', 'Due'),
          t(lang, '承办人', 'Assignee'),
          t(lang, '状态', 'Status'),
        ],
        r.overdue
          .slice(0, 100)
          .map((x) => [
            esc(x.id),
            `${esc(x.name)}<br><span class="small">${esc(x.taxId)}</span>`,
            badge(x.list, t(lang, LIST_LABELS[x.list].zh, LIST_LABELS[x.list].en)),
            esc(x.dueDate),
            esc(x.assignee ?? '—'),
            t(lang, TASK_STATUS_LABELS[x.status].zh, TASK_STATUS_LABELS[x.status].en),
          ]),
      ),
    );
  }

  parts.push(`<h2>${t(lang, '查处结果', 'Outcome')}</h2>`);
  const o = r.outcome;
  parts.push(
    facts([
      [t(lang, '违法违规案件', 'Cases of violation'), num(o.cases)],
      [t(lang, '查扣稀土产品', 'Quantities seized'), tonnes(o.seizedKg)],
      [t(lang, '罚款合计', 'Penalties'), yuan(o.penaltyFen)],
      [t(lang, '停产整顿企业', 'Enterprises suspended'), num(o.licenceActions.suspension)],
      [t(lang, '吊销许可证', 'Licences revoked'), num(o.licenceActions.revocation)],
    ]),
  );
  parts.push(
    table(
      [t(lang, '违法类型', 'Violation'), t(lang, '案件数', 'Findings')],
      VIOLATION_KINDS.filter((k) => o.byViolation[k] > 0).map((k) => [
        t(lang, VIOLATION_LABELS[k].zh, VIOLATION_LABELS[k].en),
        { html: num(o.byViolation[k]), numeric: true },
      ]),
      t(lang, '（尚无检查结果）', '(no findings yet)'),
    ),
  );
  const taskOf = new Map(r.tasks.map((x) => [x.id, x]));
  if (r.findings.length > 0)
    parts.push(
      `<h3>${t(lang, '检查结果明细', 'Findings')}</h3>` +
        table(
          [
            t(lang, '企业', 'Enterprise'),
            t(lang, '违法类型', 'Violation'),
            t(lang, '查扣', 'Seized'),
            t(lang, '罚款', 'Penalty'),
            t(lang, '许可证处理', 'Licence action'),
          ],
          r.findings.slice(0, 300).map((f) => {
            const x = taskOf.get(f.taskId);
            return [
              `${esc(x?.name ?? '')}<br><span class="small">${esc(x?.taxId ?? '')} · #${esc(f.taskId)}</span>`,
              t(lang, VIOLATION_LABELS[f.violationKind].zh, VIOLATION_LABELS[f.violationKind].en),
              { html: tonnes(f.seizedKg), numeric: true },
              { html: yuan(f.penaltyFen), numeric: true },
              t(lang, LICENCE_ACTION_LABELS[f.licenceAction].zh, LICENCE_ACTION_LABELS[f.licenceAction].en),
            ];
          }),
        ),
    );

  parts.push(`<h2>${t(lang, '名单发布与申诉', 'Publications and appeals')}</h2>`);
  parts.push(
    table(
      [
        '#',
        t(lang, '标题', 'Title'),
        t(lang, '发布时间', 'Published'),
        t(lang, '黑', 'Black'),
        t(lang, '灰', 'Grey'),
        t(lang, '调整', 'Overridden'),
        'SHA-256',
      ],
      r.publications.map((p) => [
        esc(p.id),
        esc(p.title),
        esc(p.publishedAt.slice(0, 10)),
        { html: num(p.counts.black), numeric: true },
        { html: num(p.counts.grey), numeric: true },
        { html: num(p.overrides), numeric: true },
        `<span class="small">${esc(p.sha256.slice(0, 16))}…</span>`,
      ]),
      t(lang, '（未发布）', '(no publication)'),
    ),
  );
  if (r.appeals.length > 0) {
    const upheld = r.appeals.filter((a) => a.status === 'upheld').length;
    const dismissed = r.appeals.filter((a) => a.status === 'dismissed').length;
    parts.push(
      `<p>${t(lang, '申诉', 'Appeals')}: ${num(r.appeals.length)} · ${t(lang, '成立', 'upheld')} ${num(upheld)} · ${t(lang, '驳回', 'dismissed')} ${num(dismissed)} · ${t(lang, '待处理', 'pending')} ${num(r.appeals.length - upheld - dismissed)}</p>`,
    );
  }
  parts.push(
    `<footer>${t(lang, '本报告由 oresight 生成，数据截至生成时间；地区范围限于报告生成人的辖区。', 'Generated by oresight; figures as of the generation time, limited to the regions of the person who generated it.')}</footer>`,
  );
  return page(lang, `${lang === 'en' ? 'Campaign report' : '专项行动报告'} ${c.name}`, parts.join('\n'));
}
