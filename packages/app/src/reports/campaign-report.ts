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
import type { ReportLanguage } from './html.ts';
import {
  esc,
  facts,
  h2,
  h3,
  label,
  listBadge,
  num,
  numCell,
  pct,
  reportPage,
  t,
  table,
  tonnes,
  yuan,
} from './html.ts';

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
  parts.push(h2(lang, '行动概况', 'Overview'));
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
          : c.roles.map((x) => label(lang, ROLE_LABELS[x])).join('、'),
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
  parts.push(h3(lang, '分类处置措施', 'Measures by list'));
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
          listBadge(lang, l),
          m.task ? label(lang, TASK_KIND_LABELS[m.task]) : '—',
          numCell(m.task ? num(m.dueDays) : '—'),
          m.measures.map((x) => label(lang, x)).join('<br>'),
        ];
      }),
    ),
  );

  parts.push(h2(lang, '企业登记进度', 'Registration progress'));
  const row = (p: RegistrationProgress['total']) => [
    p.region === null
      ? `<strong>${t(lang, p.nameZh, p.nameEn)}</strong>`
      : `${t(lang, p.nameZh, p.nameEn)} (${esc(p.region)})`,
    numCell(num(p.inScope)),
    numCell(num(p.notRegistered)),
    numCell(num(p.registered)),
    numCell(num(p.verified)),
    numCell(pct(p.registeredShare)),
    numCell(pct(p.verifiedShare)),
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

  parts.push(h2(lang, '检查任务', 'Inspection tasks'));
  parts.push(
    table(
      [t(lang, '状态', 'Status'), t(lang, '数量', 'Tasks')],
      [
        ...TASK_STATUSES.map((s) => [label(lang, TASK_STATUS_LABELS[s]), numCell(num(r.byStatus[s]))]),
        [`<strong>${t(lang, '合计', 'Total')}</strong>`, numCell(num(r.tasks.length))],
        [t(lang, '已逾期', 'Overdue'), numCell(num(r.overdue.length))],
      ],
    ) +
      table(
        [t(lang, '任务类型', 'Kind'), t(lang, '数量', 'Tasks')],
        TASK_KINDS.filter((k) => r.byKind[k] > 0).map((k) => [
          label(lang, TASK_KIND_LABELS[k]),
          numCell(num(r.byKind[k])),
        ]),
        t(lang, '（尚未生成任务）', '(no tasks yet)'),
      ),
  );
  if (r.overdue.length > 0) {
    parts.push(h3(lang, '逾期任务', 'Overdue tasks'));
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
            listBadge(lang, x.list),
            esc(x.dueDate),
            esc(x.assignee ?? '—'),
            label(lang, TASK_STATUS_LABELS[x.status]),
          ]),
      ),
    );
  }

  parts.push(h2(lang, '查处结果', 'Outcome'));
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
        label(lang, VIOLATION_LABELS[k]),
        numCell(num(o.byViolation[k])),
      ]),
      t(lang, '（尚无检查结果）', '(no findings yet)'),
    ),
  );
  const taskOf = new Map(r.tasks.map((x) => [x.id, x]));
  if (r.findings.length > 0)
    parts.push(
      h3(lang, '检查结果明细', 'Findings') +
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
              label(lang, VIOLATION_LABELS[f.violationKind]),
              numCell(tonnes(f.seizedKg)),
              numCell(yuan(f.penaltyFen)),
              label(lang, LICENCE_ACTION_LABELS[f.licenceAction]),
            ];
          }),
        ),
    );

  parts.push(h2(lang, '名单发布与申诉', 'Publications and appeals'));
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
        numCell(num(p.counts.black)),
        numCell(num(p.counts.grey)),
        numCell(num(p.overrides)),
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
  return reportPage(lang, {
    title: { zh: '专项行动报告', en: 'Campaign report' },
    name: c.name,
    subtitle: `${esc(c.periodFrom)} → ${esc(c.periodTo)}`,
    generatedAt: r.generatedAt,
    meta: ` · ${t(lang, '统计日期', 'As of')} ${esc(r.asOf)}`,
    sections: parts,
    footer: {
      zh: '本报告由 oresight 生成，数据截至生成时间；地区范围限于报告生成人的辖区。',
      en: 'Generated by oresight; figures as of the generation time, limited to the regions of the person who generated it.',
    },
  });
}
