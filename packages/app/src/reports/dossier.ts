// The enterprise dossier as a printable report (issue 7; capability 12): identity and registry,
// the list in force beside the computed one, the signals against the thresholds of the rules that
// fired, each reason with the invoice lines behind it, list history, overrides, campaign
// registrations, inspection tasks with their findings, publications and appeals, quotas.
import type { EnterpriseRole, IsoDate } from '@oresight/core/domain';
import { ELEMENT_NAMES, ROLE_LABELS, isElement, regionLabel } from '@oresight/core/domain';
import type { EnterpriseSignals, ListName, MeasureText, Reason } from '@oresight/core/inspect';
import { DEFAULT_POLICY } from '@oresight/core/inspect';
import type { InvoiceLineRow, InspectionRunMeta, Store } from '@oresight/store';
import {
  findPolicyByHash,
  getCampaign,
  getEnterprise,
  getLatestRun,
  getLinesByKeys,
  getPublication,
  getRunEntry,
  getRunMeta,
  listEntriesOfEnterprise,
  listFindings,
  listOverrides,
  listPublicationEntriesOfEnterprise,
  listQuotas,
  listRegistrationsOfEnterprise,
  listTasks,
} from '@oresight/store';
import type { Outcome } from '../shared/app-error.ts';
import { notFound, ok } from '../shared/app-error.ts';
import type { RunRef } from '../queries/run-entries.ts';
import { parseEntry, runRefOf } from '../queries/run-entries.ts';
import { effectiveRegion, isRegionVisible } from '../queries/scope.ts';
import type { Actor } from '../users/roles.ts';
import { parseEvidenceRef } from '../inspections/explain.ts';
import { todayCst } from '../campaigns/access.ts';
import { describeEnterprise } from '../campaigns/scope.ts';
import type { RegistrationView } from '../campaigns/registrations.ts';
import { toRegistrationView } from '../campaigns/registrations.ts';
import type { FindingView, TaskView } from '../campaigns/tasks.ts';
import {
  LICENCE_ACTION_LABELS,
  TASK_STATUS_LABELS,
  VIOLATION_LABELS,
  toFindingView,
  toTaskView,
} from '../campaigns/tasks.ts';
import { TASK_KIND_LABELS } from '../campaigns/measures.ts';
import type { OverrideView } from '../governance/overrides.ts';
import { overridesInForce, toOverrideView } from '../governance/overrides.ts';
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

export interface DossierData {
  readonly generatedAt: string;
  readonly taxId: string;
  readonly name: string;
  readonly region: string | null;
  readonly roles: readonly EnterpriseRole[];
  readonly group: string | null;
  readonly inRegistry: boolean;
  readonly registry: {
    readonly miningLicence: string | null;
    readonly founded: string | null;
    readonly deregistered: string | null;
    readonly openingStockKg: number | null;
  } | null;
  readonly run: RunRef | null;
  readonly entry: {
    readonly computedList: ListName;
    readonly list: ListName;
    readonly override: OverrideView | null;
    readonly score: number;
    readonly signals: EnterpriseSignals;
    readonly reasons: readonly Reason[];
    readonly measures: readonly MeasureText[];
  } | null;
  /** Evidence lines by `invoiceKey/lineNo`. */
  readonly evidence: ReadonlyMap<string, InvoiceLineRow>;
  readonly history: readonly {
    runId: number;
    periodFrom: string;
    periodTo: string;
    list: string;
    score: number;
  }[];
  readonly overrides: readonly OverrideView[];
  readonly registrations: readonly (RegistrationView & { campaignName: string })[];
  readonly tasks: readonly (TaskView & { findings: readonly FindingView[] })[];
  readonly publications: readonly {
    id: number;
    title: string;
    publishedAt: string;
    computedList: string;
    list: string;
  }[];
  readonly appeals: readonly AppealView[];
  readonly quotas: readonly { year: number; batch: string; kind: string; kg: number }[];
}

