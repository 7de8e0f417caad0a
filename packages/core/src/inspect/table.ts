// The lists as a flat table for people (CSV/XLSX exports, formats.md §7), Chinese or English.
import { ELEMENT_NAMES, ROLE_LABELS } from '../domain/index.ts';
import type { Element } from '../domain/index.ts';
import type { ListName } from './policy.ts';
import type { InspectionResult } from './result.ts';

const LIST_LABELS: Readonly<Record<ListName, { zh: string; en: string }>> = {
  black: { zh: '黑名单', en: 'Black' },
  grey: { zh: '灰名单', en: 'Grey' },
  white: { zh: '白名单', en: 'White' },
  unrated: { zh: '未评级', en: 'Unrated' },
};

const COLUMNS: readonly { zh: string; en: string }[] = [
  { zh: '统一社会信用代码', en: 'Taxpayer ID' },
  { zh: '企业名称', en: 'Name' },
  { zh: '企业类型', en: 'Roles' },
  { zh: '行政区划', en: 'Region' },
  { zh: '所属集团', en: 'Group' },
  { zh: '已登记', en: 'Registered' },
  { zh: '名单', en: 'List' },
  { zh: '风险分', en: 'Score' },
  { zh: '发票行数', en: 'Lines' },
  { zh: '购入REO(kg)', en: 'REO in (kg)' },
  { zh: '销售REO(kg)', en: 'REO out (kg)' },
  { zh: '可解释产能(kg)', en: 'Capacity (kg)' },
  { zh: '无法解释产出(kg)', en: 'Unexplained (kg)' },
  { zh: '超指标(kg)', en: 'Quota overrun (kg)' },
  { zh: '购进价差', en: 'Purchase value gap' },
  { zh: '销售价差', en: 'Sale value gap' },
  { zh: '定价覆盖率', en: 'Priced share' },
  { zh: '低于市场价占比', en: 'Below-market share' },
  { zh: '非法来源比例', en: 'Illegal share' },
  { zh: '未登记交易占比', en: 'Off-register share' },
  { zh: '违规发票行占比', en: 'Invoice-rule breach share' },
  { zh: '循环开票数', en: 'Cycles' },
  { zh: '最大循环量(kg)', en: 'Largest cycle (kg)' },
  { zh: '过票贸易', en: 'Pass-through trader' },
  { zh: '短期开票企业', en: 'Short-lived issuer' },
];

/**
 * The enterprises of a result as rows (in the result's order: list, score), with one column per
 * balanced element's unexplained kg, the reasons' sentences and their evidence lines.
 * @example const { headers, rows } = resultTable(result, 'zh'); // headers[0] === '统一社会信用代码'
 */
export function resultTable(
  result: InspectionResult,
  lang: 'zh' | 'en',
): { headers: string[]; rows: (string | number | null)[][] } {
  const elements = result.policy.parameters.balancedElements as readonly Element[];
  const yes = lang === 'zh' ? '是' : 'yes';
  const no = lang === 'zh' ? '否' : 'no';
  const headers = [
    ...COLUMNS.map((c) => c[lang]),
    ...elements.map((el) =>
      lang === 'zh' ? `${ELEMENT_NAMES[el].zh}无法解释(kg)` : `${ELEMENT_NAMES[el].en} unexplained (kg)`,
    ),
    lang === 'zh' ? '原因' : 'Reasons',
    lang === 'zh' ? '证据（发票/行）' : 'Evidence (invoice/line)',
  ];
  const rows = result.enterprises.map((e) => {
    const s = e.signals;
    return [
      e.taxId,
      e.name,
      e.roles.map((r) => ROLE_LABELS[r][lang]).join(lang === 'zh' ? '、' : ', '),
      e.region,
      e.group,
      e.registered ? yes : no,
      LIST_LABELS[e.list][lang],
      e.score,
      s.lines,
      s.reoInKg,
      s.reoOutKg,
      s.capacityKg,
      s.unexplainedKg,
      s.quotaOverrunKg,
      s.purchaseValueGap,
      s.saleValueGap,
      s.pricedShare,
      s.belowMarketShare,
      s.illegalShare,
      s.offRegisterShare,
      s.invoiceRuleBreachShare,
      s.cycleCount,
      s.cycleMaxReoKg,
      s.passThroughTrader ? yes : no,
      s.shortLivedIssuer ? yes : no,
      ...elements.map((el) => s.elements[el]?.unexplainedKg ?? null),
      e.reasons.map((r) => (lang === 'zh' ? r.text : r.textEn)).join(lang === 'zh' ? '；' : '; '),
      [...new Set(e.reasons.flatMap((r) => r.evidence))].join(' '),
    ];
  });
  return { headers, rows };
}