async function measuresOf(
  store: Store,
  run: InspectionRunMeta,
  list: ListName,
): Promise<readonly MeasureText[]> {
  const policy = await findPolicyByHash(store.db, run.policyHash);
  if (!policy) return DEFAULT_POLICY.measures[list];
  // The stored policy is our own JSON (run-inspection.ts).
  const body = JSON.parse(policy.body) as { measures?: Record<string, MeasureText[]> };
  return body.measures?.[list] ?? DEFAULT_POLICY.measures[list];
}

/**
 * Gathers an enterprise's dossier (the latest finished run, or `runId`); not found when the
 * store knows nothing of it or it lies outside the actor's regions.
 * @example const d = await buildDossier(store, actor, '911502007012888877');
 */
export async function buildDossier(
  store: Store,
  actor: Actor,
  taxId: string,
  options: { runId?: number; asOf?: IsoDate } = {},
): Promise<Outcome<DossierData>> {
  const missing = { ok: false as const, error: notFound(`企业 ${taxId}`, `Enterprise ${taxId}`) };
  const run =
    options.runId !== undefined ? await getRunMeta(store.db, options.runId) : await getLatestRun(store.db);
  if (options.runId !== undefined && (!run || run.status !== 'done'))
    return { ok: false, error: notFound(`检查批次 ${options.runId}`, `Run ${options.runId}`) };
  const runId = run ? Number(run.id) : null;
  const [registry, known, entryRow] = await Promise.all([
    getEnterprise(store.db, taxId),
    describeEnterprise(store, taxId),
    runId === null ? Promise.resolve(undefined) : getRunEntry(store.db, runId, taxId),
  ]);
  if (!known && !entryRow) return missing;
  const region = effectiveRegion(taxId, registry?.region ?? null, entryRow?.region ?? null);
  if (!isRegionVisible(actor, region)) return missing;
  const asOf = options.asOf ?? todayCst();

  let entry: DossierData['entry'] = null;
  let evidence = new Map<string, InvoiceLineRow>();
  if (entryRow && run && runId !== null) {
    const parsed = parseEntry(entryRow);
    const o = (await overridesInForce(store.db, runId, asOf)).get(taxId);
    const list = o ? (o.list as ListName) : parsed.list;
    entry = {
      computedList: parsed.list,
      list,
      override: o ? toOverrideView(o, asOf) : null,
      score: parsed.score,
      signals: parsed.signals,
      reasons: parsed.reasons,
      measures: await measuresOf(store, run, list),
    };
    const refs = [...new Set(parsed.reasons.flatMap((r) => r.evidence.slice(0, 8)))]
      .map(parseEvidenceRef)
      .filter((r): r is { invoiceKey: string; lineNo: number } => r !== undefined);
    const lines = await getLinesByKeys(store.db, refs);
    // Lines whose other party lies outside a regional reader's scope still concern this
    // enterprise (it is seller or buyer): they are its evidence.
    evidence = new Map(
      lines
        .filter((l) => l.sellerTaxId === taxId || l.buyerTaxId === taxId)
        .map((l) => [`${l.invoiceKey}/${l.lineNo}`, l]),
    );
  }

  const [history, overrides, registrations, tasks, publications, appeals, quotas] = await Promise.all([
    listEntriesOfEnterprise(store.db, taxId, 20),
    listOverrides(store.db, { taxId }),
    listRegistrationsOfEnterprise(store.db, taxId),
    listTasks(store.db, { taxId }),
    listPublicationEntriesOfEnterprise(store.db, taxId),
    listAppealViews(store, actor, { taxId, limit: 1000, offset: 0 }),
    listQuotas(store.db, { taxId }),
  ]);
  const findings = await listFindings(
    store.db,
    tasks.map((x) => Number(x.id)),
  );
  const campaignNames = new Map<number, string>();
  for (const r of registrations) {
    const id = Number(r.campaignId);
    if (!campaignNames.has(id)) campaignNames.set(id, (await getCampaign(store.db, id))?.name ?? `#${id}`);
  }
  const pubs = [];
  for (const p of publications.slice(0, 20)) {
    const meta = await getPublication(store.db, p.publicationId);
    if (meta)
      pubs.push({
        id: Number(meta.id),
        title: meta.title,
        publishedAt: meta.publishedAt,
        computedList: p.computedList,
        list: p.list,
      });
  }
  return ok({
    generatedAt: new Date().toISOString(),
    taxId,
    name: registry?.name ?? known?.name ?? entryRow?.name ?? taxId,
    region,
    roles: known?.roles ?? [],
    group: registry?.groupName ?? known?.group ?? null,
    inRegistry: registry !== undefined,
    registry: registry
      ? {
          miningLicence: registry.miningLicence,
          founded: registry.founded,
          deregistered: registry.deregistered,
          openingStockKg: registry.openingStockKg,
        }
      : null,
    run: run ? runRefOf(run) : null,
    entry,
    evidence,
    history: history.map((h) => ({
      runId: Number(h.runId),
      periodFrom: h.periodFrom,
      periodTo: h.periodTo,
      list: h.list,
      score: h.score,
    })),
    overrides: overrides.map((o) => toOverrideView(o, asOf)).reverse(),
    registrations: registrations.map((r) => ({
      ...toRegistrationView(r),
      campaignName: campaignNames.get(Number(r.campaignId)) ?? '',
    })),
    tasks: tasks
      .map((x) => ({
        ...toTaskView(x, asOf),
        findings: findings.filter((f) => Number(f.taskId) === Number(x.id)).map(toFindingView),
      }))
      .reverse(),
    publications: pubs,
    appeals: appeals.items,
    quotas: quotas.map((q) => ({ year: q.year, batch: q.quotaBatch, kind: q.kind, kg: q.kg })),
  });
}

type SignalKind = 'kg' | 'share' | 'count' | 'ratio';

/** The signals shown, with the rules that judge them (their thresholds appear beside them). */
const SIGNAL_ROWS: readonly {
  key: keyof EnterpriseSignals;
  zh: string;
  en: string;
  kind: SignalKind;
  rules: readonly string[];
}[] = [
  { key: 'lines', zh: '发票行数', en: 'Invoice lines', kind: 'count', rules: ['few_lines'] },
  { key: 'reoInKg', zh: '购入REO', en: 'REO bought', kind: 'kg', rules: [] },
  { key: 'reoOutKg', zh: '销售REO', en: 'REO sold', kind: 'kg', rules: [] },
  { key: 'openingStockKg', zh: '期初库存', en: 'Opening stock', kind: 'kg', rules: [] },
  { key: 'recovery', zh: '回收率', en: 'Recovery', kind: 'share', rules: [] },
  { key: 'miningQuotaKg', zh: '开采指标', en: 'Mining quota', kind: 'kg', rules: [] },
  { key: 'separationQuotaKg', zh: '冶炼分离指标', en: 'Separation quota', kind: 'kg', rules: [] },
  { key: 'capacityKg', zh: '可解释产能', en: 'Explained capacity', kind: 'kg', rules: [] },
  {
    key: 'unexplainedKg',
    zh: '无法解释产出',
    en: 'Unexplained output',
    kind: 'kg',
    rules: ['unexplained_output', 'unexplained_any'],
  },
  { key: 'quotaOverrunKg', zh: '超指标', en: 'Quota overrun', kind: 'kg', rules: ['quota_overrun'] },
  {
    key: 'purchaseValueGap',
    zh: '购进价差',
    en: 'Purchase value gap',
    kind: 'ratio',
    rules: ['under_invoiced_purchases', 'purchase_price_gap'],
  },
  { key: 'belowMarketShare', zh: '低于市场价占比', en: 'Below-market share', kind: 'share', rules: [] },
  { key: 'saleValueGap', zh: '销售价差', en: 'Sale value gap', kind: 'ratio', rules: ['sale_price_gap'] },
  { key: 'pricedShare', zh: '定价覆盖率', en: 'Priced share', kind: 'share', rules: ['low_priced_share'] },
  { key: 'illegalShare', zh: '非法来源比例', en: 'Illegal share', kind: 'share', rules: ['illegal_share'] },
  {
    key: 'offRegisterShare',
    zh: '未登记交易占比',
    en: 'Off-register share',
    kind: 'share',
    rules: ['off_register_share'],
  },
  {
    key: 'invoiceRuleBreachShare',
    zh: '违规发票行占比',
    en: 'Invoice-rule breach share',
    kind: 'share',
    rules: ['invoice_rule_breaches'],
  },
  {
    key: 'cycleMaxReoKg',
    zh: '最大循环开票量',
    en: 'Largest invoicing cycle',
    kind: 'kg',
    rules: ['circular_invoicing'],
  },
];

const KG_RULES = new Set([
  'unexplained_output',
  'unexplained_any',
  'quota_overrun',
  'circular_invoicing',
  'heavy_element_unexplained',
  'element_unexplained_any',
]);

function formatSignal(v: unknown, kind: SignalKind): string {
  if (typeof v !== 'number') return '—';
  if (kind === 'kg') return tonnes(v);
  if (kind === 'count') return num(v);
  return pct(v);
}

function formatRuleValue(rule: string, v: number | null): string {
  if (v === null) return '—';
  if (KG_RULES.has(rule)) return tonnes(v);
  if (rule === 'few_lines') return num(v);
  return pct(v);
}

function roleText(lang: ReportLanguage, roles: readonly EnterpriseRole[]): string {
  if (roles.length === 0) return t(lang, '未知（未登记）', 'unknown (off-register)');
  return roles.map((r) => label(lang, ROLE_LABELS[r])).join('、');
}

function regionText(lang: ReportLanguage, region: string | null): string {
  if (!region) return '—';
  if (lang === 'zh') return `${esc(regionLabel(region, 'zh'))}（${esc(region)}）`;
  if (lang === 'en') return `${esc(regionLabel(region, 'en'))} (${esc(region)})`;
  return `${esc(regionLabel(region, 'zh'))} <span class="en">${esc(regionLabel(region, 'en'))}</span> (${esc(region)})`;
}

function lineTable(
  lang: ReportLanguage,
  refs: readonly string[],
  evidence: ReadonlyMap<string, InvoiceLineRow>,
): string {
  const rows = refs
    .map((ref) => evidence.get(ref))
    .filter((l): l is InvoiceLineRow => l !== undefined)
    .map((l) => [
      esc(`${l.invoiceCode ?? ''} ${l.invoiceNumber ?? l.eInvoiceNumber ?? l.invoiceKey}`.trim()) +
        ` <span class="small">#${l.lineNo}</span>`,
      { html: esc(l.issueDate), className: 'nowrap' },
      esc(l.sellerName),
      esc(l.buyerName),
      esc(l.itemName),
      numCell(`${esc(l.quantity)} ${esc(l.unit)}`),
      numCell(yuan(Number(l.amountFen))),
      numCell(tonnes(l.reoKg)),
    ]);
  return table(
    [
      t(lang, '发票', 'Invoice'),
      t(lang, '开票日期', 'Date'),
      t(lang, '销方', 'Seller'),
      t(lang, '购方', 'Buyer'),
      t(lang, '货物名称', 'Item'),
      t(lang, '数量', 'Quantity'),
      t(lang, '金额（不含税）', 'Amount ex-VAT'),
      t(lang, 'REO', 'REO'),
    ],
    rows,
    t(lang, '（无可显示的证据发票行）', '(no evidence lines to show)'),
  );
}

/**
 * The dossier as a self-contained HTML document in Chinese, English or both.
 * @example writeFileSync('dossier.html', renderDossierHtml(data, 'both'));
 */
export function renderDossierHtml(d: DossierData, lang: ReportLanguage): string {
  const parts: string[] = [];
  parts.push(h2(lang, '基本信息', 'Identity'));
  parts.push(
    facts([
      [t(lang, '统一社会信用代码', 'Taxpayer ID'), esc(d.taxId)],
      [t(lang, '企业名称', 'Name'), esc(d.name)],
      [t(lang, '地区', 'Region'), regionText(lang, d.region)],
      [t(lang, '企业类型', 'Roles'), roleText(lang, d.roles)],
      [t(lang, '所属集团', 'Group'), esc(d.group ?? '—')],
      [
        t(lang, '企业名录', 'Registry'),
        d.inRegistry
          ? t(lang, '在册', 'registered')
          : t(lang, '不在名录中（仅见于发票）', 'not in the registry (seen on invoices only)'),
      ],
      ...(d.registry
        ? ([
            [t(lang, '采矿许可证号', 'Mining licence'), esc(d.registry.miningLicence ?? '—')],
            [t(lang, '成立日期', 'Founded'), esc(d.registry.founded ?? '—')],
            [t(lang, '注销日期', 'Deregistered'), esc(d.registry.deregistered ?? '—')],
            [t(lang, '名录期初库存', 'Registry opening stock'), tonnes(d.registry.openingStockKg)],
          ] as [string, string][])
        : []),
    ]),
  );

  parts.push(h2(lang, '检查结论', 'Finding'));
  const e = d.entry;
  if (!e)
    parts.push(
      `<p class="empty">${t(lang, '该企业不在所选检查批次中。', 'The enterprise is not in the chosen run.')}</p>`,
    );
  else {
    parts.push(
      facts([
        [t(lang, '最终名单', 'List in force'), listBadge(lang, e.list)],
        [t(lang, '计算名单', 'Computed list'), listBadge(lang, e.computedList)],
        [t(lang, '风险分', 'Score'), num(e.score, 1)],
        ...(e.override
          ? ([
              [
                t(lang, '名单调整', 'Override'),
                `#${e.override.id} ${esc(e.override.reason)}${e.override.expiresOn ? ` (${t(lang, '有效期至', 'until')} ${esc(e.override.expiresOn)})` : ''} — ${esc(e.override.requestedBy)}${e.override.decidedBy && e.override.decidedBy !== e.override.requestedBy ? ` / ${t(lang, '审批', 'approved by')} ${esc(e.override.decidedBy)}` : ''}`,
              ],
            ] as [string, string][])
          : []),
      ]),
    );
    if (e.measures.length > 0) {
      parts.push(`${h3(lang, '分类处置措施', 'Measures')}<ul>`);
      for (const m of e.measures) parts.push(`<li>${label(lang, m)}</li>`);
      parts.push('</ul>');
    }

    parts.push(h2(lang, '指标与阈值', 'Signals and thresholds'));
    const fired = new Map(e.reasons.map((r) => [r.rule, r]));
    parts.push(
      table(
        [
          t(lang, '指标', 'Signal'),
          t(lang, '数值', 'Value'),
          t(lang, '触发规则（阈值）', 'Rule fired (threshold)'),
        ],
        SIGNAL_ROWS.map((s) => {
          const hits = s.rules
            .map((r) => fired.get(r as Reason['rule']))
            .filter((r): r is Reason => r !== undefined);
          return [
            t(lang, s.zh, s.en),
            numCell(formatSignal(e.signals[s.key], s.kind), hits.length > 0 ? 'fired' : ''),
            hits.map((h) => `${esc(h.rule)} (${formatRuleValue(h.rule, h.threshold)})`).join('<br>') || '—',
          ];
        }),
      ),
    );
    const elements = Object.entries(e.signals.elements ?? {}).filter(([el]) => isElement(el));
    if (elements.length > 0)
      parts.push(
        h3(lang, '分元素平衡', 'Element balance') +
          table(
            [
              t(lang, '元素', 'Element'),
              t(lang, '购入', 'Bought'),
              t(lang, '销售', 'Sold'),
              t(lang, '可解释产能', 'Capacity'),
              t(lang, '无法解释', 'Unexplained'),
            ],
            elements.map(([el, s]) => [
              isElement(el)
                ? t(lang, `${ELEMENT_NAMES[el].zh}（${el}）`, `${ELEMENT_NAMES[el].en} (${el})`)
                : esc(el),
              numCell(tonnes(s.boughtKg)),
              numCell(tonnes(s.soldKg)),
              numCell(tonnes(s.capacityKg)),
              numCell(tonnes(s.unexplainedKg), s.unexplainedKg > 0 ? 'fired' : ''),
            ]),
          ),
      );

    parts.push(h2(lang, '触发规则与证据', 'Reasons and evidence'));
    if (e.reasons.length === 0)
      parts.push(`<p class="empty">${t(lang, '无触发规则。', 'No rule fired.')}</p>`);
    for (const r of e.reasons) {
      const text =
        lang === 'zh'
          ? esc(r.text)
          : lang === 'en'
            ? esc(r.textEn)
            : `${esc(r.text)}<br><span class="en">${esc(r.textEn)}</span>`;
      parts.push(
        `<div class="reason"><h3>${listBadge(lang, r.list)} ${esc(r.rule)}${r.element ? ` (${esc(r.element)})` : ''}</h3><p>${text}</p>` +
          `<p class="small">${t(lang, '数值', 'value')} ${formatRuleValue(r.rule, r.value)} · ${t(lang, '阈值', 'threshold')} ${formatRuleValue(r.rule, r.threshold)}</p>` +
          lineTable(lang, r.evidence.slice(0, 8), d.evidence) +
          '</div>',
      );
    }
  }

  parts.push(h2(lang, '名单历史', 'List history'));
  parts.push(
    table(
      [
        t(lang, '检查批次', 'Run'),
        t(lang, '期间', 'Period'),
        t(lang, '名单', 'List'),
        t(lang, '风险分', 'Score'),
      ],
      d.history.map((h) => [
        esc(h.runId),
        `${esc(h.periodFrom)} → ${esc(h.periodTo)}`,
        listBadge(lang, h.list),
        numCell(num(h.score, 1)),
      ]),
      t(lang, '（无）', '(none)'),
    ),
  );

  parts.push(h2(lang, '名单调整', 'Overrides'));
  parts.push(
    table(
      [
        '#',
        t(lang, '检查批次', 'Run'),
        t(lang, '调整', 'Move'),
        t(lang, '理由', 'Reason'),
        t(lang, '状态', 'Status'),
        t(lang, '申请 / 审批', 'Requested / decided'),
      ],
      d.overrides.map((o) => [
        esc(o.id),
        esc(o.runId),
        `${listBadge(lang, o.fromList)} → ${listBadge(lang, o.list)}`,
        `${esc(o.reason)}${o.expiresOn ? `<br><span class="small">${t(lang, '有效期至', 'until')} ${esc(o.expiresOn)}</span>` : ''}`,
        `${esc(o.status)}${o.inForce ? ` ✓` : ''}`,
        `${esc(o.requestedBy)} ${esc(o.requestedAt.slice(0, 10))}${o.decidedBy ? `<br>${esc(o.decidedBy)} ${esc((o.decidedAt ?? '').slice(0, 10))}` : ''}`,
      ]),
      t(lang, '（无）', '(none)'),
    ),
  );

  parts.push(h2(lang, '专项行动登记', 'Campaign registration'));
  parts.push(
    table(
      [
        t(lang, '专项行动', 'Campaign'),
        t(lang, '状态', 'Status'),
        t(lang, '许可证', 'Licences'),
        t(lang, '产能', 'Capacity'),
        t(lang, '申报期初库存', 'Declared opening stock'),
        t(lang, '联系人', 'Contact'),
      ],
      d.registrations.map((r) => [
        esc(r.campaignName),
        r.status === 'verified' ? t(lang, '已核实', 'verified') : t(lang, '已登记', 'registered'),
        r.licences
          .map((l) => `${esc(l.kind)}: ${esc(l.number)}${l.validUntil ? ` (${esc(l.validUntil)})` : ''}`)
          .join('<br>') || '—',
        numCell(tonnes(r.capacityKg)),
        {
          html: `${tonnes(r.openingStockKg)}${
            r.openingStockComposition
              ? `<br><span class="small">${esc(
                  Object.entries(r.openingStockComposition)
                    .map(([k, v]) => `${k} ${pct(v)}`)
                    .join(', '),
                )}</span>`
              : ''
          }`,
          numeric: true,
        },
        esc([r.contactName, r.contactPhone].filter(Boolean).join(' ') || '—'),
      ]),
      t(lang, '（未在任何专项行动中登记）', '(not registered in any campaign)'),
    ),
  );

  parts.push(h2(lang, '检查任务与处理结果', 'Inspection tasks and findings'));
  if (d.tasks.length === 0) parts.push(`<p class="empty">${t(lang, '（无）', '(none)')}</p>`);
  for (const task of d.tasks) {
    parts.push(
      `<h3>#${task.id} ${label(lang, TASK_KIND_LABELS[task.kind])} · ${label(lang, TASK_STATUS_LABELS[task.status])}</h3>` +
        facts([
          [
            t(lang, '截止日期', 'Due'),
            `${esc(task.dueDate)}${task.overdue ? ` <strong>${t(lang, '已逾期', 'overdue')}</strong>` : ''}`,
          ],
          [t(lang, '承办人', 'Assignee'), esc(task.assignee ?? '—')],
          ...(task.outcome
            ? ([[t(lang, '处理结果', 'Outcome'), esc(task.outcome)]] as [string, string][])
            : []),
        ]) +
        table(
          [
            t(lang, '违法类型', 'Violation'),
            t(lang, '情况', 'Description'),
            t(lang, '查扣数量', 'Seized'),
            t(lang, '罚款', 'Penalty'),
            t(lang, '许可证处理', 'Licence action'),
          ],
          task.findings.map((f) => [
            label(lang, VIOLATION_LABELS[f.violationKind]),
            esc(f.description),
            numCell(tonnes(f.seizedKg)),
            numCell(yuan(f.penaltyFen)),
            label(lang, LICENCE_ACTION_LABELS[f.licenceAction]),
          ]),
          t(lang, '（尚无检查结果）', '(no findings yet)'),
        ),
    );
  }

  parts.push(h2(lang, '名单发布与申诉', 'Publications and appeals'));
  parts.push(
    table(
      [
        '#',
        t(lang, '标题', 'Title'),
        t(lang, '发布时间', 'Published'),
        t(lang, '发布名单', 'Published list'),
      ],
      d.publications.map((p) => [
        esc(p.id),
        esc(p.title),
        esc(p.publishedAt.slice(0, 10)),
        listBadge(lang, p.list),
      ]),
      t(lang, '（未发布）', '(not published)'),
    ),
  );
  if (d.appeals.length > 0)
    parts.push(
      table(
        [
          t(lang, '申诉', 'Appeal'),
          t(lang, '日期', 'Filed'),
          t(lang, '理由', 'Grounds'),
          t(lang, '结果', 'Outcome'),
        ],
        d.appeals.map((a) => [
          `#${esc(a.id)} (${t(lang, '发布', 'publication')} ${esc(a.publicationId)})`,
          esc(a.filedOn),
          esc(a.grounds),
          `${a.status === 'upheld' ? t(lang, '成立', 'upheld') : a.status === 'dismissed' ? t(lang, '驳回', 'dismissed') : t(lang, '待处理', 'pending')}${a.outcomeNote ? `<br><span class="small">${esc(a.outcomeNote)}</span>` : ''}`,
        ]),
      ),
    );

  parts.push(h2(lang, '开采与冶炼分离指标', 'Quotas'));
  parts.push(
    table(
      [t(lang, '年度', 'Year'), t(lang, '批次', 'Batch'), t(lang, '类别', 'Kind'), t(lang, '指标', 'Quota')],
      d.quotas.map((q) => [esc(q.year), esc(q.batch), esc(q.kind), numCell(tonnes(q.kg))]),
      t(lang, '（无）', '(none)'),
    ),
  );
  return reportPage(lang, {
    title: { zh: '企业档案', en: 'Enterprise dossier' },
    name: d.name,
    subtitle: esc(d.taxId),
    generatedAt: d.generatedAt,
    meta: d.run
      ? ` · ${t(lang, '检查批次', 'Run')} ${d.run.id} (${esc(d.run.periodFrom)} → ${esc(d.run.periodTo)}, ${t(lang, '策略', 'policy')} ${esc(d.run.policyId)} ${esc(d.run.policyVersion)})`
      : '',
    sections: parts,
    footer: {
      zh: '本档案由 oresight 根据增值税专用发票数据生成；每项结论均可追溯至所列发票行和策略参数。',
      en: 'Generated by oresight from VAT special invoice data; every conclusion traces to the invoice lines and policy parameters shown.',
    },
  });
}
